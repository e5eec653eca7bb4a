#!/usr/bin/env bash
# Install into a local venv, build the demo province on SQLite, and serve it.
# Environment: ROVIEC_DEMO_PASSWORD, ROVIEC_HOST, ROVIEC_PORT.
source "$(dirname "$0")/_env.sh" ""
export EMAIL_URL="${EMAIL_URL:-filemail:///$ROOT/var/mail}"
export ROVIEC_SITE_URL="${ROVIEC_SITE_URL:-http://${ROVIEC_HOST:-127.0.0.1}:${ROVIEC_PORT:-8000}}"
roviec demo --password "${ROVIEC_DEMO_PASSWORD:-RoViec-Demo-2026}"
exec roviec serve --host "${ROVIEC_HOST:-127.0.0.1}" --port "${ROVIEC_PORT:-8000}"
