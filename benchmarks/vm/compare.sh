#!/usr/bin/env bash
# Side-by-side wall times of the issue-3 programs on the AST tier, the register and stack VMs and Lua 5.4,
# interleaved round by round (the machines are shared and noisy), median of ROUNDS runs.
# Usage: benchmarks/vm/compare.sh [ROUNDS]   (needs a Release build: dotnet build kernel -c Release)
set -euo pipefail
cd "$(dirname "$0")"
rounds=${1:-5}
ruchy=(dotnet ../../kernel/bin/Release/net10.0/ruchy.dll run)
engines=(ast register stack)
have_lua=$(command -v lua5.4 || true)
ms() { local s=$(date +%s%N); "$@" > /dev/null; echo $(( ($(date +%s%N) - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "rounds: $rounds; host: $(dotnet --version) SDK, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); times in ms, whole process (.NET start-up ~70 ms included)"
printf "%-10s %10s %10s %10s %10s %8s %8s\n" program ast register stack lua5.4 ast/reg reg/lua
for p in fib loop sieve matrix strings; do
  declare -A t=()
  for ((r = 0; r < rounds; r++)); do
    for e in "${engines[@]}"; do t[$e]+="$(ms "${ruchy[@]}" --engine "$e" "$p.ruchy") "; done
    if [ -n "$have_lua" ]; then t[lua]+="$(ms lua5.4 "$p.lua") "; fi
  done
  a=$(median ${t[ast]}); g=$(median ${t[register]}); st=$(median ${t[stack]}); l=$( [ -n "$have_lua" ] && median ${t[lua]} || echo 0)
  printf '%-10s %10s %10s %10s %10s %8s %8s\n' "$p" "$a" "$g" "$st" "$l" "$(awk "BEGIN {printf \"%.2f\", $a/$g}")" "$( [ "$l" != 0 ] && awk "BEGIN {printf \"%.2f\", $g/$l}" || echo -)"
  unset t
done
