#!/usr/bin/env bash
# Builds the npm package's WebAssembly: cargo, then the wasm-bindgen CLI at
# the version Cargo.lock pins, then wasm-opt from the npm `binaryen` package
# (Debian's binaryen is too old for wasm-bindgen's output). Prints sizes.
set -euo pipefail
cd "$(dirname "$0")"
root=..
target="${CARGO_TARGET_DIR:-$root/target}"

# The commune table ships beside the module, loaded on demand.
mkdir -p data && cp "$root/core/data/vn-communes.tsv" "$root/core/data/LICENSE-vietnamadminunits" data/

cargo build --profile wasm-release --target wasm32-unknown-unknown -p chitieu-wasm
wasm-bindgen --target web --out-dir pkg --no-typescript --experimental-reset-state-function \
  "$target/wasm32-unknown-unknown/wasm-release/chitieu_wasm.wasm"
before=$(stat -c %s pkg/chitieu_wasm_bg.wasm)
node_modules/.bin/wasm-opt -Os --strip-debug --strip-producers pkg/chitieu_wasm_bg.wasm -o pkg/chitieu_wasm_bg.wasm
after=$(stat -c %s pkg/chitieu_wasm_bg.wasm)
gz=$(gzip -9 -c pkg/chitieu_wasm_bg.wasm | wc -c)
echo "chitieu_wasm_bg.wasm: $before bytes after wasm-bindgen, $after after wasm-opt -Os, $gz gzipped"
