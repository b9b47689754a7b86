//! Kana and character-width knowledge, in one place.
//!
//! Everything the site knows about Japanese script lives here: width folding (NFKC), hiragana ↔
//! katakana, small kana → full-size, voiced and semi-voiced kana → their base letter, the vowel a
//! long-sound mark (ー) lengthens, and the order of the 五十音 table. The glossary's sort keys,
//! its term matcher and the filter text for the glossary page are all built from these helpers,
//! so that the browser-side filter (`glossary.js`) and the build agree.
//!
//! Invariant: every function is total (no panic on any input) and deterministic.

use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The long-sound mark (長音符), after width folding.
pub const LONG_MARK: char = 'ー';

/// The base letters of the 五十音 table in dictionary order, as full-size katakana.
///
/// ヰ and ヱ keep their historical places between ワ and ヲ, as in JIS X 4061 and CLDR.
pub const GOJUON: [char; 48] = [
    'ア', 'イ', 'ウ', 'エ', 'オ', //
    'カ', 'キ', 'ク', 'ケ', 'コ', //
    'サ', 'シ', 'ス', 'セ', 'ソ', //
    'タ', 'チ', 'ツ', 'テ', 'ト', //
    'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', //
    'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', //
    'マ', 'ミ', 'ム', 'メ', 'モ', //
    'ヤ', 'ユ', 'ヨ', //
    'ラ', 'リ', 'ル', 'レ', 'ロ', //
    'ワ', 'ヰ', 'ヱ', 'ヲ', 'ン',
];

/// Whether a kana is plain (清音), voiced (濁音) or semi-voiced (半濁音); ordered in that way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Voicing {
    /// No mark: か, は.
    Plain,
    /// Dakuten: が, ば, ゔ.
    Voiced,
    /// Handakuten: ぱ.
    SemiVoiced,
}

/// A kana letter taken apart: its base letter and the marks that set it apart from that base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KanaLetter {
    /// Full-size, unvoiced katakana: `ぎゃ` gives `キ` then `ヤ`.
    pub base: char,
    /// The voicing mark the letter carried.
    pub voicing: Voicing,
    /// Whether the letter was a small kana (ゃ, ッ, ァ, ヵ …).
    pub small: bool,
}

/// Folds compatibility and width variants with Unicode NFKC (`ＤＸ` → `DX`, `ｶﾞ` → `ガ`).
pub fn fold_width(s: &str) -> String {
    s.nfkc().collect()
}

/// Hiragana to katakana; any other character is returned unchanged.
pub fn to_katakana(c: char) -> char {
    match c {
        // ぁ..ゖ and ゝゞ sit exactly 0x60 below their katakana.
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => shift(c, 0x60),
        _ => c,
    }
}

/// Katakana to hiragana; any other character (and katakana with no hiragana, such as ヷ) is
/// returned unchanged.
pub fn to_hiragana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' | '\u{30FD}'..='\u{30FE}' => shift(c, -0x60),
        _ => c,
    }
}

/// Every hiragana of `s` as katakana.
pub fn katakana(s: &str) -> String {
    s.chars().map(to_katakana).collect()
}

/// Every katakana of `s` as hiragana.
pub fn hiragana(s: &str) -> String {
    s.chars().map(to_hiragana).collect()
}

fn shift(c: char, by: i32) -> char {
    // The callers only pass ranges whose shifted values are assigned kana.
    char::from_u32((c as u32).wrapping_add_signed(by)).unwrap_or(c)
}

/// Whether `c` is a small kana (ぁ, っ, ゃ, ゎ, ヵ, ㇰ …), in hiragana or katakana.
pub fn is_small_kana(c: char) -> bool {
    full_size(c) != c
}

/// The full-size form of a small kana (ゃ → や, ッ → ツ, ㇰ → ク); any other character unchanged.
pub fn full_size(c: char) -> char {
    match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        'ゕ' => 'か',
        'ゖ' => 'け',
        'ァ' => 'ア',
        'ィ' => 'イ',
        'ゥ' => 'ウ',
        'ェ' => 'エ',
        'ォ' => 'オ',
        'ッ' => 'ツ',
        'ャ' => 'ヤ',
        'ュ' => 'ユ',
        'ョ' => 'ヨ',
        'ヮ' => 'ワ',
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        // Katakana Phonetic Extensions (Ainu).
        'ㇰ' => 'ク',
        'ㇱ' => 'シ',
        'ㇲ' => 'ス',
        'ㇳ' => 'ト',
        'ㇴ' => 'ヌ',
        'ㇵ' => 'ハ',
        'ㇶ' => 'ヒ',
        'ㇷ' => 'フ',
        'ㇸ' => 'ヘ',
        'ㇹ' => 'ホ',
        'ㇺ' => 'ム',
        'ㇻ' => 'ラ',
        'ㇼ' => 'リ',
        'ㇽ' => 'ル',
        'ㇾ' => 'レ',
        'ㇿ' => 'ロ',
        _ => c,
    }
}

/// Splits a voiced or semi-voiced kana into its base and its mark (ガ → カ, Voiced; ぱ → は,
/// SemiVoiced; ヴ → ウ, Voiced). Any other character comes back as itself, `Plain`.
pub fn devoice(c: char) -> (char, Voicing) {
    // The canonical decomposition is the Unicode Standard's own table of voiced kana.
    let mut parts = ['\0'; 2];
    let mut n = 0;
    decompose_canonical(c, |p| {
        if n < parts.len() {
            parts[n] = p;
        }
        n += 1;
    });
    match (n, parts[1]) {
        (2, '\u{3099}') => (parts[0], Voicing::Voiced),
        (2, '\u{309A}') => (parts[0], Voicing::SemiVoiced),
        _ => (c, Voicing::Plain),
    }
}

/// Takes a kana letter apart (`ぎ` → キ, Voiced, full-size). `None` for anything that is not a
/// kana letter, including ー, ・ and the iteration marks ゝゞヽヾ. Width variants must be folded
/// first (see [`fold_width`]).
pub fn kana_letter(c: char) -> Option<KanaLetter> {
    let kata = to_katakana(c);
    let (unvoiced, voicing) = devoice(kata);
    let base = full_size(unvoiced);
    gojuon_index(base)?;
    Some(KanaLetter { base, voicing, small: base != unvoiced })
}

/// Position of a full-size, unvoiced katakana in [`GOJUON`] (ア → 0, ン → 47).
pub fn gojuon_index(base: char) -> Option<usize> {
    GOJUON.iter().position(|&g| g == base)
}

/// If `c` is an iteration mark (ゝゞヽヾ), the voicing it asks for; else `None`.
pub fn iteration_mark(c: char) -> Option<Voicing> {
    match c {
        'ゝ' | 'ヽ' => Some(Voicing::Plain),
        'ゞ' | 'ヾ' => Some(Voicing::Voiced),
        _ => None,
    }
}

/// The vowel (as katakana ア, イ, ウ, エ or オ) that a kana ends in, which is the sound a
/// following ー lengthens: カ → ア, しょ's ょ → オ, っ → ウ. `None` for ン and for non-kana.
pub fn vowel_of(c: char) -> Option<char> {
    let letter = kana_letter(c)?;
    let i = gojuon_index(letter.base)?;
    let vowel_index = match i {
        0..=34 => i % 5,
        35 => 0, // ヤ
        36 => 2, // ユ
        37 => 4, // ヨ
        38..=42 => i - 38,
        43 => 0, // ワ
        44 => 1, // ヰ
        45 => 3, // ヱ
        46 => 4, // ヲ
        _ => return None,
    };
    GOJUON.get(vowel_index).copied()
}

/// Replaces each ー that follows a kana by the vowel it lengthens, in the script of that kana
/// (`らーめん` → `らあめん`, `データ` → `デエタ`). A ー with no vowel before it (at the start,
/// after ン or after a non-kana) is kept. Width variants must be folded first.
pub fn expand_long_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut vowel: Option<char> = None;
    let mut hira = false;
    for c in s.chars() {
        if c == LONG_MARK {
            match vowel {
                Some(v) if hira => out.push(to_hiragana(v)),
                Some(v) => out.push(v),
                None => out.push(c),
            }
            continue;
        }
        vowel = vowel_of(c);
        hira = to_katakana(c) != c;
        out.push(c);
    }
    out
}

/// The text the glossary filter compares: NFKC, lower case, hiragana as katakana, without
/// white space and middle dots (・). `glossary.js` implements the same folding in `fold`.
pub fn fold_for_search(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).map(to_katakana).filter(|&c| !c.is_whitespace() && c != '・').collect()
}

/// Text folded for matching (NFKC, then lower case), with a map back to the original offsets.
///
/// The folding is applied a character at a time, composing a following combining mark with the
/// character before it (`ｶﾞ` and `か` + U+3099 both become `が`), which is NFKC for all text
/// the site deals with (it differs only for conjoining Hangul jamo and for reordering of several
/// combining marks). Patterns and text are folded by this same type, so they agree.
#[derive(Clone, Debug)]
pub struct FoldedText {
    text: String,
    /// Runs of folded text in order; a run lasts until the next one starts.
    runs: Vec<Run>,
}

/// A run of folded text that starts at `folded` and came from original text at `original`.
/// In a `linear` run folded and original bytes correspond one to one; in any other run only
/// its start corresponds to an original offset.
#[derive(Clone, Copy, Debug)]
struct Run {
    folded: usize,
    original: usize,
    linear: bool,
}

impl FoldedText {
    /// Folds `s`.
    pub fn new(s: &str) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut runs = vec![Run { folded: 0, original: 0, linear: true }];
        // Where the last folded character starts (folded, original), if a combining mark may
        // still compose with it.
        let mut last: Option<(usize, usize)> = None;
        // `s[..copied]` is folded into `text`; characters that fold to themselves are copied
        // in runs rather than one by one.
        let mut copied = 0;
        let mut folded_char = String::new();
        for (at, c) in s.char_indices() {
            if folds_to_itself(c) {
                continue;
            }
            if copied < at {
                last = copy_run(&mut text, &mut runs, s, copied..at);
            }
            copied = at + c.len_utf8();
            if c.is_ascii() {
                // An upper-case letter: same length, so the run stays linear.
                push_linear(&mut runs, text.len(), at);
                last = Some((text.len(), at));
                text.push(c.to_ascii_lowercase());
                continue;
            }
            folded_char.clear();
            folded_char.extend(std::iter::once(c).nfkc().flat_map(char::to_lowercase));
            let mut chars = folded_char.chars();
            let first = chars.next();
            if let (Some(mark), Some((last_folded, last_original))) = (first, last)
                && canonical_combining_class(mark) != 0
                && let Some(composed) = text[last_folded..].chars().next().and_then(|prev| compose(prev, mark))
            {
                text.truncate(last_folded);
                while runs.len() > 1 && runs.last().is_some_and(|r| r.folded >= last_folded) {
                    runs.pop();
                }
                runs.push(Run { folded: last_folded, original: last_original, linear: false });
                text.push(composed);
                text.push_str(chars.as_str());
                continue;
            }
            let single = folded_char.chars().count() == 1;
            // Linear only when one character becomes one of the same length: `ĳ` becomes
            // `ij`, also two bytes, but no offset inside it is a boundary of the original.
            if single && folded_char.len() == c.len_utf8() {
                push_linear(&mut runs, text.len(), at);
            } else {
                runs.push(Run { folded: text.len(), original: at, linear: false });
            }
            last = single.then_some((text.len(), at));
            text.push_str(&folded_char);
        }
        if copied < s.len() {
            copy_run(&mut text, &mut runs, s, copied..s.len());
        }
        runs.push(Run { folded: text.len(), original: s.len(), linear: false });
        FoldedText { text, runs }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The folded text, taken.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The original byte offset of folded byte offset `at`, if `at` falls on the boundary of an
    /// original character (not inside the expansion of one, such as `ロ` from `㌔` (キロ)).
    pub fn original_offset(&self, at: usize) -> Option<usize> {
        let i = self.runs.partition_point(|r| r.folded <= at).checked_sub(1)?;
        let run = self.runs.get(i)?;
        if run.folded == at {
            Some(run.original)
        } else if run.linear {
            Some(run.original + (at - run.folded))
        } else {
            None
        }
    }

    /// The original byte range of a folded byte range, if both ends fall on original character
    /// boundaries.
    pub fn original_range(&self, folded: Range<usize>) -> Option<Range<usize>> {
        Some(self.original_offset(folded.start)?..self.original_offset(folded.end)?)
    }
}

/// Starts a linear run at (`folded`, `original`) unless the current run already covers it.
fn push_linear(runs: &mut Vec<Run>, folded: usize, original: usize) {
    if let Some(run) = runs.last()
        && run.linear
        && run.original + (folded - run.folded) == original
    {
        return;
    }
    runs.push(Run { folded, original, linear: true });
}

/// Copies `s[range]`, whose characters all fold to themselves, and returns where its last
/// character starts (folded, original).
fn copy_run(text: &mut String, runs: &mut Vec<Run>, s: &str, range: Range<usize>) -> Option<(usize, usize)> {
    let run = s.get(range.clone())?;
    push_linear(runs, text.len(), range.start);
    text.push_str(run);
    let last_len = run.chars().next_back().map_or(0, char::len_utf8);
    Some((text.len() - last_len, range.end - last_len))
}

/// Whether `c` is unchanged by the folding (NFKC-stable, no upper case, not combining); decided
/// without running NFKC for ASCII and for the kana and kanji that make up most Japanese text.
fn folds_to_itself(c: char) -> bool {
    match c {
        _ if c.is_ascii() => !c.is_ascii_uppercase(),
        // 、。々 「」『』 hiragana (without the spacing voicing marks ゛゜ and ゟ), katakana
        // (without ヿ) and the CJK Unified Ideographs are all NFKC-stable and have no case.
        '\u{3001}'..='\u{3002}'
        | '\u{3005}'
        | '\u{300C}'..='\u{300F}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309E}'
        | '\u{30A1}'..='\u{30FE}'
        | '\u{4E00}'..='\u{9FFF}' => true,
        _ => {
            canonical_combining_class(c) == 0
                && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
                && c.to_lowercase().eq(std::iter::once(c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_folding() {
        assert_eq!(fold_width("ＤＸ　ｶﾞﾊﾞﾒﾝﾄ１２"), "DX ガバメント12");
        assert_eq!(fold_width("㈱"), "(株)");
    }

    #[test]
    fn kana_scripts() {
        assert_eq!(katakana("でじたる・ゔぁゝ"), "デジタル・ヴァヽ");
        assert_eq!(hiragana("デジタル・ヴァヽヷ"), "でじたる・ゔぁゝヷ");
        assert_eq!(to_katakana('a'), 'a');
        assert_eq!(to_hiragana('ー'), 'ー');
    }

    #[test]
    fn small_kana() {
        assert_eq!(full_size('ゃ'), 'や');
        assert_eq!(full_size('ッ'), 'ツ');
        assert_eq!(full_size('ヶ'), 'ケ');
        assert_eq!(full_size('ㇰ'), 'ク');
        assert_eq!(full_size('か'), 'か');
        assert!(is_small_kana('ぁ'));
        assert!(!is_small_kana('あ'));
    }

    #[test]
    fn voicing() {
        assert_eq!(devoice('が'), ('か', Voicing::Voiced));
        assert_eq!(devoice('パ'), ('ハ', Voicing::SemiVoiced));
        assert_eq!(devoice('ヴ'), ('ウ', Voicing::Voiced));
        assert_eq!(devoice('ヷ'), ('ワ', Voicing::Voiced));
        assert_eq!(devoice('は'), ('は', Voicing::Plain));
        assert_eq!(devoice('é'), ('é', Voicing::Plain));
        assert!(Voicing::Plain < Voicing::Voiced && Voicing::Voiced < Voicing::SemiVoiced);
    }

    #[test]
    fn letters() {
        let gya = kana_letter('ぎ').unwrap();
        assert_eq!((gya.base, gya.voicing, gya.small), ('キ', Voicing::Voiced, false));
        let ya = kana_letter('ゃ').unwrap();
        assert_eq!((ya.base, ya.voicing, ya.small), ('ヤ', Voicing::Plain, true));
        assert_eq!(kana_letter('ー'), None);
        assert_eq!(kana_letter('ゝ'), None);
        assert_eq!(kana_letter('A'), None);
        assert_eq!(gojuon_index('ン'), Some(47));
    }

    #[test]
    fn vowels() {
        let cases = [
            ('か', 'ア'),
            ('キ', 'イ'),
            ('ぐ', 'ウ'),
            ('ぺ', 'エ'),
            ('ど', 'オ'),
            ('ゃ', 'ア'),
            ('ゅ', 'ウ'),
            ('ょ', 'オ'),
            ('っ', 'ウ'),
            ('る', 'ウ'),
            ('わ', 'ア'),
            ('ゐ', 'イ'),
            ('ヱ', 'エ'),
            ('を', 'オ'),
            ('ヴ', 'ウ'),
        ];
        for (c, v) in cases {
            assert_eq!(vowel_of(c), Some(v), "{c}");
        }
        assert_eq!(vowel_of('ん'), None);
        assert_eq!(vowel_of('ー'), None);
    }

    #[test]
    fn long_marks() {
        assert_eq!(expand_long_marks("らーめん"), "らあめん");
        assert_eq!(expand_long_marks("データ"), "デエタ");
        assert_eq!(expand_long_marks("きゃー"), "きゃあ");
        assert_eq!(expand_long_marks("かーー"), "かああ");
        assert_eq!(expand_long_marks("ーあんー"), "ーあんー");
        assert_eq!(expand_long_marks("Aー"), "Aー");
    }

    /// The folding of the glossary filter. `glossary.js` (`fold`) is tested against the same
    /// table: keep the two in step.
    /// The folding table shared with the JavaScript test (tests/glossary/fold.test.js).
    const SEARCH_FOLDING: &str = include_str!("../tests/glossary/fold_cases.json");

    #[test]
    fn search_folding() {
        let table: serde_json::Value = serde_json::from_str(SEARCH_FOLDING).expect("valid JSON");
        let cases = table["cases"].as_array().expect("cases");
        assert!(cases.len() >= 10);
        for case in cases {
            let (text, folded) = (case["text"].as_str().unwrap(), case["folded"].as_str().unwrap());
            assert_eq!(fold_for_search(text), folded, "{text}");
        }
    }

    fn mapped<'a>(original: &'a str, folded: &FoldedText, pattern: &str) -> Option<&'a str> {
        let start = folded.as_str().find(pattern)?;
        let range = folded.original_range(start..start + pattern.len())?;
        original.get(range)
    }

    #[test]
    fn folded_text_maps_back() {
        let s = "ＤＸ推進とｶﾞﾊﾞﾒﾝﾄクラウドとAI-OCR";
        let f = FoldedText::new(s);
        assert_eq!(f.as_str(), "dx推進とガバメントクラウドとai-ocr");
        assert_eq!(mapped(s, &f, "dx"), Some("ＤＸ"));
        assert_eq!(mapped(s, &f, "ガバメント"), Some("ｶﾞﾊﾞﾒﾝﾄ"));
        assert_eq!(mapped(s, &f, "クラウド"), Some("クラウド"));
        assert_eq!(mapped(s, &f, "ai-ocr"), Some("AI-OCR"));
        assert_eq!(f.original_range(0..f.as_str().len()), Some(0..s.len()));
    }

    #[test]
    fn folded_text_composes_marks() {
        let s = "か\u{3099}いと";
        let f = FoldedText::new(s);
        assert_eq!(f.as_str(), "がいと");
        assert_eq!(mapped(s, &f, "が"), Some("か\u{3099}"));
        assert_eq!(mapped(s, &f, "いと"), Some("いと"));
        // A mark with nothing to compose with stays.
        assert_eq!(FoldedText::new("\u{3099}あ").as_str(), "\u{3099}あ");
    }

    #[test]
    fn folded_text_refuses_part_of_an_expansion() {
        let s = "㌔の";
        let f = FoldedText::new(s);
        assert_eq!(f.as_str(), "キロの");
        assert_eq!(mapped(s, &f, "キロ"), Some("㌔"));
        assert_eq!(mapped(s, &f, "ロ"), None);
        assert_eq!(mapped(s, &f, "の"), Some("の"));
        // Same length, but two characters from one.
        let s = "ĳk";
        let f = FoldedText::new(s);
        assert_eq!(f.as_str(), "ijk");
        assert_eq!(mapped(s, &f, "ij"), Some("ĳ"));
        assert_eq!(mapped(s, &f, "jk"), None);
        assert_eq!(mapped(s, &f, "k"), Some("k"));
    }
}
