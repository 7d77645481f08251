#!/usr/bin/env bash
# Regenerates the expected outputs of the series fixtures with the independent Python peer.
# Needs ../shared/bench (the peers) and its virtualenv: bash ../shared/bench/setup.sh /tmp/peer-venv
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="${BENCH:-$here/../../../shared/bench}"
python="${PEER_PYTHON:-/tmp/peer-venv/bin/python}"
for name in small-complete small-shuffled-missing; do
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$bench/peer_numpy.py" "$here/$name.csv" "$here/$name.expected.csv"
done
