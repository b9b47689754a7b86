//! Dictionary order for glossary terms: Japanese readings by 五十音 (after JIS X 4061), English
//! terms by A–Z.
//!
//! A reading's sort key compares in three levels, as a Japanese dictionary does:
//!
//! 1. the base letters in 五十音 order, with small kana read as full-size, voiced kana as their
//!    unvoiced base, ー as the vowel it lengthens and ゝゞ as the kana they repeat;
//! 2. then, left to right, plain before voiced before semi-voiced (は < ば < ぱ);
//! 3. then ー before a small kana before an iteration mark before a full-size kana
//!    (あー < あぁ < あゝ < ああ), and lower before upper case for Latin letters.
//!
//! Hiragana and katakana are equal. White space and punctuation (・, -, spaces) are ignored.
//! These rules agree with the CLDR `ja` collation (checked in the tests against `icu_collator`)
//! with punctuation ignored (its "shifted" option). Two readings can therefore have equal keys
//! (`でーた` and `データ`): callers break the tie with the term and then the id, so that the
//! output stays deterministic.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use crate::kana::{self, LONG_MARK, Voicing};

/// A sort key for a kana reading; compare keys to sort readings in dictionary order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReadingKey(Vec<u32>);

/// A sort key for a term written in Latin letters, for the English glossary.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LatinKey {
    /// Letters and digits only, lower case, without accents.
    letters: String,
    /// The whole term, NFKC and lower case.
    folded: String,
    /// Which characters of `folded` were upper case: lower case sorts first.
    upper: Vec<bool>,
}

/// A section of the Japanese glossary index: a row of the 五十音 table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// ア行 (ア イ ウ エ オ, and ヴ).
    A,
    /// カ行.
    Ka,
    /// サ行.
    Sa,
    /// タ行.
    Ta,
    /// ナ行.
    Na,
    /// ハ行.
    Ha,
    /// マ行.
    Ma,
    /// ヤ行.
    Ya,
    /// ラ行.
    Ra,
    /// ワ行 (ワ ヰ ヱ ヲ ン).
    Wa,
    /// A reading that does not start with kana.
    Other,
}

impl Section {
    /// Every section, in index order.
    pub const ALL: [Section; 11] = [
        Section::A,
        Section::Ka,
        Section::Sa,
        Section::Ta,
        Section::Na,
        Section::Ha,
        Section::Ma,
        Section::Ya,
        Section::Ra,
        Section::Wa,
        Section::Other,
    ];

    /// A stable identifier for anchors, CSS and i18n keys: `a`, `ka`, … `wa`, `other`.
    pub fn id(self) -> &'static str {
        match self {
            Section::A => "a",
            Section::Ka => "ka",
            Section::Sa => "sa",
            Section::Ta => "ta",
            Section::Na => "na",
            Section::Ha => "ha",
            Section::Ma => "ma",
            Section::Ya => "ya",
            Section::Ra => "ra",
            Section::Wa => "wa",
            Section::Other => "other",
        }
    }

    /// The katakana that heads the row (ア, カ, … ワ); `None` for [`Section::Other`].
    pub fn initial(self) -> Option<char> {
        match self {
            Section::A => Some('ア'),
            Section::Ka => Some('カ'),
            Section::Sa => Some('サ'),
            Section::Ta => Some('タ'),
            Section::Na => Some('ナ'),
            Section::Ha => Some('ハ'),
            Section::Ma => Some('マ'),
            Section::Ya => Some('ヤ'),
            Section::Ra => Some('ラ'),
            Section::Wa => Some('ワ'),
            Section::Other => None,
        }
    }

    fn of_gojuon_index(i: usize) -> Section {
        match i {
            0..=4 => Section::A,
            5..=9 => Section::Ka,
            10..=14 => Section::Sa,
            15..=19 => Section::Ta,
            20..=24 => Section::Na,
            25..=29 => Section::Ha,
            30..=34 => Section::Ma,
            35..=37 => Section::Ya,
            38..=42 => Section::Ra,
            _ => Section::Wa,
        }
    }
}

// Primary weights, by class: a lone ー or iteration mark, digits, Latin letters, kana, then any
// other character by code point (as CLDR does: symbols < digits < Latin < kana < kanji).
const PRIMARY_LONE_LONG_MARK: u32 = 1;
const PRIMARY_LONE_ITERATION_MARK: u32 = 2;
const PRIMARY_DIGIT: u32 = 0x100;
const PRIMARY_LATIN: u32 = 0x200;
const PRIMARY_KANA: u32 = 0x1000;
const PRIMARY_OTHER: u32 = 0x10000;

// Tertiary weights.
const TERTIARY_LONG_MARK: u32 = 1;
const TERTIARY_SMALL: u32 = 2;
const TERTIARY_ITERATION: u32 = 3;
const TERTIARY_PLAIN: u32 = 4;
const TERTIARY_UPPER: u32 = 5;

/// One collation element: a character's weights at the three levels.
#[derive(Clone, Copy, Debug)]
struct Element {
    primary: u32,
    secondary: u32,
    tertiary: u32,
}

fn secondary(v: Voicing) -> u32 {
    match v {
        Voicing::Plain => 1,
        Voicing::Voiced => 2,
        Voicing::SemiVoiced => 3,
    }
}

/// The collation elements of a reading.
fn elements(reading: &str) -> Vec<Element> {
    let mut out = Vec::with_capacity(reading.len() / 3 + 1);
    // The full-size base of the last kana, which ー and ゝ refer to.
    let mut previous: Option<char> = None;
    for c in reading.nfkc() {
        if let Some(letter) = kana::kana_letter(c) {
            out.push(Element {
                primary: kana_primary(letter.base),
                secondary: secondary(letter.voicing),
                tertiary: if letter.small { TERTIARY_SMALL } else { TERTIARY_PLAIN },
            });
            previous = Some(letter.base);
        } else if c == LONG_MARK {
            match previous.and_then(kana::vowel_of) {
                Some(vowel) => {
                    out.push(Element {
                        primary: kana_primary(vowel),
                        secondary: secondary(Voicing::Plain),
                        tertiary: TERTIARY_LONG_MARK,
                    });
                    previous = Some(vowel);
                }
                None => out.push(Element {
                    primary: PRIMARY_LONE_LONG_MARK,
                    secondary: secondary(Voicing::Plain),
                    tertiary: TERTIARY_PLAIN,
                }),
            }
        } else if let Some(voicing) = kana::iteration_mark(c) {
            match previous {
                Some(base) => {
                    out.push(Element { primary: kana_primary(base), secondary: secondary(voicing), tertiary: TERTIARY_ITERATION })
                }
                None => out.push(Element {
                    primary: PRIMARY_LONE_ITERATION_MARK,
                    secondary: secondary(voicing),
                    tertiary: TERTIARY_PLAIN,
                }),
            }
        } else if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            out.push(Element { primary: PRIMARY_DIGIT + d, secondary: secondary(Voicing::Plain), tertiary: TERTIARY_PLAIN });
            previous = None;
        } else if c.is_ascii_alphabetic() {
            out.push(Element {
                primary: PRIMARY_LATIN + u32::from(c.to_ascii_lowercase() as u8 - b'a'),
                secondary: secondary(Voicing::Plain),
                tertiary: if c.is_ascii_uppercase() { TERTIARY_UPPER } else { TERTIARY_PLAIN },
            });
            previous = None;
        } else if c.is_alphanumeric() {
            let lower = c.to_lowercase().next().unwrap_or(c);
            out.push(Element {
                primary: PRIMARY_OTHER + u32::from(lower),
                secondary: secondary(Voicing::Plain),
                tertiary: if lower == c { TERTIARY_PLAIN } else { TERTIARY_UPPER },
            });
            previous = None;
        } else {
            // White space, punctuation and symbols are ignorable.
            previous = None;
        }
    }
    out
}

fn kana_primary(base: char) -> u32 {
    // `GOJUON` has 48 entries, so the index always fits.
    PRIMARY_KANA + kana::gojuon_index(base).map_or(0, |i| i as u32)
}

/// The sort key of a kana reading (hiragana, katakana or both; width variants allowed), for
/// dictionary order. Terms written in Latin letters are sorted by their kana reading too
/// (`EBPM`, reading `いーびーぴーえむ`, files under イ).
pub fn reading_sort_key(reading: &str) -> ReadingKey {
    let elements = elements(reading);
    let mut key = Vec::with_capacity(elements.len() * 3 + 2);
    key.extend(elements.iter().map(|e| e.primary));
    key.push(0);
    key.extend(elements.iter().map(|e| e.secondary));
    key.push(0);
    key.extend(elements.iter().map(|e| e.tertiary));
    ReadingKey(key)
}

/// The 五十音 row a reading is filed under (`くらうど` → カ行, `ゔぃじょん` → ア行); readings
/// that do not start with kana go to [`Section::Other`].
pub fn gojuon_section(reading: &str) -> Section {
    match elements(reading).first() {
        Some(e) if e.primary >= PRIMARY_KANA && e.primary < PRIMARY_OTHER => {
            Section::of_gojuon_index((e.primary - PRIMARY_KANA) as usize)
        }
        _ => Section::Other,
    }
}

/// The sort key of a term for the A–Z index: case-insensitive, accents and punctuation
/// ignored (`e-Gov` sorts as `egov`), digits before letters; ties broken by case.
pub fn latin_sort_key(term: &str) -> LatinKey {
    let mut folded = String::with_capacity(term.len());
    let mut upper = Vec::with_capacity(term.len());
    for c in term.nfkc() {
        for lower in c.to_lowercase() {
            folded.push(lower);
            upper.push(lower != c);
        }
    }
    let mut letters = String::with_capacity(folded.len());
    for c in folded.chars() {
        decompose_canonical(c, |d| {
            if d.is_alphanumeric() && canonical_combining_class(d) == 0 {
                letters.push(d);
            }
        });
    }
    LatinKey { letters, folded, upper }
}

/// The letter of the A–Z index a term is filed under: its first letter, upper case (`e-Gov` →
/// `E`, `Éco` → `E`), or `#` when it starts with a digit or a non-Latin letter.
pub fn latin_section(term: &str) -> char {
    match latin_sort_key(term).letters.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn sorted(readings: &[&'static str]) -> Vec<&'static str> {
        let mut v = readings.to_vec();
        v.sort_by_key(|r| reading_sort_key(r));
        v
    }

    #[test]
    fn gojuon_order() {
        assert_eq!(sorted(&["わ", "か", "ん", "あ", "さ", "を", "ゐ", "ゑ"]), ["あ", "か", "さ", "わ", "ゐ", "ゑ", "を", "ん"]);
    }

    #[test]
    fn voicing_is_a_tie_break_after_base_letters() {
        assert_eq!(sorted(&["ぱは", "ばは", "はぱ", "はば", "はは"]), ["はは", "はば", "はぱ", "ばは", "ぱは"]);
        // The base letters decide first: ばか < はし although ば is voiced.
        assert!(reading_sort_key("ばか") < reading_sort_key("はし"));
        assert!(reading_sort_key("う") < reading_sort_key("ゔ"));
        assert!(reading_sort_key("ゔ") < reading_sort_key("ぶ"));
    }

    #[test]
    fn long_mark_reads_as_its_vowel() {
        assert_eq!(sorted(&["らめん", "らいおん", "らあめん", "らーめん"]), ["らーめん", "らあめん", "らいおん", "らめん"]);
        assert!(reading_sort_key("こうこう") < reading_sort_key("こーこー"));
        assert!(reading_sort_key("こーこー") < reading_sort_key("こおこお"));
        // After a small kana: きゃー reads きゃあ.
        assert!(reading_sort_key("きゃー") < reading_sort_key("きゃい"));
        // After ン there is no vowel: the mark sorts before every letter.
        assert!(reading_sort_key("んー") < reading_sort_key("んあ"));
    }

    #[test]
    fn small_kana_next_to_full_size() {
        assert_eq!(sorted(&["きゆ", "きゅ", "きや", "きゃ"]), ["きゃ", "きや", "きゅ", "きゆ"]);
        assert_eq!(sorted(&["ツ", "ッ"]), ["ッ", "ツ"]);
        assert_eq!(sorted(&["ああ", "あゝ", "あぁ", "あー"]), ["あー", "あぁ", "あゝ", "ああ"]);
    }

    #[test]
    fn hiragana_katakana_and_width_are_equal() {
        assert_eq!(reading_sort_key("でじたる"), reading_sort_key("デジタル"));
        assert_eq!(reading_sort_key("でーた"), reading_sort_key("データ"));
        assert_eq!(reading_sort_key("ﾃﾞｰﾀ"), reading_sort_key("データ"));
        assert_eq!(reading_sort_key("で じ・たる"), reading_sort_key("でじたる"));
    }

    #[test]
    fn iteration_marks_repeat() {
        assert!(reading_sort_key("かか") < reading_sort_key("かゞ"));
        assert!(reading_sort_key("かゞ") < reading_sort_key("かが"));
        assert_eq!(gojuon_section("ゝ"), Section::Other);
    }

    #[test]
    fn latin_terms_file_by_reading() {
        assert_eq!(gojuon_section("いーびーぴーえむ"), Section::A);
        assert!(reading_sort_key("いーびーぴーえむ") < reading_sort_key("うぇぶ"));
    }

    #[test]
    fn sections() {
        let cases = [
            ("あい", Section::A),
            ("ゔぃじょん", Section::A),
            ("がばめんと", Section::Ka),
            ("ジョブ", Section::Sa),
            ("っ", Section::Ta),
            ("ぬ", Section::Na),
            ("ぱっけーじ", Section::Ha),
            ("ﾏｲﾅﾝﾊﾞｰ", Section::Ma),
            ("ゆーざー", Section::Ya),
            ("ろーこーど", Section::Ra),
            ("をん", Section::Wa),
            ("ん", Section::Wa),
            ("ー", Section::Other),
            ("5じー", Section::Other),
            ("AI", Section::Other),
            ("", Section::Other),
            ("・あ", Section::A),
        ];
        for (reading, section) in cases {
            assert_eq!(gojuon_section(reading), section, "{reading}");
        }
        assert_eq!(Section::Ka.initial(), Some('カ'));
        assert_eq!(Section::Wa.initial(), Some('ワ'));
        assert_eq!(Section::Other.initial(), None);
        assert_eq!(Section::Ya.id(), "ya");
    }

    #[test]
    fn latin_order() {
        let mut v = vec!["the Cloud", "e-Gov", "EBPM", "ebpm", "AI-OCR", "AI", "5G", "Éco", "(RPA)", "DX", "eLTAX"];
        v.sort_by_key(|t| latin_sort_key(t));
        assert_eq!(v, ["5G", "AI", "AI-OCR", "DX", "ebpm", "EBPM", "Éco", "e-Gov", "eLTAX", "(RPA)", "the Cloud"]);
        assert_eq!(latin_section("(RPA)"), 'R');
        assert_eq!(latin_section("e-Gov"), 'E');
        assert_eq!(latin_section("Éco"), 'E');
        assert_eq!(latin_section("5G"), '#');
        assert_eq!(latin_section("クラウド"), '#');
        assert_eq!(latin_section(""), '#');
    }

    /// Readings in dictionary order. Each group of equal readings shares a line.
    const DICTIONARY: &[&[&str]] = &[
        &["あー"],
        &["あぁ"],
        &["ああ"],
        &["あい"],
        &["あいしー"],
        &["あいしーてぃー", "アイシーティー"],
        &["あいで"],
        &["いいびい"],
        &["いーびーぴーえむ", "イービーピーエム"],
        &["いびぴえむ"],
        &["う"],
        &["ゔぃじょん", "ヴィジョン"],
        &["うぇぶ"],
        &["えいあい"],
        &["えーあい"],
        &["おーぷんでーた"],
        &["かー"],
        &["かぁ"],
        &["かいき"],
        &["かいぎ"],
        &["がいき"],
        &["かゝ"],
        &["かか"],
        &["かゞ"],
        &["かが"],
        &["がばめんとくらうど"],
        &["くらうど", "クラウド"],
        &["けいえい"],
        &["けーす"],
        &["こうこう"],
        &["こーこー"],
        &["こおこお"],
        &["しゃかい"],
        &["しやかい"],
        &["すまーとしてぃ"],
        &["っー"],
        &["つー"],
        &["つう"],
        &["でーた", "データ"],
        &["てじたる"],
        &["でじたる", "デジタル"],
        &["ばっくあっぷ"],
        &["ぱっけーじ"],
        &["はっしん"],
        &["はは"],
        &["はば"],
        &["はぱ"],
        &["ばは"],
        &["ぱは"],
        &["ぴーえむえいち"],
        &["まいなんばー"],
        &["まいなんばーかーど"],
        &["ゆーざー"],
        &["らーめん"],
        &["らあめん"],
        &["らいおん"],
        &["らめん"],
        &["りもーとわーく"],
        &["ろーこーど"],
        &["わーくしょっぷ"],
        &["ゐ"],
        &["ゑびす"],
        &["をん"],
        &["ん"],
        &["んー"],
        &["んあ"],
    ];

    #[test]
    fn dictionary_order() {
        let flat: Vec<(usize, &str)> =
            DICTIONARY.iter().enumerate().flat_map(|(rank, group)| group.iter().map(move |r| (rank, *r))).collect();
        for (i, &(rank_a, a)) in flat.iter().enumerate() {
            for &(rank_b, b) in &flat[i..] {
                assert_eq!(reading_sort_key(a).cmp(&reading_sort_key(b)), rank_a.cmp(&rank_b), "{a} vs {b}");
            }
        }
    }

    /// The same list, compared by the CLDR `ja` collation of `icu_collator`.
    #[test]
    fn dictionary_order_agrees_with_icu_ja() {
        use icu_collator::options::{AlternateHandling, CollatorOptions, Strength};
        use icu_collator::{Collator, CollatorPreferences};

        let ja = "ja".parse().expect("`ja` is a valid locale");
        let prefs = CollatorPreferences::from_locale_strict(&ja).expect("`ja` has no extension keywords to reject");
        let mut options = CollatorOptions::default();
        options.strength = Some(Strength::Tertiary);
        options.alternate_handling = Some(AlternateHandling::Shifted);
        let collator = Collator::try_new(prefs, options).expect("`ja` data is compiled in");

        let flat: Vec<&str> = DICTIONARY.iter().flat_map(|g| g.iter().copied()).collect();
        assert!(flat.len() >= 60);
        let mut compared = 0;
        for (i, a) in flat.iter().enumerate() {
            for b in &flat[i..] {
                let ours = reading_sort_key(a).cmp(&reading_sort_key(b));
                assert_eq!(collator.compare(a, b), ours, "{a} vs {b}");
                compared += 1;
            }
        }
        assert!(compared > 2000);

        // Punctuation is ignored at the first three levels by both.
        for (a, b) in [("でじたる・が", "でじたるか"), ("で じたる", "でじたる")] {
            let ours = reading_sort_key(a).cmp(&reading_sort_key(b));
            assert_eq!(collator.compare(a, b), ours, "{a} vs {b}");
        }
        assert_eq!(collator.compare("でじたる・が", "でじたるか"), Ordering::Greater);
    }
}
