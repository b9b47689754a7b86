//! Laws the code must keep on any input (issue 14), checked with proptest on generated strings
//! built from the characters that matter to each piece (kana of every kind, width variants,
//! Markdown punctuation, glossary terms):
//! - glossary linking never changes the text a reader sees;
//! - the search tokenizer in Rust and in the browser (`search-tokenizer.js`) agree;
//! - the reading collation is a total order, consistent with equality of keys;
//! - fiscal years map to 和暦 by the documented rule (令和 n = 2018 + n, 平成 n = 1988 + n).

use proptest::prelude::*;

/// Strings made of pieces that exercise the linker and the tokenizer.
fn text_from(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|v| v.concat())
}

const LINK_PIECES: &[&str] = &[
    "DX",
    "AI",
    "ＤＸ",
    "dx",
    "マイナンバーカード",
    "マイナンバー",
    "カード",
    "RPAs",
    "AIs",
    "の",
    "と",
    " ",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "`",
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "|",
    "<",
    ">",
    "&",
    "。",
    "、",
    "a",
    "é",
    "e\u{301}",
    "\\",
    "(",
    ")",
];

const TOKEN_PIECES: &[&str] = &[
    "行政",
    "手続",
    "デジタル",
    "ﾃﾞｼﾞﾀﾙ",
    "ｶﾞ",
    "が",
    "か\u{3099}",
    "ー",
    "ｰ",
    "・",
    "DX",
    "ＤＸ",
    "Dx",
    "RPAs",
    "e-Gov",
    "2025",
    "２０２５",
    "年度",
    "、",
    "。",
    " ",
    "　",
    "\t",
    "\n",
    "Ⅱ",
    "①",
    "㈱",
    "é",
    "e\u{301}",
    "ß",
    "İ",
    "🙂",
    "A",
    "z",
    "-",
    "'",
];

/// The text a reader sees in rendered HTML: tags removed, the hidden tooltips dropped, entities
/// decoded, whitespace collapsed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<span class=\"term-tip\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        rest = after.find("</span>").map_or("", |end| &after[end + "</span>".len()..]);
    }
    out.push_str(rest);
    let mut text = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn glossary_linking_never_changes_the_visible_text(text in text_from(LINK_PIECES, 24)) {
        let (linked, plain) = keikaku::fuzzing::linked_and_unlinked(&text);
        let linked = linked.expect("no [[…]] or ※ in the alphabet, so linking cannot fail");
        prop_assert_eq!(visible_text(&linked), visible_text(&plain), "html: {}", linked);
    }

    #[test]
    fn reading_order_is_a_total_order(a in "[ぁ-ゖァ-ヺー]{0,6}", b in "[ぁ-ゖァ-ヺー]{0,6}", c in "[ぁ-ゖァ-ヺー]{0,6}") {
        use keikaku::glossary::collation::reading_sort_key as key;
        let (ka, kb, kc) = (key(&a), key(&b), key(&c));
        prop_assert_eq!(ka.cmp(&kb), kb.cmp(&ka).reverse(), "antisymmetric");
        if ka <= kb && kb <= kc {
            prop_assert!(ka <= kc, "transitive");
        }
        prop_assert_eq!(ka.cmp(&ka), std::cmp::Ordering::Equal);
    }

    #[test]
    fn fiscal_years_map_to_the_era_by_the_documented_rule(fy in 1989i32..2200) {
        let short = keikaku::fiscal::FiscalYear(fy).wareki_short();
        let (era, n) = short.split_at(1);
        let n: i32 = n.parse().unwrap();
        let first = match era { "R" => 2019, "H" => 1989, other => panic!("era {other}") };
        prop_assert_eq!(fy, first + n - 1);
        let long = keikaku::fiscal::FiscalYear(fy).wareki();
        prop_assert!(long.ends_with('元') == (n == 1), "{}", long);
    }
}

/// The browser tokenizer and the Rust one give the same tokens on generated strings. The cases
/// are generated here (with proptest's generator), tokenized by both, and compared in one run of
/// Node, which the test suite needs anyway.
#[test]
fn rust_and_javascript_tokenizers_agree() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = text_from(TOKEN_PIECES, 16);
    let inputs: Vec<String> = (0..500).map(|_| strategy.new_tree(&mut runner).unwrap().current()).collect();
    let rust: Vec<Vec<String>> = inputs
        .iter()
        .map(|s| keikaku::search::tokenizer::tokenize(s).into_iter().map(|t| format!("{}@{}", t.text, t.position)).collect())
        .collect();
    let root = env!("CARGO_MANIFEST_DIR");
    let script = format!(
        "const T = require({:?}); const inputs = JSON.parse(require('fs').readFileSync(0, 'utf8')); \
         console.log(JSON.stringify(inputs.map(s => T.tokenize(s).map(t => `${{t.text}}@${{t.position}}`))));",
        format!("{root}/themes/default/static/search-tokenizer.js")
    );
    let mut child = match std::process::Command::new("node")
        .args(["-e", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("node is needed for this test (scripts/test runs the Node tests too): {e}"),
    };
    use std::io::Write;
    child.stdin.take().unwrap().write_all(serde_json::to_string(&inputs).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let js: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    for ((input, r), j) in inputs.iter().zip(&rust).zip(&js) {
        assert_eq!(r, j, "tokenizers disagree on {input:?}");
    }
}
