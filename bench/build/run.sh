#!/usr/bin/env bash
# Build benchmark: builds the bundled site and a synthetic corpus (default 100 cities × 50
# initiatives × 2 languages ≈ 10,000 initiative pages) with the release binary, and prints wall
# time and peak memory. Usage: bench/build/run.sh [CITIES] [INITIATIVES] [TERMS]
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
bin="$PWD/target/release/keikaku"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
measure() {  # label, project dir
  local label="$1" dir="$2"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --root "$dir" build --output "$work/out-$label" 2> "$work/log" >/dev/null || { cat "$work/log"; exit 1; }
  read -r secs kb < "$work/time"
  local pages files
  pages=$(find "$work/out-$label" -name '*.html' | wc -l)
  files=$(find "$work/out-$label" -type f | wc -l)
  printf '%-10s %8s pages %8s files %8.2f s wall %8.0f MiB peak\n' "$label" "$pages" "$files" "$secs" "$((kb / 1024))"
}
measure bundled "$PWD"
python3 bench/build/generate.py "$work/synthetic" "${1:-100}" "${2:-50}" "${3:-200}" >/dev/null
measure synthetic "$work/synthetic"
