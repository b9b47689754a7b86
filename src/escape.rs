//! Escaping text for HTML and XML (pages, SVG, sitemap), in one place. Content is input, not
//! trusted code: everything that reaches markup from content passes through here or through
//! Tera's autoescape, which uses the same function.

/// Appends `text` to `out` with `& < > " '` escaped, valid in HTML and XML text and in quoted
/// attribute values alike. Control characters that XML 1.0 forbids even as references (and that
/// HTML reports as errors) are dropped.
pub fn push_escaped(out: &mut String, text: &str) {
    let pushed: Result<(), std::convert::Infallible> = escape_with(text, |part| {
        out.push_str(part);
        Ok(())
    });
    let Ok(()) = pushed;
}

/// Writes `text` to `out` escaped as by [`push_escaped`]: Tera's autoescape, which writes
/// straight into the page being rendered.
pub fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_with(text, |part| out.write_all(part.as_bytes()))
}

/// Hands `text` to `push` in parts, escaped (see [`push_escaped`]).
fn escape_with<E>(text: &str, mut push: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    // Runs of text that need nothing are copied whole; only a byte that may start something to
    // escape or drop (see `SPECIAL`) is looked at character by character. Escaping runs over
    // every text of every page, so this is one of the build's hottest loops.
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if !SPECIAL[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        // `at` is a char boundary: special bytes are ASCII or UTF-8 lead bytes.
        let c = text[at..].chars().next().unwrap_or('\0');
        let replacement = match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '"' => Some("&quot;"),
            '\'' => Some("&#39;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => Some(""),
            '\u{FFFE}' | '\u{FFFF}' => Some(""),
            _ => None,
        };
        let width = c.len_utf8();
        if let Some(replacement) = replacement {
            push(&text[copied..at])?;
            push(replacement)?;
            copied = at + width;
        }
        at += width;
    }
    push(&text[copied..])
}

/// Bytes that may begin a character `push_escaped` changes: the five specials, ASCII controls
/// and DEL, `0xC2` (lead byte of the C1 controls U+0080–U+009F) and `0xEF` (lead byte of
/// U+FFFE and U+FFFF, and of other characters, which are copied).
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xEF] = true;
    table
};

/// `text` escaped as by [`push_escaped`].
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_and_drops_forbidden_controls() {
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape("x\u{0}\u{7}y\tz\n"), "xy\tz\n");
        assert_eq!(escape("浜松市"), "浜松市");
        assert_eq!(escape("a\u{80}\u{9F}b\u{A0}é（）\u{FFFE}\u{FFFF}\u{FFFD}\u{7F}"), "ab\u{A0}é（）\u{FFFD}");
        assert_eq!(escape("&&"), "&amp;&amp;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn the_fast_path_agrees_with_the_character_rule() {
        // Every character class near the special bytes, escaped one by one and in a run.
        let samples = [
            'a', '&', '<', '>', '"', '\'', '\t', '\n', '\r', '\u{0}', '\u{1F}', '\u{7F}', '\u{80}', '\u{9F}', '\u{A0}',
            '\u{FF08}', '\u{FFFD}', '\u{FFFE}', '\u{FFFF}', '市', '😀',
        ];
        let slow = |c: char| -> String {
            match c {
                '&' => "&amp;".into(),
                '<' => "&lt;".into(),
                '>' => "&gt;".into(),
                '"' => "&quot;".into(),
                '\'' => "&#39;".into(),
                c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => String::new(),
                '\u{FFFE}' | '\u{FFFF}' => String::new(),
                c => c.to_string(),
            }
        };
        let mut run = String::new();
        let mut expected = String::new();
        for c in samples {
            assert_eq!(escape(&c.to_string()), slow(c), "{c:?}");
            run.push(c);
            expected.push_str(&slow(c));
        }
        assert_eq!(escape(&run), expected);
    }
}
