// Compares keikaku's search with Pagefind 1.6 on the same built site, in headless Chromium:
// bytes downloaded, index size, recall and precision on tests/search/real_queries.json, results
// for absent strings, and query latency. Run through compare.sh, which builds the site and
// installs the pinned packages:
//
//   node compare.js --site DIR --work DIR [--results RESULTS.md] [--command "…"]
//
// Fairness rules:
// - Both engines index the same pages: those of keikaku's index. Pagefind reads a copy of the
//   site in which exactly those pages carry data-pagefind-body on <main> (so no header, footer or
//   site navigation), and the parts of <main> that are navigation or repeat other pages
//   (NOT_CONTENT) carry data-pagefind-ignore. Pagefind picks each page's language from <html lang>.
// - Both are served by the same server code on 127.0.0.1: a response is gzip-encoded when that
//   makes it smaller (Pagefind's index files are gzip already, so they go as they are), with
//   Cache-Control max-age=600 as on GitHub Pages.
// - Both are driven through their JavaScript API from a page on their own origin: keikaku's
//   createEngine (what its search page uses) and Pagefind's pagefind.js (search, then data()).
//   "Shown" means the results a page of ten would show: the hits and, for the first ten, what a
//   result displays (keikaku: header and excerpt; Pagefind: data()).
// - Each engine and language runs in a fresh browser profile. Bytes are the response bodies as
//   transferred (encoded), from the browser's network events; the servers' own counts must agree.
// - Relevance is judged twice: on keikaku's indexed text (tests/search/real_queries.json) and on
//   the page content Pagefind reads (the same rules, applied to the text of <main> without the
//   NOT_CONTENT parts).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const zlib = require('node:zlib');
const { spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..', '..');
const real = require(path.join(root, 'tests/search/make_real_queries.js'));

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PAGEFIND = path.join(__dirname, 'node_modules/@pagefind/linux-x64/bin/pagefind_extended');
const LANGS = ['ja', 'en'];
/* A first query and the query it is refined into, per language. */
const REFINEMENTS = { ja: ['マイナンバー', 'マイナンバーカード'], en: ['number', 'my number card'] };
const SHOWN = 10;

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  if (!args.site || !args.work) throw new Error('usage: node compare.js --site DIR --work DIR [--runs N] [--results FILE --command TEXT]');
  return args;
}

/* ---- Files ---- */

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out); else out.push(p);
  }
  return out;
}

/* Size as stored and as served (gzip when that is smaller, as the benchmark server does). */
function sizes(files) {
  let disk = 0;
  let served = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    disk += bytes.length;
    served += Math.min(bytes.length, zlib.gzipSync(bytes).length);
  }
  return { files: files.length, disk, served };
}

/* The HTML file of a page URL in a site directory. */
function htmlFile(siteDir, url) {
  const p = new URL(url, 'http://x').pathname;
  return path.join(siteDir, decodeURIComponent(p), p.endsWith('/') ? 'index.html' : '');
}

/* ---- The Pagefind copy and the content of a page ---- */

const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark',
  'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);

function decodeEntities(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return named[name.toLowerCase()] ?? whole;
  });
}

/*
 * Parts of <main> that are navigation or repeat other pages, and that neither engine should count
 * as the page's content: the breadcrumb (the plan's title above an initiative's), the pager to
 * the previous and next initiative, lists of links to other pages (a plan's initiatives with
 * their facts; a term's related terms, plans and initiatives), and the hidden glossary tooltips
 * (a term's definition, where the term is used).
 */
const NOT_CONTENT = [
  /<p class="eyebrow"[^>]*>/g,
  /<nav\b[^>]*>/g,
  /<ul class="initiative-list"[^>]*>/g,
  /<section aria-labelledby="(related|plans|used-by)"[^>]*>/g,
  /<span class="term-tip"[^>]*\shidden>/g,
];

/* Start and end (exclusive) of the element whose start tag is at `at`, with nested ones. */
function elementRange(html, at) {
  const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(at))[1];
  const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, 'g');
  tags.lastIndex = at;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return [at, m.index + m[0].length];
  }
  return [at, html.length];
}

/* Start tags of the parts of a page that are not content. */
function notContentStarts(html) {
  const starts = [];
  for (const pattern of NOT_CONTENT) for (const m of html.matchAll(pattern)) starts.push(m.index);
  return starts.sort((a, b) => a - b);
}

/* The HTML of <main>, or ''. */
function mainHtml(html) {
  const main = /<main\b[^>]*>([\s\S]*?)<\/main>/.exec(html);
  return main ? main[1] : '';
}

/* The text of a page's content: <main> without scripts, styles, drawings and NOT_CONTENT. */
function contentText(html) {
  let main = mainHtml(html);
  // Remove from the last part to the first, so that earlier offsets stay valid.
  for (const at of notContentStarts(main).reverse()) {
    const [from, to] = elementRange(main, at);
    main = main.slice(0, from) + ' ' + main.slice(to);
  }
  const text = main
    .replace(/<(script|style|svg|template)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g, (_, tag) => (INLINE.has(tag.toLowerCase()) ? '' : '\n'));
  return decodeEntities(text);
}

/* Copies the site and marks the indexed pages for Pagefind; returns each page's content text. */
function preparePagefindSite(siteDir, copyDir, urls) {
  fs.rmSync(copyDir, { recursive: true, force: true });
  fs.cpSync(siteDir, copyDir, { recursive: true });
  const texts = new Map();
  for (const url of urls) {
    const file = htmlFile(copyDir, url);
    const html = fs.readFileSync(file, 'utf8');
    texts.set(url, contentText(html));
    let marked = html.replace(/<main\b/, '<main data-pagefind-body');
    if (marked === html) throw new Error(`no <main> in ${file}`);
    for (const pattern of NOT_CONTENT) {
      marked = marked.replace(pattern, (tag) => tag.replace(/^<([a-zA-Z][a-zA-Z0-9-]*)/, '<$1 data-pagefind-ignore'));
    }
    fs.writeFileSync(file, marked);
  }
  return texts;
}

function runPagefind(siteDir, outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(PAGEFIND, ['--site', siteDir, '--output-path', outDir], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`pagefind failed:\n${result.stdout}\n${result.stderr}`);
  const pages = /Indexed (\d+) pages?/.exec(result.stdout);
  return { seconds, log: result.stdout, pages: pages ? Number(pages[1]) : null };
}

/* ---- Serving ---- */

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

/*
 * A static server on 127.0.0.1: `routes` maps a URL prefix to a directory, `pages` maps a path to
 * HTML. It counts the body bytes it sends, per path.
 */
function serve(routes, pages) {
  const sent = [];
  const gzipped = new Map();
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let body = null;
    let type = 'application/octet-stream';
    if (pages[pathname] !== undefined) {
      body = Buffer.from(pages[pathname]);
      type = TYPES['.html'];
    } else {
      for (const [prefix, dir] of Object.entries(routes)) {
        if (!pathname.startsWith(prefix)) continue;
        let file = path.join(dir, pathname.slice(prefix.length));
        if (!file.startsWith(dir)) break;
        if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
        if (fs.existsSync(file)) {
          body = fs.readFileSync(file);
          type = TYPES[path.extname(file)] || type;
        }
        break;
      }
    }
    if (body === null) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
      return;
    }
    const headers = { 'Content-Type': type, 'Cache-Control': 'max-age=600' };
    if (/\bgzip\b/.test(request.headers['accept-encoding'] || '')) {
      if (!gzipped.has(pathname)) gzipped.set(pathname, zlib.gzipSync(body));
      const packed = gzipped.get(pathname);
      if (packed.length < body.length) {
        body = packed;
        headers['Content-Encoding'] = 'gzip';
      }
    }
    headers['Content-Length'] = body.length;
    sent.push({ path: pathname, bytes: body.length });
    response.writeHead(200, headers);
    response.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, sent, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/* ---- The harness pages ---- */

function keikakuPage(lang, scripts, indexUrl) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>keikaku</title></head><body>
${scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
<script>
(function () {
  var base = new URL(${JSON.stringify(indexUrl)}, location.href);
  var engine = KeikakuSearch.createEngine({
    load: function (p) {
      return fetch(new URL(p, base).href).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + p);
        return r.json();
      });
    },
  });
  window.bench = {
    setup: function () { return engine.meta().then(function () { return true; }); },
    shown: async function (q) {
      var t0 = performance.now();
      var result = await engine.search(q);
      await Promise.all(result.hits.slice(0, ${SHOWN}).map(function (hit) {
        return Promise.all([engine.doc(hit.doc), engine.excerpt(hit, result.terms)]);
      }));
      return { ms: performance.now() - t0, count: result.hits.length };
    },
    urls: async function (q) {
      var result = await engine.search(q);
      return Promise.all(result.hits.map(async function (hit) { return (await engine.doc(hit.doc)).url; }));
    },
  };
})();
</script></body></html>`;
}

function pagefindPage(lang) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">
let pagefind = null;
window.bench = {
  setup: async () => {
    pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    return true;
  },
  shown: async (q) => {
    const t0 = performance.now();
    const search = await pagefind.search(q);
    await Promise.all(search.results.slice(0, ${SHOWN}).map((r) => r.data()));
    return { ms: performance.now() - t0, count: search.results.length };
  },
  urls: async (q) => {
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.map((r) => r.data()));
    return data.map((d) => d.url);
  },
};
window.benchReady = true;
</script></body></html>`;
}

/* ---- Measuring ---- */

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/*
 * One engine in one language, in a fresh browser profile: bytes of the page's scripts, of the
 * setup, of a first query and its refinement; latency over the query set (two passes); every
 * result URL of every query. `server` is the engine's server (its count of bytes sent is checked
 * against the browser's).
 */
async function measure(engineName, lang, origin, queries, server) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'keikaku-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const serverBase = server.sent.length;
  const sent = () => server.sent.slice(serverBase);
  try {
    const page = context.pages()[0] || await context.newPage();
    const transfers = [];
    // Every response the server answered with 200 (the server does not count its 404s, such as
    // the browser's request for /favicon.ico).
    const pending = [];
    page.on('requestfinished', (request) => {
      pending.push((async () => {
        const response = await request.response();
        if (!response || response.status() !== 200) return;
        const record = { url: request.url(), bytes: null };
        transfers.push(record);
        // Chromium reports no body size for a worker's script: take its Content-Length then
        // (every response of the benchmark server has one).
        const s = await request.sizes();
        const length = Number((await response.headerValue('content-length')) || 0);
        record.bytes = s.responseBodySize > 0 ? s.responseBodySize : length;
      })());
    });
    // Wait until the network is quiet (no new response for 300 ms: an engine may fetch after its
    // promise settles, Pagefind's worker does) and the browser has reported every response the
    // server sent (its events may arrive late).
    const settle = async () => {
      let count = sent().length;
      let quiet = 0;
      for (let waited = 0; waited < 10000 && quiet < 300; waited += 10) {
        await page.waitForTimeout(10);
        await Promise.all(pending);
        const caughtUp = transfers.length >= sent().length && transfers.every((t) => t.bytes !== null);
        quiet = sent().length === count && caughtUp ? quiet + 10 : 0;
        count = sent().length;
      }
    };
    /* Requests and bytes since a mark, as the browser and as the server counted them. */
    const marks = () => [transfers.length, sent().length];
    const since = ([browserMark, serverMark]) => {
      const slice = transfers.slice(browserMark);
      return {
        requests: slice.length,
        bytes: slice.reduce((sum, t) => sum + t.bytes, 0),
        server: sent().slice(serverMark).reduce((sum, t) => sum + t.bytes, 0),
      };
    };
    const step = async (action) => {
      const mark = marks();
      const value = await action();
      await settle();
      return { ...since(mark), value };
    };

    // The harness page, then what it loads (keikaku: its engine scripts; Pagefind: nothing yet).
    await page.goto(`${origin}/__bench/${engineName}-${lang}.html`);
    await page.waitForFunction(() => window.bench !== undefined);
    await settle();
    const harnessPath = `/__bench/${engineName}-${lang}.html`;
    const notHarness = (t) => new URL(t.url || t.path, origin).pathname !== harnessPath;
    const loaded = transfers.filter(notHarness);
    const scripts = {
      requests: loaded.length,
      bytes: loaded.reduce((sum, t) => sum + t.bytes, 0),
      server: sent().filter(notHarness).reduce((sum, t) => sum + t.bytes, 0),
    };
    const setup = await step(() => page.evaluate(() => window.bench.setup()));
    const [first, refined] = REFINEMENTS[lang];
    const firstQuery = await step(() => page.evaluate((q) => window.bench.shown(q), first));
    const refinement = await step(() => page.evaluate((q) => window.bench.shown(q), refined));

    const passes = [];
    for (let pass = 0; pass < 2; pass++) {
      const times = [];
      for (const query of queries) times.push((await page.evaluate((q) => window.bench.shown(q), query.q)).ms);
      passes.push(times);
    }
    const urls = [];
    for (const query of queries) urls.push(await page.evaluate((q) => window.bench.urls(q), query.q));
    return { scripts, setup, firstQuery, refinement, passes, urls };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/* Micro-averaged recall and precision of the returned URLs against relevant sets. */
function quality(queries, returned, truth) {
  let found = 0;
  let relevant = 0;
  let total = 0;
  let fullRecall = 0;
  let withRelevant = 0;
  const misses = [];
  queries.forEach((query, i) => {
    const expect = truth[i];
    const got = returned[i];
    const hit = got.filter((url) => expect.includes(url)).length;
    found += hit;
    relevant += expect.length;
    total += got.length;
    if (expect.length > 0) {
      withRelevant += 1;
      if (hit === expect.length) fullRecall += 1;
      else misses.push(`${query.q} (${hit}/${expect.length})`);
    }
  });
  return {
    recall: relevant === 0 ? 1 : found / relevant,
    precision: total === 0 ? 1 : found / total,
    fullRecall,
    withRelevant,
    misses,
  };
}

/* ---- Report ---- */

const kib = (bytes) => (bytes / 1024).toFixed(1);
const ms = (value) => value.toFixed(1);
const pct = (value) => `${(100 * value).toFixed(1)}%`;

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function report(r) {
  const out = [];
  for (const lang of LANGS) {
    const k = r.results.keikaku[lang];
    const p = r.results.pagefind[lang];
    const [first, refined] = REFINEMENTS[lang];
    const n = r.queries[lang].length;
    out.push(`### ${lang}: ${r.pages[lang]} pages, ${n} queries (${r.absent[lang]} absent)`);
    out.push('');
    const cold = (x) => {
      const requests = x.scripts.requests + x.setup.requests + x.firstQuery.requests;
      return `${requests}, ${kib(x.scripts.bytes + x.setup.bytes + x.firstQuery.bytes)} KiB`;
    };
    const split = (x) => [x.scripts, x.setup, x.firstQuery].map((y) => kib(y.bytes)).join(' + ');
    out.push(table(['', 'keikaku', 'Pagefind 1.6'], [
      [`first query "${first}", from nothing to ${SHOWN} results shown (requests, bytes)`, cold(k), cold(p)],
      ['… of which scripts + setup + query (KiB)', split(k), split(p)],
      [`refinement to "${refined}" (requests, bytes)`, `${k.refinement.requests}, ${kib(k.refinement.bytes)} KiB`,
        `${p.refinement.requests}, ${kib(p.refinement.bytes)} KiB`],
      [`results for "${first}" / "${refined}"`, `${k.firstQuery.value.count} / ${k.refinement.value.count}`,
        `${p.firstQuery.value.count} / ${p.refinement.value.count}`],
      ['engine scripts, as served (raw)', `${kib(r.scripts.keikaku.served)} KiB (${kib(r.scripts.keikaku.disk)} KiB)`,
        `${kib(r.scripts.pagefind[lang].served)} KiB (${kib(r.scripts.pagefind[lang].disk)} KiB)`],
      ['index on disk, total (per page)', `${kib(r.index.keikaku[lang].disk)} KiB (${(r.index.keikaku[lang].disk / r.pages[lang] / 1024).toFixed(2)} KiB)`,
        `${kib(r.index.pagefind[lang].disk)} KiB (${(r.index.pagefind[lang].disk / r.pages[lang] / 1024).toFixed(2)} KiB)`],
      ['index as served (gzip), total (per page)', `${kib(r.index.keikaku[lang].served)} KiB (${(r.index.keikaku[lang].served / r.pages[lang] / 1024).toFixed(2)} KiB)`,
        `${kib(r.index.pagefind[lang].served)} KiB (${(r.index.pagefind[lang].served / r.pages[lang] / 1024).toFixed(2)} KiB)`],
      ['index files', `${r.index.keikaku[lang].files}`, `${r.index.pagefind[lang].files}`],
      ['recall, indexed text (queries fully found)', `${pct(k.vsIndex.recall)} (${k.vsIndex.fullRecall}/${k.vsIndex.withRelevant})`,
        `${pct(p.vsIndex.recall)} (${p.vsIndex.fullRecall}/${p.vsIndex.withRelevant})`],
      ['precision, indexed text', pct(k.vsIndex.precision), pct(p.vsIndex.precision)],
      ['recall, page content (queries fully found)', `${pct(k.vsContent.recall)} (${k.vsContent.fullRecall}/${k.vsContent.withRelevant})`,
        `${pct(p.vsContent.recall)} (${p.vsContent.fullRecall}/${p.vsContent.withRelevant})`],
      ['precision, page content', pct(k.vsContent.precision), pct(p.vsContent.precision)],
      ['results for absent strings (total)', `${k.absentResults}`, `${p.absentResults}`],
      [`latency, first pass: median / p95 (${r.runs} runs)`, `${ms(k.latency[0].median)} / ${ms(k.latency[0].p95)} ms`,
        `${ms(p.latency[0].median)} / ${ms(p.latency[0].p95)} ms`],
      [`latency, second pass: median / p95 (${r.runs} runs)`, `${ms(k.latency[1].median)} / ${ms(k.latency[1].p95)} ms`,
        `${ms(p.latency[1].median)} / ${ms(p.latency[1].p95)} ms`],
    ]));
    out.push('');
    for (const [name, x] of [['keikaku', k], ['Pagefind', p]]) {
      if (x.vsIndex.misses.length > 0) out.push(`- ${name} misses pages of the indexed text for: ${x.vsIndex.misses.join(', ')}`);
      if (x.absentHits.length > 0) out.push(`- ${name} returns pages for absent strings: ${x.absentHits.join(', ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}

const NOTES_MARKER = '<!-- Notes below this line are written by hand and kept when compare.sh --write runs again. -->';

function resultsFile(r, body, command) {
  return `# Search benchmark: keikaku and Pagefind on the bundled site

Run ${r.date} with \`${command}\` (Node ${process.version}, Chromium ${r.browser}, Pagefind ${r.pagefindVersion},
${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average ${r.load} at the start). Pagefind indexed
${r.pagefindPages} pages in ${r.pagefindSeconds.toFixed(2)} s.

How it is measured (details in \`bench/search/compare.js\`):

- Both engines index the same pages: every page in keikaku's index (plans, initiatives, glossary
  terms). Pagefind reads a copy of the built site where those pages have \`data-pagefind-body\` on
  \`<main>\`, and \`data-pagefind-ignore\` on what is navigation or repeats other pages there (the
  breadcrumb, the pager, lists of links to other pages, the hidden glossary tooltips); its
  language comes from \`<html lang>\`.
- One server serves both on 127.0.0.1, gzip-encoding a response when that makes it smaller
  (Pagefind's index files are stored gzipped and go as they are), \`Cache-Control: max-age=600\`.
- Each engine and language runs in headless Chromium in a fresh profile, through its JavaScript
  API from a page on its own origin (keikaku: \`createEngine\` of \`search.js\`, as its search page
  uses it; Pagefind: \`pagefind.js\`, \`search\` then \`data()\`). Bytes are response bodies as
  transferred, from the browser's network events (the server's count agrees). "Scripts" are the
  engine scripts keikaku's search page loads; "setup" is what loads before the first query
  (keikaku: \`meta.json\`, which its search page loads for the filters; Pagefind: \`pagefind.js\`,
  its worker, entry file, WebAssembly and metadata through \`init()\`). A query is "shown" when the
  hits are known and, for the first ${SHOWN}, what a result displays is loaded (keikaku: header and
  excerpt; Pagefind: \`data()\`).
- Latency: \`search\` plus the first ${SHOWN} results' data, for each query of the set in order, over
  ${r.runs} runs that alternate between the engines; the first pass fetches index files as it goes
  (from 127.0.0.1, so mostly parsing and work), the second has them in memory.
- Recall and precision are micro-averaged over the query set of \`tests/search/real_queries.json\`
  (hand-picked; the relevant pages are decided mechanically, see
  \`tests/search/make_real_queries.js\`), against two texts of each page: the *indexed text*
  (keikaku's: title, number, body as its index documents hold them) and the *page content* (the
  text of \`<main>\` as Pagefind reads it, without the parts marked above: it adds to the indexed
  text the facts list, KPI tables, the roadmap and the initiative's tables). "Queries fully found"
  counts the queries for which every relevant page was returned.

${body}`;
}

/* ---- Main ---- */

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0].toFixed(1);
  const siteDir = path.resolve(args.site);
  const work = path.resolve(args.work);
  fs.mkdirSync(work, { recursive: true });

  const querySet = real.expectations(siteDir);
  const stored = JSON.parse(fs.readFileSync(real.OUTPUT, 'utf8')).queries;
  if (JSON.stringify(stored.map((q) => q.expect)) !== JSON.stringify(querySet.map((q) => q.expect))) {
    console.error('note: tests/search/real_queries.json differs from this site; using expectations computed for this site');
  }
  const queries = {};
  const pages = {};
  const absent = {};
  const truthIndex = {};
  const truthContent = {};
  const allUrls = [];
  const indexPages = {};
  for (const lang of LANGS) {
    queries[lang] = querySet.filter((q) => q.lang === lang);
    indexPages[lang] = real.indexPages(path.join(siteDir, lang, 'search-index'));
    pages[lang] = indexPages[lang].length;
    absent[lang] = queries[lang].filter((q) => q.kind === 'absent').length;
    truthIndex[lang] = queries[lang].map((q) => q.expect);
    allUrls.push(...indexPages[lang].map((p) => p.url));
  }

  console.error('preparing the Pagefind copy of the site');
  const copy = path.join(work, 'pagefind-site');
  const bundle = path.join(work, 'pagefind');
  const contents = preparePagefindSite(siteDir, copy, allUrls);
  for (const lang of LANGS) {
    const contentPages = indexPages[lang].map((p) => ({ url: p.url, fields: [contents.get(p.url)] }));
    truthContent[lang] = queries[lang].map((q) => real.relevant(q.q, contentPages));
  }
  console.error('indexing with Pagefind');
  const pagefindRun = runPagefind(copy, bundle);
  const pagefindVersion = spawnSync(PAGEFIND, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^pagefind\s*/, '');

  // Index and script sizes.
  const searchPage = fs.readFileSync(path.join(siteDir, LANGS[0], 'search', 'index.html'), 'utf8');
  const scripts = [...searchPage.matchAll(/<script src="([^"]*search[^"]*\.js)"/g)].map((m) => m[1]);
  const bundleFiles = walk(bundle).map((f) => path.relative(bundle, f));
  const index = { keikaku: {}, pagefind: {} };
  const scriptSizes = {
    keikaku: sizes(scripts.map((s) => path.join(siteDir, new URL(s, 'http://x').pathname))),
    pagefind: {},
  };
  for (const lang of LANGS) {
    index.keikaku[lang] = sizes(walk(path.join(siteDir, lang, 'search-index')));
    const ofLang = (f) => new RegExp(`(^|[/.])${lang}[_.]`).test(f);
    index.pagefind[lang] = sizes(bundleFiles
      .filter((f) => /\.pf_(meta|index|fragment|filter)$/.test(f) && ofLang(f))
      .concat(['pagefind-entry.json'])
      .map((f) => path.join(bundle, f)));
    // Pagefind has a WebAssembly module per language it can stem, else its "unknown" one.
    const wasm = bundleFiles.includes(`wasm.${lang}.pagefind`) ? `wasm.${lang}.pagefind` : 'wasm.unknown.pagefind';
    scriptSizes.pagefind[lang] = sizes(['pagefind.js', 'pagefind-worker.js', wasm].map((f) => path.join(bundle, f)));
  }

  const harness = {};
  for (const lang of LANGS) {
    const dataIndex = /data-index="([^"]*)"/.exec(fs.readFileSync(path.join(siteDir, lang, 'search', 'index.html'), 'utf8'));
    harness[`/__bench/keikaku-${lang}.html`] = keikakuPage(lang, scripts, dataIndex ? dataIndex[1] : `/${lang}/search-index/`);
  }
  const keikakuServer = await serve({ '/': siteDir }, harness);
  const pagefindHarness = {};
  for (const lang of LANGS) pagefindHarness[`/__bench/pagefind-${lang}.html`] = pagefindPage(lang);
  const pagefindServer = await serve({ '/pagefind/': bundle }, pagefindHarness);

  // Runs alternate between the engines, so that a busy moment of the machine does not fall on
  // one engine only. Results must be equal in every run and bytes are reported from the first (a
  // run that differs is noted); latencies are pooled.
  const runs = Number(args.runs || 3);
  const results = { keikaku: {}, pagefind: {} };
  const browser = (/\d+(\.\d+)+/.exec(spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout) || ['?'])[0];
  const servers = { keikaku: keikakuServer, pagefind: pagefindServer };
  try {
    for (let run = 0; run < runs; run++) {
      for (const lang of LANGS) {
        for (const name of ['keikaku', 'pagefind']) {
          console.error(`run ${run + 1}/${runs}: ${name} ${lang}`);
          const m = await measure(name, lang, servers[name].origin, queries[lang], servers[name]);
          for (const step of ['scripts', 'setup', 'firstQuery', 'refinement']) {
            if (m[step].bytes !== m[step].server) {
              throw new Error(`${name} ${lang} ${step}: browser counted ${m[step].bytes} B, server sent ${m[step].server} B`);
            }
          }
          const previous = results[name][lang];
          if (!previous) {
            results[name][lang] = m;
            continue;
          }
          if (JSON.stringify(previous.urls) !== JSON.stringify(m.urls)) throw new Error(`${name} ${lang}: results differ between runs`);
          for (const step of ['scripts', 'setup', 'firstQuery', 'refinement']) {
            if (previous[step].bytes !== m[step].bytes) {
              console.error(`note: ${name} ${lang} ${step}: ${previous[step].bytes} B in run 1, ${m[step].bytes} B in run ${run + 1}`);
            }
          }
          m.passes.forEach((times, pass) => previous.passes[pass].push(...times));
        }
      }
    }
  } finally {
    keikakuServer.server.close();
    pagefindServer.server.close();
  }
  for (const name of ['keikaku', 'pagefind']) {
    for (const lang of LANGS) {
      const m = results[name][lang];
      const absentQueries = queries[lang].map((q, i) => [q, m.urls[i]]).filter(([q]) => q.kind === 'absent');
      Object.assign(m, {
        vsIndex: quality(queries[lang], m.urls, truthIndex[lang]),
        vsContent: quality(queries[lang], m.urls, truthContent[lang]),
        absentResults: absentQueries.reduce((sum, [, urls]) => sum + urls.length, 0),
        absentHits: absentQueries.filter(([, urls]) => urls.length > 0).map(([q, urls]) => `${q.q} (${urls.length})`),
        latency: m.passes.map((times) => ({ median: percentile(times, 50), p95: percentile(times, 95) })),
      });
    }
  }

  const r = {
    runs,
    load: loadAtStart,
    date: new Date().toISOString().slice(0, 10),
    browser,
    pagefindVersion,
    pagefindSeconds: pagefindRun.seconds,
    pagefindPages: pagefindRun.pages,
    queries,
    pages,
    absent,
    index,
    scripts: scriptSizes,
    results,
  };
  const body = report(r);
  console.log(body);
  const perQuery = {};
  for (const lang of LANGS) {
    perQuery[lang] = queries[lang].map((q, i) => ({
      q: q.q,
      kind: q.kind,
      indexedText: truthIndex[lang][i],
      content: truthContent[lang][i],
      keikaku: results.keikaku[lang].urls[i],
      pagefind: results.pagefind[lang].urls[i],
    }));
  }
  const summary = JSON.stringify({ ...r, perQuery }, (key, value) => (key === 'urls' || key === 'passes' ? undefined : value), 2);
  fs.writeFileSync(path.join(work, 'results.json'), summary);
  if (args.results) {
    // Hand-written notes below the marker survive a new run.
    const file = path.resolve(args.results);
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const at = previous.indexOf(NOTES_MARKER);
    const notes = at >= 0 ? previous.slice(at) : `${NOTES_MARKER}\n`;
    fs.writeFileSync(file, `${resultsFile(r, body, args.command || 'bench/search/compare.sh')}\n${notes}`);
    console.error(`wrote ${args.results}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
