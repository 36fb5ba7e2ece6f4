#!/usr/bin/env bash
# Sourced by the bench scripts: `container_memory DOCKER_CLI CONTAINER` prints every process
# of the container with its RSS and PSS, both totals, and the container's own figure. RSS counts
# the pages processes share (nginx's workers, the libraries) once per process; PSS splits them,
# so its total is what the processes hold together. The container's figure is its cgroup's
# charge less the page cache it could drop, as `docker stats` shows it.
# shellcheck disable=SC2016 # the script runs in the container's shell
container_memory() {
  "$1" exec "$2" sh -c '
    for status in /proc/[0-9]*/status; do
      dir=${status%/status}
      [ "${dir#/proc/}" = "$$" ] && continue
      rss=$(awk "/^VmRSS:/ { print \$2 }" "$status" 2>/dev/null)
      pss=$(awk "/^Pss:/ { print \$2 }" "$dir/smaps_rollup" 2>/dev/null)
      [ -n "$rss" ] && [ -n "$pss" ] && echo "$rss $pss $(tr "\0" " " <"$dir/cmdline" | cut -c1-80)"
    done' | awk '
    $3 == "awk" || $3 == "tr" || $3 == "cut" { next }
    { rss = $1; pss = $2; $1 = $2 = ""; sub(/^  /, ""); total_rss += rss; total_pss += pss
      printf "  RSS %6.1f MB  PSS %6.1f MB  %s\n", rss / 1024, pss / 1024, $0 }
    END { printf "  RSS %6.1f MB  PSS %6.1f MB  all processes\n", total_rss / 1024, total_pss / 1024 }'
  "$1" stats --no-stream --format '  container (cgroup, as docker stats shows it): {{.MemUsage}}' "$2"
}
