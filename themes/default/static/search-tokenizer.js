/*
 * keikaku search tokenizer: the browser twin of src/search/tokenizer.rs, rule for rule. Both are
 * tested against tests/search/tokenizer_cases.json; change them together, and bump
 * TOKENIZER_VERSION in both when a rule changes (the index records the version it was built with).
 *
 * Works as a classic <script> (defines the global KeikakuSearchTokenizer) and under Node
 * (module.exports), with no dependencies. Source offsets are UTF-16 indices into the input.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.KeikakuSearchTokenizer = api;
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var TOKENIZER_VERSION = 1;
  var MAX_WORD_CHARS = 64;
  var MAX_QUERY_CHARS = 200;

  var MARK = /\p{M}/u;
  var ALPHANUMERIC = /[\p{Alphabetic}\p{N}]/u;
  var WHITE_SPACE = /\p{White_Space}/u;

  function isMark(c) {
    return MARK.test(c);
  }

  function isContinuation(c) {
    return isMark(c) || c === '\uFF9E' || c === '\uFF9F';
  }

  /* Code points that NFKC, lower case and mark removal leave unchanged (a fast path). */
  function isStable(cp) {
    return (cp >= 0x20 && cp <= 0x40) || (cp >= 0x5b && cp <= 0x7e) ||
      (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa) || cp === 0x30fc ||
      (cp >= 0x4e00 && cp <= 0x9fff);
  }

  function hiraganaToKatakana(c) {
    var cp = c.codePointAt(0);
    if ((cp >= 0x3041 && cp <= 0x3096) || cp === 0x309d || cp === 0x309e) {
      return String.fromCodePoint(cp + 0x60);
    }
    return c;
  }

  /* Steps 1-3: NFKC per unit (a character and the marks after it), lower case, drop marks,
   * hiragana to katakana. */
  function foldUnits(text) {
    var out = [];
    var n = text.length;
    var i = 0;
    while (i < n) {
      var cp = text.codePointAt(i);
      var width = cp > 0xffff ? 2 : 1;
      var start = i;
      var end = i + width;
      while (end < n) {
        var next = text.codePointAt(end);
        if (!isContinuation(String.fromCodePoint(next))) break;
        end += next > 0xffff ? 2 : 1;
      }
      if (end === start + width && isStable(cp)) {
        out.push({ ch: hiraganaToKatakana(String.fromCodePoint(cp)), start: start, end: end });
      } else {
        for (var composed of text.slice(start, end).normalize('NFKC')) {
          for (var lower of composed.toLowerCase()) {
            if (isMark(lower)) continue;
            out.push({ ch: hiraganaToKatakana(lower), start: start, end: end });
          }
        }
      }
      i = end;
    }
    return out;
  }

  var VU = { 'ァ': 'バ', 'ィ': 'ビ', 'ゥ': 'ブ', 'ェ': 'ベ', 'ォ': 'ボ', 'ャ': 'ビャ', 'ュ': 'ビュ', 'ョ': 'ビョ' };
  var SINGLE = { 'ヷ': 'バ', 'ヸ': 'ビ', 'ヹ': 'ベ', 'ヺ': 'ボ', 'ヵ': 'カ', 'ヶ': 'ケ' };

  function isKana(c) {
    var cp = c.codePointAt(0);
    return (cp >= 0x30a1 && cp <= 0x30fa) || cp === 0x30fd || cp === 0x30fe ||
      (cp >= 0x31f0 && cp <= 0x31ff);
  }

  /* Steps 4-5: ヴ and small ヵヶ, and the long-vowel mark. */
  function applyKanaRules(chars) {
    var out = [];
    var i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (c.ch === 'ヴ') {
        var next = chars[i + 1];
        var combined = next ? VU[next.ch] : undefined;
        if (combined) {
          for (var ch of combined) out.push({ ch: ch, start: c.start, end: next.end });
          i += 2;
          continue;
        }
        out.push({ ch: 'ブ', start: c.start, end: c.end });
      } else if (SINGLE[c.ch]) {
        out.push({ ch: SINGLE[c.ch], start: c.start, end: c.end });
      } else if (c.ch === 'ー') {
        var runEnd = i;
        while (chars[runEnd + 1] && chars[runEnd + 1].ch === 'ー') runEnd += 1;
        var afterKana = out.length > 0 && isKana(out[out.length - 1].ch);
        var beforeKana = !!chars[runEnd + 1] && isKana(chars[runEnd + 1].ch);
        if (!(afterKana && !beforeKana)) {
          for (var k = i; k <= runEnd; k++) out.push(chars[k]);
        } else {
          // The dropped marks still belong to the word: the kana before them covers them in the
          // source, so that a highlight ends after サーバー, not サーバ.
          var last = out[out.length - 1];
          out[out.length - 1] = { ch: last.ch, start: last.start, end: chars[runEnd].end };
        }
        i = runEnd + 1;
        continue;
      } else {
        out.push(c);
      }
      i += 1;
    }
    return out;
  }

  /* Normalised characters of a text: [{ch, start, end}], start/end the UTF-16 source range. */
  function normalizeChars(text) {
    return applyKanaRules(foldUnits(text));
  }

  function normalize(text) {
    return normalizeChars(text).map(function (c) { return c.ch; }).join('');
  }

  function isCjk(c) {
    var cp = c.codePointAt(0);
    return (cp >= 0x2e80 && cp <= 0x2fdf) || (cp >= 0x3005 && cp <= 0x3007) ||
      (cp >= 0x3021 && cp <= 0x3029) || (cp >= 0x3031 && cp <= 0x3035) || cp === 0x303b ||
      (cp >= 0x3041 && cp <= 0x309f) || (cp >= 0x30a1 && cp <= 0x30fa) ||
      (cp >= 0x30fc && cp <= 0x30ff) || (cp >= 0x3131 && cp <= 0x318e) ||
      (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff);
  }

  function isWordChar(c) {
    return ALPHANUMERIC.test(c) && !isCjk(c);
  }

  function isWhiteSpace(c) {
    return WHITE_SPACE.test(c);
  }

  function isApostrophe(c) {
    return c === "'" || c === '\u2019';
  }

  /* Tokens of normalised characters, positions from `first`:
   * {tokens: [{text, position, kind: 'word'|'bigram'|'end', start, end}], next}. */
  function tokenizeChars(chars, first) {
    var tokens = [];
    var position = first;
    var separated = false;
    var i = 0;
    while (i < chars.length) {
      var c = chars[i].ch;
      if ((isCjk(c) || isWordChar(c)) && separated && tokens.length > 0) position += 1;
      if (isCjk(c)) {
        separated = false;
        var run = [];
        while (i < chars.length) {
          if (isCjk(chars[i].ch)) {
            run.push(chars[i]);
            i += 1;
          } else if (isWhiteSpace(chars[i].ch)) {
            var j = i;
            while (j < chars.length && isWhiteSpace(chars[j].ch)) j += 1;
            if (j < chars.length && isCjk(chars[j].ch)) i = j; else break;
          } else {
            break;
          }
        }
        for (var k = 0; k < run.length; k++) {
          var here = run[k];
          var next = run[k + 1];
          tokens.push({
            text: next ? here.ch + next.ch : here.ch,
            position: position,
            kind: next ? 'bigram' : 'end',
            start: here.start,
            end: here.end,
          });
          position += 1;
        }
      } else if (isWordChar(c)) {
        separated = false;
        var start = chars[i].start;
        var end = chars[i].end;
        var word = '';
        var length = 0;
        while (i < chars.length) {
          var ch = chars[i].ch;
          if (isWordChar(ch)) {
            if (length < MAX_WORD_CHARS) {
              word += ch;
              length += 1;
            }
            end = chars[i].end;
            i += 1;
          } else if (isApostrophe(ch) && chars[i + 1] && isWordChar(chars[i + 1].ch)) {
            i += 1;
          } else {
            break;
          }
        }
        tokens.push({ text: stem(word), position: position, kind: 'word', start: start, end: end });
        position += 1;
      } else {
        if (!isWhiteSpace(c)) separated = true;
        i += 1;
      }
    }
    return { tokens: tokens, next: position };
  }

  /* Tokens of a text with positions from `first` (default 0). */
  function tokenize(text, first) {
    return tokenizeChars(normalizeChars(text), first || 0).tokens;
  }

  function endsWithAny(s, endings) {
    for (var e of endings) if (s.endsWith(e)) return true;
    return false;
  }

  function hasVowel(s) {
    return /[aeiouy]/.test(s);
  }

  function undouble(s) {
    var n = s.length;
    if (n >= 4 && s[n - 1] === s[n - 2] && 'aeiouylsz'.indexOf(s[n - 1]) < 0) return s.slice(0, -1);
    return s;
  }

  /* Light English stemming of lower-case ASCII words (see the Rust `stem`). */
  function stem(word) {
    var s = word;
    if (s.length <= 3 || !/^[a-z]+$/.test(s)) return s;
    if (s.endsWith('ies') && s.length > 4) {
      s = s.slice(0, -3) + 'y';
    } else if (endsWithAny(s, ['sses', 'xes', 'zzes', 'ches', 'shes'])) {
      s = s.slice(0, -2);
    } else if (s.endsWith('s') && !endsWithAny(s, ['ss', 'us', 'sis']) && s !== 'this') {
      s = s.slice(0, -1);
    }
    if (s.endsWith('ing') && s.length >= 6 && hasVowel(s.slice(0, -3))) {
      s = undouble(s.slice(0, -3));
    } else if (s.endsWith('ied') && s.length > 4) {
      s = s.slice(0, -3) + 'y';
    } else if (s.endsWith('ed') && !s.endsWith('eed') && s.length >= 5 && hasVowel(s.slice(0, -2))) {
      s = undouble(s.slice(0, -2));
    }
    if (s.endsWith('e') && s.length >= 4) s = s.slice(0, -1);
    return s;
  }

  var OPENING = '"“「『';
  var CLOSING = '"”」』';

  function exact(token) {
    return { text: token.text, offset: token.position, prefix: false };
  }

  /* The tokens of one term (see the Rust `term_of`). */
  function termOf(chars) {
    var result = tokenizeChars(chars, 0);
    var tokens = result.tokens;
    var endsInCjk = chars.length > 0 && isCjk(chars[chars.length - 1].ch);
    var out = [];
    var k = 0;
    while (k < tokens.length) {
      var token = tokens[k];
      if (token.kind === 'word') {
        out.push(exact(token));
      } else if (token.kind === 'bigram') {
        var n = 1;
        while (tokens[k + n - 1] && tokens[k + n - 1].kind === 'bigram') n += 1;
        for (var b = 0; b < n - 1; b++) {
          if (b % 2 === 0 || b === n - 2) out.push(exact(tokens[k + b]));
        }
        k += n;
        continue;
      } else {
        out.push({ text: token.text, offset: token.position, prefix: endsInCjk && k + 1 === tokens.length });
      }
      k += 1;
    }
    return { tokens: out, span: result.next };
  }

  function trimWhiteSpace(chars) {
    var start = 0;
    var end = chars.length;
    while (start < end && isWhiteSpace(chars[start].ch)) start += 1;
    while (end > start && isWhiteSpace(chars[end - 1].ch)) end -= 1;
    return chars.slice(start, end);
  }

  /* Terms of a query: [{tokens: [{text, offset, prefix}], span}]. */
  function queryTerms(query) {
    var chars = normalizeChars(query).slice(0, MAX_QUERY_CHARS);
    var pieces = [];
    var i = 0;
    while (i < chars.length) {
      var c = chars[i].ch;
      if (OPENING.indexOf(c) >= 0) {
        var start = i + 1;
        var end = start;
        while (end < chars.length && CLOSING.indexOf(chars[end].ch) < 0) end += 1;
        pieces.push(chars.slice(start, end));
        i = end + 1;
      } else if (isWhiteSpace(c)) {
        i += 1;
      } else {
        var from = i;
        while (i < chars.length && !isWhiteSpace(chars[i].ch) && OPENING.indexOf(chars[i].ch) < 0) i += 1;
        pieces.push(chars.slice(from, i));
      }
    }
    var terms = [];
    for (var piece of pieces) {
      var term = termOf(trimWhiteSpace(piece));
      if (term.tokens.length > 0) terms.push(term);
    }
    return terms;
  }

  /* The key that decides a token's shard: first character of a CJK token, else the token. */
  function shardKey(token) {
    if (token.length === 0) return token;
    var first = String.fromCodePoint(token.codePointAt(0));
    return isCjk(first) ? first : token;
  }

  /* FNV-1a over code points, as an unsigned 32-bit integer. */
  function fnv1a(text) {
    var hash = 0x811c9dc5;
    for (var c of text) {
      hash = Math.imul(hash ^ c.codePointAt(0), 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  return {
    TOKENIZER_VERSION: TOKENIZER_VERSION,
    normalize: normalize,
    normalizeChars: normalizeChars,
    tokenize: tokenize,
    tokenizeChars: tokenizeChars,
    queryTerms: queryTerms,
    stem: stem,
    shardKey: shardKey,
    fnv1a: fnv1a,
    isCjk: isCjk,
  };
});
