#!/usr/bin/env bash
# Builds the image's Debian bookworm root file system from the locked packages alone (fetched and
# hash-checked beforehand, see build-support/debian/debian_lock.py) and writes it as a tar, the
# base stage of docker/Dockerfile. mmdebstrap installs exactly those .debs (no `apt-get update`,
# no mirror); with SOURCE_DATE_EPOCH its output is the same bytes on every machine.
# Usage: make-rootfs.sh ARCH DEBS-DIR OUTPUT.tar   (needs root, mmdebstrap; arm64 runs under qemu)
set -euo pipefail

arch="$1"
debs="$(cd "$2" && pwd)"
output="$3"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-0}"

# The locked .debs as a flat apt repository: the only source mmdebstrap can install from.
(cd "$debs" && apt-ftparchive packages . >Packages)
packages="$(sed -n 's/^Package: //p' "$debs/Packages" | sort | paste -sd, -)"

# An image needs no manuals, docs, translations or charset converters (Python and nginx bring
# their own codecs): dpkg leaves them out now and in every later install.
excludes=(
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-include=/usr/share/man/man7/bash-builtins.7.gz' # bash's postinst links to it
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/lib/*/gconv/*'
)

# Derived images can still `apt-get update && apt-get install` from Debian's mirror.
sources="$(mktemp)"
trap 'rm -f "$sources"' EXIT
cat >"$sources" <<SOURCES
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES

# The app user is made here, with the rest of /etc, so the image's RUN steps stay few.
# hosts, hostname and resolv.conf are left empty: the container runtime mounts its own over them,
# and a build step's mounts then find them in place and leave /etc as it was (docker/Dockerfile).
# The merged-usr hook makes /bin, /lib... links into /usr before anything is unpacked, as
# Debian's own bootstraps do (usr-is-merged checks it).
# shellcheck disable=SC2016 # "$1" in a hook is the root directory, expanded by mmdebstrap's shell.
mmdebstrap --variant=custom --arch="$arch" --include="$packages" --format=tar \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  "${excludes[@]}" \
  --customize-hook='chroot "$1" useradd --create-home --uid 1000 --shell /usr/sbin/nologin appuser' \
  --customize-hook='for f in hosts hostname resolv.conf; do rm -f "$1/etc/$f" && : >"$1/etc/$f"; done' \
  --customize-hook="upload $sources /etc/apt/sources.list" \
  bookworm "$output" "deb [trusted=yes] copy://$debs ./" >&2
