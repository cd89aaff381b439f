#!/usr/bin/env bash
# Compile time of the generated crate's own code: dependencies built first, then the crate
# rebuilt alone (`touch src/lib.rs`) with incremental compilation off, 3 times (RUNS=n for
# another count); prints each.
#
#   bash xtask/compile-time.sh real          # the crate in generated/
#   bash xtask/compile-time.sh 100           # a synthetic spec of 100 types x 30 properties
#   RUNS=1 bash xtask/compile-time.sh 1000   # 1,000 types: minutes a build
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-real}
if [ "$what" = real ]; then
  dir=generated
  package=(-p graph-education)
else
  dir=target/compile-time/types-$what
  mkdir -p "$dir/specs"
  cargo xtask synthetic-spec --types "$what" --properties 30 --out "$dir/specs/spec.yaml"
  # The generated crate's manifest, standing alone, with the workspace's lock file; written
  # first, since codegen reads the crate's version from it. Each run starts the API anew.
  {
    printf '[package]\nname = "graph-education-synthetic"\nversion = "0.0.0"\nedition = "2024"\n\n[lib]\nname = "graph_education"\n\n'
    sed -n '/^\[dependencies\]/,/^\[dev-dependencies\]/p' generated/Cargo.toml | sed '$d' | sed "s|\"../runtime\"|\"$PWD/runtime\"|"
    printf '\n[workspace]\n'
  } > "$dir/Cargo.toml"
  cp Cargo.lock "$dir/Cargo.lock"
  rm -f "$dir/API.txt"
  cargo xtask codegen --specs "$dir/specs" --out "$dir" > /dev/null
  package=(--manifest-path "$dir/Cargo.toml" --offline)
fi
CARGO_INCREMENTAL=0 cargo build -q "${package[@]}"
for _ in $(seq "${RUNS:-3}"); do
  touch "$dir/src/lib.rs"
  /usr/bin/time -f "%e s, %M KB max RSS" env CARGO_INCREMENTAL=0 cargo build -q "${package[@]}"
done
