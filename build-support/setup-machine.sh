#!/usr/bin/env bash
# Installs from Debian's packages what building, running and testing ETFTool needs on a Debian
# bookworm machine (only what is missing), and starts it. Idempotent; needs root (or sudo).
# Usage: build-support/setup-machine.sh NEED...
#   build  the image: mmdebstrap for its Debian base and a running Docker engine
#   arm64  the arm64 image too: qemu user emulation through binfmt_misc
#   test   the test suite: PostgreSQL, Chromium with CJK fonts, docker-compose and libfaketime
#          (a container test sets the image's clock with it) (and `build`)
#   ci     CI's extra stages: a local registry, skopeo, Redis for the remote cache server
# Python 3.9 (Pants) and 3.11 and Node.js 20 are not Debian bookworm packages: they are
# checked for, not installed (see the README's prerequisites).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

packages=()
want() { packages+=("$@"); }
for need in "$@"; do
  case "$need" in
    build) want mmdebstrap apt-utils debian-archive-keyring ca-certificates git curl ;;
    arm64) want qemu-user-static binfmt-support arch-test ;;
    test) want mmdebstrap apt-utils debian-archive-keyring ca-certificates git curl \
      postgresql chromium fonts-noto-cjk docker-compose libfaketime ;;
    ci) want docker-registry skopeo redis-server bc ;;
    *)
      echo "setup-machine: unknown need '$need' (build, arm64, test, ci)" >&2
      exit 2
      ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-machine: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for need in "$@"; do
  case "$need" in
    build | test) "${sudo[@]}" build-support/docker-engine.sh ;;
    arm64)
      [ -e /proc/sys/fs/binfmt_misc/register ] \
        || "${sudo[@]}" mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
      "${sudo[@]}" update-binfmts --enable qemu-aarch64
      ;;
  esac
done

for tool in node npm; do
  command -v "$tool" >/dev/null || echo "setup-machine: $tool not found: install Node.js 20" >&2
done
