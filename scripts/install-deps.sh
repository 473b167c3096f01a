#!/bin/sh
# Installs what vdcsim needs to build and test, from Debian's packages.
# Runs apt-get as root, or through sudo; on other systems it says what to install.
set -e
PKGS="build-essential pkg-config libglib2.0-dev libgsl-dev libyaml-dev libcairo2-dev \
libpango1.0-dev libpng-dev zlib1g-dev fonts-dejavu-core perl git"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: no apt-get here; install with your package manager:" >&2
    echo "  glib-2.0, gsl, libyaml (yaml-0.1), cairo, pango (pangocairo), libpng, zlib, pkg-config, perl (prove)" >&2
    exit 1
fi
SUDO=
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "install-deps: need root or sudo to run apt-get install $PKGS" >&2; exit 1
    fi
fi
echo "install-deps: installing $PKGS" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
