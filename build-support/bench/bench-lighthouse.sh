#!/usr/bin/env bash
# Lighthouse benchmark (mobile profile, Debian's Chromium) of the watchlist, an ETF page and a
# comparison: prints each page's scores and the figures behind performance, and fails when an
# accessibility or best-practices audit does (bench_lighthouse.py says why only those).
#   build-support/bench/bench-lighthouse.sh               builds the image, then scores it once
#   build-support/bench/bench-lighthouse.sh IMAGE [RUNS [THROTTLING]]
#                                   scores IMAGE, RUNS times a page; THROTTLING is simulate
#                                   (Lighthouse's default) or devtools (see bench_lighthouse.py)
set -euo pipefail
cd "$(dirname "$0")/../.."

image="${1:-$(build-support/bench/built-image.sh)}"
./pants --no-pantsd run build-support/bench/bench_lighthouse.py -- "$image" "${2:-1}" "${3:-simulate}"
