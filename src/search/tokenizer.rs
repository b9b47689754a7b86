//! The search tokenizer: one algorithm for the index writer and for queries, mirrored line for
//! line by `themes/default/static/search-tokenizer.js` and tested against the shared table
//! `tests/search/tokenizer_cases.json`.
//!
//! Normalisation, applied to every character (see [`normalize_chars`]):
//! 1. NFKC, applied to each base character together with the combining marks that follow it (and
//!    the half-width sound marks ﾞ ﾟ), so every normalised character knows its source range;
//! 2. lower case (Unicode full lower-case mapping, character by character); combining marks that
//!    remain (variation selectors, stray accents) are dropped;
//! 3. hiragana → katakana (ゝゞ → ヽヾ);
//! 4. ヴァ ヴィ ヴゥ ヴェ ヴォ ヴャ ヴュ ヴョ → バ ビ ブ ベ ボ ビャ ビュ ビョ, other ヴ → ブ, ヷヸヹヺ → バビベボ,
//!    ヵヶ → カケ;
//! 5. a run of long-vowel marks ー that follows kana and is not followed by kana is dropped
//!    (サーバー → サーバ, サーバー室 → サーバ室, but サーバーの keeps its ー); the source range of
//!    the kana before it grows to cover the dropped marks.
//!
//! Tokens (see [`tokenize`]): a run of CJK characters (kanji, kana, hangul; white space between two
//! CJK characters does not break a run, punctuation does) of n characters occupies n positions and
//! yields n tokens: the overlapping bigram starting at each character, and for the last character
//! a unigram. A run of letters and digits of other scripts is a word: one position, lightly stemmed
//! (see [`stem`]); an apostrophe inside a word is dropped (city's → citys → city). Everything else
//! separates tokens; where such a separator stands between two tokens, one position is skipped, so
//! that adjacent positions mean adjacent text.
//!
//! Queries (see [`query_terms`]; cut to 200 characters): white space separates terms, quotes
//! (" “” 「」 『』) group a phrase. A term is looked up by its words, by bigrams at every other
//! character of its CJK runs (and the last bigram), each with its offset from the term's first
//! position; a page matches a term only where all of them sit at those offsets, which (with the
//! skipped positions) means the term's characters are adjacent in the page. A one-character CJK
//! run that ends the term matches every token that starts with it (a prefix token).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Version of the tokenizer rules, written into the index metadata; bump it when a rule changes.
pub const TOKENIZER_VERSION: u32 = 1;

/// Words are cut to this many characters before stemming (long URLs, hashes).
const MAX_WORD_CHARS: usize = 64;

/// A query is cut to this many normalised characters (bounds the work of a phrase check).
const MAX_QUERY_CHARS: usize = 200;

/// One character of normalised text and the byte range of the source text it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormChar {
    /// The normalised character.
    pub ch: char,
    /// Byte offset of the first source byte.
    pub start: usize,
    /// Byte offset just past the last source byte.
    pub end: usize,
}

/// What a token stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A word of letters and digits (stemmed).
    Word,
    /// Two adjacent characters of a CJK run.
    Bigram,
    /// The last character of a CJK run, alone.
    RunEnd,
}

/// A token and the position it occupies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token text.
    pub text: String,
    /// Its position: consecutive characters of a CJK run and consecutive words have consecutive
    /// positions.
    pub position: u32,
    /// Word, bigram or run end.
    pub kind: TokenKind,
    /// Source byte range of the character (CJK) or word at this position.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

/// One token of a query term.
#[cfg_attr(not(test), allow(dead_code))] // the query side: mirrored by search-tokenizer.js, used by tests
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryToken {
    /// The token text, or the character a prefix token starts with.
    pub text: String,
    /// Position relative to the start of the term.
    pub offset: u32,
    /// Whether every token starting with `text` matches (a lone CJK character at a term's end).
    pub prefix: bool,
}

/// One term of a query: a phrase whose tokens must sit at their offsets in a page.
#[cfg_attr(not(test), allow(dead_code))] // the query side: mirrored by search-tokenizer.js, used by tests
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryTerm {
    /// The tokens to find, in order of offset.
    pub tokens: Vec<QueryToken>,
    /// The number of positions the term occupies (the next term of an exact phrase starts there).
    pub span: u32,
}

/// Normalises text for searching (NFKC, lower case, kana folding), as a string.
#[cfg_attr(not(test), allow(dead_code))] // public API for the render stage and tests
pub fn normalize(text: &str) -> String {
    normalize_chars(text).iter().map(|c| c.ch).collect()
}

/// Normalises text for searching, keeping for each character its source byte range.
pub fn normalize_chars(text: &str) -> Vec<NormChar> {
    let folded = fold_units(text);
    apply_kana_rules(&folded)
}

/// Steps 1–3: NFKC per unit, lower case, drop marks, hiragana → katakana.
fn fold_units(text: &str) -> Vec<NormChar> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let mut end = start + first.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if !is_continuation(next) {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        if end == start + first.len_utf8() && is_stable(first) {
            out.push(NormChar { ch: hiragana_to_katakana(first), start, end });
            continue;
        }
        for composed in text[start..end].nfkc() {
            for lower in composed.to_lowercase() {
                if is_combining_mark(lower) {
                    continue;
                }
                out.push(NormChar { ch: hiragana_to_katakana(lower), start, end });
            }
        }
    }
    out
}

/// Characters that join the unit of the character before them for NFKC.
fn is_continuation(c: char) -> bool {
    is_combining_mark(c) || c == '\u{FF9E}' || c == '\u{FF9F}'
}

/// Characters that NFKC, lower case and mark removal leave unchanged (a fast path; a test checks
/// every one of them).
fn is_stable(c: char) -> bool {
    matches!(c,
        ' '..='@' | '['..='~' // printable ASCII except upper case
        | '\u{3041}'..='\u{3096}' // hiragana
        | '\u{30A1}'..='\u{30FA}' // katakana
        | '\u{30FC}' // ー
        | '\u{4E00}'..='\u{9FFF}') // CJK unified ideographs
}

fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
            // Invariant: the katakana block mirrors these code points 0x60 higher.
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// Steps 4–5: ヴ and small ヵヶ, and the long-vowel mark.
fn apply_kana_rules(chars: &[NormChar]) -> Vec<NormChar> {
    let mut out: Vec<NormChar> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let with = |ch: char| NormChar { ch, ..c };
        match c.ch {
            'ヴ' => {
                let next = chars.get(i + 1).copied();
                let combined = next.and_then(|n| match n.ch {
                    'ァ' => Some("バ"),
                    'ィ' => Some("ビ"),
                    'ゥ' => Some("ブ"),
                    'ェ' => Some("ベ"),
                    'ォ' => Some("ボ"),
                    'ャ' => Some("ビャ"),
                    'ュ' => Some("ビュ"),
                    'ョ' => Some("ビョ"),
                    _ => None,
                });
                match (combined, next) {
                    (Some(replacement), Some(n)) => {
                        for ch in replacement.chars() {
                            out.push(NormChar { ch, start: c.start, end: n.end });
                        }
                        i += 2;
                        continue;
                    }
                    _ => out.push(with('ブ')),
                }
            }
            'ヷ' => out.push(with('バ')),
            'ヸ' => out.push(with('ビ')),
            'ヹ' => out.push(with('ベ')),
            'ヺ' => out.push(with('ボ')),
            'ヵ' => out.push(with('カ')),
            'ヶ' => out.push(with('ケ')),
            'ー' => {
                let mut run_end = i;
                while chars.get(run_end + 1).is_some_and(|n| n.ch == 'ー') {
                    run_end += 1;
                }
                let after_kana = out.last().is_some_and(|p| is_kana(p.ch));
                let before_kana = chars.get(run_end + 1).is_some_and(|n| is_kana(n.ch));
                if !after_kana || before_kana {
                    out.extend_from_slice(&chars[i..=run_end]);
                } else if let Some(last) = out.last_mut() {
                    // The dropped marks still belong to the word: the kana before them covers
                    // them in the source, so that a highlight ends after サーバー, not サーバ.
                    last.end = chars[run_end].end;
                }
                i = run_end + 1;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Katakana letters and iteration marks (hiragana is already folded).
fn is_kana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FD}' | '\u{30FE}' | '\u{31F0}'..='\u{31FF}')
}

/// Characters that form bigram runs: kanji, kana, hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}' // radicals
        | '\u{3005}'..='\u{3007}' // 々 〆 〇
        | '\u{3021}'..='\u{3029}'
        | '\u{3031}'..='\u{3035}'
        | '\u{303B}'
        | '\u{3041}'..='\u{309F}' // hiragana
        | '\u{30A1}'..='\u{30FA}' // katakana
        | '\u{30FC}'..='\u{30FF}' // ー ヽ ヾ ヿ
        | '\u{3131}'..='\u{318E}' // hangul compatibility jamo
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}' // hangul syllables
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Tokenizes text, positions starting at 0.
#[cfg_attr(not(test), allow(dead_code))] // public API for the render stage and tests
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_from(text, 0).0
}

/// Tokenizes text with positions starting at `first`; returns the tokens and the next free
/// position (where a following text continues without a gap).
pub fn tokenize_from(text: &str, first: u32) -> (Vec<Token>, u32) {
    tokenize_chars(&normalize_chars(text), first)
}

/// Tokenizes normalised characters with positions starting at `first`.
pub fn tokenize_chars(chars: &[NormChar], first: u32) -> (Vec<Token>, u32) {
    let mut tokens = Vec::new();
    let next = each_token(chars, first, |t| {
        tokens.push(Token { text: t.text.to_string(), position: t.position, kind: t.kind, start: t.start, end: t.end });
    });
    (tokens, next)
}

/// A token as [`each_token`] hands it on: its text is borrowed from a buffer that the next
/// token reuses.
#[derive(Clone, Copy, Debug)]
pub struct TokenRef<'a> {
    pub text: &'a str,
    pub position: u32,
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// Calls `f` with each token of `text`, positions starting at `first`; returns the next free
/// position. The index writer's form of [`tokenize_from`]: it makes no string per token (a page
/// of a few thousand characters has as many tokens, and most are already in the page's map).
pub fn each_token_of(text: &str, first: u32, f: impl FnMut(TokenRef)) -> u32 {
    each_token(&normalize_chars(text), first, f)
}

/// The tokenizer itself (the rules are in the module's documentation).
fn each_token(chars: &[NormChar], first: u32, mut f: impl FnMut(TokenRef)) -> u32 {
    let mut position = first;
    let mut any = false;
    let mut separated = false;
    // One buffer for every token's text, and one for the characters of a CJK run.
    let mut text = String::new();
    let mut run: Vec<NormChar> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].ch;
        if (is_cjk(c) || is_word_char(c)) && separated && any {
            position += 1;
        }
        if is_cjk(c) {
            separated = false;
            run.clear();
            while i < chars.len() {
                if is_cjk(chars[i].ch) {
                    run.push(chars[i]);
                    i += 1;
                } else if chars[i].ch.is_whitespace() {
                    let mut j = i;
                    while j < chars.len() && chars[j].ch.is_whitespace() {
                        j += 1;
                    }
                    if j < chars.len() && is_cjk(chars[j].ch) {
                        i = j;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            for (k, here) in run.iter().enumerate() {
                text.clear();
                text.push(here.ch);
                let kind = match run.get(k + 1) {
                    Some(next) => {
                        text.push(next.ch);
                        TokenKind::Bigram
                    }
                    None => TokenKind::RunEnd,
                };
                f(TokenRef { text: &text, position, kind, start: here.start, end: here.end });
                any = true;
                position += 1;
            }
        } else if is_word_char(c) {
            separated = false;
            let start = chars[i].start;
            let mut end = chars[i].end;
            text.clear();
            let mut length = 0;
            while i < chars.len() {
                let ch = chars[i].ch;
                if is_word_char(ch) {
                    if length < MAX_WORD_CHARS {
                        text.push(ch);
                        length += 1;
                    }
                    end = chars[i].end;
                    i += 1;
                } else if is_apostrophe(ch) && chars.get(i + 1).is_some_and(|n| is_word_char(n.ch)) {
                    i += 1;
                } else {
                    break;
                }
            }
            stem_in_place(&mut text);
            f(TokenRef { text: &text, position, kind: TokenKind::Word, start, end });
            any = true;
            position += 1;
        } else {
            separated |= !c.is_whitespace();
            i += 1;
        }
    }
    position
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Light, conservative English stemming of a lower-case ASCII word (other words are returned as
/// they are): plurals (-s, -es, -ies), then -ing and -ed (undoubling a final consonant), then a
/// final -e, so that plan/plans/planned/planning and service/services/serviced meet.
pub fn stem(word: &str) -> String {
    let mut s = word.to_string();
    stem_in_place(&mut s);
    s
}

/// [`stem`] on a word in place.
fn stem_in_place(s: &mut String) {
    if s.len() <= 3 || !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if s.ends_with("ies") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if ["sses", "xes", "zzes", "ches", "shes"].iter().any(|e| s.ends_with(e)) {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s') && !["ss", "us", "sis"].iter().any(|e| s.ends_with(e)) && s.as_str() != "this" {
        s.pop();
    }
    if s.ends_with("ing") && s.len() >= 6 && has_vowel(&s[..s.len() - 3]) {
        s.truncate(s.len() - 3);
        undouble(s);
    } else if s.ends_with("ied") && s.len() > 4 {
        s.truncate(s.len() - 3);
        s.push('y');
    } else if s.ends_with("ed") && !s.ends_with("eed") && s.len() >= 5 && has_vowel(&s[..s.len() - 2]) {
        s.truncate(s.len() - 2);
        undouble(s);
    }
    if s.ends_with('e') && s.len() >= 4 {
        s.pop();
    }
}

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| b"aeiouy".contains(&b))
}

/// running → runn → run; keeps ll, ss, zz and stems that would get shorter than three letters.
fn undouble(s: &mut String) {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 4 && b[n - 1] == b[n - 2] && !b"aeiouylsz".contains(&b[n - 1]) {
        s.pop();
    }
}

/// Splits a query into terms: white space separates them, quotes group a phrase.
#[cfg_attr(not(test), allow(dead_code))] // the query side: mirrored by search-tokenizer.js, used by tests
pub fn query_terms(query: &str) -> Vec<QueryTerm> {
    fn is_opening_quote(c: char) -> bool {
        matches!(c, '"' | '“' | '「' | '『')
    }

    fn is_closing_quote(c: char) -> bool {
        matches!(c, '"' | '”' | '」' | '』')
    }

    fn trim_whitespace(chars: &[NormChar]) -> &[NormChar] {
        let start = chars.iter().position(|c| !c.ch.is_whitespace()).unwrap_or(chars.len());
        let end = chars.iter().rposition(|c| !c.ch.is_whitespace()).map_or(start, |p| p + 1);
        &chars[start..end]
    }

    let mut chars = normalize_chars(query);
    chars.truncate(MAX_QUERY_CHARS);
    let mut pieces: Vec<&[NormChar]> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].ch;
        if is_opening_quote(c) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_closing_quote(chars[end].ch) {
                end += 1;
            }
            pieces.push(&chars[start..end]);
            i = end + 1;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].ch.is_whitespace() && !is_opening_quote(chars[i].ch) {
                i += 1;
            }
            pieces.push(&chars[start..i]);
        }
    }
    pieces
        .into_iter()
        .filter_map(|piece| {
            let trimmed = trim_whitespace(piece);
            let term = term_of(trimmed);
            (!term.tokens.is_empty()).then_some(term)
        })
        .collect()
}

/// The tokens of one term: its words; for each CJK run of two or more characters, bigrams at
/// every other offset and the last one (with the position gaps at separators, these fix every
/// character and that no separator falls between them, as all the bigrams would); for a run of
/// one character, its unigram, as a prefix token when the term ends with it.
#[cfg_attr(not(test), allow(dead_code))] // the query side: mirrored by search-tokenizer.js, used by tests
fn term_of(chars: &[NormChar]) -> QueryTerm {
    let (tokens, span) = tokenize_chars(chars, 0);
    let ends_in_cjk = chars.last().is_some_and(|c| is_cjk(c.ch));
    let mut out = Vec::with_capacity(tokens.len());
    let mut k = 0;
    while k < tokens.len() {
        let token = &tokens[k];
        match token.kind {
            TokenKind::Word => out.push(exact(token)),
            TokenKind::Bigram => {
                // A run of n characters: n - 1 bigrams, then its run end.
                let mut n = 1;
                while tokens.get(k + n - 1).is_some_and(|t| t.kind == TokenKind::Bigram) {
                    n += 1;
                }
                for b in 0..n - 1 {
                    if b % 2 == 0 || b == n - 2 {
                        out.push(exact(&tokens[k + b]));
                    }
                }
                k += n;
                continue;
            }
            TokenKind::RunEnd => out.push(QueryToken {
                // The last CJK character of a term that ends in CJK is the last run's end.
                prefix: ends_in_cjk && k + 1 == tokens.len(),
                ..exact(token)
            }),
        }
        k += 1;
    }
    QueryTerm { tokens: out, span }
}

#[cfg_attr(not(test), allow(dead_code))] // the query side
fn exact(token: &Token) -> QueryToken {
    QueryToken { text: token.text.clone(), offset: token.position, prefix: false }
}

/// The key that decides a token's shard: the first character of a CJK token (so that a prefix
/// token finds every token it matches in one place), the whole token otherwise.
pub fn shard_key(token: &str) -> &str {
    match token.chars().next() {
        Some(c) if is_cjk(c) => &token[..c.len_utf8()],
        _ => token,
    }
}

/// FNV-1a over the code points of a string (the JavaScript mirror uses the same).
pub fn fnv1a(text: &str) -> u32 {
    text.chars().fold(0x811C_9DC5_u32, |hash, c| (hash ^ c as u32).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Cases {
        normalize: Vec<NormalizeCase>,
        tokenize: Vec<TokenizeCase>,
        query: Vec<QueryCase>,
        stem: Vec<StemCase>,
        shard_key: Vec<ShardKeyCase>,
    }

    #[derive(Deserialize)]
    struct NormalizeCase {
        input: String,
        expected: String,
    }

    #[derive(Deserialize)]
    struct TokenizeCase {
        input: String,
        tokens: Vec<String>,
    }

    #[derive(Deserialize)]
    struct QueryCase {
        input: String,
        terms: Vec<QueryTermCase>,
    }

    #[derive(Deserialize)]
    struct QueryTermCase {
        tokens: Vec<String>,
        span: u32,
    }

    #[derive(Deserialize)]
    struct StemCase {
        input: String,
        expected: String,
    }

    #[derive(Deserialize)]
    struct ShardKeyCase {
        token: String,
        key: String,
        fnv1a: u32,
    }

    fn cases() -> Cases {
        serde_json::from_str(include_str!("../../tests/search/tokenizer_cases.json")).expect("tokenizer_cases.json parses")
    }

    #[test]
    fn normalize_follows_the_case_table() {
        for case in cases().normalize {
            assert_eq!(normalize(&case.input), case.expected, "input {:?}", case.input);
        }
    }

    #[test]
    fn tokenize_follows_the_case_table() {
        for case in cases().tokenize {
            let got: Vec<String> = tokenize(&case.input).iter().map(|t| format!("{}@{}", t.text, t.position)).collect();
            assert_eq!(got, case.tokens, "input {:?}", case.input);
        }
    }

    #[test]
    fn query_terms_follow_the_case_table() {
        for case in cases().query {
            let got: Vec<(Vec<String>, u32)> = query_terms(&case.input)
                .iter()
                .map(|term| {
                    let tokens = term
                        .tokens
                        .iter()
                        .map(|t| {
                            let star = if t.prefix { "*" } else { "" };
                            format!("{}{star}@{}", t.text, t.offset)
                        })
                        .collect();
                    (tokens, term.span)
                })
                .collect();
            let expected: Vec<(Vec<String>, u32)> = case.terms.into_iter().map(|t| (t.tokens, t.span)).collect();
            assert_eq!(got, expected, "query {:?}", case.input);
        }
    }

    #[test]
    fn stem_follows_the_case_table() {
        for case in cases().stem {
            assert_eq!(stem(&case.input), case.expected, "word {:?}", case.input);
        }
    }

    #[test]
    fn shard_keys_follow_the_case_table() {
        for case in cases().shard_key {
            assert_eq!(shard_key(&case.token), case.key, "token {:?}", case.token);
            assert_eq!(fnv1a(&case.key), case.fnv1a, "key {:?}", case.key);
        }
    }

    #[test]
    fn fast_path_characters_are_really_stable() {
        let ranges = [(0x20, 0x7E), (0x3041, 0x3096), (0x30A1, 0x30FA), (0x30FC, 0x30FC), (0x4E00, 0x9FFF)];
        for (low, high) in ranges {
            for code in low..=high {
                let c = char::from_u32(code).expect("ranges hold scalar values");
                let slow: String = c.to_string().nfkc().flat_map(char::to_lowercase).filter(|c| !is_combining_mark(*c)).collect();
                assert_eq!(slow == c.to_string(), is_stable(c), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn source_ranges_point_into_the_source() {
        let text = "ﾌｧｲﾙのＤＸ化、ヴァイオリン";
        for c in normalize_chars(text) {
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            assert!(c.start < c.end);
        }
        let tokens = tokenize(text);
        let dx = tokens.iter().find(|t| t.text == "dx").expect("dx is a token");
        assert_eq!(&text[dx.start..dx.end], "ＤＸ");
        let fa = tokens.iter().find(|t| t.text.starts_with('フ')).expect("フ starts a token");
        assert_eq!(&text[fa.start..fa.end], "ﾌ");
    }

    #[test]
    fn a_dropped_long_vowel_mark_belongs_to_the_kana_before_it() {
        for (text, last) in [("マイナンバー", "バー"), ("サーバーー室", "バーー"), ("ﾏｲﾅﾝﾊﾞｰ。", "ﾊﾞｰ")]
        {
            let chars = normalize_chars(text);
            let kana = chars.iter().rev().find(|c| is_kana(c.ch)).expect("the text has kana");
            assert_eq!(&text[kana.start..kana.end], last, "{text}");
        }
        // A kept mark keeps its own range.
        let chars = normalize_chars("サーバーの");
        assert_eq!(chars.iter().map(|c| &"サーバーの"[c.start..c.end]).collect::<Vec<_>>(), ["サ", "ー", "バ", "ー", "の"]);
    }

    #[test]
    fn normalisation_is_idempotent() {
        for case in cases().normalize {
            let once = normalize(&case.input);
            assert_eq!(normalize(&once), once, "input {:?}", case.input);
        }
    }
}
