// The search page in a real browser: headless Chromium loads the page of the DOM contract with
// the fixture index, and a harness page drives it in a same-origin frame (?q= in the URL, typing,
// a filter, Back twice). Skipped when no Chromium is installed (set CHROMIUM to its path).
// Run from the repository root: node --test tests/search/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const http = require('node:http');
const { execFile } = require('node:child_process');

const root = path.join(__dirname, '..', '..');

function findChromium() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((c) => c && fs.existsSync(c));
}

const SEARCH_PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>検索</title><link rel="stylesheet" href="/static/search.css"></head><body>
<div id="search-app" data-index="/idx/" data-lang="ja">
  <form id="search-form" role="search" method="get" action=""> <label for="search-q">検索</label> <input id="search-q" name="q" type="search"> <button type="submit">検索</button> </form>
  <div id="search-filters"></div>
  <p id="search-status" role="status" aria-live="polite"></p>
  <ol id="search-results"></ol>
</div>
<script type="application/json" id="search-i18n">{ "results": "{n}件見つかりました", "none": "見つかりませんでした", "kind": "種類", "city": "自治体", "pillar": "柱", "theme": "テーマ", "all": "すべて", "loading": "検索中" }</script>
<script src="/static/search-tokenizer.js"></script><script src="/static/search.js"></script>
</body></html>`;

// Runs in the browser; writes PASS or what failed into #out.
const HARNESS = `<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="out">RUNNING</pre>
<iframe id="frame" src="/search/?q=%E9%9B%BB%E5%AD%90%E7%94%B3%E8%AB%8B" width="320" height="800"></iframe>
<script>
const out = document.getElementById('out');
const frame = document.getElementById('frame');
const steps = [];
function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
async function until(what, test) {
  for (let i = 0; i < 200; i++) { try { if (test()) { steps.push('ok ' + what); return; } } catch (e) {} await sleep(25); }
  throw new Error('timed out: ' + what);
}
(async () => {
  await new Promise((r) => frame.addEventListener('load', r, { once: true }));
  const w = frame.contentWindow;
  const d = () => w.document;
  const status = () => d().getElementById('search-status').textContent;
  const items = () => d().querySelectorAll('#search-results li');
  const titles = () => Array.from(d().querySelectorAll('#search-results h2 a')).map((a) => a.textContent);
  await until('?q= is searched on load', () => status() === '3件見つかりました' && titles().length === 3);
  await until('input shows the query', () => d().getElementById('search-q').value === '電子申請');
  await until('matches are marked', () => d().querySelectorAll('#search-results mark').length >= 2);
  await until('filters are built', () => d().querySelectorAll('#search-filters select').length === 4);
  const input = d().getElementById('search-q');
  input.value = 'がばめんと';
  input.dispatchEvent(new w.Event('input', { bubbles: true }));
  await until('typing searches', () => status() === '2件見つかりました');
  await until('typing updates the URL', () => new w.URLSearchParams(w.location.search).get('q') === 'がばめんと');
  const kind = d().getElementById('search-filter-kind');
  kind.value = 'term';
  kind.dispatchEvent(new w.Event('change', { bubbles: true }));
  await until('a filter narrows', () => status() === '1件見つかりました');
  await until('the filter is in the URL', () => new w.URLSearchParams(w.location.search).get('kind') === 'term');
  w.history.back();
  await until('Back drops the filter', () => status() === '2件見つかりました' && d().getElementById('search-filter-kind').value === '');
  w.history.back();
  await until('Back again restores the first query', () => d().getElementById('search-q').value === '電子申請' && status() === '3件見つかりました');
  const link = d().querySelector('#search-results a');
  await until('result links are links', () => link.getAttribute('href').startsWith('/ja/'));
  input.value = '新幹線';
  d().getElementById('search-form').dispatchEvent(new w.Event('submit', { bubbles: true, cancelable: true }));
  await until('an absent string finds nothing', () => status() === '見つかりませんでした' && items().length === 0);
  out.textContent = 'PASS\\n' + steps.join('\\n');
})().catch((e) => { out.textContent = 'FAIL ' + e.message + '\\n' + steps.join('\\n'); });
</script></body></html>`;

function serve() {
  const types = { '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.html': 'text/html' };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    let body = null;
    let type = 'text/html';
    if (url.pathname === '/search/') body = SEARCH_PAGE;
    else if (url.pathname === '/harness/') body = HARNESS;
    else {
      const map = [['/static/', 'themes/default/static/'], ['/idx/', 'tests/search/fixture/']];
      for (const [prefix, dir] of map) {
        if (url.pathname.startsWith(prefix)) {
          const file = path.join(root, dir, decodeURIComponent(url.pathname.slice(prefix.length)));
          if (file.startsWith(path.join(root, dir)) && fs.existsSync(file)) {
            body = fs.readFileSync(file);
            type = types[path.extname(file)] || 'application/octet-stream';
          }
        }
      }
    }
    if (body === null) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': type + '; charset=utf-8' });
    response.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the search page works in a real browser', { timeout: 90_000 }, async (t) => {
  const chromium = findChromium();
  if (!chromium) {
    t.skip('no Chromium installed');
    return;
  }
  const server = await serve();
  try {
    const { port } = server.address();
    const dom = await new Promise((resolve, reject) => {
      execFile(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--virtual-time-budget=30000', '--dump-dom', `http://127.0.0.1:${port}/harness/`],
      { timeout: 80_000, maxBuffer: 10 * 1024 * 1024 }, (error, stdout) => {
        if (error && !stdout) reject(error); else resolve(stdout);
      });
    });
    const match = /<pre id="out">([\s\S]*?)<\/pre>/.exec(dom);
    assert.ok(match, 'harness output found');
    assert.match(match[1], /^PASS/, match[1]);
  } finally {
    server.close();
  }
});
