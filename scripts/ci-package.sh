#!/bin/sh
# scripts/ci-package.sh — CI's packaging checks (.ci/run), as root on Debian:
#   1. `make install` into a DESTDIR; every examples/*.c built against it through
#      `pkg-config --cflags --libs vdcsim` and run on a shipped scenario;
#   2. `make deb`, `lintian --fail-on error` on it; the package installed with apt-get,
#      `vdcsim run` on /usr/share/vdcsim/scenarios/default.yaml, the example built against
#      the system install; then the package removed again.
set -eu
cd "$(dirname "$0")/.."
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-ci-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
step() { echo "ci-package: $*"; }

step "make install DESTDIR=$tmp/inst PREFIX=/usr"
make -s install DESTDIR="$tmp/inst" PREFIX=/usr
pcdir=$tmp/inst/usr/lib/pkgconfig
flags=$(PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$tmp/inst pkg-config --cflags --libs vdcsim)
mkdir -p "$tmp/run"
for c in examples/*.c; do
    prog=$tmp/$(basename "$c" .c)
    step "cc $c \$(pkg-config --cflags --libs vdcsim) against the DESTDIR install"
    cc -std=c11 -Wall -Wextra -Werror -o "$prog" "$c" $flags
    (cd "$tmp/run" && LD_LIBRARY_PATH=$tmp/inst/usr/lib "$prog" \
        "$tmp/inst/usr/share/vdcsim/scenarios/default.yaml" > "$prog.out")
    LD_LIBRARY_PATH=$tmp/inst/usr/lib ldd "$prog" | grep -q "libvdcsim.so.0 => $tmp/inst/usr/lib/" ||
        { echo "ci-package: $prog is not linked to the installed libvdcsim.so" >&2; exit 1; }
    grep -q 'fingerprint' "$prog.out"
done

step "make deb"
rm -f build/vdcsim_*.deb
make -s deb
deb=$(ls build/vdcsim_*.deb)
step "lintian --fail-on error $deb"
lintian --fail-on error "$deb"
step "apt-get install $deb"
$SUDO apt-get install -y -qq "./$deb" >/dev/null
/usr/bin/vdcsim run /usr/share/vdcsim/scenarios/default.yaml -o "$tmp/debrun" -q
test -s "$tmp/debrun/summary.json"
# (minimal Debian images drop /usr/share/man on install: look in the package instead)
dpkg-deb -c "$deb" > "$tmp/deb.list"
grep -q 'usr/share/man/man1/vdcsim.1.gz' "$tmp/deb.list"
grep -q 'usr/share/man/man5/vdcsim-scenario.5.gz' "$tmp/deb.list"
for c in examples/*.c; do
    cc -std=c11 -Wall -Wextra -Werror -o "$tmp/sys-example" "$c" $(pkg-config --cflags --libs vdcsim)
    (cd "$tmp/run" && "$tmp/sys-example" /usr/share/vdcsim/scenarios/default.yaml >/dev/null)
done
step "apt-get remove vdcsim"
$SUDO apt-get remove -y -qq vdcsim >/dev/null
if [ -e /usr/bin/vdcsim ] || [ -e /usr/share/vdcsim ]; then
    echo "ci-package: removing the package left files behind" >&2; exit 1
fi
step "ok ($(du -k "$deb" | cut -f1) KiB)"
