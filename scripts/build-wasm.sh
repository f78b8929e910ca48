#!/usr/bin/env bash
# Rebuilds assets/crimeproof-form.wasm, the scoring that the browser form (`crimeproof form`)
# embeds. The artifact is committed so that building the CLI needs no wasm32 target; CI runs
# this script with --check and fails when the committed file differs byte for byte from a fresh
# build (a change in crates/core or crates/wasm, or a new Rust toolchain: then run it and commit).
set -euo pipefail
cd "$(dirname "$0")/.."
out=assets/crimeproof-form.wasm
target=target/wasm-form
# Paths would otherwise end up in panic messages and make the bytes depend on the machine.
registry="${CARGO_HOME:-$HOME/.cargo}/registry"
export RUSTFLAGS="--remap-path-prefix=$PWD=/crimeproof --remap-path-prefix=$registry=/cargo"
export CARGO_TARGET_DIR="$target"
cargo build --locked --quiet -p crimeproof-wasm --target wasm32-unknown-unknown --profile wasm
built="$target/wasm32-unknown-unknown/wasm/crimeproof_wasm.wasm"
if [ "${1:-}" = "--check" ]; then
  if cmp -s "$built" "$out"; then
    echo "$out is up to date ($(wc -c <"$out") bytes)"
  else
    echo "$out is out of date: run scripts/build-wasm.sh and commit the result" >&2
    exit 1
  fi
else
  install -m 644 "$built" "$out"
  echo "wrote $out ($(wc -c <"$out") bytes)"
fi
