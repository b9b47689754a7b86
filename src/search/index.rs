//! The index writer: pages in, the files of one language's search index out (layout in the
//! module docs of `search`).
//!
//! Every token occurrence is kept with its position, so the browser checks phrases (a query's
//! characters adjacent in the page) from the shards alone, counts results exactly, and fetches
//! page text only for the results it shows. BM25 is computed here, per posting, with field boosts
//! (BM25F-style: boosted term frequencies, one length normalisation), and stored as an integer
//! weight; the browser multiplies it by the token's idf, which it derives from the posting list.
//!
//! What results show is written in chunks, several pages to a file: each page's header with the
//! first part of its body, then its further parts, in page order, a new chunk starting when the
//! next piece would take the chunk past `chunk_width` columns or when it already holds
//! `chunk_docs` headers. A page's id is its chunk × `chunk_docs` + its place in the chunk, so ids still follow
//! page order (the tie-break of equal scores) and the browser finds a header from the id alone.
//!
//! Memory: pages are analysed in batches, their tokens folded into postings already in the
//! shards' encoding, and each file is handed on as soon as it is written: a chunk once no piece
//! can join it and its pages have all their parts placed. What stays until the end is the
//! postings and each page's id and length, not the pages' analysed text or the files.
//!
//! Shards are keyed by [`shard_key`]: CJK tokens by their first character (a one-character query
//! then finds all its tokens in one place), words by themselves. The shard count is a power of two
//! chosen so that shards average `shard_target_bytes`; a key whose tokens alone exceed that gets
//! files of its own, listed in `meta.json` (the only part of the metadata that grows with the
//! site, by one entry per oversized key, not per page).

use std::collections::BTreeMap;

// aHash rather than std's SipHash: every token of every page is hashed, and the maps are only
// ever sorted or looked up, never iterated into the output in hash order.
use ahash::AHashMap as HashMap;

use serde::Serialize;

use super::SearchDoc;
use super::tokenizer::{TOKENIZER_VERSION, each_token_of, fnv1a, shard_key};

/// Version of the file layout, written into `meta.json`.
pub(super) const FORMAT_VERSION: u32 = 2;

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
    /// Body text is cut into parts of about this many characters (at a sentence end).
    pub part_chars: usize,
    /// A chunk of page headers and body parts stays within this width (see [`width`]), unless
    /// one piece alone is wider.
    pub chunk_width: usize,
    /// At most this many page headers in one chunk (the stride of page ids).
    pub chunk_docs: u32,
}

impl Default for IndexOptions {
    /// Chosen by measurement (`bench/search/first_query.js` on the bundled site): a first query
    /// reads a few shards and the chunks of ten results, which rarely share a chunk, so chunks are
    /// kept small and shards smaller than before, which keeps what a first query downloads below
    /// the one-file-per-page layout while writing far fewer files. A budget of 3,000 bytes held
    /// three times as many English characters as Japanese ones (one byte each against three), so
    /// an English chunk held more pieces and a result dragged more neighbours in: first queries
    /// in English downloaded more than with one file per page. A budget in columns (see
    /// [`width`]) fills chunks alike in both languages: on the bundled site 1.7 pieces (headers
    /// and parts) per chunk in English and 1.5 in Japanese, where 3,000 bytes gave 3.6 and 1.9.
    fn default() -> Self {
        IndexOptions { shard_target_bytes: 6 * 1024, split_bytes: 6 * 1024, part_chars: 600, chunk_width: 1600, chunk_docs: 8 }
    }
}

/// Builds the search index of one language: (path relative to the index directory, contents).
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    build_index_with(docs, &IndexOptions::default())
}

/// Builds the search index of the `count` pages of one language, made one at a time by `doc_at`
/// (page order is `0..count`), and hands each file to `emit` as soon as it is written (from
/// rayon's threads, in no fixed order). Pages are made, analysed and folded into the postings
/// a batch at a time, so what stays in memory is the postings, not the pages' text.
pub fn build_index_each(count: usize, doc_at: &(dyn Fn(usize) -> SearchDoc + Sync), emit: &(dyn Fn(String, Vec<u8>) + Sync)) {
    build_index_each_with(count, doc_at, &IndexOptions::default(), BATCH, emit)
}

/// Builds the index with explicit sizes (tests use small ones to exercise every file kind).
pub(super) fn build_index_with(docs: &[SearchDoc], options: &IndexOptions) -> Vec<(String, Vec<u8>)> {
    collect_files(|emit| build_index_each_with(docs.len(), &|i| docs[i].clone(), options, BATCH, emit))
}

/// The files a build hands to its `emit`, sorted by path.
fn collect_files(build: impl FnOnce(&(dyn Fn(String, Vec<u8>) + Sync))) -> Vec<(String, Vec<u8>)> {
    let files = std::sync::Mutex::new(Vec::new());
    build(&|path, bytes| files.lock().unwrap_or_else(|e| e.into_inner()).push((path, bytes)));
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Pages made and tokenized at a time: they are folded into the postings and dropped before the
/// next batch, so memory holds one batch of pages, not a whole language's.
const BATCH: usize = 512;

fn build_index_each_with(
    count: usize,
    doc_at: &(dyn Fn(usize) -> SearchDoc + Sync),
    options: &IndexOptions,
    batch: usize,
    emit: &(dyn Fn(String, Vec<u8>) + Sync),
) {
    use rayon::prelude::*;
    let mut chunks = ChunkWriter::new(count, doc_at, options);
    let mut postings = Postings::default();
    let mut lengths: Vec<u32> = Vec::with_capacity(count);
    let mut facets = FacetsBuilder::default();
    let batch = batch.max(1);
    // A batch's pages are made and tokenized in parallel; then they are placed and folded into
    // the postings, which is one thread's work, while the next batch is made and tokenized.
    // One hasher seed for every page's token map: a new seed per page was half a percent of a
    // national build's time (perf).
    let hasher = ahash::RandomState::new();
    let prepare = |start: usize, room: NumberRoom| -> Vec<(SearchDoc, AnalysedDoc, PieceSizes)> {
        (start..count.min(start + batch))
            .into_par_iter()
            .map(|i| {
                let doc = doc_at(i);
                let analysed = analyse(&doc, options.part_chars, &hasher);
                let sizes = room.piece_sizes(&doc, &analysed);
                (doc, analysed, sizes)
            })
            .collect()
    };
    let room = chunks.room;
    let mut ready = prepare(0, room);
    let mut start = 0;
    while start < count {
        let next = start + batch;
        let fold = || {
            for (doc, analysed, sizes) in ready {
                let id = chunks.add(&doc, &analysed.part_texts(&doc.body), &analysed.part_starts, &sizes);
                lengths.push(analysed.length);
                postings.add(id, analysed.tokens);
                facets.add(&doc, id);
            }
            chunks.emit_complete(emit);
        };
        let (following, ()) = rayon::join(|| if next < count { prepare(next, room) } else { Vec::new() }, fold);
        ready = following;
        start = next;
    }
    let ids = chunks.finish(emit);
    let postings = postings.weighted(&ids, &lengths);
    let (shard_count, split) = write_shards(emit, &postings, options);
    let facets = facets.finish();
    for (name, dimension) in facets.dimensions() {
        let lists: Vec<Vec<u32>> = dimension.iter().map(|v| delta(&v.docs).collect()).collect();
        emit(format!("facets/{name}.json"), json(&lists));
    }
    let meta = Meta {
        format: FORMAT_VERSION,
        tokenizer: TOKENIZER_VERSION,
        docs: count,
        shards: shard_count,
        split,
        chunk_docs: options.chunk_docs.max(1),
        facets: facets.values(),
    };
    emit("meta.json".to_string(), json(&meta));
}

/// The width of `value` as JSON: one column for an ASCII character, two for any other (the full
/// width of CJK). Chunks are budgeted in columns rather than bytes (three per CJK character) or
/// characters (one) because a Japanese text takes about as many columns as its English
/// translation, so a chunk holds about as many pages in either language.
fn width<T: Serialize + ?Sized>(value: &T) -> usize {
    columns(&json(value))
}

/// The width of UTF-8 text, as [`width`] counts it.
fn columns(utf8: &[u8]) -> usize {
    // A byte below 0x80 is an ASCII character, one from 0xC0 starts any other, and the bytes
    // between continue one.
    utf8.iter()
        .map(|&b| {
            if b < 0x80 {
                1
            } else if b >= 0xC0 {
                2
            } else {
                0
            }
        })
        .sum()
}

fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Invariant: these values are maps with string keys, strings and numbers, which always
    // serialise.
    serde_json::to_vec(value).expect("index values serialise to JSON")
}

/// One page's tokens with their boosted frequency and positions, and its body parts (byte
/// ranges of the body, so that a batch's analysis can be handed on with its pages).
struct AnalysedDoc {
    /// In no particular order: each token's postings are folded in on their own.
    tokens: HashMap<String, (f64, Vec<u32>)>,
    length: u32,
    parts: Vec<std::ops::Range<usize>>,
    part_starts: Vec<u32>,
}

impl AnalysedDoc {
    /// The body parts' text.
    fn part_texts<'d>(&self, body: &'d str) -> Vec<&'d str> {
        self.parts.iter().map(|r| &body[r.clone()]).collect()
    }
}

/// Tokenizes the fields of a page into one position space: title, number, each glossary term,
/// body, with one unused position between fields so that no phrase spans two of them.
fn analyse(doc: &SearchDoc, part_chars: usize, hasher: &ahash::RandomState) -> AnalysedDoc {
    let parts = body_parts(&doc.body, part_chars);
    let mut part_starts = Vec::with_capacity(parts.len());
    let mut tokens: HashMap<String, (f64, Vec<u32>)> = HashMap::with_hasher(hasher.clone());
    let mut length = 0;
    let mut position = 0;
    // Returns where each token starts in `text` and its position. A token's text is copied only
    // the first time the page has it.
    let mut add = |text: &str, boost: f64, position: &mut u32| {
        let mut starts = Vec::new();
        *position = each_token_of(text, *position, |token| {
            starts.push((token.start, token.position));
            let entry = match tokens.get_mut(token.text) {
                Some(entry) => entry,
                None => tokens.entry(token.text.to_string()).or_default(),
            };
            entry.0 += boost;
            entry.1.push(token.position);
            length += 1;
        });
        starts
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
    // A part starts at the position of its first token in the whole body, so that the browser,
    // tokenizing the part alone from there, finds the positions of the index.
    // Tokens come in text order, so one cursor walks them once for all parts (a search from
    // the first token per part made indexing quadratic in the size of one page).
    let mut offset = 0;
    let mut cursor = 0;
    for part in &parts {
        while cursor < body.len() && body[cursor].0 < offset {
            cursor += 1;
        }
        part_starts.push(body.get(cursor).map_or(position, |&(_, at)| at));
        offset += part.len();
    }
    if part_starts.is_empty() {
        part_starts.push(body_start);
    }
    // The parts cut the body from its start, one after another.
    let mut end = 0;
    let parts = parts
        .iter()
        .map(|part| {
            end += part.len();
            end - part.len()..end
        })
        .collect();
    AnalysedDoc { tokens, length, parts, part_starts }
}

/// Cuts body text after a sentence end once a part has `part_chars` characters (after any
/// punctuation past twice that, never inside a word or a CJK run), so that each part tokenizes
/// alone exactly as it does inside the whole text.
fn body_parts(body: &str, part_chars: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (at, c) in body.char_indices() {
        count += 1;
        let sentence_end = matches!(c, '。' | '．' | '.' | '！' | '？' | '!' | '?');
        let punctuation = sentence_end || matches!(c, '、' | '，' | ',' | ';' | '；' | ':' | '：');
        if (count >= part_chars && sentence_end) || (count >= 2 * part_chars && punctuation) {
            let end = at + c.len_utf8();
            parts.push(&body[start..end]);
            start = end;
            count = 0;
        }
    }
    if start < body.len() {
        parts.push(&body[start..]);
    }
    parts
}

// The boosted term frequency of a posting is kept as an integer until the weights are known:
// every boost is a whole number, so the sum is exact either way.
const _: () = assert!(
    BOOST_TITLE as u32 as f64 == BOOST_TITLE
        && BOOST_NUMBER as u32 as f64 == BOOST_NUMBER
        && BOOST_TERM as u32 as f64 == BOOST_TERM
        && BOOST_BODY as u32 as f64 == BOOST_BODY
);

/// Token → its postings in id order, already in the shards' encoding `[doc delta, weight,
/// count, first position, position deltas…]…`, with each posting's boosted term frequency in the
/// weight's place until [`Postings::weighted`] computes the BM25 weights.
#[derive(Default)]
struct Postings {
    /// Hashed rather than ordered: a language's tokens run to hundreds of thousands at national
    /// scale, and every token of every page is looked up here; [`Postings::weighted`] sorts them
    /// once at the end.
    tokens: HashMap<String, TokenPostings>,
}

#[derive(Default)]
struct TokenPostings {
    last_doc: u32,
    encoded: Packed,
}

/// A list of `u32`s stored as LEB128 varints: seven bits a byte, the high bit set on every byte
/// but a number's last. Postings are mostly small deltas, so a language's postings take about a
/// third of their size as `u32`s; at national scale they were the build's largest allocation
/// after the model. Serialises as the JSON array of its numbers.
#[derive(Default, Clone)]
struct Packed(Vec<u8>);

impl Packed {
    fn push(&mut self, mut value: u32) {
        while value >= 0x80 {
            self.0.push((value as u8 & 0x7F) | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn values(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.0.iter();
        std::iter::from_fn(move || {
            let (mut value, mut shift) = (0u32, 0);
            loop {
                let byte = *bytes.next()?;
                value |= u32::from(byte & 0x7F) << shift;
                if byte < 0x80 {
                    return Some(value);
                }
                shift += 7;
            }
        })
    }
}

impl FromIterator<u32> for Packed {
    fn from_iter<I: IntoIterator<Item = u32>>(values: I) -> Packed {
        let mut packed = Packed::default();
        values.into_iter().for_each(|v| packed.push(v));
        packed
    }
}

impl Serialize for Packed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.values())
    }
}

impl Postings {
    /// Adds one page's tokens; pages come in id order.
    fn add(&mut self, doc: u32, tokens: HashMap<String, (f64, Vec<u32>)>) {
        for (token, (tf, positions)) in tokens {
            let entry = match self.tokens.get_mut(token.as_str()) {
                Some(entry) => entry,
                None => self.tokens.entry(token).or_default(),
            };
            entry.encoded.push(doc - entry.last_doc);
            entry.last_doc = doc;
            entry.encoded.push(tf as u32);
            entry.encoded.push(u32::try_from(positions.len()).unwrap_or(u32::MAX));
            delta(&positions).for_each(|d| entry.encoded.push(d));
        }
    }

    /// Replaces each posting's term frequency by its BM25 weight, given every page's id and
    /// length, in page order.
    fn weighted(self, ids: &[u32], lengths: &[u32]) -> BTreeMap<String, Packed> {
        let total: f64 = lengths.iter().map(|&l| f64::from(l)).sum();
        let average = if lengths.is_empty() || total == 0.0 { 1.0 } else { total / lengths.len() as f64 };
        self.tokens
            .into_iter()
            .map(|(token, TokenPostings { encoded, .. })| {
                // One token's postings at a time are unpacked to be weighted.
                let mut encoded: Vec<u32> = encoded.values().collect();
                let (mut at, mut doc) = (0, 0u32);
                while at < encoded.len() {
                    doc += encoded[at];
                    // Ids ascend with page order, so the page of an id is found by bisection.
                    let length = ids.binary_search(&doc).map_or(0, |page| lengths[page]);
                    let norm = K1 * (1.0 - B + B * f64::from(length) / average);
                    let tf = f64::from(encoded[at + 1]);
                    let bm25 = tf * (K1 + 1.0) / (tf + norm);
                    encoded[at + 1] = ((bm25 * WEIGHT_SCALE).round() as u32).max(1);
                    at += 3 + encoded[at + 2] as usize;
                }
                (token, encoded.into_iter().collect())
            })
            .collect()
    }
}

/// First value, then differences (inputs are ascending).
fn delta(values: &[u32]) -> impl Iterator<Item = u32> + '_ {
    let mut previous = 0;
    values.iter().map(move |&v| {
        let d = v - previous;
        previous = v;
        d
    })
}

/// Writes the shard files; returns the shard count and the oversized keys with their part count.
fn write_shards(
    emit: &(dyn Fn(String, Vec<u8>) + Sync),
    postings: &BTreeMap<String, Packed>,
    options: &IndexOptions,
) -> (u32, Vec<(String, u32)>) {
    let target = options.shard_target_bytes.max(1);
    let split_at = options.split_bytes.max(1);
    // key → (size in bytes, token → encoded postings)
    let mut groups: BTreeMap<&str, (usize, BTreeMap<&str, &Packed>)> = BTreeMap::new();
    for (token, encoded) in postings {
        let size = token.len() + json_array_len(encoded.values()) + 4;
        let group = groups.entry(shard_key(token)).or_default();
        group.0 += size;
        group.1.insert(token, encoded);
    }
    let rest: usize = groups.values().filter(|g| g.0 <= split_at).map(|g| g.0).sum();
    let shard_count = rest.div_ceil(target).max(1).next_power_of_two();
    let shard_count = u32::try_from(shard_count).unwrap_or(1 << 16);
    let mut shards: Vec<BTreeMap<&str, &Packed>> = vec![BTreeMap::new(); shard_count as usize];
    let mut split = Vec::new();
    for (key, (size, tokens)) in &groups {
        if *size > split_at {
            // A token's postings are never divided, so a key with fewer tokens than parts would
            // leave parts empty (on the 100 × 50 corpus, nine shard files in ten were `{}`, and
            // a prefix query fetched every one of them).
            let parts = size.div_ceil(split_at).min(tokens.len());
            let parts = u32::try_from(parts).unwrap_or(u32::MAX);
            let mut part_maps: Vec<BTreeMap<&str, &Packed>> = vec![BTreeMap::new(); parts as usize];
            for (token, encoded) in tokens {
                part_maps[(fnv1a(token) % parts) as usize].insert(token, encoded);
            }
            let index = split.len();
            for (part, map) in part_maps.iter().enumerate() {
                emit(format!("shards/x{index}-{part}.json"), json(map));
            }
            split.push((key.to_string(), parts));
        } else {
            let shard = (fnv1a(key) % shard_count) as usize;
            shards[shard].extend(tokens.iter().map(|(t, e)| (*t, *e)));
        }
    }
    for (n, shard) in shards.iter().enumerate() {
        emit(format!("shards/{n}.json"), json(shard));
    }
    (shard_count, split)
}

/// The length of `values` as a JSON array (`[1,23]`), without writing it.
fn json_array_len(values: impl Iterator<Item = u32>) -> usize {
    let (count, digits) =
        values.fold((0usize, 0usize), |(count, digits), v| (count + 1, digits + v.checked_ilog10().unwrap_or(0) as usize + 1));
    2 + digits + count.saturating_sub(1)
}

/// What a result shows, and the first part of the body.
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
    /// Position of the first token of each body part.
    starts: &'a [u32],
    /// The first part.
    text: &'a str,
    /// The chunk of each further part.
    #[serde(skip_serializing_if = "<[u32]>::is_empty")]
    more: &'a [u32],
}

impl<'a> DocHeader<'a> {
    fn new(doc: &'a SearchDoc, starts: &'a [u32], text: &'a str, more: &'a [u32]) -> Self {
        DocHeader {
            url: &doc.url,
            title: &doc.title,
            kind: &doc.kind,
            kind_label: &doc.kind_label,
            city: &doc.city,
            plan: doc.plan_title.as_deref().or(doc.plan_id.as_deref()),
            number: doc.number.as_deref(),
            starts,
            text,
            more,
        }
    }
}

/// A chunk while its pieces are placed, each piece already written as JSON: the headers of
/// `docs/{n}.json` (page ids n × chunk_docs, n × chunk_docs + 1, …) and its further body parts,
/// `[page id, part number, text]`. Written, the pages' text can go with their batch.
#[derive(Default)]
struct OpenChunk {
    headers: Vec<Vec<u8>>,
    parts: Vec<Vec<u8>>,
}

impl OpenChunk {
    /// `{"docs":[header,…],"parts":[part,…]}`, without `parts` when there are none: what
    /// serde_json writes for the struct of the two lists.
    fn json(&self) -> Vec<u8> {
        let pieces: usize = self.headers.iter().chain(&self.parts).map(|p| p.len() + 1).sum();
        let mut out = Vec::with_capacity(ChunkFiller::FRAME + pieces);
        let list = |out: &mut Vec<u8>, pieces: &[Vec<u8>]| {
            out.push(b'[');
            for (i, piece) in pieces.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(piece);
            }
            out.push(b']');
        };
        out.extend_from_slice(b"{\"docs\":");
        list(&mut out, &self.headers);
        if !self.parts.is_empty() {
            out.extend_from_slice(b",\"parts\":");
            list(&mut out, &self.parts);
        }
        out.push(b'}');
        out
    }
}

/// Room for the digits of chunk numbers and page ids in the sizes of pieces, which are counted
/// with a one-digit placeholder before the numbers are known.
#[derive(Clone, Copy)]
struct NumberRoom {
    chunk: usize,
    id: usize,
}

/// The width of each piece of a page as written (digits are ASCII: one column each): its header
/// with its first part, then each further part.
struct PieceSizes {
    header: usize,
    parts: Vec<usize>,
}

impl NumberRoom {
    fn piece_sizes(self, doc: &SearchDoc, a: &AnalysedDoc) -> PieceSizes {
        let parts = a.part_texts(&doc.body);
        let further = parts.len().saturating_sub(1);
        let placeholder = vec![0u32; further];
        let first = parts.first().copied().unwrap_or("");
        let header = width(&DocHeader::new(doc, &a.part_starts, first, &placeholder)) + further * (self.chunk - 1);
        let parts = parts.iter().enumerate().skip(1).map(|(k, text)| width(&(0u32, k as u32, text)) + self.id - 1).collect();
        PieceSizes { header, parts }
    }
}

/// Fills chunks in page order, one piece at a time (a page's header with its first part, then
/// each further part), starting a new chunk when the next piece would take it past
/// `chunk_width` or when it already holds `chunk_docs` headers. Widths are counted as written,
/// with room for the largest chunk number in each `more` entry, so a chunk of several pieces
/// never exceeds the budget.
///
/// Pages come in batches; a chunk is written as soon as no piece can join it and the pages of
/// its headers have all their parts placed (the chunk of each is in the header), so only the
/// chunks of the last page placed stay open.
struct ChunkWriter {
    room: NumberRoom,
    filler: ChunkFiller,
    /// The id of each page placed, in page order.
    ids: Vec<u32>,
    /// Chunks `first_open`, `first_open + 1`, … not yet written.
    open: std::collections::VecDeque<OpenChunk>,
    first_open: u32,
    /// Chunks complete since the last [`ChunkWriter::emit_complete`].
    complete: Vec<(u32, OpenChunk)>,
}

impl ChunkWriter {
    fn new(count: usize, doc_at: &(dyn Fn(usize) -> SearchDoc + Sync), options: &IndexOptions) -> Self {
        use rayon::prelude::*;
        let stride = options.chunk_docs.max(1);
        // Chunk numbers are below the number of pieces, ids below that times the stride. Counting
        // them makes every page once more, one at a time, rather than keeping them all.
        let pieces: usize =
            (0..count).into_par_iter().map(|i| body_parts(&doc_at(i).body, options.part_chars).len().max(1)).sum();
        let room = NumberRoom { chunk: pieces.to_string().len(), id: pieces.saturating_mul(stride as usize).to_string().len() };
        ChunkWriter {
            room,
            filler: ChunkFiller::new(options.chunk_width.max(1), stride),
            ids: Vec::with_capacity(count),
            open: std::collections::VecDeque::new(),
            first_open: 0,
            complete: Vec::new(),
        }
    }

    /// Places the next page's pieces; returns its id.
    fn add(&mut self, doc: &SearchDoc, parts: &[&str], starts: &[u32], sizes: &PieceSizes) -> u32 {
        let stride = self.filler.stride;
        let (chunk, slot) = self.filler.place(sizes.header, true);
        let id = chunk.saturating_mul(stride).saturating_add(slot);
        self.ids.push(id);
        // Opened before the chunks of the further parts, which follow it.
        self.chunk(chunk);
        let mut more = Vec::with_capacity(sizes.parts.len());
        for (n, (&text, &size)) in parts.iter().skip(1).zip(&sizes.parts).enumerate() {
            let c = self.filler.place(size, false).0;
            self.chunk(c).parts.push(json(&(id, n as u32 + 1, text)));
            more.push(c);
        }
        let text = parts.first().copied().unwrap_or("");
        let header = json(&DocHeader::new(doc, starts, text, &more));
        self.chunk(chunk).headers.push(header);
        // The chunks before the one being filled take no more pieces, and the pages of their
        // headers, this one included, have all their parts placed.
        while self.first_open < self.filler.chunk {
            if let Some(done) = self.open.pop_front() {
                self.complete.push((self.first_open, done));
            }
            self.first_open += 1;
        }
        id
    }

    /// The open chunk `n` (pieces go to the chunk being filled, or the next one).
    fn chunk(&mut self, n: u32) -> &mut OpenChunk {
        let at = (n - self.first_open) as usize;
        if at == self.open.len() {
            self.open.push_back(OpenChunk::default());
        }
        &mut self.open[at]
    }

    /// Writes the chunks completed so far, in parallel.
    fn emit_complete(&mut self, emit: &(dyn Fn(String, Vec<u8>) + Sync)) {
        use rayon::prelude::*;
        std::mem::take(&mut self.complete).par_iter().for_each(|(n, chunk)| emit(format!("docs/{n}.json"), chunk.json()));
    }

    /// Writes the remaining chunks; returns each page's id, in page order.
    fn finish(mut self, emit: &(dyn Fn(String, Vec<u8>) + Sync)) -> Vec<u32> {
        let first = self.first_open;
        self.complete.extend(std::mem::take(&mut self.open).into_iter().zip(first..).map(|(chunk, n)| (n, chunk)));
        self.emit_complete(emit);
        self.ids
    }
}

/// The chunk being filled while [`ChunkWriter`] places the pieces.
struct ChunkFiller {
    budget: usize,
    stride: u32,
    chunk: u32,
    /// Width of the chunk so far, as written.
    used: usize,
    headers: u32,
    empty: bool,
}

impl ChunkFiller {
    /// `{"docs":[` … `],"parts":[` … `]}`
    const FRAME: usize = 22;

    fn new(budget: usize, stride: u32) -> Self {
        ChunkFiller { budget, stride, chunk: 0, used: Self::FRAME, headers: 0, empty: true }
    }

    /// Places a piece `size` columns wide (a header, or a further part): its chunk and, for a
    /// header, its place among the chunk's headers.
    fn place(&mut self, size: usize, header: bool) -> (u32, u32) {
        // Each piece but the first of its list is preceded by a comma; counting one for every
        // piece keeps the count an upper bound.
        if !self.empty && (self.used + size + 1 > self.budget || (header && self.headers == self.stride)) {
            self.chunk += 1;
            self.used = Self::FRAME;
            self.headers = 0;
        }
        self.used += size + 1;
        self.empty = false;
        let slot = self.headers;
        if header {
            self.headers += 1;
        }
        (self.chunk, slot)
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
    /// Page id / chunk_docs is the chunk that holds the page's header (`docs/{n}.json`).
    chunk_docs: u32,
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

/// The values of one facet in order of first appearance, with each value's place among them
/// (a site of every municipality has 1,741 cities: no scan per page).
#[derive(Default)]
struct Facet {
    values: Vec<FacetValue>,
    place: std::collections::HashMap<String, usize>,
}

impl Facet {
    /// Adds a page to a value, creating the value on first appearance.
    fn add(&mut self, value: &str, label: &str, group: Option<&str>, doc: u32) {
        if value.is_empty() {
            return;
        }
        match self.place.get(value) {
            Some(&at) => {
                let existing = &mut self.values[at];
                if existing.docs.last() != Some(&doc) {
                    existing.docs.push(doc);
                }
            }
            None => {
                self.place.insert(value.to_string(), self.values.len());
                self.values.push(FacetValue {
                    value: value.to_string(),
                    label: if label.is_empty() { value } else { label }.to_string(),
                    group: group.map(str::to_string),
                    docs: vec![doc],
                });
            }
        }
    }
}

/// The facets while pages are added.
#[derive(Default)]
struct FacetsBuilder {
    kind: Facet,
    city: Facet,
    plan: Facet,
    pillar: Facet,
    theme: Facet,
}

impl FacetsBuilder {
    fn add(&mut self, doc: &SearchDoc, id: u32) {
        self.kind.add(&doc.kind, &doc.kind_label, None, id);
        self.city.add(&doc.city, &doc.city, None, id);
        if let Some(plan) = &doc.plan_id {
            let title = doc.plan_title.as_deref().unwrap_or(plan);
            self.plan.add(plan, title, Some(&doc.city), id);
        }
        if let Some(pillar) = &doc.pillar {
            let plan = doc.plan_id.as_deref().unwrap_or("");
            self.pillar.add(&pillar_value(plan, pillar), pillar, Some(plan), id);
        }
        for theme in &doc.themes {
            self.theme.add(theme, theme, None, id);
        }
    }

    /// The facets, kinds in the order the filters list them.
    fn finish(self) -> Facets {
        let mut kind = self.kind.values;
        kind.sort_by_key(|v| KIND_ORDER.iter().position(|k| *k == v.value).unwrap_or(KIND_ORDER.len()));
        Facets { kind, city: self.city.values, plan: self.plan.values, pillar: self.pillar.values, theme: self.theme.values }
    }
}

/// Each facet's values with their pages.
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

/// The kinds the site knows, in the order filters list them; others follow as they appear.
const KIND_ORDER: [&str; 5] = ["initiative", "plan", "case", "term", "page"];

/// The filter value of a pillar: plan id and pillar title (pillar titles repeat across plans).
pub(super) fn pillar_value(plan: &str, pillar: &str) -> String {
    format!("{plan}:{pillar}")
}

#[cfg(test)]
mod tests {
    use super::super::tokenizer::{tokenize, tokenize_from};
    use super::*;

    #[test]
    fn parts_tokenize_as_the_whole_body() {
        let body = "電子申請の推進。 ヴァイオリンとサーバー。Open data, plans; 行政手続のオンライン化を進めます！\
                    市民サービス向上、データ活用。"
            .repeat(20);
        let doc = SearchDoc { body: body.clone(), ..SearchDoc::default() };
        let analysed = analyse(&doc, 30, &ahash::RandomState::new());
        assert!(analysed.parts.len() > 5);
        let parts = analysed.part_texts(&doc.body);
        assert_eq!(parts.concat(), body);
        let body_start = analysed.part_starts[0];
        let whole: Vec<(String, u32)> = tokenize_from(&body, body_start).0.into_iter().map(|t| (t.text, t.position)).collect();
        let mut pieces = Vec::new();
        for (part, start) in parts.iter().zip(&analysed.part_starts) {
            pieces.extend(tokenize_from(part, *start).0.into_iter().map(|t| (t.text, t.position)));
        }
        assert_eq!(pieces.len(), whole.len());
        let first_difference = pieces.iter().zip(&whole).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "tokenizing part by part and the whole body differ");
    }

    #[test]
    fn fields_do_not_touch() {
        let doc = SearchDoc { title: "電子".into(), body: "申請".into(), ..SearchDoc::default() };
        let analysed = analyse(&doc, 1000, &ahash::RandomState::new());
        let title_end = tokenize("電子").len() as u32;
        assert!(analysed.part_starts[0] > title_end);
        assert!(!analysed.tokens.contains_key("子申"));
    }

    /// Pages of every size: empty, a term, a long page in many parts, one larger than a chunk.
    fn varied_docs() -> Vec<SearchDoc> {
        (0..60)
            .map(|n| SearchDoc {
                url: format!("/p/{n}/"),
                title: format!("計画{n}"),
                kind: "initiative".into(),
                kind_label: "取組".into(),
                city: if n % 3 == 0 { String::new() } else { "浜松市".into() },
                body: "電子申請を進めます。Open data, plans. ".repeat([0, 1, 5, 40, 300][n % 5]),
                ..SearchDoc::default()
            })
            .collect()
    }

    fn parse(bytes: &[u8]) -> serde_json::Value {
        serde_json::from_slice(bytes).expect("index files are JSON")
    }

    #[test]
    fn every_page_is_in_exactly_one_chunk_with_all_its_parts() {
        let docs = varied_docs();
        let options = IndexOptions { chunk_width: 900, chunk_docs: 4, part_chars: 60, ..IndexOptions::default() };
        let files: BTreeMap<String, Vec<u8>> = build_index_with(&docs, &options).into_iter().collect();
        let meta = parse(&files["meta.json"]);
        assert_eq!(meta["chunk_docs"], 4);
        // page id → (url, number of parts, parts found)
        let mut pages: BTreeMap<u64, (String, usize, BTreeMap<u64, String>)> = BTreeMap::new();
        let chunks: Vec<(u64, serde_json::Value)> = files
            .iter()
            .filter_map(|(name, bytes)| {
                let n = name.strip_prefix("docs/")?.strip_suffix(".json")?.parse().ok()?;
                Some((n, parse(bytes)))
            })
            .collect();
        for (n, chunk) in &chunks {
            for (slot, header) in chunk["docs"].as_array().expect("docs").iter().enumerate() {
                let id = n * 4 + slot as u64;
                let parts = header["starts"].as_array().expect("starts").len();
                let first = BTreeMap::from([(0, header["text"].as_str().expect("text").to_string())]);
                let url = header["url"].as_str().expect("url").to_string();
                assert!(pages.insert(id, (url, parts, first)).is_none(), "page {id} in two chunks");
                let more = header["more"].as_array().map_or(0, Vec::len);
                assert_eq!(more, parts - 1, "page {id} names the chunk of each further part");
            }
        }
        for (n, chunk) in &chunks {
            for part in chunk["parts"].as_array().into_iter().flatten() {
                let (id, k) = (part[0].as_u64().expect("id"), part[1].as_u64().expect("k"));
                let header = &parse(&files[&format!("docs/{}.json", id / 4)])["docs"][(id % 4) as usize];
                assert_eq!(header["more"][(k - 1) as usize].as_u64(), Some(*n), "part {k} of page {id} where its header says");
                let found = &mut pages.get_mut(&id).expect("a part of a known page").2;
                assert!(found.insert(k, part[2].as_str().expect("text").to_string()).is_none(), "part {k} of {id} twice");
            }
        }
        // Every page, in page order, with its whole body.
        let urls: Vec<&str> = pages.values().map(|p| p.0.as_str()).collect();
        assert_eq!(urls, docs.iter().map(|d| d.url.as_str()).collect::<Vec<_>>());
        for ((id, (_, parts, found)), doc) in pages.iter().zip(&docs) {
            assert_eq!(found.len(), *parts, "page {id} has all its parts");
            assert_eq!(found.values().cloned().collect::<String>(), doc.body, "page {id}");
        }
        // Every id the shards and facets name is a page of a chunk.
        for (name, bytes) in &files {
            if name.starts_with("shards/") {
                for list in parse(bytes).as_object().expect("a shard is an object").values() {
                    let list: Vec<u64> = list.as_array().expect("list").iter().map(|v| v.as_u64().expect("number")).collect();
                    let (mut i, mut doc) = (0, 0);
                    while i + 2 < list.len() {
                        doc += list[i];
                        assert!(pages.contains_key(&doc), "{name} names page {doc}, which no chunk holds");
                        i += 3 + list[i + 2] as usize;
                    }
                }
            } else if name.starts_with("facets/") {
                for list in parse(bytes).as_array().expect("facet lists") {
                    let mut doc = 0;
                    for d in list.as_array().expect("list") {
                        doc += d.as_u64().expect("number");
                        assert!(pages.contains_key(&doc), "{name} names page {doc}, which no chunk holds");
                    }
                }
            }
        }
    }

    #[test]
    fn a_chunk_of_several_pieces_stays_within_its_budget() {
        let docs = varied_docs();
        for budget in [300, 900, 2000, 5000] {
            let options = IndexOptions { chunk_width: budget, chunk_docs: 8, part_chars: 60, ..IndexOptions::default() };
            let files = build_index_with(&docs, &options);
            let mut several = 0;
            for (name, bytes) in files.iter().filter(|f| f.0.starts_with("docs/")) {
                let chunk = parse(bytes);
                let pieces = chunk["docs"].as_array().map_or(0, Vec::len) + chunk["parts"].as_array().map_or(0, Vec::len);
                assert!(pieces >= 1, "{name} is empty");
                assert!(chunk["docs"].as_array().map_or(0, Vec::len) <= 8, "{name} holds more than chunk_docs pages");
                if pieces > 1 {
                    several += 1;
                    assert!(columns(bytes) <= budget, "{name}: {} columns, budget {budget}", columns(bytes));
                }
            }
            assert!(several > 0, "budget {budget}: some chunk holds several pieces");
        }
    }

    #[test]
    fn width_counts_one_column_for_ascii_and_two_for_any_other_character() {
        assert_eq!(columns("Open data".as_bytes()), 9);
        assert_eq!(columns("電子申請。".as_bytes()), 10);
        assert_eq!(columns("é–ｶ".as_bytes()), 6);
        assert_eq!(width("電子a"), 7);
    }

    /// Headers per chunk of each chunk of an index, in chunk order.
    fn headers_per_chunk(files: &[(String, Vec<u8>)]) -> Vec<(usize, usize, usize)> {
        let mut chunks: Vec<(u64, (usize, usize, usize))> = files
            .iter()
            .filter_map(|(name, bytes)| {
                let n = name.strip_prefix("docs/")?.strip_suffix(".json")?.parse().ok()?;
                Some((n, (parse(bytes)["docs"].as_array().map_or(0, Vec::len), columns(bytes), bytes.len())))
            })
            .collect();
        chunks.sort();
        chunks.into_iter().map(|c| c.1).collect()
    }

    #[test]
    fn a_japanese_page_and_an_english_one_as_wide_share_chunks_alike() {
        // Same header fields; bodies as wide (400 columns) but 600 bytes in Japanese, 400 in
        // English: the budget is in columns, so both languages get the same chunks.
        let page = |n: usize, body: &str| SearchDoc {
            url: format!("/p/{n}/"),
            title: format!("Plan {n}"),
            kind: "initiative".into(),
            kind_label: "Initiative".into(),
            body: body.repeat(40),
            ..SearchDoc::default()
        };
        let ja: Vec<SearchDoc> = (0..9).map(|n| page(n, "電子申請。")).collect();
        let en: Vec<SearchDoc> = (0..9).map(|n| page(n, "Open data.")).collect();
        let options = IndexOptions::default();
        let (ja, en) = (headers_per_chunk(&build_index_with(&ja, &options)), headers_per_chunk(&build_index_with(&en, &options)));
        let pages = |chunks: &[(usize, usize, usize)]| chunks.iter().map(|c| c.0).collect::<Vec<_>>();
        let widths = |chunks: &[(usize, usize, usize)]| chunks.iter().map(|c| c.1).collect::<Vec<_>>();
        assert_eq!(pages(&ja), [3, 3, 3], "1,600 columns hold three pages of about 530 columns");
        assert_eq!(pages(&en), pages(&ja));
        assert_eq!(widths(&en), widths(&ja));
        for &(_, width, bytes) in &ja {
            assert!(width <= options.chunk_width && bytes > options.chunk_width, "{width} columns, {bytes} bytes");
        }
    }

    #[test]
    fn packed_numbers_read_back_and_serialise_as_the_plain_array() {
        let values = vec![0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152, u32::MAX - 1, u32::MAX];
        let packed: Packed = values.iter().copied().collect();
        assert_eq!(packed.values().collect::<Vec<_>>(), values);
        // Small numbers take a byte: the point of packing postings.
        assert_eq!(packed.0.len(), 1 + 1 + 1 + 2 + 2 + 2 + 3 + 3 + 4 + 5 + 5);
        assert_eq!(json(&packed), json(&values));
        assert_eq!(json_array_len(packed.values()), json(&values).len());
        assert_eq!(json(&Packed::default()), b"[]");
    }

    #[test]
    fn batches_do_not_change_the_index() {
        let docs = varied_docs();
        for options in [
            IndexOptions { chunk_width: 900, chunk_docs: 4, part_chars: 60, ..IndexOptions::default() },
            IndexOptions { chunk_width: 300, chunk_docs: 8, part_chars: 60, ..IndexOptions::default() },
            IndexOptions::default(),
        ] {
            let whole = build_index_with(&docs, &options);
            for batch in [1, 2, 7, 59] {
                let batched =
                    collect_files(|emit| build_index_each_with(docs.len(), &|i| docs[i].clone(), &options, batch, emit));
                assert!(batched == whole, "batches of {batch} pages change the index");
            }
        }
    }

    #[test]
    fn a_split_key_has_no_more_parts_than_tokens() {
        // A token such as `data` has the postings of many long pages: more bytes than several
        // parts, but one token, which is never divided.
        let files = build_index_with(&varied_docs(), &IndexOptions { split_bytes: 1024, ..IndexOptions::default() });
        let meta = parse(&files.iter().find(|f| f.0 == "meta.json").expect("meta.json").1);
        let split = meta["split"].as_array().expect("split keys");
        assert!(!split.is_empty(), "the pages have a split key");
        for (index, entry) in split.iter().enumerate() {
            let parts = entry[1].as_u64().expect("part count");
            let tokens: usize = (0..parts)
                .map(|part| {
                    let name = format!("shards/x{index}-{part}.json");
                    let file = files.iter().find(|f| f.0 == name).unwrap_or_else(|| panic!("{name} is missing"));
                    parse(&file.1).as_object().expect("a shard is an object").len()
                })
                .sum();
            assert!(parts as usize <= tokens, "key {} has {parts} parts for {tokens} tokens", entry[0]);
        }
    }

    #[test]
    fn empty_input_builds_an_empty_index() {
        let files = build_index(&[]);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert!(names.contains(&"meta.json"));
        assert!(names.contains(&"shards/0.json"));
    }
}
