//! Full-text search for a static site: a build-time index writer, read by the browser script
//! `themes/default/static/search.js` (with `search-tokenizer.js`), no server.
//!
//! One index per language: the render stage gives [`build_index`] one [`SearchDoc`] per page and
//! writes the returned files under that language's index directory (the search page's
//! `data-index`). The [`tokenizer`] is the single definition of how text becomes tokens; the
//! browser runs the same rules, and both are tested against `tests/search/tokenizer_cases.json`.
//! The reference query engine (`query.rs`, test-only for now) answers like the browser does, and
//! both run `tests/search/query_cases.json`.
//!
//! A page's fields share one position space (title, number, glossary terms, body, one position
//! apart), and every token occurrence is stored with its position, so the browser checks phrases
//! and counts results from the shards alone, and fetches page text only for the results it shows.
//!
//! Index layout (all JSON, UTF-8):
//! - `meta.json` — loaded by every query: format and tokenizer versions, the number of pages and
//!   of shards, the oversized shard keys (`split`), the number of pages a chunk holds at most
//!   (`chunk_docs`), and the facet values (kind, city, plan, pillar, theme) for the filters. It
//!   grows with the site only through `split` (about 0.2 bytes per page on synthetic sites of
//!   1,000 to 10,000 pages).
//! - `shards/{n}.json` — token → `[doc delta, weight, count, position deltas…]…`; a token lives in
//!   shard `fnv1a(shard_key(token)) % shards` (a CJK token's key is its first character, so a
//!   one-character query finds all its tokens in one place). The i-th key of `split` has files
//!   of its own, `shards/x{i}-{j}.json`, `j = fnv1a(token) % parts`.
//! - `docs/{n}.json` — a chunk: `{"docs": [header…], "parts": [[page id, k, text]…]}`. A header is
//!   what a result shows (url, title, kind, kind_label, city, plan, number), the body's first part
//!   (`text`), the position each part starts at (`starts`) and the chunk of each further part
//!   (`more`). The body is cut into parts at a sentence end, about 600 characters each, so an
//!   excerpt deep in a long page costs the chunk of that part only. Chunks are filled in page
//!   order (a header with its first part, then its further parts) up to 1,600 columns of JSON
//!   (an ASCII character is one column, any other two, so a chunk holds about as many pages in
//!   Japanese as in English), and hold at most `chunk_docs` (8) headers; page id = chunk ×
//!   `chunk_docs` + place in the chunk, so the browser finds a header from the id alone, and ids
//!   still follow page order.
//! - `facets/{kind,city,plan,pillar,theme}.json` — for each value of that facet in `meta.json`,
//!   the delta-encoded ids of its pages. Loaded only when a filter is set.
//!
//! Invariants: the output depends only on the input (ordered maps, no clock); page ids increase
//! in input order (with gaps where a chunk holds fewer than `chunk_docs` pages), which is also the
//! tie-break of equal scores and the order of facet values; no input makes it panic.

mod index;
#[cfg(test)]
mod query;
#[cfg(test)]
mod synthetic;
pub mod tokenizer;

pub use index::{build_index, build_index_each};

/// One page to index, as the render stage describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(default))]
pub struct SearchDoc {
    /// URL of the page, as the result links to it.
    pub url: String,
    /// Page title (boosted).
    pub title: String,
    /// "initiative" | "plan" | "term" | "case" | "page".
    pub kind: String,
    /// The kind as shown to the reader, in the index's language.
    pub kind_label: String,
    /// Municipality name; empty for pages of no city.
    pub city: String,
    /// Id of the plan the page belongs to.
    pub plan_id: Option<String>,
    /// Display title of that plan.
    pub plan_title: Option<String>,
    /// Display title of the page's pillar.
    pub pillar: Option<String>,
    /// Display names of the page's themes.
    pub themes: Vec<String>,
    /// Initiative number as the plan writes it (boosted).
    pub number: Option<String>,
    /// Glossary term names found on the page (boosted).
    pub terms: Vec<String>,
    /// The page's plain text.
    pub body: String,
}
