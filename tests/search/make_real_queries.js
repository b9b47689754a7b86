// Writes tests/search/real_queries.json: hand-picked queries on the bundled content, each with the
// pages it must return, decided mechanically from the built site's index docs (never typed in).
//
//   node tests/search/make_real_queries.js [SITE_DIR]     (default: site/, built when missing or stale)
//
// What "relevant" means (the ground truth; it does not ask the index's posting lists):
// - A page's text is its fields as the index docs give them: the title, the number, the body (its
//   parts, in the chunks docs/{n}.json). Glossary term names that the build adds
//   to a page as a boosted field are not page text.
// - Text and query are normalised by the tokenizer's own `normalize` (NFKC, lower case, hiragana →
//   katakana, ヴ/ヵ/ヶ folding, a trailing ー dropped), white space that touches a CJK character is
//   removed (a line break inside Japanese text is no word break), other white space runs become
//   one space, and each Latin word is replaced by the tokenizer's `stem` of it (plans → plan).
// - A query is split into terms at white space ("…", 「…」 keep a phrase together). A page is
//   relevant when every term occurs in one of its fields: as a substring, except that a term that
//   begins or ends with a letter or digit must begin or end at a word boundary there (so "plan"
//   is not found in "explanation", but ナンバー is found in マイナンバー).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..', '..');
const T = require(path.join(root, 'themes/default/static/search-tokenizer.js'));
const OUTPUT = path.join(__dirname, 'real_queries.json');

/*
 * The queries, picked by hand from content/plans/**, content/glossary/** and the source texts
 * (/work/shared/seeds/000_*.txt: Hamamatsu, 002_*.txt: Moka). kind says what each one tests;
 * "absent" strings occur nowhere and must return nothing.
 */
const QUERIES = [
  // Japanese: compounds
  { lang: 'ja', q: '電子決裁', kind: 'compound' },
  { lang: 'ja', q: '母子健康手帳', kind: 'compound' },
  { lang: 'ja', q: '公金収納', kind: 'compound' },
  { lang: 'ja', q: '業務改革', kind: 'compound' },
  { lang: 'ja', q: '個人情報', kind: 'compound' },
  { lang: 'ja', q: '情報セキュリティ', kind: 'compound' },
  { lang: 'ja', q: '標準準拠システム', kind: 'compound' },
  { lang: 'ja', q: '予防接種', kind: 'compound' },
  { lang: 'ja', q: '働き方改革', kind: 'compound' },
  { lang: 'ja', q: '文書管理', kind: 'compound' },
    { lang: 'ja', q: '行かない窓口', kind: 'compound' },
  // Japanese: facts shown on a page (responsible department, roadmap phase)
  { lang: 'ja', q: '情報システム課', kind: 'fact' },
  { lang: 'ja', q: '基本設計', kind: 'fact' },
  { lang: 'ja', q: '3ない窓口', kind: 'compound', note: 'digit and kana in one term' },
  { lang: 'ja', q: '議事録', kind: 'compound' },
  { lang: 'ja', q: '窓口', kind: 'compound', note: 'two characters' },
  // Japanese: katakana loanwords
  { lang: 'ja', q: 'テレワーク', kind: 'katakana' },
  { lang: 'ja', q: 'オープンデータ', kind: 'katakana' },
  { lang: 'ja', q: 'ペーパーレス', kind: 'katakana' },
  { lang: 'ja', q: 'キャッシュレス', kind: 'katakana' },
  { lang: 'ja', q: 'チャットボット', kind: 'katakana' },
  { lang: 'ja', q: 'ガバメントクラウド', kind: 'katakana' },
  { lang: 'ja', q: 'フリーアドレス', kind: 'katakana' },
  { lang: 'ja', q: 'リスキリング', kind: 'katakana' },
  { lang: 'ja', q: 'スマートフォン', kind: 'katakana' },
  { lang: 'ja', q: 'コンピューター', kind: 'long-vowel', note: 'the text writes コンピュータ' },
  { lang: 'ja', q: 'ユーザ', kind: 'long-vowel', note: 'the text writes ユーザー' },
  // Japanese: substrings inside longer words
  { lang: 'ja', q: 'ナンバー', kind: 'substring', note: 'inside マイナンバー' },
  { lang: 'ja', q: 'ポータル', kind: 'substring', note: 'inside マイナポータル' },
  { lang: 'ja', q: '健康手帳', kind: 'substring', note: 'inside 母子健康手帳' },
  { lang: 'ja', q: '決裁', kind: 'substring', note: 'inside 電子決裁' },
  { lang: 'ja', q: 'データ分析', kind: 'substring' },
  { lang: 'ja', q: '市', kind: 'substring', note: 'one character' },
  // Japanese pages: Latin abbreviations
  { lang: 'ja', q: 'DX', kind: 'abbreviation' },
  { lang: 'ja', q: 'EBPM', kind: 'abbreviation' },
  { lang: 'ja', q: 'RPA', kind: 'abbreviation' },
  { lang: 'ja', q: 'AI-OCR', kind: 'abbreviation' },
  { lang: 'ja', q: 'ICT', kind: 'abbreviation' },
  { lang: 'ja', q: 'PBX', kind: 'abbreviation' },
  { lang: 'ja', q: 'eLTAX', kind: 'abbreviation' },
  { lang: 'ja', q: '生成AI', kind: 'abbreviation', note: 'kanji and Latin in one term' },
  // Japanese: full-width and half-width forms, hiragana for katakana
  { lang: 'ja', q: 'ＤＸ', kind: 'width' },
  { lang: 'ja', q: 'ＲＰＡ', kind: 'width' },
  { lang: 'ja', q: 'ｶﾞﾊﾞﾒﾝﾄ', kind: 'width' },
  { lang: 'ja', q: 'ﾃﾚﾜｰｸ', kind: 'width' },
  { lang: 'ja', q: 'てれわーく', kind: 'hiragana' },
  { lang: 'ja', q: 'おーぷんでーた', kind: 'hiragana' },
  { lang: 'ja', q: 'まいなんばーかーど', kind: 'hiragana' },
  // Japanese: several terms (every one must occur), a quoted phrase
  { lang: 'ja', q: 'テレワーク 端末', kind: 'terms' },
  { lang: 'ja', q: 'AI 議事録', kind: 'terms' },
  { lang: 'ja', q: '真岡市 電子決裁', kind: 'terms' },
  { lang: 'ja', q: '「書かせない市役所」', kind: 'phrase' },
  // Japanese: strings that occur nowhere
  { lang: 'ja', q: '新幹線', kind: 'absent' },
  { lang: 'ja', q: '宇宙開発', kind: 'absent' },
  { lang: 'ja', q: 'ブロックチェーン', kind: 'absent' },
  { lang: 'ja', q: '原子力発電', kind: 'absent' },
  { lang: 'ja', q: '窓口電話', kind: 'absent', note: 'both words occur, never together' },

  // English: words, plurals and stems
    { lang: 'en', q: 'telework', kind: 'word' },
  { lang: 'en', q: 'Personnel Division', kind: 'fact' },
  { lang: 'en', q: 'paperless', kind: 'word' },
  { lang: 'en', q: 'chatbots', kind: 'plural' },
  { lang: 'en', q: 'regulations', kind: 'plural' },
  { lang: 'en', q: 'audits', kind: 'plural' },
  { lang: 'en', q: 'counters', kind: 'plural' },
  { lang: 'en', q: 'meetings', kind: 'plural' },
  { lang: 'en', q: 'planning', kind: 'stem' },
  { lang: 'en', q: 'digitalised', kind: 'stem' },
  { lang: 'en', q: 'literacy', kind: 'word' },
  { lang: 'en', q: 'vaccination', kind: 'word' },
  { lang: 'en', q: 'Hamamatsu', kind: 'word', note: 'capitalised' },
  // English: abbreviations and forms
  { lang: 'en', q: 'DX', kind: 'abbreviation' },
  { lang: 'en', q: 'EBPM', kind: 'abbreviation' },
  { lang: 'en', q: 'RPA', kind: 'abbreviation' },
  { lang: 'en', q: 'AI-OCR', kind: 'abbreviation' },
  { lang: 'en', q: 'LGWAN', kind: 'abbreviation' },
  { lang: 'en', q: 'e-approval', kind: 'abbreviation' },
  { lang: 'en', q: 'ＤＸ', kind: 'width' },
  { lang: 'en', q: 'ｅＬＴＡＸ', kind: 'width' },
  // English: several words (every one must occur), quoted phrases
  { lang: 'en', q: 'open data', kind: 'terms' },
  { lang: 'en', q: '"open data"', kind: 'phrase' },
  { lang: 'en', q: '"My Number Card"', kind: 'phrase' },
  { lang: 'en', q: '"information security"', kind: 'phrase' },
  { lang: 'en', q: 'cloud services', kind: 'terms' },
  { lang: 'en', q: '"maternal and child health handbook"', kind: 'phrase' },
  // English: strings that occur nowhere
  { lang: 'en', q: 'spaceport', kind: 'absent' },
  { lang: 'en', q: 'shinkansen', kind: 'absent' },
  { lang: 'en', q: 'blockchain', kind: 'absent' },
  { lang: 'en', q: '"data telework"', kind: 'absent', note: 'both words occur, never together' },
];

/* ---- The site ---- */

/* Newest modification time under a path (files only). */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const name of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

/*
 * The directory of a built site: KEIKAKU_SEARCH_SITE when set (taken as it is), else the
 * repository's site/, rebuilt with `cargo run --release -- build` when it is missing or older than
 * the sources that make it (content, theme, configuration, code).
 */
function builtSite(log = () => {}) {
  if (process.env.KEIKAKU_SEARCH_SITE) return path.resolve(process.env.KEIKAKU_SEARCH_SITE);
  const site = path.join(root, 'site');
  const built = newest(path.join(site, 'ja', 'search-index', 'meta.json'));
  const inputs = ['keikaku.toml', 'content', 'themes', 'templates', 'static', 'src', 'Cargo.lock']
    .map((p) => newest(path.join(root, p)));
  if (built > 0 && built >= Math.max(...inputs)) return site;
  log(built === 0 ? 'site/ is missing: building it' : 'site/ is older than its sources: rebuilding it');
  const result = spawnSync('cargo', ['run', '--release', '--quiet', '--', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 30 * 60 * 1000,
  });
  if (result.status !== 0) {
    throw new Error(`cargo run --release -- build failed (${result.error || `exit ${result.status}`})`);
  }
  return site;
}

/* Every page of a language's index: [{url, fields: [title, number, body]}], in page-id order. */
function indexPages(indexDir) {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(indexDir, file), 'utf8'));
  const meta = read('meta.json');
  const chunks = fs.readdirSync(path.join(indexDir, 'docs')).map((name) => Number(name.replace(/\.json$/, '')));
  chunks.sort((a, b) => a - b);
  const byId = new Map();
  for (const n of chunks) {
    const chunk = read(`docs/${n}.json`);
    chunk.docs.forEach((header, slot) => byId.set(n * meta.chunk_docs + slot, { header, body: [header.text || ''] }));
    for (const [id, k, text] of chunk.parts || []) byId.get(id).body[k] = text;
  }
  const ids = [...byId.keys()].sort((a, b) => a - b);
  if (ids.length !== meta.docs) throw new Error(`${indexDir}: ${ids.length} pages in the chunks, meta.json says ${meta.docs}`);
  return ids.map((id) => {
    const { header, body } = byId.get(id);
    return { url: header.url, fields: [header.title || '', header.number || '', body.join('')] };
  });
}

/* ---- Relevance ---- */

function isWordChar(c) {
  return /[\p{Alphabetic}\p{N}]/u.test(c) && !T.isCjk(c);
}

function isWhiteSpace(c) {
  return /\p{White_Space}/u.test(c);
}

/* Normalised text with stemmed words, as one string (see the file comment). */
function canonical(text) {
  const chars = [...T.normalize(text)];
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (isWordChar(c)) {
      let word = '';
      while (i < chars.length) {
        if (isWordChar(chars[i])) {
          word += chars[i];
          i += 1;
        } else if ((chars[i] === "'" || chars[i] === '\u2019') && i + 1 < chars.length && isWordChar(chars[i + 1])) {
          i += 1;
        } else {
          break;
        }
      }
      out += T.stem(word);
    } else if (isWhiteSpace(c)) {
      let j = i;
      while (j < chars.length && isWhiteSpace(chars[j])) j += 1;
      const before = out.length > 0 ? [...out].pop() : undefined;
      const after = chars[j];
      if (before !== undefined && after !== undefined && !T.isCjk(before) && !T.isCjk(after)) out += ' ';
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/* The terms of a query: white space separates them, quotes keep a phrase together. */
function queryTerms(query) {
  const opening = '"“「『';
  const closing = '"”」』';
  const terms = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (opening.includes(c)) {
      let end = i + 1;
      while (end < query.length && !closing.includes(query[end])) end += 1;
      terms.push(query.slice(i + 1, end));
      i = end + 1;
    } else if (isWhiteSpace(c)) {
      i += 1;
    } else {
      let end = i;
      while (end < query.length && !isWhiteSpace(query[end]) && !opening.includes(query[end])) end += 1;
      terms.push(query.slice(i, end));
      i = end;
    }
  }
  return terms.map(canonical).filter((t) => t.length > 0);
}

/* The character that ends just before index `at` of a string ('' at its start). */
function charBefore(text, at) {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  return low >= 0xdc00 && low <= 0xdfff && at >= 2 ? text.slice(at - 2, at) : text[at - 1];
}

/* The character that starts at index `at` of a string ('' at its end). */
function charAt(text, at) {
  return at < text.length ? String.fromCodePoint(text.codePointAt(at)) : '';
}

/* Whether a canonical term occurs in a canonical text (word boundaries at letters and digits). */
function occursIn(term, text) {
  const first = charAt(term, 0);
  const last = charBefore(term, term.length);
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = charBefore(text, at);
    const after = charAt(text, at + term.length);
    if (isWordChar(first) && before && isWordChar(before)) continue;
    if (isWordChar(last) && after && isWordChar(after)) continue;
    return true;
  }
  return false;
}

/* URLs of the pages relevant to a query, in page-id order. */
function relevant(query, pages) {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  return pages
    .filter((page) => {
      page.canonical = page.canonical || page.fields.map(canonical);
      return terms.every((term) => page.canonical.some((field) => occursIn(term, field)));
    })
    .map((page) => page.url);
}

/* The query set with its expectations, for the site at `siteDir`. */
function expectations(siteDir) {
  const pagesByLang = new Map();
  const pagesOf = (lang) => {
    if (!pagesByLang.has(lang)) pagesByLang.set(lang, indexPages(path.join(siteDir, lang, 'search-index')));
    return pagesByLang.get(lang);
  };
  return QUERIES.map((query) => {
    const expect = relevant(query.q, pagesOf(query.lang));
    if (query.kind === 'absent' && expect.length > 0) {
      throw new Error(`"${query.q}" is meant to be absent but occurs in ${expect.join(', ')}`);
    }
    if (query.kind !== 'absent' && expect.length === 0) {
      throw new Error(`"${query.q}" occurs nowhere: pick another query or mark it absent`);
    }
    return { ...query, expect };
  });
}

function aboutText() {
  return (
    'Queries on the bundled content with the pages each must return. Generated by ' +
      'tests/search/make_real_queries.js from the built index docs (see its header for what ' +
      '"relevant" means); run by tests/search/real_site.test.js and bench/search/compare.js. ' +
      'Do not edit by hand: change the query list in the script and run it.');
}

function serialise(queries) {
  // One query per line keeps diffs readable.
  const lines = queries.map((q) => '    ' + JSON.stringify(q));
  const head = JSON.stringify({ about: aboutText() }, null, 2).replace(/\n}$/, '');
  return `${head},\n  "queries": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

module.exports = { QUERIES, builtSite, indexPages, canonical, relevant, expectations, serialise, OUTPUT };

if (require.main === module) {
  const siteDir = process.argv[2] ? path.resolve(process.argv[2]) : builtSite((m) => console.error(m));
  const queries = expectations(siteDir);
  fs.writeFileSync(OUTPUT, serialise(queries));
  const count = (lang) => queries.filter((q) => q.lang === lang).length;
  console.log(`wrote ${path.relative(root, OUTPUT)}: ${count('ja')} ja and ${count('en')} en queries`);
}
