//! Provenance (issue 12): a fact the source does not print says so on the page, in the open data
//! and in search; a contradiction inside the source is recorded once, shown where it appears and
//! counted by `keikaku check`. Checked on the bundled content, where the read of Hamamatsu's
//! plan found such facts.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn a_derived_target_says_so_on_the_page_in_the_data_and_in_search() {
    let (_dir, out) = common::bundled_site_on_disk();
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    // Hamamatsu (1)-2: 19% in FY2025 is printed; 20–23% for FY2026–FY2029 come from
    // 「2029年度まで年1%ずつ上昇」.
    let page = read("ja/plans/hamamatsu-dx-2/1-2/index.html");
    let fy2026 = page.split("2026年度（令和8年度）</th>").nth(1).expect("the FY2026 row").split("</tr>").next().unwrap();
    assert!(fy2026.contains(r#"<span class="provenance">原典の「2029年度まで年1%ずつ上昇」から算出した値です"#), "{fy2026}");
    let fy2025 = page.split("2025年度（令和7年度）</th>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(!fy2025.contains("provenance"), "a printed target carries no note: {fy2025}");
    let en = read("en/plans/hamamatsu-dx-2/1-2/index.html");
    assert!(en.contains("Calculated from the source’s “Rising by 1 percentage point a year until FY2029”"));
    let csv = read("ja/plans/hamamatsu-dx-2/kpis.csv");
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",label_source,unit_source,value_source,derivation"), "{header}");
    assert!(csv.contains(",2026,target,20,,,plan,plan,derived,2029年度まで年1%ずつ上昇\r\n"), "{csv}");
    assert!(csv.contains(",2025,target,19,,,plan,plan,plan,\r\n"));
    // An editorial label and unit.
    let page = read("en/plans/hamamatsu-dx-2/1-1/index.html");
    assert!(page.contains("The source gives this KPI no name; this label was written by the editors."));
    let page = read("ja/plans/hamamatsu-dx-2/2-1/index.html");
    assert!(page.contains("原典には単位の記載がなく、単位は編集者が補ったものです。"));
    assert!(
        csv.lines().any(|l| l.starts_with("hamamatsu-dx-2,2-1,") && l.contains(",件,") && l.contains(",plan,editors,")),
        "{csv}"
    );
    // Search excerpts carry the note with the value.
    let docs: String = std::fs::read_dir(out.join("ja/search-index/docs"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(docs.contains("原典の「2029年度まで年1%ずつ上昇」から算出した値です"));
}

#[test]
fn a_contradiction_in_the_source_is_shown_and_counted_by_check() {
    let (_dir, out) = common::bundled_site_on_disk();
    let page = std::fs::read_to_string(out.join("ja/plans/hamamatsu-dx-2/2-6-1/index.html")).unwrap();
    assert!(page.contains(r#"<h2 id="source-conflicts">原典の記載の食い違い</h2>"#));
    assert!(
        page.contains("ロードマップでは「次期ネットワーク稼働」と（次期システムの）「稼働」がどちらも2028年度の欄にあります")
    );
    let en = std::fs::read_to_string(out.join("en/plans/hamamatsu-dx-2/2-6-1/index.html")).unwrap();
    assert!(en.contains("Where the source contradicts itself") && en.contains("puts both in the FY2028 column"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let check = Command::new(env!("CARGO_BIN_EXE_keikaku")).args(["--root", root.to_str().unwrap(), "check"]).output().unwrap();
    assert!(check.status.success(), "a contradiction is a note, not an error");
    let stdout = String::from_utf8_lossy(&check.stdout);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stdout.contains("notes: 2 recorded contradictions in the sources"), "{stdout}");
    assert!(
        stderr.contains("note: the source contradicts itself")
            && stderr.contains("--> content/plans/hamamatsu-dx-2/initiatives/2-5.ja.md"),
        "{stderr}"
    );
}

#[test]
fn one_off_steps_of_the_roadmap_are_milestones_not_bars_to_the_end() {
    // (2)-5 条例等改正 and (3)-2 フリーアドレス指針改定 テレワーク制度化 are one-off steps printed in
    // one year's column; they used to be drawn to FY2029. (2)-6-(1)'s 稼働 (operation) goes on,
    // so it stays a bar; its years contradict the KPI, which is recorded instead.
    let site = common::bundled_site();
    let plan = site.plan("hamamatsu-dx-2").unwrap();
    let milestones = |id: &str| -> Vec<(i32, String)> {
        let f = &plan.initiatives.iter().find(|i| i.id == id).unwrap().docs.default().front;
        f.roadmap.iter().flat_map(|r| r.milestones.iter().map(|m| (*m.fy.get_ref(), m.label.clone()))).collect()
    };
    assert_eq!(milestones("2-5"), [(2027, "条例等改正".to_string())]);
    assert!(milestones("2-6-1").is_empty());
    assert_eq!(milestones("3-2"), [(2026, "フリーアドレス指針改定 テレワーク制度化".to_string())]);
}

#[test]
fn a_plans_page_never_shows_another_plans_definition_as_its_own() {
    let (_dir, out) = common::bundled_site_on_disk();
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // AI議事録作成支援システム is defined by Hamamatsu (※16); Moka's tactic 7 uses the word.
    let moka = read("ja/plans/moka-dx/tactic-7/index.html");
    assert!(moka.contains("浜松市DX計画での定義：AIを活用して議事録を自動作成すること。"), "attributed on Moka's page");
    let hamamatsu = read("ja/plans/hamamatsu-dx-2/2-3/index.html");
    assert!(
        hamamatsu.contains(r#"role="tooltip" hidden>AIを活用して議事録を自動作成すること。"#),
        "Hamamatsu's own page quotes it plainly"
    );
    // The term's page keeps each plan's own definition with its source.
    let term = read("ja/glossary/dx/index.html");
    let defs =
        term.split(r#"<h2 id="plan-definitions">"#).nth(1).expect("each plan's definition").split("</section>").next().unwrap();
    assert!(
        defs.contains("浜松市")
            && defs.contains("先端技術やデータを活用して")
            && defs.contains("真岡市")
            && defs.contains("自治体行政全般に関する変革"),
        "{defs}"
    );
    // A definition the editors wrote is marked as theirs in every tooltip.
    assert!(
        moka.contains("編集者による説明：") && read("en/plans/moka-dx/tactic-7/index.html").contains("Editors’ explanation: ")
    );
}

/// Each definition the glossary says is quoted from a plan occurs in that plan's source text:
/// the plan's own `defined_in.text` where the entry gives one, else the first quoted sentence
/// (a `>` block) or the first sentence of the definition. Compared after NFKC and without spaces,
/// quotation marks and Markdown. Reads `../shared/seeds/` where present.
#[test]
fn every_plan_definition_is_the_sources_words() {
    use unicode_normalization::UnicodeNormalization;
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: ../shared/seeds/ is not beside the repository");
        return;
    }
    let squeeze = |s: &str| -> String {
        s.nfkc()
            .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '>' | '「' | '」' | '『' | '』' | '“' | '”' | '"' | '・' | '-'))
            .collect()
    };
    let first_sentence = |s: &str| -> String { s.trim().split(['。', '\n']).next().unwrap_or("").to_string() };
    let site = common::bundled_site();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for term in &site.terms {
        let doc = &term.docs.by_lang["ja"];
        if *doc.front.source.get_ref() != keikaku::load::front_matter::DefinitionSource::Plan {
            continue;
        }
        let quoted: Vec<&str> =
            doc.body.lines().filter_map(|l| l.strip_prefix('>')).map(str::trim).filter(|l| !l.is_empty()).collect();
        let fallback = quoted.first().map_or_else(|| doc.body.to_string(), |q| q.to_string());
        for def in &doc.front.defined_in {
            let plan = site.plan(def.plan.get_ref()).unwrap();
            let Some(file) = plan.docs.default().front.source.file.as_deref() else { continue };
            let seed = squeeze(&std::fs::read_to_string(seeds.join(file)).unwrap());
            let text = def.text.clone().unwrap_or_else(|| fallback.clone());
            let sentence = squeeze(&keikaku::render::markdown::to_plain_text(&first_sentence(&text)));
            checked += 1;
            if sentence.chars().count() < 4 || !seed.contains(&sentence) {
                wrong.push(format!("{} ({}): 「{sentence}」", term.id, def.plan.get_ref()));
            }
        }
    }
    assert!(checked >= 40, "checked {checked}");
    assert!(wrong.is_empty(), "definitions marked as a plan's words that the plan does not print:\n{}", wrong.join("\n"));
}
