#!/usr/bin/env bash
# Run the whole test suite (unit, API and browser tests) on SQLite, or on the
# database named by DATABASE_URL. Installs what it needs first.
source "$(dirname "$0")/_env.sh" dev
# Debian packages the tests use: chromium (browser tests), LibreOffice Writer and the
# Liberation fonts (DOCX→PDF renditions of the sample documents).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
[ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Cài gói Debian cho kiểm thử: ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
exec python -m pytest -p no:cacheprovider "$@"
