#!/usr/bin/env bash
# Instructions per call of the codec benchmarks' cases, counted by callgrind (exact, whatever
# the host is doing): each case runs CALLS times, less a run of none (the process's start-up).
#
#   bash xtask/instructions.sh                      # every case
#   bash xtask/instructions.sh parse_generated ...  # the cases named (`loops list` has them all)
#   CALLS=200 bash xtask/instructions.sh parse_page_plain parse_page_generated  # 140 KB each
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${CALLS:-20000}   # fewer for the large cases: CALLS=200 ...
command -v valgrind > /dev/null || { echo "valgrind is needed (callgrind counts)" >&2; exit 1; }
built=$(cargo bench -p graph-education --bench loops --no-run 2>&1) || { echo "$built" >&2; exit 1; }
binary=$(sed -n 's/.*Executable benches\/loops.rs (\(.*\))$/\1/p' <<< "$built")
known=$("$binary" list)
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases <<< "$known"
fi
for case in "${cases[@]}"; do
  grep -qx -- "$case" <<< "$known" || { echo "no case $case; the cases: $(echo $known)" >&2; exit 1; }
done
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
for case in "${cases[@]}"; do
  start=$(count "$case" 0)
  total=$(count "$case" "$calls")
  echo "$case: $(( (total - start) / calls )) instructions a call"
done
