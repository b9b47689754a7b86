//! Synthetic sites for the size tests (test-only): pages of pseudo-Japanese municipal prose with
//! the facets of a real site (cities, plans, pillars, themes, kinds), from a fixed seed.
//!
//! The size tests report what a first query downloads on a site of 300 pages and what every
//! query loads up front on sites of 1,000 and 10,000 pages (`cargo test size_ -- --nocapture`).

use super::SearchDoc;

/// Common words of municipal DX plans, roughly most frequent first.
const WORDS: &[&str] = &[
    "デジタル",
    "推進",
    "市民",
    "行政",
    "サービス",
    "活用",
    "取組",
    "計画",
    "データ",
    "システム",
    "情報",
    "手続",
    "オンライン",
    "職員",
    "地域",
    "窓口",
    "業務",
    "効率化",
    "向上",
    "導入",
    "標準化",
    "人材",
    "育成",
    "連携",
    "事業",
    "目標",
    "実現",
    "支援",
    "環境",
    "整備",
    "セキュリティ",
    "クラウド",
    "ガバメント",
    "マイナンバー",
    "カード",
    "申請",
    "電子",
    "庁内",
    "ネットワーク",
    "スマートシティ",
    "防災",
    "教育",
    "子育て",
    "福祉",
    "医療",
    "交通",
    "観光",
    "産業",
    "農業",
    "企業",
    "事業者",
    "住民",
    "高齢者",
    "アクセシビリティ",
    "利便性",
    "透明性",
    "オープンデータ",
    "キャッシュレス",
    "ペーパーレス",
    "テレワーク",
    "アプリ",
    "ポータル",
    "プラットフォーム",
    "ダッシュボード",
    "センサー",
    "ドローン",
    "生成",
    "分析",
    "評価",
    "改善",
    "検証",
    "実証",
    "運用",
    "構築",
    "移行",
    "共通",
    "基盤",
    "調達",
    "費用",
    "削減",
    "年度",
    "令和",
    "方針",
    "戦略",
    "指標",
    "達成",
    "状況",
    "報告",
    "公開",
    "相談",
    "通知",
    "予約",
    "決済",
    "確認",
    "管理",
    "保護",
    "個人",
    "研修",
    "訓練",
    "意識",
    "改革",
    "働き方",
    "文化",
];
const PARTICLES: &[&str] = &["の", "を", "に", "と", "で", "は", "が", "や", "による", "に向けた"];
const ENDINGS: &[&str] = &["します。", "を進めます。", "を図ります。", "に取り組みます。", "です。"];
const LATIN: &[&str] = &["DX", "AI", "ICT", "KPI", "RPA", "IoT", "BPR", "API", "LGWAN", "5G"];
/// Kanji for rarer, page-specific compounds (place names, programme names).
const KANJI: &str = "浜松姫路真岡松江東西南北山川田中村上下本大小新古町島原野沢岡谷森林\
    水石井木寺宮城橋坂池崎口内外前後長高平和光明春夏秋冬朝夕昼夜空海風雲花草竹梅桜松杉";

use crate::rng::Rng;

fn rare_word(rng: &mut Rng) -> String {
    let kanji: Vec<char> = KANJI.chars().collect();
    (0..2 + rng.below(2)).map(|_| kanji[rng.below(kanji.len())]).collect()
}

fn sentence(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..2 + rng.below(4) {
        match rng.below(12) {
            0 => out.push_str(LATIN[rng.skewed(LATIN.len())]),
            1 => out.push_str(&rare_word(rng)),
            _ => out.push_str(WORDS[rng.skewed(WORDS.len())]),
        }
        out.push_str(WORDS[rng.skewed(WORDS.len())]);
        out.push_str(PARTICLES[rng.below(PARTICLES.len())]);
    }
    out.push_str(WORDS[rng.skewed(WORDS.len())]);
    out.push_str(ENDINGS[rng.below(ENDINGS.len())]);
    out
}

/// `pages` pages whose bodies average about `body_chars` characters.
pub(super) fn site(pages: usize, body_chars: usize) -> Vec<SearchDoc> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let cities = ["浜松市", "姫路市", "真岡市", "松江市", "静岡市", "岡山市", "宇都宮市", "鳥取市"];
    let kinds = [
        ("initiative", "取組"),
        ("initiative", "取組"),
        ("initiative", "取組"),
        ("plan", "計画"),
        ("case", "参考事例"),
        ("term", "用語"),
        ("page", "ページ"),
    ];
    (0..pages)
        .map(|n| {
            let (kind, kind_label) = kinds[rng.below(kinds.len())];
            let city = cities[rng.below(cities.len())];
            let plan = rng.below(3);
            let plan_id = format!("plan-{}-{plan}", cities.iter().position(|c| *c == city).unwrap_or(0));
            let mut body = String::new();
            let target = body_chars / 2 + rng.below(body_chars.max(1));
            while body.chars().count() < target {
                body.push_str(&sentence(&mut rng));
            }
            let title: String = (0..2 + rng.below(3)).map(|_| WORDS[rng.skewed(WORDS.len())]).collect::<Vec<_>>().join("の");
            SearchDoc {
                url: format!("/ja/pages/{n}/"),
                title,
                kind: kind.into(),
                kind_label: kind_label.into(),
                city: city.into(),
                plan_title: Some(format!("{city}DX推進計画{}", plan + 1)),
                plan_id: Some(plan_id),
                pillar: Some(format!("柱{}", 1 + rng.below(5))),
                themes: (0..1 + rng.below(2)).map(|_| WORDS[rng.below(30)].to_string()).collect(),
                number: Some(format!("({})-{}-({})", 1 + rng.below(5), 1 + rng.below(9), 1 + rng.below(4))),
                terms: (0..rng.below(3)).map(|_| WORDS[rng.below(WORDS.len())].to_string()).collect(),
                body,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::build_index;
    use super::super::query::Index;
    use super::*;

    /// What the browser loads before the first query: the two scripts (unminified).
    fn script_bytes() -> usize {
        include_str!("../../themes/default/static/search.js").len()
            + include_str!("../../themes/default/static/search-tokenizer.js").len()
    }

    fn size_by_prefix(files: &[(String, Vec<u8>)], prefix: &str) -> (usize, usize) {
        let matching = files.iter().filter(|f| f.0.starts_with(prefix));
        matching.fold((0, 0), |(n, bytes), f| (n + 1, bytes + f.1.len()))
    }

    /// Bytes a first query loads besides the scripts: metadata, its shards, and the chunks that
    /// hold the header (and, when the first match is further in, that part) of each of the first
    /// ten results, each chunk once.
    fn first_query_bytes(index: &Index, query: &str) -> (usize, usize, usize) {
        let shards: usize = index.shard_files(query).iter().map(|f| index.file_len(f)).sum();
        let mut chunks = std::collections::BTreeSet::new();
        let hits = index.search(query, &[]);
        for hit in hits.iter().take(10) {
            chunks.insert(index.chunk_of(hit.doc));
            let header = index.doc_header(hit.doc);
            let numbers = |key: &str| -> Vec<u64> {
                header[key].as_array().map(|a| a.iter().filter_map(|v| v.as_u64()).collect()).unwrap_or_default()
            };
            let (starts, more) = (numbers("starts"), numbers("more"));
            let body_start = starts.first().copied().unwrap_or(0);
            let anchor = hit.matches[0].iter().map(|&p| u64::from(p)).find(|&p| p >= body_start);
            if let Some(anchor) = anchor {
                let part = starts.iter().rposition(|&s| s <= anchor).unwrap_or(0);
                if part > 0 {
                    chunks.insert(format!("docs/{}.json", more[part - 1]));
                }
            }
        }
        let docs = chunks.iter().map(|c| index.file_len(c)).sum();
        (shards, docs, hits.len())
    }

    #[test]
    fn size_of_a_first_query_on_300_pages() {
        let docs = site(300, 1500);
        let files = build_index(&docs);
        if let Some(dir) = std::env::var_os("KEIKAKU_SEARCH_DUMP") {
            // For measuring compressed sizes outside the test.
            for (path, bytes) in &files {
                let target = std::path::Path::new(&dir).join(path);
                std::fs::create_dir_all(target.parent().expect("files are in a dir")).expect("create dump dir");
                std::fs::write(target, bytes).expect("write dump");
            }
        }
        let index = Index::new(&files);
        let meta = index.file_len("meta.json");
        let total: usize = files.iter().map(|f| f.1.len()).sum();
        let (shard_count, shard_bytes) = size_by_prefix(&files, "shards/");
        let (chunk_count, chunk_bytes) = size_by_prefix(&files, "docs/");
        let body: usize = docs.iter().map(|d| d.body.len()).sum();
        println!(
            "300 pages, {} kB of body text: index {} kB = {} B/page ({} shard files {} kB, {} chunk files {} kB, meta {} B); scripts {} B",
            body / 1000,
            total / 1000,
            total / docs.len(),
            shard_count,
            shard_bytes / 1000,
            chunk_count,
            chunk_bytes / 1000,
            meta,
            script_bytes()
        );
        let mut worst = 0;
        for query in [
            "デジタル",
            "市民サービス",
            "マイナンバーカード",
            "電子申請",
            "DX",
            "オンライン手続",
            "浜松",
            "新幹線",
            "市",
            "ガバメントクラウド 移行",
            "AI",
        ] {
            let (shards, docs, hits) = first_query_bytes(&index, query);
            let all = script_bytes() + meta + shards + docs;
            println!(
                "  {query}: {hits} results; shards {shards} B + first ten results {docs} B + meta and scripts = {all} B before compression"
            );
            worst = worst.max(all);
        }
        assert!(worst <= 160_000, "a first query loads {worst} bytes");
    }

    #[test]
    fn size_up_front_grows_by_less_than_a_byte_per_page() {
        let mut sizes = Vec::new();
        for pages in [1_000, 10_000] {
            let files = build_index(&site(pages, 600));
            let index = Index::new(&files);
            let total: usize = files.iter().map(|f| f.1.len()).sum();
            let meta = index.file_len("meta.json");
            println!(
                "{pages} pages: up front {} B (meta {meta} B + scripts {} B); index {} kB = {} B/page in {} files",
                meta + script_bytes(),
                script_bytes(),
                total / 1000,
                total / pages,
                files.len()
            );
            sizes.push(meta);
        }
        let growth = (sizes[1] as f64 - sizes[0] as f64) / 9_000.0;
        println!("meta grows by {growth:.3} B per page");
        assert!(growth < 1.0, "meta.json grows by {growth} bytes per page");
        assert!(sizes[1] < 16_000, "meta.json of 10,000 pages is {} bytes", sizes[1]);
    }
}
