#!/usr/bin/env bash
# Build a wheelhouse for installing Rõ Việc on a machine with no internet.
#
# Usage (on a connected machine with the same Python 3.11 and platform as the target):
#   bash scripts/wheelhouse.sh [DIR]          # DIR defaults to dist/wheelhouse
#
# DIR then holds the project's own wheel, a wheel of every dependency, SHA256SUMS
# and a copy of install-offline.sh: carry the whole folder to the intranet machine and run
#   bash DIR/install-offline.sh DIR [VENV]
#
# Environment:
#   PYTHON                 the interpreter to build for (default python3; must be 3.11)
#   ROVIEC_WHEEL_PLATFORM  download wheels for another platform tag than this machine's,
#                          e.g. manylinux2014_x86_64 or manylinux2014_aarch64 (binary wheels only)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$ROOT/dist/wheelhouse}"
PYTHON="${PYTHON:-python3}"

fail() { echo "wheelhouse.sh: $*" >&2; exit 1; }

"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || fail "cần Python 3.11 (đang dùng $("$PYTHON" -V 2>&1)); đặt PYTHON=/đường/dẫn/python3.11"

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
if compgen -G "$DIR/*.whl" >/dev/null; then
  fail "thư mục $DIR đã có tệp .whl; hãy dùng một thư mục trống"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A throw-away venv with a current pip, so the build does not depend on the system's pip.
"$PYTHON" -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install --quiet --upgrade pip

# Build the project's wheel from a clean copy of the sources (no egg-info or build/ left in the tree).
mkdir -p "$work/src"
cp "$ROOT/pyproject.toml" "$ROOT/README.md" "$work/src/"
tar -C "$ROOT" --exclude='__pycache__' --exclude='*.pyc' --exclude='*.egg-info' -cf - src \
  | tar -C "$work/src" -xf -
echo "==> Đóng gói Rõ Việc" >&2
"${pip[@]}" wheel --quiet --no-deps --wheel-dir "$DIR" "$work/src"
project_wheel="$(ls "$DIR"/roviec-*.whl)"

# Every dependency, as wheels only: the target machine builds nothing.
echo "==> Tải các gói phụ thuộc" >&2
platform_args=()
if [ -n "${ROVIEC_WHEEL_PLATFORM:-}" ]; then
  platform_args=(--platform "$ROVIEC_WHEEL_PLATFORM" --python-version 3.11
                 --implementation cp --abi cp311)
fi
"${pip[@]}" download --quiet --only-binary=:all: --dest "$DIR" ${platform_args[@]+"${platform_args[@]}"} \
  "$project_wheel"
# pip itself, so the offline venv can be brought to the same pip.
"${pip[@]}" download --quiet --only-binary=:all: --dest "$DIR" ${platform_args[@]+"${platform_args[@]}"} pip

cp "$ROOT/scripts/install-offline.sh" "$DIR/install-offline.sh"
(cd "$DIR" && sha256sum -- *.whl > SHA256SUMS)
count="$(wc -l < "$DIR/SHA256SUMS")"
size="$(du -sh "$DIR" | cut -f1)"
echo "Đã tạo kho gói cài đặt ngoại tuyến tại $DIR: $count tệp wheel, $size." >&2
echo "Trên máy không có Internet: bash $DIR/install-offline.sh $DIR [thư-mục-venv]" >&2
