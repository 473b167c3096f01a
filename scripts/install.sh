#!/bin/sh
# scripts/install.sh — `make install`: the binary, libvdcsim (shared and static), the public
# headers with the project headers they include, vdcsim.pc, the manual pages, bash and zsh
# completion, the JSON Schema and the shipped scenarios.  The Makefile passes DESTDIR PREFIX
# LIBDIR MANDIR ZSHDIR B (the build folder) VERSION SOVERSION and CPP (a compiler command
# line that finds the project's headers) in the environment.
set -eu
: "${DESTDIR=}" "${PREFIX:?}" "${LIBDIR:?}" "${MANDIR:?}" "${ZSHDIR:?}" "${B:?}" "${VERSION:?}"
: "${SOVERSION:?}" "${CPP:?}"
shlib=libvdcsim.so.$VERSION
inc=$PREFIX/include/vdcsim
for dir in "$PREFIX/bin" "$LIBDIR/pkgconfig" "$inc" "$MANDIR/man1" "$MANDIR/man5" \
           "$PREFIX/share/bash-completion/completions" "$ZSHDIR" "$PREFIX/share/vdcsim"; do
    install -d "$DESTDIR$dir"
done
install -m 755 "$B/vdcsim" "$DESTDIR$PREFIX/bin/vdcsim"
install -m 644 "$B/libvdcsim.a" "$DESTDIR$LIBDIR/libvdcsim.a"
install -m 644 "$B/$shlib" "$DESTDIR$LIBDIR/$shlib"
ln -sf "$shlib" "$DESTDIR$LIBDIR/libvdcsim.so.$SOVERSION"
ln -sf "libvdcsim.so.$SOVERSION" "$DESTDIR$LIBDIR/libvdcsim.so"

# vdcsim.pc.  libdir relative to ${prefix} when it lies under it, so --define-variable=prefix
# moves both.  The dependencies' include folders are also given as -idirafter fallbacks:
# pkg-config puts PKG_CONFIG_SYSROOT_DIR in front of every -I, so a staging install checked
# with a sysroot on DESTDIR would otherwise lose GLib's headers (a real sysroot that has them
# still finds its own first).
case $LIBDIR in "$PREFIX"/*) libdir="\${prefix}${LIBDIR#"$PREFIX"}" ;; *) libdir=$LIBDIR ;; esac
fallback=$(pkg-config --cflags-only-I glib-2.0 gsl yaml-0.1 | tr ' ' '\n' |
           sed -n 's|^-I\(/.*\)|-idirafter\1|p' | grep -v -x -- '-idirafter/usr/include' |
           tr '\n' ' ' | sed 's/ $//')
sed -e "s|@PREFIX@|$PREFIX|" -e "s|@LIBDIR@|$libdir|" -e "s|@VERSION@|$VERSION|" \
    -e "s|@DEPS_FALLBACK@|$fallback|" vdcsim.pc.in > "$DESTDIR$LIBDIR/pkgconfig/vdcsim.pc"
chmod 644 "$DESTDIR$LIBDIR/pkgconfig/vdcsim.pc"

# The umbrella header and the closure of project headers it includes (sim/..., plots/...).
install -m 644 include/vdcsim.h "$DESTDIR$inc/vdcsim.h"
$CPP -MM include/vdcsim.h | tr ' \\' '\n\n' | grep -E '^(sim|plots)/.*\.h$' | sort -u |
while read -r h; do
    install -d "$DESTDIR$inc/$(dirname "$h")"
    install -m 644 "$h" "$DESTDIR$inc/$h"
done

install -m 644 "$B/gen/vdcsim.1" "$DESTDIR$MANDIR/man1/vdcsim.1"
install -m 644 "$B/gen/vdcsim-scenario.5" "$DESTDIR$MANDIR/man5/vdcsim-scenario.5"
install -m 644 "$B/gen/vdcsim.bash" "$DESTDIR$PREFIX/share/bash-completion/completions/vdcsim"
install -m 644 "$B/gen/_vdcsim" "$DESTDIR$ZSHDIR/_vdcsim"
install -m 644 docs/scenario.schema.json "$DESTDIR$PREFIX/share/vdcsim/scenario.schema.json"
rm -rf "$DESTDIR$PREFIX/share/vdcsim/scenarios"
cp -R scenarios "$DESTDIR$PREFIX/share/vdcsim/"
find "$DESTDIR$PREFIX/share/vdcsim" -type d -exec chmod 755 {} + -o -type f -exec chmod 644 {} +
