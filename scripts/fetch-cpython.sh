#!/usr/bin/env bash
# Puts a CPython 3.12 or newer in .cache/cpython/, for the tests of the tracer's sys.monitoring
# path where the machine's own python3 is older (Debian 12 has 3.11). It takes Debian 13's
# python3.13 packages (and the C library they were built against) from Debian's archive, unpacks
# them into the folder without installing anything, and writes .cache/cpython/python3, which
# starts that interpreter with its own loader and libraries. Tests use it when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=.cache/cpython
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-trixie}
PACKAGES="python3.13-minimal libpython3.13-minimal libpython3.13-stdlib libc6 libexpat1 zlib1g libffi8 libgcc-s1"

if [ -x "$DEST/python3" ] && "$DEST/python3" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
  echo "fetch-cpython: $("$DEST/python3" --version) is already in $DEST"
  exit 0
fi
rm -rf "$DEST"
mkdir -p "$DEST/debs" "$DEST/root"
echo "fetch-cpython: reading the package list of Debian $SUITE"
curl -fsS --retry 2 "$MIRROR/dists/$SUITE/main/binary-amd64/Packages.xz" | xz -dc > "$DEST/Packages"
for package in $PACKAGES; do
  file=$(awk -v p="$package" '$1 == "Package:" { current = $2 } current == p && $1 == "Filename:" { print $2; exit }' "$DEST/Packages")
  if [ -z "$file" ]; then
    echo "fetch-cpython: Debian $SUITE has no package $package" >&2
    exit 1
  fi
  curl -fsS --retry 2 -o "$DEST/debs/$(basename "$file")" "$MIRROR/$file"
done
for deb in "$DEST"/debs/*.deb; do dpkg-deb -x "$deb" "$DEST/root"; done
ROOT=$(cd "$DEST/root" && pwd)
cat > "$DEST/python3" <<WRAPPER
#!/bin/sh
# Debian $SUITE's CPython, started with its own C library (see scripts/fetch-cpython.sh).
PYTHONHOME=$ROOT/usr exec $ROOT/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 --library-path $ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu $ROOT/usr/bin/python3.13 "\$@"
WRAPPER
chmod +x "$DEST/python3"
rm -rf "$DEST/debs" "$DEST/Packages"
echo "fetch-cpython: $("$DEST/python3" --version) is in $DEST"
