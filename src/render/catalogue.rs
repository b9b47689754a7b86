//! The data catalogue (`/{lang}/data/`): every dataset of every plan in one place, the combined
//! files of all plans, and a column dictionary for each CSV table, built from the same column
//! tables that write the files (`data::CSV_TABLES`), so the two cannot disagree.

use serde::Serialize;

use super::data::{CSV_TABLES, Column};
use super::page::PageContext;
use super::views::Link;
use super::{PageRenderer, urls};

#[derive(Debug, Clone, Serialize)]
struct DatasetView {
    anchor: String,
    title: String,
    municipality: String,
    page_url: String,
    files: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
struct ColumnView {
    name: &'static str,
    kind: String,
    unit: String,
    allowed: Vec<String>,
    meaning: String,
}

#[derive(Debug, Clone, Serialize)]
struct TableDictionary {
    file: &'static str,
    anchor: String,
    description: String,
    /// Whether each plan has its own copy (else only the combined file exists).
    per_plan: bool,
    combined_url: String,
    columns: Vec<ColumnView>,
}

/// `data.html`.
#[derive(Debug, Clone, Serialize)]
struct DataPage {
    datasets: Vec<DatasetView>,
    tables: Vec<TableDictionary>,
    /// The JSON Schema of `plan.json`.
    schema_url: String,
}

impl PageRenderer<'_, '_> {
    pub(super) fn data_context(&self, lang: &str, path: &str) -> PageContext {
        let datasets: Vec<DatasetView> = self
            .r
            .site
            .plans
            .iter()
            .map(|plan| {
                let (doc, _) = plan.docs.get(lang);
                let files = self
                    .r
                    .data_files(lang, plan)
                    .into_iter()
                    .map(|(kind, file, _)| Link {
                        title: self.r.fmt.t(lang, &format!("plan.data_{kind}")).to_string(),
                        url: self.r.url(&file),
                    })
                    .collect();
                DatasetView {
                    anchor: format!("dataset-{}", plan.id),
                    title: doc.front.title.clone(),
                    municipality: doc.front.municipality.name.clone(),
                    page_url: self.r.url(&urls::plan(lang, &plan.id)),
                    files,
                }
            })
            .collect();
        let tables: Vec<TableDictionary> = CSV_TABLES
            .iter()
            .enumerate()
            .map(|(n, (file, columns))| {
                let stem = file.trim_end_matches(".csv");
                TableDictionary {
                    file,
                    anchor: format!("table-{stem}"),
                    description: self.r.fmt.t(lang, &format!("data.table.{stem}")).to_string(),
                    per_plan: n < 2,
                    combined_url: self.r.url(&urls::combined_data(lang, file)),
                    columns: columns.iter().map(|c| self.column_view(lang, stem, c)).collect(),
                }
            })
            .collect();
        let title = self.r.fmt.t(lang, "data.title").to_string();
        let meta = self.r.meta(lang, path, &title, self.r.fmt.t(lang, "data.description"), vec![], lang, "data");
        self.context(lang, meta, DataPage { datasets, tables, schema_url: self.r.url(&urls::plan_json_schema()) })
    }

    fn column_view(&self, lang: &str, stem: &str, c: &Column) -> ColumnView {
        // The status vocabulary is the site's own (keikaku.toml), so its codes come from there.
        let allowed: Vec<String> = if c.name == "status" {
            self.r.site.config.statuses.iter().map(|s| s.id.clone()).collect()
        } else {
            c.allowed.iter().map(|a| a.to_string()).collect()
        };
        let unit_key = format!("data.unit.{stem}.{}", c.name);
        ColumnView {
            name: c.name,
            kind: self.r.fmt.t(lang, &format!("data.kind.{}", c.kind)).to_string(),
            unit: if self.r.fmt.i18n.has(lang, &unit_key) { self.r.fmt.t(lang, &unit_key).to_string() } else { String::new() },
            allowed,
            meaning: self.r.fmt.t(lang, &format!("data.column.{stem}.{}", c.name)).to_string(),
        }
    }
}
