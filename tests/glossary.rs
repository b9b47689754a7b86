//! The glossary on the real content and on fixtures: dictionary order of readings (JIS X 4061),
//! A–Z in English, back-links, automatic links (longest first, never in headings, links or
//! code), ※ notes, and the error for an unknown term id.

mod common;

use std::path::Path;

use common::*;

fn bundled() -> keikaku::Built {
    keikaku::build(Path::new(env!("CARGO_MANIFEST_DIR")), None).map_err(|e| e.len()).expect("bundled site builds")
}

fn page(built: &keikaku::Built, path: &str) -> String {
    let file = built.rendered.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8(file.bytes.clone()).unwrap()
}

/// Term ids in the order the glossary page lists them.
fn glossary_order(html: &str) -> Vec<String> {
    html.match_indices("class=\"glossary-entry\" id=\"term-")
        .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap().to_string())
        .collect()
}

fn position(order: &[String], id: &str) -> usize {
    order.iter().position(|x| x == id).unwrap_or_else(|| panic!("{id} not in the glossary"))
}

#[test]
fn japanese_glossary_follows_dictionary_order_of_readings() {
    let built = bundled();
    let order = glossary_order(&page(&built, "ja/glossary/index.html"));
    assert_eq!(order.len(), built.site.terms.len());
    // EBPM (いーびーぴーえむ) is filed under イ; オープンデータ has ー read as お; ガバメントクラウド
    // starts with a voiced kana, sorted with か; PMH (ぴー…) comes before BCP (びーしー…) because
    // base letters are compared first (ひいえ… < ひいし…), and BPR after PDCA.
    let sequence = [
        "rpa",
        "ebpm",
        "open-data",
        "government-cloud",
        "cloud-services",
        "kpi",
        "telework",
        "pmh",
        "bcp",
        "pdca",
        "bpr",
        "my-number-card",
    ];
    let positions: Vec<usize> = sequence.iter().map(|id| position(&order, id)).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "dictionary order of {sequence:?}: {positions:?}");
    let html = page(&built, "ja/glossary/index.html");
    for heading in ["ア行", "カ行", "サ行", "タ行", "ハ行"] {
        assert!(html.contains(&format!(">{heading}</h2>")), "section heading {heading}");
        assert!(html.contains(&format!(">{heading}</a>")), "index link to {heading}");
    }
    // The Latin abbreviation sits in ア行, before the first カ行 heading.
    let ebpm = html.find("id=\"term-ebpm\"").unwrap();
    assert!(ebpm < html.find(">カ行</h2>").unwrap());
}

#[test]
fn english_glossary_is_a_to_z_with_letter_headings() {
    let built = bundled();
    let html = page(&built, "en/glossary/index.html");
    let order = glossary_order(&html);
    let terms: Vec<String> = order.iter().map(|id| built.site.term(id).unwrap().docs.get("en").0.front.term.clone()).collect();
    let keys: Vec<_> = terms.iter().map(|t| keikaku::glossary::collation::latin_sort_key(t)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "A–Z: {terms:?}");
    let at = |t: &str| terms.iter().position(|x| x == t).unwrap_or_else(|| panic!("{t}"));
    assert!(at("BPR") < at("BYOD") && at("BYOD") < at("Cashless payment") && at("Telework") < at("Web conferencing"));
    assert!(html.contains(">B</h2>") && html.contains(">D</h2>"));
}

#[test]
fn term_pages_link_back_to_the_initiatives_using_them() {
    let built = bundled();
    let html = page(&built, "ja/glossary/pmh/index.html");
    assert!(html.contains("<ruby>PMH"), "reading as ruby");
    assert!(html.contains("href=\"/ja/plans/hamamatsu-dx-2/1-1/\""), "back-link to (1)-1, which uses PMH※5");
    assert!(html.contains("href=\"/ja/plans/hamamatsu-dx-2/\""), "the plan that defines it");
    let html = page(&built, "en/glossary/standard-compliant-systems/index.html");
    assert!(html.contains("href=\"/en/plans/hamamatsu-dx-2/2-6-2/\""), "Hamamatsu's standardisation initiative");
    assert!(html.contains("href=\"/en/plans/moka-dx/tactic-4/\""), "Moka's standardisation tactic: both cities");
}

#[test]
fn automatic_links_are_longest_first_and_never_in_headings() {
    let built = bundled();
    let html = page(&built, "ja/plans/hamamatsu-dx-2/2-6-2/index.html");
    assert!(html.contains("data-term=\"government-cloud\""), "ガバメントクラウド linked as one term");
    assert!(!html.contains("ガバメント<span class=\"term-ref\">"), "クラウド not linked inside ガバメントクラウド");
    // ※ notes of the plan's glossary become links.
    let html = page(&built, "ja/plans/hamamatsu-dx-2/1-2/index.html");
    assert!(
        html.contains("<sup class=\"note-ref\"><a href=\"/ja/glossary/digital-authentication-app/\""),
        "※7 links to its term"
    );
    for file in built.rendered.files.iter().filter(|f| f.path.ends_with(".html")) {
        let text = String::from_utf8_lossy(&file.bytes);
        for level in 1..=6 {
            let open = format!("<h{level}");
            let close = format!("</h{level}>");
            let mut rest = &text[..];
            while let Some(start) = rest.find(&open) {
                let end = rest[start..].find(&close).map_or(rest.len(), |e| start + e);
                assert!(
                    !rest[start..end].contains("class=\"term\""),
                    "{}: term link inside a heading: {}",
                    file.path,
                    &rest[start..end]
                );
                rest = &rest[end..];
            }
        }
    }
}

#[test]
fn links_skip_code_and_existing_links_and_honour_explicit_syntax() {
    let f = Fixture::standard();
    f.edit(
        "content/plans/test-plan/plan.ja.md",
        "本文です。",
        "DXを進めます。[DXの説明](https://example.jp/) と `DX` と [[!DX]] と [[dx|変革]]。\n\n## DXの見出し\n\n次の節でもDXです。",
    );
    f.build_ok();
    let html = f.site("ja/plans/test-plan/index.html");
    let body = &html[html.find("id=\"body\"").unwrap()..];
    // First mention in the section linked, with the abbreviation's expansion.
    assert!(body.contains("<abbr title=\"デジタル・トランスフォーメーション\">DX</abbr></a>"), "{body}");
    assert!(body.contains("<a href=\"https://example.jp/\">DXの説明</a>"), "no link inside a link");
    assert!(body.contains("<code>DX</code>"), "no link inside code");
    assert!(body.contains(">変革</a>"), "[[dx|変革]] forces a link with other text");
    assert!(body.contains("<h3 id=\"section-2\">DXの見出し</h3>"), "no link in a heading: {body}");
    let after_heading = &body[body.find("DXの見出し</h3>").unwrap()..];
    assert!(after_heading.contains("data-term=\"dx\""), "a heading starts a new section: linked again");
}

#[test]
fn unknown_term_reference_is_an_error_with_a_suggestion() {
    let f = Fixture::standard();
    f.build_ok();
    let before = snapshot(&f.path().join("site"));
    f.edit("content/plans/test-plan/plan.ja.md", "本文です。", "本文です。[[dxx]]");
    let out = f.run(&["build"]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("dxx"), "{text}");
    assert!(text.contains("did you mean `dx`?"), "{text}");
    assert!(text.contains("plan.ja.md:29:6"), "{text}");
    assert!(before == snapshot(&f.path().join("site")), "previous output intact");
}
