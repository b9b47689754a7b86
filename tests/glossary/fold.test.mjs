// Tests the folding of glossary.js against the table of keikaku::kana::fold_for_search
// (the shared table tests/glossary/fold_cases.json). Run: node --test tests/glossary/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const script = join(here, '../../themes/default/static/glossary.js');
const { fold, queryWords, matches } = require(script);

const SEARCH_FOLDING = JSON.parse(readFileSync(join(here, 'fold_cases.json'), 'utf8')).cases.map((c) => [c.text, c.folded]);

test('fold agrees with fold_for_search', () => {
  for (const [text, folded] of SEARCH_FOLDING) {
    assert.equal(fold(text), folded, text);
  }
});

test('query words and matching', () => {
  assert.deepEqual(queryWords('  でじたる　ＤＸ '), ['デジタル', 'dx']);
  assert.deepEqual(queryWords('   '), []);
  // data-search as keikaku::glossary::search_text writes it.
  const entry = 'dx\nディーエックス\nデジタルトランスフォーメーション\ndigitaltransformation';
  assert.ok(matches(entry, queryWords('でぃー')));
  assert.ok(matches(entry, queryWords('デジタル トランス')));
  assert.ok(matches(entry, queryWords('Digital Transformation')));
  assert.ok(matches(entry, queryWords('ＤＸ')));
  assert.ok(matches(entry, []));
  assert.ok(!matches(entry, queryWords('クラウド')));
});
