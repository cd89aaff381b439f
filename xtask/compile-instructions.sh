#!/usr/bin/env bash
# Instructions rustc runs to check the generated crate's own code (`cargo check`, counted by
# cachegrind): exact and unmoved by the host, where compile-time.sh's seconds move with it by
# 20 % and more. The crate is made as compile-time.sh makes it; a check under cachegrind takes
# about 30 times as long as a plain one.
#
#   bash xtask/compile-instructions.sh 30     # a synthetic spec of 30 types x 30 properties
#   bash xtask/compile-instructions.sh real   # the crate in generated/
#   COMMAND=build bash xtask/compile-instructions.sh 30   # a whole build, code generation too
#   KEEP=1 bash xtask/compile-instructions.sh 30   # the crate as it is, e.g. edited by hand to
#                                                   # try a change before making it in the generator
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-30}
command -v valgrind > /dev/null || { echo "valgrind is needed (cachegrind counts)" >&2; exit 1; }
if [ "$what" = real ]; then
  dir=generated
  package=(-p graph-education --lib)
else
  dir=target/compile-time/types-$what
  [ -n "${KEEP:-}" ] || RUNS=0 bash xtask/compile-time.sh "$what" > /dev/null
  package=(--manifest-path "$dir/Cargo.toml" --offline)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A rustc wrapper that runs the generated crate's compilation, and only that, under cachegrind.
cat > "$work/wrapper" << 'WRAPPER'
#!/usr/bin/env bash
rustc=$1
shift
for arg in "$@"; do
  if [ "$arg" = graph_education ]; then
    exec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      --log-file="$COUNT_LOG" "$rustc" "$@"
  fi
done
exec "$rustc" "$@"
WRAPPER
chmod +x "$work/wrapper"
export CARGO_TARGET_DIR=$PWD/target/compile-instructions CARGO_INCREMENTAL=0
export RUSTC_WRAPPER=$work/wrapper COUNT_LOG=$work/count
command=${COMMAND:-check}
cargo "$command" -q "${package[@]}"
touch "$dir/src/lib.rs"
cargo "$command" -q "${package[@]}"
[ -s "$work/count" ] || { echo "cargo did not check the generated crate again" >&2; exit 1; }
sed -n 's/.*I *refs: *\([0-9,]*\).*/\1 instructions/p' "$work/count"
