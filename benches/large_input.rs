//! Hostile sizes (issue 14, defects 3 and 4): indexing one very large page for search, and a
//! glossary entry with very many aliases. Both used to be quadratic (1 MB of body 0.44 s, 4 MB
//! 5.4 s; 100,000 aliases 145 s). Prints the time per size and the ratio to the previous size:
//! linear work doubles when the input doubles.
//!
//! Run with `cargo bench --bench large_input`. The text is fixed, so runs compare.

use std::hint::black_box;
use std::time::Instant;

use keikaku::search::{SearchDoc, build_index};

/// Japanese prose with sentence ends, so that the body is cut into search chunks.
fn body(bytes: usize) -> String {
    let sentence = "市民サービスの向上のため、行政手続のオンライン化とAIの活用を進めます。";
    sentence.repeat(bytes / sentence.len() + 1)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and the full benchmark has no place in a test run.
    if !std::env::args().any(|a| a == "--bench") {
        println!("benchmark skipped: run `cargo bench --bench large_input`");
        return;
    }
    println!("search index of one page");
    let mut previous: Option<f64> = None;
    for mb in [1usize, 2, 4, 8, 16] {
        let doc = SearchDoc {
            url: "/ja/x/".into(),
            title: "大きなページ".into(),
            kind: "page".into(),
            body: body(mb * 1_000_000),
            ..SearchDoc::default()
        };
        let started = Instant::now();
        let files = build_index(black_box(std::slice::from_ref(&doc)));
        let secs = started.elapsed().as_secs_f64();
        let ratio = previous.map_or(String::new(), |p| format!("  ×{:.2} for ×2 input", secs / p));
        println!("  {mb:>3} MB body: {secs:>7.3} s, {} files{ratio}", files.len());
        previous = Some(secs);
    }
    println!("glossary filter text of one term");
    let mut previous: Option<f64> = None;
    for n in [25_000usize, 50_000, 100_000, 200_000] {
        let aliases: Vec<String> = (0..n).map(|i| format!("別名{i}")).collect();
        let none: [&str; 0] = [];
        let started = Instant::now();
        let text = keikaku::glossary::search_text("用語", "ようご", black_box(&aliases), &none);
        let secs = started.elapsed().as_secs_f64();
        let ratio = previous.map_or(String::new(), |p| format!("  ×{:.2} for ×2 input", secs / p));
        println!("  {n:>7} aliases: {secs:>7.3} s, {} bytes{ratio}", text.len());
        previous = Some(secs);
    }
}
