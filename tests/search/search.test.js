// The browser query engine, end to end, on the fixture index that the Rust index writer builds
// from tests/search/query_cases.json (a Rust test keeps tests/search/fixture/ current). The same
// cases run through the Rust reference engine, so both must return the same pages in the same
// order. Run from the repository root: node --test tests/search/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const zlib = require('node:zlib');

const root = path.join(__dirname, '..', '..');
const T = require(path.join(root, 'themes/default/static/search-tokenizer.js'));
const S = require(path.join(root, 'themes/default/static/search.js'));
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'query_cases.json'), 'utf8'));
const fixture = path.join(__dirname, 'fixture');

/* An engine whose fetch reads the fixture from disk and records what it loaded. */
function engine() {
  const loaded = [];
  const e = S.createEngine({
    load(file) {
      const bytes = fs.readFileSync(path.join(fixture, file));
      loaded.push({ file, bytes: bytes.length, gzip: zlib.gzipSync(bytes).length });
      return Promise.resolve(JSON.parse(bytes.toString('utf8')));
    },
  });
  return { engine: e, loaded };
}

async function urls(e, query, filters) {
  const result = await e.search(query, filters);
  return Promise.all(result.hits.map(async (hit) => (await e.doc(hit.doc)).url));
}

test('query cases give the pages the Rust engine gives, in the same order', async () => {
  const { engine: e } = engine();
  for (const c of cases.queries) {
    assert.deepEqual(await urls(e, c.q, c.filters), c.expect, `query ${JSON.stringify(c.q)} ${JSON.stringify(c.filters || {})}`);
  }
});

test('width and kana variants find ガバメント', async () => {
  const { engine: e } = engine();
  const expected = await urls(e, 'ガバメント');
  assert.ok(expected.length > 0);
  for (const q of ['ｶﾞﾊﾞﾒﾝﾄ', 'がばめんと', 'ｶﾞﾊﾞﾒﾝﾄ']) {
    assert.deepEqual(await urls(e, q), expected, q);
  }
  assert.deepEqual(await urls(e, 'ＤＸ'), await urls(e, 'dx'));
});

test('an absent string loads no page text', async () => {
  const { engine: e, loaded } = engine();
  assert.deepEqual(await urls(e, '新幹線'), []);
  assert.ok(loaded.every((l) => !l.file.startsWith('docs/')), JSON.stringify(loaded));
});

function marked(excerpt) {
  return excerpt.segments.filter((s) => s.mark).map((s) => s.text);
}

test('excerpts mark the matches in the source text, as written', async () => {
  const { engine: e } = engine();
  const result = await e.search('キャッシュレス');
  const excerpt = await e.excerpt(result.hits[0], result.terms);
  assert.deepEqual(marked(excerpt), ['ｷｬｯｼｭﾚｽ']);
  const whole = excerpt.segments.map((s) => s.text).join('');
  assert.ok(whole.includes('ｷｬｯｼｭﾚｽ決済'));

  const multi = await e.search('浜松 DX');
  const first = await e.excerpt(multi.hits[0], multi.terms);
  assert.deepEqual(marked(first), ['浜松DX'], 'the whole query as typed is one mark');
  const apart = await e.excerpt(multi.hits[1], multi.terms);
  assert.ok(marked(apart).includes('浜松') && marked(apart).includes('DX'), JSON.stringify(marked(apart)));
});

test('a mark covers a long-vowel mark that normalisation drops', async () => {
  const { engine: e } = engine();
  for (const q of ['サーバー', 'サーバ', 'ｻｰﾊﾞｰ']) {
    const result = await e.search(q);
    const excerpts = await Promise.all(result.hits.map((hit) => e.excerpt(hit, result.terms)));
    // サーバー室 in one page, サーバの in the other: each mark is the text as written.
    assert.deepEqual(excerpts.map(marked).sort(), [['サーバ'], ['サーバー']], q);
  }
});

test('an excerpt further in the page loads the header chunk and the chunk of that part only', async () => {
  const { engine: e, loaded } = engine();
  const result = await e.search('中心');
  assert.equal(result.hits.length, 1);
  const header = await e.doc(result.hits[0].doc);
  assert.ok(header.starts.length > 1, 'the fixture cuts this page into parts');
  const excerpt = await e.excerpt(result.hits[0], result.terms);
  assert.deepEqual(marked(excerpt), ['中心']);
  const chunkFiles = loaded.filter((l) => l.file.startsWith('docs/')).map((l) => l.file);
  assert.ok(chunkFiles.length <= 2, JSON.stringify(chunkFiles));
  assert.equal(new Set(chunkFiles).size, chunkFiles.length, 'each chunk is fetched once');
});

/* Every chunk of the fixture: [{n, docs, parts}], in chunk order. */
function fixtureChunks() {
  const names = fs.readdirSync(path.join(fixture, 'docs')).map((name) => Number(name.replace('.json', '')));
  names.sort((a, b) => a - b);
  return names.map((n) => ({ n, ...JSON.parse(fs.readFileSync(path.join(fixture, 'docs', `${n}.json`), 'utf8')) }));
}

/* Page id -> header, and page id -> [text of part 0, part 1, ...], read from the chunks. */
function fixturePages() {
  const meta = JSON.parse(fs.readFileSync(path.join(fixture, 'meta.json'), 'utf8'));
  const headers = new Map();
  const texts = new Map();
  for (const chunk of fixtureChunks()) {
    chunk.docs.forEach((header, slot) => {
      const id = chunk.n * meta.chunk_docs + slot;
      assert.ok(!headers.has(id), `page ${id} is in two chunks`);
      headers.set(id, header);
      texts.set(id, [header.text]);
    });
  }
  for (const chunk of fixtureChunks()) {
    for (const [id, k, text] of chunk.parts || []) {
      assert.equal(headers.get(id).more[k - 1], chunk.n, `part ${k} of page ${id} is in the chunk its header names`);
      assert.equal(texts.get(id)[k], undefined, `part ${k} of page ${id} is written once`);
      texts.get(id)[k] = text;
    }
  }
  return { meta, headers, texts };
}

test('chunks hold every page once, with all its parts, and stay within their budget', async () => {
  const { meta, headers, texts } = fixturePages();
  assert.equal(headers.size, meta.docs);
  assert.equal(headers.size, cases.docs.length);
  for (const [id, header] of headers) {
    assert.equal(texts.get(id).length, header.starts.length, `page ${id} has all its parts`);
    assert.ok(texts.get(id).every((t) => typeof t === 'string'), `page ${id}`);
  }
  // Ids follow the order of the pages (the tie-break of equal scores).
  const ids = [...headers.keys()].sort((a, b) => a - b);
  assert.deepEqual(ids.map((id) => headers.get(id).url), cases.docs.map((d) => d.url));
  assert.ok(fixtureChunks().some((c) => c.docs.length > 1), 'some chunk holds several pages');
  // The engine finds each page from its id, fetching each chunk once.
  const { engine: e, loaded } = engine();
  for (const id of ids) assert.equal((await e.doc(id)).url, headers.get(id).url);
  const fetched = loaded.filter((l) => l.file.startsWith('docs/')).map((l) => l.file);
  assert.equal(new Set(fetched).size, fetched.length);
});

test('a page matched only in its title gets the start of its body, unmarked', async () => {
  const { engine: e } = engine();
  const result = await e.search('このサイトについて');
  const excerpt = await e.excerpt(result.hits[0], result.terms);
  assert.deepEqual(marked(excerpt), []);
  assert.ok(excerpt.segments[0].text.startsWith('このサイトは'));
  assert.equal(excerpt.cutStart, false);
});

test('the browser tokenizer reproduces every body position of the index', () => {
  const postings = new Map();
  for (const name of fs.readdirSync(path.join(fixture, 'shards'))) {
    const shard = JSON.parse(fs.readFileSync(path.join(fixture, 'shards', name), 'utf8'));
    for (const token of Object.keys(shard)) {
      const list = shard[token];
      let i = 0;
      let doc = 0;
      while (i + 2 < list.length) {
        doc += list[i];
        const count = list[i + 2];
        let position = 0;
        for (let k = 0; k < count; k++) {
          position += list[i + 3 + k];
          postings.set(`${doc} ${token} ${position}`, true);
        }
        i += 3 + count;
      }
    }
  }
  let checked = 0;
  const { headers, texts } = fixturePages();
  for (const [doc, header] of headers) {
    header.starts.forEach((start, k) => {
      const text = texts.get(doc)[k];
      for (const t of T.tokenize(text, start)) {
        assert.ok(postings.has(`${doc} ${t.text} ${t.position}`), `doc ${doc}: ${t.text}@${t.position}`);
        checked += 1;
      }
    });
  }
  assert.ok(checked > 300);
});

test('page text reaches the DOM only through textContent', () => {
  for (const file of ['search.js', 'search-tokenizer.js']) {
    const source = fs.readFileSync(path.join(root, 'themes/default/static', file), 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/, file);
  }
});

test('a first query loads little', async () => {
  const { engine: e, loaded } = engine();
  const result = await e.search('電子申請');
  await Promise.all(result.hits.slice(0, 10).map((hit) => e.excerpt(hit, result.terms)));
  const scripts = ['search.js', 'search-tokenizer.js']
    .map((f) => zlib.gzipSync(fs.readFileSync(path.join(root, 'themes/default/static', f))).length)
    .reduce((a, b) => a + b, 0);
  const index = loaded.reduce((a, l) => a + l.gzip, 0);
  assert.ok(scripts < 12_000, `scripts ${scripts} B gzipped`);
  assert.ok(scripts + index < 100_000, `first query ${scripts + index} B gzipped`);
});
