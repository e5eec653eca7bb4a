#!/usr/bin/env bash
# Run the whole test suite (unit, API and browser tests) on SQLite, or on the
# database named by DATABASE_URL. Installs what it needs first.
source "$(dirname "$0")/_env.sh" dev
if [ ! -x /usr/bin/chromium ]; then
  echo "==> Cài Chromium của Debian cho kiểm thử trình duyệt" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null; fi
fi
exec python -m pytest -p no:cacheprovider "$@"
