# Shared by compare.sh and compare-jit.sh (sourced from this folder): the `ruchy` to time and the timing helpers.
# RUCHY: the published `ruchy` (ReadyToRun, as `dotnet publish kernel -c Release` makes it), published once into
# $RUCHY_PUBLISH_DIR (default: a folder under /tmp) unless RUCHY names another build.
if [ -z "${RUCHY:-}" ]; then
  out=${RUCHY_PUBLISH_DIR:-${TMPDIR:-/tmp}/ruchy-compare}
  dotnet publish ../../kernel -c Release -o "$out" > /dev/null
  RUCHY=$out/ruchy
fi
ms() { local s=$(date +%s%N); "$@" > /dev/null; echo $(( ($(date +%s%N) - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
