//! Text measurement and line fitting for chart labels.
//!
//! A build-time chart cannot ask a browser how wide a string is, so this module estimates it:
//! full-width (CJK) characters are 1 em, halfwidth katakana 0.5 em, and printable ASCII uses a
//! per-character table taken from the wider of DejaVu Sans and Noto Sans CJK JP (rounded up).
//! DejaVu Sans has Verdana-like metrics, so the estimate is on the generous side for the
//! Hiragino / Noto Sans JP / Yu Gothic / Meiryo font stack the charts ask for.
//!
//! Invariant: every line returned by [`fit_lines`] measures at most the requested width, no
//! line starts with a character that Japanese line breaking (kinsoku) forbids at a line start,
//! and no line ends with an opening bracket — except when a single unbreakable run of such
//! characters is wider than the whole line, where an emergency break is the only way to fit.

/// A font size in chart units (px) and whether the text is bold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// Font size in px (the SVG's user units).
    pub size: f32,
    /// Bold text is measured with the bold width table.
    pub bold: bool,
}

impl Font {
    /// A regular-weight font of `size` px.
    pub const fn regular(size: f32) -> Self {
        Font { size, bold: false }
    }

    /// A bold font of `size` px.
    pub const fn bold(size: f32) -> Self {
        Font { size, bold: true }
    }
}

impl Default for Font {
    /// The charts' body text: 13 px regular.
    fn default() -> Self {
        Font::regular(13.0)
    }
}

/// The ellipsis appended to truncated text.
pub const ELLIPSIS: char = '…';

/// Lines that fit a box, and whether text had to be cut to make them fit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fitted {
    /// The lines, at most the requested number, each no wider than the requested width.
    pub lines: Vec<String>,
    /// True when the text did not fit and the last line ends with an ellipsis (or, when not
    /// even the ellipsis fits, when lines were dropped).
    pub truncated: bool,
    /// Width in px of the widest line.
    pub width: f32,
}

// Advance widths in em for ' '..='~', the larger of DejaVu Sans and Noto Sans CJK JP,
// rounded up to 1/1000 em (generated from the fonts' hmtx tables).
#[rustfmt::skip]
#[allow(clippy::approx_constant)] // 0.318 em is a glyph width, not 1/π
const REGULAR: [f32; 95] = [
    0.318, 0.401, 0.474, 0.838, 0.637, 0.951, 0.78, 0.278, // ' !"#$%&''
    0.391, 0.391, 0.5, 0.838, 0.318, 0.361, 0.318, 0.392, // '()*+,-./'
    0.637, 0.637, 0.637, 0.637, 0.637, 0.637, 0.637, 0.637, // '01234567'
    0.637, 0.637, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531, // '89:;<=>?'
    1.0, 0.685, 0.687, 0.699, 0.771, 0.632, 0.576, 0.775, // '@ABCDEFG'
    0.752, 0.295, 0.535, 0.656, 0.558, 0.863, 0.749, 0.788, // 'HIJKLMNO'
    0.633, 0.788, 0.695, 0.635, 0.611, 0.732, 0.685, 0.989, // 'PQRSTUVW'
    0.686, 0.611, 0.686, 0.391, 0.392, 0.391, 0.838, 0.559, // 'XYZ[\]^_'
    0.606, 0.613, 0.635, 0.55, 0.635, 0.616, 0.353, 0.635, // '`abcdefg'
    0.634, 0.278, 0.278, 0.58, 0.284, 0.975, 0.634, 0.612, // 'hijklmno'
    0.635, 0.635, 0.412, 0.521, 0.393, 0.634, 0.592, 0.818, // 'pqrstuvw'
    0.592, 0.592, 0.525, 0.637, 0.337, 0.637, 0.838, // 'xyz{|}~'
];

// The same for DejaVu Sans Bold and Noto Sans CJK JP Bold, and never below the regular width.
#[rustfmt::skip]
const BOLD: [f32; 95] = [
    0.349, 0.457, 0.574, 0.838, 0.696, 1.0, 0.873, 0.325, // ' !"#$%&''
    0.458, 0.458, 0.523, 0.838, 0.38, 0.416, 0.38, 0.392, // '()*+,-./'
    0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, // '01234567'
    0.696, 0.696, 0.4, 0.4, 0.838, 0.838, 0.838, 0.581, // '89:;<=>?'
    1.01, 0.774, 0.763, 0.734, 0.831, 0.684, 0.684, 0.821, // '@ABCDEFG'
    0.837, 0.373, 0.568, 0.775, 0.638, 0.996, 0.837, 0.851, // 'HIJKLMNO'
    0.733, 0.851, 0.771, 0.721, 0.683, 0.813, 0.774, 1.1, // 'PQRSTUVW'
    0.771, 0.725, 0.726, 0.458, 0.392, 0.458, 0.838, 0.567, // 'XYZ[\]^_'
    0.626, 0.675, 0.716, 0.593, 0.716, 0.679, 0.436, 0.716, // '`abcdefg'
    0.712, 0.343, 0.343, 0.666, 0.343, 1.04, 0.712, 0.688, // 'hijklmno'
    0.716, 0.716, 0.494, 0.596, 0.479, 0.712, 0.652, 0.924, // 'pqrstuvw'
    0.646, 0.652, 0.583, 0.712, 0.366, 0.712, 0.838, // 'xyz{|}~'
];

/// Width of other narrow (non-CJK, non-ASCII) characters such as accented Latin letters: a
/// little above the widest lowercase letters so that it errs towards fitting.
const OTHER_NARROW_EM: f32 = 0.7;

/// Advance width of `c` in em.
pub fn char_width_em(c: char, bold: bool) -> f32 {
    let code = u32::from(c);
    if (0x20..0x7f).contains(&code) {
        let table = if bold { &BOLD } else { &REGULAR };
        // The range check above keeps the index within 0..95.
        return table.get((code - 0x20) as usize).copied().unwrap_or(1.0);
    }
    if is_zero_width(c) {
        0.0
    } else if is_halfwidth_kana(c) {
        0.5
    } else if is_wide(c) {
        1.0
    } else {
        OTHER_NARROW_EM
    }
}

/// Width of `text` in px when set in `font` (no kerning, no letter-spacing).
pub fn text_width(text: &str, font: Font) -> f32 {
    text.chars().map(|c| char_width_em(c, font.bold)).sum::<f32>() * font.size
}

/// True for characters set on a full-width (1 em) body in Japanese fonts: CJK ideographs,
/// kana, full-width forms, CJK punctuation, and the "ambiguous width" symbols (arrows, circled
/// numbers, geometric shapes, …) that Japanese fonts draw full width.
pub fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2010..=0x2027 // dashes, quotes, ‥ …, ※ drawn full width in Japanese fonts
        | 0x2030..=0x203B
        | 0x2100..=0x23FF // letterlike, number forms, arrows, math, technical
        | 0x2460..=0x27BF // enclosed alphanumerics, box drawing, shapes, dingbats
        | 0x2E80..=0x303E
        | 0x3040..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// True for halfwidth katakana and halfwidth CJK punctuation (U+FF61–U+FF9F).
pub fn is_halfwidth_kana(c: char) -> bool {
    matches!(u32::from(c), 0xFF61..=0xFF9F)
}

fn is_zero_width(c: char) -> bool {
    c.is_control()
        || matches!(u32::from(c),
            0x0300..=0x036F // combining diacritics
            | 0x200B..=0x200F // zero-width space, joiners, direction marks
            | 0x3099..=0x309A // combining (semi-)voiced sound marks
            | 0xFE00..=0xFE0F // variation selectors
            | 0xFEFF
            | 0xE0100..=0xE01EF)
}

/// Characters that must not start a line (行頭禁則): closing brackets, punctuation, small
/// kana, the prolonged sound mark, iteration marks, and their halfwidth forms.
pub fn is_no_line_start(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | ','
            | '.'
            | '）'
            | ')'
            | '］'
            | ']'
            | '｝'
            | '}'
            | '〕'
            | '〉'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〙'
            | '〗'
            | '〟'
            | '’'
            | '”'
            | '｠'
            | '»'
            | 'ー'
            | '〜'
            | '～'
            | '‐'
            | '゠'
            | '–'
            | '・'
            | '：'
            | '；'
            | ':'
            | ';'
            | '？'
            | '！'
            | '?'
            | '!'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '…'
            | '‥'
            | '%'
            | '％'
            | '/'
            | '々'
            | '〻'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | '｡'
            | '｣'
            | '､'
            | '･'
            | 'ｰ'
            | 'ｧ'
            | 'ｨ'
            | 'ｩ'
            | 'ｪ'
            | 'ｫ'
            | 'ｬ'
            | 'ｭ'
            | 'ｮ'
            | 'ｯ'
            | 'ﾞ'
            | 'ﾟ'
    ) || matches!(u32::from(c), 0x31F0..=0x31FF) // small katakana extension ㇰ–ㇿ
        || is_zero_width(c)
}

/// Characters that must not end a line (行末禁則): opening brackets and quotes.
pub fn is_no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '('
            | '［'
            | '['
            | '｛'
            | '{'
            | '〔'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〘'
            | '〖'
            | '〝'
            | '‘'
            | '“'
            | '｟'
            | '«'
            | '｢'
    )
}

/// Whether a line may break between `before` and `after`.
///
/// Japanese text may break between any two characters except where kinsoku forbids it;
/// Latin text breaks after spaces, hyphens and slashes but never inside a word or number.
pub fn can_break_between(before: char, after: char) -> bool {
    if after == ' ' || is_no_line_start(after) || is_no_line_end(before) {
        return false;
    }
    if before == ' ' || before == '-' || before == '/' {
        return true;
    }
    breaks_anywhere(before) || breaks_anywhere(after)
}

fn breaks_anywhere(c: char) -> bool {
    (is_wide(c) || is_halfwidth_kana(c)) && c != '\u{3000}'
}

/// Collapses runs of ASCII whitespace (including newlines) to one space and trims the ends.
pub fn normalize_space(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits normalised text into pieces between which a line may break. Spaces stay attached
/// to the end of the piece before them.
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev {
            if can_break_between(p, c) && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
        prev = Some(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Tolerance for float comparisons of widths, far below a visible pixel.
const EPSILON: f32 = 1e-3;

fn fits(text: &str, max_width: f32, font: Font) -> bool {
    text_width(text, font) <= max_width + EPSILON
}

/// Wraps `text` into at most `max_lines` lines no wider than `max_width` px.
///
/// Breaks follow [`can_break_between`]. When the text needs more lines, the last line is cut
/// and ends with "…" and `truncated` is set; the caller keeps the full text in a `<title>`.
/// A box too narrow for even one character yields no lines and `truncated`.
pub fn fit_lines(text: &str, max_width: f32, font: Font, max_lines: usize) -> Fitted {
    let text = normalize_space(text);
    if text.is_empty() {
        return Fitted::default();
    }
    if max_lines == 0 || !max_width.is_finite() || max_width <= 0.0 {
        return Fitted { lines: Vec::new(), truncated: true, width: 0.0 };
    }
    let (mut lines, overflow) = wrap(&text, max_width, font, max_lines);
    let truncated = overflow || lines.len() > max_lines;
    if truncated {
        lines.truncate(max_lines);
        while let Some(last) = lines.pop() {
            match with_ellipsis(&last, max_width, font) {
                // "…" must not start a line: a lone one goes at the end of the line before.
                Some(cut) if cut.chars().count() == 1 && !lines.is_empty() => continue,
                Some(cut) => {
                    lines.push(cut);
                    break;
                }
                None => {}
            }
        }
    }
    let width = lines.iter().map(|l| text_width(l, font)).fold(0.0_f32, f32::max);
    Fitted { lines, truncated, width }
}

/// Greedy line filling. Returns the lines (at most `max_lines + 1`: one more than allowed
/// is enough to know the text must be cut) and whether a character could not fit at all.
fn wrap(text: &str, max_width: f32, font: Font, max_lines: usize) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in pieces(text) {
        if lines.len() > max_lines {
            break;
        }
        let candidate = format!("{current}{piece}");
        if fits(candidate.trim_end(), max_width, font) {
            current = candidate;
            continue;
        }
        if !current.trim().is_empty() {
            lines.push(current.trim_end().to_string());
        }
        current = piece.trim_start().to_string();
        if fits(current.trim_end(), max_width, font) {
            continue;
        }
        // A single unbreakable piece wider than the line (a long Latin word, or a run that
        // kinsoku binds together): break it by characters.
        let chars: Vec<char> = std::mem::take(&mut current).chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let mut end = start;
            let mut width = 0.0;
            while end < chars.len() {
                let w = char_width_em(chars[end], font.bold) * font.size;
                if width + w > max_width + EPSILON {
                    break;
                }
                width += w;
                end += 1;
            }
            if end == start {
                // Not even one character fits this box.
                return (lines, true);
            }
            if end < chars.len() {
                end = kinsoku_adjusted_break(&chars, start, end);
                lines.push(chars[start..end].iter().collect::<String>().trim_end().to_string());
                start = end;
                while start < chars.len() && chars[start] == ' ' {
                    start += 1;
                }
            } else {
                current = chars[start..end].iter().collect();
                start = end;
            }
            if lines.len() > max_lines {
                break;
            }
        }
    }
    if !current.trim().is_empty() && lines.len() <= max_lines {
        lines.push(current.trim_end().to_string());
    }
    (lines, false)
}

/// Moves an emergency break at `end` (between `end - 1` and `end`) a few characters earlier
/// when that avoids a forbidden line start or end; keeps `end` when no nearby spot is better.
fn kinsoku_adjusted_break(chars: &[char], start: usize, end: usize) -> usize {
    let ok = |i: usize| i > start && i < chars.len() && !is_no_line_start(chars[i]) && !is_no_line_end(chars[i - 1]);
    (0..3).map(|back| end.saturating_sub(back)).find(|&i| ok(i)).unwrap_or(end)
}

/// Cuts `line` so that it plus "…" fits `max_width`; `None` when not even "…" fits.
fn with_ellipsis(line: &str, max_width: f32, font: Font) -> Option<String> {
    let mut chars: Vec<char> = line.chars().collect();
    loop {
        while chars.last().is_some_and(|&c| c == ' ' || is_no_line_end(c)) {
            chars.pop();
        }
        let mut candidate: String = chars.iter().collect();
        candidate.push(ELLIPSIS);
        if fits(&candidate, max_width, font) {
            return Some(candidate);
        }
        chars.pop()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F13: Font = Font::regular(13.0);

    #[test]
    fn widths_of_cjk_kana_latin() {
        assert_eq!(char_width_em('漢', false), 1.0);
        assert_eq!(char_width_em('あ', false), 1.0);
        assert_eq!(char_width_em('ー', false), 1.0);
        assert_eq!(char_width_em('Ａ', false), 1.0);
        assert_eq!(char_width_em('ｱ', false), 0.5);
        assert_eq!(char_width_em('0', false), 0.637);
        assert_eq!(char_width_em('i', false), 0.278);
        assert_eq!(char_width_em('W', false), 0.989);
        assert!(char_width_em('W', true) > char_width_em('W', false));
        assert_eq!(char_width_em('é', false), OTHER_NARROW_EM);
        assert_eq!(char_width_em('\u{200B}', false), 0.0);
        let w = text_width("2025年度", F13);
        assert!((w - (4.0 * 0.637 + 2.0) * 13.0).abs() < 1e-3, "{w}");
    }

    #[test]
    fn every_ascii_char_has_a_plausible_width() {
        for c in ' '..='~' {
            let w = char_width_em(c, false);
            assert!((0.25..=1.0).contains(&w), "{c:?} {w}");
            assert!(char_width_em(c, true) >= w, "{c:?}");
        }
    }

    fn assert_fits(f: &Fitted, max_width: f32, font: Font, max_lines: usize) {
        assert!(f.lines.len() <= max_lines, "{f:?}");
        for line in &f.lines {
            assert!(
                text_width(line, font) <= max_width + EPSILON,
                "{line:?} is {} wide, box {max_width}",
                text_width(line, font)
            );
            assert!(!line.is_empty());
        }
    }

    fn assert_kinsoku(f: &Fitted) {
        for (i, line) in f.lines.iter().enumerate() {
            let first = line.chars().next().unwrap_or(' ');
            let last = line.chars().last().unwrap_or(' ');
            assert!(i == 0 || !is_no_line_start(first), "line {i} {line:?} starts with {first:?}");
            assert!(!is_no_line_end(last), "line {i} {line:?} ends with {last:?}");
        }
    }

    #[test]
    fn short_text_is_one_line() {
        let f = fit_lines("検討", 100.0, F13, 2);
        assert_eq!(f.lines, vec!["検討"]);
        assert!(!f.truncated);
        assert!((f.width - 26.0).abs() < 1e-3);
    }

    #[test]
    fn long_japanese_label_wraps_within_the_box() {
        let label = "マイナンバーカードを活用した母子健康手帳のデジタル化";
        let f = fit_lines(label, 13.0 * 14.0, F13, 3);
        assert_eq!(f.lines.len(), 2);
        assert!(!f.truncated);
        assert_eq!(f.lines.concat(), label);
        assert_fits(&f, 13.0 * 14.0, F13, 3);
        assert_kinsoku(&f);
    }

    #[test]
    fn kinsoku_small_kana_and_prolonged_mark_never_start_a_line() {
        // Try every box width from 3 to 12 em: wherever the greedy break would fall on a
        // forbidden character, it must move.
        let texts = [
            "マイナンバーカードを活用した母子健康手帳のデジタル化",
            "オープンデータ（仮称）の公開、データ利活用の推進。",
            "キャッシュレス決済とチャットボットによる問い合わせ対応、ショートメッセージの活用。",
            "「書かない窓口」の導入・普及とシステム標準化",
            "ﾃﾞｼﾞﾀﾙｶﾞﾊﾞﾒﾝﾄ推進｡ｰｯ",
        ];
        for text in texts {
            for em in 3..=12 {
                let width = em as f32 * 13.0;
                let f = fit_lines(text, width, F13, 10);
                assert_fits(&f, width, F13, 10);
                assert_kinsoku(&f);
                if !f.truncated {
                    assert_eq!(f.lines.concat(), text, "width {em} em");
                }
            }
        }
    }

    #[test]
    fn kinsoku_moves_the_break_before_the_forbidden_character() {
        // In 3 em a character-by-character fill would give "あ「デ|ータ」": the prolonged sound
        // mark must not start the line and the bracket must not end one.
        let f = fit_lines("あ「データ」", 13.0 * 3.0, F13, 5);
        assert_eq!(f.lines, vec!["あ", "「デー", "タ」"]);
        assert_kinsoku(&f);
        assert_eq!(f.lines.concat(), "あ「データ」");
    }

    #[test]
    fn latin_wraps_at_spaces_not_inside_words() {
        let text = "Digital transformation of the maternal and child health handbook";
        let f = fit_lines(text, 160.0, F13, 3);
        assert_fits(&f, 160.0, F13, 3);
        for line in &f.lines {
            for word in line.trim_end_matches(ELLIPSIS).split(' ') {
                assert!(text.split(' ').any(|w| w.starts_with(word)), "{word:?} split");
            }
        }
        assert_eq!(f.lines[0], "Digital transformation");
    }

    #[test]
    fn mixed_latin_and_japanese_keeps_latin_words_whole() {
        let f = fit_lines("DX推進計画とAI-OCRの導入", 13.0 * 5.5, F13, 5);
        assert_fits(&f, 13.0 * 5.5, F13, 5);
        assert!(f.lines.iter().all(|l| !l.ends_with('D') && !l.starts_with('X')));
        assert!(!f.lines.iter().any(|l| l.ends_with("AI-O")));
    }

    #[test]
    fn truncates_with_ellipsis_after_max_lines() {
        let label = "マイナンバーカードを活用した母子健康手帳のデジタル化";
        let f = fit_lines(label, 13.0 * 6.0, F13, 2);
        assert!(f.truncated);
        assert_eq!(f.lines.len(), 2);
        assert!(f.lines[1].ends_with(ELLIPSIS));
        assert_fits(&f, 13.0 * 6.0, F13, 2);
        assert_kinsoku(&f);
    }

    #[test]
    fn overlong_latin_word_is_broken_and_still_fits() {
        let f = fit_lines("Supercalifragilisticexpialidocious", 60.0, F13, 3);
        assert_fits(&f, 60.0, F13, 3);
        assert!(f.truncated);
    }

    #[test]
    fn hopeless_boxes_do_not_panic() {
        let f = fit_lines("検討", 3.0, F13, 2);
        assert!(f.lines.is_empty() && f.truncated);
        let f = fit_lines("検討", 13.0, F13, 0);
        assert!(f.lines.is_empty() && f.truncated);
        let f = fit_lines("検討", f32::NAN, F13, 2);
        assert!(f.lines.is_empty() && f.truncated);
        let f = fit_lines("   ", 100.0, F13, 2);
        assert!(f.lines.is_empty() && !f.truncated);
        // Only the ellipsis fits.
        let f = fit_lines("検討事項", 13.0, F13, 1);
        assert_eq!(f.lines, vec!["…"]);
    }

    #[test]
    fn whitespace_is_collapsed() {
        let f = fit_lines("  FY2025 \n  plan ", 500.0, F13, 1);
        assert_eq!(f.lines, vec!["FY2025 plan"]);
    }
}
