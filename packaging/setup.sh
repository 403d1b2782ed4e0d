#!/bin/sh
# Installs every build and run-time dependency of GPN-MSA Studio from Debian 12
# packages. Idempotent: apt-get skips what is already installed, so CI and
# developers run it every time. `setup.sh --demo` adds phast (phyloP), used only
# to regenerate the demo data. clang-14 (+ its sanitizer runtimes) builds CI's
# sanitizer leg (README "### Sanitizers"). help2man and rsvg-convert (librsvg2-bin)
# make the man pages and PNG icons at build time; dpkg-dev (dpkg-shlibdeps), file,
# desktop-file-utils, appstream, lintian and man-db build and check the Debian
# package (packaging/check-deb.sh, README "## Install").
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES="
  build-essential cmake ninja-build pkg-config ccache
  libtorch-dev libopenblas0-pthread libdnnl-dev
  libhts-dev tabix libblosc-dev libzip-dev zip zlib1g-dev
  libsnappy-dev libzstd-dev libarchive-dev
  python3-zarr python3-numcodecs
  nlohmann-json3-dev libcli11-dev
  qt6-base-dev qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev
  xvfb xauth poppler-utils
  nginx-light
  libcurl4-gnutls-dev nettle-dev
  libbigwig-dev snakemake
  clang-14 libclang-rt-14-dev
  dpkg-dev file fakeroot help2man librsvg2-bin man-db
  desktop-file-utils appstream lintian
"
# Optional: the tools that regenerate the simulated demo data
# (packaging/demo/make_demo_data.sh). Not needed to build, test or run.
if [ "${1:-}" = "--demo" ]; then PACKAGES="$PACKAGES phast"; fi
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing:$missing" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
# Debian's libtorch calls the system BLAS; the reference BLAS is ~20x slower
# than OpenBLAS, so make sure OpenBLAS is the one selected.
if [ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
  $SUDO update-alternatives --set libblas.so.3-x86_64-linux-gnu \
    /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 >/dev/null 2>&1 || true
fi
