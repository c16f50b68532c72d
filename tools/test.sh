#!/usr/bin/env bash
# The test command (README, second command; CI runs it too): install lessonlib with its dev extra into the Python
# environment this runs in, then run every check and notebook test. Ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
t0=$(date +%s)
echo "== installing lessonlib[dev] into $($PY -c 'import sys; print(sys.prefix)')"
if ! $PY -c 'import torch, torchvision' 2>/dev/null; then
  echo "   the first install downloads PyTorch (about 2.6 GB: the CUDA build, which also runs on a CPU): several minutes"
fi
# pip's progress in a few lines: what it downloads (with sizes), what it installed, and any error
$PY -m pip install --disable-pip-version-check -e '.[dev]' 2>&1 | grep --line-buffered -E '^ *(Downloading|Successfully installed|ERROR|error)' \
  | sed -u -E 's/^ *(.{0,150}).*/   \1/'
[ "${PIPESTATUS[0]}" = 0 ] || { echo "pip install -e '.[dev]' failed (its errors are above)"; echo "0 passed, 1 failed"; exit 1; }
echo "== installed in $(( $(date +%s) - t0 )) s"
export MPLBACKEND=Agg
# One OpenMP thread per process: notebooks are tested two at a time on two cores, and oversubscribed OpenMP
# threads spin against each other (tiny models ran ~50x slower per batch that way).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
exec $PY tools/check.py "$@"
