#!/usr/bin/env bash
# Reproducibility check: builds the commit twice, in two clones at different paths, each with
# empty Pants caches, without pantsd and without Docker's build cache (the second also without
# the frontend's node_modules and Next.js caches), then prints side by side
# the sha256 of the app PEXes, of the frontend export, and the image id, every layer digest and
# the manifest digest a registry gives each image when pushed (Debian's docker-registry, on
# loopback, when installed: `build-support/setup-machine.sh test`). Exits 1 when anything differs.
# Usage: build-support/release/repro-check.sh [--arm64] [--once]
#   --arm64 also builds docker:etftool-arm64 (its PEXes are compared in any case); its RUN steps
#           run under qemu (a cold build of both images took 358 s on 2 cores, amd64 alone ~140 s).
#   --once  the first build is this checkout's, with its own caches (CI's, made from empty ones
#           on a fresh machine), so only the second costs a cold build.
# Needs network to PyPI, npm and Debian; ~2 × a cold build (1 × with --once), and ~1 min to push.
set -euo pipefail
cd "$(dirname "$0")/../.."

images=(docker:etftool)
once=""
for arg in "$@"; do
  case "$arg" in
    --arm64) images+=(docker:etftool-arm64) ;;
    --once) once=1 ;;
    *)
      sed -n '2,15p' "$0" >&2
      exit 2
      ;;
  esac
done
pexes=(backend:app-deps backend:app-srcs backend:app-deps-arm64 backend:app-srcs-arm64)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

digest_tree() { # one sha256 over every file's relative path and content
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-64
}

build() { # build N CHECKOUT → $work/N.digests ("name digest" lines)
  local n="$1" checkout="$2" start="$SECONDS" image
  if [ "$checkout" = "$PWD" ]; then
    ./pants --no-dynamic-ui package "${pexes[@]}" "${images[@]}" export-codegen frontend:out \
      >"$work/$n.log" 2>&1 || {
      tail -40 "$work/$n.log"
      exit 1
    }
    echo "build $n ($checkout): $((SECONDS - start)) s with this checkout's caches" >&2
  else
    git clone -q --no-local . "$checkout"
    (
      cd "$checkout"
      PANTS_LOCAL_STORE_DIR="$work/$n/store" PANTS_NAMED_CACHES_DIR="$work/$n/named" \
        PANTS_LOCAL_EXECUTION_ROOT_DIR="$work/$n/sandboxes" PANTS_PANTSD=false \
        ETFTOOL_DOCKER_NO_CACHE=1 ETFTOOL_FRONTEND_CACHE="$work/$n/frontend" \
        ./pants --no-dynamic-ui package "${pexes[@]}" "${images[@]}" export-codegen frontend:out \
        >"$work/$n.log" 2>&1
    ) || {
      tail -40 "$work/$n.log"
      exit 1
    }
    echo "build $n ($checkout): $((SECONDS - start)) s from empty caches" >&2
  fi
  {
    for pex in "$checkout"/dist/backend/*.pex; do
      echo "${pex#"$checkout"/dist/} $(sha256sum "$pex" | cut -c1-64)"
    done
    echo "frontend/out/ $(digest_tree "$checkout/dist/codegen/frontend/out")"
    sed -n 's/^Docker image ID: //p' "$work/$n.log" | while read -r image; do
      local name
      # Named by platform, not by tag: a tag may have moved to a later build by the time
      # both builds are compared.
      name="etftool-$(docker image inspect --format '{{.Os}}-{{.Architecture}}' "$image")"
      echo "$name/id ${image#sha256:}"
      docker image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$image" \
        | awk -v n="$name" 'NF {sub("sha256:", ""); printf "%s/layer-%d %s\n", n, NR, $0}'
    done
  } >"$work/$n.digests"
}

start_registry() { # Debian's docker-registry on a free loopback port → $registry
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  registry="127.0.0.1:$port"
  printf 'version: 0.1\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: %s}\nlog: {level: warn}\n' \
    "$work/registry" "$registry" >"$work/registry.yml"
  /usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
  registry_pid=$!
  trap 'kill "$registry_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 100); do
    curl -fs -o /dev/null "http://$registry/v2/" && return
    sleep 0.2
  done
  cat "$work/registry.log" >&2
  exit 1
}

push_digests() { # N: push build N's images to the registry, add "name/manifest digest" lines
  local n="$1" name id pushed digest
  pushed="$(sed -n 's|^\(etftool-[^/]*\)/id |\1 |p' "$work/$n.digests")"
  while read -r name id; do
    docker tag "$id" "$registry/$name:build-$n"
    digest="$(docker push "$registry/$name:build-$n" | sed -n 's/.*digest: sha256:\([0-9a-f]*\).*/\1/p')"
    [ -n "$digest" ] || {
      echo "pushing build $n's $name gave no manifest digest" >&2
      exit 1
    }
    echo "$name/manifest $digest"
  done <<<"$pushed" >>"$work/$n.digests"
}

if [ -n "$once" ]; then build 1 "$PWD"; else build 1 "$work/one/etftool"; fi
build 2 "$work/two/elsewhere/etftool"
if [ -x /usr/bin/docker-registry ]; then
  start_registry
  push_digests 1
  push_digests 2
else
  echo "docker-registry not installed: manifest digests not compared" >&2
fi

printf '%-34s %-64s %-64s\n' output "build 1" "build 2"
status=0
while read -r name first; do
  second="$(awk -v n="$name" '$1 == n {print $2}' "$work/2.digests")"
  mark=identical
  [ "$first" = "$second" ] || {
    mark=DIFFERENT
    status=1
  }
  printf '%-34s %-64s %-64s %s\n' "$name" "$first" "$second" "$mark"
done <"$work/1.digests"
exit "$status"
