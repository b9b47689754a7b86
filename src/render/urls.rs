//! The URL scheme of the published site, in one place. These paths are permanent: the city
//! website links deep into them. Paths here are site paths without the base URL and without a
//! leading slash; `BaseUrl::local` and `BaseUrl::absolute` turn them into links.

/// `{lang}/` — the home page of a language.
pub fn home(lang: &str) -> String {
    format!("{lang}/")
}

/// `{lang}/plans/{plan}/`.
pub fn plan(lang: &str, plan: &str) -> String {
    format!("{lang}/plans/{plan}/")
}

/// `{lang}/plans/{plan}/{id}/` — an initiative or a reference case.
pub fn plan_item(lang: &str, plan: &str, id: &str) -> String {
    format!("{lang}/plans/{plan}/{id}/")
}

/// `{lang}/plans/{plan}/roadmap.svg` — the plan's roadmap as a standalone image.
pub fn plan_roadmap_svg(lang: &str, plan: &str) -> String {
    format!("{lang}/plans/{plan}/roadmap.svg")
}

/// `{lang}/plans/{plan}/{id}/roadmap.svg` — an initiative's roadmap as a standalone image.
pub fn initiative_roadmap_svg(lang: &str, plan: &str, id: &str) -> String {
    format!("{lang}/plans/{plan}/{id}/roadmap.svg")
}

/// `{lang}/plans/{plan}/plan.json` — the whole plan as open data.
pub fn plan_json(lang: &str, plan: &str) -> String {
    format!("{lang}/plans/{plan}/plan.json")
}

/// `{lang}/plans/{plan}/initiatives.csv` — one row per initiative.
pub fn initiatives_csv(lang: &str, plan: &str) -> String {
    format!("{lang}/plans/{plan}/initiatives.csv")
}

/// `{lang}/plans/{plan}/kpis.csv` — one row per KPI target or result per fiscal year.
pub fn kpis_csv(lang: &str, plan: &str) -> String {
    format!("{lang}/plans/{plan}/kpis.csv")
}

/// `{lang}/plans/{plan}/embed/` — the plan's card for an `<iframe>` on the city's website.
pub fn plan_embed(lang: &str, plan: &str) -> String {
    format!("{lang}/plans/{plan}/embed/")
}

/// `{lang}/plans/{plan}/{id}/embed/` — an initiative's card for an `<iframe>`.
pub fn initiative_embed(lang: &str, plan: &str, id: &str) -> String {
    format!("{lang}/plans/{plan}/{id}/embed/")
}

/// `{lang}/plans/{plan}/atom.xml` — what changed in one plan (Atom).
pub fn plan_feed(lang: &str, plan: &str) -> String {
    format!("{lang}/plans/{plan}/atom.xml")
}

/// `{lang}/atom.xml` — what changed on the site (Atom).
pub fn site_feed(lang: &str) -> String {
    format!("{lang}/atom.xml")
}

/// `{lang}/data/` — the data catalogue: every dataset with its column dictionary.
pub fn data(lang: &str) -> String {
    format!("{lang}/data/")
}

/// `{lang}/data/{file}` — the combined files of every plan (`initiatives.csv`, `kpis.csv`).
pub fn combined_data(lang: &str, file: &str) -> String {
    format!("{lang}/data/{file}")
}

/// `data/plan.schema.json` — the JSON Schema of every `plan.json`.
pub fn plan_json_schema() -> String {
    "data/plan.schema.json".to_string()
}

/// `{lang}/glossary/`.
pub fn glossary(lang: &str) -> String {
    format!("{lang}/glossary/")
}

/// `{lang}/glossary/{term}/`.
pub fn term(lang: &str, term: &str) -> String {
    format!("{lang}/glossary/{term}/")
}

/// The anchor of a term on the glossary page (without `#`).
pub fn term_anchor(term: &str) -> String {
    format!("term-{term}")
}

/// `{lang}/themes/`.
pub fn themes(lang: &str) -> String {
    format!("{lang}/themes/")
}

/// `{lang}/themes/{theme}/`.
pub fn theme(lang: &str, theme: &str) -> String {
    format!("{lang}/themes/{theme}/")
}

/// `{lang}/departments/`.
pub fn departments(lang: &str) -> String {
    format!("{lang}/departments/")
}

/// `{lang}/departments/{municipality}-{id}/`.
pub fn department(lang: &str, key: &str) -> String {
    format!("{lang}/departments/{key}/")
}

/// `{lang}/search/`.
pub fn search(lang: &str) -> String {
    format!("{lang}/search/")
}

/// `{lang}/search-index/` — the directory of a language's search index files.
pub fn search_index(lang: &str) -> String {
    format!("{lang}/search-index/")
}

/// `{lang}/accessibility/` — the accessibility policy (ウェブアクセシビリティ方針) and test results.
pub fn accessibility(lang: &str) -> String {
    format!("{lang}/accessibility/")
}

/// `{lang}/statuses/` — the published definitions of the status vocabulary.
pub fn statuses(lang: &str) -> String {
    format!("{lang}/statuses/")
}

/// `static/{file}` — theme assets.
pub fn asset(file: &str) -> String {
    format!("static/{file}")
}

/// The file a page path is written to (`ja/plans/x/` → `ja/plans/x/index.html`).
pub fn file_of(page_path: &str) -> String {
    if page_path.is_empty() || page_path.ends_with('/') { format!("{page_path}index.html") } else { page_path.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_the_documented_ones() {
        assert_eq!(plan_item("en", "hamamatsu-dx-2", "1-5-1"), "en/plans/hamamatsu-dx-2/1-5-1/");
        assert_eq!(term("ja", "dx"), "ja/glossary/dx/");
        assert_eq!(department("ja", "hamamatsu-digital-smart-city"), "ja/departments/hamamatsu-digital-smart-city/");
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("ja/"), "ja/index.html");
        assert_eq!(file_of("404.html"), "404.html");
        assert_eq!(initiative_embed("ja", "moka-dx", "1-1"), "ja/plans/moka-dx/1-1/embed/");
        assert_eq!(plan_feed("en", "moka-dx"), "en/plans/moka-dx/atom.xml");
        assert_eq!(site_feed("ja"), "ja/atom.xml");
    }
}
