//! Open data: every plan as JSON (the whole structured content) and as CSV tables (initiatives,
//! KPI targets by fiscal year), in every language, at permanent URLs next to the plan page.
//! CSV files start with a UTF-8 byte-order mark so that spreadsheet programs common in Japanese
//! offices open them as UTF-8.

use serde::Serialize;

use super::{OutputFile, Renderer, urls};

use crate::load::front_matter::{CaseFrontMatter, InitiativeFrontMatter, PlanFrontMatter, Provenance};
use crate::model::{Plan, Site};

/// Version of the JSON layout; raised when a field changes meaning or disappears.
pub const DATA_VERSION: u32 = 1;

#[derive(Serialize)]
struct PlanData<'a> {
    data_version: u32,
    id: &'a str,
    lang: &'a str,
    /// The language the text is in (the default language where no translation exists).
    text_lang: &'a str,
    url: String,
    plan: &'a PlanFrontMatter,
    initiatives: Vec<InitiativeData<'a>>,
    cases: Vec<CaseData<'a>>,
}

#[derive(Serialize)]
struct InitiativeData<'a> {
    id: &'a str,
    url: String,
    text_lang: &'a str,
    status: &'a str,
    /// Department keys (`{municipality}-{id}`).
    departments: &'a [String],
    #[serde(flatten)]
    front: &'a InitiativeFrontMatter,
    body: &'a str,
}

#[derive(Serialize)]
struct CaseData<'a> {
    id: &'a str,
    url: String,
    text_lang: &'a str,
    #[serde(flatten)]
    front: &'a CaseFrontMatter,
    body: &'a str,
}

/// The whole plan as pretty-printed JSON. `url` gives the absolute URL of a site path.
pub fn plan_json(plan: &Plan, lang: &str, url: &dyn Fn(&str) -> String) -> String {
    let (doc, text_lang) = plan.docs.get(lang);
    let data = PlanData {
        data_version: DATA_VERSION,
        id: &plan.id,
        lang,
        text_lang,
        url: url(&super::urls::plan(lang, &plan.id)),
        plan: &doc.front,
        initiatives: plan
            .initiatives
            .iter()
            .map(|i| {
                let (d, l) = i.docs.get(lang);
                InitiativeData {
                    id: &i.id,
                    url: url(&super::urls::plan_item(lang, &plan.id, &i.id)),
                    text_lang: l,
                    status: &i.status,
                    departments: &i.departments,
                    front: &d.front,
                    body: d.body.trim(),
                }
            })
            .collect(),
        cases: plan
            .cases
            .iter()
            .map(|c| {
                let (d, l) = c.docs.get(lang);
                CaseData {
                    id: &c.id,
                    url: url(&super::urls::plan_item(lang, &plan.id, &c.id)),
                    text_lang: l,
                    front: &d.front,
                    body: d.body.trim(),
                }
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&data).unwrap_or_default();
    json.push('\n');
    json
}

/// One row per initiative.
pub fn initiatives_csv(site: &Site, plan: &Plan, lang: &str, url: &dyn Fn(&str) -> String) -> String {
    let (plan_doc, _) = plan.docs.get(lang);
    let mut rows = vec![
        vec![
            "plan_id",
            "initiative_id",
            "number",
            "pillar",
            "group",
            "title",
            "status",
            "departments",
            "themes",
            "actions",
            "kpis",
            "url",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<String>>(),
    ];
    for i in &plan.initiatives {
        let (d, _) = i.docs.get(lang);
        let pillar =
            plan_doc.front.pillars.iter().find(|p| p.id.get_ref() == &i.pillar).map(|p| format!("{} {}", p.number, p.title));
        let group = i.group.as_ref().and_then(|g| {
            plan_doc.front.pillars.iter().flat_map(|p| p.groups.iter()).find(|x| x.id.get_ref() == g).map(|x| x.title.clone())
        });
        let departments: Vec<String> = i
            .departments
            .iter()
            .filter_map(|k| site.department(k))
            .map(|dep| dep.name.get(lang).or_else(|| dep.name.get(site.config.default_language())).cloned().unwrap_or_default())
            .collect();
        rows.push(vec![
            plan.id.clone(),
            i.id.clone(),
            d.front.number.clone(),
            pillar.unwrap_or_default(),
            group.unwrap_or_default(),
            d.front.title.clone(),
            i.status.clone(),
            departments.join("; "),
            i.themes.join("; "),
            d.front.actions.len().to_string(),
            d.front.kpis.len().to_string(),
            url(&super::urls::plan_item(lang, &plan.id, &i.id)),
        ]);
    }
    csv(&rows)
}

/// One row per KPI target (and reported actual) per fiscal year.
/// `year_labels` names the action items and the year's targets of a year-by-year plan in `lang`.
pub fn kpis_csv(plan: &Plan, lang: &str, year_labels: (&str, &str)) -> String {
    let mut rows = vec![
        [
            "plan_id",
            "initiative_id",
            "kpi_id",
            "kind",
            "label",
            "unit",
            "fiscal_year",
            "type",
            "value",
            "comparator",
            "text",
            "label_source",
            "unit_source",
            "value_source",
            "derivation",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<String>>(),
    ];
    for i in &plan.initiatives {
        let (d, _) = i.docs.get(lang);
        for k in &d.front.kpis {
            let kind = if k.kind == crate::load::front_matter::KpiKind::Kgi { "kgi" } else { "kpi" };
            // Provenance columns: `plan` (printed), `derived` (with its rule) or `editors`.
            let base = |fy: i32,
                        kind_of_row: &str,
                        value: Option<f64>,
                        comparator: &str,
                        text: Option<&String>,
                        source: Provenance,
                        derivation: Option<&String>| {
                vec![
                    plan.id.clone(),
                    i.id.clone(),
                    k.id.get_ref().clone(),
                    kind.to_string(),
                    k.label.clone(),
                    k.unit.clone().unwrap_or_default(),
                    fy.to_string(),
                    kind_of_row.to_string(),
                    value.map(|v| v.to_string()).unwrap_or_default(),
                    comparator.to_string(),
                    text.cloned().unwrap_or_default(),
                    k.label_source.id().to_string(),
                    if k.unit.is_some() { k.unit_source.id().to_string() } else { String::new() },
                    source.id().to_string(),
                    derivation.cloned().unwrap_or_default(),
                ]
            };
            for t in &k.targets {
                rows.push(base(
                    *t.fy.get_ref(),
                    "target",
                    t.value,
                    t.comparator.map(|c| c.id()).unwrap_or(""),
                    t.text.as_ref(),
                    t.source,
                    t.derivation.as_ref(),
                ));
            }
            for a in &k.actuals {
                rows.push(base(*a.fy.get_ref(), "actual", a.value, "", a.text.as_ref(), Provenance::Plan, None));
            }
        }
        // A year-by-year plan (Matsue's 取組事項（KPI） and 年次目標（KGI）): one row per item, in
        // the same long format, with fixed ids so that a data user can select them.
        for y in &d.front.years {
            let items = [("year-actions", "kpi", year_labels.0, &y.actions), ("year-targets", "kgi", year_labels.1, &y.targets)];
            for (id, kind, label, list) in items {
                for item in list {
                    rows.push(vec![
                        plan.id.clone(),
                        i.id.clone(),
                        id.to_string(),
                        kind.to_string(),
                        label.to_string(),
                        String::new(),
                        y.fy.get_ref().to_string(),
                        "item".to_string(),
                        String::new(),
                        String::new(),
                        item.clone(),
                        "plan".to_string(),
                        String::new(),
                        "plan".to_string(),
                        String::new(),
                    ]);
                }
            }
        }
    }
    csv(&rows)
}

/// A cell as a spreadsheet must read it: text that starts like a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading apostrophe, as OWASP's CSV-injection advice says, so
/// Excel or LibreOffice shows it instead of running it. Numbers written by keikaku itself (such
/// as `-1.5`) are not text and stay as they are.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if formula_like { format!("'{cell}").into() } else { cell.into() }
}

/// RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark; every cell spreadsheet-safe.
fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                let cell = spreadsheet_safe(cell);
                if cell.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", cell.replace('"', "\"\""))
                } else {
                    cell.into_owned()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

impl Renderer<'_> {
    // ----- open data ------------------------------------------------------------------------

    /// JSON and CSV of every plan in every language.
    pub(super) fn open_data(&self, emit: &(dyn Fn(OutputFile) + Sync)) {
        use rayon::prelude::*;
        let absolute = |path: &str| self.site.config.base_url.absolute(path);
        let jobs: Vec<(&String, &Plan)> = self.langs().iter().flat_map(|l| self.site.plans.iter().map(move |p| (l, p))).collect();
        jobs.par_iter().for_each(|&(lang, plan)| {
            emit(OutputFile { path: urls::plan_json(lang, &plan.id), bytes: plan_json(plan, lang, &absolute).into_bytes() });
            emit(OutputFile {
                path: urls::initiatives_csv(lang, &plan.id),
                bytes: initiatives_csv(self.site, plan, lang, &absolute).into_bytes(),
            });
            emit(OutputFile {
                path: urls::kpis_csv(lang, &plan.id),
                bytes: kpis_csv(plan, lang, (self.t(lang, "years.actions"), self.t(lang, "years.targets"))).into_bytes(),
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_quoting() {
        let rows = vec![vec!["a".to_string(), "b,c".to_string(), "say \"x\"".to_string(), "行1\n行2".to_string()]];
        assert_eq!(csv(&rows), "\u{feff}a,\"b,c\",\"say \"\"x\"\"\",\"行1\n行2\"\r\n");
    }

    #[test]
    fn formula_like_cells_are_neutralised() {
        let rows =
            vec![["=HYPERLINK(\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", "-1.5", "19", "a=b"].map(String::from).to_vec()];
        assert_eq!(csv(&rows), "\u{feff}\"'=HYPERLINK(\"\"x\"\")\",'+1+2,'-2+3,'@SUM(A1),'\tx,\"'\rx\",-1.5,19,a=b\r\n");
    }
}
