//! The index writer: pages in, the files of one language's search index out (layout in the
//! module docs of `search`).
//!
//! Every token occurrence is kept with its position, so the browser checks phrases (a query's
//! characters adjacent in the page) from the shards alone, counts results exactly, and fetches
//! page text only for the results it shows. BM25 is computed here, per posting, with field boosts
//! (BM25F-style: boosted term frequencies, one length normalisation), and stored as an integer
//! weight; the browser multiplies it by the token's idf, which it derives from the posting list.
//!
//! Shards are keyed by [`shard_key`]: CJK tokens by their first character (a one-character query
//! then finds all its tokens in one place), words by themselves. The shard count is a power of two
//! chosen so that shards average `shard_target_bytes`; a key whose tokens alone exceed that gets
//! files of its own, listed in `meta.json` (the only part of the metadata that grows with the
//! site, by one entry per oversized key, not per page).

use std::collections::BTreeMap;

use serde::Serialize;

use super::SearchDoc;
use super::tokenizer::{TOKENIZER_VERSION, fnv1a, shard_key, tokenize_from};

/// Version of the file layout, written into `meta.json`.
pub(super) const FORMAT_VERSION: u32 = 1;

/// BM25 saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation.
const B: f64 = 0.75;
/// Weight of one occurrence in the title, the initiative number, a glossary term name, the body.
const BOOST_TITLE: f64 = 6.0;
const BOOST_NUMBER: f64 = 6.0;
const BOOST_TERM: f64 = 3.0;
const BOOST_BODY: f64 = 1.0;
/// Stored weight = round(BM25 term-frequency part × this), at least 1.
const WEIGHT_SCALE: f64 = 100.0;

/// Tunable sizes of the index files.
#[derive(Clone, Copy, Debug)]
pub(super) struct IndexOptions {
    /// Average size of a shard file, in bytes before compression.
    pub shard_target_bytes: usize,
    /// A shard key whose tokens take more than this gets files of its own, this size each.
    pub split_bytes: usize,
    /// Body text is cut into chunks of about this many characters (at a sentence end).
    pub chunk_chars: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions { shard_target_bytes: 12 * 1024, split_bytes: 12 * 1024, chunk_chars: 600 }
    }
}

/// Builds the search index of one language: (path relative to the index directory, contents).
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    build_index_with(docs, &IndexOptions::default())
}

/// Builds the index with explicit sizes (tests use small ones to exercise every file kind).
pub(super) fn build_index_with(docs: &[SearchDoc], options: &IndexOptions) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    // Tokenizing is most of the work and each page's alone: in parallel, collected in page order.
    let analysed: Vec<AnalysedDoc> = docs.par_iter().map(|doc| analyse(doc, options.chunk_chars)).collect();
    let doc_files: Vec<Vec<(String, Vec<u8>)>> = docs
        .par_iter()
        .zip(&analysed)
        .enumerate()
        .map(|(id, (doc, analysed))| {
            let mut files = Vec::new();
            write_doc(&mut files, id, doc, analysed);
            files
        })
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = doc_files.into_iter().flatten().collect();
    let postings = postings(&analysed);
    let (shard_count, split) = write_shards(&mut files, &postings, options);
    let facets = facets(docs);
    for (name, dimension) in facets.dimensions() {
        let lists: Vec<Vec<u32>> = dimension.iter().map(|v| delta(&v.docs)).collect();
        files.push((format!("facets/{name}.json"), json(&lists)));
    }
    let meta = Meta {
        format: FORMAT_VERSION,
        tokenizer: TOKENIZER_VERSION,
        docs: docs.len(),
        shards: shard_count,
        split,
        facets: facets.values(),
    };
    files.push(("meta.json".to_string(), json(&meta)));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Invariant: these values are maps with string keys, strings and numbers, which always
    // serialise.
    serde_json::to_vec(value).expect("index values serialise to JSON")
}

/// One page's tokens with their boosted frequency and positions, and its body chunks.
struct AnalysedDoc<'a> {
    tokens: BTreeMap<String, (f64, Vec<u32>)>,
    length: u32,
    chunks: Vec<&'a str>,
    chunk_starts: Vec<u32>,
}

/// Tokenizes the fields of a page into one position space: title, number, each glossary term,
/// body, with one unused position between fields so that no phrase spans two of them.
fn analyse(doc: &SearchDoc, chunk_chars: usize) -> AnalysedDoc<'_> {
    let chunks = body_chunks(&doc.body, chunk_chars);
    let mut chunk_starts = Vec::with_capacity(chunks.len());
    let mut tokens: BTreeMap<String, (f64, Vec<u32>)> = BTreeMap::new();
    let mut length = 0;
    let mut position = 0;
    let mut add = |text: &str, boost: f64, position: &mut u32| {
        let (found, next) = tokenize_from(text, *position);
        for token in &found {
            let entry = tokens.entry(token.text.clone()).or_default();
            entry.0 += boost;
            entry.1.push(token.position);
            length += 1;
        }
        *position = next;
        found
    };
    add(&doc.title, BOOST_TITLE, &mut position);
    position += 1;
    if let Some(number) = &doc.number {
        add(number, BOOST_NUMBER, &mut position);
        position += 1;
    }
    for term in &doc.terms {
        add(term, BOOST_TERM, &mut position);
        position += 1;
    }
    let body_start = position;
    let body = add(&doc.body, BOOST_BODY, &mut position);
    // A chunk starts at the position of its first token in the whole body, so that the browser,
    // tokenizing the chunk alone from there, finds the positions of the index.
    // Tokens come in text order, so one cursor walks them once for all chunks (a search from
    // the first token per chunk made indexing quadratic in the size of one page).
    let mut offset = 0;
    let mut cursor = 0;
    for chunk in &chunks {
        while cursor < body.len() && body[cursor].start < offset {
            cursor += 1;
        }
        chunk_starts.push(body.get(cursor).map_or(position, |t| t.position));
        offset += chunk.len();
    }
    if chunk_starts.is_empty() {
        chunk_starts.push(body_start);
    }
    AnalysedDoc { tokens, length, chunks, chunk_starts }
}

/// Cuts body text after a sentence end once a chunk has `chunk_chars` characters (after any
/// punctuation past twice that, never inside a word or a CJK run), so that each chunk tokenizes
/// alone exactly as it does inside the whole text.
fn body_chunks(body: &str, chunk_chars: usize) -> Vec<&str> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (at, c) in body.char_indices() {
        count += 1;
        let sentence_end = matches!(c, '。' | '．' | '.' | '！' | '？' | '!' | '?');
        let punctuation = sentence_end || matches!(c, '、' | '，' | ',' | ';' | '；' | ':' | '：');
        if (count >= chunk_chars && sentence_end) || (count >= 2 * chunk_chars && punctuation) {
            let end = at + c.len_utf8();
            chunks.push(&body[start..end]);
            start = end;
            count = 0;
        }
    }
    if start < body.len() {
        chunks.push(&body[start..]);
    }
    chunks
}

/// One page's occurrences of one token.
struct Posting<'a> {
    doc: u32,
    weight: u32,
    positions: &'a [u32],
}

/// Token → postings in doc order, with BM25 weights.
fn postings<'a>(docs: &'a [AnalysedDoc<'_>]) -> BTreeMap<&'a str, Vec<Posting<'a>>> {
    let total: f64 = docs.iter().map(|d| f64::from(d.length)).sum();
    let average = if docs.is_empty() || total == 0.0 { 1.0 } else { total / docs.len() as f64 };
    let mut out: BTreeMap<&str, Vec<Posting>> = BTreeMap::new();
    for (id, doc) in docs.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * f64::from(doc.length) / average);
        for (token, (tf, positions)) in &doc.tokens {
            let bm25 = tf * (K1 + 1.0) / (tf + norm);
            out.entry(token.as_str()).or_default().push(Posting {
                doc: u32::try_from(id).unwrap_or(u32::MAX),
                weight: ((bm25 * WEIGHT_SCALE).round() as u32).max(1),
                positions,
            });
        }
    }
    out
}

/// `[doc delta, weight, count, first position, position deltas…]` for each posting.
fn encode_postings(postings: &[Posting]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut previous_doc = 0;
    for posting in postings {
        out.push(posting.doc - previous_doc);
        previous_doc = posting.doc;
        out.push(posting.weight);
        out.push(u32::try_from(posting.positions.len()).unwrap_or(u32::MAX));
        out.extend(delta(posting.positions));
    }
    out
}

/// First value, then differences (inputs are ascending).
fn delta(values: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    values
        .iter()
        .map(|&v| {
            let d = v - previous;
            previous = v;
            d
        })
        .collect()
}

/// Writes the shard files; returns the shard count and the oversized keys with their part count.
fn write_shards(
    files: &mut Vec<(String, Vec<u8>)>,
    postings: &BTreeMap<&str, Vec<Posting>>,
    options: &IndexOptions,
) -> (u32, Vec<(String, u32)>) {
    let target = options.shard_target_bytes.max(1);
    let split_at = options.split_bytes.max(1);
    // key → (size in bytes, token → encoded postings)
    let mut groups: BTreeMap<&str, (usize, BTreeMap<&str, Vec<u32>>)> = BTreeMap::new();
    for (token, list) in postings {
        let encoded = encode_postings(list);
        let size = token.len() + json(&encoded).len() + 4;
        let group = groups.entry(shard_key(token)).or_default();
        group.0 += size;
        group.1.insert(token, encoded);
    }
    let rest: usize = groups.values().filter(|g| g.0 <= split_at).map(|g| g.0).sum();
    let shard_count = rest.div_ceil(target).max(1).next_power_of_two();
    let shard_count = u32::try_from(shard_count).unwrap_or(1 << 16);
    let mut shards: Vec<BTreeMap<&str, &Vec<u32>>> = vec![BTreeMap::new(); shard_count as usize];
    let mut split = Vec::new();
    for (key, (size, tokens)) in &groups {
        if *size > split_at {
            let parts = u32::try_from(size.div_ceil(split_at)).unwrap_or(u32::MAX);
            let mut part_maps: Vec<BTreeMap<&str, &Vec<u32>>> = vec![BTreeMap::new(); parts as usize];
            for (token, encoded) in tokens {
                part_maps[(fnv1a(token) % parts) as usize].insert(token, encoded);
            }
            let index = split.len();
            for (part, map) in part_maps.iter().enumerate() {
                files.push((format!("shards/x{index}-{part}.json"), json(map)));
            }
            split.push((key.to_string(), parts));
        } else {
            let shard = (fnv1a(key) % shard_count) as usize;
            shards[shard].extend(tokens.iter().map(|(t, e)| (*t, e)));
        }
    }
    for (n, shard) in shards.iter().enumerate() {
        files.push((format!("shards/{n}.json"), json(shard)));
    }
    (shard_count, split)
}

/// What a result shows, and the first chunk of the body.
#[derive(Serialize)]
struct DocHeader<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
    kind_label: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    city: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<&'a str>,
    /// Position of the first token of each chunk.
    chunks: &'a [u32],
    text: &'a str,
}

#[derive(Serialize)]
struct DocChunk<'a> {
    text: &'a str,
}

fn write_doc(files: &mut Vec<(String, Vec<u8>)>, id: usize, doc: &SearchDoc, a: &AnalysedDoc) {
    let header = DocHeader {
        url: &doc.url,
        title: &doc.title,
        kind: &doc.kind,
        kind_label: &doc.kind_label,
        city: &doc.city,
        plan: doc.plan_title.as_deref().or(doc.plan_id.as_deref()),
        number: doc.number.as_deref(),
        chunks: &a.chunk_starts,
        text: a.chunks.first().copied().unwrap_or(""),
    };
    files.push((format!("docs/{id}.json"), json(&header)));
    for (k, text) in a.chunks.iter().enumerate().skip(1) {
        files.push((format!("docs/{id}-{k}.json"), json(&DocChunk { text })));
    }
}

/// The metadata every query loads.
#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    tokenizer: u32,
    docs: usize,
    shards: u32,
    split: Vec<(String, u32)>,
    facets: BTreeMap<&'static str, Vec<FacetValueOut<'a>>>,
}

#[derive(Serialize)]
struct FacetValueOut<'a> {
    value: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
}

/// A facet value and its pages, in order of first appearance.
struct FacetValue {
    value: String,
    label: String,
    group: Option<String>,
    docs: Vec<u32>,
}

#[derive(Default)]
struct Facets {
    kind: Vec<FacetValue>,
    city: Vec<FacetValue>,
    plan: Vec<FacetValue>,
    pillar: Vec<FacetValue>,
    theme: Vec<FacetValue>,
}

impl Facets {
    fn dimensions(&self) -> [(&'static str, &Vec<FacetValue>); 5] {
        [("kind", &self.kind), ("city", &self.city), ("plan", &self.plan), ("pillar", &self.pillar), ("theme", &self.theme)]
    }

    fn values(&self) -> BTreeMap<&'static str, Vec<FacetValueOut<'_>>> {
        self.dimensions()
            .into_iter()
            .map(|(name, values)| {
                let out = values
                    .iter()
                    .map(|v| FacetValueOut { value: &v.value, label: &v.label, group: v.group.as_deref() })
                    .collect();
                (name, out)
            })
            .collect()
    }
}

/// Adds a page to a facet value, creating the value on first appearance.
fn add_facet(values: &mut Vec<FacetValue>, value: &str, label: &str, group: Option<&str>, doc: u32) {
    if value.is_empty() {
        return;
    }
    match values.iter_mut().find(|v| v.value == value) {
        Some(existing) => {
            if existing.docs.last() != Some(&doc) {
                existing.docs.push(doc);
            }
        }
        None => values.push(FacetValue {
            value: value.to_string(),
            label: if label.is_empty() { value } else { label }.to_string(),
            group: group.map(str::to_string),
            docs: vec![doc],
        }),
    }
}

/// The kinds the site knows, in the order filters list them; others follow as they appear.
const KIND_ORDER: [&str; 5] = ["initiative", "plan", "case", "term", "page"];

fn facets(docs: &[SearchDoc]) -> Facets {
    let mut f = Facets::default();
    for (id, doc) in docs.iter().enumerate() {
        let id = u32::try_from(id).unwrap_or(u32::MAX);
        add_facet(&mut f.kind, &doc.kind, &doc.kind_label, None, id);
        add_facet(&mut f.city, &doc.city, &doc.city, None, id);
        if let Some(plan) = &doc.plan_id {
            let title = doc.plan_title.as_deref().unwrap_or(plan);
            add_facet(&mut f.plan, plan, title, Some(&doc.city), id);
        }
        if let Some(pillar) = &doc.pillar {
            let plan = doc.plan_id.as_deref().unwrap_or("");
            add_facet(&mut f.pillar, &pillar_value(plan, pillar), pillar, Some(plan), id);
        }
        for theme in &doc.themes {
            add_facet(&mut f.theme, theme, theme, None, id);
        }
    }
    f.kind.sort_by_key(|v| KIND_ORDER.iter().position(|k| *k == v.value).unwrap_or(KIND_ORDER.len()));
    f
}

/// The filter value of a pillar: plan id and pillar title (pillar titles repeat across plans).
pub(super) fn pillar_value(plan: &str, pillar: &str) -> String {
    format!("{plan}:{pillar}")
}

#[cfg(test)]
mod tests {
    use super::super::tokenizer::tokenize;
    use super::*;

    #[test]
    fn chunks_tokenize_as_the_whole_body() {
        let body = "電子申請の推進。 ヴァイオリンとサーバー。Open data, plans; 行政手続のオンライン化を進めます！\
                    市民サービス向上、データ活用。"
            .repeat(20);
        let doc = SearchDoc { body: body.clone(), ..SearchDoc::default() };
        let analysed = analyse(&doc, 30);
        assert!(analysed.chunks.len() > 5);
        assert_eq!(analysed.chunks.concat(), body);
        let body_start = analysed.chunk_starts[0];
        let whole: Vec<(String, u32)> = tokenize_from(&body, body_start).0.into_iter().map(|t| (t.text, t.position)).collect();
        let mut pieces = Vec::new();
        for (chunk, start) in analysed.chunks.iter().zip(&analysed.chunk_starts) {
            pieces.extend(tokenize_from(chunk, *start).0.into_iter().map(|t| (t.text, t.position)));
        }
        assert_eq!(pieces.len(), whole.len());
        let first_difference = pieces.iter().zip(&whole).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "chunked and whole tokenization differ");
    }

    #[test]
    fn fields_do_not_touch() {
        let doc = SearchDoc { title: "電子".into(), body: "申請".into(), ..SearchDoc::default() };
        let analysed = analyse(&doc, 1000);
        let title_end = tokenize("電子").len() as u32;
        assert!(analysed.chunk_starts[0] > title_end);
        assert!(!analysed.tokens.contains_key("子申"));
    }

    #[test]
    fn empty_input_builds_an_empty_index() {
        let files = build_index(&[]);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert!(names.contains(&"meta.json"));
        assert!(names.contains(&"shards/0.json"));
    }
}
