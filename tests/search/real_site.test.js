// The browser query engine on the bundled site's real index, against the query set of
// tests/search/real_queries.json (made by make_real_queries.js from the same site's pages): every
// relevant page found, few others, nothing for strings that occur nowhere.
//
// Uses site/ (built first with `cargo run --release -- build` when missing or older than its
// sources) or the site directory in KEIKAKU_SEARCH_SITE. Run from the repository root:
// node --test tests/search/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..', '..');
const S = require(path.join(root, 'themes/default/static/search.js'));
const real = require('./make_real_queries.js');

const MIN_PRECISION = 0.9;

const set = JSON.parse(fs.readFileSync(real.OUTPUT, 'utf8'));
let site = null;

function siteDir() {
  if (site === null) site = real.builtSite((message) => console.error(message));
  return site;
}

/* An engine whose fetch reads a language's index from disk. */
function engine(lang) {
  const dir = path.join(siteDir(), lang, 'search-index');
  return S.createEngine({
    load: (file) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
  });
}

/* Every query of the set with the URLs the engine returns, in its order. */
async function run() {
  const engines = new Map();
  const out = [];
  for (const query of set.queries) {
    if (!engines.has(query.lang)) engines.set(query.lang, engine(query.lang));
    const e = engines.get(query.lang);
    const result = await e.search(query.q);
    const urls = await Promise.all(result.hits.map(async (hit) => (await e.doc(hit.doc)).url));
    out.push({ ...query, got: urls });
  }
  return out;
}

let results = null;
async function answered() {
  if (results === null) results = await run();
  return results;
}

test('the query set is current for the built site', () => {
  const fresh = real.expectations(siteDir());
  assert.equal(real.serialise(fresh), fs.readFileSync(real.OUTPUT, 'utf8'),
    'tests/search/real_queries.json is out of date: node tests/search/make_real_queries.js');
  assert.ok(set.queries.filter((q) => q.lang === 'ja').length >= 40);
  assert.ok(set.queries.filter((q) => q.lang === 'en').length >= 20);
});

test('every page that contains a query is found (recall 100%)', async () => {
  const missed = [];
  for (const r of await answered()) {
    const lost = r.expect.filter((url) => !r.got.includes(url));
    if (lost.length > 0) missed.push(`${r.lang} ${JSON.stringify(r.q)} misses ${lost.join(' ')}`);
  }
  assert.deepEqual(missed, []);
});

test('strings that occur nowhere return nothing', async () => {
  const absent = (await answered()).filter((r) => r.kind === 'absent');
  assert.ok(absent.length >= 6);
  for (const r of absent) assert.deepEqual(r.got, [], `${r.lang} ${JSON.stringify(r.q)}`);
});

test(`precision over the whole set is at least ${MIN_PRECISION}`, async (t) => {
  let returned = 0;
  let relevant = 0;
  const extra = [];
  for (const r of await answered()) {
    returned += r.got.length;
    const right = r.got.filter((url) => r.expect.includes(url));
    relevant += right.length;
    const wrong = r.got.filter((url) => !r.expect.includes(url));
    if (wrong.length > 0) extra.push(`${r.lang} ${JSON.stringify(r.q)}: ${wrong.join(' ')}`);
  }
  const precision = returned === 0 ? 1 : relevant / returned;
  t.diagnostic(`precision ${precision.toFixed(3)} (${relevant} of ${returned} results relevant)`);
  for (const line of extra) t.diagnostic(`not containing the query: ${line}`);
  assert.ok(precision >= MIN_PRECISION, `precision ${precision.toFixed(3)}:\n${extra.join('\n')}`);
});
