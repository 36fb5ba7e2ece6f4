#!/usr/bin/env bash
# Builds docker:etftool and prints its image id, the build's own output going to stderr.
# The id rather than etftool:latest, which another build on this engine may have moved. tee
# appends: opening a log file that stderr goes to without -a would empty it.
set -euo pipefail
cd "$(dirname "$0")/../.."
./pants --no-pantsd package docker:etftool 2>&1 | tee -a /dev/stderr | sed -n 's/^Docker image ID: //p'
