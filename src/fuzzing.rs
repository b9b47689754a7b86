//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`, run with `cargo +nightly fuzz`),
//! kept in the library so that the stable test suite replays the same code on the committed
//! regression inputs (`tests/fuzz_regressions.rs`). Each function takes arbitrary bytes and
//! panics only when an invariant of keikaku breaks — that panic is what the fuzzer reports.

use crate::chart::{self, ChartText, Milestone, PhaseBar, RoadmapChart, RoadmapRow, RowGroup, YearLabel};
use crate::diagnostics::SourceFile;
use crate::glossary::linker::{LinkContext, LinkTarget, TermIndex, TermLookup, TermMatcher, link_terms};
use crate::load::{DocAddress, parse_document};

/// Front matter and body of every document kind: an error is a diagnostic, never a panic.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let addresses = [
        DocAddress::Plan { plan: "p".into() },
        DocAddress::Initiative { plan: "p".into(), id: "i".into() },
        DocAddress::Case { plan: "p".into(), id: "c".into() },
        DocAddress::Term { id: "t".into() },
    ];
    for address in addresses {
        let file = SourceFile::new("fuzz.md", text.clone());
        match parse_document(file, address, "ja") {
            Ok(doc) => assert!(doc.body_offset <= doc.file.text.len()),
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in &errors {
                    let _ = e.render(false);
                }
            }
        }
    }
}

/// A small glossary for the Markdown + linking target: three terms, note ※1 → the first.
struct FuzzGlossary {
    matcher: TermMatcher,
}

const TERMS: [(&str, &str); 3] = [("dx", "DX"), ("ai", "AI"), ("card", "マイナンバーカード")];

impl TermLookup for FuzzGlossary {
    fn matcher(&self) -> &TermMatcher {
        &self.matcher
    }
    fn term_by_id(&self, id: &str) -> Option<TermIndex> {
        TERMS.iter().position(|(i, _)| *i == id).map(TermIndex)
    }
    fn term_ids(&self) -> Vec<&str> {
        TERMS.iter().map(|(i, _)| *i).collect()
    }
    fn term_for_note(&self, number: u32) -> Option<TermIndex> {
        (number == 1).then_some(TermIndex(0))
    }
    fn target(&self, term: TermIndex) -> Option<LinkTarget<'_>> {
        TERMS.get(term.0).map(|(id, name)| LinkTarget {
            id,
            href: "/ja/glossary/#term",
            term: name,
            expansion: Some("<b>&\"'"),
            short: Some("定義<script>"),
        })
    }
}

/// `text` rendered as the render stage renders a Markdown field, once with glossary linking
/// (three terms: DX, AI, マイナンバーカード; note ※1 → DX) and once without. The linked one is
/// `None` when linking reports an error (an unknown `[[id]]` or note).
pub fn linked_and_unlinked(text: &str) -> (Option<String>, String) {
    let patterns = TERMS.iter().enumerate().map(|(n, (_, t))| (TermIndex(n), t.to_string())).collect();
    let matcher = TermMatcher::new(patterns).expect("three fixed patterns build a matcher");
    let glossary = FuzzGlossary { matcher };
    let mut ctx = LinkContext::new("tip-");
    // The render stage's own path: Markdown events with source ranges through the linker.
    let linked = crate::markdown::to_html(text, 1, "section-", &std::cell::Cell::new(0), &mut |source, events| {
        link_terms(source, events, &mut ctx, &glossary)
    })
    .ok();
    let plain = crate::markdown::to_html(text, 1, "section-", &std::cell::Cell::new(0), &mut crate::markdown::no_links);
    let plain = match plain {
        Ok(html) => html,
        Err(never) => match never {},
    };
    (linked, plain)
}

/// Markdown with glossary linking: no panic, and nothing the content wrote becomes live markup.
pub fn markdown_linker(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let (Some(html), _) = linked_and_unlinked(&text) {
        assert!(!html.contains("<script"), "live script from {text:?}: {html}");
        // Inside a tag, not in text: `href="javascript:` typed as prose is harmless text.
        for tag in html.split('<').skip(1).filter_map(|t| t.split_once('>').map(|(inside, _)| inside)) {
            let tag = tag.to_ascii_lowercase();
            assert!(!tag.contains("=\"javascript:") && !tag.contains("=javascript:"), "script link from {text:?}: {html}");
        }
    }
}

/// The search tokenizer: tokens lie inside the text on character boundaries, positions rise.
pub fn tokenizer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let tokens = crate::search::tokenizer::tokenize(&text);
    let mut last = None;
    for t in &tokens {
        assert!(!t.text.is_empty());
        if let Some(p) = last {
            assert!(t.position >= p, "positions go back in {text:?}");
        }
        last = Some(t.position);
    }
    let _ = crate::search::tokenizer::query_terms(&text);
}

/// Roadmap layout with arbitrary years, phases and labels: well-formed SVG, no panic.
pub fn roadmap_chart(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let mut byte = data.iter().copied().cycle();
    let mut next = move || byte.next().unwrap_or(0);
    let first = 2000 + i32::from(next() % 40);
    let span = i32::from(next() % 12);
    let years: Vec<YearLabel> =
        (first..=first + span).map(|fy| YearLabel { fy, primary: format!("{fy}年度"), secondary: Some("R".into()) }).collect();
    let mut rows = Vec::new();
    for _ in 0..(next() % 6) {
        let label = lines.next().unwrap_or("").to_string();
        let mut phases = Vec::new();
        for _ in 0..(next() % 4) {
            let from = first - 2 + i32::from(next() % 16);
            let to = from + i32::from(next() % 6) - 1;
            phases.push(PhaseBar {
                from_fy: from,
                to_fy: to,
                label: lines.next().unwrap_or("検討").to_string(),
                continues_before: next() % 2 == 0,
                continues_after: next() % 2 == 0,
            });
        }
        let milestones = (0..(next() % 3))
            .map(|_| Milestone { fy: first + i32::from(next() % 14), label: lines.next().unwrap_or("").to_string() })
            .collect();
        rows.push(RoadmapRow { label, href: None, phases, milestones });
    }
    let chart = RoadmapChart {
        id_prefix: "fuzz".into(),
        title: lines.next().unwrap_or("").to_string(),
        description: String::new(),
        width: 200.0 + f32::from(next()) * 4.0,
        years,
        groups: vec![RowGroup { heading: lines.next().map(str::to_string), rows }],
        today: None,
        text: ChartText { lang: "ja".into(), ..ChartText::default() },
    };
    let svgs = chart::roadmap_svgs(&chart);
    for svg in [svgs.inline, svgs.standalone] {
        if let Err(e) = crate::xml::parse_xml(&svg) {
            panic!("malformed SVG ({e}) from {text:?}");
        }
    }
}

/// The URL and id checks: what they accept is safe to publish.
pub fn url_and_id(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if crate::model::url_problem(&text).is_ok() {
        assert!(text.starts_with("https://") || text.starts_with("http://"));
        assert!(!text.contains(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>')));
    }
    if crate::ids::check_id(&text).is_ok() {
        assert!(text.len() <= crate::ids::MAX_ID_LEN);
        assert!(text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    }
}

/// The development server's request parser: bounded, and never a panic.
pub fn serve_request(data: &[u8]) {
    match crate::serve::parse_request(data) {
        Ok(Some(r)) => {
            let _ = crate::serve::percent_decode(&r.target);
        }
        Ok(None) => assert!(data.len() < crate::serve::MAX_REQUEST_HEAD),
        Err(status) => assert!(matches!(status, 400 | 414 | 431)),
    }
    let _ = crate::serve::percent_decode(&String::from_utf8_lossy(data));
}
