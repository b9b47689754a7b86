//! Matsue's implementation plan (松江市みんなにやさしいデジタル市役所計画 実施計画（第１期）) against
//! its source, `../shared/seeds/003_1bad97db8515d8e0.txt`: all 55 initiatives, the pillar groups
//! (区分), the year-by-year plan, the departments, and spot checks quoting the seed.

use std::collections::BTreeMap;
use std::path::Path;

mod common;

use common::bundled_site as site;
use keikaku::model::{Initiative, Plan, Site};

const PLAN: &str = "matsue-digital-1";

fn matsue(site: &Site) -> &Plan {
    site.plan(PLAN).expect("Matsue's plan is published")
}

fn no(plan: &Plan, n: u32) -> &Initiative {
    plan.initiatives.iter().find(|i| i.id == n.to_string()).unwrap_or_else(|| panic!("no initiative No.{n}"))
}

/// The seed, when `../shared/seeds/` is beside the repository (it is on the project's machines).
fn seed() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/003_1bad97db8515d8e0.txt");
    std::fs::read_to_string(path).ok()
}

/// Text with line breaks, spaces and bullets removed, for comparing with the broken-up seed.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '・' | '　')).collect()
}

#[test]
fn all_55_initiatives_in_three_pillars_and_their_groups() {
    let site = site();
    let plan = matsue(&site);
    assert_eq!(plan.initiatives.len(), 55);
    let per_pillar: BTreeMap<&str, usize> = plan.initiatives.iter().fold(BTreeMap::new(), |mut m, i| {
        *m.entry(i.pillar.as_str()).or_default() += 1;
        m
    });
    assert_eq!(per_pillar, BTreeMap::from([("1", 24), ("2", 19), ("3", 12)]));
    let front = &plan.docs.default().front;
    let groups: Vec<(String, usize)> = front
        .pillars
        .iter()
        .flat_map(|p| p.groups.iter().map(move |g| (p, g)))
        .map(|(_, g)| (g.title.clone(), plan.initiatives.iter().filter(|i| i.group.as_deref() == Some(g.id.get_ref())).count()))
        .collect();
    let expected = [
        ("窓口・届出", 3),
        ("デジタルデバイド対策", 2),
        ("子育て", 4),
        ("福祉", 1),
        ("税", 1),
        ("広報・広聴", 4),
        ("ごみ・環境", 3),
        ("交通", 1),
        ("市民生活", 1),
        ("文化", 2),
        ("工事等", 2),
        ("職員の働き方の効率化", 11),
        ("各課業務の効率化", 8),
        ("すべての職員向け", 4),
        ("デジタル化をけん引する職員向け", 4),
        ("係長級以上の職員向け", 2),
        ("その他", 2),
    ];
    assert_eq!(groups, expected.map(|(t, n)| (t.to_string(), n)).to_vec());
    // Numbers run 1…55 in plan order, and the pages of the printed plan rise with them.
    let numbers: Vec<String> = plan.initiatives.iter().map(|i| i.docs.default().front.number.clone()).collect();
    assert_eq!(numbers, (1..=55).map(|n| format!("No.{n}")).collect::<Vec<_>>());
    let pages: Vec<u32> = plan.initiatives.iter().filter_map(|i| i.docs.default().front.source_page).collect();
    assert_eq!(pages.len(), 55);
    assert!(pages.windows(2).all(|w| w[0] < w[1]), "{pages:?}");
}

#[test]
fn every_initiative_has_the_columns_of_its_table() {
    let site = site();
    let plan = matsue(&site);
    for i in &plan.initiatives {
        for (lang, doc) in &i.docs.by_lang {
            let f = &doc.front;
            let who = format!("No.{} ({lang})", i.id);
            assert!(!f.summary.trim().is_empty(), "{who}: 事業概要");
            assert!(f.background.as_deref().is_some_and(|b| !b.trim().is_empty()), "{who}: 取組の背景");
            assert!(!f.target_states.is_empty(), "{who}: 達成すべき状態");
            assert!(f.goal.as_deref().is_some_and(|g| !g.trim().is_empty()), "{who}: 達成目標");
            let years: Vec<i32> = f.years.iter().map(|y| *y.fy.get_ref()).collect();
            assert_eq!(years, vec![2022, 2023], "{who}: both years (令和４年度, 令和５年度)");
            assert!(f.years.iter().all(|y| !y.actions.is_empty()), "{who}: 取組事項 in both years");
            assert!(f.years[0].targets.len() + f.years[1].targets.len() > 0, "{who}: 年次目標");
            assert!(f.status.is_none(), "{who}: the source reports no status");
        }
        assert!(!i.departments.is_empty(), "No.{}: 担当課", i.id);
        assert!(i.departments.iter().all(|d| d.starts_with("matsue-")), "No.{}: Matsue's registry", i.id);
    }
    // 再掲 as the overview tables print it: twelve initiatives of pillars 1 and 2 re-listed.
    let relisted: Vec<&str> = plan.initiatives.iter().filter(|i| !i.also_pillars.is_empty()).map(|i| i.id.as_str()).collect();
    assert_eq!(relisted, ["4", "6", "7", "8", "9", "10", "13", "14", "16", "23", "24", "35"]);
    // No.52 prints no 年次目標 for its second year: the year is there with its actions only.
    let y = &no(plan, 52).docs.default().front.years[1];
    assert!(y.targets.is_empty() && !y.actions.is_empty());
}

#[test]
fn the_japanese_is_the_seeds_words() {
    let Some(seed) = seed() else {
        eprintln!("skipped: ../shared/seeds/ is not beside the repository");
        return;
    };
    let seed = squeeze(&seed);
    let site = site();
    let plan = matsue(&site);
    let mut checked = 0;
    for i in &plan.initiatives {
        let f = &i.docs.by_lang["ja"].front;
        let mut texts: Vec<&str> = vec![&f.title];
        texts.extend(f.target_states.iter().map(String::as_str));
        for y in &f.years {
            texts.extend(y.actions.iter().chain(y.targets.iter()).map(String::as_str));
        }
        for text in texts {
            // A list item may carry its indented sub-notes after a full-width space; each part
            // is in the seed.
            for part in text.split(['　', '\n', '【', '】']).filter(|p| p.chars().count() > 3) {
                let part = squeeze(part.trim_start_matches("- ").trim_start_matches(['-', ' ']));
                let part = part.trim_matches(|c: char| matches!(c, '→' | '*' | '【' | '】'));
                assert!(seed.contains(part), "No.{}: 「{part}」 is not in the seed", i.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "checked {checked} passages");
}

#[test]
fn spot_checks_against_the_seed() {
    let site = site();
    let plan = matsue(&site);
    let ja = |n: u32| &no(plan, n).docs.by_lang["ja"].front;
    let en = |n: u32| &no(plan, n).docs.by_lang["en"].front;
    let has = |items: &[String], s: &str| items.iter().any(|i| i.contains(s));
    // No.1: 担当課 市民課; R4 取組事項 「RFIを実施する」; R4 年次目標 「システムを導入し、稼働させる。」
    assert_eq!(no(plan, 1).departments, ["matsue-citizens"]);
    assert!(has(&ja(1).years[0].actions, "RFIを実施する"));
    assert_eq!(ja(1).years[0].targets, ["システムを導入し、稼働させる。"]);
    // No.2: 「窓口アンケート高評価８０％以上」 in both years.
    assert!(ja(2).years.iter().all(|y| has(&y.targets, "窓口アンケート高評価８０％以上")));
    assert!(en(2).years.iter().all(|y| has(&y.targets, "80%")));
    // No.3: 「マイナポータルで子育て・介護関係の26手続きが可能になる。」
    assert!(has(&ja(3).years[0].targets, "マイナポータルで子育て・介護関係の26手続きが可能になる"));
    // No.5: 満足している人の割合 50％以上 (R4), 70％以上 (R5).
    assert!(has(&ja(5).years[0].targets, "50％以上") && has(&ja(5).years[1].targets, "70％以上"));
    assert!(has(&en(5).years[0].targets, "50%") && has(&en(5).years[1].targets, "70%"));
    // No.8: two 担当課, 子育て支援課 and 生涯学習課.
    assert_eq!(no(plan, 8).departments, ["matsue-childcare-support", "matsue-lifelong-learning"]);
    // No.24: 都市計画情報の閲覧システムの導入, 都市政策課.
    assert_eq!(ja(24).title, "都市計画情報の閲覧システムの導入");
    assert_eq!(no(plan, 24).departments, ["matsue-urban-policy"]);
    // No.49: 業務アプリ構築・初級プログラミング研修, デジタル戦略課, 「研修の実施（年1回/15人）」.
    assert_eq!(ja(49).title, "業務アプリ構築・初級プログラミング研修");
    assert_eq!(no(plan, 49).departments, ["matsue-digital-strategy"]);
    assert!(has(&ja(49).years[1].targets, "研修の実施（年1回/15人）"));
    // No.50: 多様な学びの環境整備, 人事課, 「外部研修受講者（20名/年）」.
    assert_eq!(ja(50).title, "多様な学びの環境整備");
    assert_eq!(no(plan, 50).departments, ["matsue-personnel"]);
    assert!(ja(50).years.iter().all(|y| has(&y.targets, "外部研修受講者（20名/年）")));
    // No.53 (its table is printed before its heading): （管理職対象）デジタル分野のトレンドを学ぶ研修.
    assert_eq!(ja(53).title, "（管理職対象）デジタル分野のトレンドを学ぶ研修");
    assert!(has(&ja(53).years[0].actions, "管理職向けデジタルトレンド研修を実施する"));
    // No.54: 「アイデア会議にてまとめられたアイデア件数：10件」.
    assert!(has(&ja(54).years[1].targets, "アイデア件数：10件"));
    // No.55: 「庁内視察の実績：3件」.
    assert!(has(&ja(55).years[1].targets, "庁内視察の実績：3件"));
    // The groups come from the headings 「No.１【市民サービスの向上：窓口・届出】」 …
    assert_eq!(no(plan, 1).group.as_deref(), Some("counter-procedures"));
    assert_eq!(no(plan, 44).group.as_deref(), Some("all-staff"));
    // The plan: 第１期 is R4–R5 of an 8-year plan.
    assert_eq!(plan.period.map(|(a, b)| (a.0, b.0)), Some((2022, 2023)));
}

#[test]
fn the_year_by_year_plan_is_on_the_page_in_the_roadmap_and_in_the_data() {
    let (_dir, out) = common::bundled_site_on_disk();
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let page = read("ja/plans/matsue-digital-1/5/index.html");
    assert!(page.contains(r#"<h2 id="years">年度ごとの実施内容</h2>"#));
    assert!(page.contains(r#"<h3 id="year-2022">2022年度（令和4年度）</h3>"#), "the year is named");
    assert!(page.contains("取組事項（KPI）") && page.contains("年次目標（KGI）"));
    assert!(
        page.contains(r#"<dt>区分</dt><dd><a href="/ja/plans/matsue-digital-1/#group-digital-divide">デジタルデバイド対策</a>"#)
    );
    assert!(page.contains("<dd>P.9</dd>"), "page of the printed plan");
    // The roadmap is derived from the years: a row of action items and a row of targets.
    let roadmap_table = page.split(r#"class="roadmap-table""#).nth(1).expect("a roadmap table");
    assert!(roadmap_table.contains("<th scope=\"row\">取組事項（KPI）</th>"));
    assert!(roadmap_table.contains("70％以上"));
    let svg = read("ja/plans/matsue-digital-1/5/roadmap.svg");
    assert!(svg.contains("年次目標（KGI）"));
    // The plan page has a heading per group, in the pillar's section and in the roadmap table.
    let plan_page = read("en/plans/matsue-digital-1/index.html");
    assert!(plan_page.contains(r#"<h4 id="group-counter-procedures">"#));
    assert!(plan_page.contains(r#"<th scope="rowgroup" colspan="3">3.1 "#), "one roadmap section per group");
    // Re-listed (再掲) initiatives appear in the group of the other pillar that lists them, marked.
    let ja_plan = read("ja/plans/matsue-digital-1/index.html");
    let group = ja_plan.split(r#"<h4 id="group-division-operations">"#).nth(1).unwrap().split("</section>").next().unwrap();
    assert!(group.contains("/ja/plans/matsue-digital-1/6/") && group.contains("再掲"), "{group}");
    let group = ja_plan.split(r#"<h4 id="group-all-staff">"#).nth(1).unwrap().split("</section>").next().unwrap();
    assert!(group.contains("/ja/plans/matsue-digital-1/4/"), "No.4 is re-listed under すべての職員向け");
    // kpis.csv in long format: one row per item and year.
    let csv = read("ja/plans/matsue-digital-1/kpis.csv");
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("matsue-digital-1,5,")).collect();
    assert!(
        rows.iter().any(|r| r.contains(",year-targets,kgi,") && r.contains(",2023,item,") && r.contains("70％以上")),
        "{rows:#?}"
    );
    assert!(rows.iter().any(|r| r.contains(",year-actions,kpi,") && r.contains(",2022,item,")));
    let json = read("en/plans/matsue-digital-1/plan.json");
    assert!(json.contains("\"years\"") && json.contains("\"group\": \"digital-divide\""));
    // The department pages list Matsue's initiatives.
    let dept = read("ja/departments/matsue-personnel/index.html");
    assert!(dept.contains("多様な学びの環境整備"));
}
