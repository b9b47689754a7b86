//! Himeji's digital strategy (`001_0ae34d9ca8b84294.txt`) and the national reference deck
//! (`004_36cf929bb198637e.txt`) against their sources: the version history, the levelled skill
//! framework, the logic model, the phase roadmap with its unnamed third phase, every case of the
//! deck with its municipality and figures, and how the new shapes reach the pages.

use std::path::Path;

mod common;

use common::bundled_site as site;
use keikaku::model::{Plan, Site};

fn plan<'a>(site: &'a Site, id: &str) -> &'a Plan {
    site.plan(id).unwrap_or_else(|| panic!("no plan {id}"))
}

fn seed(name: &str) -> Option<String> {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds").join(name)).ok()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '　' | '*')).collect()
}

#[test]
fn himeji_version_history_is_the_sources() {
    let site = site();
    let himeji = plan(&site, "himeji-digital-strategy");
    let versions: Vec<(String, String)> = himeji
        .docs
        .default()
        .front
        .versions
        .iter()
        .map(|v| (v.version.clone(), v.date.as_ref().map(|d| d.get_ref().clone()).unwrap_or_default()))
        .collect();
    // 「Ver.1.3 令和４年１０月」 … 「Ver.3.2 令和７年 ３月」: the extraction starts at Ver.1.3.
    let expected =
        [("1.3", "2022-10"), ("2.0", "2023-03"), ("2.1", "2023-08"), ("3.0", "2023-10"), ("3.1", "2024-05"), ("3.2", "2025-03")];
    assert_eq!(versions, expected.map(|(v, d)| (v.to_string(), d.to_string())).to_vec());
    let f = &himeji.docs.default().front;
    assert!(f.versions[4].changes[0].contains("ロジックモデル及びロードマップの追加"));
    assert!(f.scope_note.as_deref().is_some_and(|n| n.contains("Ver.1.3")), "the scope note says where the history starts");
    assert_eq!(himeji.period.map(|(a, b)| (a.0, b.0)), Some((2021, 2030)), "R3–R12");
    assert_eq!(f.objectives.len(), 3);
    assert!(f.objectives[1].tactic.contains("姫路版スマートシティ"), "戦術②");
}

#[test]
fn himeji_skill_framework_has_four_levels_three_viewpoints_and_every_cell() {
    let site = site();
    let himeji = plan(&site, "himeji-digital-strategy");
    for (lang, doc) in &himeji.docs.by_lang {
        let sf = doc.front.skill_framework.as_ref().expect("the skill framework");
        let levels: Vec<&str> = sf.levels.iter().map(|l| l.id.get_ref().as_str()).collect();
        assert_eq!(levels, ["officer", "leader", "leading-player", "player"], "{lang}");
        let viewpoints: Vec<&str> = sf.viewpoints.iter().map(|v| v.id.get_ref().as_str()).collect();
        assert_eq!(viewpoints, ["mindset", "literacy", "knowledge"], "{lang}");
        for level in &sf.levels {
            assert!(!level.role.trim().is_empty(), "{lang}: the role of {}", level.title);
            assert_eq!(level.skills.len(), 3, "{lang}: a cell per viewpoint for {}", level.title);
            assert!(level.skills.iter().all(|c| !c.items.is_empty()));
        }
    }
    let ja = himeji.docs.by_lang["ja"].front.skill_framework.as_ref().unwrap();
    let titles: Vec<&str> = ja.levels.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(titles, ["オフィサー", "リーダー", "リーディングプレーヤー", "プレーヤー"]);
    assert_eq!(
        ja.viewpoints.iter().map(|v| v.title.as_str()).collect::<Vec<_>>(),
        ["変革マインド", "デジタルリテラシー", "業務知識"]
    );
    if let Some(seed) = seed("001_0ae34d9ca8b84294.txt") {
        let seed = squeeze(&seed);
        for level in &ja.levels {
            for item in level.skills.iter().flat_map(|c| &c.items) {
                assert!(seed.contains(&squeeze(item)), "skill 「{item}」 of {} is not in the seed", level.title);
            }
        }
    }
}

#[test]
fn himeji_logic_model_and_phases_are_the_sources_without_an_invented_name() {
    let site = site();
    let himeji = plan(&site, "himeji-digital-strategy");
    let f = &himeji.docs.by_lang["ja"].front;
    let model = &f.logic_models[0];
    let stages: Vec<&str> = model.stages.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(stages, ["産出", "直接成果", "中間成果Ⅰ", "中間成果Ⅱ", "最終成果"]);
    assert!(model.stages.iter().all(|s| !s.items.is_empty()));
    assert!(model.stages[0].items.iter().any(|i| i.contains("職員研修の実施")));
    let roadmap = &f.phase_roadmaps[0];
    let phases: Vec<(i32, i32, Option<&str>)> =
        roadmap.phases.iter().map(|p| (*p.from.get_ref(), *p.to.get_ref(), p.name.as_deref())).collect();
    assert_eq!(phases, [(2021, 2023, Some("パイロットフェーズ")), (2024, 2026, Some("土台づくりフェーズ")), (2027, 2030, None)]);
    let en = &himeji.docs.by_lang["en"].front.phase_roadmaps[0];
    assert!(en.phases[2].name.is_none(), "no English name invented either");
}

#[test]
fn every_case_of_the_deck_with_its_municipality_and_figures() {
    let site = site();
    let deck = plan(&site, "national-digital-talent-cases");
    assert_eq!(deck.kind, keikaku::load::front_matter::PlanKind::ReferenceCollection);
    let cases: Vec<(&str, &str)> =
        deck.cases.iter().map(|c| (c.id.as_str(), c.docs.default().front.municipality.name.as_str())).collect();
    assert_eq!(cases.len(), 15, "{cases:?}");
    for body in ["東京都", "真岡市", "広島県", "北九州市", "神戸市", "金沢市", "滋賀県", "上里町", "愛媛県", "北海道"]
    {
        assert!(cases.iter().any(|(_, m)| *m == body), "a case of {body}");
    }
    let case = |id: &str| &deck.cases.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("case {id}")).docs;
    let figure = |id: &str, label_part: &str| {
        case(id).default().front.figures.iter().find(|f| f.label.contains(label_part)).and_then(|f| f.value)
    };
    // 「令和4～6年度までの3年間で、…450人のDX推進チャレンジャーを育成」
    assert_eq!(figure("shiga", "DX推進チャレンジャーの育成数"), Some(450.0));
    // 「受講者規模：40,000人/年」, 「受講者規模：5,000人/5年」
    assert_eq!(figure("tokyo-training-targets", "デジタルリテラシー"), Some(40000.0));
    assert_eq!(figure("tokyo-training-targets", "リスキング"), Some(5000.0), "「リスキング」 as printed");
    // 「地域デジタル化アドバイザー」 7名, 「59市町村 ※R4.10.31現在」
    assert_eq!(figure("hokkaido", "アドバイザー"), Some(7.0));
    assert_eq!(figure("hokkaido", "市町村"), Some(59.0));
    // 「現在の市民税における0申告の件数 約15,000件」
    assert_eq!(figure("kobe-zero-declaration", "0申告"), Some(15000.0));
    // 北九州市: デジタル区分 5名 (令和4年4月1日).
    assert_eq!(figure("kitakyushu", "採用者数"), Some(5.0));
    // The codes carry their check digits (the loader verifies them).
    assert_eq!(case("kamisato").default().front.municipality.code.as_ref().map(|c| c.get_ref().as_str()), Some("113859"));
    // ja and en state the same figures.
    for c in &deck.cases {
        let values = |lang: &str| c.docs.by_lang[lang].front.figures.iter().map(|f| f.value).collect::<Vec<_>>();
        assert_eq!(values("ja"), values("en"), "case {}", c.id);
    }
    if let Some(seed) = seed("004_36cf929bb198637e.txt") {
        let seed = squeeze(&seed);
        for c in &deck.cases {
            for point in &c.docs.by_lang["ja"].front.points {
                // A point may join a slide's label and its text with 「：」; each part is the seed's.
                for part in point.split('：') {
                    let p = squeeze(part.trim_start_matches(['・', '-', ' ']));
                    let head: String = p.trim_matches('*').chars().take(12).collect();
                    assert!(seed.contains(&head), "case {}: 「{part}」 of 「{point}」 is not in the seed", c.id);
                }
            }
        }
    }
}

#[test]
fn the_new_shapes_are_on_the_page_in_search_and_in_the_data() {
    let (_dir, out) = common::bundled_site_on_disk();
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let page = read("ja/plans/himeji-digital-strategy/index.html");
    assert!(page.contains(r#"<table class="skill-matrix">"#));
    assert!(page.contains(r#"<th scope="col">変革マインド</th>"#));
    assert!(page.contains(r#"<th scope="row">リーディングプレーヤー</th>"#));
    assert!(page.contains(r#"<ol class="logic-model">"#));
    assert!(page.contains("名称は原典に残っていません"), "the lost phase name is said, not filled in");
    assert!(page.contains(r#"<h2 id="objectives">目的・方針・戦術</h2>"#));
    // Moka has a plan and a case: each links the other.
    let case = read("ja/plans/national-digital-talent-cases/moka/index.html");
    assert!(case.contains(r#"<a href="/ja/plans/moka-dx/">"#), "the case links Moka's plan");
    let moka = read("en/plans/moka-dx/index.html");
    assert!(moka.contains(r#"<a href="/en/plans/national-digital-talent-cases/moka/">"#), "Moka's plan links the case");
    // The theme "digital talent" shows the deck's cases, Tokyo's and Hokkaido's support among them.
    let theme = read("ja/themes/digital-talent/index.html");
    assert!(
        theme.contains("/ja/plans/national-digital-talent-cases/hokkaido/")
            && theme.contains("/ja/plans/national-digital-talent-cases/tokyo-talent-sharing/")
    );
    let en = read("en/plans/himeji-digital-strategy/index.html");
    assert!(en.contains("Name not in the source"));
    let json = read("en/plans/himeji-digital-strategy/plan.json");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["plan"]["skill_framework"]["levels"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["plan"]["logic_models"][0]["stages"].as_array().map(Vec::len), Some(5));
    assert!(json["plan"]["phase_roadmaps"][0]["phases"][2].get("name").is_none_or(serde_json::Value::is_null));
    // Search finds the strategy by a skill and by a stage of the logic model.
    // A page's search header is in a chunk `docs/{n}.json`, its further parts in the chunks
    // its `more` names (page id = n × chunk_docs + place in the chunk).
    let index = out.join("ja/search-index");
    let parse = |path: std::path::PathBuf| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let stride = parse(index.join("meta.json"))["chunk_docs"].as_u64().unwrap();
    let chunks: Vec<(u64, serde_json::Value)> = std::fs::read_dir(index.join("docs"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().trim_end_matches(".json").parse().unwrap(), parse(e.path())))
        .collect();
    let (id, head) = chunks
        .iter()
        .flat_map(|(n, chunk)| {
            chunk["docs"].as_array().unwrap().iter().enumerate().map(move |(slot, h)| (n * stride + slot as u64, h))
        })
        .find(|(_, h)| h["url"].as_str().unwrap().ends_with("/plans/himeji-digital-strategy/"))
        .expect("the strategy's search document");
    let mut text = head["text"].as_str().unwrap().to_string();
    for (_, chunk) in &chunks {
        for part in chunk["parts"].as_array().into_iter().flatten() {
            if part[0].as_u64() == Some(id) {
                text.push_str(part[2].as_str().unwrap());
            }
        }
    }
    assert!(text.contains("リーディングプレーヤー") && text.contains("中間成果"), "the strategy's shapes are searchable");
}
