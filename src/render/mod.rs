//! Stage 3, render: turn the `Site` into output files — every page in every language through the
//! Tera theme, static assets, sitemap and robots.txt. Pages render in parallel (rayon) and are
//! collected in a fixed order, so the output is byte-identical for the same sources.

pub mod data;
pub mod i18n;
pub mod markdown;
pub mod terms;
pub mod urls;
pub mod views;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::chart;
use crate::diagnostics::Diagnostic;
use crate::escape::escape;
use crate::fiscal::{Date, FiscalYear};
use crate::glossary::linker::{LinkContext, LinkError, link_terms};
use crate::load::ThemeFiles;
use crate::load::front_matter::{Comparator, InitiativeFrontMatter, KpiKind, Table};
use crate::model::{Initiative, Plan, Site};
use i18n::I18n;
use views::*;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Site path, `/`-separated, no leading slash (`ja/plans/x/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The rendered site and the warnings produced on the way.
#[derive(Debug)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Which page to render; pages are listed first, then rendered in parallel.
#[derive(Debug, Clone)]
enum PageJob {
    Landing,
    Home(String),
    Plan(String, usize),
    Initiative(String, usize, usize),
    Case(String, usize, usize),
    Glossary(String),
    Term(String, usize),
    Themes(String),
    Theme(String, usize),
    Departments(String),
    Department(String, usize),
    Search(String),
    Statuses(String),
    Accessibility(String),
    NotFound,
}

/// Everything page rendering needs, shared read-only across threads.
struct Renderer<'a> {
    site: &'a Site,
    i18n: I18n,
    tera: Tera,
    current_fy: FiscalYear,
    /// Paths of the theme's static files.
    asset_names: Vec<String>,
    /// The glossary matchers of every language.
    terms: terms::TermIndexes,
    /// For each term (index into `site.terms`), the initiatives and cases using it:
    /// (plan index, initiative index or case index, is a case).
    term_uses: BTreeMap<usize, Vec<(usize, usize, bool)>>,
}

/// One page being rendered: the shared renderer plus the page's glossary-linking state (which
/// terms each section has linked, tooltip ids, link errors). Created per page, never shared.
struct PageRenderer<'p, 'a> {
    base: &'p Renderer<'a>,
    lang: String,
    /// The plan whose ※ notes apply on this page.
    plan: Option<String>,
    links: RefCell<PageLinks>,
}

struct PageLinks {
    context: LinkContext,
    /// Link errors with the text they were found in.
    errors: Vec<(String, LinkError)>,
}

impl<'a> Deref for PageRenderer<'_, 'a> {
    type Target = Renderer<'a>;
    fn deref(&self) -> &Renderer<'a> {
        self.base
    }
}

/// Renders the whole site.
pub fn render(site: &Site, theme: &ThemeFiles) -> Result<Rendered, Vec<Diagnostic>> {
    let (i18n, i18n_diagnostics) = I18n::load(theme, &site.config);
    let (errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        i18n_diagnostics.into_iter().partition(|d| d.severity == crate::diagnostics::Severity::Error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let tera = build_tera(theme)?;
    let base_url = &site.config.base_url;
    let terms = terms::TermIndexes::new(site, |lang, id| base_url.local(&urls::term(lang, id)))
        .map_err(|e| vec![Diagnostic::error(format!("cannot build the glossary matcher: {e}"))])?;
    let term_uses = term_uses(site, &terms);
    let renderer = Renderer {
        site,
        i18n,
        tera,
        current_fy: FiscalYear::containing(site.config.build_date),
        asset_names: theme.static_files.keys().cloned().collect(),
        terms,
        term_uses,
    };

    let jobs = renderer.jobs();
    let pages: Vec<Result<OutputFile, Vec<Diagnostic>>> = jobs.par_iter().map(|job| renderer.page(job)).collect();
    let mut files = Vec::with_capacity(pages.len() + theme.static_files.len() + 2);
    let mut errors = Vec::new();
    for page in pages {
        match page {
            Ok(file) => files.push(file),
            Err(mut e) => errors.append(&mut e),
        }
    }
    // The same text may fail on several pages (every language it falls back to): report once.
    errors.sort_by_key(|d| (d.position(), d.message.clone()));
    errors.dedup_by_key(|d| (d.position(), d.message.clone()));
    if !errors.is_empty() {
        return Err(errors);
    }
    files.extend(renderer.standalone_charts());
    files.extend(renderer.open_data());
    let indexes: Vec<Vec<OutputFile>> = renderer.langs().par_iter().map(|lang| renderer.search_index(lang)).collect();
    files.extend(indexes.into_iter().flatten());
    for (name, bytes) in &theme.static_files {
        files.push(OutputFile { path: urls::asset(name), bytes: bytes.clone() });
    }
    files.push(OutputFile { path: "sitemap.xml".to_string(), bytes: renderer.sitemap(&jobs).into_bytes() });
    files.push(OutputFile { path: "robots.txt".to_string(), bytes: renderer.robots().into_bytes() });
    files.push(OutputFile { path: ".nojekyll".to_string(), bytes: Vec::new() });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    warnings.sort_by_key(|w| w.message.clone());
    Ok(Rendered { files, warnings })
}

fn build_tera(theme: &ThemeFiles) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    // Tera's default escaper also rewrites `/` as `&#x2F;`, which bloats every URL; escaping the
    // five XML specials is what HTML needs in text and quoted attributes.
    tera.set_escape_fn(escape);
    let templates: Vec<(String, String)> = theme.templates.iter().map(|(name, file)| (name.clone(), file.text.clone())).collect();
    tera.add_raw_templates(templates).map_err(|e| vec![template_error("templates", &e)])?;
    Ok(tera)
}

fn template_error(name: &str, error: &tera::Error) -> Diagnostic {
    use std::error::Error;
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(format!("template `{name}`: {message}"))
}

/// Formats a number the way both languages print statistics: thousands separated by commas,
/// no trailing zeros.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let digits = format!("{}", value.abs() as i64);
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if value < 0.0 { format!("-{grouped}") } else { grouped }
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl Renderer<'_> {
    fn langs(&self) -> &[String] {
        &self.site.config.languages
    }

    fn jobs(&self) -> Vec<PageJob> {
        let mut jobs = vec![PageJob::Landing, PageJob::NotFound];
        for lang in self.langs() {
            let l = lang.clone();
            jobs.push(PageJob::Home(l.clone()));
            for (p, plan) in self.site.plans.iter().enumerate() {
                jobs.push(PageJob::Plan(l.clone(), p));
                jobs.extend((0..plan.initiatives.len()).map(|i| PageJob::Initiative(l.clone(), p, i)));
                jobs.extend((0..plan.cases.len()).map(|i| PageJob::Case(l.clone(), p, i)));
            }
            jobs.push(PageJob::Glossary(l.clone()));
            jobs.extend((0..self.site.terms.len()).map(|i| PageJob::Term(l.clone(), i)));
            jobs.push(PageJob::Themes(l.clone()));
            jobs.extend((0..self.site.themes.len()).map(|i| PageJob::Theme(l.clone(), i)));
            jobs.push(PageJob::Departments(l.clone()));
            jobs.extend((0..self.site.departments.len()).map(|i| PageJob::Department(l.clone(), i)));
            jobs.push(PageJob::Search(l.clone()));
            jobs.push(PageJob::Statuses(l.clone()));
            jobs.push(PageJob::Accessibility(l));
        }
        jobs
    }

    /// The site path of a job's page.
    fn path_of(&self, job: &PageJob) -> String {
        let site = self.site;
        match job {
            PageJob::Landing => String::new(),
            PageJob::NotFound => "404.html".to_string(),
            PageJob::Home(l) => urls::home(l),
            PageJob::Plan(l, p) => urls::plan(l, &site.plans[*p].id),
            PageJob::Initiative(l, p, i) => urls::plan_item(l, &site.plans[*p].id, &site.plans[*p].initiatives[*i].id),
            PageJob::Case(l, p, i) => urls::plan_item(l, &site.plans[*p].id, &site.plans[*p].cases[*i].id),
            PageJob::Glossary(l) => urls::glossary(l),
            PageJob::Term(l, i) => urls::term(l, &site.terms[*i].id),
            PageJob::Themes(l) => urls::themes(l),
            PageJob::Theme(l, i) => urls::theme(l, &site.themes[*i].id),
            PageJob::Departments(l) => urls::departments(l),
            PageJob::Department(l, i) => urls::department(l, &site.departments[*i].key),
            PageJob::Search(l) => urls::search(l),
            PageJob::Statuses(l) => urls::statuses(l),
            PageJob::Accessibility(l) => urls::accessibility(l),
        }
    }

    fn t<'s>(&'s self, lang: &str, key: &'s str) -> &'s str {
        self.i18n.t(lang, key)
    }

    fn url(&self, site_path: &str) -> String {
        self.site.config.base_url.local(site_path)
    }

    fn page(&self, job: &PageJob) -> Result<OutputFile, Vec<Diagnostic>> {
        let path = self.path_of(job);
        let lang =
            path.split('/').next().filter(|l| self.langs().iter().any(|x| x == l)).unwrap_or(self.site.config.default_language());
        let plan = match job {
            PageJob::Plan(_, p) | PageJob::Initiative(_, p, _) | PageJob::Case(_, p, _) => Some(self.site.plans[*p].id.clone()),
            _ => None,
        };
        let page = PageRenderer {
            base: self,
            lang: lang.to_string(),
            plan,
            links: RefCell::new(PageLinks { context: LinkContext::new("term-tip-"), errors: Vec::new() }),
        };
        let (template, context) = page.context_of(job, &path);
        let errors = page.links.into_inner().errors;
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|(text, e)| self.link_error(&text, &e)).collect());
        }
        let html = self.tera.render(template, &context).map_err(|e| vec![template_error(template, &e)])?;
        Ok(OutputFile { path: urls::file_of(&path), bytes: html.into_bytes() })
    }

    /// A glossary link error as a diagnostic, located in whichever source file holds the text.
    fn link_error(&self, text: &str, error: &LinkError) -> Diagnostic {
        let snippet = text.get(error.span.clone()).unwrap_or(text);
        let files = self.site.plans.iter().flat_map(|p| {
            p.docs
                .by_lang
                .values()
                .map(|d| &d.file)
                .chain(p.initiatives.iter().flat_map(|i| i.docs.by_lang.values().map(|d| &d.file)))
                .chain(p.cases.iter().flat_map(|c| c.docs.by_lang.values().map(|d| &d.file)))
        });
        let files: Vec<&std::sync::Arc<crate::diagnostics::SourceFile>> =
            files.chain(self.site.terms.iter().flat_map(|t| t.docs.by_lang.values().map(|d| &d.file))).collect();
        let found = files.iter().find_map(|f| {
            let base = f.text.find(text).map(|i| i + error.span.start).or_else(|| f.text.find(snippet))?;
            Some((*f, base))
        });
        let mut d = match found {
            Some((file, at)) => Diagnostic::error_at(file, at..at + snippet.len(), error.to_string()),
            None => Diagnostic::error(format!("{error} in `{snippet}`")),
        };
        if let Some(help) = error.help() {
            d = d.help(help);
        }
        d
    }
}

impl PageRenderer<'_, '_> {
    fn context_of(&self, job: &PageJob, path: &str) -> (&'static str, tera::Context) {
        let path = path.to_string();
        match job {
            PageJob::Landing => ("landing.html", self.landing_context()),
            PageJob::NotFound => ("404.html", self.not_found_context()),
            PageJob::Home(l) => ("home.html", self.home_context(l, &path)),
            PageJob::Plan(l, p) => ("plan.html", self.plan_context(l, &path, &self.site.plans[*p])),
            PageJob::Initiative(l, p, i) => ("initiative.html", self.initiative_context(l, &path, &self.site.plans[*p], *i)),
            PageJob::Case(l, p, i) => ("case.html", self.case_context(l, &path, &self.site.plans[*p], *i)),
            PageJob::Glossary(l) => ("glossary.html", self.glossary_context(l, &path)),
            PageJob::Term(l, i) => ("term.html", self.term_context(l, &path, *i)),
            PageJob::Themes(l) => ("themes.html", self.themes_context(l, &path)),
            PageJob::Theme(l, i) => ("theme.html", self.theme_context(l, &path, *i)),
            PageJob::Departments(l) => ("departments.html", self.departments_context(l, &path)),
            PageJob::Department(l, i) => ("department.html", self.department_context(l, &path, *i)),
            PageJob::Search(l) => ("search.html", self.search_context(l, &path)),
            PageJob::Statuses(l) => ("statuses.html", self.statuses_context(l, &path)),
            PageJob::Accessibility(l) => ("accessibility.html", self.accessibility_context(l, &path)),
        }
    }

    /// Starts a new section of the page: each glossary term is linked again once.
    fn section(&self) {
        self.links.borrow_mut().context.start_section();
    }

    fn link_with<F>(&self, text: &str, render: F) -> String
    where
        F: FnOnce(&str, &mut markdown::Linker<'_, Vec<LinkError>>) -> Result<String, Vec<LinkError>>,
    {
        let Some(lookup) = self.terms.lookup(&self.lang, self.plan.as_deref()) else {
            return render(text, &mut |_, events| Ok(events.into_iter().map(|(e, _)| e).collect())).unwrap_or_default();
        };
        let mut links = self.links.borrow_mut();
        let result = render(text, &mut |source, events| link_terms(source, events, &mut links.context, &lookup));
        match result {
            Ok(html) => html,
            Err(errors) => {
                links.errors.extend(errors.into_iter().map(|e| (text.to_string(), e)));
                String::new()
            }
        }
    }

    /// The first text of a new section of the page (see `section`), as HTML.
    fn md_section(&self, text: &str) -> String {
        self.section();
        self.md(text)
    }

    /// Text shown inside a heading: no glossary links there.
    fn heading(&self, text: &str) -> String {
        self.link_with(text, |t, link| markdown::to_heading_html(t, link))
    }

    /// Markdown text (a body or a long field) as HTML, with glossary links.
    fn md(&self, text: &str) -> String {
        self.link_with(text, |t, link| markdown::to_html(t, 1, "section-", link))
    }

    /// A one-paragraph field as inline HTML, with glossary links.
    fn md_inline(&self, text: &str) -> String {
        self.link_with(text, |t, link| markdown::to_inline_html(t, link))
    }
}

impl Renderer<'_> {
    // ----- shared pieces -------------------------------------------------------------------

    fn site_view(&self, lang: &str) -> SiteView {
        let config = &self.site.config;
        let title = config.title.get(lang).or_else(|| config.title.get(config.default_language())).cloned().unwrap_or_default();
        let description = config.description.get(lang).cloned().unwrap_or_default();
        let date = config.build_date;
        let build_date =
            date.format(self.t(lang, "date.year"), self.t(lang, "date.month"), self.t(lang, "date.day"), &self.month_names(lang));
        // Only assets the theme really has: templates test for them (`{% if site.assets.x_js %}`).
        let assets = self.asset_names.iter().map(|f| (f.replace(['.', '-', '/'], "_"), self.url(&urls::asset(f)))).collect();
        SiteView {
            title,
            description,
            home_url: self.url(&urls::home(lang)),
            root_url: self.url(""),
            search_url: self.url(&urls::search(lang)),
            glossary_url: self.url(&urls::glossary(lang)),
            themes_url: self.url(&urls::themes(lang)),
            departments_url: self.url(&urls::departments(lang)),
            statuses_url: self.url(&urls::statuses(lang)),
            accessibility_url: self.url(&urls::accessibility(lang)),
            build_date,
            build_date_iso: date.iso(),
            assets,
        }
    }

    fn month_names(&self, lang: &str) -> Vec<String> {
        (1..=12).map(|m| self.t(lang, &format!("date.month_{m}")).to_string()).collect()
    }

    fn format_date(&self, lang: &str, text: &str) -> String {
        match Date::parse(text) {
            Some(d) => {
                d.format(self.t(lang, "date.year"), self.t(lang, "date.month"), self.t(lang, "date.day"), &self.month_names(lang))
            }
            None => text.to_string(),
        }
    }

    fn fy_label(&self, lang: &str, fy: i32) -> String {
        FiscalYear(fy).format(self.t(lang, "fiscal_year.long"))
    }

    fn fy_short(&self, lang: &str, fy: i32) -> String {
        FiscalYear(fy).format(self.t(lang, "fiscal_year.short"))
    }

    fn period_label(&self, lang: &str, plan: &Plan) -> String {
        match plan.period {
            Some((from, to)) => self.i18n.fill(
                lang,
                "plan.period_range",
                &[("from", &self.fy_label(lang, from.0)), ("to", &self.fy_label(lang, to.0))],
            ),
            None => self.t(lang, "plan.period_unknown").to_string(),
        }
    }

    /// Page metadata. `path` starts with `{lang}/` for language pages.
    #[allow(clippy::too_many_arguments)]
    fn meta(
        &self,
        lang: &str,
        path: &str,
        title: &str,
        description: &str,
        crumbs: Vec<Link>,
        content_lang: &str,
        kind: &str,
    ) -> PageMeta {
        let config = &self.site.config;
        let site_title =
            config.title.get(lang).or_else(|| config.title.get(config.default_language())).cloned().unwrap_or_default();
        let rest = path.strip_prefix(&format!("{lang}/")).unwrap_or(path);
        let alternates: Vec<Alternate> = self
            .langs()
            .iter()
            .map(|l| {
                let p = format!("{l}/{rest}");
                Alternate {
                    lang: l.clone(),
                    name: self.t(l, "language_name").to_string(),
                    url: self.url(&p),
                    absolute_url: config.base_url.absolute(&p),
                    current: l == lang,
                }
            })
            .collect();
        let x_default = config.base_url.absolute(&format!("{}/{rest}", config.default_language()));
        let fallback = (content_lang != lang).then(|| Fallback {
            lang: content_lang.to_string(),
            notice: self.i18n.fill(lang, "fallback.notice", &[("language", self.t(content_lang, "language_name"))]),
        });
        let mut breadcrumbs = vec![Link { title: self.t(lang, "nav.home").to_string(), url: self.url(&urls::home(lang)) }];
        breadcrumbs.extend(crumbs);
        PageMeta {
            lang: lang.to_string(),
            head_title: if title == site_title { title.to_string() } else { format!("{title} | {site_title}") },
            title: title.to_string(),
            description: description.to_string(),
            path: path.to_string(),
            canonical: config.base_url.absolute(path),
            alternates,
            x_default,
            breadcrumbs,
            fallback,
            content_lang: content_lang.to_string(),
            kind: kind.to_string(),
        }
    }

    fn context(&self, lang: &str, meta: PageMeta, data: impl Serialize) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("site", &self.site_view(lang));
        context.insert("t", &self.i18n.strings(lang));
        context.insert("page", &meta);
        context.insert("data", &data);
        context
    }

    fn status_view(&self, lang: &str, id: &str) -> StatusView {
        let config = &self.site.config;
        let status = config.statuses.iter().find(|s| s.id == id).unwrap_or_else(|| config.default_status());
        let pick =
            |m: &BTreeMap<String, String>| m.get(lang).or_else(|| m.get(config.default_language())).cloned().unwrap_or_default();
        StatusView {
            id: status.id.clone(),
            symbol: status.symbol.clone(),
            name: pick(&status.name),
            definition: pick(&status.definition),
            url: format!("{}#status-{}", self.url(&urls::statuses(lang)), status.id),
        }
    }

    /// Links to themes by id, named in `lang`.
    fn theme_links(&self, lang: &str, ids: &[String]) -> Vec<Link> {
        ids.iter()
            .filter_map(|t| self.site.theme(t))
            .map(|t| Link { title: self.registry_name(lang, &t.name).0, url: self.url(&urls::theme(lang, &t.id)) })
            .collect()
    }

    /// Links to glossary terms by id, as written in `lang`.
    fn term_links(&self, lang: &str, ids: &[String]) -> Vec<Link> {
        ids.iter()
            .filter_map(|t| self.site.term(t))
            .map(|t| Link { title: t.docs.get(lang).0.front.term.clone(), url: self.url(&urls::term(lang, &t.id)) })
            .collect()
    }

    fn registry_name(&self, lang: &str, names: &BTreeMap<String, String>) -> (String, String) {
        match names.get(lang) {
            Some(n) => (n.clone(), lang.to_string()),
            None => {
                let d = self.site.config.default_language();
                (names.get(d).cloned().unwrap_or_default(), d.to_string())
            }
        }
    }

    /// What the roadmap schedules for the current fiscal year, as text.
    fn current_phase(&self, lang: &str, plan: &Plan, front: &InitiativeFrontMatter) -> String {
        let fy = self.current_fy.0;
        if let Some((from, to)) = plan.period
            && (fy < from.0 || fy > to.0)
        {
            return self.t(lang, "phase.outside_period").to_string();
        }
        let mut labels: Vec<String> = Vec::new();
        for row in &front.roadmap {
            for phase in &row.phases {
                let ongoing = phase.continues && fy > *phase.to.get_ref();
                let scheduled = (*phase.from.get_ref() <= fy && fy <= *phase.to.get_ref()) || ongoing;
                if scheduled && !labels.contains(&phase.label) {
                    labels.push(phase.label.clone());
                }
            }
        }
        if front.roadmap.is_empty() {
            self.t(lang, "phase.no_roadmap").to_string()
        } else if labels.is_empty() {
            self.t(lang, "phase.none").to_string()
        } else {
            labels.join(self.t(lang, "list_separator"))
        }
    }

    fn initiative_card(&self, lang: &str, plan: &Plan, initiative: &Initiative, relisted: bool) -> InitiativeCard {
        let (doc, content_lang) = initiative.docs.get(lang);
        let (plan_doc, _) = plan.docs.get(lang);
        InitiativeCard {
            id: initiative.id.clone(),
            url: self.url(&urls::plan_item(lang, &plan.id, &initiative.id)),
            number: doc.front.number.clone(),
            title: doc.front.title.clone(),
            plan_title: plan_doc.front.short_title.clone().unwrap_or_else(|| plan_doc.front.title.clone()),
            plan_url: self.url(&urls::plan(lang, &plan.id)),
            municipality: plan_doc.front.municipality.name.clone(),
            status: self.status_view(lang, &initiative.status),
            current_phase: self.current_phase(lang, plan, &doc.front),
            relisted,
            lang: content_lang.to_string(),
        }
    }

    fn tables(&self, tables: &[Table]) -> Vec<TableView> {
        tables
            .iter()
            .map(|t| TableView {
                id: t.id.get_ref().clone(),
                caption: t.caption.clone(),
                columns: t.columns.clone(),
                rows: t.rows.get_ref().clone(),
                note: t.note.clone().unwrap_or_default(),
            })
            .collect()
    }

    fn years_of(&self, lang: &str, from: i32, to: i32) -> Vec<YearColumn> {
        (from..=to)
            .map(|fy| YearColumn {
                fy,
                label: self.fy_label(lang, fy),
                short: self.fy_short(lang, fy),
                era: FiscalYear(fy).format(self.t(lang, "fiscal_year.era")),
                current: fy == self.current_fy.0,
            })
            .collect()
    }

    /// The fiscal years a roadmap table shows: the plan period, or the years the rows use.
    fn roadmap_years(&self, plan: &Plan, fronts: &[&InitiativeFrontMatter]) -> Option<(i32, i32)> {
        if let Some((from, to)) = plan.period {
            return Some((from.0, to.0));
        }
        let years: Vec<i32> = fronts
            .iter()
            .flat_map(|f| f.roadmap.iter())
            .flat_map(|r| {
                r.phases
                    .iter()
                    .flat_map(|p| [*p.from.get_ref(), *p.to.get_ref()])
                    .chain(r.milestones.iter().map(|m| *m.fy.get_ref()))
            })
            .collect();
        Some((*years.iter().min()?, *years.iter().max()?))
    }

    fn roadmap_rows(&self, front: &InitiativeFrontMatter, years: &[YearColumn]) -> Vec<RoadmapRowView> {
        front
            .roadmap
            .iter()
            .map(|row| {
                let label = roadmap_row_label(front, row);
                let cells = years
                    .iter()
                    .map(|y| {
                        let mut parts: Vec<String> = Vec::new();
                        for p in &row.phases {
                            if *p.from.get_ref() <= y.fy && y.fy <= *p.to.get_ref() {
                                parts.push(p.label.clone());
                            }
                        }
                        for m in &row.milestones {
                            if *m.fy.get_ref() == y.fy {
                                parts.push(format!("◆ {}", m.label));
                            }
                        }
                        parts.join(" / ")
                    })
                    .collect();
                RoadmapRowView { label, url: String::new(), cells, continues: row.phases.iter().any(|p| p.continues) }
            })
            .collect()
    }

    fn value_with_unit(&self, lang: &str, value: f64, unit: &str) -> String {
        let number = format_number(value);
        if unit.is_empty() {
            number
        } else if unit == "%" {
            format!("{number}%")
        } else {
            self.i18n.fill(lang, "kpi.value_with_unit", &[("value", &number), ("unit", unit)])
        }
    }

    fn comparator_text(&self, lang: &str, comparator: Option<Comparator>, value: &str) -> String {
        match comparator {
            Some(c) => self.i18n.fill(lang, &format!("comparator.{}", c.id()), &[("value", value)]),
            None => value.to_string(),
        }
    }

    // ----- open data ------------------------------------------------------------------------

    /// JSON and CSV of every plan in every language.
    fn open_data(&self) -> Vec<OutputFile> {
        let absolute = |path: &str| self.site.config.base_url.absolute(path);
        let mut files = Vec::new();
        for lang in self.langs() {
            for plan in &self.site.plans {
                files.push(OutputFile {
                    path: urls::plan_json(lang, &plan.id),
                    bytes: data::plan_json(plan, lang, &absolute).into_bytes(),
                });
                files.push(OutputFile {
                    path: urls::initiatives_csv(lang, &plan.id),
                    bytes: data::initiatives_csv(self.site, plan, lang, &absolute).into_bytes(),
                });
                files.push(OutputFile { path: urls::kpis_csv(lang, &plan.id), bytes: data::kpis_csv(plan, lang).into_bytes() });
            }
        }
        files
    }

    // ----- search ---------------------------------------------------------------------------

    /// The search index of one language: every plan, initiative, reference case and term.
    fn search_index(&self, lang: &str) -> Vec<OutputFile> {
        let dir = urls::search_index(lang);
        crate::search::build_index(&self.search_docs(lang))
            .into_iter()
            .map(|(path, bytes)| OutputFile { path: format!("{dir}{path}"), bytes })
            .collect()
    }

    fn search_docs(&self, lang: &str) -> Vec<crate::search::SearchDoc> {
        use crate::search::SearchDoc;
        let plain = markdown::to_plain_text;
        let kind_label = |kind: &str| self.t(lang, &format!("search.kind_{kind}")).to_string();
        let term_names = |found: BTreeSet<usize>| -> Vec<String> {
            found.into_iter().map(|i| self.site.terms[i].docs.get(lang).0.front.term.clone()).collect()
        };
        let mut docs = Vec::new();
        for plan in &self.site.plans {
            let (doc, _) = plan.docs.get(lang);
            let f = &doc.front;
            let plan_title = f.short_title.clone().unwrap_or_else(|| f.title.clone());
            let city = f.municipality.name.clone();
            let mut body = vec![plain(&f.summary)];
            body.extend(f.vision.iter().chain(f.vision_detail.iter()).cloned());
            body.extend(f.pillars.iter().map(|p| format!("{} {}", p.number, p.title)));
            body.extend(f.principles.iter().map(|p| format!("{} {}", p.title, p.text.as_deref().map(plain).unwrap_or_default())));
            body.extend(f.organisation.iter().map(|o| format!("{} {}", o.name, plain(&o.role))));
            body.push(plain(&doc.body));
            docs.push(SearchDoc {
                url: self.url(&urls::plan(lang, &plan.id)),
                title: f.title.clone(),
                kind: "plan".to_string(),
                kind_label: kind_label("plan"),
                city: city.clone(),
                plan_id: Some(plan.id.clone()),
                plan_title: Some(plan_title.clone()),
                body: body.join("\n"),
                ..SearchDoc::default()
            });
            for initiative in &plan.initiatives {
                let (idoc, _) = initiative.docs.get(lang);
                let text = initiative_text(&idoc.front, &idoc.body);
                let pillar =
                    f.pillars.iter().find(|p| p.id.get_ref() == &initiative.pillar).map(|p| format!("{} {}", p.number, p.title));
                docs.push(SearchDoc {
                    url: self.url(&urls::plan_item(lang, &plan.id, &initiative.id)),
                    title: idoc.front.title.clone(),
                    kind: "initiative".to_string(),
                    kind_label: kind_label("initiative"),
                    city: city.clone(),
                    plan_id: Some(plan.id.clone()),
                    plan_title: Some(plan_title.clone()),
                    pillar,
                    themes: initiative
                        .themes
                        .iter()
                        .filter_map(|t| self.site.theme(t))
                        .map(|t| self.registry_name(lang, &t.name).0)
                        .collect(),
                    number: Some(idoc.front.number.clone()),
                    terms: term_names(self.terms.terms_in(lang, &plan.id, &text)),
                    body: plain(&text),
                });
            }
            for case in &plan.cases {
                let (cdoc, _) = case.docs.get(lang);
                let c = &cdoc.front;
                let text = [c.summary.as_str(), &c.points.join("\n"), &cdoc.body].join("\n");
                docs.push(SearchDoc {
                    url: self.url(&urls::plan_item(lang, &plan.id, &case.id)),
                    title: c.title.clone(),
                    kind: "case".to_string(),
                    kind_label: kind_label("case"),
                    city: c.municipality.name.clone(),
                    plan_id: Some(plan.id.clone()),
                    plan_title: Some(plan_title.clone()),
                    themes: case
                        .themes
                        .iter()
                        .filter_map(|t| self.site.theme(t))
                        .map(|t| self.registry_name(lang, &t.name).0)
                        .collect(),
                    terms: term_names(self.terms.terms_in(lang, &plan.id, &text)),
                    body: plain(&text),
                    ..SearchDoc::default()
                });
            }
        }
        for term in &self.site.terms {
            let (doc, _) = term.docs.get(lang);
            let f = &doc.front;
            let mut names = vec![f.term.clone()];
            names.extend(f.aliases.iter().cloned());
            names.extend(f.expansion.iter().cloned());
            docs.push(SearchDoc {
                url: self.url(&urls::term(lang, &term.id)),
                title: f.term.clone(),
                kind: "term".to_string(),
                kind_label: kind_label("term"),
                terms: names.clone(),
                body: format!("{} {}\n{}", term.reading, names.join(" "), plain(&doc.body)),
                ..SearchDoc::default()
            });
        }
        docs
    }

    // ----- charts ---------------------------------------------------------------------------

    fn chart_text(&self, lang: &str) -> chart::ChartText {
        chart::ChartText {
            lang: lang.to_string(),
            ongoing: self.t(lang, "chart.ongoing").to_string(),
            beyond_window: self.t(lang, "chart.beyond_window").to_string(),
            before_window: self.t(lang, "chart.before_window").to_string(),
            milestone: self.t(lang, "chart.milestone").to_string(),
            today: self.t(lang, "chart.today").to_string(),
            target: self.t(lang, "kpi.target").to_string(),
            actual: self.t(lang, "kpi.actual").to_string(),
        }
    }

    fn year_label(&self, lang: &str, fy: i32) -> chart::YearLabel {
        let era = FiscalYear(fy).format(self.t(lang, "fiscal_year.era"));
        chart::YearLabel { fy, primary: self.fy_short(lang, fy), secondary: (!era.is_empty()).then_some(era) }
    }

    fn today_line(&self, lang: &str) -> chart::TodayLine {
        let date = self.site.config.build_date;
        chart::TodayLine {
            fy: self.current_fy.0,
            fraction: self.current_fy.fraction_elapsed(date),
            label: self.i18n.fill(lang, "chart.today_label", &[("date", &self.format_date(lang, &date.iso()))]),
        }
    }

    /// The bars of roadmap rows, marked where they run past the window `from..=to`.
    fn phase_bars(&self, phases: &[crate::load::front_matter::Phase], from: i32, to: i32) -> Vec<chart::PhaseBar> {
        phases
            .iter()
            .map(|p| chart::PhaseBar {
                from_fy: *p.from.get_ref(),
                to_fy: *p.to.get_ref(),
                label: p.label.clone(),
                continues_after: p.continues || *p.to.get_ref() > to,
                continues_before: *p.from.get_ref() < from,
            })
            .collect()
    }

    fn milestones(&self, row: &crate::load::front_matter::RoadmapRow) -> Vec<chart::Milestone> {
        row.milestones.iter().map(|m| chart::Milestone { fy: *m.fy.get_ref(), label: m.label.clone() }).collect()
    }

    fn roadmap_chart(
        &self,
        lang: &str,
        title: String,
        id_prefix: &str,
        (from, to): (i32, i32),
        groups: Vec<chart::RowGroup>,
    ) -> chart::RoadmapChart {
        let description = self.i18n.fill(
            lang,
            "chart.roadmap_description",
            &[("from", &self.fy_label(lang, from)), ("to", &self.fy_label(lang, to))],
        );
        chart::RoadmapChart {
            id_prefix: id_prefix.to_string(),
            title,
            description,
            years: (from..=to).map(|fy| self.year_label(lang, fy)).collect(),
            groups,
            today: Some(self.today_line(lang)),
            text: self.chart_text(lang),
            ..chart::RoadmapChart::default()
        }
    }

    /// The roadmap of a whole plan: initiatives grouped by pillar, one row each with all the
    /// phases of its actions.
    fn plan_roadmap_chart(&self, lang: &str, plan: &Plan, window: (i32, i32)) -> chart::RoadmapChart {
        let (doc, _) = plan.docs.get(lang);
        let groups = doc
            .front
            .pillars
            .iter()
            .map(|p| chart::RowGroup {
                heading: Some(format!("{} {}", p.number, p.title)),
                rows: plan
                    .initiatives
                    .iter()
                    .filter(|i| &i.pillar == p.id.get_ref())
                    .map(|i| {
                        let f = &i.docs.get(lang).0.front;
                        let mut phases: Vec<crate::load::front_matter::Phase> = Vec::new();
                        for ph in f.roadmap.iter().flat_map(|r| r.phases.iter()) {
                            let same = |q: &crate::load::front_matter::Phase| {
                                q.from.get_ref() == ph.from.get_ref() && q.to.get_ref() == ph.to.get_ref() && q.label == ph.label
                            };
                            if !phases.iter().any(same) {
                                phases.push(ph.clone());
                            }
                        }
                        chart::RoadmapRow {
                            label: format!("{} {}", f.number, f.title),
                            href: Some(self.url(&urls::plan_item(lang, &plan.id, &i.id))),
                            phases: self.phase_bars(&phases, window.0, window.1),
                            milestones: f.roadmap.iter().flat_map(|r| self.milestones(r)).collect(),
                        }
                    })
                    .collect(),
            })
            .filter(|g| !g.rows.is_empty())
            .collect();
        let title = self.i18n.fill(lang, "roadmap.plan_caption", &[("plan", &doc.front.title)]);
        self.roadmap_chart(lang, title, "plan-roadmap", window, groups)
    }

    /// The roadmap of one initiative: one row per roadmap row (action).
    fn initiative_roadmap_chart(&self, lang: &str, front: &InitiativeFrontMatter, window: (i32, i32)) -> chart::RoadmapChart {
        let rows = front
            .roadmap
            .iter()
            .map(|row| chart::RoadmapRow {
                label: roadmap_row_label(front, row),
                href: None,
                phases: self.phase_bars(&row.phases, window.0, window.1),
                milestones: self.milestones(row),
            })
            .collect();
        let title = self.i18n.fill(lang, "roadmap.initiative_caption", &[("title", &front.title)]);
        self.roadmap_chart(lang, title, "roadmap", window, vec![chart::RowGroup { heading: None, rows }])
    }

    /// A KPI chart, when the KPI has numeric targets.
    fn kpi_chart(&self, lang: &str, kpi: &crate::load::front_matter::Kpi) -> Option<String> {
        if !kpi.targets.iter().any(|t| t.value.is_some()) {
            return None;
        }
        let unit = kpi.unit.clone().unwrap_or_default();
        let mut years: Vec<i32> = kpi
            .targets
            .iter()
            .filter(|t| t.value.is_some())
            .map(|t| *t.fy.get_ref())
            .chain(kpi.actuals.iter().filter(|a| a.value.is_some()).map(|a| *a.fy.get_ref()))
            .collect();
        years.sort();
        years.dedup();
        let value = |v: f64| chart::KpiValue { value: v, label: self.value_with_unit(lang, v, &unit) };
        let points = years
            .iter()
            .map(|&fy| chart::KpiPoint {
                year: self.year_label(lang, fy),
                target: kpi.targets.iter().find(|t| *t.fy.get_ref() == fy).and_then(|t| t.value).map(value),
                actual: kpi.actuals.iter().find(|a| *a.fy.get_ref() == fy).and_then(|a| a.value).map(value),
            })
            .collect();
        let chart = chart::KpiChart {
            id_prefix: format!("kpi-{}", kpi.id.get_ref()),
            title: kpi.label.clone(),
            description: self.i18n.fill(lang, "chart.kpi_description", &[("label", &kpi.label)]),
            points,
            text: self.chart_text(lang),
        };
        Some(chart::kpi_svg(&chart, chart::SvgMode::Inline))
    }

    /// The `<img>` snippet that embeds a standalone chart in another site.
    fn embed_snippet(&self, svg_site_path: &str, alt: &str) -> String {
        format!(
            "<img src=\"{}\" alt=\"{}\" style=\"max-width:100%;height:auto\">",
            escape(&self.site.config.base_url.absolute(svg_site_path)),
            escape(alt)
        )
    }

    /// Standalone roadmap files of every plan and initiative, in every language.
    fn standalone_charts(&self) -> Vec<OutputFile> {
        let mut jobs: Vec<(&str, usize, Option<usize>)> = Vec::new();
        for lang in self.langs() {
            for (p, plan) in self.site.plans.iter().enumerate() {
                jobs.push((lang, p, None));
                jobs.extend((0..plan.initiatives.len()).map(|i| (lang.as_str(), p, Some(i))));
            }
        }
        jobs.par_iter()
            .filter_map(|&(lang, p, i)| {
                let plan = &self.site.plans[p];
                match i {
                    None => {
                        let fronts: Vec<&InitiativeFrontMatter> =
                            plan.initiatives.iter().map(|x| &x.docs.get(lang).0.front).collect();
                        let window =
                            self.roadmap_years(plan, &fronts).filter(|_| fronts.iter().any(|f| !f.roadmap.is_empty()))?;
                        let svg = chart::roadmap_svg(&self.plan_roadmap_chart(lang, plan, window), chart::SvgMode::Standalone);
                        Some(OutputFile { path: urls::plan_roadmap_svg(lang, &plan.id), bytes: svg.into_bytes() })
                    }
                    Some(i) => {
                        let initiative = &plan.initiatives[i];
                        let front = &initiative.docs.get(lang).0.front;
                        let window = self.roadmap_years(plan, &[front]).filter(|_| !front.roadmap.is_empty())?;
                        let svg =
                            chart::roadmap_svg(&self.initiative_roadmap_chart(lang, front, window), chart::SvgMode::Standalone);
                        Some(OutputFile {
                            path: urls::initiative_roadmap_svg(lang, &plan.id, &initiative.id),
                            bytes: svg.into_bytes(),
                        })
                    }
                }
            })
            .collect()
    }

    // ----- sitemap and robots ---------------------------------------------------------------

    fn sitemap(&self, jobs: &[PageJob]) -> String {
        let config = &self.site.config;
        let default = config.default_language();
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for job in jobs {
            if matches!(job, PageJob::Landing | PageJob::NotFound) {
                continue;
            }
            let path = self.path_of(job);
            let lang = path.split('/').next().unwrap_or(default);
            let rest = path.strip_prefix(&format!("{lang}/")).unwrap_or(&path);
            out.push_str("  <url>\n    <loc>");
            out.push_str(&escape(&config.base_url.absolute(&path)));
            out.push_str("</loc>\n");
            for l in self.langs() {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>\n",
                    escape(&config.base_url.absolute(&format!("{l}/{rest}")))
                ));
            }
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                escape(&config.base_url.absolute(&format!("{default}/{rest}")))
            ));
            out.push_str("  </url>\n");
        }
        out.push_str("</urlset>\n");
        out
    }

    fn robots(&self) -> String {
        format!("User-agent: *\nAllow: /\nSitemap: {}\n", self.site.config.base_url.absolute("sitemap.xml"))
    }
}

impl PageRenderer<'_, '_> {
    fn plan_card(&self, lang: &str, plan: &Plan) -> PlanCard {
        let (doc, content_lang) = plan.docs.get(lang);
        let f = &doc.front;
        PlanCard {
            id: plan.id.clone(),
            url: self.url(&urls::plan(lang, &plan.id)),
            title: f.title.clone(),
            municipality: f.municipality.name.clone(),
            prefecture: f.municipality.prefecture.clone(),
            kind: plan.kind.id().to_string(),
            kind_label: self.t(lang, &format!("plan_kind.{}", plan.kind.id())).to_string(),
            period: self.period_label(lang, plan),
            summary_html: self.md_inline(&f.summary),
            initiative_count: plan.initiatives.len(),
            case_count: plan.cases.len(),
            count_label: if plan.cases.is_empty() || !plan.initiatives.is_empty() {
                self.i18n.fill(lang, "plan.initiative_count", &[("n", &plan.initiatives.len().to_string())])
            } else {
                self.i18n.fill(lang, "plan.case_count", &[("n", &plan.cases.len().to_string())])
            },
            lang: content_lang.to_string(),
        }
    }

    fn kpi_views(&self, lang: &str, front: &InitiativeFrontMatter) -> Vec<KpiView> {
        self.section();
        front
            .kpis
            .iter()
            .map(|k| {
                let unit = k.unit.clone().unwrap_or_default();
                let value_text = |value: f64| self.value_with_unit(lang, value, &unit);
                KpiView {
                    id: k.id.get_ref().clone(),
                    kind_label: self.t(lang, if k.kind == KpiKind::Kgi { "kpi.kind_kgi" } else { "kpi.kind_kpi" }).to_string(),
                    label: k.label.clone(),
                    unit: unit.clone(),
                    note_html: k.note.as_deref().map(|n| self.md_inline(n)).unwrap_or_default(),
                    targets: k
                        .targets
                        .iter()
                        .map(|t| TargetView {
                            year: self.fy_label(lang, *t.fy.get_ref()),
                            text: match (t.value, &t.text) {
                                (Some(v), _) => self.comparator_text(lang, t.comparator, &value_text(v)),
                                (None, Some(text)) => text.clone(),
                                (None, None) => String::new(),
                            },
                        })
                        .collect(),
                    actuals: k
                        .actuals
                        .iter()
                        .map(|a| ActualView {
                            year: self.fy_label(lang, *a.fy.get_ref()),
                            text: match (a.value, &a.text) {
                                (Some(v), _) => value_text(v),
                                (None, Some(t)) => t.clone(),
                                (None, None) => String::new(),
                            },
                            date: a.date.as_ref().map(|d| self.format_date(lang, d.get_ref())).unwrap_or_default(),
                            source: a.source.clone().unwrap_or_default(),
                        })
                        .collect(),
                    chart: self.kpi_chart(lang, k).unwrap_or_default(),
                }
            })
            .collect()
    }

    // ----- pages ----------------------------------------------------------------------------

    fn landing_context(&self) -> tera::Context {
        let config = &self.site.config;
        let default = config.default_language();
        let languages: Vec<serde_json::Value> = self
            .langs()
            .iter()
            .map(|l| {
                serde_json::json!({
                    "lang": l,
                    "name": self.t(l, "language_name"),
                    "title": config.title.get(l).or_else(|| config.title.get(default)).cloned().unwrap_or_default(),
                    "description": config.description.get(l).cloned().unwrap_or_default(),
                    "enter": self.t(l, "landing.enter"),
                    "url": self.url(&urls::home(l)),
                })
            })
            .collect();
        let mut meta = self.meta(
            default,
            "",
            &config.title.get(default).cloned().unwrap_or_default(),
            &config.description.get(default).cloned().unwrap_or_default(),
            vec![],
            default,
            "landing",
        );
        meta.breadcrumbs.clear();
        meta.alternates.clear();
        meta.x_default = config.base_url.absolute("");
        self.context(default, meta, serde_json::json!({ "languages": languages }))
    }

    fn not_found_context(&self) -> tera::Context {
        let config = &self.site.config;
        let default = config.default_language();
        let languages: Vec<serde_json::Value> = self
            .langs()
            .iter()
            .map(|l| {
                serde_json::json!({
                    "lang": l,
                    "title": self.t(l, "not_found.title"),
                    "text": self.t(l, "not_found.text"),
                    "home": self.t(l, "nav.home"),
                    "url": self.url(&urls::home(l)),
                    "search": self.t(l, "nav.search"),
                    "search_url": self.url(&urls::search(l)),
                })
            })
            .collect();
        let mut meta = self.meta(default, "404.html", self.t(default, "not_found.title"), "", vec![], default, "not-found");
        meta.breadcrumbs.clear();
        meta.alternates.clear();
        self.context(default, meta, serde_json::json!({ "languages": languages }))
    }

    fn home_context(&self, lang: &str, path: &str) -> tera::Context {
        let site_view = self.site_view(lang);
        let (plans, references): (Vec<&Plan>, Vec<&Plan>) =
            self.site.plans.iter().partition(|p| p.kind != crate::load::front_matter::PlanKind::ReferenceCollection);
        let plans: Vec<PlanCard> = plans.into_iter().map(|p| self.plan_card(lang, p)).collect();
        let references: Vec<PlanCard> = references.into_iter().map(|p| self.plan_card(lang, p)).collect();
        let themes: Vec<Link> = self
            .site
            .themes
            .iter()
            .map(|t| Link { title: self.registry_name(lang, &t.name).0, url: self.url(&urls::theme(lang, &t.id)) })
            .collect();
        let mut meta = self.meta(lang, path, &site_view.title, &site_view.description, vec![], lang, "home");
        meta.breadcrumbs.clear();
        let term_count = self.i18n.fill(lang, "glossary.count", &[("n", &self.site.terms.len().to_string())]);
        self.context(
            lang,
            meta,
            serde_json::json!({ "plans": plans, "references": references, "themes": themes, "term_count": term_count }),
        )
    }

    fn plan_context(&self, lang: &str, path: &str, plan: &Plan) -> tera::Context {
        let (doc, content_lang) = plan.docs.get(lang);
        let f = &doc.front;
        let card = self.plan_card(lang, plan);
        let contact = f.contact.as_ref().map(|c| {
            let dept = c.department.as_ref().and_then(|d| {
                let key = format!("{}-{}", plan.municipality_id, d.get_ref());
                self.site.department(&key).map(|dep| Link {
                    title: self.registry_name(lang, &dep.name).0,
                    url: self.url(&urls::department(lang, &key)),
                })
            });
            serde_json::json!({ "department": dept, "phone": c.phone, "email": c.email, "note": c.note })
        });
        let pillars: Vec<serde_json::Value> = f
            .pillars
            .iter()
            .map(|p| {
                let initiatives: Vec<InitiativeCard> = plan
                    .initiatives_in_pillar(p.id.get_ref())
                    .map(|(i, relisted)| self.initiative_card(lang, plan, i, relisted))
                    .collect();
                serde_json::json!({
                    "id": p.id.get_ref(),
                    "anchor": format!("pillar-{}", p.id.get_ref()),
                    "number": p.number,
                    "title": p.title,
                    "vision_html": p.vision.as_deref().map(|v| self.md_inline(v)).unwrap_or_default(),
                    "summary_html": p.summary.as_deref().map(|v| self.md_inline(v)).unwrap_or_default(),
                    "initiatives": initiatives,
                })
            })
            .collect();
        // Status counts: every status of the vocabulary, in its order, with zero counts kept so
        // the table always has the same rows.
        let status_counts: Vec<serde_json::Value> = self
            .site
            .config
            .statuses
            .iter()
            .map(|s| {
                let count = plan.initiatives.iter().filter(|i| i.status == s.id).count();
                serde_json::json!({ "status": self.status_view(lang, &s.id), "count": count })
            })
            .collect();
        let pillar_counts: Vec<serde_json::Value> = f
            .pillars
            .iter()
            .map(|p| {
                let counts: Vec<usize> = self
                    .site
                    .config
                    .statuses
                    .iter()
                    .map(|s| plan.initiatives.iter().filter(|i| &i.pillar == p.id.get_ref() && i.status == s.id).count())
                    .collect();
                let total = plan.initiatives.iter().filter(|i| &i.pillar == p.id.get_ref()).count();
                serde_json::json!({ "number": p.number, "title": p.title, "counts": counts, "total": total, "anchor": format!("pillar-{}", p.id.get_ref()) })
            })
            .collect();
        let fronts: Vec<&InitiativeFrontMatter> = plan.initiatives.iter().map(|i| &i.docs.get(lang).0.front).collect();
        let roadmap =
            self.roadmap_years(plan, &fronts).filter(|_| fronts.iter().any(|f| !f.roadmap.is_empty())).map(|(from, to)| {
                let years = self.years_of(lang, from, to);
                let groups = f
                    .pillars
                    .iter()
                    .map(|p| RoadmapGroupView {
                        heading: format!("{} {}", p.number, p.title),
                        rows: plan
                            .initiatives
                            .iter()
                            .filter(|i| &i.pillar == p.id.get_ref())
                            .map(|i| {
                                let front = &i.docs.get(lang).0.front;
                                let cells = years
                                    .iter()
                                    .map(|y| {
                                        let mut labels: Vec<String> = Vec::new();
                                        for row in &front.roadmap {
                                            for ph in &row.phases {
                                                if *ph.from.get_ref() <= y.fy
                                                    && y.fy <= *ph.to.get_ref()
                                                    && !labels.contains(&ph.label)
                                                {
                                                    labels.push(ph.label.clone());
                                                }
                                            }
                                        }
                                        labels.join(" / ")
                                    })
                                    .collect();
                                RoadmapRowView {
                                    label: format!("{} {}", front.number, front.title),
                                    url: self.url(&urls::plan_item(lang, &plan.id, &i.id)),
                                    cells,
                                    continues: front.roadmap.iter().any(|r| r.phases.iter().any(|p| p.continues)),
                                }
                            })
                            .collect(),
                    })
                    .collect();
                let caption = self.i18n.fill(lang, "roadmap.plan_caption", &[("plan", &f.title)]);
                let svg_path = urls::plan_roadmap_svg(lang, &plan.id);
                RoadmapView {
                    embed: self.embed_snippet(&svg_path, &caption),
                    svg: chart::roadmap_svg(&self.plan_roadmap_chart(lang, plan, (from, to)), chart::SvgMode::Inline),
                    svg_url: self.url(&svg_path),
                    caption,
                    years,
                    groups,
                }
            });
        let cases: Vec<serde_json::Value> = plan.cases.iter().map(|c| self.case_card(lang, plan, c)).collect();
        let data = serde_json::json!({
            "plan": card,
            "subtitle": f.subtitle,
            "short_title": f.short_title,
            "version": f.version,
            "adopted": f.adopted.as_ref().map(|d| self.format_date(lang, d.get_ref())),
            "period_note_html": f.period_note.as_deref().map(|n| self.md_inline(n)),
            "vision": f.vision,
            "vision_detail": f.vision_detail,
            "scope_note_html": f.scope_note.as_deref().map(|n| self.md_inline(n)),
            "code": f.municipality.code.as_ref().map(|c| c.get_ref().clone()),
            "source": {
                "title": f.source.title, "publisher": f.source.publisher,
                "date": f.source.date.as_ref().map(|d| self.format_date(lang, d.get_ref())),
                "url": f.source.url, "file": f.source.file,
            },
            "contact": contact,
            "versions": f.versions.iter().map(|v| serde_json::json!({
                "version": v.version,
                "date": v.date.as_ref().map(|d| self.format_date(lang, d.get_ref())),
                "changes": v.changes,
            })).collect::<Vec<_>>(),
            "background": f.background.iter().map(|g| serde_json::json!({
                "title": g.title,
                "items": g.items.iter().map(|i| serde_json::json!({
                    "date": i.date.as_ref().map(|d| self.format_date(lang, d.get_ref())),
                    "date_iso": i.date.as_ref().map(|d| d.get_ref().clone()),
                    "text_html": self.md_inline(&i.text),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "positioning": f.positioning.iter().map(|p| serde_json::json!({
                "kind_label": self.t(lang, &format!("positioning.{}", p.kind.id())),
                "name": p.name, "provision": p.provision,
                "relation_html": p.relation.as_deref().map(|r| self.md_inline(r)),
            })).collect::<Vec<_>>(),
            "principles": f.principles.iter().map(|p| serde_json::json!({
                "number": p.number, "title": p.title,
                "text_html": p.text.as_deref().map(|t| self.md_inline(t)),
            })).collect::<Vec<_>>(),
            "organisation": f.organisation.iter().map(|o| serde_json::json!({
                "name": o.name, "role_html": self.md_inline(&o.role), "members": o.members,
            })).collect::<Vec<_>>(),
            "pillars": pillars,
            "status_counts": status_counts,
            "status_names": self.site.config.statuses.iter().map(|s| self.status_view(lang, &s.id)).collect::<Vec<_>>(),
            "pillar_counts": pillar_counts,
            "current_year": self.fy_label(lang, self.current_fy.0),
            "roadmap": roadmap,
            "cases": cases,
                        "tables": self.tables(&f.tables),
            "body_html": self.md_section(&doc.body),
            "data": {
                "json": self.url(&urls::plan_json(lang, &plan.id)),
                "initiatives_csv": self.url(&urls::initiatives_csv(lang, &plan.id)),
                "kpis_csv": self.url(&urls::kpis_csv(lang, &plan.id)),
            },
        });
        let title = f.title.clone();
        let meta =
            self.meta(lang, path, &title, &crate::render::markdown::to_plain_text(&f.summary), vec![], content_lang, "plan");
        self.context(lang, meta, data)
    }

    fn case_card(&self, lang: &str, plan: &Plan, case: &crate::model::Case) -> serde_json::Value {
        let (doc, content_lang) = case.docs.get(lang);
        serde_json::json!({
            "id": case.id,
            "url": self.url(&urls::plan_item(lang, &plan.id, &case.id)),
            "title": doc.front.title,
            "category": doc.front.category,
            "municipality": doc.front.municipality.name,
            "summary_html": self.md_inline(&doc.front.summary),
            "lang": content_lang,
        })
    }

    fn initiative_context(&self, lang: &str, path: &str, plan: &Plan, index: usize) -> tera::Context {
        let initiative = &plan.initiatives[index];
        let (doc, content_lang) = initiative.docs.get(lang);
        let (plan_doc, _) = plan.docs.get(lang);
        let f = &doc.front;
        let pillar_link = |id: &str| {
            plan_doc.front.pillars.iter().find(|p| p.id.get_ref() == id).map(|p| Link {
                title: format!("{} {}", p.number, p.title),
                url: format!("{}#pillar-{}", self.url(&urls::plan(lang, &plan.id)), id),
            })
        };
        let initiative_link = |(p, i): &(String, String)| -> Option<Link> {
            let target_plan = self.site.plan(p)?;
            let target = target_plan.initiatives.iter().find(|x| &x.id == i)?;
            let (d, _) = target.docs.get(lang);
            let prefix =
                if p == &plan.id { String::new() } else { format!("{} ", target_plan.docs.get(lang).0.front.municipality.name) };
            Some(Link {
                title: format!("{prefix}{} {}", d.front.number, d.front.title),
                url: self.url(&urls::plan_item(lang, p, i)),
            })
        };
        let departments: Vec<Link> = initiative
            .departments
            .iter()
            .filter_map(|k| self.site.department(k))
            .map(|d| Link { title: self.registry_name(lang, &d.name).0, url: self.url(&urls::department(lang, &d.key)) })
            .collect();
        let themes = self.theme_links(lang, &initiative.themes);
        let terms = self.term_links(lang, &initiative.terms);
        self.section();
        let actions: Vec<ActionView> = f
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.get_ref().clone(),
                marker: a.marker.clone().unwrap_or_default(),
                title_html: self.heading(&a.title),
                text_html: a.text.as_deref().map(|t| self.md(t)).unwrap_or_default(),
                related: a
                    .related
                    .iter()
                    .filter_map(|r| {
                        let key = match r.get_ref().split_once('/') {
                            Some((p, i)) => (p.to_string(), i.to_string()),
                            None => (plan.id.clone(), r.get_ref().clone()),
                        };
                        initiative_link(&key)
                    })
                    .collect(),
            })
            .collect();
        let roadmap = self.roadmap_years(plan, &[f]).filter(|_| !f.roadmap.is_empty()).map(|(from, to)| {
            let years = self.years_of(lang, from, to);
            let caption = self.i18n.fill(lang, "roadmap.initiative_caption", &[("title", &f.title)]);
            let svg_path = urls::initiative_roadmap_svg(lang, &plan.id, &initiative.id);
            RoadmapView {
                embed: self.embed_snippet(&svg_path, &caption),
                svg: chart::roadmap_svg(&self.initiative_roadmap_chart(lang, f, (from, to)), chart::SvgMode::Inline),
                svg_url: self.url(&svg_path),
                caption,
                groups: vec![RoadmapGroupView { heading: String::new(), rows: self.roadmap_rows(f, &years) }],
                years,
            }
        });
        let prev = index.checked_sub(1).and_then(|i| plan.initiatives.get(i)).map(|i| self.initiative_card(lang, plan, i, false));
        let next = plan.initiatives.get(index + 1).map(|i| self.initiative_card(lang, plan, i, false));
        let status_date = f.status_date.as_ref().map(|d| self.format_date(lang, d.get_ref()));
        let data = serde_json::json!({
            "card": self.initiative_card(lang, plan, initiative, false),
            "plan": self.plan_card(lang, plan),
            "pillar": pillar_link(&initiative.pillar),
            "also_pillars": initiative.also_pillars.iter().filter_map(|p| pillar_link(p)).collect::<Vec<_>>(),
            "summary_html": self.md_section(&f.summary),
            "background_html": f.background.as_deref().map(|b| self.md_section(b)),
            "target_states": f.target_states.iter().enumerate().map(|(n, s)| { if n == 0 { self.section(); } self.md_inline(s) }).collect::<Vec<_>>(),
            "goal_html": f.goal.as_deref().map(|g| self.md_section(g)),
            "departments": departments,
            "departments_note": f.departments_note,
            "status_reported": f.status.is_some(),
            "status_date": status_date,
            "status_source": f.status_source,
            "themes": themes,
            "related": initiative.related.iter().filter_map(initiative_link).collect::<Vec<_>>(),
            "terms": terms,
            "actions": actions,
            "kpis": self.kpi_views(lang, f),
            "roadmap": roadmap,
            "tables": self.tables(&f.tables),
            "body_html": self.md_section(&doc.body),
            "prev": prev,
            "next": next,
        });
        let crumbs = vec![Link {
            title: plan_doc.front.short_title.clone().unwrap_or_else(|| plan_doc.front.title.clone()),
            url: self.url(&urls::plan(lang, &plan.id)),
        }];
        let title = format!("{} {}", f.number, f.title);
        let meta = self.meta(
            lang,
            path,
            &title,
            &crate::render::markdown::to_plain_text(&f.summary),
            crumbs,
            content_lang,
            "initiative",
        );
        self.context(lang, meta, data)
    }

    fn case_context(&self, lang: &str, path: &str, plan: &Plan, index: usize) -> tera::Context {
        let case = &plan.cases[index];
        let (doc, content_lang) = case.docs.get(lang);
        let (plan_doc, _) = plan.docs.get(lang);
        let f = &doc.front;
        let themes = self.theme_links(lang, &case.themes);
        let terms = self.term_links(lang, &case.terms);
        let data = serde_json::json!({
            "plan": self.plan_card(lang, plan),
            "category": f.category,
            "municipality": f.municipality.name,
            "prefecture": f.municipality.prefecture,
            "summary_html": self.md_section(&f.summary),
            "points": f.points.iter().map(|p| self.md_inline(p)).collect::<Vec<_>>(),
            "figures": f.figures.iter().map(|fig| serde_json::json!({
                "label": fig.label,
                "value": fig.value.map(|v| self.value_with_unit(lang, v, fig.unit.as_deref().unwrap_or(""))),
                "text": fig.text,
            })).collect::<Vec<_>>(),
            "links": f.links.iter().map(|l| Link { title: l.title.clone(), url: l.url.get_ref().clone() }).collect::<Vec<_>>(),
            "themes": themes,
            "terms": terms,
            "tables": self.tables(&f.tables),
            "body_html": self.md_section(&doc.body),
        });
        let crumbs = vec![Link {
            title: plan_doc.front.short_title.clone().unwrap_or_else(|| plan_doc.front.title.clone()),
            url: self.url(&urls::plan(lang, &plan.id)),
        }];
        let meta =
            self.meta(lang, path, &f.title, &crate::render::markdown::to_plain_text(&f.summary), crumbs, content_lang, "case");
        self.context(lang, meta, data)
    }

    fn term_card(&self, lang: &str, index: usize) -> TermCard {
        let term = &self.site.terms[index];
        let (doc, content_lang) = term.docs.get(lang);
        let f = &doc.front;
        let defined_in = f
            .defined_in
            .iter()
            .filter_map(|d| {
                let plan = self.site.plan(d.plan.get_ref())?;
                let title =
                    plan.docs.get(lang).0.front.short_title.clone().unwrap_or_else(|| plan.docs.get(lang).0.front.title.clone());
                let title = match &d.note {
                    Some(n) => format!("{title} ※{}", n.get_ref()),
                    None => title,
                };
                Some(Link { title, url: self.url(&urls::plan(lang, &plan.id)) })
            })
            .collect();
        let short = terms::short_definition(f.short.as_deref(), &doc.body);
        // The filter on the glossary page matches the term in every language, its expansion and
        // aliases, and the reading in hiragana or katakana.
        let mut other_names: Vec<String> = f.expansion.iter().cloned().collect();
        for d in term.docs.by_lang.values() {
            other_names.push(d.front.term.clone());
            other_names.extend(d.front.aliases.iter().cloned());
        }
        let search_text = crate::glossary::search_text(&f.term, &term.reading, &f.aliases, &other_names);
        TermCard {
            id: term.id.clone(),
            anchor: urls::term_anchor(&term.id),
            url: self.url(&urls::term(lang, &term.id)),
            term: f.term.clone(),
            reading: term.reading.clone(),
            expansion: f.expansion.clone().unwrap_or_default(),
            aliases: f.aliases.clone(),
            short,
            definition_html: self.md(&doc.body),
            source_label: self
                .t(
                    lang,
                    if *f.source.get_ref() == crate::load::front_matter::DefinitionSource::Plan {
                        "term.source_plan"
                    } else {
                        "term.source_editors"
                    },
                )
                .to_string(),
            defined_in,
            search_text,
            lang: content_lang.to_string(),
        }
    }

    fn glossary_context(&self, lang: &str, path: &str) -> tera::Context {
        use crate::glossary::collation::{gojuon_section, latin_section, latin_sort_key, reading_sort_key};
        // The order is the language's (its i18n file says): Japanese dictionary order of the
        // reading (JIS X 4061) in 五十音 rows, or A–Z of the term. Ties go to the term, then id.
        let by_reading = self.t(lang, "glossary.order") == "reading";
        let mut cards: Vec<TermCard> = (0..self.site.terms.len()).map(|i| self.term_card(lang, i)).collect();
        let section_of = |card: &TermCard| -> (String, String) {
            if by_reading {
                let s = gojuon_section(&card.reading);
                (s.id().to_string(), self.t(lang, &format!("glossary.section_{}", s.id())).to_string())
            } else {
                let c = latin_section(&card.term);
                let id = if c == '#' { "other".to_string() } else { c.to_ascii_lowercase().to_string() };
                let heading = if c == '#' { self.t(lang, "glossary.section_other").to_string() } else { c.to_string() };
                (id, heading)
            }
        };
        if by_reading {
            cards.sort_by_cached_key(|c| (reading_sort_key(&c.reading), c.term.clone(), c.id.clone()));
        } else {
            cards.sort_by_cached_key(|c| (latin_sort_key(&c.term), c.term.clone(), c.id.clone()));
        }
        let mut sections: Vec<GlossarySection> = Vec::new();
        for card in cards {
            let (id, heading) = section_of(&card);
            match sections.last_mut() {
                Some(s) if s.heading == heading => s.terms.push(card),
                _ => sections.push(GlossarySection { id: format!("section-{id}"), heading, terms: vec![card] }),
            }
        }
        let title = self.t(lang, "glossary.title").to_string();
        let meta = self.meta(lang, path, &title, self.t(lang, "glossary.description"), vec![], lang, "glossary");
        self.context(lang, meta, serde_json::json!({ "sections": sections, "count": self.site.terms.len() }))
    }

    fn term_context(&self, lang: &str, path: &str, index: usize) -> tera::Context {
        let term = &self.site.terms[index];
        let card = self.term_card(lang, index);
        let (doc, content_lang) = term.docs.get(lang);
        let related: Vec<Link> = doc
            .front
            .related
            .iter()
            .filter_map(|r| self.site.term(r.get_ref()))
            .map(|t| Link { title: t.docs.get(lang).0.front.term.clone(), url: self.url(&urls::term(lang, &t.id)) })
            .collect();
        let mut used_by: Vec<InitiativeCard> = Vec::new();
        let mut cases_using: Vec<serde_json::Value> = Vec::new();
        let mut plans_using: Vec<Link> = Vec::new();
        for &(p, i, is_case) in self.term_uses.get(&index).map(Vec::as_slice).unwrap_or_default() {
            let plan = &self.site.plans[p];
            if is_case {
                cases_using.push(self.case_card(lang, plan, &plan.cases[i]));
            } else {
                used_by.push(self.initiative_card(lang, plan, &plan.initiatives[i], false));
            }
            let card = self.plan_card(lang, plan);
            let link = Link { title: card.title, url: card.url };
            if !plans_using.contains(&link) {
                plans_using.push(link);
            }
        }
        let crumbs = vec![Link { title: self.t(lang, "glossary.title").to_string(), url: self.url(&urls::glossary(lang)) }];
        let meta = self.meta(lang, path, &card.term.clone(), &card.short.clone(), crumbs, content_lang, "term");
        self.context(
            lang,
            meta,
            serde_json::json!({ "term": card, "related": related, "used_by": used_by, "cases": cases_using, "plans": plans_using }),
        )
    }

    fn themes_context(&self, lang: &str, path: &str) -> tera::Context {
        let themes: Vec<serde_json::Value> = self
            .site
            .themes
            .iter()
            .map(|t| {
                let count: usize = self
                    .site
                    .plans
                    .iter()
                    .map(|p| {
                        p.initiatives.iter().filter(|i| i.themes.contains(&t.id)).count()
                            + p.cases.iter().filter(|c| c.themes.contains(&t.id)).count()
                    })
                    .sum();
                let (name, name_lang) = self.registry_name(lang, &t.name);
                serde_json::json!({
                    "url": self.url(&urls::theme(lang, &t.id)),
                    "name": name, "lang": name_lang,
                    "description": self.registry_name(lang, &t.description).0,
                    "count": count,
                })
            })
            .collect();
        let title = self.t(lang, "themes.title").to_string();
        let meta = self.meta(lang, path, &title, self.t(lang, "themes.description"), vec![], lang, "themes");
        self.context(lang, meta, serde_json::json!({ "themes": themes }))
    }

    fn theme_context(&self, lang: &str, path: &str, index: usize) -> tera::Context {
        let theme = &self.site.themes[index];
        let columns: Vec<serde_json::Value> = self
            .site
            .plans
            .iter()
            .filter_map(|plan| {
                let initiatives: Vec<InitiativeCard> = plan
                    .initiatives
                    .iter()
                    .filter(|i| i.themes.contains(&theme.id))
                    .map(|i| self.initiative_card(lang, plan, i, false))
                    .collect();
                let cases: Vec<serde_json::Value> =
                    plan.cases.iter().filter(|c| c.themes.contains(&theme.id)).map(|c| self.case_card(lang, plan, c)).collect();
                if initiatives.is_empty() && cases.is_empty() {
                    return None;
                }
                Some(serde_json::json!({ "plan": self.plan_card(lang, plan), "initiatives": initiatives, "cases": cases }))
            })
            .collect();
        let (name, name_lang) = self.registry_name(lang, &theme.name);
        let crumbs = vec![Link { title: self.t(lang, "themes.title").to_string(), url: self.url(&urls::themes(lang)) }];
        let description = self.registry_name(lang, &theme.description).0;
        let meta = self.meta(lang, path, &name, &description, crumbs, &name_lang, "theme");
        self.context(lang, meta, serde_json::json!({ "name": name, "description": description, "columns": columns }))
    }

    fn departments_context(&self, lang: &str, path: &str) -> tera::Context {
        let mut groups: Vec<serde_json::Value> = Vec::new();
        let mut municipalities: Vec<&str> = self.site.departments.iter().map(|d| d.municipality_id.as_str()).collect();
        municipalities.dedup();
        for m in municipalities {
            let name = self
                .site
                .plans
                .iter()
                .find(|p| p.municipality_id == m)
                .map(|p| p.docs.get(lang).0.front.municipality.name.clone())
                .unwrap_or_else(|| m.to_string());
            let departments: Vec<serde_json::Value> = self
                .site
                .departments
                .iter()
                .filter(|d| d.municipality_id == m)
                .map(|d| {
                    let count: usize = self.site.plans.iter().map(|p| p.initiatives.iter().filter(|i| i.departments.contains(&d.key)).count()).sum();
                    let (name, name_lang) = self.registry_name(lang, &d.name);
                    serde_json::json!({ "name": name, "lang": name_lang, "url": self.url(&urls::department(lang, &d.key)), "count": count })
                })
                .collect();
            groups.push(serde_json::json!({ "municipality": name, "departments": departments }));
        }
        let title = self.t(lang, "departments.title").to_string();
        let meta = self.meta(lang, path, &title, self.t(lang, "departments.description"), vec![], lang, "departments");
        self.context(lang, meta, serde_json::json!({ "groups": groups }))
    }

    fn department_context(&self, lang: &str, path: &str, index: usize) -> tera::Context {
        let dept = &self.site.departments[index];
        let mut initiatives = Vec::new();
        let mut municipality = dept.municipality_id.clone();
        for plan in &self.site.plans {
            if plan.municipality_id == dept.municipality_id {
                municipality = plan.docs.get(lang).0.front.municipality.name.clone();
            }
            for i in &plan.initiatives {
                if i.departments.contains(&dept.key) {
                    initiatives.push(self.initiative_card(lang, plan, i, false));
                }
            }
        }
        let (name, name_lang) = self.registry_name(lang, &dept.name);
        let description = self.registry_name(lang, &dept.description).0;
        let crumbs = vec![Link { title: self.t(lang, "departments.title").to_string(), url: self.url(&urls::departments(lang)) }];
        let title = format!("{name}{}{municipality}{}", self.t(lang, "punct.open"), self.t(lang, "punct.close"));
        let meta = self.meta(lang, path, &title, &description, crumbs, &name_lang, "department");
        self.context(lang, meta, serde_json::json!({ "name": name, "municipality": municipality, "description": description, "initiatives": initiatives }))
    }

    fn search_context(&self, lang: &str, path: &str) -> tera::Context {
        let title = self.t(lang, "search.title").to_string();
        let meta = self.meta(lang, path, &title, self.t(lang, "search.description"), vec![], lang, "search");
        let i18n_json = serde_json::json!({
            "results": self.t(lang, "search.results"),
            "none": self.t(lang, "search.none"),
            "kind": self.t(lang, "search.kind"),
            "city": self.t(lang, "search.city"),
            "pillar": self.t(lang, "search.pillar"),
            "theme": self.t(lang, "search.theme"),
            "all": self.t(lang, "search.all"),
            "loading": self.t(lang, "search.loading"),
        });
        let plans: Vec<PlanCard> = self.site.plans.iter().map(|p| self.plan_card(lang, p)).collect();
        self.context(
            lang,
            meta,
            serde_json::json!({
                "index_url": self.url(&urls::search_index(lang)),
                "i18n_json": json_for_script(&i18n_json),
                "plans": plans,
            }),
        )
    }

    fn accessibility_context(&self, lang: &str, path: &str) -> tera::Context {
        let results = self.site.accessibility.as_ref().map(|r| {
            let checks: Vec<serde_json::Value> = r
                .checks
                .iter()
                .map(|c| {
                    let key = format!("accessibility.check_{}", c.id.replace('-', "_"));
                    let name = self.t(lang, &key);
                    serde_json::json!({
                        "id": c.id,
                        "name": if name == key { c.id.as_str() } else { name },
                        "criteria": c.criteria,
                        "pages": c.pages,
                        "violations": c.violations,
                        "result": self.t(lang, if c.passed { "accessibility.passed" } else { "accessibility.failed" }),
                    })
                })
                .collect();
            let tools: Vec<String> = r.tools.iter().map(|(k, v)| format!("{k} {v}")).collect();
            serde_json::json!({
                "standard": r.standard, "target": r.target, "wcag": r.wcag, "pages": r.pages,
                "languages": r.languages.join(", "), "tools": tools.join(self.t(lang, "list_separator")),
                "checks": checks,
            })
        });
        let title = self.t(lang, "accessibility.title").to_string();
        let meta = self.meta(lang, path, &title, self.t(lang, "accessibility.description"), vec![], lang, "accessibility");
        self.context(lang, meta, serde_json::json!({ "results": results }))
    }

    fn statuses_context(&self, lang: &str, path: &str) -> tera::Context {
        let statuses: Vec<StatusView> = self.site.config.statuses.iter().map(|s| self.status_view(lang, &s.id)).collect();
        let title = self.t(lang, "statuses.title").to_string();
        let meta = self.meta(lang, path, &title, self.t(lang, "statuses.description"), vec![], lang, "statuses");
        self.context(lang, meta, serde_json::json!({ "statuses": statuses }))
    }
}

/// Where each glossary term is used: initiatives and cases whose text (in any language) holds it,
/// names it in `terms`, or refers to it by `[[id]]` or a ※ note.
fn term_uses(site: &Site, terms: &terms::TermIndexes) -> BTreeMap<usize, Vec<(usize, usize, bool)>> {
    let mut uses: BTreeMap<usize, Vec<(usize, usize, bool)>> = BTreeMap::new();
    let index_of = |id: &str| site.terms.iter().position(|t| t.id == id);
    for (p, plan) in site.plans.iter().enumerate() {
        for (i, initiative) in plan.initiatives.iter().enumerate() {
            let mut found: BTreeSet<usize> = initiative.terms.iter().filter_map(|t| index_of(t)).collect();
            for (lang, doc) in &initiative.docs.by_lang {
                found.extend(terms.terms_in(lang, &plan.id, &initiative_text(&doc.front, &doc.body)));
            }
            for t in found {
                uses.entry(t).or_default().push((p, i, false));
            }
        }
        for (c, case) in plan.cases.iter().enumerate() {
            let mut found: BTreeSet<usize> = case.terms.iter().filter_map(|t| index_of(t)).collect();
            for (lang, doc) in &case.docs.by_lang {
                let f = &doc.front;
                let text = [f.title.as_str(), &f.summary, &f.points.join("\n"), &doc.body].join("\n");
                found.extend(terms.terms_in(lang, &plan.id, &text));
            }
            for t in found {
                uses.entry(t).or_default().push((p, c, true));
            }
        }
    }
    uses
}

/// All the human text of an initiative, for finding the terms it uses.
fn initiative_text(f: &InitiativeFrontMatter, body: &str) -> String {
    let mut parts: Vec<&str> = vec![&f.title, &f.summary, body];
    parts.extend(f.background.as_deref());
    parts.extend(f.goal.as_deref());
    parts.extend(f.target_states.iter().map(String::as_str));
    for a in &f.actions {
        parts.push(&a.title);
        parts.extend(a.text.as_deref());
    }
    for k in &f.kpis {
        parts.push(&k.label);
        parts.extend(k.note.as_deref());
    }
    parts.join("\n")
}

/// The label of a roadmap row: its own label, else its action's marker and title.
fn roadmap_row_label(front: &InitiativeFrontMatter, row: &crate::load::front_matter::RoadmapRow) -> String {
    let action = row.action.as_ref().and_then(|a| front.actions.iter().find(|x| x.id.get_ref() == a.get_ref()));
    match (&row.label, action) {
        (Some(l), _) => l.clone(),
        (None, Some(a)) => format!("{}{}", a.marker.clone().unwrap_or_default(), a.title),
        (None, None) => String::new(),
    }
}

/// Serialises JSON for a `<script type="application/json">` block: `<`, `>` and `&` are escaped
/// so content can never close the script element.
pub fn json_for_script(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_default().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_trimmed() {
        assert_eq!(format_number(1200.0), "1,200");
        assert_eq!(format_number(19.0), "19");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(-1000.0), "-1,000");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = serde_json::json!({ "a": "</script><script>alert(1)</script>&" });
        let s = json_for_script(&v);
        assert!(!s.contains("</script>"), "{s}");
        assert!(!s.contains('&'));
    }
}
