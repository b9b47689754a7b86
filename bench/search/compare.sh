#!/usr/bin/env bash
# Compares keikaku's search with Pagefind 1.6 on the bundled site, side by side, in headless
# Chromium (see compare.js for what is measured and how). Builds the site (release) into a
# temporary directory, installs the pinned npm packages (npm ci), and with --write updates
# bench/search/RESULTS.md. Needs Chromium at /usr/bin/chromium (or CHROMIUM=path).
#
#   bench/search/compare.sh [--write]
#
# RUNS=n sets the number of runs (default 3); KEEP=1 keeps the work directory (the built site, the
# Pagefind copy and bundle, results.json with every query's results).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

write=""
if [ "${1:-}" = "--write" ]; then write=1; shift; fi
if [ $# -gt 0 ]; then echo "usage: bench/search/compare.sh [--write]" >&2; exit 2; fi

if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/keikaku-search-bench.XXXXXX")"
if [ -n "${KEEP:-}" ]; then
  echo "keeping $work (results.json has every query's results)" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

(cd "$root" && cargo build --release --quiet)
"$root/target/release/keikaku" --root "$root" build --output "$work/site" >&2

args=(--site "$work/site" --work "$work" --runs "${RUNS:-3}")
if [ -n "$write" ]; then
  args+=(--results "$here/RESULTS.md" --command "${RUNS:+RUNS=$RUNS }bench/search/compare.sh --write")
fi
node "$here/compare.js" "${args[@]}"
