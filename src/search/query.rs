//! The reference query engine: answers a query from the files [`build_index`] wrote, exactly as
//! `search.js` does in the browser (same steps, same integer scores), so that the shared query
//! cases in `tests/search/query_cases.json` check both. Test-only for now; the benchmark against
//! other engines will use it too.
//!
//! Steps: split the query into terms; fetch the postings of each distinct token; a page matches a
//! term where all its tokens sit at their offsets from one start position, and matches the query
//! when it matches every term; pages where the terms also follow each other (the whole query as
//! typed) come first, then by score Σ idf × stored weight, then by page order.
//!
//! [`build_index`]: super::build_index

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::tokenizer::{QueryTerm, fnv1a, query_terms, shard_key};

/// Postings of one token: page → (weight, ascending positions).
type Postings = BTreeMap<u32, (u32, Vec<u32>)>;

/// A page that matches a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Hit {
    /// Page id (increasing in the index writer's input order; id / chunk_docs is its chunk).
    pub doc: u32,
    /// Whether the terms also appear one after another, as the whole query.
    pub phrase: bool,
    /// Σ round(1000 × idf) × weight over the query's distinct tokens.
    pub score: u64,
    /// For each term, the positions where it starts in the page.
    pub matches: Vec<Vec<u32>>,
}

/// An index read back from the files of `build_index`.
pub(super) struct Index {
    files: BTreeMap<String, Vec<u8>>,
    meta: Value,
}

impl Index {
    /// Reads the index from its files.
    pub fn new(files: &[(String, Vec<u8>)]) -> Index {
        let files: BTreeMap<String, Vec<u8>> = files.iter().cloned().collect();
        let meta = read(&files, "meta.json");
        Index { files, meta }
    }

    fn json(&self, path: &str) -> Value {
        read(&self.files, path)
    }

    /// The shard files that hold tokens of a key (several when the key was split).
    fn files_of_key(&self, key: &str) -> Vec<String> {
        if let Some((index, parts)) = self.split_of(key) {
            return (0..parts).map(|j| format!("shards/x{index}-{j}.json")).collect();
        }
        let shards = self.meta["shards"].as_u64().unwrap_or(1).max(1);
        vec![format!("shards/{}.json", u64::from(fnv1a(key)) % shards)]
    }

    fn split_of(&self, key: &str) -> Option<(usize, u32)> {
        let split = self.meta["split"].as_array()?;
        split.iter().enumerate().find_map(|(i, entry)| {
            (entry[0].as_str() == Some(key)).then(|| (i, u32::try_from(entry[1].as_u64().unwrap_or(1)).unwrap_or(1)))
        })
    }

    fn file_of_token(&self, token: &str) -> String {
        let key = shard_key(token);
        match self.split_of(key) {
            Some((index, parts)) => format!("shards/x{index}-{}.json", fnv1a(token) % parts),
            None => self.files_of_key(key).remove(0),
        }
    }

    /// Postings of a token, or of every token that starts with `text` when `prefix`.
    fn postings(&self, text: &str, prefix: bool) -> Postings {
        if !prefix {
            let shard = self.json(&self.file_of_token(text));
            return shard.get(text).map(decode).unwrap_or_default();
        }
        let mut merged = Postings::new();
        for file in self.files_of_key(shard_key(text)) {
            let shard = self.json(&file);
            let Some(tokens) = shard.as_object() else {
                continue;
            };
            for (token, list) in tokens {
                if !token.starts_with(text) {
                    continue;
                }
                for (doc, (weight, positions)) in decode(list) {
                    let entry = merged.entry(doc).or_default();
                    entry.0 = entry.0.max(weight);
                    entry.1.extend(positions);
                }
            }
        }
        for (_, positions) in merged.values_mut() {
            positions.sort_unstable();
            positions.dedup();
        }
        merged
    }

    /// Pages of a facet value (`dimension` is kind, city, plan, pillar or theme), or `None` when
    /// the index has no such value (the filter is then ignored, as an old bookmark may hold one).
    fn facet_docs(&self, dimension: &str, value: &str) -> Option<BTreeSet<u32>> {
        let values = self.meta["facets"][dimension].as_array()?;
        let index = values.iter().position(|v| v["value"].as_str() == Some(value))?;
        let lists = self.json(&format!("facets/{dimension}.json"));
        let mut docs = BTreeSet::new();
        let mut doc = 0;
        for d in lists[index].as_array().into_iter().flatten() {
            doc += u32::try_from(d.as_u64().unwrap_or(0)).unwrap_or(0);
            docs.insert(doc);
        }
        Some(docs)
    }

    /// The shard files a query reads.
    pub fn shard_files(&self, query: &str) -> BTreeSet<String> {
        let mut files = BTreeSet::new();
        for token in query_terms(query).iter().flat_map(|t| &t.tokens) {
            if token.prefix {
                files.extend(self.files_of_key(shard_key(&token.text)));
            } else {
                files.insert(self.file_of_token(&token.text));
            }
        }
        files
    }

    /// The bytes of a file of the index (empty when there is none).
    pub fn file_len(&self, path: &str) -> usize {
        self.files.get(path).map_or(0, Vec::len)
    }

    /// The chunk file that holds a page's header.
    pub fn chunk_of(&self, doc: u32) -> String {
        format!("docs/{}.json", u64::from(doc) / self.chunk_docs())
    }

    fn chunk_docs(&self) -> u64 {
        self.meta["chunk_docs"].as_u64().unwrap_or(1).max(1)
    }

    /// A page's header, parsed.
    pub fn doc_header(&self, doc: u32) -> Value {
        let slot = usize::try_from(u64::from(doc) % self.chunk_docs()).unwrap_or(0);
        self.json(&self.chunk_of(doc))["docs"][slot].clone()
    }

    /// The URL of a page.
    pub fn url(&self, doc: u32) -> String {
        self.doc_header(doc)["url"].as_str().unwrap_or_default().to_string()
    }

    /// The pages that match a query and the filters (dimension → value), best first.
    pub fn search(&self, query: &str, filters: &[(&str, &str)]) -> Vec<Hit> {
        let terms = query_terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut distinct: Vec<(String, bool)> = Vec::new();
        for token in terms.iter().flat_map(|t| &t.tokens) {
            let key = (token.text.clone(), token.prefix);
            if !distinct.contains(&key) {
                distinct.push(key);
            }
        }
        let postings: BTreeMap<(String, bool), Postings> =
            distinct.iter().map(|key| (key.clone(), self.postings(&key.0, key.1))).collect();
        let mut matches: Vec<BTreeMap<u32, Vec<u32>>> = Vec::new();
        for term in &terms {
            matches.push(term_matches(term, &postings));
        }
        let mut docs: BTreeSet<u32> = matches[0].keys().copied().collect();
        for m in &matches[1..] {
            docs.retain(|d| m.contains_key(d));
        }
        for (dimension, value) in filters {
            if let Some(allowed) = self.facet_docs(dimension, value) {
                docs.retain(|d| allowed.contains(d));
            }
        }
        let total = self.meta["docs"].as_u64().unwrap_or(0) as f64;
        let idf: Vec<u64> = distinct
            .iter()
            .map(|key| {
                let df = postings[key].len() as f64;
                (1000.0 * (1.0 + (total - df + 0.5) / (df + 0.5)).ln()).round() as u64
            })
            .collect();
        let mut hits: Vec<Hit> = docs
            .into_iter()
            .map(|doc| {
                let score =
                    distinct.iter().zip(&idf).map(|(key, idf)| idf * u64::from(postings[key].get(&doc).map_or(0, |p| p.0))).sum();
                let term_starts: Vec<Vec<u32>> = matches.iter().map(|m| m[&doc].clone()).collect();
                Hit { doc, phrase: is_whole_phrase(&terms, &term_starts), score, matches: term_starts }
            })
            .collect();
        hits.sort_by(|a, b| b.phrase.cmp(&a.phrase).then(b.score.cmp(&a.score)).then(a.doc.cmp(&b.doc)));
        hits
    }
}

fn read(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    files.get(path).and_then(|bytes| serde_json::from_slice(bytes).ok()).unwrap_or(Value::Null)
}

/// Decodes `[doc delta, weight, count, position deltas…]…`.
fn decode(list: &Value) -> Postings {
    let numbers: Vec<u32> = list
        .as_array()
        .map(|a| a.iter().map(|n| u32::try_from(n.as_u64().unwrap_or(0)).unwrap_or(0)).collect())
        .unwrap_or_default();
    let mut out = Postings::new();
    let mut i = 0;
    let mut doc = 0;
    while i + 2 < numbers.len() {
        doc += numbers[i];
        let weight = numbers[i + 1];
        let count = numbers[i + 2] as usize;
        i += 3;
        let mut position = 0;
        let mut positions = Vec::with_capacity(count);
        for &d in numbers.iter().skip(i).take(count) {
            position += d;
            positions.push(position);
        }
        i += count;
        out.insert(doc, (weight, positions));
    }
    out
}

/// Pages where every token of the term sits at its offset from a common start → those starts.
fn term_matches(term: &QueryTerm, postings: &BTreeMap<(String, bool), Postings>) -> BTreeMap<u32, Vec<u32>> {
    let lists: Vec<&Postings> = term.tokens.iter().map(|t| &postings[&(t.text.clone(), t.prefix)]).collect();
    let mut out = BTreeMap::new();
    let (first_token, first) = (&term.tokens[0], lists[0]);
    for (doc, (_, positions)) in first {
        let starts: Vec<u32> =
            positions
                .iter()
                .filter_map(|p| p.checked_sub(first_token.offset))
                .filter(|start| {
                    term.tokens.iter().zip(&lists).skip(1).all(|(token, list)| {
                        list.get(doc).is_some_and(|(_, ps)| ps.binary_search(&(start + token.offset)).is_ok())
                    })
                })
                .collect();
        if !starts.is_empty() {
            out.insert(*doc, starts);
        }
    }
    out
}

/// Whether the terms follow one another from some start (always true for one term).
fn is_whole_phrase(terms: &[QueryTerm], starts: &[Vec<u32>]) -> bool {
    starts[0].iter().any(|&start| {
        let mut at = start;
        terms.iter().zip(starts).all(|(term, term_starts)| {
            let ok = term_starts.binary_search(&at).is_ok();
            at += term.span;
            ok
        })
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde::Deserialize;

    use super::super::SearchDoc;
    use super::super::index::{IndexOptions, build_index_with};
    use super::*;

    #[derive(Deserialize)]
    struct Cases {
        docs: Vec<SearchDoc>,
        queries: Vec<QueryCase>,
    }

    #[derive(Deserialize)]
    struct QueryCase {
        q: String,
        #[serde(default)]
        filters: BTreeMap<String, String>,
        expect: Vec<String>,
    }

    fn cases() -> Cases {
        serde_json::from_str(include_str!("../../tests/search/query_cases.json")).expect("query_cases.json parses")
    }

    /// Small shards, parts and chunks, so that the fixture has several shards, split keys, pages
    /// in several parts and chunks of several pages.
    const FIXTURE_OPTIONS: IndexOptions =
        IndexOptions { shard_target_bytes: 1500, split_bytes: 250, part_chars: 40, chunk_width: 600, chunk_docs: 4 };

    fn urls(index: &Index, query: &str, filters: &[(&str, &str)]) -> Vec<String> {
        index.search(query, filters).iter().map(|hit| index.url(hit.doc)).collect()
    }

    #[test]
    fn query_cases_pass_on_small_and_default_shards() {
        let cases = cases();
        for options in [FIXTURE_OPTIONS, IndexOptions::default()] {
            let index = Index::new(&build_index_with(&cases.docs, &options));
            let mut failures = Vec::new();
            for case in &cases.queries {
                let filters: Vec<(&str, &str)> = case.filters.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let got = urls(&index, &case.q, &filters);
                if got != case.expect {
                    failures.push(format!("{:?} {:?}: got {got:?}", case.q, case.filters));
                }
            }
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        }
    }

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            kind: "page".into(),
            kind_label: "page".into(),
            body: body.into(),
            ..SearchDoc::default()
        }
    }

    fn search_urls(docs: &[SearchDoc], query: &str) -> Vec<String> {
        let index = Index::new(&super::super::build_index(docs));
        urls(&index, query, &[])
    }

    #[test]
    fn phrase_check_rejects_pages_where_the_characters_are_apart() {
        let docs = [
            doc("/apart", "", "電子の申請と、申請の電子化。"),
            doc("/together", "", "電子申請を受け付けます。"),
            doc("/broken", "", "電子。申請書"),
        ];
        assert_eq!(search_urls(&docs, "電子申請"), ["/together"]);
        // Every bigram of 子申請 is in /apart except the one joining the two words.
        assert_eq!(search_urls(&docs, "子申"), ["/together"]);
    }

    #[test]
    fn absent_strings_return_nothing() {
        let docs = [doc("/a", "新しい計画", "幹部職員の研修。新たな線引き。"), doc("/b", "Shinkansen", "shin kansen")];
        assert!(search_urls(&docs, "新幹線").is_empty());
        assert!(search_urls(&docs, "shinkansen line").is_empty());
        assert!(search_urls(&docs, "zzz").is_empty());
    }

    #[test]
    fn bm25_ranks_title_then_frequency_then_shorter_pages() {
        let filler = "市民サービスを向上させる取組を進めます。".repeat(10);
        let docs = [
            doc("/long-once", "", &format!("{filler}窓口改革。{filler}")),
            doc("/short-once", "", "窓口改革。"),
            doc("/title", "窓口改革", "この取組について。"),
            doc("/twice", "", "窓口改革を進めます。窓口改革は重要です。"),
        ];
        assert_eq!(search_urls(&docs, "窓口改革"), ["/title", "/twice", "/short-once", "/long-once"]);
    }

    #[test]
    fn exact_phrase_matches_come_first() {
        let docs = [doc("/apart", "浜松の計画", "浜松市の計画。DXとDXとDX。"), doc("/together", "", "浜松DXの取組。")];
        assert_eq!(search_urls(&docs, "浜松 DX"), ["/together", "/apart"]);
        assert_eq!(search_urls(&docs, "DX 浜松"), ["/apart", "/together"]);
    }

    #[test]
    fn width_and_kana_variants_find_the_same_pages() {
        let docs = [
            doc("/cloud", "ガバメントクラウド", "DX推進の基盤。"),
            doc("/file", "", "ファイル形式とfile format。"),
            doc("/other", "", "クラウドとバメント。"),
        ];
        for query in ["ガバメント", "ｶﾞﾊﾞﾒﾝﾄ", "がばめんと", "ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞ"] {
            assert_eq!(search_urls(&docs, query), ["/cloud"], "{query}");
        }
        for query in ["ＤＸ", "dx", "DX推進", "ＤＸ推進"] {
            assert_eq!(search_urls(&docs, query), ["/cloud"], "{query}");
        }
        for query in ["ﾌｧｲﾙ", "ふぁいる", "ｆｉｌｅ", "FILES"] {
            assert_eq!(search_urls(&docs, query), ["/file"], "{query}");
        }
    }

    #[test]
    fn index_files_are_deterministic() {
        let docs = cases().docs;
        let first = super::super::build_index(&docs);
        let second = super::super::build_index(&docs.clone());
        assert_eq!(first, second);
        let names: Vec<&String> = first.iter().map(|f| &f.0).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "paths are sorted and unique");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let weird = [
            "",
            "\u{0}\u{FFFF}\u{10FFFF}",
            "\u{3099}\u{309A}ﾞﾟ",
            "ーーーヴヴヴ",
            "\"「『“",
            "a'b'c''d ' '",
            &"長".repeat(5000),
            &"x".repeat(5000),
        ];
        let docs: Vec<SearchDoc> = weird.iter().map(|w| doc(w, w, w)).collect();
        let index = Index::new(&super::super::build_index(&docs));
        for query in weird {
            index.search(query, &[("kind", query), ("pillar", query)]);
        }
    }

    fn fixture_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/fixture")
    }

    /// The browser test reads this index from disk; set KEIKAKU_UPDATE_SEARCH_FIXTURE=1 to
    /// rewrite it after a deliberate change of the format or the cases.
    #[test]
    fn fixture_index_is_current() {
        let files = build_index_with(&cases().docs, &FIXTURE_OPTIONS);
        let dir = fixture_dir();
        if std::env::var_os("KEIKAKU_UPDATE_SEARCH_FIXTURE").is_some() {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).expect("remove old fixture");
            }
            for (path, bytes) in &files {
                let target = dir.join(path);
                std::fs::create_dir_all(target.parent().expect("fixture files are in a dir")).expect("create fixture dir");
                std::fs::write(target, bytes).expect("write fixture file");
            }
        }
        let mut on_disk = Vec::new();
        collect_files(&dir, &dir, &mut on_disk);
        on_disk.sort();
        let expected: Vec<(String, Vec<u8>)> = files;
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&on_disk), names(&expected), "fixture out of date: KEIKAKU_UPDATE_SEARCH_FIXTURE=1 cargo test");
        for (disk, built) in on_disk.iter().zip(&expected) {
            assert!(disk.1 == built.1, "{} differs: KEIKAKU_UPDATE_SEARCH_FIXTURE=1 cargo test", disk.0);
        }
    }

    fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect_files(root, &path, out);
            } else {
                let name = path.strip_prefix(root).expect("walked below root").to_string_lossy().replace('\\', "/");
                out.push((name, std::fs::read(&path).expect("read fixture file")));
            }
        }
    }
}
