// What a first query downloads on a built site: for every query of tests/search/real_queries.json,
// a fresh engine of search.js (nothing cached) answers it the way the search page does — meta.json
// first (the page loads it for the filters), then the query's shards, then what the first page
// of ten results shows (engine.doc and engine.excerpt of each) — and every file it asks for is
// counted once, as stored and as served (gzip when that is smaller, as bench/search/compare.js
// serves). No browser, no network: the numbers depend only on the site and the script.
//
//   node bench/search/first_query.js --site DIR [--static DIR] [--json FILE] [--each]
//
// --static is the directory holding search.js and search-tokenizer.js (default: the theme's), so
// that an older build is measured with the script it shipped with. --each prints every query;
// --json writes every number, with every query's results as URLs in order (`results`), so that
// two builds can be compared for identical results.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.join(__dirname, '..', '..');
const PAGE_SIZE = 10;

function parseArgs(argv) {
  const args = { static: path.join(root, 'themes/default/static') };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (name === '--each') args.each = true;
    else if (['--site', '--static', '--json'].includes(name) && i + 1 < argv.length) args[name.slice(2)] = argv[++i];
    else throw new Error(`unexpected argument ${name}`);
  }
  if (!args.site) throw new Error('usage: node bench/search/first_query.js --site DIR [--static DIR] [--json FILE] [--each]');
  return args;
}

function served(bytes) {
  return Math.min(bytes.length, zlib.gzipSync(bytes).length);
}

/* The files one first query loads: [{file, bytes, served}], in the order asked for. */
async function firstQuery(S, indexDir, q) {
  const loaded = [];
  const engine = S.createEngine({
    load(file) {
      const bytes = fs.readFileSync(path.join(indexDir, file));
      loaded.push({ file, bytes: bytes.length, served: served(bytes) });
      return Promise.resolve(JSON.parse(bytes.toString('utf8')));
    },
  });
  await engine.meta();
  const result = await engine.search(q);
  const shown = result.hits.slice(0, PAGE_SIZE);
  const urls = await Promise.all(shown.map(async (hit) => {
    const [header] = await Promise.all([engine.doc(hit.doc), engine.excerpt(hit, result.terms)]);
    return header.url;
  }));
  return { loaded, hits: result.hits.length, urls };
}

/* Every result of a query, in order, as URLs (a separate engine, so nothing above is counted). */
async function allResults(S, indexDir, q) {
  const engine = S.createEngine({
    load: (file) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(indexDir, file), 'utf8'))),
  });
  const result = await engine.search(q);
  return Promise.all(result.hits.map(async (hit) => (await engine.doc(hit.doc)).url));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(rows) {
  const of = (key) => rows.map((r) => r[key]);
  return {
    queries: rows.length,
    requests: { median: median(of('requests')), max: Math.max(...of('requests')) },
    bytes: { median: median(of('bytes')), max: Math.max(...of('bytes')) },
    served: { median: median(of('served')), max: Math.max(...of('served')) },
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const S = require(path.resolve(args.static, 'search.js'));
  const set = JSON.parse(fs.readFileSync(path.join(root, 'tests/search/real_queries.json'), 'utf8'));
  const rows = [];
  for (const query of set.queries) {
    const indexDir = path.join(args.site, query.lang, 'search-index');
    const { loaded, hits, urls } = await firstQuery(S, indexDir, query.q);
    const results = await allResults(S, indexDir, query.q);
    const sum = (key) => loaded.reduce((a, l) => a + l[key], 0);
    rows.push({
      lang: query.lang,
      q: query.q,
      hits,
      urls,
      results,
      requests: loaded.length,
      bytes: sum('bytes'),
      served: sum('served'),
      files: loaded.map((l) => l.file),
    });
  }
  const scripts = ['search.js', 'search-tokenizer.js'].map((f) => fs.readFileSync(path.join(args.static, f)));
  const out = {
    site: path.resolve(args.site),
    scripts: { bytes: scripts.reduce((a, b) => a + b.length, 0), served: scripts.reduce((a, b) => a + served(b), 0) },
    all: summary(rows),
    ja: summary(rows.filter((r) => r.lang === 'ja')),
    en: summary(rows.filter((r) => r.lang === 'en')),
    rows,
  };
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(out, null, 1) + '\n');
  if (args.each) {
    for (const r of rows) console.log(`${r.lang} ${JSON.stringify(r.q)}: ${r.hits} hits, ${r.requests} files, ${r.bytes} B stored, ${r.served} B served`);
  }
  console.log(`scripts (search.js + search-tokenizer.js, not counted below): ${out.scripts.bytes} B stored, ${out.scripts.served} B served`);
  for (const name of ['all', 'ja', 'en']) {
    const s = out[name];
    console.log(`${name} (${s.queries} queries): files median ${s.requests.median} max ${s.requests.max}; ` +
      `stored median ${s.bytes.median} B max ${s.bytes.max} B; served median ${s.served.median} B max ${s.served.max} B`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { firstQuery, summary };
