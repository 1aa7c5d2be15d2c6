#!/usr/bin/env bash
# Installs the Debian 12 packages photocat needs, and nothing when they are all present.
# Usage: packaging/install-deps.sh [--test|--fuzz|--bench]
#   --test adds the packages only the tests use; --fuzz those of `make fuzz` (clang, libFuzzer);
#   --bench those of bench/run's peers and load tools (the torch peer, wrk, FastAPI + uvicorn)
set -euo pipefail

build_pkgs=(
    cmake ninja-build g++ pkg-config ccache make
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqcustomplot-dev libgl-dev libqt6svg6 qt6-image-formats-plugins
    libtorch-dev libopenblas0-pthread
    libopencv-dev libjpeg-dev libsqlite3-dev zlib1g-dev libexif-dev libzip-dev libonnx-dev
    nlohmann-json3-dev libcli11-dev libcpp-httplib-dev libgloo-dev
    dataset-fashion-mnist
)
test_pkgs=(python3-torch python3-torchvision python3-pil python3-onnx python3-selenium chromium
           chromium-driver time dpkg-dev clang-format)
fuzz_pkgs=(clang-14 libclang-rt-14-dev)
bench_pkgs=(python3-torch python3-torchvision python3-pil time wrk python3-fastapi python3-uvicorn)

pkgs=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && pkgs+=("${test_pkgs[@]}")
[[ "${1:-}" == "--fuzz" ]] && pkgs+=("${fuzz_pkgs[@]}")
[[ "${1:-}" == "--bench" ]] && pkgs+=("${bench_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "photocat: installing missing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
