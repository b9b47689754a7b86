//! What the site gives the world beyond its pages: each page's last-updated date (from content),
//! link-preview metadata (Open Graph) and JSON-LD, Atom feeds per language and per plan, and
//! redirect pages at the URLs of old ids. Dates come from the editors' `updated` front matter,
//! never from the clock, so builds stay byte-identical.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::page::PageContext;
use super::{OutputFile, PageJob, Renderer, json_for_script, urls};
use crate::escape::escape;
use crate::fiscal::Date;
use crate::markdown::to_plain_text;
use crate::model::{History, Plan};
use crate::render::views::{Link, PageMeta};

/// How many entries the per-language feed keeps (newest first); a plan's own feed keeps all.
pub const SITE_FEED_ENTRIES: usize = 100;

/// The newest content date of each page family, computed once for all pages.
pub(super) struct PageDates {
    /// Per language: each plan (itself, its initiatives and cases), by plan index.
    plans: BTreeMap<String, Vec<Option<Date>>>,
    /// Per language: each theme id and department key, from what they list.
    themes: BTreeMap<(String, String), Date>,
    departments: BTreeMap<(String, String), Date>,
    /// Per language: the glossary, and everything on the site.
    glossary: BTreeMap<String, Date>,
    all: BTreeMap<String, Date>,
}

/// The date of a document in `lang`, else in the default language.
fn date_in(history: &History, lang: &str, default: &str) -> Option<Date> {
    history.updated.get(lang).or_else(|| history.updated.get(default)).copied()
}

fn raise<K: Ord>(map: &mut BTreeMap<K, Date>, key: K, date: Option<Date>) {
    if let Some(date) = date {
        let slot = map.entry(key).or_insert(date);
        *slot = (*slot).max(date);
    }
}

impl PageDates {
    pub(super) fn new(site: &crate::model::Site) -> PageDates {
        let default = site.config.default_language();
        let mut dates = PageDates {
            plans: BTreeMap::new(),
            themes: BTreeMap::new(),
            departments: BTreeMap::new(),
            glossary: BTreeMap::new(),
            all: BTreeMap::new(),
        };
        for lang in &site.config.languages {
            let l = lang.clone();
            let mut per_plan = Vec::new();
            for plan in &site.plans {
                let own = date_in(&plan.history, lang, default);
                let mut newest = own;
                for i in &plan.initiatives {
                    let d = date_in(&i.history, lang, default).or(own);
                    newest = newest.max(d);
                    for t in &i.themes {
                        raise(&mut dates.themes, (l.clone(), t.clone()), d);
                    }
                    for k in &i.departments {
                        raise(&mut dates.departments, (l.clone(), k.clone()), d);
                    }
                }
                for c in &plan.cases {
                    let d = date_in(&c.history, lang, default).or(own);
                    newest = newest.max(d);
                    for t in &c.themes {
                        raise(&mut dates.themes, (l.clone(), t.clone()), d);
                    }
                }
                // A department page shows its city's registry entry too: it is as new as the
                // city's plans at least.
                for d in site.departments.iter().filter(|d| d.municipality_id == plan.municipality_id) {
                    raise(&mut dates.departments, (l.clone(), d.key.clone()), own);
                }
                raise(&mut dates.all, l.clone(), newest);
                per_plan.push(newest);
            }
            dates.plans.insert(l.clone(), per_plan);
            for term in &site.terms {
                let d = date_in(&term.history, lang, default);
                raise(&mut dates.glossary, l.clone(), d);
                raise(&mut dates.all, l.clone(), d);
            }
        }
        dates
    }
}

/// An embeddable card offered on a page.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedOffer {
    pub url: String,
    pub snippet: String,
}

/// Publishing metadata of one page, beside `page` in every template's context.
#[derive(Debug, Clone, Serialize)]
pub struct PublishView {
    /// The newest `updated` date of what the page shows, formatted; `None` when no document
    /// it shows carries one.
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    /// Open Graph `og:type`: `article` for documents, `website` for listings.
    pub og_type: &'static str,
    /// `og:locale` and the other languages' locales (`ja_JP`, from the i18n files).
    pub og_locale: String,
    pub og_locale_alternates: Vec<String>,
    /// Atom feeds to announce in the head: the language's feed, and the plan's on its pages.
    pub feeds: Vec<Link>,
    /// On plan and initiative pages: the page's `<iframe>` card and the snippet to paste.
    pub embed: Option<EmbedOffer>,
    /// The page's JSON-LD (`@graph` of a BreadcrumbList and the page's main thing), made safe
    /// for a `<script>` element.
    pub json_ld_html: String,
}

impl Renderer<'_> {
    /// The date a page shows as its last update.
    pub(super) fn page_updated(&self, job: &PageJob) -> Option<Date> {
        let default = self.site.config.default_language();
        let d = &self.dates;
        let lang_of = |l: &String| l.clone();
        match job {
            PageJob::Landing | PageJob::NotFound => d.all.get(default).copied(),
            PageJob::Plan(l, p) => d.plans.get(l).and_then(|v| v[*p]),
            PageJob::Initiative(l, p, i) | PageJob::EmbedInitiative(l, p, i) => {
                let plan = &self.site.plans[*p];
                date_in(&plan.initiatives[*i].history, l, default).or_else(|| date_in(&plan.history, l, default))
            }
            PageJob::EmbedPlan(l, p) => d.plans.get(l).and_then(|v| v[*p]),
            PageJob::Case(l, p, i) => {
                let plan = &self.site.plans[*p];
                date_in(&plan.cases[*i].history, l, default).or_else(|| date_in(&plan.history, l, default))
            }
            PageJob::Home(l) => d.plans.get(l).and_then(|v| v.iter().flatten().max().copied()),
            PageJob::Term(l, i) => date_in(&self.site.terms[*i].history, l, default),
            PageJob::Glossary(l) => d.glossary.get(l).copied(),
            PageJob::Theme(l, i) => d.themes.get(&(lang_of(l), self.site.themes[*i].id.clone())).copied(),
            PageJob::Themes(l) => d.themes.iter().filter(|((tl, _), _)| tl == l).map(|(_, v)| *v).max(),
            PageJob::Department(l, i) => d.departments.get(&(lang_of(l), self.site.departments[*i].key.clone())).copied(),
            PageJob::Departments(l) => d.departments.iter().filter(|((dl, _), _)| dl == l).map(|(_, v)| *v).max(),
            PageJob::Search(l) | PageJob::Statuses(l) | PageJob::Accessibility(l) | PageJob::Data(l) => d.all.get(l).copied(),
        }
    }

    pub(super) fn publish_view(&self, job: &PageJob, lang: &str, meta: &PageMeta) -> PublishView {
        let updated = self.page_updated(job);
        let og_locale = self.fmt.t(lang, "locale").to_string();
        let og_locale_alternates = self
            .langs()
            .iter()
            .filter(|l| *l != lang && !meta.alternates.is_empty())
            .map(|l| self.fmt.t(l, "locale").to_string())
            .collect();
        let mut feeds =
            vec![Link { title: self.fmt.t(lang, "feed.site_title").to_string(), url: self.url(&urls::site_feed(lang)) }];
        if let PageJob::Plan(_, p) | PageJob::Initiative(_, p, _) | PageJob::Case(_, p, _) = job {
            let plan = &self.site.plans[*p];
            let title = &plan.docs.get(lang).0.front.title;
            feeds.push(Link {
                title: self.fmt.i18n.fill(lang, "feed.plan_title", &[("plan", title)]),
                url: self.url(&urls::plan_feed(lang, &plan.id)),
            });
        }
        let og_type = match job {
            PageJob::Plan(..) | PageJob::Initiative(..) | PageJob::Case(..) | PageJob::Term(..) => "article",
            _ => "website",
        };
        let embed_path = match job {
            PageJob::Plan(_, p) => Some(urls::plan_embed(lang, &self.site.plans[*p].id)),
            PageJob::Initiative(_, p, i) => {
                let plan = &self.site.plans[*p];
                Some(urls::initiative_embed(lang, &plan.id, &plan.initiatives[*i].id))
            }
            _ => None,
        };
        let embed = embed_path.map(|path| EmbedOffer {
            url: self.url(&path),
            snippet: iframe_snippet(&self.site.config.base_url.absolute(&path), &meta.title),
        });
        PublishView {
            embed,
            updated: updated.map(|d| self.fmt.format_date(lang, &d.iso())),
            updated_iso: updated.map(|d| d.iso()),
            og_type,
            og_locale,
            og_locale_alternates,
            feeds,
            json_ld_html: json_for_script(&self.json_ld(job, lang, meta, updated)),
        }
    }

    /// The page's structured data: where it sits (BreadcrumbList) and what it is.
    fn json_ld<'a>(&'a self, job: &PageJob, lang: &str, meta: &'a PageMeta, updated: Option<Date>) -> JsonLd<'a> {
        let base = &self.site.config.base_url;
        let mut crumbs: Vec<ListItem> = meta
            .breadcrumbs
            .iter()
            .map(|c| (c.title.as_str(), base.absolute(c.url.strip_prefix(&base.path).unwrap_or(&c.url))))
            .chain(std::iter::once((meta.title.as_str(), meta.canonical.clone())))
            .enumerate()
            .map(|(n, (name, item))| ListItem { kind: "ListItem", item, name, position: n + 1 })
            .collect();
        if crumbs.is_empty() {
            crumbs.push(ListItem { kind: "ListItem", item: meta.canonical.clone(), name: &meta.title, position: 1 });
        }
        let breadcrumbs = Breadcrumbs { kind: "BreadcrumbList", items: crumbs };
        let main = match job {
            PageJob::Plan(_, p) => {
                let mut plan = self.plan_ld(&self.site.plans[*p], lang, meta);
                if let Some(d) = updated {
                    plan["dateModified"] = json!(d.iso());
                }
                MainEntity::Plan(plan)
            }
            _ => MainEntity::Page(self.web_page_ld(job, lang, meta, updated)),
        };
        JsonLd { context: "https://schema.org", graph: (breadcrumbs, main) }
    }

    /// What a page other than a plan's is, for its JSON-LD: a web page of the type its kind says.
    fn web_page_ld<'a>(&'a self, job: &PageJob, lang: &str, meta: &'a PageMeta, updated: Option<Date>) -> WebPage<'a> {
        let base = &self.site.config.base_url;
        let mut page = WebPage {
            id: &meta.canonical,
            kind: "WebPage",
            dataset: None,
            date_modified: updated.map(|d| d.iso()),
            description: (!meta.description.is_empty()).then_some(meta.description.as_str()),
            defined_term_set: None,
            language: &meta.content_lang,
            part_of: None,
            name: &meta.title,
            url: &meta.canonical,
        };
        match job {
            PageJob::Initiative(_, p, _) | PageJob::Case(_, p, _) => {
                page.kind = "CreativeWork";
                page.part_of = Some(IdRef { id: base.absolute(&urls::plan(lang, &self.site.plans[*p].id)) });
            }
            PageJob::Term(..) => {
                page.kind = "DefinedTerm";
                page.defined_term_set = Some(TermSetRef {
                    id: base.absolute(&urls::glossary(lang)),
                    kind: "DefinedTermSet",
                    name: self.fmt.t(lang, "glossary.title"),
                });
            }
            PageJob::Glossary(_) => page.kind = "DefinedTermSet",
            PageJob::Home(_) | PageJob::Landing => page.kind = "WebSite",
            PageJob::Data(_) => {
                page.kind = "DataCatalog";
                page.dataset = Some(self.site.plans.iter().map(|p| self.dataset_ld(p, lang)).collect());
            }
            _ => {}
        }
        page
    }

    /// A plan as schema.org sees it: a work published by its municipality (a government
    /// organisation), with its period as `temporalCoverage` and its open data as a Dataset.
    fn plan_ld(&self, plan: &Plan, lang: &str, meta: &PageMeta) -> Value {
        let (doc, content_lang) = plan.docs.get(lang);
        let f = &doc.front;
        let mut work = json!({
            "@type": "CreativeWork",
            "@id": meta.canonical,
            "url": meta.canonical,
            "name": f.title,
            "description": to_plain_text(&f.summary),
            "inLanguage": content_lang,
            "genre": self.fmt.t(lang, &format!("plan_kind.{}", plan.kind.id())),
            "publisher": { "@type": "GovernmentOrganization", "name": f.source.publisher },
            "spatialCoverage": { "@type": "AdministrativeArea", "name": f.municipality.name },
            "hasPart": plan.initiatives.iter().map(|i| json!({ "@id": self.site.config.base_url.absolute(&urls::plan_item(lang, &plan.id, &i.id)) })).collect::<Vec<_>>(),
            "subjectOf": self.dataset_ld(plan, lang),
        });
        if let Some(date) =
            f.adopted.as_ref().or(f.source.date.as_ref()).or(f.versions.iter().rev().find_map(|v| v.date.as_ref()))
        {
            work["datePublished"] = json!(date.get_ref());
        }
        if let Some(version) = f.version.as_ref().or(f.versions.last().map(|v| &v.version)) {
            work["version"] = json!(version);
        }
        if let Some((from, to)) = plan.period {
            // Fiscal years run April to March.
            work["temporalCoverage"] = json!(format!("{:04}-04/{:04}-03", from.0, to.0 + 1));
        }
        if let Some(url) = &f.source.url {
            work["isBasedOn"] = json!(url.get_ref());
        }
        work
    }

    /// The open data of a plan: one Dataset with its JSON and CSV files as distributions.
    pub(super) fn dataset_ld(&self, plan: &Plan, lang: &str) -> Value {
        let base = &self.site.config.base_url;
        let title = &plan.docs.get(lang).0.front.title;
        let distribution: Vec<Value> = self
            .data_files(lang, plan)
            .into_iter()
            .map(|(_, path, format)| json!({ "@type": "DataDownload", "encodingFormat": format, "contentUrl": base.absolute(&path) }))
            .collect();
        json!({
            "@type": "Dataset",
            "@id": format!("{}#dataset-{}", base.absolute(&urls::data(lang)), plan.id),
            "name": self.fmt.i18n.fill(lang, "data.dataset_name", &[("plan", title)]),
            "description": self.fmt.i18n.fill(lang, "data.dataset_description", &[("plan", title)]),
            "url": base.absolute(&format!("{}#dataset-{}", urls::data(lang), plan.id)),
            "inLanguage": lang,
            "isAccessibleForFree": true,
            "distribution": distribution,
        })
    }

    /// A plan's data files: (kind, site path, media type).
    pub(super) fn data_files(&self, lang: &str, plan: &Plan) -> Vec<(&'static str, String, &'static str)> {
        vec![
            ("plan_json", urls::plan_json(lang, &plan.id), "application/json"),
            ("initiatives_csv", urls::initiatives_csv(lang, &plan.id), "text/csv"),
            ("kpis_csv", urls::kpis_csv(lang, &plan.id), "text/csv"),
        ]
    }

    // ----- feeds -----------------------------------------------------------------------------

    /// The Atom feeds: one per language (newest [`SITE_FEED_ENTRIES`] entries of every plan)
    /// and one per plan and language.
    pub(super) fn feeds(&self) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for lang in self.langs() {
            let mut all = Vec::new();
            for plan in &self.site.plans {
                let mut entries = self.feed_entries(lang, plan);
                sort_entries(&mut entries);
                let title = self.fmt.i18n.fill(lang, "feed.plan_title", &[("plan", &plan.docs.get(lang).0.front.title)]);
                let path = urls::plan_feed(lang, &plan.id);
                let page = urls::plan(lang, &plan.id);
                files
                    .push(OutputFile { path: path.clone(), bytes: self.atom(lang, &title, &path, &page, &entries).into_bytes() });
                all.extend(entries);
            }
            sort_entries(&mut all);
            all.truncate(SITE_FEED_ENTRIES);
            let path = urls::site_feed(lang);
            let title = self.fmt.t(lang, "feed.site_title").to_string();
            files.push(OutputFile {
                path: path.clone(),
                bytes: self.atom(lang, &title, &path, &urls::home(lang), &all).into_bytes(),
            });
        }
        files
    }

    /// A plan's entries: its versions (dated history entries), the plan as published on this
    /// site, and each initiative and case by its own `updated` date or else the plan's.
    fn feed_entries(&self, lang: &str, plan: &Plan) -> Vec<FeedEntry> {
        let base = &self.site.config.base_url;
        let default = self.site.config.default_language();
        let (doc, _) = plan.docs.get(lang);
        let f = &doc.front;
        let plan_url = base.absolute(&urls::plan(lang, &plan.id));
        let own = date_in(&plan.history, lang, default);
        let mut entries = Vec::new();
        for v in &f.versions {
            let Some(date) = v.date.as_ref().and_then(|d| Date::parse(d.get_ref())) else { continue };
            entries.push(FeedEntry {
                id: format!("{plan_url}#{}", version_anchor(&v.version)),
                title: self.fmt.i18n.fill(lang, "feed.version_title", &[("plan", &f.title), ("version", &v.version)]),
                url: format!("{plan_url}#{}", version_anchor(&v.version)),
                updated: date,
                summary: v.changes.join(self.fmt.t(lang, "list_separator")),
            });
        }
        if let Some(date) = own {
            entries.push(FeedEntry {
                id: plan_url.clone(),
                title: f.title.clone(),
                url: plan_url.clone(),
                updated: date,
                summary: to_plain_text(&f.summary),
            });
        }
        let initiatives = plan.initiatives.iter().map(|i| {
            let f = &i.docs.get(lang).0.front;
            (&i.id, &i.history, i.numbered_title(lang), &f.summary)
        });
        let cases = plan.cases.iter().map(|c| {
            let f = &c.docs.get(lang).0.front;
            (&c.id, &c.history, f.title.clone(), &f.summary)
        });
        for (id, history, title, summary) in initiatives.chain(cases) {
            let Some(date) = date_in(history, lang, default).or(own) else { continue };
            let url = base.absolute(&urls::plan_item(lang, &plan.id, id));
            entries.push(FeedEntry { id: url.clone(), title, url, updated: date, summary: to_plain_text(summary) });
        }
        entries
    }

    fn atom(&self, lang: &str, title: &str, path: &str, page: &str, entries: &[FeedEntry]) -> String {
        let base = &self.site.config.base_url;
        let site_title = self.site_view(lang).title;
        let updated = entries.iter().map(|e| e.updated).max().unwrap_or(self.site.config.build_date);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", escape(lang)));
        out.push_str(&format!("  <id>{}</id>\n", escape(&base.absolute(path))));
        out.push_str(&format!("  <title>{}</title>\n", escape(title)));
        out.push_str(&format!("  <updated>{}</updated>\n", atom_time(updated)));
        out.push_str(&format!("  <author><name>{}</name></author>\n", escape(&site_title)));
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&base.absolute(path))
        ));
        out.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&base.absolute(page))));
        for e in entries {
            out.push_str("  <entry>\n");
            out.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
            out.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
            out.push_str(&format!("    <updated>{}</updated>\n", atom_time(e.updated)));
            out.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&e.url)));
            if !e.summary.is_empty() {
                out.push_str(&format!("    <summary>{}</summary>\n", escape(&e.summary)));
            }
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }

    // ----- redirects -------------------------------------------------------------------------

    /// A redirect page at every old id's URL, in every language: `(old path, new path)`.
    pub(super) fn redirects(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for lang in self.langs() {
            for plan in &self.site.plans {
                let plan_ids = std::iter::once(plan.id.as_str()).chain(plan.history.old_ids.iter().map(|o| o.id.as_str()));
                for (n, plan_id) in plan_ids.enumerate() {
                    let moved_plan = n > 0;
                    if moved_plan {
                        out.push((urls::plan(lang, plan_id), urls::plan(lang, &plan.id)));
                        out.push((urls::plan_embed(lang, plan_id), urls::plan_embed(lang, &plan.id)));
                    }
                    // Initiatives have cards; cases do not.
                    let items = plan
                        .initiatives
                        .iter()
                        .map(|i| (&i.id, &i.history, true))
                        .chain(plan.cases.iter().map(|c| (&c.id, &c.history, false)));
                    for (id, history, has_card) in items {
                        let ids = std::iter::once(id.as_str()).chain(history.old_ids.iter().map(|o| o.id.as_str()));
                        for (m, item_id) in ids.enumerate() {
                            if moved_plan || m > 0 {
                                out.push((urls::plan_item(lang, plan_id, item_id), urls::plan_item(lang, &plan.id, id)));
                                if has_card {
                                    out.push((
                                        urls::initiative_embed(lang, plan_id, item_id),
                                        urls::initiative_embed(lang, &plan.id, id),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
            for term in &self.site.terms {
                for old in &term.history.old_ids {
                    out.push((urls::term(lang, &old.id), urls::term(lang, &term.id)));
                }
            }
        }
        out.sort();
        out
    }

    pub(super) fn redirect_pages(&self) -> Vec<OutputFile> {
        self.redirects()
            .into_iter()
            .map(|(old, new)| {
                let lang = old.split('/').next().unwrap_or_default();
                let target = self.site.config.base_url.absolute(&new);
                let local = self.url(&new);
                let html = format!(
                    "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={local}\">\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p><a href=\"{local}\">{text}</a></p>\n</main>\n</body>\n</html>\n",
                    lang = escape(lang),
                    title = escape(self.fmt.t(lang, "redirect.title")),
                    target = escape(&target),
                    local = escape(&local),
                    text = escape(self.fmt.t(lang, "redirect.link")),
                );
                OutputFile { path: urls::file_of(&old), bytes: html.into_bytes() }
            })
            .collect()
    }
}

/// One entry of an Atom feed.
#[derive(Debug, Clone)]
struct FeedEntry {
    /// Permanent: the entry's absolute URL (with `#version-…` for a version).
    id: String,
    title: String,
    url: String,
    updated: Date,
    summary: String,
}

/// Newest first; entries of the same day by id, so the order never depends on the build.
fn sort_entries(entries: &mut [FeedEntry]) {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
}

/// An RFC 3339 time for a content date, at midnight in Japan (the plans' time zone); a date
/// without its day or month counts from the first.
pub fn atom_time(date: Date) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00+09:00", date.year, date.month.unwrap_or(1), date.day.unwrap_or(1))
}

/// The fragment id of a version row on the plan page: `version-3-2` for "3.2".
pub fn version_anchor(version: &str) -> String {
    let slug: String = version.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("version-{}", slug.trim_matches('-'))
}

/// A page's JSON-LD, serialised straight from these structs (a tree of `serde_json::Value`s per
/// page cost a thirtieth of a build). Fields are declared in the order of their JSON names, the
/// order in which a `serde_json::Value` object writes them, so the output is what it was.
#[derive(Serialize)]
pub(super) struct JsonLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: (Breadcrumbs<'a>, MainEntity<'a>),
}

#[derive(Serialize)]
struct Breadcrumbs<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

/// What the page is: a plan's own description (`plan_ld`), or a web page of some type.
#[derive(Serialize)]
#[serde(untagged)]
enum MainEntity<'a> {
    Plan(Value),
    Page(WebPage<'a>),
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dataset: Option<Vec<Value>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inDefinedTermSet", skip_serializing_if = "Option::is_none")]
    defined_term_set: Option<TermSetRef<'a>>,
    #[serde(rename = "inLanguage")]
    language: &'a str,
    #[serde(rename = "isPartOf", skip_serializing_if = "Option::is_none")]
    part_of: Option<IdRef>,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct IdRef {
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize)]
struct TermSetRef<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_times_are_rfc3339_in_japan() {
        assert_eq!(atom_time(Date::parse("2025-03").unwrap()), "2025-03-01T00:00:00+09:00");
        assert_eq!(atom_time(Date::parse("2026-12-01").unwrap()), "2026-12-01T00:00:00+09:00");
    }

    #[test]
    fn version_anchors_are_plain_ids() {
        assert_eq!(version_anchor("3.2"), "version-3-2");
        assert_eq!(version_anchor("Ver.1.3"), "version-ver-1-3");
    }

    #[test]
    fn entries_sort_newest_first_then_by_id() {
        let e = |id: &str, d: &str| FeedEntry {
            id: id.into(),
            title: String::new(),
            url: String::new(),
            updated: Date::parse(d).unwrap(),
            summary: String::new(),
        };
        let mut v = vec![e("b", "2025-01-01"), e("a", "2025-01-01"), e("c", "2026-01-01")];
        sort_entries(&mut v);
        assert_eq!(v.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["c", "a", "b"]);
    }
}

// ----- embeds ----------------------------------------------------------------------------------

/// An `<iframe>` card: what a city's website shows of a plan or an initiative.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedView {
    /// "浜松市 · 浜松市DX推進計画2.0" — whose and which plan.
    pub context: String,
    pub title: String,
    pub status: Option<super::views::StatusView>,
    /// Lines of "what happens this fiscal year" (an initiative's phase, a plan's counts).
    pub facts: Vec<(String, String)>,
    /// The full page, opened in the top window.
    pub page_url: String,
    pub lang: String,
}

impl super::PageRenderer<'_, '_> {
    pub(super) fn initiative_embed_context(&self, lang: &str, path: &str, plan: &Plan, index: usize) -> PageContext {
        let initiative = &plan.initiatives[index];
        let (doc, content_lang) = initiative.docs.get(lang);
        let f = &doc.front;
        let plan_front = &plan.docs.get(lang).0.front;
        let title = initiative.numbered_title(lang);
        let this_year =
            self.r.fmt.i18n.fill(lang, "embed.this_year", &[("year", &self.r.fmt.fy_label(lang, self.r.fmt.current_fy.0))]);
        let view = EmbedView {
            context: format!("{}{}{}", plan_front.municipality.name, self.r.fmt.t(lang, "embed.separator"), plan_front.title),
            title: title.clone(),
            status: Some(self.r.status_view(lang, &initiative.status)),
            facts: vec![(this_year, self.r.current_phase(lang, plan, f))],
            page_url: self.r.url(&urls::plan_item(lang, &plan.id, &initiative.id)),
            lang: content_lang.to_string(),
        };
        let mut meta = self.r.meta(lang, path, &title, &to_plain_text(&f.summary), vec![], content_lang, "embed");
        meta.head_title = self.r.fmt.i18n.fill(lang, "embed.head_title", &[("title", &meta.head_title)]);
        self.context(lang, meta, view)
    }

    pub(super) fn plan_embed_context(&self, lang: &str, path: &str, plan: &Plan) -> PageContext {
        let (doc, content_lang) = plan.docs.get(lang);
        let f = &doc.front;
        let mut facts = vec![(self.r.fmt.t(lang, "plan.period").to_string(), self.r.fmt.period_label(lang, plan))];
        let card = self.plan_card(lang, plan);
        facts.push((self.r.fmt.t(lang, "embed.contents").to_string(), card.count_label));
        // How many initiatives report each status, in the vocabulary's order.
        let config = &self.r.site.config;
        let counts: Vec<String> = config
            .statuses
            .iter()
            .filter_map(|s| {
                let n = plan.initiatives.iter().filter(|i| i.status == s.id).count();
                (n > 0).then(|| {
                    let v = self.r.status_view(lang, &s.id);
                    format!("{} {} {n}", v.symbol, v.name)
                })
            })
            .collect();
        if !counts.is_empty() {
            facts.push((self.r.fmt.t(lang, "embed.statuses").to_string(), counts.join(self.r.fmt.t(lang, "list_separator"))));
        }
        let view = EmbedView {
            context: f.municipality.name.clone(),
            title: f.title.clone(),
            status: None,
            facts,
            page_url: self.r.url(&urls::plan(lang, &plan.id)),
            lang: content_lang.to_string(),
        };
        let mut meta = self.r.meta(lang, path, &f.title, &to_plain_text(&f.summary), vec![], content_lang, "embed");
        meta.head_title = self.r.fmt.i18n.fill(lang, "embed.head_title", &[("title", &meta.head_title)]);
        self.context(lang, meta, view)
    }
}

/// The `<iframe>` snippet that shows a card on another site.
pub fn iframe_snippet(absolute_url: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"240\" style=\"border:0;max-width:40rem\" loading=\"lazy\"></iframe>",
        escape(absolute_url),
        escape(title)
    )
}
