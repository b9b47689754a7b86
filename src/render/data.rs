//! Open data: every plan as JSON (the whole structured content) and as CSV tables (initiatives,
//! KPI targets by fiscal year), in every language, at permanent URLs next to the plan page.
//! CSV files start with a UTF-8 byte-order mark so that spreadsheet programs common in Japanese
//! offices open them as UTF-8.

use serde::Serialize;

use super::{OutputFile, Renderer, urls};
use crate::model::{CaseFrontMatter, InitiativeFrontMatter, PlanFrontMatter, Provenance};
use crate::model::{Plan, Site};

/// Version of the JSON layout; raised when a field changes meaning or disappears.
/// Version 2: an initiative's `status` and `departments` are the resolved ones only (version 1
/// repeated both keys, with the front matter's raw values second).
pub const DATA_VERSION: u32 = 2;

/// What a CSV column holds, for the data catalogue's column dictionary. The meaning of each
/// column is an interface string, `data.column.{file}.{name}`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Column {
    pub name: &'static str,
    /// `id`, `text`, `integer`, `number`, `url`, `code` (one of `allowed`) or `list` (`; `-separated).
    pub kind: &'static str,
    /// The values the column may hold, when it is a code.
    pub allowed: &'static [&'static str],
}

const fn col(name: &'static str, kind: &'static str) -> Column {
    Column { name, kind, allowed: &[] }
}

const fn code(name: &'static str, allowed: &'static [&'static str]) -> Column {
    Column { name, kind: "code", allowed }
}

const SOURCES: &[&str] = &["plan", "derived", "editors"];

/// `initiatives.csv`: one row per initiative.
pub const INITIATIVE_COLUMNS: &[Column] = &[
    col("plan_id", "id"),
    col("initiative_id", "id"),
    col("number", "text"),
    col("pillar", "text"),
    col("group", "text"),
    col("title", "text"),
    col("status", "code"),
    col("departments", "list"),
    col("themes", "list"),
    col("actions", "integer"),
    col("kpis", "integer"),
    col("url", "url"),
];

/// `kpis.csv`: one row per KPI target, reported result or year-plan item per fiscal year.
pub const KPI_COLUMNS: &[Column] = &[
    col("plan_id", "id"),
    col("initiative_id", "id"),
    col("kpi_id", "id"),
    code("kind", &["kpi", "kgi"]),
    col("label", "text"),
    col("unit", "text"),
    col("fiscal_year", "integer"),
    code("type", &["target", "actual", "item"]),
    col("value", "number"),
    code("comparator", &["at-least", "at-most", "exactly", "about", "increase", "decrease"]),
    col("text", "text"),
    code("label_source", SOURCES),
    code("unit_source", SOURCES),
    code("value_source", SOURCES),
    col("derivation", "text"),
];

/// `initiative-departments.csv`: one row per initiative and responsible department.
pub const DEPARTMENT_COLUMNS: &[Column] =
    &[col("plan_id", "id"), col("initiative_id", "id"), col("department_key", "id"), col("department", "text")];

/// `initiative-themes.csv`: one row per initiative (or reference case) and theme.
pub const THEME_COLUMNS: &[Column] = &[col("plan_id", "id"), col("item_id", "id"), col("theme_id", "id"), col("theme", "text")];

/// The CSV tables, by file name, in catalogue order. Per plan: the first two; combined over
/// every plan: all four.
pub const CSV_TABLES: &[(&str, &[Column])] = &[
    ("initiatives.csv", INITIATIVE_COLUMNS),
    ("kpis.csv", KPI_COLUMNS),
    ("initiative-departments.csv", DEPARTMENT_COLUMNS),
    ("initiative-themes.csv", THEME_COLUMNS),
];

/// The JSON Schema of `plan.json`, published beside the data.
pub const PLAN_JSON_SCHEMA: &str = include_str!("../../docs/schema/plan-data.schema.json");

fn header(columns: &[Column]) -> Vec<String> {
    columns.iter().map(|c| c.name.to_string()).collect()
}

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
    /// The front matter without the keys resolved above.
    #[serde(flatten)]
    front: serde_json::Map<String, serde_json::Value>,
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
                    front: front_without(&d.front, &["status", "departments"]),
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

/// A front matter as a JSON object, without `keys` (which the envelope states resolved).
fn front_without(front: &InitiativeFrontMatter, keys: &[&str]) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(front) {
        Ok(serde_json::Value::Object(mut map)) => {
            for k in keys {
                map.remove(*k);
            }
            map
        }
        _ => serde_json::Map::new(),
    }
}

/// The rows of `initiatives.csv` (no header): one per initiative.
pub fn initiative_rows(site: &Site, plan: &Plan, lang: &str, url: &dyn Fn(&str) -> String) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for i in &plan.initiatives {
        let (d, _) = i.docs.get(lang);
        let pillar = plan.pillar_title(lang, &i.pillar);
        let group = i.group.as_ref().and_then(|g| plan.group(lang, g).map(|x| x.title.clone()));
        let departments: Vec<String> = i.departments.iter().filter_map(|k| department_name(site, k, lang)).collect();
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
    rows
}

fn department_name(site: &Site, key: &str, lang: &str) -> Option<String> {
    let dep = site.department(key)?;
    Some(dep.name.get(lang).0.clone())
}

/// The rows of `initiative-departments.csv`: one per initiative and department.
pub fn department_rows(site: &Site, plan: &Plan, lang: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for i in &plan.initiatives {
        for key in &i.departments {
            let name = department_name(site, key, lang).unwrap_or_default();
            rows.push(vec![plan.id.clone(), i.id.clone(), key.clone(), name]);
        }
    }
    rows
}

/// The rows of `initiative-themes.csv`: one per initiative or case and theme.
pub fn theme_rows(site: &Site, plan: &Plan, lang: &str) -> Vec<Vec<String>> {
    let name = |id: &str| site.theme(id).map(|t| t.name.get(lang).0.clone()).unwrap_or_default();
    let items = plan.initiatives.iter().map(|i| (&i.id, &i.themes)).chain(plan.cases.iter().map(|c| (&c.id, &c.themes)));
    let mut rows = Vec::new();
    for (id, themes) in items {
        for t in themes {
            rows.push(vec![plan.id.clone(), id.clone(), t.clone(), name(t)]);
        }
    }
    rows
}

/// The rows of `kpis.csv` (no header): one per KPI target (and reported actual) per fiscal
/// year. `year_labels` names the action items and the year's targets of a year-by-year plan.
pub fn kpi_rows(plan: &Plan, lang: &str, year_labels: (&str, &str)) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for i in &plan.initiatives {
        let (d, _) = i.docs.get(lang);
        for k in &d.front.kpis {
            let kind = if k.kind == crate::model::KpiKind::Kgi { "kgi" } else { "kpi" };
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
    rows
}

/// A cell as a spreadsheet must read it: text that starts like a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading apostrophe, as OWASP's CSV-injection advice says, so
/// Excel or LibreOffice shows it instead of running it. Numbers written by keikaku itself (such
/// as `-1.5`) are not text and stay as they are.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if formula_like { format!("'{cell}").into() } else { cell.into() }
}

/// A CSV file: the header, then the rows.
pub fn csv_file(columns: &[Column], rows: &[Vec<String>]) -> String {
    let mut out = csv(std::slice::from_ref(&header(columns)));
    out.push_str(&csv(rows)['\u{feff}'.len_utf8()..]);
    out
}

/// The lines of `rows` as [`csv`] writes them, without the byte-order mark.
fn csv_lines(rows: &[Vec<String>]) -> String {
    let mut out = csv(rows);
    out.drain(..'\u{feff}'.len_utf8());
    out
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

    /// JSON and CSV of every plan in every language (plans in parallel), the combined files of
    /// every plan, and the JSON Schema of `plan.json`.
    pub(super) fn open_data(&self, emit: &(dyn Fn(OutputFile) + Sync)) {
        use rayon::prelude::*;
        let absolute = |path: &str| self.site.config.base_url.absolute(path);
        for lang in self.langs() {
            // Each plan's part of the four combined tables (CSV lines without header or byte-order
            // mark), in plan order: the text, not the rows, which as strings per cell took
            // several times its size.
            let per_plan: Vec<[String; 4]> = self
                .site
                .plans
                .par_iter()
                .map(|plan| {
                    emit(OutputFile {
                        path: urls::plan_json(lang, &plan.id),
                        bytes: plan_json(plan, lang, &absolute).into_bytes(),
                    });
                    let initiatives = initiative_rows(self.site, plan, lang, &absolute);
                    let kpis = kpi_rows(plan, lang, (self.fmt.t(lang, "years.actions"), self.fmt.t(lang, "years.targets")));
                    emit(OutputFile {
                        path: urls::initiatives_csv(lang, &plan.id),
                        bytes: csv_file(INITIATIVE_COLUMNS, &initiatives).into_bytes(),
                    });
                    emit(OutputFile { path: urls::kpis_csv(lang, &plan.id), bytes: csv_file(KPI_COLUMNS, &kpis).into_bytes() });
                    [&initiatives, &kpis, &department_rows(self.site, plan, lang), &theme_rows(self.site, plan, lang)]
                        .map(|rows| csv_lines(rows))
                })
                .collect();
            for (n, (name, columns)) in CSV_TABLES.iter().enumerate() {
                let mut file = csv_file(columns, &[]);
                file.reserve(per_plan.iter().map(|tables| tables[n].len()).sum());
                per_plan.iter().for_each(|tables| file.push_str(&tables[n]));
                emit(OutputFile { path: urls::combined_data(lang, name), bytes: file.into_bytes() });
            }
        }
        emit(OutputFile { path: urls::plan_json_schema(), bytes: PLAN_JSON_SCHEMA.as_bytes().to_vec() });
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
