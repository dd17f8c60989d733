#!/usr/bin/env bash
# notebook_test.sh EXPORT_NOTEBOOKS BNTRACE OUT: the exported notebooks run, and every assertion in them holds.
# export_notebooks writes the step lab's (train, eval, backward, constant feature, Keras) and the image lab's
# (batch, layer, instance, group) notebooks through the app's share-notebook commands; bntrace --format notebook
# writes one more; run_notebooks.py executes them all in one Python kernel (Debian's python3-nbclient,
# python3-ipykernel, python3-numpy, python3-torch for /usr/bin/python3) and prints "N passed, N failed" last.
set -uo pipefail
export_notebooks=${1:?usage: notebook_test.sh EXPORT_NOTEBOOKS BNTRACE OUT}
bntrace=${2:?usage: notebook_test.sh EXPORT_NOTEBOOKS BNTRACE OUT}
out=${3:?usage: notebook_test.sh EXPORT_NOTEBOOKS BNTRACE OUT}
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
rm -rf "$out" && mkdir -p "$out"
if ! "$python" -c 'import nbclient, ipykernel, numpy, torch' 2>/dev/null; then
  echo "not ok - $python lacks nbclient, ipykernel, numpy or torch (apt-get install python3-nbclient python3-ipykernel python3-numpy python3-torch)"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! "$export_notebooks" "$out" >/dev/null; then
  echo "not ok - export_notebooks failed"
  echo "0 passed, 1 failed"
  exit 1
fi
cat >"$out/bntrace-input.json" <<'JSON'
{"x": [[0.5, 10, -3], [1.5, 12, -3.5], [2.5, 9, -2], [3.5, 11, -4], [-1, 10.5, -3]],
 "gamma": [2, 0.5, 1], "beta": [1, 0, -0.5], "eps": 0.001, "momentum": 0.3,
 "dy": [[1, -1, 0.5], [0, 2, 1], [-1, 0.5, 0], [2, 1, -1], [0.5, 0, 2]]}
JSON
if ! "$bntrace" --format notebook "$out/bntrace-input.json" >"$out/bntrace.ipynb"; then
  echo "not ok - bntrace --format notebook failed"
  echo "0 passed, 1 failed"
  exit 1
fi
exec "$python" "$here/run_notebooks.py" "$out"/*.ipynb
