#!/usr/bin/env bash
# The JIT tier against the register VM (the same IR's bytecode, jit=off) and the Lua peers, whole processes,
# interleaved round by round (the machines are shared and noisy), median of ROUNDS runs.
# Usage: benchmarks/vm/compare-jit.sh [ROUNDS]
# Runs the published `ruchy` (as compare.sh does); set RUCHY=path/to/ruchy to time another build.
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}
source ./common.sh
have() { command -v "$1" > /dev/null && echo yes || true; }
lua=$(have lua5.4); luajit=$(have luajit)
startup=()
for ((r = 0; r < rounds; r++)); do startup+=("$(ms "$RUCHY" -e 0)"); done
echo "rounds: $rounds; host: $(dotnet --version) SDK, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); times in ms, whole process"
echo "ruchy: $RUCHY (start-up, 'ruchy -e 0': $(median "${startup[@]}") ms)"
printf "%-10s %10s %10s %10s %10s %8s %10s\n" program jit=off jit=full lua5.4 luajit off/full full/luajit
for p in fib loop sieve matrix strings; do
  declare -A t=()
  for ((r = 0; r < rounds; r++)); do
    t[off]+="$(ms "$RUCHY" run --engine jit --switch jit=off "$p.ruchy") "
    t[full]+="$(ms "$RUCHY" run --engine jit "$p.ruchy") "
    if [ -n "$lua" ]; then t[lua]+="$(ms lua5.4 "$p.lua") "; fi
    if [ -n "$luajit" ]; then t[luajit]+="$(ms luajit "$p.lua") "; fi
  done
  o=$(median ${t[off]}); f=$(median ${t[full]})
  l=$( [ -n "$lua" ] && median ${t[lua]} || echo 0); j=$( [ -n "$luajit" ] && median ${t[luajit]} || echo 0)
  printf '%-10s %10s %10s %10s %10s %8s %10s\n' "$p" "$o" "$f" "$l" "$j" "$(awk "BEGIN {printf \"%.2f\", $o/$f}")" \
    "$( [ "$j" != 0 ] && awk "BEGIN {printf \"%.2f\", $f/$j}" || echo -)"
  unset t
done
