//! The markup of a term link and its tooltip, every value HTML-escaped.

use super::{LinkContext, LinkTarget};
use crate::glossary::push_escaped;
use crate::kana::FoldedText;

/// Whether `shown` is the term itself (so an `<abbr>` fits): equal once folded, or its plural.
pub(super) fn shows_the_term(shown: &str, term: &str) -> bool {
    let shown = FoldedText::new(shown).into_string();
    let term = FoldedText::new(term).into_string();
    shown == term || (term.ends_with(|c: char| c.is_ascii_alphanumeric()) && shown.strip_suffix('s') == Some(term.as_str()))
}

/// The markup of a link to a term, showing `shown`.
pub(super) fn term_link_html(target: &LinkTarget<'_>, shown: &str, ctx: &mut LinkContext) -> String {
    let tip = tooltip(target, ctx);
    let mut h = String::with_capacity(160 + shown.len());
    h.push_str(r#"<span class="term-ref"><a class="term" href=""#);
    push_link_attributes(&mut h, target, tip.as_ref());
    match target.expansion.filter(|e| !e.trim().is_empty()) {
        Some(expansion) if shows_the_term(shown, target.term) => {
            h.push_str(r#"<abbr title=""#);
            push_escaped(&mut h, expansion);
            h.push_str(r#"">"#);
            push_escaped(&mut h, shown);
            h.push_str("</abbr>");
        }
        _ => push_escaped(&mut h, shown),
    }
    h.push_str("</a>");
    push_tooltip(&mut h, tip.as_ref());
    h.push_str("</span>");
    h
}

/// The markup of a note reference `※5` linking to its term.
pub(super) fn note_ref_html(target: &LinkTarget<'_>, marker: &str, ctx: &mut LinkContext) -> String {
    let tip = tooltip(target, ctx);
    let mut h = String::with_capacity(160);
    h.push_str(r#"<span class="term-ref"><sup class="note-ref"><a href=""#);
    push_link_attributes(&mut h, target, tip.as_ref());
    push_escaped(&mut h, marker);
    h.push_str("</a></sup>");
    push_tooltip(&mut h, tip.as_ref());
    h.push_str("</span>");
    h
}

/// The id and text of a term's tooltip, if it has a short definition.
pub(super) fn tooltip<'t>(target: &LinkTarget<'t>, ctx: &mut LinkContext) -> Option<(String, &'t str)> {
    let short = target.short.filter(|s| !s.trim().is_empty())?;
    Some((ctx.next_tip_id(), short))
}

/// Writes `{href}" data-term="{id}"[ aria-describedby="{tip}"]>` after an open `href="`.
pub(super) fn push_link_attributes(h: &mut String, target: &LinkTarget<'_>, tip: Option<&(String, &str)>) {
    push_escaped(h, target.href);
    h.push_str(r#"" data-term=""#);
    push_escaped(h, target.id);
    h.push('"');
    if let Some((id, _)) = tip {
        h.push_str(r#" aria-describedby=""#);
        push_escaped(h, id);
        h.push('"');
    }
    h.push('>');
}

pub(super) fn push_tooltip(h: &mut String, tip: Option<&(String, &str)>) {
    if let Some((id, short)) = tip {
        h.push_str(r#"<span class="term-tip" id=""#);
        push_escaped(h, id);
        h.push_str(r#"" role="tooltip" hidden>"#);
        push_escaped(h, short);
        h.push_str("</span>");
    }
}
