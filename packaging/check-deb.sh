#!/bin/sh
# Builds the Debian package from BUILD_DIR (configured and built, as by CI leg 1),
# validates it and runs both programs from the installed paths (CI leg 1b;
# README "## Install"):
#   cpack -G DEB; the files it must hold; no RPATH; desktop-file-validate;
#   appstreamcli validate --no-net; man pages render; the bash completion loads;
#   lintian: no E:, and every W: tag explained in packaging/lintian.md;
#   apt-get install ./gpnmsa_*.deb (as root, or with sudo), then from /usr/bin:
#   gpnmsa --version, gpnmsa score on /usr/share/gpnmsa/demo/variants.vcf, and
#   gpnmsa-studio --screenshot offscreen.
# The package is removed again at the end if this script installed it (the
# dependencies apt pulled in stay). Without root or sudo the programs run from
# the package extracted with dpkg-deb -x instead (their own paths find the demo).
# Usage: packaging/check-deb.sh BUILD_DIR
set -eu
BUILD=$(cd "${1:?usage: packaging/check-deb.sh BUILD_DIR}" && pwd)
cd "$(dirname "$0")/.."
SRC=$(pwd)
t0=$(date +%s)
fail() { echo "check-deb: FAILED: $*" >&2; exit 1; }
step() { echo "-- check-deb: $*"; }

WORK=$(mktemp -d)
INSTALLED_HERE=""
SUDO=""
cleanup() {
  if [ -n "$INSTALLED_HERE" ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q gpnmsa >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step "cpack -G DEB in $BUILD"
# The programs and the generated files the package installs (in CI, leg 1 built them already).
cmake --build "$BUILD" -j2 --target gpnmsa_packaging_files >/dev/null
(cd "$BUILD" && cpack -G DEB >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; fail "cpack"; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BUILD/CPackConfig.cmake")
DEB="$BUILD/gpnmsa_${version}_$(dpkg --print-architecture).deb"
[ -f "$DEB" ] || fail "no $DEB"
echo "$DEB: $(du -k "$DEB" | cut -f1) KiB"
dpkg-deb --field "$DEB" Package Version Depends

step "contents"
ROOT="$WORK/root"
dpkg-deb -x "$DEB" "$ROOT"
dpkg-deb -c "$DEB" | awk '{print $NF}' | sed 's|^\./|/|' >"$WORK/contents"
for f in /usr/bin/gpnmsa /usr/bin/gpnmsa-studio \
         /usr/share/gpnmsa/demo/variants.vcf /usr/share/gpnmsa/demo/model/config.json \
         /usr/share/gpnmsa/species/multiz100way-89-species.tsv \
         /usr/share/applications/gpnmsa-studio.desktop /usr/share/mime/packages/gpnmsa.xml \
         /usr/share/icons/hicolor/scalable/apps/gpnmsa-studio.svg \
         /usr/share/icons/hicolor/16x16/apps/gpnmsa-studio.png /usr/share/icons/hicolor/32x32/apps/gpnmsa-studio.png \
         /usr/share/icons/hicolor/48x48/apps/gpnmsa-studio.png /usr/share/icons/hicolor/64x64/apps/gpnmsa-studio.png \
         /usr/share/icons/hicolor/128x128/apps/gpnmsa-studio.png /usr/share/icons/hicolor/256x256/apps/gpnmsa-studio.png \
         /usr/share/man/man1/gpnmsa.1.gz /usr/share/man/man1/gpnmsa-studio.1.gz \
         /usr/share/bash-completion/completions/gpnmsa \
         /usr/share/doc/gpnmsa/copyright /usr/share/doc/gpnmsa/changelog.gz; do
  grep -qx "$f" "$WORK/contents" || fail "the package lacks $f"
done
ls "$ROOT"/usr/share/metainfo/*.metainfo.xml >/dev/null || fail "the package lacks AppStream metainfo"
for size in 16 32 48 64 128 256; do
  file "$ROOT/usr/share/icons/hicolor/${size}x${size}/apps/gpnmsa-studio.png" | grep -q "PNG image data, $size x $size" ||
    fail "icon ${size}x${size} is not a $size x $size PNG"
done
for exe in gpnmsa gpnmsa-studio; do
  if readelf -d "$ROOT/usr/bin/$exe" | grep -Eq 'RPATH|RUNPATH'; then fail "$exe has an RPATH"; fi
done

step "desktop-file-validate, appstreamcli validate --no-net"
desktop-file-validate "$ROOT/usr/share/applications/gpnmsa-studio.desktop"
appstreamcli validate --no-net "$ROOT"/usr/share/metainfo/*.metainfo.xml

step "man pages, bash completion"
for page in gpnmsa gpnmsa-studio; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$ROOT/usr/share/man/man1/$page.1.gz" 2>&1 >"$WORK/$page.txt") ||
    fail "man -l $page.1.gz"
  [ -z "$warnings" ] || { echo "$warnings"; fail "groff warnings in $page.1"; }
  grep -q "^NAME" "$WORK/$page.txt" && grep -q -- "--help" "$WORK/$page.txt" || fail "$page.1 renders without NAME or options"
done
grep -q "gpnmsa score" "$WORK/gpnmsa.txt" || fail "gpnmsa.1 has no section for gpnmsa score"
bash --norc -c ". '$ROOT/usr/share/bash-completion/completions/gpnmsa' && complete -p gpnmsa" >/dev/null ||
  fail "the bash completion does not load"

step "lintian"
# lintian refuses nothing as root but says so; --allow-root keeps it quiet.
lintian_root=""
if [ "$(id -u)" -eq 0 ]; then lintian_root="--allow-root"; fi
lintian $lintian_root --display-info --tag-display-limit 0 "$DEB" >"$WORK/lintian.txt" 2>&1 || true
cat "$WORK/lintian.txt"
if grep -q '^E: ' "$WORK/lintian.txt"; then fail "lintian reports errors"; fi
for tag in $(sed -n 's/^W: [^ ]*: \([^ ]*\).*/\1/p' "$WORK/lintian.txt" | sort -u); do
  grep -q -- "$tag" packaging/lintian.md || fail "lintian warning $tag is not explained in packaging/lintian.md"
done

step "install"
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; fi
if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
  if ! dpkg-query -W -f='${Status}' gpnmsa 2>/dev/null | grep -q "install ok installed"; then INSTALLED_HERE=1; fi
  cp "$DEB" "$WORK/"  # apt reads it as _apt: a world-readable copy
  chmod 644 "$WORK/$(basename "$DEB")"; chmod 755 "$WORK"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$WORK/$(basename "$DEB")" >"$WORK/apt.log" 2>&1 ||
    { cat "$WORK/apt.log"; fail "apt-get install"; }
  PREFIX=/usr
else
  echo "check-deb: neither root nor sudo: running from the extracted package in $ROOT"
  PREFIX="$ROOT/usr"
fi

step "run the installed programs"
cd "$WORK"  # nowhere near the source tree: the demo must come from the package
unset GPNMSA_DATA_DIR || true
"$PREFIX/bin/gpnmsa" --version | grep -q "^gpnmsa $version (commit " || fail "gpnmsa --version"
"$PREFIX/bin/gpnmsa-studio" --version | grep -q "$version (commit " || fail "gpnmsa-studio --version"
DEMO="$PREFIX/share/gpnmsa/demo"
t1=$(date +%s)
"$PREFIX/bin/gpnmsa" score -q -i "$DEMO/variants.vcf" -o "$WORK/scores.tsv"
echo "gpnmsa score: $(( $(date +%s) - t1 )) s"
records=$(grep -vc '^#' "$DEMO/variants.vcf")
rows=$(grep -v '^#' "$WORK/scores.tsv" | tail -n +2 | wc -l)  # less the column header
used=$(sed -n '1s/^# gpnmsa .* model=\([^ ]*\) .*/\1/p' "$WORK/scores.tsv")  # /usr/bin/../share/...
[ -n "$used" ] && [ "$(realpath "$used")" = "$(realpath "$DEMO/model")" ] ||
  fail "gpnmsa score used the model '$used', not the installed demo's"
echo "gpnmsa score: $rows rows for $records VCF records"
[ "$records" -gt 0 ] && [ "$rows" -ge "$records" ] || fail "gpnmsa score wrote $rows rows for $records records"
t1=$(date +%s)
QT_QPA_PLATFORM=offscreen "$PREFIX/bin/gpnmsa-studio" --screenshot "$WORK/studio.png" >"$WORK/studio.log" 2>&1 ||
  { cat "$WORK/studio.log"; fail "gpnmsa-studio --screenshot"; }
file "$WORK/studio.png" | grep -q "PNG image data" || fail "the screenshot is not a PNG"
bytes=$(wc -c <"$WORK/studio.png")
echo "gpnmsa-studio --screenshot: $(( $(date +%s) - t1 )) s, $(file -b "$WORK/studio.png"), $bytes bytes"
[ "$bytes" -gt 20000 ] || fail "the screenshot is nearly empty ($bytes bytes)"
cd "$SRC"
echo "check-deb: OK in $(( $(date +%s) - t0 )) s"
