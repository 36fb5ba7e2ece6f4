#!/usr/bin/env bash
# Regenerates the complete_platforms files the per-platform app PEXes are resolved for, by
# inspecting the interpreter the image actually runs: Debian bookworm's python3 on the
# locked Debian base of each architecture (arm64 runs under qemu through binfmt_misc).
# Usage: build-support/platforms/generate.sh   (needs the Docker engine; ~2 min with arm64)
set -euo pipefail
cd "$(dirname "$0")/../.."

out=build-support/platforms
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./pants export-codegen build-support/base-image:rootfs-amd64 build-support/base-image:rootfs-arm64
pex="$(pwd)/build-support/bin/pex" # built and digest-checked by ./pants above

for arch in amd64 arm64; do
  machine="$([ "$arch" = amd64 ] && echo x86_64 || echo aarch64)"
  cp "dist/codegen/build-support/base-image/rootfs-$arch.tar" "$work/rootfs.tar"
  image="etftool-platform-probe-$arch:$$"
  # Same base and python3 package as docker/Dockerfile's runtime stage.
  DOCKER_BUILDKIT=1 /usr/bin/docker build -q --platform "linux/$arch" -t "$image" -f - "$work" >/dev/null <<DOCKERFILE
FROM scratch
ADD rootfs.tar /
RUN apt-get update && apt-get install -y --no-install-recommends python3 && apt-get clean
DOCKERFILE
  /usr/bin/docker run --rm --platform "linux/$arch" -v "$pex:/pex:ro" -e PEX_SCRIPT=pex3 "$image" \
    python3 /pex interpreter inspect --markers --tags --indent 1 >"$work/inspect.json"
  /usr/bin/docker image rm "$image" >/dev/null
  # The interpreter's path is machine detail that pex ignores for complete platforms.
  python3 - "$work/inspect.json" "$out/linux_$machine-cp311.json" <<'PY'
import json, sys
info = json.load(open(sys.argv[1]))
json.dump({k: info[k] for k in ("marker_environment", "compatible_tags")}, open(sys.argv[2], "w"), indent=1)
open(sys.argv[2], "a").write("\n")
PY
  echo "wrote $out/linux_$machine-cp311.json ($(grep -c '"' "$out/linux_$machine-cp311.json") lines)"
done
