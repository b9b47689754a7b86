// The browser tokenizer against the shared case table (the Rust tests read the same file).
// Run from the repository root: node --test tests/search/
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..', '..');
const T = require(path.join(root, 'themes/default/static/search-tokenizer.js'));
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'tokenizer_cases.json'), 'utf8'));

test('normalize follows the case table', () => {
  for (const c of cases.normalize) {
    assert.equal(T.normalize(c.input), c.expected, `input ${JSON.stringify(c.input)}`);
  }
});

test('normalisation is idempotent', () => {
  for (const c of cases.normalize) {
    const once = T.normalize(c.input);
    assert.equal(T.normalize(once), once, `input ${JSON.stringify(c.input)}`);
  }
});

test('tokenize follows the case table', () => {
  for (const c of cases.tokenize) {
    const got = T.tokenize(c.input).map((t) => `${t.text}@${t.position}`);
    assert.deepEqual(got, c.tokens, `input ${JSON.stringify(c.input)}`);
  }
});

test('query terms follow the case table', () => {
  for (const c of cases.query) {
    const got = T.queryTerms(c.input).map((term) => ({
      tokens: term.tokens.map((t) => `${t.text}${t.prefix ? '*' : ''}@${t.offset}`),
      span: term.span,
    }));
    assert.deepEqual(got, c.terms, `query ${JSON.stringify(c.input)}`);
  }
});

test('stem follows the case table', () => {
  for (const c of cases.stem) {
    assert.equal(T.stem(c.input), c.expected, `word ${c.input}`);
  }
});

test('shard keys and hashes follow the case table', () => {
  for (const c of cases.shard_key) {
    assert.equal(T.shardKey(c.token), c.key);
    assert.equal(T.fnv1a(c.key), c.fnv1a);
  }
});

test('fast-path characters are really stable', () => {
  const ranges = [[0x20, 0x7e], [0x3041, 0x3096], [0x30a1, 0x30fa], [0x30fc, 0x30fc], [0x4e00, 0x9fff]];
  for (const [low, high] of ranges) {
    for (let cp = low; cp <= high; cp++) {
      const c = String.fromCodePoint(cp);
      if (c >= 'A' && c <= 'Z') continue;
      const slow = [...c.normalize('NFKC').toLowerCase()].filter((x) => !/\p{M}/u.test(x)).join('');
      assert.equal(slow, c, `U+${cp.toString(16)}`);
    }
  }
});

test('source ranges point into the source', () => {
  const text = 'ﾌｧｲﾙのＤＸ化、ヴァイオリン𠮷野';
  const tokens = T.tokenize(text);
  const dx = tokens.find((t) => t.text === 'dx');
  assert.equal(text.slice(dx.start, dx.end), 'ＤＸ');
  const yoshi = tokens.find((t) => t.text === '𠮷野');
  assert.equal(text.slice(yoshi.start, yoshi.end), '𠮷');
  const va = tokens.find((t) => t.text === 'バイ');
  assert.equal(text.slice(va.start, va.end), 'ヴァ');
});

test('a dropped long-vowel mark belongs to the kana before it', () => {
  for (const [text, last] of [['マイナンバー', 'バー'], ['サーバーー室', 'バーー'], ['ﾏｲﾅﾝﾊﾞｰ。', 'ﾊﾞｰ']]) {
    const kana = T.normalizeChars(text).filter((c) => /\p{Script=Katakana}/u.test(c.ch) && c.ch !== 'ー').pop();
    assert.equal(text.slice(kana.start, kana.end), last, text);
  }
  // A kept mark keeps its own range.
  const kept = 'サーバーの';
  assert.deepEqual(T.normalizeChars(kept).map((c) => kept.slice(c.start, c.end)), ['サ', 'ー', 'バ', 'ー', 'の']);
});
