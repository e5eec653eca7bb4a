# Shared by the set-up scripts: a project venv with the package installed.
# Usage: source scripts/_env.sh [extras]   (extras: "" or "dev")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ROVIEC_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
extras="${1:-}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> Tạo môi trường Python tại $VENV" >&2
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
stamp="$VENV/.roviec-installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  echo "==> Cài đặt Rõ Việc${extras:+ (kèm công cụ $extras)}" >&2
  if [ -n "$extras" ]; then
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[$extras]"
  else
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT"
  fi
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
