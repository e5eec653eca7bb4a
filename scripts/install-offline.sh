#!/usr/bin/env bash
# Install Rõ Việc from a wheelhouse built by scripts/wheelhouse.sh, with no network at all.
#
# Usage: bash install-offline.sh DIR [VENV]
#   DIR   the wheelhouse folder (its SHA256SUMS is checked before anything is installed)
#   VENV  where to create the virtual environment (default $ROVIEC_VENV, else /opt/roviec/venv)
#
# Environment: PYTHON (default python3; must be 3.11).
# pip never looks at an index: --no-index, PIP_NO_INDEX=1 and no pip configuration file.
set -euo pipefail

fail() { echo "install-offline.sh: $*" >&2; exit 1; }

[ $# -ge 1 ] || fail "thiếu thư mục kho gói. Cách dùng: bash install-offline.sh DIR [VENV]"
DIR="$1"
VENV="${2:-${ROVIEC_VENV:-/opt/roviec/venv}}"
PYTHON="${PYTHON:-python3}"

[ -d "$DIR" ] || fail "$DIR: không có thư mục này"
DIR="$(cd "$DIR" && pwd)"
[ -f "$DIR/SHA256SUMS" ] || fail "$DIR: thiếu tệp SHA256SUMS (kho gói không do wheelhouse.sh tạo?)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || fail "cần Python 3.11 (đang dùng $("$PYTHON" -V 2>&1)); đặt PYTHON=/đường/dẫn/python3.11"

# 1. Every wheel is the one that was packed, and nothing was added.
echo "==> Kiểm tra mã SHA-256 của các gói" >&2
if ! bad="$(cd "$DIR" && sha256sum --check --strict --quiet SHA256SUMS 2>&1)"; then
  fail "$DIR: kho gói bị hỏng hoặc bị sửa, không cài: $(echo "$bad" | head -n 3 | tr '\n' ' ')"
fi
for wheel in "$DIR"/*.whl; do
  name="$(basename "$wheel")"
  awk '{print $2}' "$DIR/SHA256SUMS" | grep -qxF -- "$name" \
    || fail "$DIR: tệp $name không có trong SHA256SUMS, không cài"
done

# 2. pip sees only this folder: no index, no configuration file, no find-links from the environment.
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_CONSTRAINT PIP_REQUIRE_VIRTUALENV
pip_offline=(--no-index --find-links "$DIR" --only-binary=:all:)

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> Tạo môi trường Python tại $VENV" >&2
  mkdir -p "$(dirname "$VENV")" || fail "không tạo được thư mục $(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV" || fail "không tạo được môi trường Python tại $VENV (thiếu gói python3-venv?)"
fi
"$VENV/bin/python" -m pip install --quiet "${pip_offline[@]}" --upgrade pip \
  || fail "không nâng cấp được pip từ kho gói"

echo "==> Cài đặt Rõ Việc từ $DIR" >&2
"$VENV/bin/python" -m pip install --quiet "${pip_offline[@]}" --upgrade roviec \
  || fail "cài đặt không thành công (xem thông báo của pip ở trên)"
# An upgrade whose version number did not change still gets the new code.
"$VENV/bin/python" -m pip install --quiet "${pip_offline[@]}" --no-deps --force-reinstall roviec \
  || fail "cài đặt không thành công (xem thông báo của pip ở trên)"

version="$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("roviec"))')"
echo "Đã cài Rõ Việc $version vào $VENV." >&2
echo "Tiếp theo: đặt cấu hình (deploy/roviec.env.example), rồi $VENV/bin/roviec manage migrate" \
     "và $VENV/bin/roviec check (docs/deployment.md)." >&2
