//! Escaping text for HTML and XML (pages, SVG, sitemap), in one place. Content is input, not
//! trusted code: everything that reaches markup from content passes through here or through
//! Tera's autoescape, which uses the same function.

/// Appends `text` to `out` with `& < > " '` escaped, valid in HTML and XML text and in quoted
/// attribute values alike. Control characters that XML 1.0 forbids even as references (and that
/// HTML reports as errors) are dropped.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

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
    }
}
