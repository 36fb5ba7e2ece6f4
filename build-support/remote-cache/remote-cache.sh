#!/usr/bin/env bash
# A local REAPI remote cache for Pants: BuildGrid (CAS, ByteStream, ActionCache) on
# 127.0.0.1:50051 with its action cache in Redis. See build-support/remote-cache/remote-cache.md.
#
#   build-support/remote-cache/remote-cache.sh start    install (once) and start Redis + BuildGrid
#   build-support/remote-cache/remote-cache.sh stop     stop both (the cache stays on disk)
#   build-support/remote-cache/remote-cache.sh status   exit 0 when the server answers
#   build-support/remote-cache/remote-cache.sh env      print the PANTS_* exports that use it
#
# State (CAS blobs, Redis dump, logs, pids): $ETFTOOL_REMOTE_CACHE_DIR (default
# ~/.cache/etftool-remote-cache); ports: $ETFTOOL_REMOTE_CACHE_ADDRESS (127.0.0.1:50051) and
# $ETFTOOL_REMOTE_CACHE_REDIS_PORT (6389). Needs CPython >= 3.13 (pyenv or PATH) and Debian's
# redis-server.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${ETFTOOL_REMOTE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/etftool-remote-cache}"
address="${ETFTOOL_REMOTE_CACHE_ADDRESS:-127.0.0.1:50051}"
redis_port="${ETFTOOL_REMOTE_CACHE_REDIS_PORT:-6389}"
requirements="$root/build-support/remote-cache/remote-cache-requirements.txt"
# Beside the ./pants launcher's venvs, so a fresh cache state does not mean a reinstall.
venv="${ETFTOOL_BOOTSTRAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/etftool-bootstrap}/buildgrid-$(sha256sum "$requirements" | cut -c1-16)"

die() {
  echo "remote-cache: $*" >&2
  exit 1
}

find_python313() {
  local candidate
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/3.1[3-9]*/bin/python3.1[3-9]; do
      [ -x "$candidate" ] && {
        echo "$candidate"
        return
      }
    done
  fi
  for candidate in python3.13 python3.14; do
    command -v "$candidate" >/dev/null 2>&1 && {
      command -v "$candidate"
      return
    }
  done
  return 1
}

answers() { # host:port accepts TCP connections
  timeout 1 bash -c "exec 3<>/dev/tcp/${1%:*}/${1##*:}" 2>/dev/null
}

install() {
  [ -f "$venv/.complete" ] && return
  local python
  python="$(find_python313)" || die "CPython >= 3.13 not found (BuildGrid 0.9.1 needs it): pyenv install 3.13"
  echo "remote-cache: installing BuildGrid into $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  PIP_CONFIG_FILE=/dev/null "$venv/bin/pip" install --quiet -r "$requirements" \
    || die "installing $requirements failed"
  touch "$venv/.complete"
}

start() {
  command -v redis-server >/dev/null || die "redis-server not found: apt-get install redis-server"
  install
  mkdir -p "$state/cas" "$state/redis"
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$state/redis" \
      --daemonize yes --pidfile "$state/redis.pid" --logfile "$state/redis.log" \
      --save 60 1 --appendonly no
    for _ in $(seq 1 50); do
      redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
  fi
  if answers "$address"; then
    echo "remote-cache: already serving on $address" >&2
    return
  fi
  sed -e "s|\${ADDRESS}|$address|" -e "s|\${REDIS_PORT}|$redis_port|" -e "s|\${STATE}|$state|" \
    "$root/build-support/remote-cache/remote-cache.yml" >"$state/buildgrid.yml"
  "$venv/bin/bgd" server lint "$state/buildgrid.yml" >/dev/null || die "invalid $state/buildgrid.yml"
  nohup "$venv/bin/bgd" server start "$state/buildgrid.yml" >"$state/buildgrid.log" 2>&1 &
  echo $! >"$state/buildgrid.pid"
  for _ in $(seq 1 100); do
    if answers "$address"; then
      echo "remote-cache: serving on $address (state: $state)" >&2
      return
    fi
    kill -0 "$(cat "$state/buildgrid.pid")" 2>/dev/null || break
    sleep 0.2
  done
  tail -20 "$state/buildgrid.log" >&2
  die "BuildGrid did not start"
}

stop() {
  if [ -f "$state/buildgrid.pid" ]; then
    local pid
    pid="$(cat "$state/buildgrid.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/buildgrid.pid"
  fi
  # SHUTDOWN saves the action cache to the dump in $state/redis.
  redis-cli -p "$redis_port" shutdown >/dev/null 2>&1 || true
  echo "remote-cache: stopped" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers "$address" ;;
  env)
    # Pants gives an action-cache lookup 1.5 s by default; BuildGrid answers from Python with
    # thread-pool-size (remote-cache.yml) workers, so on a busy machine lookups queue past
    # that and count as misses. A longer timeout and fewer concurrent lookups than workers
    # keep hits hits.
    cat <<ENV
export PANTS_REMOTE_STORE_ADDRESS=grpc://$address
export PANTS_REMOTE_CACHE_READ=true
export PANTS_REMOTE_CACHE_WRITE=true
export PANTS_REMOTE_CACHE_RPC_TIMEOUT_MILLIS=10000
export PANTS_REMOTE_CACHE_RPC_CONCURRENCY=16
ENV
    ;;
  *) die "usage: $0 start|stop|status|env" ;;
esac
