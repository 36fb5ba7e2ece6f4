#!/usr/bin/env bash
# Pushes per-platform images and one manifest list over them, so `docker pull REF` picks the
# puller's architecture. Each image goes up as REF-<arch> (from its own config), the list as REF.
# Usage: push-manifest-list.sh REGISTRY/REPOSITORY:TAG IMAGE [IMAGE...]
# A registry on localhost/127.x (or ETFTOOL_INSECURE_REGISTRY=1) is spoken to over plain HTTP.
set -euo pipefail

[ $# -ge 2 ] || {
  echo "usage: $0 REGISTRY/REPOSITORY:TAG IMAGE [IMAGE...]" >&2
  exit 2
}
ref="$1"
shift
docker="${DOCKER:-/usr/bin/docker}"

insecure=()
case "${ref%%/*}" in
  localhost:* | localhost | 127.*) insecure=(--insecure) ;;
esac
[ "${ETFTOOL_INSECURE_REGISTRY:-}" = 1 ] && insecure=(--insecure)

members=()
for image in "$@"; do
  arch="$("$docker" image inspect --format '{{.Architecture}}' "$image")"
  "$docker" tag "$image" "$ref-$arch"
  "$docker" push "$ref-$arch" >&2
  members+=("$ref-$arch")
done

# `docker manifest` keeps lists under $DOCKER_CONFIG; an older list of the same name is replaced.
"$docker" manifest rm "$ref" >/dev/null 2>&1 || true
"$docker" manifest create "${insecure[@]}" "$ref" "${members[@]}" >&2
"$docker" manifest push "${insecure[@]}" --purge "$ref"
