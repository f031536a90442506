#!/usr/bin/env bash
# jupyter_kernel_test (and an nbclient smoke run) against the Ruchy and MeTTa kernels, then every
# notebook under notebooks/ executed with nbclient (run-notebooks.py; executed copies in artifacts/notebooks).
# Installs the kernelspecs into a temporary JUPYTER_PATH so nothing in $HOME changes.
# Last lines: "notebooks: N passed, N failed" and "jupyter_kernel_test: N passed, N failed"; exit 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
# Debian's python: the pyenv python3 on PATH cannot import the Debian Jupyter packages.
PY=/usr/bin/python3
# No __pycache__ in the source tree.
export PYTHONDONTWRITEBYTECODE=1

if [ ! -x "$PY" ] || ! "$PY" -c "import jupyter_kernel_test, jupyter_client" 2>/dev/null; then
  echo "jupyter_kernel_test: skipped: $PY cannot import jupyter_kernel_test (not installed; apt-get install python3-jupyter-kernel-test python3-ipykernel jupyter-client python3-nbclient)"
  exit 0
fi

if ! dotnet build kernel/Ruchy.Kernel.csproj -c Release -nologo -v q > /dev/null; then
  echo "jupyter_kernel_test: build of kernel/Ruchy.Kernel.csproj failed" >&2
  dotnet build kernel/Ruchy.Kernel.csproj -c Release -nologo -v q 2>&1 | tail -20 >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dotnet kernel/bin/Release/net10.0/ruchy.dll kernel install --prefix "$tmp" > /dev/null || exit 1
export JUPYTER_PATH="$tmp/share/jupyter"
# Connection files go to a temporary runtime directory as well.
export JUPYTER_RUNTIME_DIR="$tmp/runtime"

status=0
nbclient_line=""
if "$PY" -c "import nbclient, nbformat" 2>/dev/null; then
  nbclient_out=$(cd tests/jupyter && "$PY" nbclient_smoke.py 2>&1) || status=1
  echo "$nbclient_out" | grep -v '^ruchy kernel:'
  nbclient_line=$(echo "$nbclient_out" | tail -1)
else
  nbclient_line="nbclient: skipped: $PY cannot import nbclient"
  echo "$nbclient_line"
fi

log="$tmp/unittest.log"
(cd tests/jupyter && "$PY" -m unittest -v test_ruchy_kernel) > "$log" 2>&1 || status=1
cat "$log"

# unittest prints "Ran N tests" and "FAILED (failures=F, errors=E, skipped=S)" or "OK (skipped=S)";
# a failing sub-test counts once per sub-test in failures=.
ran=$(grep -Eo '^Ran [0-9]+ test' "$log" | grep -Eo '[0-9]+' || echo 0)
failures=$(grep -Eo 'failures=[0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
errors=$(grep -Eo 'errors=[0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
skipped=$(grep -Eo 'skipped=[0-9]+' "$log" | grep -Eo '[0-9]+' || echo 0)
failed=$((failures + errors))
passed=$((ran - skipped - failed))
[ "$passed" -lt 0 ] && passed=0
[ "$ran" -eq 0 ] && status=1
[ "$failed" -ne 0 ] && status=1

# The notebooks (notebooks/*.ipynb), each on the kernel its metadata names, with the notebook's folder
# as working directory; the experiment notebook stores its quick run in results/ (not committed).
notebooks_line=""
if "$PY" -c "import nbclient, nbformat" 2>/dev/null; then
  notebooks_out=$("$PY" tests/jupyter/run-notebooks.py 2>&1) || status=1
  echo "$notebooks_out" | grep -v '^ruchy kernel:'
  notebooks_line=$(echo "$notebooks_out" | grep -E '^notebooks: ([0-9]+ passed, [0-9]+ failed|skipped)' | tail -1)
  [ -n "$notebooks_line" ] || { notebooks_line="notebooks: FAILED (run-notebooks.py printed no summary)"; status=1; }
else
  notebooks_line="notebooks: skipped: $PY cannot import nbclient"
fi

# Polyglot's `#!connect jupyter` (dotnet-interactive, a local tool) reaching the same kernelspec.
connect_line=""
if dotnet tool restore > /dev/null 2>&1 && dotnet tool run dotnet-interactive --version > /dev/null 2>&1; then
  connect_out=$("$PY" tests/jupyter/connect-jupyter.py 2>&1) || status=1
  echo "$connect_out"
  connect_line=$(echo "$connect_out" | grep -E '^connect jupyter: [0-9]+ passed' | tail -1)
  [ -n "$connect_line" ] || { connect_line="connect jupyter: FAILED (connect-jupyter.py printed no summary)"; status=1; }
else
  connect_line="connect jupyter: skipped: dotnet-interactive could not be restored as a local tool"
fi

echo "$nbclient_line"
echo "$connect_line"
echo "$notebooks_line"
echo "jupyter_kernel_test: ${passed} passed, ${failed} failed (${skipped} skipped: sample attributes not set)"
exit "$status"
