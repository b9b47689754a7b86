//! Links glossary terms in Markdown: the term matcher and the pulldown-cmark event filter.
//!
//! [`TermMatcher`] holds one Aho–Corasick automaton over every term and alias of a language,
//! built once per build, and finds the leftmost-longest terms in one pass over a text, however
//! many terms there are. Patterns and text are folded alike (NFKC, lower case), so `ＤＸ`
//! matches `DX`; a Latin pattern does not match inside a longer Latin word (`AI` is not found
//! in `EMAIL`), though a plural `s` may follow it (`KPIs`).
//!
//! [`link_terms`] rewrites the events of one Markdown document:
//!
//! - each term is linked the first time it occurs in a section (a heading starts a section; so
//!   does [`LinkContext::start_section`]);
//! - nothing is linked inside headings, links, images, code, or raw HTML elements;
//! - `[[id]]` forces a link to term `id` showing the term, `[[id|text]]` shows `text`, and
//!   `[[!text]]` shows `text` and links nothing inside it;
//! - `※5` links to the term of note 5 of the page's plan.
//!
//! Invariants: every text and attribute value written into markup is HTML-escaped; the output
//! depends only on the input (no hashing order reaches it); no input makes it panic. Errors
//! (unknown ids, unknown notes) are all collected before returning.
//!
//! The markup of a link, with its tooltip (only when the term has a short definition):
//!
//! ```html
//! <span class="term-ref"><a class="term" href="/ja/glossary/dx/" data-term="dx"
//!   aria-describedby="term-tip-1"><abbr title="デジタル・トランスフォーメーション">DX</abbr></a><span
//!   class="term-tip" id="term-tip-1" role="tooltip" hidden>デジタル技術で…</span></span>
//! ```
//!
//! The `<abbr>` is there when the term has an expansion and the text shown is the term itself.
//! The tooltip is `hidden`, so the page reads well without CSS and a screen reader does not read
//! the definition as running text; `glossary.css` shows it on `:hover` and `:focus-within`, and
//! screen readers announce it once, as the link's description. A note reference is the same with
//! `<sup class="note-ref"><a href="…" data-term="…" …>※5</a></sup>` in place of the link.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

mod markup;
mod matcher;
mod references;

use crate::suggest::closest;
use markup::*;
pub use matcher::{Ambiguity, MatcherError, TermIndex, TermMatch, TermMatcher};
pub use references::explicit_references;
use references::*;

/// What a link to a term shows and where it goes; borrowed from the caller's model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkTarget<'t> {
    /// The term's id (`pmh`).
    pub id: &'t str,
    /// The URL of the term's entry on the glossary page of this language.
    pub href: &'t str,
    /// The term as written in this language (`PMH`).
    pub term: &'t str,
    /// What an abbreviation stands for, if the term is one.
    pub expansion: Option<&'t str>,
    /// A one-sentence definition in plain text (no Markdown), for the tooltip.
    pub short: Option<&'t str>,
}

/// The caller's glossary, as the linker needs it for one page.
pub trait TermLookup {
    /// The matcher over all terms and aliases of the page's language.
    fn matcher(&self) -> &TermMatcher;
    /// The term with this id.
    fn term_by_id(&self, id: &str) -> Option<TermIndex>;
    /// All term ids, for "did you mean" suggestions (asked only when an id is unknown).
    fn term_ids(&self) -> Vec<&str>;
    /// The term that note `number` (`※5`) of the page's plan refers to.
    fn term_for_note(&self, number: u32) -> Option<TermIndex>;
    /// The link data of a term.
    fn target(&self, term: TermIndex) -> Option<LinkTarget<'_>>;
}

/// The linker's state for one page: which terms the current section has linked, and a counter
/// for the tooltip ids, which are unique within the page.
#[derive(Clone, Debug)]
pub struct LinkContext {
    id_prefix: String,
    next_tip: u64,
    section: BTreeSet<TermIndex>,
    page: BTreeSet<TermIndex>,
}

impl Default for LinkContext {
    fn default() -> Self {
        LinkContext::new("term-tip-")
    }
}

impl LinkContext {
    /// A context for a new page. Tooltip ids are `{id_prefix}1`, `{id_prefix}2`, …: use one
    /// context for all the Markdown of a page, or a distinct prefix for each context of a page.
    pub fn new(id_prefix: &str) -> Self {
        LinkContext { id_prefix: id_prefix.to_owned(), next_tip: 1, section: BTreeSet::new(), page: BTreeSet::new() }
    }

    /// Starts a new section: each term is linked again the first time it occurs in it.
    /// Headings start a section by themselves.
    pub fn start_section(&mut self) {
        self.section.clear();
    }

    /// Every term linked so far on this page (automatically, explicitly or by a note), in
    /// index order: the terms to list as "terms on this page".
    pub fn linked_terms(&self) -> impl Iterator<Item = TermIndex> + '_ {
        self.page.iter().copied()
    }

    fn mark_linked(&mut self, term: TermIndex) {
        self.section.insert(term);
        self.page.insert(term);
    }

    fn next_tip_id(&mut self) -> String {
        let id = format!("{}{}", self.id_prefix, self.next_tip);
        self.next_tip += 1;
        id
    }
}

/// An error in a text's glossary syntax, with where it is in the Markdown source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    /// Byte range in the Markdown source (as given by pulldown-cmark's offset iterator). It
    /// may fall a few bytes early when the text before it holds backslash escapes or entities.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: LinkErrorKind,
}

/// What is wrong with a glossary reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkErrorKind {
    /// `[[id]]` or `[[id|text]]` names no term.
    UnknownTerm {
        /// The id as written.
        id: String,
        /// The nearest known id.
        suggestion: Option<String>,
    },
    /// `[[]]`, `[[|text]]` or `[[!]]`.
    EmptyReference,
    /// `[[id|]]`: the text to show is empty.
    EmptyText {
        /// The id as written.
        id: String,
    },
    /// `※n` where the plan has no note `n`.
    UnknownNote {
        /// The number as written.
        number: String,
    },
}

impl LinkError {
    /// The help line of the diagnostic, if there is one.
    pub fn help(&self) -> Option<String> {
        match &self.kind {
            LinkErrorKind::UnknownTerm { suggestion: Some(s), .. } => Some(format!("did you mean `{s}`?")),
            LinkErrorKind::UnknownTerm { .. } => Some("term ids are the file names under content/glossary/".to_owned()),
            LinkErrorKind::EmptyReference => {
                Some("write [[id]], [[id|text]] or [[!text]]; for literal brackets, write \\[[".to_owned())
            }
            LinkErrorKind::EmptyText { id } => Some(format!("write [[{id}]] to show the term")),
            LinkErrorKind::UnknownNote { .. } => Some(
                "a ※ number refers to a glossary term whose `defined_in` has that `note` for \
                 this plan"
                    .to_owned(),
            ),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            LinkErrorKind::UnknownTerm { id, .. } => write!(f, "unknown glossary term `{id}`"),
            LinkErrorKind::EmptyReference => f.write_str("empty glossary reference"),
            LinkErrorKind::EmptyText { id } => {
                write!(f, "glossary reference to `{id}` shows no text")
            }
            LinkErrorKind::UnknownNote { number } => write!(f, "unknown note ※{number}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// Parses `markdown`, links its glossary terms and renders it to HTML, exactly as a page's body
/// is rendered (`crate::markdown::to_html`: raw HTML shown as text, unsafe links dropped,
/// headings numbered `section-{n}`), so that the linker's tests and benchmark take the path
/// production takes.
pub fn link_markdown(markdown: &str, ctx: &mut LinkContext, lookup: &dyn TermLookup) -> Result<String, Vec<LinkError>> {
    let headings = std::cell::Cell::new(0);
    crate::markdown::to_html(markdown, 0, "section-", &headings, &mut |source, events| link_terms(source, events, ctx, lookup))
}

/// Links glossary terms in the events of one Markdown document `source`, given with their
/// source ranges (`Parser::into_offset_iter`). Links are emitted as `Event::InlineHtml`, which
/// the HTML renderer writes as is; text stays `Event::Text`. Adjacent text events are merged
/// first. Do not enable `Options::ENABLE_WIKILINKS`; in a table cell, write `[[id\|text]]`.
pub fn link_terms<'a>(
    source: &str,
    events: impl IntoIterator<Item = (Event<'a>, Range<usize>)>,
    ctx: &mut LinkContext,
    lookup: &dyn TermLookup,
) -> Result<Vec<Event<'a>>, Vec<LinkError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut nesting = Nesting::default();
    let mut pending: Option<TextRun<'a>> = None;
    for (event, range) in events {
        match event {
            Event::Text(text) => match &mut pending {
                Some(run) => run.push(&text, range),
                None => pending = Some(TextRun::new(text, range)),
            },
            other => {
                if let Some(run) = pending.take() {
                    let mode = nesting.mode();
                    link_run(source, run, mode, ctx, lookup, &mut out, &mut errors);
                }
                nesting.enter(&other, ctx);
                out.push(other);
            }
        }
    }
    if let Some(run) = pending.take() {
        let mode = nesting.mode();
        link_run(source, run, mode, ctx, lookup, &mut out, &mut errors);
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// What may be done with text at a point of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Link terms, references and notes.
    Link,
    /// Inside a heading, link or raw HTML element: resolve `[[…]]` to its text, link nothing.
    Plain,
    /// Code and metadata: leave the text exactly as it is.
    Verbatim,
}

/// How deep the document is inside elements that change the [`Mode`].
#[derive(Default, Debug)]
struct Nesting {
    heading: usize,
    link: usize,
    code: usize,
    html: usize,
}

impl Nesting {
    fn mode(&self) -> Mode {
        if self.code > 0 {
            Mode::Verbatim
        } else if self.heading > 0 || self.link > 0 || self.html > 0 {
            Mode::Plain
        } else {
            Mode::Link
        }
    }

    fn enter(&mut self, event: &Event<'_>, ctx: &mut LinkContext) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.heading += 1;
                ctx.start_section();
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.link += 1,
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => self.code += 1,
            Event::End(TagEnd::Heading(_)) => self.heading = self.heading.saturating_sub(1),
            Event::End(TagEnd::Link | TagEnd::Image) => self.link = self.link.saturating_sub(1),
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                self.code = self.code.saturating_sub(1);
            }
            Event::InlineHtml(html) => {
                self.html = self.html.saturating_add_signed(html_nesting_change(html));
            }
            // Inline HTML cannot stay open past the block it is in.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => self.html = 0,
            _ => {}
        }
    }
}

/// Raw HTML elements whose text must not get links (links cannot nest; code is literal).
const ELEMENTS_WITHOUT_LINKS: [&str; 19] = [
    "a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label", "pre", "samp", "script", "style",
    "textarea", "var",
];

/// +1 for an opening tag of [`ELEMENTS_WITHOUT_LINKS`], -1 for its closing tag, else 0.
fn html_nesting_change(html: &str) -> isize {
    let tag = html.trim();
    let (closing, rest) = match tag.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => match tag.strip_prefix('<') {
            Some(rest) => (false, rest),
            None => return 0,
        },
    };
    let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let name = rest[..name_len].to_ascii_lowercase();
    if !ELEMENTS_WITHOUT_LINKS.contains(&name.as_str()) {
        0
    } else if closing {
        -1
    } else if tag.ends_with("/>") {
        0
    } else {
        1
    }
}

/// Adjacent text events merged into one, with where each part came from in the source.
struct TextRun<'a> {
    text: CowStr<'a>,
    /// (offset in `text`, source range) of each merged event.
    parts: Vec<(usize, Range<usize>)>,
}

impl<'a> TextRun<'a> {
    fn new(text: CowStr<'a>, range: Range<usize>) -> Self {
        TextRun { text, parts: vec![(0, range)] }
    }

    fn push(&mut self, more: &str, range: Range<usize>) {
        let mut joined = String::with_capacity(self.text.len() + more.len());
        joined.push_str(&self.text);
        self.parts.push((joined.len(), range));
        joined.push_str(more);
        self.text = CowStr::from(joined);
    }

    /// Offsets of `[` that `source` wrote escaped (`\[` or `&#91;`): they open no reference.
    fn escaped_brackets(&self, source: &str) -> Vec<usize> {
        let mut escaped = Vec::new();
        for (i, (start, range)) in self.parts.iter().enumerate() {
            let end = self.parts.get(i + 1).map_or(self.text.len(), |(next, _)| *next);
            if self.text.get(*start..end) != Some("[") {
                continue;
            }
            let written = source.get(range.clone());
            let backslashes =
                source.get(..range.start).map_or(0, |before| before.bytes().rev().take_while(|&b| b == b'\\').count());
            if written != Some("[") || backslashes % 2 == 1 {
                escaped.push(*start);
            }
        }
        escaped
    }

    /// The source range of `text[range]`.
    fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let at = |offset: usize| {
            let i = self.parts.partition_point(|(start, _)| *start <= offset).saturating_sub(1);
            self.parts.get(i).map_or(offset, |(start, source)| (source.start + (offset - start)).min(source.end))
        };
        let start = at(range.start);
        start..at(range.end).max(start)
    }

    /// The text of `range` as an event, borrowing from the source when the text did.
    fn slice(&self, range: Range<usize>) -> CowStr<'a> {
        match &self.text {
            CowStr::Borrowed(s) => s.get(range).map_or(CowStr::Borrowed(""), CowStr::Borrowed),
            other => CowStr::from(other.get(range).unwrap_or_default().to_owned()),
        }
    }
}

/// A piece of rewritten text.
enum Piece {
    /// Part of the original text, unchanged.
    Same(Range<usize>),
    /// New text (the text shown by a `[[…]]` reference).
    Text(String),
    /// Link markup.
    Html(String),
}

/// Links the terms of one text run and appends its events to `out`.
fn link_run<'a>(
    source: &str,
    run: TextRun<'a>,
    mode: Mode,
    ctx: &mut LinkContext,
    lookup: &dyn TermLookup,
    out: &mut Vec<Event<'a>>,
    errors: &mut Vec<LinkError>,
) {
    if mode == Mode::Verbatim {
        out.push(Event::Text(run.text));
        return;
    }
    let mut pieces = Vec::new();
    let text: &str = &run.text;
    let mut linker = RunLinker { run: &run, ctx, lookup, errors, pieces: &mut pieces };
    let mut at = 0;
    for reference in references(text, &run.escaped_brackets(source)) {
        linker.plain(at..reference.outer.start, mode);
        linker.reference(text, &reference, mode);
        at = reference.outer.end;
    }
    linker.plain(at..text.len(), mode);

    if let [Piece::Same(range)] = pieces.as_slice()
        && *range == (0..text.len())
    {
        out.push(Event::Text(run.text));
        return;
    }
    for piece in pieces {
        match piece {
            Piece::Same(range) if range.is_empty() => {}
            Piece::Same(range) => out.push(Event::Text(run.slice(range))),
            Piece::Text(s) => out.push(Event::Text(CowStr::from(s))),
            Piece::Html(s) => out.push(Event::InlineHtml(CowStr::from(s))),
        }
    }
}

/// The state of linking one text run.
struct RunLinker<'r, 'a> {
    run: &'r TextRun<'a>,
    ctx: &'r mut LinkContext,
    lookup: &'r dyn TermLookup,
    errors: &'r mut Vec<LinkError>,
    pieces: &'r mut Vec<Piece>,
}

impl RunLinker<'_, '_> {
    fn same(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        if let Some(Piece::Same(last)) = self.pieces.last_mut()
            && last.end == range.start
        {
            last.end = range.end;
            return;
        }
        self.pieces.push(Piece::Same(range));
    }

    fn error(&mut self, range: Range<usize>, kind: LinkErrorKind) {
        self.errors.push(LinkError { span: self.run.source_span(range), kind });
    }

    /// Text outside `[[…]]`: note references and automatic links.
    fn plain(&mut self, range: Range<usize>, mode: Mode) {
        if mode != Mode::Link {
            self.same(range);
            return;
        }
        let run = self.run;
        let text: &str = &run.text;
        let mut at = range.start;
        for note in note_markers(text, range.clone()) {
            self.auto_link(at..note.range.start);
            let end = note.range.end;
            self.note(text, note);
            at = end;
        }
        self.auto_link(at..range.end);
    }

    fn auto_link(&mut self, range: Range<usize>) {
        let run = self.run;
        let text: &str = &run.text;
        let Some(segment) = text.get(range.clone()) else {
            return;
        };
        let found = self.lookup.matcher().find_all(segment);
        let mut at = range.start;
        for m in found {
            let start = range.start + m.range.start;
            let end = range.start + m.range.end;
            if self.ctx.section.contains(&m.term) {
                continue;
            }
            let (Some(target), Some(shown)) = (self.lookup.target(m.term), text.get(start..end)) else {
                continue;
            };
            self.same(at..start);
            let html = term_link_html(&target, shown, self.ctx);
            self.pieces.push(Piece::Html(html));
            self.ctx.mark_linked(m.term);
            at = end;
        }
        self.same(at..range.end);
    }

    fn note(&mut self, text: &str, note: NoteMarker) {
        let term = note.number.and_then(|n| self.lookup.term_for_note(n));
        let target = term.and_then(|t| self.lookup.target(t).map(|target| (t, target)));
        match target {
            Some((term, target)) => {
                let html = note_ref_html(&target, &text[note.range.clone()], self.ctx);
                self.pieces.push(Piece::Html(html));
                self.ctx.mark_linked(term);
            }
            None => {
                self.same(note.range.clone());
                let number = text[note.digits.clone()].to_owned();
                self.error(note.range, LinkErrorKind::UnknownNote { number });
            }
        }
    }

    /// A `[[…]]` reference.
    fn reference(&mut self, text: &str, reference: &Reference, mode: Mode) {
        let inner = &text[reference.inner.clone()];
        if let Some(shown) = inner.strip_prefix('!') {
            if shown.trim().is_empty() {
                self.same(reference.outer.clone());
                self.error(reference.outer.clone(), LinkErrorKind::EmptyReference);
            } else {
                self.pieces.push(Piece::Text(shown.to_owned()));
            }
            return;
        }
        let (id, shown) = match inner.split_once('|') {
            Some((id, shown)) => (id.trim(), Some(shown)),
            None => (inner.trim(), None),
        };
        if id.is_empty() {
            self.same(reference.outer.clone());
            self.error(reference.outer.clone(), LinkErrorKind::EmptyReference);
            return;
        }
        let found = self.lookup.term_by_id(id).and_then(|t| self.lookup.target(t).map(|target| (t, target)));
        let Some((term, target)) = found else {
            let suggestion = closest(id, self.lookup.term_ids()).map(str::to_owned);
            self.same(reference.outer.clone());
            let kind = LinkErrorKind::UnknownTerm { id: id.to_owned(), suggestion };
            self.error(reference.outer.clone(), kind);
            return;
        };
        let shown = match shown {
            Some(s) if s.trim().is_empty() => {
                self.same(reference.outer.clone());
                let kind = LinkErrorKind::EmptyText { id: id.to_owned() };
                self.error(reference.outer.clone(), kind);
                return;
            }
            Some(s) => s,
            None => target.term,
        };
        if mode == Mode::Link {
            let html = term_link_html(&target, shown, self.ctx);
            self.pieces.push(Piece::Html(html));
            self.ctx.mark_linked(term);
        } else {
            self.pieces.push(Piece::Text(shown.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestTerm {
        id: &'static str,
        term: &'static str,
        aliases: &'static [&'static str],
        expansion: Option<&'static str>,
        short: Option<&'static str>,
        note: Option<u32>,
    }

    const fn term(id: &'static str, term: &'static str) -> TestTerm {
        TestTerm { id, term, aliases: &[], expansion: None, short: None, note: None }
    }

    struct TestGlossary {
        terms: Vec<TestTerm>,
        hrefs: Vec<String>,
        matcher: TermMatcher,
    }

    impl TestGlossary {
        fn new(terms: Vec<TestTerm>) -> Self {
            let patterns = terms
                .iter()
                .enumerate()
                .flat_map(|(i, t)| {
                    std::iter::once(t.term).chain(t.aliases.iter().copied()).map(move |p| (TermIndex(i), p.to_owned()))
                })
                .collect();
            let matcher = TermMatcher::new(patterns).expect("small automaton");
            let hrefs = terms.iter().map(|t| format!("/ja/glossary/#{}", t.id)).collect();
            TestGlossary { terms, hrefs, matcher }
        }

        fn standard() -> Self {
            TestGlossary::new(vec![
                TestTerm {
                    aliases: &["デジタルトランスフォーメーション"],
                    expansion: Some("デジタル・トランスフォーメーション"),
                    short: Some("デジタル技術で変革すること。"),
                    ..term("dx", "DX")
                },
                TestTerm { short: Some("インターネット経由で使う計算資源。"), ..term("cloud", "クラウド") },
                term("gov-cloud", "ガバメントクラウド"),
                TestTerm { expansion: Some("Robotic Process Automation"), ..term("rpa", "RPA") },
                TestTerm { expansion: Some("Key Performance Indicator"), ..term("kpi", "KPI") },
                TestTerm { expansion: Some("人工知能"), ..term("ai", "AI") },
                term("ai-ocr", "AI-OCR"),
                TestTerm {
                    expansion: Some("Public Medical Hub"),
                    short: Some("自治体と医療機関をつなぐ情報連携基盤。"),
                    note: Some(5),
                    ..term("pmh", "PMH")
                },
                TestTerm {
                    expansion: Some(r#"x" onmouseover="alert(1)"#),
                    short: Some(r#"<script>alert("&'")</script>"#),
                    ..term("evil", "<b>")
                },
                term("ebpm", "EBPM"),
            ])
        }
    }

    impl TermLookup for TestGlossary {
        fn matcher(&self) -> &TermMatcher {
            &self.matcher
        }
        fn term_by_id(&self, id: &str) -> Option<TermIndex> {
            self.terms.iter().position(|t| t.id == id).map(TermIndex)
        }
        fn term_ids(&self) -> Vec<&str> {
            self.terms.iter().map(|t| t.id).collect()
        }
        fn term_for_note(&self, number: u32) -> Option<TermIndex> {
            self.terms.iter().position(|t| t.note == Some(number)).map(TermIndex)
        }
        fn target(&self, term: TermIndex) -> Option<LinkTarget<'_>> {
            let t = self.terms.get(term.0)?;
            Some(LinkTarget { id: t.id, href: self.hrefs.get(term.0)?, term: t.term, expansion: t.expansion, short: t.short })
        }
    }

    fn render_with(glossary: &TestGlossary, markdown: &str) -> String {
        let mut ctx = LinkContext::default();
        link_markdown(markdown, &mut ctx, glossary).expect("no errors")
    }

    fn render(markdown: &str) -> String {
        render_with(&TestGlossary::standard(), markdown)
    }

    fn errors(markdown: &str) -> Vec<LinkError> {
        let mut ctx = LinkContext::default();
        link_markdown(markdown, &mut ctx, &TestGlossary::standard()).expect_err("errors")
    }

    /// The ids of the terms linked in `html`, in order.
    fn linked(html: &str) -> Vec<&str> {
        html.split("data-term=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
    }

    fn terms_found(glossary: &TestGlossary, text: &str) -> Vec<(&'static str, String)> {
        glossary.matcher.find_all(text).into_iter().map(|m| (glossary.terms[m.term.0].id, text[m.range].to_owned())).collect()
    }

    #[test]
    fn link_markup() {
        assert_eq!(
            render("DXの推進"),
            "<p><span class=\"term-ref\"><a class=\"term\" href=\"/ja/glossary/#dx\" \
             data-term=\"dx\" aria-describedby=\"term-tip-1\"><abbr \
             title=\"デジタル・トランスフォーメーション\">DX</abbr></a><span class=\"term-tip\" \
             id=\"term-tip-1\" role=\"tooltip\" hidden>デジタル技術で変革すること。</span></span>\
             の推進</p>\n"
        );
        // No expansion, no short definition: plain text in the link, no tooltip.
        assert_eq!(
            render("ガバメントクラウド"),
            "<p><span class=\"term-ref\"><a class=\"term\" href=\"/ja/glossary/#gov-cloud\" \
             data-term=\"gov-cloud\">ガバメントクラウド</a></span></p>\n"
        );
    }

    #[test]
    fn abbr_only_when_the_term_itself_is_shown() {
        let html = render("デジタルトランスフォーメーション");
        assert_eq!(linked(&html), ["dx"]);
        assert!(!html.contains("<abbr"), "{html}");
        assert!(render("RPAsで").contains(r#"<abbr title="Robotic Process Automation">RPAs</abbr>"#));
        assert!(render("ＤＸで").contains(r#"<abbr title="デジタル・トランスフォーメーション">ＤＸ</abbr>"#));
        assert!(!render("[[dx|変革]]").contains("<abbr"));
    }

    #[test]
    fn longest_first() {
        let g = TestGlossary::standard();
        assert_eq!(
            terms_found(&g, "ガバメントクラウドとクラウド"),
            [("gov-cloud", "ガバメントクラウド".to_owned()), ("cloud", "クラウド".to_owned())]
        );
        assert_eq!(linked(&render("ガバメントクラウドとクラウドの違い")), ["gov-cloud", "cloud"]);
        assert_eq!(terms_found(&g, "AI-OCRとAI"), [("ai-ocr", "AI-OCR".to_owned()), ("ai", "AI".to_owned())]);
    }

    #[test]
    fn japanese_without_spaces() {
        let g = TestGlossary::standard();
        assert_eq!(
            terms_found(&g, "本市はDX推進のためクラウドを活用しEBPMを進める"),
            [("dx", "DX".to_owned()), ("cloud", "クラウド".to_owned()), ("ebpm", "EBPM".to_owned())]
        );
    }

    #[test]
    fn width_and_case_insensitive() {
        let g = TestGlossary::standard();
        assert_eq!(terms_found(&g, "ＤＸ推進"), [("dx", "ＤＸ".to_owned())]);
        assert_eq!(terms_found(&g, "ｸﾗｳﾄﾞ化"), [("cloud", "ｸﾗｳﾄﾞ".to_owned())]);
        assert_eq!(terms_found(&g, "dxの"), [("dx", "dx".to_owned())]);
        assert_eq!(terms_found(&g, "ＡＩ－ＯＣＲ"), [("ai-ocr", "ＡＩ－ＯＣＲ".to_owned())]);
    }

    #[test]
    fn latin_word_boundaries() {
        let g = TestGlossary::standard();
        let found = |text: &str| -> Vec<String> { terms_found(&g, text).into_iter().map(|(_, s)| s).collect() };
        assert_eq!(found("RPAsを導入"), ["RPAs"]);
        assert_eq!(found("KPIs and KGIs"), ["KPIs"]);
        assert_eq!(found("RPAの"), ["RPA"]);
        assert_eq!(found("EMAILで連絡"), Vec::<String>::new());
        assert_eq!(found("DXFファイル"), Vec::<String>::new());
        assert_eq!(found("5DX DX5 DXs5 DXss"), Vec::<String>::new());
        assert_eq!(found("(DX)"), ["DX"]);
        assert_eq!(found("AI-OCRを導入"), ["AI-OCR"]);
        assert_eq!(found("AI-OCRsと"), ["AI-OCRs"]);
        assert_eq!(found("AIとOCR"), ["AI"]);
        assert_eq!(found("XAI-OCR"), Vec::<String>::new());
        assert_eq!(found("生成AIを"), ["AI"]);
    }

    #[test]
    fn latin_term_inside_a_hyphenated_word_when_the_longer_one_is_no_term() {
        let g = TestGlossary::new(vec![term("ai", "AI")]);
        assert_eq!(terms_found(&g, "AI-OCRを導入"), [("ai", "AI".to_owned())]);
    }

    #[test]
    fn shorter_term_when_the_longer_is_refused() {
        let g = TestGlossary::new(vec![term("rpa-x", "RPA-X"), term("rpa", "RPA")]);
        assert_eq!(terms_found(&g, "RPA-X1"), [("rpa", "RPA".to_owned())]);
        assert_eq!(terms_found(&g, "RPA-X"), [("rpa-x", "RPA-X".to_owned())]);
    }

    #[test]
    fn ambiguous_patterns_are_reported() {
        let g = TestGlossary::new(vec![
            TestTerm { aliases: &["ＤＸ"], ..term("dx", "DX") },
            TestTerm { aliases: &["dx"], ..term("dx2", "デジタル変革") },
        ]);
        assert_eq!(g.matcher.ambiguities(), [Ambiguity { pattern: "dx".to_owned(), kept: TermIndex(0), dropped: TermIndex(1) }]);
        assert_eq!(g.matcher.len(), 2);
        assert_eq!(terms_found(&g, "DX"), [("dx", "DX".to_owned())]);
    }

    #[test]
    fn empty_matcher() {
        let g = TestGlossary::new(vec![term("blank", "  ")]);
        assert!(g.matcher.is_empty());
        assert_eq!(terms_found(&g, "何もない"), []);
        assert_eq!(render_with(&g, "何も[[!ない]]"), "<p>何もない</p>\n");
    }

    #[test]
    fn first_per_section() {
        let html = render("DXとDX。\n\nまたDX。\n\n## 見出しのDX\n\nDXとクラウド。\n\n- DX");
        assert_eq!(linked(&html), ["dx", "dx", "cloud"]);
        assert!(html.contains(r#"<h2 id="section-1">見出しのDX</h2>"#), "{html}");

        let g = TestGlossary::standard();
        let mut ctx = LinkContext::default();
        let first = link_markdown("DX", &mut ctx, &g).unwrap();
        let again = link_markdown("DX", &mut ctx, &g).unwrap();
        ctx.start_section();
        let third = link_markdown("DX", &mut ctx, &g).unwrap();
        assert_eq!(linked(&first), ["dx"]);
        assert_eq!(linked(&again), Vec::<&str>::new());
        assert_eq!(linked(&third), ["dx"]);
        // Tooltip ids stay unique within the page.
        assert!(first.contains(r#"id="term-tip-1""#));
        assert!(third.contains(r#"id="term-tip-2""#));
        assert_eq!(ctx.linked_terms().collect::<Vec<_>>(), [TermIndex(0)]);
    }

    #[test]
    fn no_links_in_headings_links_or_code() {
        let html = render(
            "# DX\n\n[DXの話](https://example.jp/) ![DXの図](dx.png) `DX`\n\n\
             ```\nDX ※5 [[pmh]]\n```\n\n    AI indented\n",
        );
        assert_eq!(linked(&html), Vec::<&str>::new(), "{html}");
        assert!(html.contains("DX ※5 [[pmh]]"), "{html}");
        assert!(html.contains(r#"alt="DXの図""#), "{html}");
        // After those, text is linked again.
        let html = render("[DX](https://example.jp/) `RPA` の後の DX と RPA");
        assert_eq!(linked(&html), ["dx", "rpa"]);
    }

    /// Content is input, not code: raw HTML is shown as text (the page's Markdown path), so the
    /// words in it are text like any other, and a term in it is linked.
    #[test]
    fn raw_html_is_text() {
        let html = render("<a href=\"/x\">DX</a>\n\n<div>\nEBPM in a block\n</div>\n");
        assert!(html.contains("&lt;a href=&quot;/x&quot;&gt;") || html.contains("&lt;a href=\"/x\"&gt;"), "{html}");
        assert!(!html.contains("<a href=\"/x\">"), "{html}");
        assert!(!html.contains("<div>"), "{html}");
        assert_eq!(linked(&html), ["dx", "ebpm"], "{html}");
    }

    #[test]
    fn explicit_references_share_the_linkers_syntax() {
        let (ids, notes) = super::explicit_references("PMH※５ and ※22, [[dx]] [[ai|AI]] [[!x]] [[ ]] ※ ※x");
        assert_eq!(ids, ["dx", "ai"]);
        assert_eq!(notes, [5, 22], "full-width digits count as the linker counts them");
    }

    #[test]
    fn explicit_references() {
        let html = render("[[pmh]]、[[pmh|情報連携基盤]]、[[!AI]]と書くAI");
        assert_eq!(linked(&html), ["pmh", "pmh", "ai"]);
        assert!(html.contains(r#"<abbr title="Public Medical Hub">PMH</abbr></a>"#));
        assert!(html.contains(r#"data-term="pmh" aria-describedby="term-tip-2">情報連携基盤</a>"#));
        assert!(html.contains("、AIと書く<span"), "{html}");
        // A forced link counts as the first one of its section.
        assert_eq!(linked(&render("[[dx]]とDX")), ["dx"]);
        // [[!…]] links nothing, not even notes.
        assert_eq!(render("[[!DX※5]]"), "<p>DX※5</p>\n");
    }

    #[test]
    fn explicit_references_in_headings_and_links_show_their_text() {
        let html = render("## [[pmh|情報連携基盤]]と[[!AI]]\n\n[[[dx]]](https://example.jp/)");
        assert!(html.contains(r#"<h2 id="section-1">情報連携基盤とAI</h2>"#), "{html}");
        assert!(html.contains(r#"<a href="https://example.jp/">DX</a>"#), "{html}");
        assert_eq!(linked(&html), Vec::<&str>::new());
    }

    #[test]
    fn literal_brackets() {
        assert_eq!(render("a [[ b ] c"), "<p>a [[ b ] c</p>\n");
        assert_eq!(render(r"\[[gov-cloud]]"), "<p>[[gov-cloud]]</p>\n");
        assert_eq!(render("&#91;[gov-cloud]]"), "<p>[[gov-cloud]]</p>\n");
        assert_eq!(linked(&render(r"\[[gov-cloud]] [[dx]]")), ["dx"]);
        // An escaped backslash escapes nothing after it.
        assert_eq!(linked(&render(r"\\[[gov-cloud]]")), ["gov-cloud"]);
    }

    #[test]
    fn references_in_tables() {
        let html = render("| 用語 |\n|---|\n| [[pmh\\|情報連携基盤]] |\n| DXとDX |\n");
        assert_eq!(linked(&html), ["pmh", "dx"], "{html}");
        assert!(html.contains(">情報連携基盤</a>"), "{html}");
    }

    #[test]
    fn unknown_term_error() {
        let source = "前文[[pmhh]]と[[]]と[[pmh|]]と[[!]]と[[zzzzzz]]";
        let errs = errors(source);
        assert_eq!(errs.len(), 5, "{errs:?}");
        assert_eq!(errs[0].kind, LinkErrorKind::UnknownTerm { id: "pmhh".to_owned(), suggestion: Some("pmh".to_owned()) });
        assert_eq!(&source[errs[0].span.clone()], "[[pmhh]]");
        assert_eq!(errs[0].to_string(), "unknown glossary term `pmhh`");
        assert_eq!(errs[0].help().as_deref(), Some("did you mean `pmh`?"));
        assert_eq!(errs[1].kind, LinkErrorKind::EmptyReference);
        assert_eq!(&source[errs[1].span.clone()], "[[]]");
        assert_eq!(errs[2].kind, LinkErrorKind::EmptyText { id: "pmh".to_owned() });
        assert_eq!(&source[errs[2].span.clone()], "[[pmh|]]");
        assert_eq!(errs[3].kind, LinkErrorKind::EmptyReference);
        assert_eq!(errs[4].kind, LinkErrorKind::UnknownTerm { id: "zzzzzz".to_owned(), suggestion: None });
        assert_eq!(&source[errs[4].span.clone()], "[[zzzzzz]]");
    }

    #[test]
    fn error_offsets_are_source_offsets() {
        let source = "# 見出し\n\n*強調* と\n次の行の [[dxx]]";
        let errs = errors(source);
        assert_eq!(errs.len(), 1);
        assert_eq!(&source[errs[0].span.clone()], "[[dxx]]");
    }

    #[test]
    fn errors_in_headings_too() {
        let errs = errors("## [[nope]]");
        assert!(matches!(errs[0].kind, LinkErrorKind::UnknownTerm { .. }));
    }

    #[test]
    fn note_markers() {
        let html = render("PMH※5の導入");
        assert_eq!(linked(&html), ["pmh", "pmh"]);
        assert!(
            html.contains(
                "<span class=\"term-ref\"><sup class=\"note-ref\"><a href=\"/ja/glossary/#pmh\" \
                 data-term=\"pmh\" aria-describedby=\"term-tip-2\">※5</a></sup><span \
                 class=\"term-tip\" id=\"term-tip-2\" role=\"tooltip\" hidden>"
            ),
            "{html}"
        );
        // Full-width digits, shown as written.
        assert!(render("情報連携※５").contains(">※５</a></sup>"));
        // A bare ※ stays text.
        assert_eq!(render("※ 注記"), "<p>※ 注記</p>\n");
        assert_eq!(render("※"), "<p>※</p>\n");
        // Not in code.
        assert_eq!(render("`※5`"), "<p><code>※5</code></p>\n");
    }

    #[test]
    fn unknown_note_error() {
        let source = "本文※１２と※99999999999999";
        let errs = errors(source);
        assert_eq!(errs[0].kind, LinkErrorKind::UnknownNote { number: "１２".to_owned() });
        assert_eq!(&source[errs[0].span.clone()], "※１２");
        assert_eq!(errs[0].to_string(), "unknown note ※１２");
        assert_eq!(errs[1].kind, LinkErrorKind::UnknownNote { number: "99999999999999".to_owned() });
    }

    #[test]
    fn everything_is_escaped() {
        let html = render("[[evil]]");
        assert_eq!(
            html,
            "<p><span class=\"term-ref\"><a class=\"term\" href=\"/ja/glossary/#evil\" \
             data-term=\"evil\" aria-describedby=\"term-tip-1\"><abbr title=\"x&quot; \
             onmouseover=&quot;alert(1)\">&lt;b&gt;</abbr></a><span class=\"term-tip\" \
             id=\"term-tip-1\" role=\"tooltip\" hidden>&lt;script&gt;alert(&quot;&amp;&#39;\
             &quot;)&lt;/script&gt;</span></span></p>\n"
        );
        let html = render("[[pmh|&lt;i&gt;&amp;&lt;/i&gt;]] [[!&lt;u&gt;]]");
        assert!(html.contains(">&lt;i&gt;&amp;&lt;/i&gt;</a>"), "{html}");
        assert!(html.contains("&lt;u&gt;"), "{html}");
        assert!(!html.contains("<u>") && !html.contains("<i>"), "{html}");

        let g = TestGlossary::new(vec![TestTerm { short: Some("a\"b"), ..term("q\"id", "T") }]);
        let mut ctx = LinkContext::new("p\"x-");
        let html = link_markdown("T", &mut ctx, &g).unwrap();
        assert!(html.contains(r#"data-term="q&quot;id" aria-describedby="p&quot;x-1""#));
    }

    #[test]
    fn unchanged_text_is_passed_through_borrowed() {
        let g = TestGlossary::standard();
        let mut ctx = LinkContext::default();
        let source = "何も関係のない文";
        let events = link_terms(source, pulldown_cmark::Parser::new(source).into_offset_iter(), &mut ctx, &g).unwrap();
        assert!(events.iter().any(|e| matches!(e, Event::Text(CowStr::Borrowed("何も関係のない文")))));
    }

    #[test]
    fn split_text_events_are_merged() {
        // pulldown-cmark splits text at brackets; a term across the split is still found.
        let g = TestGlossary::standard();
        let mut ctx = LinkContext::default();
        let events = vec![(Event::Text("ガバメント".into()), 0..15), (Event::Text("クラウド".into()), 15..27)];
        let out = link_terms("ガバメントクラウド", events, &mut ctx, &g).unwrap();
        assert!(matches!(&out[..], [Event::InlineHtml(h)] if h.contains("gov-cloud")));
    }

    #[test]
    fn html_nesting() {
        assert_eq!(html_nesting_change("<a href=\"x\">"), 1);
        assert_eq!(html_nesting_change("</A>"), -1);
        assert_eq!(html_nesting_change("<code/>"), 0);
        assert_eq!(html_nesting_change("<span>"), 0);
        assert_eq!(html_nesting_change("<abbr title=x>"), 1);
        assert_eq!(html_nesting_change("<!-- c -->"), 0);
        assert_eq!(html_nesting_change("<article>"), 0);
    }

    #[test]
    fn reference_parsing() {
        let outer = |text: &str, escaped: &[usize]| -> Vec<(usize, usize)> {
            references(text, escaped).into_iter().map(|r| (r.outer.start, r.outer.end)).collect()
        };
        assert_eq!(outer("a [[b]] [[c [[d|e]] ]] [[f", &[]), [(2, 7), (12, 19)]);
        assert_eq!(outer("[[a]] [[b]]", &[0]), [(6, 11)]);
        assert_eq!(outer("[[a [[b]]", &[4]), [(0, 9)]);
    }

    /// Random text over an alphabet of awkward characters: the matcher and the linker must
    /// neither panic nor return ranges that are not character boundaries.
    #[test]
    fn random_input() {
        const ALPHABET: &[&str] = &[
            "a", "A", "s", "S", "1", "-", " ", "ａ", "Ａ", "１", "ĳ", "İ", "㌔", "キ", "ロ", "ｶ", "ﾞ", "\u{3099}", "か", "が",
            "※", "５", "[", "]", "|", "!", "\\", "`", "#", "*", "\n", "<", ">", "&", "。", "e\u{301}",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut word = |len: usize| -> String { (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect() };
        for round in 0..300 {
            let terms: Vec<TestTerm> = (0..8)
                .map(|i| TestTerm {
                    expansion: Some("x"),
                    short: Some("y"),
                    note: Some(i),
                    ..term(["a", "b", "c", "d", "e", "f", "g", "h"][i as usize], "")
                })
                .collect();
            let patterns: Vec<String> = (0..8).map(|_| word(1 + round % 4)).collect();
            let g = TestGlossary {
                matcher: TermMatcher::new(patterns.iter().enumerate().map(|(i, p)| (TermIndex(i), p.clone())).collect())
                    .expect("small automaton"),
                hrefs: terms.iter().map(|t| t.id.to_owned()).collect(),
                terms,
            };
            let text = word(40);
            let mut previous_end = 0;
            for m in g.matcher.find_all(&text) {
                assert!(m.range.start >= previous_end && m.range.start < m.range.end);
                assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
                previous_end = m.range.end;
            }
            let mut ctx = LinkContext::default();
            let _ = link_markdown(&text, &mut ctx, &g);
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        for source in [
            "",
            "[[",
            "]]",
            "[[]]]]",
            "※",
            "※※1",
            "ｶﾞ\u{3099}",
            "\u{3099}",
            "[[|]]",
            "[[!]]",
            "DX\u{301}",
            "※0",
            "a\\[[x]]",
            "<a>[[pmh]]",
            "</a></a>DX",
            "[[ pmh ]]",
        ] {
            let mut ctx = LinkContext::default();
            let _ = link_markdown(source, &mut ctx, &TestGlossary::standard());
        }
    }
}
