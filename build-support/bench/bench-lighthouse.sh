#!/usr/bin/env bash
# Lighthouse benchmark (mobile profile, Debian's Chromium) of the watchlist, an ETF page and a
# comparison: prints each page's scores and the figures behind performance, and fails when an
# accessibility or best-practices audit does (bench_lighthouse.py says why only those).
#   build-support/bench/bench-lighthouse.sh               builds the image, then scores it once
#   build-support/bench/bench-lighthouse.sh IMAGE [RUNS]  scores IMAGE, RUNS times a page
set -euo pipefail
cd "$(dirname "$0")/../.."

image="${1:-}"
if [[ -z "$image" ]]; then
  # The id rather than etftool:latest, which another build on this engine may have moved. tee
  # appends: opening a log file that stderr goes to without -a would empty it.
  image="$(./pants --no-pantsd package docker:etftool 2>&1 | tee -a /dev/stderr | sed -n 's/^Docker image ID: //p')"
fi
./pants --no-pantsd run build-support/bench/bench_lighthouse.py -- "$image" "${2:-1}"
