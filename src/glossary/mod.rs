//! The glossary: dictionary order of terms ([`collation`]), links from text to terms
//! ([`linker`]) and the filter text of the glossary page ([`search_text`]).
//!
//! Invariant: everything here is pure and deterministic; nothing reachable from content panics.

pub mod collation;
pub mod linker;

use crate::kana;

/// The text a glossary entry is filtered by on the glossary page: the term, its reading, its
/// aliases and its other names (the English term on the Japanese page, and so on), each folded
/// with [`kana::fold_for_search`] and joined by line feeds. Write it into the entry's
/// `data-search` attribute; `glossary.js` folds what the reader types the same way and keeps the
/// entries whose text contains every word typed.
pub fn search_text<A: AsRef<str>, O: AsRef<str>>(term: &str, reading: &str, aliases: &[A], other_names: &[O]) -> String {
    let fields =
        [term, reading].into_iter().chain(aliases.iter().map(AsRef::as_ref)).chain(other_names.iter().map(AsRef::as_ref));
    // First occurrence wins; the set keeps de-duplication linear in the number of aliases
    // (a `Vec::contains` per alias took minutes on 100,000 aliases).
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut folded: Vec<String> = Vec::new();
    for field in fields {
        let f = kana::fold_for_search(field);
        if !f.is_empty() && seen.insert(f.clone()) {
            folded.push(f);
        }
    }
    folded.join("\n")
}

/// Appends `s` to `out` with `& < > " '` escaped, for HTML text and attribute values alike.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    crate::escape::push_escaped(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_folds_and_joins() {
        assert_eq!(
            search_text("DX", "でぃーえっくす", &["デジタル・トランスフォーメーション"], &["Digital Transformation", "ＤＸ"]),
            "dx\nディーエックス\nデジタルトランスフォーメーション\ndigitaltransformation"
        );
        let none: [&str; 0] = [];
        assert_eq!(search_text("クラウド", "くらうど", &none, &none), "クラウド");
    }

    #[test]
    fn many_aliases_are_deduplicated_in_order() {
        // 100,000 aliases, half of them repeats: the result keeps first occurrences in order.
        let aliases: Vec<String> = (0..100_000).map(|i| format!("alias{}", i % 50_000)).collect();
        let none: [&str; 0] = [];
        let text = search_text("t", "て", &aliases, &none);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2 + 50_000);
        assert_eq!(lines[2], "alias0");
        assert_eq!(lines[50_001], "alias49999");
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        push_escaped(&mut s, r#"<script>"&'</script>"#);
        assert_eq!(s, "&lt;script&gt;&quot;&amp;&#39;&lt;/script&gt;");
    }
}
