//! Markdown to HTML for content text. Content is input, not trusted code: raw HTML is shown as
//! text, and link targets other than http(s), mailto, relative paths and fragments are dropped.
//! Glossary terms are linked through `crate::glossary` while the events stream past.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The events of a Markdown text with their byte ranges in it, as the glossary linker takes them.
pub type RangedEvents<'a> = Vec<(Event<'a>, std::ops::Range<usize>)>;

/// What adds links to the events of a text (the glossary linker) — or fails with `E`.
pub type Linker<'l, E> = dyn for<'a> FnMut(&str, RangedEvents<'a>) -> Result<Vec<Event<'a>>, E> + 'l;

/// Renders Markdown to HTML. `heading_offset` shifts heading levels so that a body's `##` fits
/// under the page's own headings; headings get ids `{id_prefix}{n}` for fragment links, with
/// `n` counted on in `headings` (one counter per page, so that two fields' headings never share
/// an id). `link` sees the events with their source ranges and may add links (the glossary) or
/// fail.
pub fn to_html<E>(
    text: &str,
    heading_offset: u8,
    id_prefix: &str,
    headings: &std::cell::Cell<usize>,
    link: &mut Linker<'_, E>,
) -> Result<String, E> {
    let events = link(text, block_events(text, heading_offset, id_prefix, headings))?;
    let mut out = String::with_capacity(text.len() * 2);
    html::push_html(&mut out, events.into_iter());
    Ok(out)
}

/// Hands the events of a Markdown text to `link`, exactly as [`to_html`] does, without making
/// the HTML: the model checks a body's glossary references with this, so that it finds the
/// errors rendering would find, at their places in the body.
pub fn check_links<E>(text: &str, link: &mut Linker<'_, E>) -> Result<(), E> {
    link(text, block_events(text, 1, "section-", &std::cell::Cell::new(0))).map(drop)
}

/// The events of a Markdown text with their source ranges: raw HTML turned into text, unsafe
/// link targets dropped, headings shifted and numbered.
fn block_events<'a>(text: &'a str, heading_offset: u8, id_prefix: &str, headings: &std::cell::Cell<usize>) -> RangedEvents<'a> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut heading_count = headings.get();
    let events: RangedEvents<'_> = Parser::new_ext(text, options)
        .into_offset_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url), title, id })
                }
                Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                    heading_count += 1;
                    Event::Start(Tag::Heading {
                        level: shift(level, heading_offset),
                        id: Some(CowStr::from(format!("{id_prefix}{heading_count}"))),
                        classes,
                        attrs,
                    })
                }
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level, heading_offset))),
                other => other,
            };
            (event, range)
        })
        .collect();
    headings.set(heading_count);
    events
}

/// Renders a short text that is one paragraph as inline HTML (without the `<p>` wrapper).
pub fn to_inline_html<E>(text: &str, link: &mut Linker<'_, E>) -> Result<String, E> {
    // Inline fields are one paragraph; a heading in one (rare) is numbered on its own prefix.
    let html = to_html(text, 0, "h-", &std::cell::Cell::new(0), link)?;
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return Ok(inner.to_string());
    }
    Ok(html)
}

/// Renders text that the page shows inside a heading: inline HTML, parsed as a Markdown heading
/// so that the glossary linker treats it as one (it links nothing there and shows `[[…]]`
/// references as their text).
pub fn to_heading_html<E>(text: &str, link: &mut Linker<'_, E>) -> Result<String, E> {
    let source = format!("# {}", text.replace(['\n', '\r'], " "));
    let events: RangedEvents<'_> = Parser::new_ext(&source, Options::empty())
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => (Event::Text(raw), range),
            other => (other, range),
        })
        .collect();
    let events = link(&source, events)?;
    let inner = events.into_iter().filter(|e| !matches!(e, Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_))));
    let mut out = String::new();
    html::push_html(&mut out, inner);
    Ok(out.trim().to_string())
}

/// No linking: the events as they are.
pub fn no_links<'a>(_: &str, events: RangedEvents<'a>) -> Result<Vec<Event<'a>>, std::convert::Infallible> {
    Ok(events.into_iter().map(|(e, _)| e).collect())
}

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as u8 + by).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#')
        || lower.starts_with('/')
        || !lower.contains(':');
    if allowed { url } else { CowStr::from("#") }
}

/// Plain text of Markdown (for search and descriptions).
pub fn to_plain_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        html(text, 0, "s-")
    }

    fn html(text: &str, offset: u8, prefix: &str) -> String {
        match to_html(text, offset, prefix, &std::cell::Cell::new(0), &mut no_links) {
            Ok(h) => h,
            Err(never) => match never {},
        }
    }

    fn inline(text: &str) -> String {
        match to_inline_html(text, &mut no_links) {
            Ok(h) => h,
            Err(never) => match never {},
        }
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = plain("a <script>alert(1)</script> b");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn javascript_links_are_dropped() {
        let html = plain("[x](javascript:alert(1)) [y](https://example.jp/) [z](#a)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.jp/\""));
        assert!(html.contains("href=\"#a\""));
    }

    #[test]
    fn headings_shift_and_get_ids() {
        let out = html("## 策定趣旨\n\ntext", 0, "section-");
        assert!(out.contains("<h2 id=\"section-1\">策定趣旨</h2>"), "{out}");
        let out = html("# A", 1, "s-");
        assert!(out.contains("<h2 id=\"s-1\">"), "{out}");
    }

    #[test]
    fn inline_strips_single_paragraph() {
        assert_eq!(inline("**a** b"), "<strong>a</strong> b");
        assert!(inline("a\n\nb").contains("<p>"));
    }
}
