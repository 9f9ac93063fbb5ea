#!/usr/bin/env bash
# Set-up steps shared by .ci/test and .ci/bench (sourced, not run): each
# installs what is missing, so both work on a fresh machine.

python_env() {
  phase "python: virtualenv and test dependencies"
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r py/requirements-dev.txt
  phase "python: build and install the wheel"
  # maturin gets its own target dir: sharing one with cargo rebuilds pyo3 on
  # every switch (different features and environment).
  .venv/bin/maturin build --release -m py/Cargo.toml --target-dir target/maturin -o target/wheels
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/chitieu-*.whl
}

wasm_env() {
  phase "wasm: tools (target, wasm-bindgen CLI at the Cargo.lock version, npm packages, Chromium)"
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock)
  # Not --locked: a pinned dependency of the CLI is missing from the registry mirror.
  # Without CARGO_TARGET_DIR, cargo install builds in a temporary directory
  # it removes afterwards, so the tool's build takes no lasting disk.
  wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen" || env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$bindgen"
  (cd wasm && npm ci --no-audit --no-fund)
  if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
    else
      echo "chromium is not installed and this is not root: the browser tests will be skipped" >&2
    fi
  fi

  phase "wasm: build"
  bash wasm/build.sh
}
