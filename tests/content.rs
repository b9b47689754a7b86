//! The bundled content against its sources (`../shared/seeds/`): completeness counts, ja/en
//! agreement of every structured fact, and spot checks of facts taken from the seeds.

use std::collections::BTreeMap;
use std::path::Path;

mod common;

use common::bundled_site as site;
use keikaku::model::{Initiative, Plan, Site};

fn plan<'a>(site: &'a Site, id: &str) -> &'a Plan {
    site.plan(id).unwrap_or_else(|| panic!("no plan {id}"))
}

fn initiative<'a>(plan: &'a Plan, id: &str) -> &'a Initiative {
    plan.initiatives.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no initiative {id}"))
}

#[test]
fn hamamatsu_is_complete() {
    let site = site();
    let plan = plan(&site, "hamamatsu-dx-2");
    let front = &plan.docs.default().front;
    assert_eq!(front.pillars.len(), 3, "3 pillars");
    assert_eq!(front.principles.len(), 5, "5 basic principles");
    assert_eq!(plan.period.map(|(a, b)| (a.0, b.0)), Some((2025, 2029)), "2025-04 to 2030-03");
    // 15 numbered items, (1)-5 and (2)-6 split in two: 17 initiatives, with their action counts.
    let expected_actions: BTreeMap<&str, usize> = [
        ("1-1", 3),
        ("1-2", 2),
        ("1-3", 2),
        ("1-4", 2),
        ("1-5-1", 2),
        ("1-5-2", 2),
        ("1-6", 1),
        ("2-1", 3),
        ("2-2", 2),
        ("2-3", 2),
        ("2-4", 2),
        ("2-5", 1),
        ("2-6-1", 2),
        ("2-6-2", 1),
        ("3-1", 2),
        ("3-2", 3),
        ("3-3", 2),
    ]
    .into_iter()
    .collect();
    let actual: BTreeMap<&str, usize> =
        plan.initiatives.iter().map(|i| (i.id.as_str(), i.docs.default().front.actions.len())).collect();
    assert_eq!(actual, expected_actions);
    let per_pillar: Vec<usize> =
        ["1", "2", "3"].iter().map(|p| plan.initiatives.iter().filter(|i| i.pillar == *p).count()).collect();
    assert_eq!(per_pillar, vec![7, 7, 3]);
    // Every initiative has KPI targets in fiscal years of the period, and a roadmap.
    for i in &plan.initiatives {
        let f = &i.docs.default().front;
        assert!(!f.kpis.is_empty(), "{} has KPIs", i.id);
        assert!(!f.roadmap.is_empty(), "{} has a roadmap", i.id);
        for k in &f.kpis {
            for t in &k.targets {
                assert!((2025..=2029).contains(t.fy.get_ref()), "{} KPI year", i.id);
            }
        }
    }
    // 所管: every initiative names departments, except the two the source leaves without one.
    let without: Vec<&str> = plan.initiatives.iter().filter(|i| i.departments.is_empty()).map(|i| i.id.as_str()).collect();
    assert_eq!(without, vec!["1-1", "2-6-1"]);
    for id in without {
        assert!(initiative(plan, id).docs.default().front.departments_note.is_some(), "{id} says why it has none");
    }
}

#[test]
fn moka_is_complete_and_leaves_the_unknown_unknown() {
    let site = site();
    let plan = plan(&site, "moka-dx");
    let front = &plan.docs.default().front;
    assert_eq!(front.pillars.len(), 2, "2 basic strategies");
    assert!(plan.period.is_none(), "the chapter does not state the plan period");
    assert!(front.scope_note.is_some());
    assert_eq!(plan.initiatives.len(), 13, "13 tactics");
    let to_be: Vec<usize> = plan.initiatives.iter().map(|i| i.docs.default().front.target_states.len()).collect();
    assert_eq!(to_be, vec![2, 3, 3, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4]);
    assert!(plan.initiatives.iter().all(|i| i.departments.is_empty()), "the source names no departments");
    let per_pillar: Vec<usize> = ["1", "2"].iter().map(|p| plan.initiatives.iter().filter(|i| i.pillar == *p).count()).collect();
    assert_eq!(per_pillar, vec![2, 11]);
    // Tactic 4: the 17 standardised services and the 3 under consideration, as tables.
    let tables = &initiative(plan, "tactic-4").docs.default().front.tables;
    let rows: Vec<usize> = tables.iter().map(|t| t.rows.get_ref().len()).collect();
    assert_eq!(rows, vec![17, 3]);
}

#[test]
fn glossary_holds_hamamatsus_terms_with_readings() {
    let site = site();
    let from_hamamatsu: Vec<&str> = site
        .terms
        .iter()
        .filter(|t| t.docs.default().front.defined_in.iter().any(|d| d.plan.get_ref() == "hamamatsu-dx-2"))
        .map(|t| t.id.as_str())
        .collect();
    assert!(from_hamamatsu.len() >= 39, "at least 39 Hamamatsu terms, got {}", from_hamamatsu.len());
    let mut notes: Vec<u32> = site
        .terms
        .iter()
        .flat_map(|t| t.docs.default().front.defined_in.iter())
        .filter(|d| d.plan.get_ref() == "hamamatsu-dx-2")
        .filter_map(|d| d.note.as_ref().map(|n| *n.get_ref()))
        .collect();
    notes.sort();
    assert_eq!(notes, (1..=32).collect::<Vec<u32>>(), "※1–※32, each once");
    for t in &site.terms {
        assert!(!t.reading.is_empty(), "{} has a reading", t.id);
    }
    for shared in [
        "dx",
        "ebpm",
        "bpr",
        "rpa",
        "ai-ocr",
        "kpi",
        "open-data",
        "government-cloud",
        "standard-compliant-systems",
        "telework",
        "byod",
        "csirt",
    ] {
        assert!(site.term(shared).is_some(), "cross-plan term {shared}");
    }
}

#[test]
fn every_document_is_translated() {
    let site = site();
    let missing = site.untranslated();
    for (lang, list) in missing {
        assert!(list.is_empty(), "untranslated in {lang}: {list:?}");
    }
}

/// Every number and fiscal year in the front matter of a ja file appears, in the same place, in
/// its en file. (The build enforces this too; this test states it on the real content.)
#[test]
fn numbers_and_years_agree_between_ja_and_en() {
    fn numbers(value: &toml::Value, path: String, out: &mut Vec<(String, String)>) {
        match value {
            toml::Value::Integer(i) => out.push((path, i.to_string())),
            toml::Value::Float(f) => out.push((path, f.to_string())),
            toml::Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| numbers(v, format!("{path}[{i}]"), out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, v)| numbers(v, format!("{path}.{k}"), out)),
            _ => {}
        }
    }
    fn front(path: &Path) -> toml::Value {
        let text = std::fs::read_to_string(path).unwrap();
        let toml_text = text.split("+++").nth(1).unwrap();
        toml::from_str(toml_text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
    let mut pairs = 0;
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if !name.ends_with(".ja.md") {
            continue;
        }
        let en = path.with_file_name(name.replace(".ja.md", ".en.md"));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        numbers(&front(path), String::new(), &mut a);
        numbers(&front(&en), String::new(), &mut b);
        assert_eq!(a, b, "numbers differ between {} and its translation", path.display());
        pairs += 1;
    }
    assert!(pairs >= 117, "checked {pairs} pairs");
}

#[test]
fn spot_checks_against_the_seeds() {
    let site = site();
    let hamamatsu = plan(&site, "hamamatsu-dx-2");
    // 1-2 フロントヤード改革: オンライン利用率 2025年度：19%.
    let kpi = &initiative(hamamatsu, "1-2").docs.default().front.kpis[0];
    assert_eq!(kpi.label, "オンライン利用率");
    let t2025 = kpi.targets.iter().find(|t| *t.fy.get_ref() == 2025).unwrap();
    assert_eq!((t2025.value, kpi.unit.as_deref()), (Some(19.0), Some("%")));
    // 2-3 生成AIの利用職員数 1,200 → 2,000 人.
    let kpi = &initiative(hamamatsu, "2-3").docs.default().front.kpis[0];
    let values: Vec<f64> = kpi.targets.iter().filter_map(|t| t.value).collect();
    assert_eq!((values.first(), values.last()), (Some(&1200.0), Some(&2000.0)));
    // 所管: 1-2 is the デジタル・スマートシティ推進課.
    assert_eq!(initiative(hamamatsu, "1-2").departments, vec!["hamamatsu-digital-smart-city".to_string()]);
    let dept = site.department("hamamatsu-digital-smart-city").unwrap();
    assert_eq!(dept.name.by_lang["ja"], "デジタル・スマートシティ推進課");
    // Roadmap of 1-1 ②: 母子手帳 検討 in 2025.
    let roadmap = &initiative(hamamatsu, "1-1").docs.default().front.roadmap;
    let row = roadmap.iter().find(|r| r.action.as_ref().map(|a| a.get_ref().as_str()) == Some("2")).unwrap();
    let first = &row.phases[0];
    assert_eq!((first.label.as_str(), *first.from.get_ref()), ("検討", 2025));
    // The cross-reference of (2)-1-② to (3)-1.
    let action = &initiative(hamamatsu, "2-1").docs.default().front.actions[1];
    assert_eq!(action.related.iter().map(|r| r.get_ref().as_str()).collect::<Vec<_>>(), vec!["3-1"]);

    let moka = plan(&site, "moka-dx");
    // 戦術2 To be: ニーズが高いデータの公開を拡大.
    let to_be = &initiative(moka, "tactic-2").docs.default().front.target_states;
    assert_eq!(to_be[0], "ニーズが高いデータの公開を拡大");
    // 戦術1: the players of the digital hub, 住民 first.
    let players = &initiative(moka, "tactic-1").docs.default().front.tables[0];
    assert_eq!(players.rows.get_ref()[0][0], "住民");
}

/// Every chart of the bundled site — standalone files and those inlined in pages — is
/// well-formed XML with an `<svg>` root in the SVG namespace, `role="img"` and a title and
/// description tied with `aria-labelledby`.
#[test]
fn every_generated_svg_is_well_formed() {
    use keikaku::xml::{Element, Node, parse_xml};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = keikaku::build(root, None).map_err(|e| e.len()).expect("bundled site builds");
    let check = |svg: &str, whence: &str| {
        let root: Element = parse_xml(svg).unwrap_or_else(|e| panic!("{whence}: {e}"));
        assert_eq!(root.name, "svg", "{whence}");
        assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"), "{whence}");
        assert_eq!(root.attr("role"), Some("img"), "{whence}");
        let ids: Vec<&str> = root.attr("aria-labelledby").unwrap_or_default().split_whitespace().collect();
        let children: Vec<&Element> =
            root.children.iter().filter_map(|c| if let Node::Element(e) = c { Some(e) } else { None }).collect();
        assert_eq!(children.first().and_then(|e| e.attr("id")), ids.first().copied(), "{whence}: <title> first");
        assert_eq!(children.get(1).and_then(|e| e.attr("id")), ids.get(1).copied(), "{whence}: <desc> second");
    };
    let (mut standalone, mut inline) = (0, 0);
    for file in &built.rendered.files {
        let text = String::from_utf8_lossy(&file.bytes);
        if file.path.ends_with(".svg") {
            check(&text, &file.path);
            standalone += 1;
        } else if file.path.ends_with(".html") {
            let mut rest = &text[..];
            while let Some(start) = rest.find("<svg") {
                let end = rest[start..].find("</svg>").map(|e| start + e + "</svg>".len()).expect("closed svg");
                check(&rest[start..end], &file.path);
                inline += 1;
                rest = &rest[end..];
            }
        }
    }
    // Two plan roadmaps + 30 initiative roadmaps (Moka's tactics have none) per language.
    assert!(standalone >= 2 * 18, "standalone charts: {standalone}");
    assert!(inline > standalone, "inline charts (roadmaps and KPI charts): {inline}");
}

/// Every page's `<title>` is unique within its language, and an initiative's names its plan.
#[test]
fn page_titles_are_unique_and_name_the_plan() {
    let built = keikaku::build(Path::new(env!("CARGO_MANIFEST_DIR")), None).map_err(|e| e.len()).expect("bundled site builds");
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for file in built.rendered.files.iter().filter(|f| f.path.ends_with("index.html")) {
        let html = String::from_utf8_lossy(&file.bytes);
        let title = html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default().to_string();
        assert!(!title.is_empty(), "{} has a title", file.path);
        if let Some(other) = seen.insert(title.clone(), file.path.clone()) {
            panic!("{} and {other} share the title {title:?}", file.path);
        }
    }
    let initiative = String::from_utf8(
        built.rendered.files.iter().find(|f| f.path == "ja/plans/hamamatsu-dx-2/1-2/index.html").unwrap().bytes.clone(),
    )
    .unwrap();
    assert!(initiative.contains("<title>(1)-2 フロントヤード改革の推進 | 浜松市DX計画 | "), "{}", &initiative[..600]);
}
