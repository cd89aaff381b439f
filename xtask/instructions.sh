#!/usr/bin/env bash
# Instructions per call of the codec benchmarks' cases, counted by callgrind (exact, whatever
# the host is doing): each case runs CALLS times, less a run of none (the process's start-up).
#
#   bash xtask/instructions.sh                      # every case
#   bash xtask/instructions.sh parse_generated ...  # the cases named (see generated/benches/loops.rs)
set -euo pipefail
cd "$(dirname "$0")/.."
calls=20000
binary=$(cargo bench -p graph-education --bench loops --no-run 2>&1 |
  sed -n 's/.*Executable benches\/loops.rs (\(.*\))$/\1/p')
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  cases=(parse_plain parse_flatten parse_generated update_json_macro update_body
    contacts_json_macro contacts_body serialize_plain serialize_generated
    serialize_generated_with_unknown to_json_generated)
fi
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$1" "$2" 2>&1 |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
for case in "${cases[@]}"; do
  start=$(count "$case" 0)
  total=$(count "$case" "$calls")
  echo "$case: $(( (total - start) / calls )) instructions a call"
done
