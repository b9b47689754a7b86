//! Throughput of the glossary term matcher and linker.
//!
//! Builds 10,000 synthetic terms (katakana loanwords, kanji compounds, Latin abbreviations) and
//! synthetic Japanese text with terms in it, then times `TermMatcher::find_all` over 1, 2, 5
//! and 10 MB of text with 1,000 and with 10,000 terms, and `link_markdown` over 1 MB of
//! Markdown. The matcher is one Aho–Corasick pass, so time should grow linearly with the text
//! and hardly with the number of terms.
//!
//! Run with `cargo bench --bench linker`. Everything is generated from a fixed seed.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use keikaku::glossary::linker::{LinkContext, LinkTarget, TermIndex, TermLookup, TermMatcher, link_markdown};
use keikaku::rng::Rng;

const MB: usize = 1_000_000;

/// Each measurement is the best of this many runs, to keep out noise from other processes.
const RUNS: usize = 5;

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// The characters of the synthetic text. Terms and the prose around them use different kana
/// and kanji, so that the prose holds only the terms put into it, whatever the glossary.
struct Corpus {
    term_katakana: Vec<char>,
    term_kanji: Vec<char>,
    katakana: Vec<char>,
    hiragana: Vec<char>,
    kanji: Vec<char>,
    particles: Vec<&'static str>,
}

impl Corpus {
    fn new() -> Self {
        Corpus {
            term_katakana: chars_of(
                "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨ\
                 ラリルレロワンャュョッー",
            ),
            term_kanji: chars_of(
                "市民行政情報手続窓口電子申請推進計画事業施策目標指標達成管理運用基盤連携活用\
                 地域社会教育福祉医療健康子育防災安全交通環境産業経済観光文化",
            ),
            katakana: chars_of("ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ"),
            hiragana: chars_of(
                "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよ\
                 らりるれろわをん",
            ),
            kanji: chars_of(
                "職員業務改革効率人材育成研修調査分析評価検討導入拡大整備構築実施支援相談対応\
                 利用者満足向上本年度当初予算議会報告会議資料",
            ),
            particles: vec![
                "の",
                "を",
                "に",
                "は",
                "が",
                "と",
                "で",
                "から",
                "まで",
                "において",
                "により",
                "として",
                "について",
                "を行う",
                "を進める",
                "を図る",
                "します",
                "しています",
            ],
        }
    }

    fn term(&self, rng: &mut Rng) -> String {
        match rng.below(20) {
            0..=11 => {
                // A katakana loanword, sometimes two joined (ガバメントクラウド).
                let mut s = String::new();
                for _ in 0..1 + rng.below(2) {
                    let n = 3 + rng.below(5);
                    for i in 0..n {
                        let c = *rng.pick(&self.term_katakana);
                        if i == 0 && matches!(c, 'ャ' | 'ュ' | 'ョ' | 'ッ' | 'ー' | 'ン') {
                            s.push('ア');
                        } else {
                            s.push(c);
                        }
                    }
                }
                s
            }
            12..=16 => (0..2 + rng.below(4)).map(|_| *rng.pick(&self.term_kanji)).collect(),
            _ => {
                let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
                let mut s: String = (0..2 + rng.below(4)).map(|_| char::from(*rng.pick(letters))).collect();
                if rng.below(4) == 0 {
                    s.push('-');
                    s.extend((0..2 + rng.below(3)).map(|_| char::from(*rng.pick(letters))));
                }
                s
            }
        }
    }

    /// Japanese prose of at least `bytes` bytes in which about one word in eight is one of
    /// `terms`.
    fn text(&self, rng: &mut Rng, terms: &[String], bytes: usize) -> String {
        let mut s = String::with_capacity(bytes + 64);
        let mut in_sentence = 0;
        while s.len() < bytes {
            match rng.below(8) {
                0 => {
                    s.push_str(rng.pick(terms).as_str());
                    s.push_str(self.particles[rng.below(self.particles.len())]);
                }
                1..=3 => s.extend((0..1 + rng.below(4)).map(|_| *rng.pick(&self.kanji))),
                4 => s.extend((0..2 + rng.below(5)).map(|_| *rng.pick(&self.katakana))),
                5 => s.extend((0..1 + rng.below(3)).map(|_| *rng.pick(&self.hiragana))),
                _ => s.push_str(self.particles[rng.below(self.particles.len())]),
            }
            in_sentence += 1;
            if in_sentence > 12 && rng.below(4) == 0 {
                s.push_str(if rng.below(3) == 0 { "、" } else { "。" });
                in_sentence = 0;
            }
        }
        s
    }
}

fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut result = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = black_box(f());
        best = best.min(start.elapsed());
        result = Some(r);
    }
    (best, result.expect("runs > 0"))
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / MB as f64 / time.as_secs_f64()
}

struct Glossary {
    terms: Vec<String>,
    ids: Vec<String>,
    hrefs: Vec<String>,
    matcher: TermMatcher,
}

impl TermLookup for Glossary {
    fn matcher(&self) -> &TermMatcher {
        &self.matcher
    }
    fn term_by_id(&self, id: &str) -> Option<TermIndex> {
        self.ids.iter().position(|i| i == id).map(TermIndex)
    }
    fn term_ids(&self) -> Vec<&str> {
        self.ids.iter().map(String::as_str).collect()
    }
    fn term_for_note(&self, _: u32) -> Option<TermIndex> {
        None
    }
    fn target(&self, term: TermIndex) -> Option<LinkTarget<'_>> {
        Some(LinkTarget {
            id: self.ids.get(term.0)?,
            href: self.hrefs.get(term.0)?,
            term: self.terms.get(term.0)?,
            expansion: None,
            short: Some("短い定義。"),
        })
    }
}

fn matcher_of(terms: &[String]) -> TermMatcher {
    let patterns = terms.iter().enumerate().map(|(i, t)| (TermIndex(i), t.clone())).collect();
    TermMatcher::new(patterns).expect("the automaton fits")
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and the full benchmark has no place in a test run.
    if !std::env::args().any(|a| a == "--bench") {
        println!("benchmark skipped: run `cargo bench --bench linker`");
        return;
    }
    let corpus = Corpus::new();
    let mut rng = Rng(0x6b65_696b_616b_7521);
    let mut unique = BTreeSet::new();
    let mut terms = Vec::new();
    while terms.len() < 10_000 {
        let t = corpus.term(&mut rng);
        if unique.insert(t.clone()) {
            terms.push(t);
        }
    }
    // Terms in the text come from the first 1,000, which both matchers know: the two find the
    // same terms and differ only in the size of their automaton.
    let text = corpus.text(&mut rng, &terms[..1_000], 10 * MB);
    println!(
        "{} terms ({} katakana, {} Latin); {:.1} MB of text, {} characters",
        terms.len(),
        terms.iter().filter(|t| t.starts_with(|c: char| ('ア'..='ン').contains(&c))).count(),
        terms.iter().filter(|t| t.is_ascii()).count(),
        text.len() as f64 / MB as f64,
        text.chars().count(),
    );

    println!("\nterms    build   memory");
    let mut matchers = Vec::new();
    for n in [1_000, 10_000] {
        let (build, matcher) = best_of(3, || matcher_of(&terms[..n]));
        println!("{n:>6}  {:>5.1} ms  {:>5.1} MB", build.as_secs_f64() * 1e3, matcher.memory_usage() as f64 / MB as f64);
        matchers.push((n, matcher));
    }

    println!("\nterms    text    time      MB/s   ns/byte  matches");
    for (n, matcher) in &matchers {
        let mut per_byte = Vec::new();
        for size in [1, 2, 5, 10] {
            let text = prefix(&text, size * MB);
            let (time, found) = best_of(RUNS, || matcher.find_all(text).len());
            let ns_per_byte = time.as_secs_f64() * 1e9 / text.len() as f64;
            per_byte.push(ns_per_byte);
            println!(
                "{n:>6}  {size:>3} MB  {:>6.1} ms  {:>7.1}  {:>7.2}  {found:>7}",
                time.as_secs_f64() * 1e3,
                mb_per_s(text.len(), time),
                ns_per_byte,
            );
        }
        let (lo, hi) = per_byte.iter().fold((f64::MAX, 0.0_f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        println!("        time per byte varies by {:.0}% from 1 to 10 MB", (hi / lo - 1.0) * 100.0);
    }

    // The whole filter on Markdown: paragraphs of about 400 bytes, one link context per page of
    // 20 paragraphs.
    let markdown: String = prefix(&text, MB)
        .split_inclusive('。')
        .enumerate()
        .map(|(i, sentence)| if i % 4 == 3 { format!("{sentence}\n\n") } else { sentence.to_owned() })
        .collect();
    let pages: Vec<&str> = {
        let mut pages = Vec::new();
        let mut rest = markdown.as_str();
        while !rest.is_empty() {
            let end = rest.match_indices("\n\n").nth(19).map_or(rest.len(), |(i, _)| i + 2);
            pages.push(&rest[..end]);
            rest = &rest[end..];
        }
        pages
    };
    println!("\nlink_markdown over {:.1} MB of Markdown in {} pages", markdown.len() as f64 / MB as f64, pages.len());
    for (n, matcher) in matchers {
        let glossary = Glossary {
            ids: (0..n).map(|i| format!("term-{i}")).collect(),
            hrefs: (0..n).map(|i| format!("/ja/glossary/#term-{i}")).collect(),
            terms: terms[..n].to_vec(),
            matcher,
        };
        let (time, html) = best_of(RUNS, || {
            let mut bytes = 0;
            for page in &pages {
                let mut ctx = LinkContext::default();
                let html = link_markdown(page, &mut ctx, &glossary).expect("no references in generated text");
                bytes += html.len();
            }
            bytes
        });
        println!(
            "{n:>6} terms  {:>6.1} ms  {:>6.1} MB/s  ({:.1} MB of HTML)",
            time.as_secs_f64() * 1e3,
            mb_per_s(markdown.len(), time),
            html as f64 / MB as f64
        );
    }
}
