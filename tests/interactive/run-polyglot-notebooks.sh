#!/usr/bin/env bash
# Runs every Polyglot (.NET Interactive) notebook in notebooks/ headlessly with dotnet-repl against a
# freshly packed RuchyLab.Interactive, and fails on any error output.
# Notebooks load the package with `#i "nuget: @RUCHYLAB_FEED@"`: dotnet-repl does not resolve a relative
# feed path (it reports "Invalid URI"), so each notebook runs from a copy with the absolute feed path.
# Last line: "polyglot notebooks: N passed, N failed"; exit 1 on any failure. Skips (exit 0) with a
# clear line when dotnet-repl cannot be installed.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
feed="$root/artifacts/feed"
out="$root/artifacts/polyglot"
version=0.1.0
repl_version=0.3.259

# The package, packed into a local feed. NuGet caches a package by id and version, so the cached copy of
# this version goes too: otherwise a notebook would run the previous build's assemblies.
rm -rf "$feed" "$out"
mkdir -p "$feed" "$out"
if ! dotnet pack kernel/Interactive/RuchyLab.Interactive.csproj -c Release -nologo -v q -o "$feed" \
    -p:RuchyLabInteractiveVersion="$version" > "$out/pack.log" 2>&1; then
  tail -20 "$out/pack.log" >&2
  echo "polyglot notebooks: 0 passed, 1 failed (dotnet pack kernel/Interactive failed)"
  exit 1
fi
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/ruchylab.interactive/$version"

# dotnet-repl as a local tool (pinned in .config/dotnet-tools.json).
# (.NET 10 would put a new manifest at the root; -o keeps it in .config, where the committed one is.)
if [ ! -f .config/dotnet-tools.json ]; then
  dotnet new tool-manifest -o .config > /dev/null 2>&1
fi
if ! grep -q '"dotnet-repl"' .config/dotnet-tools.json 2> /dev/null; then
  dotnet tool install dotnet-repl --version "$repl_version" > "$out/tool.log" 2>&1
fi
if ! dotnet tool restore > "$out/tool.log" 2>&1 || ! dotnet tool run dotnet-repl --version > /dev/null 2>&1; then
  echo "polyglot notebooks: skipped: dotnet-repl $repl_version could not be installed (see $out/tool.log)"
  exit 0
fi

# A Polyglot .ipynb says so in its metadata; Jupyter notebooks for the ruchy kernelspec are not ours to run.
is_polyglot() {
  case "$1" in
    *.dib) return 0 ;;
    *.ipynb) grep -q '"polyglot_notebook"\|"dotnet_interactive"\|"\.net-' "$1" ;;
    *) return 1 ;;
  esac
}

# Error outputs in a notebook dotnet-repl wrote: "cell N: message" per error, nothing when clean.
errors_in() {
  /usr/bin/python3 - "$1" << 'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
for i, cell in enumerate(nb.get("cells", []), 1):
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            print(f"cell {i}: {o.get('ename', '')}: {o.get('evalue', '')}"[:400])
PY
}

passed=0
failed=0
shopt -s nullglob
for nb in notebooks/*.dib notebooks/*.ipynb; do
  is_polyglot "$nb" || continue
  name=$(basename "$nb")
  copy="$out/input-$name"
  result="$out/${name%.*}.ipynb"
  sed "s|@RUCHYLAB_FEED@|$feed|g" "$nb" > "$copy"
  # dotnet-repl exits non-zero when a cell fails; the output notebook says which cells and why.
  rc=0
  timeout 900 dotnet tool run dotnet-repl --run "$copy" --exit-after-run --output-path "$result" > "$out/${name%.*}.log" 2>&1 || rc=$?
  problems=""
  [ -s "$result" ] && problems=$(errors_in "$result")
  if [ "$rc" -ne 0 ] || [ ! -s "$result" ] || [ -n "$problems" ]; then
    echo "FAIL $nb (dotnet-repl exit code $rc, log $out/${name%.*}.log)"
    [ -s "$result" ] || echo "  no output notebook written"
    [ -n "$problems" ] && echo "$problems" | sed 's/^/  /'
    failed=$((failed + 1))
  else
    echo "ok   $nb"
    passed=$((passed + 1))
  fi
done

echo "polyglot notebooks: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
