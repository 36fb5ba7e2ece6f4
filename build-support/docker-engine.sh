#!/usr/bin/env bash
# Installs (from Debian packages) and starts a Docker engine when none answers, then waits
# until it does. Idempotent: an engine that already answers is left alone.
set -euo pipefail

docker_cli=/usr/bin/docker # Debian's client: it builds through the daemon's BuildKit.
log="${DOCKERD_LOG:-/var/log/dockerd.log}"

if [ -x "$docker_cli" ] && "$docker_cli" info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || [ ! -x "$docker_cli" ]; then
  echo "docker-engine: installing docker.io from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io containerd runc iptables >/dev/null
fi

echo "docker-engine: starting dockerd (log: $log)" >&2
nohup dockerd --storage-driver overlay2 >"$log" 2>&1 &
for _ in $(seq 1 60); do
  "$docker_cli" info >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "docker-engine: dockerd did not answer within 60 s; last log lines:" >&2
tail -20 "$log" >&2
exit 1
