#!/usr/bin/env bash
# Builds the ETFTool image for one or more platforms and optionally pushes them as one
# multi-arch manifest list; or builds the host image and runs it; or runs the test suite. Each
# first installs and starts what it needs (build-support/setup-machine.sh: Debian packages, the
# Docker engine, qemu only for arm64).
#
#   ./build.sh [--platform linux/amd64,linux/arm64] [--push REGISTRY/etftool:TAG]
#   ./build.sh run
#   ./build.sh test
#
# --platform   platforms to build (default: linux/amd64, the build machine's); arm64 runs its
#              build steps under qemu (binfmt_misc, qemu-user-static).
# --push       push each image as REF-<arch> and a manifest list over them as REF. A registry
#              on localhost/127.x is used over plain HTTP; ETFTOOL_INSECURE_REGISTRY=1 forces that.
# run          build the host image and start it as container `etftool` on port 3000
#              (ETFTOOL_PORT), with the volumes etftool-data and etftool-cache; a previous
#              `etftool` container is replaced.
# test         install what the tests need (PostgreSQL, Chromium...) and run `./pants test ::`.
set -euo pipefail
cd "$(dirname "$0")"

docker=/usr/bin/docker # Debian's client: it builds through the daemon's BuildKit.
version="$(cat backend/etftool/VERSION)"

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Platform → the Pants target and the local image it produces.
# Keys quoted: shfmt reads a bare [linux/amd64] as arithmetic and would space it out.
declare -A target_of=(["linux/amd64"]=docker:etftool ["linux/arm64"]=docker:etftool-arm64)
declare -A image_of=(["linux/amd64"]="etftool:$version" ["linux/arm64"]="etftool:$version-arm64")

if [ "${1:-}" = test ]; then
  [ $# -eq 1 ] || usage
  build-support/setup-machine.sh test
  exec ./pants test ::
fi

if [ "${1:-}" = run ]; then
  [ $# -eq 1 ] || usage
  build-support/setup-machine.sh build
  ./pants package docker:etftool
  name=etftool
  "$docker" rm -f "$name" >/dev/null 2>&1 || true
  "$docker" run -d --name "$name" -p "${ETFTOOL_PORT:-3000}:3000" \
    -v etftool-data:/app/backend/data -v etftool-cache:/app/backend/cache "etftool:$version" >/dev/null
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:${ETFTOOL_PORT:-3000}/api/health" >/dev/null 2>&1; then
      echo "etftool $version is running: http://localhost:${ETFTOOL_PORT:-3000} (docker logs -f $name)"
      exit 0
    fi
    sleep 1
  done
  "$docker" logs "$name" >&2
  echo "build.sh: etftool did not answer /api/health within 60 s" >&2
  exit 1
fi

platforms=linux/amd64
push=""
while [ $# -gt 0 ]; do
  case "$1" in
    --platform)
      platforms="${2:?}"
      shift 2
      ;;
    --platform=*)
      platforms="${1#*=}"
      shift
      ;;
    --push)
      push="${2:?}"
      shift 2
      ;;
    --push=*)
      push="${1#*=}"
      shift
      ;;
    -h | --help) usage ;;
    *)
      echo "build.sh: unknown argument $1" >&2
      usage
      ;;
  esac
done

targets=()
images=()
IFS=, read -ra requested <<<"$platforms"
for platform in "${requested[@]}"; do
  [ -n "${target_of[$platform]:-}" ] \
    || {
      echo "build.sh: unsupported platform $platform (linux/amd64, linux/arm64)" >&2
      exit 2
    }
  targets+=("${target_of[$platform]}")
  images+=("${image_of[$platform]}")
done

needs=(build)
[[ ",$platforms," != *,linux/arm64,* ]] || needs+=(arm64)
build-support/setup-machine.sh "${needs[@]}"
# One Pants run builds every platform's image (and shares the frontend build between them).
./pants package "${targets[@]}"

if [ -n "$push" ]; then
  digest="$(build-support/release/push-manifest-list.sh "$push" "${images[@]}")"
  echo "pushed $push ($platforms): $digest"
else
  echo "built: ${images[*]}"
fi
