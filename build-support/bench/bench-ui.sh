#!/usr/bin/env bash
# UI budgets benchmark (prints figures; asserts nothing): first-load JavaScript of each page
# (gzip) against the 200 KB budget, and the time the ETF page's price chart takes to build
# and paint 10 years of daily bars (SPX) in headless Chromium against the 300 ms target.
#   build-support/bench/bench-ui.sh          builds the image, then measures that very image
#   build-support/bench/bench-ui.sh IMAGE    measures IMAGE (an id or a tag)
set -euo pipefail
cd "$(dirname "$0")/../.."

image="${1:-$(build-support/bench/built-image.sh)}"
./pants --no-pantsd run build-support/bench/bench-ui.py -- "$image"
