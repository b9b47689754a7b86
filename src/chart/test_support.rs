//! Test helpers: a small XML well-formedness checker that builds a tree, geometry checks, and
//! fixtures for the three roadmap shapes the charts must serve (Hamamatsu, Himeji, Matsue)
//! in Japanese and English.

use super::geometry::{Rect, TextBlock};
use super::text_width::{is_no_line_end, is_no_line_start, text_width};
use super::{
    ChartText, KpiChart, KpiPoint, KpiValue, Milestone, PhaseBar, RoadmapChart, RoadmapRow, RowGroup, TodayLine, YearLabel,
};

pub use crate::xml::{Element, Node, parse_xml};

/// Parses an SVG document and checks the root: SVG namespace, role, and the title and desc
/// its aria-labelledby names.
pub fn parse_svg(xml: &str) -> Element {
    let root = match parse_xml(xml) {
        Ok(root) => root,
        Err(e) => panic!("not well-formed: {e}\n{xml}"),
    };
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attr("role"), Some("img"));
    let labelledby = root.attr("aria-labelledby").unwrap_or_default();
    let ids: Vec<&str> = labelledby.split_whitespace().collect();
    assert_eq!(ids.len(), 2, "{labelledby}");
    let children: Vec<&Element> = root
        .children
        .iter()
        .filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .collect();
    assert_eq!(children.first().map(|e| e.name.as_str()), Some("title"));
    assert_eq!(children.first().and_then(|e| e.attr("id")), Some(ids[0]));
    assert_eq!(children.get(1).map(|e| e.name.as_str()), Some("desc"));
    assert_eq!(children.get(1).and_then(|e| e.attr("id")), Some(ids[1]));
    let view_box = root.attr("viewBox").unwrap_or_default();
    assert!(view_box.starts_with("0 0 "), "{view_box}");
    root
}

/// Checks that every number in the SVG's attributes has at most one decimal.
pub fn assert_short_numbers(svg: &str) {
    let bytes = svg.as_bytes();
    for i in 0..bytes.len().saturating_sub(2) {
        if bytes[i] == b'.' && i > 0 && bytes[i - 1].is_ascii_digit() {
            assert!(
                !(bytes[i + 1].is_ascii_digit() && bytes[i + 2].is_ascii_digit()),
                "long number near {:?}",
                &svg[i.saturating_sub(10)..(i + 10).min(svg.len())]
            );
        }
    }
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

// ---------------------------------------------------------------------------------------
// Geometry checks

/// Whether two rectangles overlap by more than rounding error.
pub fn overlaps(a: &Rect, b: &Rect) -> bool {
    const E: f32 = 0.05;
    a.w > 0.0
        && a.h > 0.0
        && b.w > 0.0
        && b.h > 0.0
        && a.x < b.right() - E
        && b.x < a.right() - E
        && a.y < b.bottom() - E
        && b.y < a.bottom() - E
}

/// Whether `inner` lies within `outer` (allowing rounding error).
pub fn contains(outer: &Rect, inner: &Rect) -> bool {
    const E: f32 = 0.01;
    inner.x >= outer.x - E && inner.y >= outer.y - E && inner.right() <= outer.right() + E && inner.bottom() <= outer.bottom() + E
}

/// Checks a text block: each line measures within its box, kinsoku holds, and a cut text
/// ends with an ellipsis.
pub fn assert_text_fits(block: &TextBlock) {
    for (i, line) in block.lines.iter().enumerate() {
        let w = text_width(line, block.font);
        assert!(w <= block.max_width + 1e-3, "{line:?} is {w} wide in a {} box", block.max_width);
        let first = line.chars().next().unwrap_or(' ');
        let last = line.chars().last().unwrap_or(' ');
        assert!(i == 0 || !is_no_line_start(first), "{:?} line {i} starts with {first:?}", block.lines);
        assert!(!is_no_line_end(last), "{:?} ends with {last:?}", block.lines);
    }
    if block.truncated {
        assert!(block.lines.last().is_none_or(|l| l.ends_with('…')), "{:?}", block.lines);
    } else {
        let joined: String = block.lines.concat().split_whitespace().collect();
        let full: String = block.full.split_whitespace().collect();
        assert_eq!(joined, full, "text lost without an ellipsis");
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures

pub fn text_ja() -> ChartText {
    ChartText {
        lang: "ja".into(),
        ongoing: "継続".into(),
        beyond_window: "以降も実施".into(),
        before_window: "前から継続".into(),
        milestone: "マイルストーン".into(),
        today: "現在".into(),
        target: "目標".into(),
        actual: "実績".into(),
        stylesheet: super::standalone_stylesheet(super::STYLESHEET).into(),
    }
}

pub fn text_en() -> ChartText {
    ChartText {
        lang: "en".into(),
        ongoing: "Ongoing".into(),
        beyond_window: "Continues".into(),
        before_window: "Started earlier".into(),
        milestone: "Milestone".into(),
        today: "Today".into(),
        target: "Target".into(),
        actual: "Actual".into(),
        stylesheet: super::standalone_stylesheet(super::STYLESHEET).into(),
    }
}

/// Year labels "2025年度 / R7" or "FY2025".
pub fn years(from: i32, to: i32, ja: bool) -> Vec<YearLabel> {
    (from..=to)
        .map(|fy| {
            if ja {
                YearLabel { fy, primary: format!("{fy}年度"), secondary: Some(format!("R{}", fy - 2018)) }
            } else {
                YearLabel { fy, primary: format!("FY{fy}"), secondary: None }
            }
        })
        .collect()
}

pub fn phase(from_fy: i32, to_fy: i32, label: &str) -> PhaseBar {
    PhaseBar { from_fy, to_fy, label: label.into(), continues_before: false, continues_after: false }
}

pub fn ongoing(from_fy: i32, to_fy: i32, label: &str) -> PhaseBar {
    PhaseBar { continues_after: true, ..phase(from_fy, to_fy, label) }
}

pub fn row(label: &str, phases: Vec<PhaseBar>) -> RoadmapRow {
    RoadmapRow { label: label.into(), href: None, phases, milestones: Vec::new() }
}

pub fn milestone(fy: i32, label: &str) -> Milestone {
    Milestone { fy, label: label.into() }
}

/// The long row label from the issue.
pub const BOSHI: &str = "マイナンバーカードを活用した母子健康手帳のデジタル化";

/// (a) Hamamatsu: a plan chart over FY2025–2029, initiatives grouped by pillar, linked,
/// per-action bars of one to five years.
pub fn hamamatsu(ja: bool) -> RoadmapChart {
    let t = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
    let linked = |label: String, slug: &str, phases: Vec<PhaseBar>| RoadmapRow {
        href: Some(format!("/{}/initiatives/{slug}/", if ja { "ja" } else { "en" })),
        ..row(&label, phases)
    };
    let mut boshi = linked(
        t(BOSHI, "Digitalising the maternal and child health handbook with the My Number Card"),
        "boshi-techo",
        vec![phase(2025, 2025, &t("検討", "Study")), ongoing(2026, 2027, &t("導入・普及", "Roll-out"))],
    );
    boshi.milestones.push(milestone(2026, &t("運用開始", "Service starts")));
    let mut madoguchi = linked(
        t("「書かない窓口」の導入", "“No-forms” service counters"),
        "kakanai-madoguchi",
        vec![phase(2025, 2025, &t("実証実験", "Pilot")), ongoing(2026, 2029, &t("導入・普及", "Roll-out"))],
    );
    madoguchi.milestones.push(milestone(2027, &t("全区役所で開始", "All ward offices")));
    RoadmapChart {
        id_prefix: "hamamatsu-plan".into(),
        title: t("浜松市デジタル・スマートシティ推進計画 ロードマップ", "Hamamatsu digital plan roadmap"),
        description: t("2025年度から2029年度までの取組の工程。", "Schedule of the initiatives from FY2025 to FY2029."),
        width: RoadmapChart::DEFAULT_WIDTH,
        years: years(2025, 2029, ja),
        groups: vec![
            RowGroup {
                heading: Some(t("柱1 市民サービスのデジタル化", "Pillar 1: Digital services for residents")),
                rows: vec![
                    boshi,
                    madoguchi,
                    linked(
                        t("キャッシュレス決済の拡大", "More cashless payment"),
                        "cashless",
                        vec![phase(2025, 2029, &t("導入・普及", "Roll-out"))],
                    ),
                ],
            },
            RowGroup {
                heading: Some(t("柱2 行政のデジタル化", "Pillar 2: Digital government")),
                rows: vec![
                    linked(
                        t("基幹業務システムの標準化・共通化", "Standardising core business systems"),
                        "standardisation",
                        vec![phase(2025, 2025, &t("システム移行", "Migration")), ongoing(2026, 2029, &t("運用", "Operation"))],
                    ),
                    linked(
                        t("AI・RPAの活用による業務効率化", "AI and RPA for efficient work"),
                        "ai-rpa",
                        vec![
                            phase(2025, 2025, &t("検討", "Study")),
                            phase(2026, 2026, &t("実証実験", "Pilot")),
                            phase(2027, 2029, &t("導入・普及", "Roll-out")),
                        ],
                    ),
                    linked(
                        t("庁内ネットワークの再構築", "Rebuilding the internal network"),
                        "network",
                        vec![
                            phase(2025, 2025, &t("庁内ネットワーク再構築基本設計", "Basic design of the new network")),
                            phase(2026, 2027, &t("構築", "Build")),
                        ],
                    ),
                ],
            },
        ],
        today: Some(TodayLine { fy: 2025, fraction: 10.0 / 12.0, label: t("現在（2026年2月）", "Today (Feb 2026)") }),
        text: if ja { text_ja() } else { text_en() },
    }
}

/// (b) Himeji: a strategy whose roadmap is three multi-year phases over ten years.
pub fn himeji(ja: bool) -> RoadmapChart {
    let t = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
    RoadmapChart {
        id_prefix: "himeji-strategy".into(),
        title: t("姫路市DX推進戦略 ロードマップ", "Himeji DX strategy roadmap"),
        description: t("令和3年度から令和12年度まで、3期に分けて推進する。", "Three phases from FY2021 to FY2030."),
        width: RoadmapChart::DEFAULT_WIDTH,
        years: years(2021, 2030, ja),
        groups: vec![RowGroup {
            heading: None,
            rows: vec![row(
                &t("DX推進の段階", "Stages of the strategy"),
                vec![
                    phase(2021, 2023, &t("第1期 基盤づくり", "Phase 1: foundations")),
                    phase(2024, 2026, &t("第2期 本格展開", "Phase 2: full roll-out")),
                    phase(2027, 2030, &t("第3期 定着・発展", "Phase 3: embedding and growth")),
                ],
            )],
        }],
        today: Some(TodayLine { fy: 2025, fraction: 0.5, label: t("現在", "Today") }),
        text: if ja { text_ja() } else { text_en() },
    }
}

/// (c) Matsue: year-by-year actions of an FY2022–2029 plan, shown in a FY2022–2023 window;
/// one phase comes from the previous plan, one runs to the end of the plan.
pub fn matsue(ja: bool) -> RoadmapChart {
    let t = |j: &str, e: &str| if ja { j.to_string() } else { e.to_string() };
    let mut online = row(
        &t("行政手続のオンライン化", "Online administrative procedures"),
        vec![
            phase(2022, 2022, &t("対象手続の選定", "Choose procedures")),
            phase(2023, 2023, &t("電子申請の拡充", "More e-applications")),
            phase(2022, 2029, &t("オンライン申請の利用促進", "Promote online use")),
        ],
    );
    online.milestones.push(milestone(2023, &t("100手続を電子化", "100 procedures online")));
    online.milestones.push(milestone(2025, &t("窓口予約の開始", "Counter booking")));
    RoadmapChart {
        id_prefix: "matsue-initiative-1".into(),
        title: t("松江市DX推進計画 実施計画（令和4・5年度）", "Matsue DX plan: actions FY2022–2023"),
        description: t(
            "計画期間（令和4年度〜令和11年度）のうち令和4・5年度の実施内容。",
            "Actions in FY2022 and FY2023 of the FY2022–2029 plan.",
        ),
        width: RoadmapChart::DEFAULT_WIDTH,
        years: years(2022, 2023, ja),
        groups: vec![RowGroup {
            heading: None,
            rows: vec![
                online,
                row(
                    &t("窓口のキャッシュレス化", "Cashless payment at counters"),
                    vec![
                        PhaseBar {
                            continues_before: true,
                            ..phase(2020, 2022, &t("前計画からの導入", "Roll-out begun in the previous plan"))
                        },
                        phase(2023, 2023, &t("全窓口へ拡大", "All counters")),
                    ],
                ),
                row(&t("データ利活用の推進", "Using data"), vec![phase(2025, 2027, &t("オープンデータ拡充", "More open data"))]),
            ],
        }],
        today: None,
        text: if ja { text_ja() } else { text_en() },
    }
}

/// A KPI with targets for each year and actuals for the first two.
pub fn kpi(ja: bool) -> KpiChart {
    let v = |value: f64, label: &str| Some(KpiValue { value, label: label.into() });
    let point = |fy: i32, target, actual| KpiPoint { year: years(fy, fy, ja).remove(0), target, actual };
    KpiChart {
        id_prefix: "kpi-online-rate".into(),
        title: if ja { "オンライン申請の利用率".into() } else { "Share of applications made online".into() },
        description: if ja { "2029年度に19%を目指す。".into() } else { "Target: 19% by FY2029.".into() },
        points: vec![
            point(2025, v(8.0, "8%"), v(9.5, "9.5%")),
            point(2026, v(11.0, "11%"), v(10.0, "10%")),
            point(2027, v(14.0, "14%"), None),
            point(2028, v(16.5, "16.5%"), None),
            point(2029, v(19.0, "19%"), None),
        ],
        text: if ja { text_ja() } else { text_en() },
    }
}

/// Every roadmap fixture in both languages.
pub fn all_roadmaps() -> Vec<RoadmapChart> {
    [true, false].into_iter().flat_map(|ja| [hamamatsu(ja), himeji(ja), matsue(ja)]).collect()
}

/// Writes the example SVGs into the directory `KEIKAKU_CHART_EXAMPLES` (default
/// `target/chart-examples`), for looking at. Not a check: run it by hand with
/// `cargo test --lib write_examples -- --ignored`.
#[test]
#[ignore = "writes example files for people to look at; checks nothing"]
fn write_examples() {
    use super::{SvgMode, kpi_svg, roadmap_svgs};
    let dir = std::env::var_os("KEIKAKU_CHART_EXAMPLES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-examples"));
    std::fs::create_dir_all(&dir).expect("examples directory");
    let write = |name: &str, svg: String| {
        if let Err(e) = std::fs::write(dir.join(name), svg) {
            panic!("writing {name}: {e}");
        }
    };
    for (ja, lang) in [(true, "ja"), (false, "en")] {
        write(&format!("hamamatsu-{lang}.svg"), roadmap_svgs(&hamamatsu(ja)).into_mode(SvgMode::Standalone));
        write(&format!("himeji-{lang}.svg"), roadmap_svgs(&himeji(ja)).into_mode(SvgMode::Standalone));
        write(&format!("matsue-{lang}.svg"), roadmap_svgs(&matsue(ja)).into_mode(SvgMode::Standalone));
        write(&format!("kpi-{lang}.svg"), kpi_svg(&kpi(ja), SvgMode::Standalone));
    }
}
