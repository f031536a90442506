#!/usr/bin/env bash
# Side-by-side wall times of the issue-3 programs on the AST tier, the register and stack VMs and Lua 5.4,
# interleaved round by round (the machines are shared and noisy), median of ROUNDS runs; then the executed
# instruction counts of the two VMs (deterministic, from --stats).
# Usage: benchmarks/vm/compare.sh [ROUNDS]
# Runs the published `ruchy` (ReadyToRun, as `dotnet publish kernel -c Release` makes it), published once into
# $RUCHY_PUBLISH_DIR (default: a folder under /tmp); set RUCHY=path/to/ruchy to time another build instead.
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}
source ./common.sh
engines=(ast register stack)
have_lua=$(command -v lua5.4 || true)
startup=()
for ((r = 0; r < rounds; r++)); do startup+=("$(ms "$RUCHY" -e 0)"); done
echo "rounds: $rounds; host: $(dotnet --version) SDK, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); times in ms, whole process"
echo "ruchy: $RUCHY (start-up, 'ruchy -e 0': $(median "${startup[@]}") ms)"
printf "%-10s %10s %10s %10s %10s %8s %8s\n" program ast register stack lua5.4 ast/reg reg/lua
for p in fib loop sieve matrix strings; do
  declare -A t=()
  for ((r = 0; r < rounds; r++)); do
    for e in "${engines[@]}"; do t[$e]+="$(ms "$RUCHY" run --engine "$e" "$p.ruchy") "; done
    if [ -n "$have_lua" ]; then t[lua]+="$(ms lua5.4 "$p.lua") "; fi
  done
  a=$(median ${t[ast]}); g=$(median ${t[register]}); st=$(median ${t[stack]}); l=$( [ -n "$have_lua" ] && median ${t[lua]} || echo 0)
  printf '%-10s %10s %10s %10s %10s %8s %8s\n' "$p" "$a" "$g" "$st" "$l" "$(awk "BEGIN {printf \"%.2f\", $a/$g}")" "$( [ "$l" != 0 ] && awk "BEGIN {printf \"%.2f\", $g/$l}" || echo -)"
  unset t
done
echo
printf "%-10s %14s %14s %12s\n" program register stack stack/reg
count() { "$RUCHY" run --engine "$1" --stats "$2" 2>&1 | awk '/^instructions executed:/ {print $3}'; }
for p in fib loop sieve matrix strings; do
  g=$(count register "$p.ruchy"); st=$(count stack "$p.ruchy")
  printf '%-10s %14s %14s %12s\n' "$p" "$g" "$st" "$(awk "BEGIN {printf \"%.2f\", $st/$g}")"
done
