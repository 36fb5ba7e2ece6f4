#!/usr/bin/env bash
# Builds a minimal Debian bookworm root filesystem from Debian's mirror (no registry needed)
# and writes it as rootfs.tar, the base stage of docker/Dockerfile.
# Usage: make-rootfs.sh ARCH OUTPUT.tar   (ARCH: amd64 | arm64; needs root and debootstrap)
set -euo pipefail

arch="$1"
output="$2"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT

if [ "$arch" = "$(dpkg --print-architecture)" ]; then
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >&2
else
  # Foreign arch: unpack here, configure under qemu user emulation (binfmt_misc).
  debootstrap --arch="$arch" --foreign --variant=minbase bookworm "$rootfs" "$mirror" >&2
  chroot "$rootfs" /debootstrap/debootstrap --second-stage >&2
fi

cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
# An image needs no manuals, docs or translations: drop them now and in every later install.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/excludes" <<EXCLUDES
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
EXCLUDES
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
# Fixed ordering and timestamps keep the archive identical for identical package sets.
tar --numeric-owner --sort=name --mtime="@${SOURCE_DATE_EPOCH:-0}" -C "$rootfs" -cf "$output" .
