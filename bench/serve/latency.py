#!/usr/bin/env python3
"""Edit-to-page latency of `keikaku serve`: starts the server on a copy of a project, edits one
initiative's title several times, and measures how long after each write the page's URL serves
the new title (polling every 5 ms). Prints each run, the median and the worst.

Usage: bench/serve/latency.py [--corpus CITIES INITIATIVES] [--runs N] [--bin PATH]
Without --corpus the bundled site is used; with it, bench/build/generate.py writes a synthetic
project. The binary defaults to target/release/keikaku (build it with cargo build --release)."""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
parser = argparse.ArgumentParser()
parser.add_argument("--corpus", nargs=2, type=int, metavar=("CITIES", "INITIATIVES"))
parser.add_argument("--runs", type=int, default=7)
parser.add_argument("--bin", default=os.path.join(repo, "target", "release", "keikaku"))
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="keikaku-serve-")
project = os.path.join(work, "project")
try:
    if args.corpus:
        cities, initiatives = args.corpus
        subprocess.run([sys.executable, os.path.join(repo, "bench", "build", "generate.py"), project, str(cities), str(initiatives), "200"],
                       check=True, stdout=subprocess.DEVNULL)
        source = "content/plans/city0-dx/initiatives/1-0.ja.md"
        page = "/ja/plans/city0-dx/1-0/"
    else:
        os.makedirs(project)
        for name in ["keikaku.toml", "content", "themes"]:
            src = os.path.join(repo, name)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(project, name))
        source = "content/plans/hamamatsu-dx-2/initiatives/1-1.ja.md"
        page = "/ja/plans/hamamatsu-dx-2/1-1/"
    server = subprocess.Popen([args.bin, "--root", project, "serve", "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))

        def get(path):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                return r.read().decode("utf-8")

        path = os.path.join(project, source)
        original = open(path, encoding="utf-8").read()
        title = re.search(r'^title = "(.*)"$', original, re.M).group(1)
        latencies = []
        for run in range(args.runs):
            marker = f"{title} 改{run}"
            text = original.replace(f'title = "{title}"', f'title = "{marker}"', 1)
            time.sleep(1.5)  # let the previous background render finish
            start = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            while marker not in get(page):
                if time.monotonic() - start > 60:
                    sys.exit(f"no new page after 60 s (run {run})")
                time.sleep(0.005)
            latencies.append((time.monotonic() - start) * 1000)
            print(f"run {run + 1}: {latencies[-1]:.0f} ms")
        what = f"{args.corpus[0]} × {args.corpus[1]} corpus" if args.corpus else "bundled site"
        print(f"{what}: median {statistics.median(latencies):.0f} ms, worst {max(latencies):.0f} ms "
              f"(edit of {source} until {page} serves it)")
    finally:
        server.terminate()
        server.wait()
finally:
    shutil.rmtree(work, ignore_errors=True)
