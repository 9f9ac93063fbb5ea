#!/usr/bin/env bash
# Builds the npm package's two WebAssembly modules from one crate: the core
# module (progress, validation, CSV/JSON, display formats), which pages load
# first, and the full module (the `full` feature: trend methods,
# allocation, area schemes, DHIS2 and IATI), loaded only by `chitieu/full`.
# Each is cargo, then the wasm-bindgen CLI at the version Cargo.lock pins,
# then wasm-opt from the npm `binaryen` package (Debian's binaryen is too
# old for wasm-bindgen's output). Writes pkg/sizes.json and prints sizes.
set -euo pipefail
cd "$(dirname "$0")"
root=..
target="${CARGO_TARGET_DIR:-$root/target}"

# The commune table ships beside the module, loaded on demand.
mkdir -p data && cp "$root/core/data/vn-communes.tsv" "$root/core/data/LICENSE-vietnamadminunits" data/

# `build NAME PROFILE "WASM-OPT FLAGS" [cargo flags]`
build() {
  local name=$1 profile=$2 opt; read -ra opt <<< "$3"; shift 3
  cargo build --profile "$profile" --target wasm32-unknown-unknown -p chitieu-wasm "$@"
  wasm-bindgen --target web --out-dir pkg --out-name "$name" --no-typescript --experimental-reset-state-function \
    "$target/wasm32-unknown-unknown/$profile/chitieu_wasm.wasm"
  node_modules/.bin/wasm-opt "${opt[@]}" --strip-debug --strip-producers "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.wasm"
}
rm -f pkg/chitieu_wasm.js pkg/chitieu_wasm_bg.wasm
# The core module is built for size first, the full one for size and speed
# (Cargo.toml's wasm-core and wasm-release profiles say why). `--converge`
# repeats -Oz while it still shrinks the module: 0.9 KB gzipped more,
# for a few seconds of build.
build chitieu_core wasm-core "-Oz --converge"
build chitieu_full wasm-release -Os --features full
node build-sizes.mjs
