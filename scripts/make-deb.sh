#!/bin/sh
# scripts/make-deb.sh BUILD VERSION — `make deb`: a Debian binary package of a `make install`
# into BUILD/deb/root (PREFIX=/usr, the multiarch library folder), with dpkg-deb.
# Binaries are stripped, manual pages gzipped, dependencies come from dpkg-shlibdeps, and
# the package carries shlibs and an ldconfig trigger for libvdcsim.so.0.  Writes
# BUILD/vdcsim_VERSION_ARCH.deb; `lintian --fail-on error` passes on it.
# Needs dpkg-dev (dpkg-shlibdeps, dpkg-architecture) and binutils (strip).
set -eu
b=${1:?usage: scripts/make-deb.sh BUILD VERSION} version=${2:?}
for tool in dpkg-deb dpkg-shlibdeps dpkg-architecture strip; do
    command -v $tool >/dev/null || { echo "make-deb: $tool is missing (apt-get install dpkg-dev binutils)" >&2; exit 1; }
done
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
stage=$b/deb
root=$stage/root
doc=$root/usr/share/doc/vdcsim
rm -rf "$stage"
mkdir -p "$stage"
${MAKE:-make} -s --no-print-directory install DESTDIR="$root" PREFIX=/usr LIBDIR="/usr/lib/$multiarch" \
    MANDIR=/usr/share/man ZSHDIR=/usr/share/zsh/vendor-completions
lib=$root/usr/lib/$multiarch
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
    "$root/usr/bin/vdcsim" "$lib/libvdcsim.so.$version"
strip --strip-debug "$lib/libvdcsim.a"
gzip -9n "$root/usr/share/man/man1/vdcsim.1" "$root/usr/share/man/man5/vdcsim-scenario.5"

# Documentation: copyright (DEP-5), changelog, README, the example program.
install -d "$doc/examples"
install -m 644 README.md "$doc/README.md"
install -m 644 examples/*.c "$doc/examples/"
when=$(git log -1 --format=%cD 2>/dev/null || date -R)
printf 'vdcsim (%s) unstable; urgency=medium\n\n  * Built from the source tree by make deb.\n\n -- The vdcsim authors <vdcsim@users.noreply.github.com>  %s\n' \
    "$version" "$when" | gzip -9n > "$doc/changelog.gz"
{
    printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n'
    printf 'Upstream-Name: vdcsim\nSource: https://github.com/vdcsim/vdcsim\n\n'
    printf 'Files: *\nCopyright: 2026 The vdcsim authors\nLicense: Expat\n'
    printf 'Comment: the binary and libvdcsim link GSL (GPL-3+); distributed binaries are\n'
    printf ' therefore covered by the GPL-3 as a whole.\n\nLicense: Expat\n'
    tail -n +5 LICENSE | sed 's/^$/./; s/^/ /'
} > "$doc/copyright"
chmod 644 "$doc/copyright" "$doc/changelog.gz"

# Dependencies of the binary and the library (dpkg-shlibdeps reads debian/control).
mkdir -p "$stage/src/debian"
printf 'Source: vdcsim\n\nPackage: vdcsim\nArchitecture: any\n' > "$stage/src/debian/control"
depends=$(cd "$stage/src" && dpkg-shlibdeps -O -e"../root/usr/bin/vdcsim" \
          -e"../root/usr/lib/$multiarch/libvdcsim.so.$version" 2>/dev/null |
          sed -n 's/^shlibs:Depends=//p')

install -d "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: vdcsim
Version: $version
Architecture: $arch
Maintainer: The vdcsim authors <vdcsim@users.noreply.github.com>
Installed-Size: $size
Depends: $depends
Suggests: pkg-config, libglib2.0-dev, libgsl-dev, libyaml-dev
Section: science
Priority: optional
Homepage: https://github.com/vdcsim/vdcsim
Description: discrete-event simulator of virtualized datacenters
 vdcsim simulates a datacenter down to what virtualization costs: Type 1 and
 Type 2 hypervisors and container runtimes, CPU, memory and I/O virtualization,
 placement, vCPU scheduling, consolidation and power, and live migration by
 stop-and-copy, pre-copy, post-copy or hybrid over a modelled network.
 .
 This package holds the vdcsim command, libvdcsim (shared and static, with
 headers and vdcsim.pc), the manual pages vdcsim(1) and vdcsim-scenario(5),
 bash and zsh completion, and the shipped scenarios and JSON Schema under
 /usr/share/vdcsim.
CONTROL
printf 'libvdcsim 0 vdcsim (>= %s)\n' "$version" > "$root/DEBIAN/shlibs"
printf 'activate-noawait ldconfig\n' > "$root/DEBIAN/triggers"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort |
     xargs md5sum > DEBIAN/md5sums)
chmod 644 "$root/DEBIAN/"*
out=$b/vdcsim_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "make-deb: $out ($(du -k "$out" | cut -f1) KiB)"
