#!/usr/bin/env bash
# The test command (README, second command; CI runs it too): install lessonlib with its dev extra into the Python
# environment this runs in, then run every check and notebook test. Ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
echo "== installing lessonlib[dev] into $($PY -c 'import sys; print(sys.prefix)')"
$PY -m pip install --disable-pip-version-check -q -e '.[dev]' || { echo "pip install -e '.[dev]' failed"; echo "0 passed, 1 failed"; exit 1; }
export MPLBACKEND=Agg
# One OpenMP thread per process: nbdev_test runs notebooks two at a time on two cores, and oversubscribed OpenMP
# threads spin against each other (tiny models ran ~50x slower per batch that way).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
exec $PY tools/check.py "$@"
