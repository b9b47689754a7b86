//! Stage 3, render: turn the `Site` into output files — every page in every language through the
//! Tera theme, static assets, sitemap and robots.txt. Pages render in parallel (rayon) and are
//! collected in a fixed order, so the output is byte-identical for the same sources.

mod catalogue;
mod charts;
pub mod data;
mod format;
pub mod i18n;
pub use crate::markdown;
mod pages;
mod publish;
mod search_docs;
pub mod terms;
pub mod urls;
pub mod views;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::chart;
use crate::diagnostics::Diagnostic;
use crate::escape::escape;
use crate::fiscal::FiscalYear;
use crate::glossary::linker::{LinkContext, LinkError, link_terms};
use crate::load::ThemeFiles;
use crate::load::front_matter::{InitiativeFrontMatter, KpiKind, Phase, Provenance, RoadmapRow, Table, YearPlan};
use crate::model::{Initiative, Plan, Site};
use crate::timings::{Progress, Timings};
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
    /// The `<iframe>` cards of a plan and of an initiative.
    EmbedPlan(String, usize),
    EmbedInitiative(String, usize, usize),
    Glossary(String),
    Term(String, usize),
    Themes(String),
    Theme(String, usize),
    Departments(String),
    Department(String, usize),
    Search(String),
    Statuses(String),
    Accessibility(String),
    /// The data catalogue.
    Data(String),
    NotFound,
}

/// Everything page rendering needs, shared read-only across threads.
struct Renderer<'a> {
    site: &'a Site,
    /// Interface strings and what is formatted with them (fiscal years, dates, numbers).
    fmt: format::Format,
    tera: Tera,
    /// Paths of the theme's static files.
    asset_names: Vec<String>,
    /// The theme's (or site's) `chart.css` in its standalone form, embedded in standalone charts.
    chart_css: std::sync::Arc<str>,
    /// The glossary matchers of every language.
    terms: terms::TermIndexes,
    /// For each term (index into `site.terms`), the initiatives and cases using it:
    /// (plan index, initiative index or case index, is a case).
    term_uses: BTreeMap<usize, Vec<(usize, usize, bool)>>,
    /// The newest content date of each page family.
    dates: publish::PageDates,
    /// Per language, the part of every page's Tera context that is the same on every page
    /// (`site`, `t`): serialised once, cloned per page.
    base_contexts: BTreeMap<String, tera::Context>,
}

/// One page being rendered: the shared renderer plus the page's glossary-linking state (which
/// terms each section has linked, tooltip ids, link errors). Created per page, never shared.
struct PageRenderer<'p, 'a> {
    /// The shared renderer (site, formatting, templates, glossary).
    r: &'p Renderer<'a>,
    job: &'p PageJob,
    lang: String,
    /// The plan whose ※ notes apply on this page.
    plan: Option<String>,
    links: RefCell<PageLinks>,
    /// Headings numbered so far on this page: ids `section-{n}` stay unique however many
    /// Markdown fields the page renders.
    headings: std::cell::Cell<usize>,
}

struct PageLinks {
    context: LinkContext,
    /// Link errors with the text they were found in.
    errors: Vec<(String, LinkError)>,
}

/// Renders the whole site into memory (`check`, `serve`, tests), files sorted by path.
pub fn render(site: &Site, theme: &ThemeFiles) -> Result<Rendered, Vec<Diagnostic>> {
    render_timed(site, theme, &Timings::default(), &Progress::hidden())
}

/// [`render`], recording the time of each part in `timings` and counting pages on `progress`.
pub fn render_timed(
    site: &Site,
    theme: &ThemeFiles,
    timings: &Timings,
    progress: &Progress,
) -> Result<Rendered, Vec<Diagnostic>> {
    let renderer = timings.time("render: setup", || SiteRenderer::new(site, theme))?;
    let files = std::sync::Mutex::new(Vec::new());
    renderer.render_each(&|file| files.lock().unwrap_or_else(|e| e.into_inner()).push(file), timings, progress)?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered { files, warnings: renderer.warnings })
}

/// What the pages of one build share, ready to render them: the render stage's setup (interface
/// strings, templates, glossary matchers) done once.
pub struct SiteRenderer<'a> {
    renderer: Renderer<'a>,
    theme: &'a ThemeFiles,
    /// Warnings of the setup (missing interface strings), sorted.
    pub warnings: Vec<Diagnostic>,
}

/// What [`SiteRenderer::render_each`] produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderCounts {
    pub pages: usize,
    pub files: usize,
}

impl<'a> SiteRenderer<'a> {
    /// Loads the interface strings and templates and builds the glossary matchers.
    pub fn new(site: &'a Site, theme: &'a ThemeFiles) -> Result<SiteRenderer<'a>, Vec<Diagnostic>> {
        let (i18n, i18n_diagnostics) = I18n::load(theme, &site.config);
        let (errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            i18n_diagnostics.into_iter().partition(|d| d.severity == crate::diagnostics::Severity::Error);
        if !errors.is_empty() {
            return Err(errors);
        }
        let tera = build_tera(theme)?;
        let base_url = &site.config.base_url;
        let attribute = |lang: &str, plans: &[String], short: &str| match plans {
            [] => i18n.fill(lang, "term.tooltip_editors", &[("short", short)]),
            _ => i18n.fill(
                lang,
                "term.tooltip_from_plan",
                &[("plan", &plans.join(i18n.t(lang, "list_separator"))), ("short", short)],
            ),
        };
        let sentence_end = |lang: &str| i18n.t(lang, "punct.sentence_end").to_string();
        let terms = terms::TermIndexes::new(site, |lang, id| base_url.local(&urls::term(lang, id)), attribute, sentence_end)
            .map_err(|e| vec![Diagnostic::error(format!("cannot build the glossary matcher: {e}"))])?;
        let term_uses = term_uses(site, &terms);
        let mut renderer = Renderer {
            site,
            fmt: format::Format::new(i18n, FiscalYear::containing(site.config.build_date), &site.config.languages),
            tera,
            asset_names: theme.static_files.keys().cloned().collect(),
            // The standalone form of the theme's chart.css, made once for every roadmap.svg.
            chart_css: chart::standalone_stylesheet(
                &theme.static_files.get("chart.css").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default(),
            )
            .into(),
            terms,
            term_uses,
            dates: publish::PageDates::new(site),
            base_contexts: BTreeMap::new(),
        };
        renderer.base_contexts = renderer.langs().iter().map(|l| (l.clone(), renderer.base_context(l))).collect();
        warnings.sort_by_key(|w| w.message.clone());
        Ok(SiteRenderer { renderer, theme, warnings })
    }

    /// Renders the one page written to `file` (`ja/plans/x/index.html`), for `keikaku serve`,
    /// which shows a changed page before the rest of the site is rendered; `None` when `file` is
    /// not a page.
    pub fn render_page(&self, file: &str) -> Option<Result<OutputFile, Vec<Diagnostic>>> {
        let renderer = &self.renderer;
        renderer.jobs().iter().find(|job| urls::file_of(&renderer.path_of(job)) == file).map(|job| renderer.page(job))
    }

    /// What the template of the page at `site_path` (`ja/plans/x/`) receives, as JSON with the
    /// template's name (`keikaku context`): the view structs of `views.rs`, serialised; `None`
    /// when no page has that path.
    pub fn page_context(&self, site_path: &str) -> Option<Result<serde_json::Value, Vec<Diagnostic>>> {
        let renderer = &self.renderer;
        let job = renderer.jobs().into_iter().find(|job| renderer.path_of(job) == site_path)?;
        Some(
            renderer
                .page_context(&job)
                .map(|(_, template, context)| serde_json::json!({ "template": template, "context": context.into_json() })),
        )
    }

    /// Renders every file of the site and hands each to `emit` as soon as it is done, from
    /// rayon's threads and in no fixed order (each file's bytes depend only on the sources), so
    /// that no more than the files in flight are held in memory. Pages come first; a page that
    /// fails (a glossary link error, a template error) is reported with all the others, and
    /// then nothing more is rendered. The search index of one language is built whole, one
    /// language at a time.
    pub fn render_each(
        &self,
        emit: &(dyn Fn(OutputFile) + Sync),
        timings: &Timings,
        progress: &Progress,
    ) -> Result<RenderCounts, Vec<Diagnostic>> {
        self.render_each_until(emit, timings, progress, &|| false)
    }

    /// [`render_each`](Self::render_each), giving up as soon as `stop` says so (`keikaku serve`
    /// stops the render of sources that changed again); what it rendered until then is incomplete.
    pub fn render_each_until(
        &self,
        emit: &(dyn Fn(OutputFile) + Sync),
        timings: &Timings,
        progress: &Progress,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<RenderCounts, Vec<Diagnostic>> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let renderer = &self.renderer;
        let files = AtomicUsize::new(0);
        let emit = |file: OutputFile| {
            files.fetch_add(1, Ordering::Relaxed);
            emit(file);
        };
        let jobs = renderer.jobs();
        progress.begin(jobs.len());
        progress.stage("pages");
        let errors = std::sync::Mutex::new(Vec::new());
        timings.time("render: pages", || {
            jobs.par_iter().for_each(|job| {
                if stop() {
                    return;
                }
                match renderer.page(job) {
                    Ok(file) => emit(file),
                    Err(mut e) => errors.lock().unwrap_or_else(|e| e.into_inner()).append(&mut e),
                }
                progress.tick();
            })
        });
        let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        // The same text may fail on several pages (every language it falls back to): report once.
        errors.sort_by_key(|d| (d.position(), d.message.clone()));
        errors.dedup_by_key(|d| (d.position(), d.message.clone()));
        if !errors.is_empty() {
            return Err(errors);
        }
        let pages = files.load(Ordering::Relaxed);
        if stop() {
            return Ok(RenderCounts { pages, files: pages });
        }
        progress.stage("charts");
        timings.time("render: charts", || renderer.standalone_charts(&emit));
        if stop() {
            return Ok(RenderCounts { pages, files: files.load(Ordering::Relaxed) });
        }
        progress.stage("data");
        timings.time("render: open data", || renderer.open_data(&emit));
        timings.time("render: feeds, redirects", || {
            renderer.feeds().into_iter().for_each(&emit);
            renderer.redirect_pages().into_iter().for_each(&emit);
        });
        if stop() {
            return Ok(RenderCounts { pages, files: files.load(Ordering::Relaxed) });
        }
        progress.stage("search");
        timings.time("render: search", || {
            for lang in renderer.langs() {
                renderer.search_index(lang).into_iter().for_each(&emit);
            }
        });
        timings.time("render: assets, sitemap", || {
            for (name, bytes) in &self.theme.static_files {
                emit(OutputFile { path: urls::asset(name), bytes: bytes.clone() });
            }
            emit(OutputFile { path: "sitemap.xml".to_string(), bytes: renderer.sitemap(&jobs).into_bytes() });
            emit(OutputFile { path: "robots.txt".to_string(), bytes: renderer.robots().into_bytes() });
            emit(OutputFile { path: ".nojekyll".to_string(), bytes: Vec::new() });
        });
        Ok(RenderCounts { pages, files: files.load(Ordering::Relaxed) })
    }
}

/// The theme's own errors — interface strings that do not load, templates that do not compile —
/// for a build that stops before rendering, so that they are reported with the content's errors
/// in one run.
pub fn theme_errors(theme: &ThemeFiles, config: &crate::config::Config) -> Vec<Diagnostic> {
    let (_, mut errors) = I18n::load(theme, config);
    errors.retain(|d| d.severity == crate::diagnostics::Severity::Error);
    if let Err(mut e) = build_tera(theme) {
        errors.append(&mut e);
    }
    errors
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
                jobs.push(PageJob::EmbedPlan(l.clone(), p));
                jobs.extend((0..plan.initiatives.len()).map(|i| PageJob::EmbedInitiative(l.clone(), p, i)));
            }
            jobs.push(PageJob::Glossary(l.clone()));
            jobs.extend((0..self.site.terms.len()).map(|i| PageJob::Term(l.clone(), i)));
            jobs.push(PageJob::Themes(l.clone()));
            jobs.extend((0..self.site.themes.len()).map(|i| PageJob::Theme(l.clone(), i)));
            jobs.push(PageJob::Departments(l.clone()));
            jobs.extend((0..self.site.departments.len()).map(|i| PageJob::Department(l.clone(), i)));
            jobs.push(PageJob::Search(l.clone()));
            jobs.push(PageJob::Statuses(l.clone()));
            jobs.push(PageJob::Data(l.clone()));
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
            PageJob::EmbedPlan(l, p) => urls::plan_embed(l, &site.plans[*p].id),
            PageJob::EmbedInitiative(l, p, i) => {
                urls::initiative_embed(l, &site.plans[*p].id, &site.plans[*p].initiatives[*i].id)
            }
            PageJob::Glossary(l) => urls::glossary(l),
            PageJob::Term(l, i) => urls::term(l, &site.terms[*i].id),
            PageJob::Themes(l) => urls::themes(l),
            PageJob::Theme(l, i) => urls::theme(l, &site.themes[*i].id),
            PageJob::Departments(l) => urls::departments(l),
            PageJob::Department(l, i) => urls::department(l, &site.departments[*i].key),
            PageJob::Search(l) => urls::search(l),
            PageJob::Statuses(l) => urls::statuses(l),
            PageJob::Accessibility(l) => urls::accessibility(l),
            PageJob::Data(l) => urls::data(l),
        }
    }

    fn url(&self, site_path: &str) -> String {
        self.site.config.base_url.local(site_path)
    }

    fn page(&self, job: &PageJob) -> Result<OutputFile, Vec<Diagnostic>> {
        let (path, template, context) = self.page_context(job)?;
        let html = self.tera.render(template, &context).map_err(|e| vec![template_error(template, &e)])?;
        Ok(OutputFile { path: urls::file_of(&path), bytes: html.into_bytes() })
    }

    /// A page's site path, its template and the context the template receives.
    fn page_context(&self, job: &PageJob) -> Result<(String, &'static str, tera::Context), Vec<Diagnostic>> {
        let path = self.path_of(job);
        let lang =
            path.split('/').next().filter(|l| self.langs().iter().any(|x| x == l)).unwrap_or(self.site.config.default_language());
        let plan = match job {
            PageJob::Plan(_, p)
            | PageJob::Initiative(_, p, _)
            | PageJob::Case(_, p, _)
            | PageJob::EmbedPlan(_, p)
            | PageJob::EmbedInitiative(_, p, _) => Some(self.site.plans[*p].id.clone()),
            _ => None,
        };
        let page = PageRenderer {
            r: self,
            job,
            lang: lang.to_string(),
            plan,
            headings: std::cell::Cell::new(0),
            links: RefCell::new(PageLinks { context: LinkContext::new("term-tip-"), errors: Vec::new() }),
        };
        let (template, context) = page.context_of(job, &path);
        let errors = page.links.into_inner().errors;
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|(text, e)| self.link_error(&text, &e)).collect());
        }
        Ok((path, template, context))
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
            PageJob::Plan(l, p) => ("plan.html", self.plan_context(l, &path, &self.r.site.plans[*p])),
            PageJob::Initiative(l, p, i) => ("initiative.html", self.initiative_context(l, &path, &self.r.site.plans[*p], *i)),
            PageJob::Case(l, p, i) => ("case.html", self.case_context(l, &path, &self.r.site.plans[*p], *i)),
            PageJob::EmbedPlan(l, p) => ("embed.html", self.plan_embed_context(l, &path, &self.r.site.plans[*p])),
            PageJob::EmbedInitiative(l, p, i) => {
                ("embed.html", self.initiative_embed_context(l, &path, &self.r.site.plans[*p], *i))
            }
            PageJob::Glossary(l) => ("glossary.html", self.glossary_context(l, &path)),
            PageJob::Term(l, i) => ("term.html", self.term_context(l, &path, *i)),
            PageJob::Themes(l) => ("themes.html", self.themes_context(l, &path)),
            PageJob::Theme(l, i) => ("theme.html", self.theme_context(l, &path, *i)),
            PageJob::Departments(l) => ("departments.html", self.departments_context(l, &path)),
            PageJob::Department(l, i) => ("department.html", self.department_context(l, &path, *i)),
            PageJob::Search(l) => ("search.html", self.search_context(l, &path)),
            PageJob::Statuses(l) => ("statuses.html", self.statuses_context(l, &path)),
            PageJob::Accessibility(l) => ("accessibility.html", self.accessibility_context(l, &path)),
            PageJob::Data(l) => ("data.html", self.data_context(l, &path)),
        }
    }

    /// A template's context: the site, the interface strings, the page's metadata and
    /// publishing data, and the page kind's own data.
    fn context(&self, lang: &str, meta: PageMeta, data: impl Serialize) -> tera::Context {
        // The site and interface strings are the same on every page of a language: serialised
        // once per build (`base_contexts`) and cloned here.
        let mut context = match self.r.base_contexts.get(lang) {
            Some(base) => base.clone(),
            None => self.r.base_context(lang),
        };
        context.insert("publish", &self.r.publish_view(self.job, lang, &meta));
        context.insert("page", &meta);
        context.insert("data", &data);
        context
    }

    /// Starts a new section of the page: each glossary term is linked again once.
    fn section(&self) {
        self.links.borrow_mut().context.start_section();
    }

    fn link_with<F>(&self, text: &str, render: F) -> String
    where
        F: FnOnce(&str, &mut markdown::Linker<'_, Vec<LinkError>>) -> Result<String, Vec<LinkError>>,
    {
        let Some(lookup) = self.r.terms.lookup(&self.lang, self.plan.as_deref()) else {
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
        self.link_with(text, |t, link| markdown::to_html(t, 1, "section-", &self.headings, link))
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
        let title = config.title.get(lang).0.clone();
        // A description is shown only in its own language (the page's `lang`).
        let description = config.description.in_lang(lang).cloned().unwrap_or_default();
        let date = config.build_date;
        let build_date = date.format(
            self.fmt.t(lang, "date.year"),
            self.fmt.t(lang, "date.month"),
            self.fmt.t(lang, "date.day"),
            &self.fmt.month_names(lang),
        );
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
            data_url: self.url(&urls::data(lang)),
            feed_url: self.url(&urls::site_feed(lang)),
            build_date,
            build_date_iso: date.iso(),
            assets,
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
        let site_title = config.title.get(lang).0.clone();
        let rest = path.strip_prefix(&format!("{lang}/")).unwrap_or(path);
        let alternates: Vec<Alternate> = self
            .langs()
            .iter()
            .map(|l| {
                let p = format!("{l}/{rest}");
                Alternate {
                    lang: l.clone(),
                    name: self.fmt.t(l, "language_name").to_string(),
                    url: self.url(&p),
                    absolute_url: config.base_url.absolute(&p),
                    current: l == lang,
                }
            })
            .collect();
        let x_default = config.base_url.absolute(&format!("{}/{rest}", config.default_language()));
        let fallback = (content_lang != lang).then(|| Fallback {
            lang: content_lang.to_string(),
            notice: self.fmt.i18n.fill(lang, "fallback.notice", &[("language", self.fmt.t(content_lang, "language_name"))]),
        });
        // The <title> names the page, then where it sits (nearest first), then the site: an
        // initiative's title names its plan and city, and no two pages share a title.
        let mut head_parts: Vec<&str> = vec![title];
        head_parts.extend(crumbs.iter().rev().map(|c| c.title.as_str()));
        if title != site_title {
            head_parts.push(&site_title);
        }
        let head_title = head_parts.join(" | ");
        let mut breadcrumbs = vec![Link { title: self.fmt.t(lang, "nav.home").to_string(), url: self.url(&urls::home(lang)) }];
        breadcrumbs.extend(crumbs);
        PageMeta {
            lang: lang.to_string(),
            head_title,
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

    /// What every page of `lang` has in its context: the site and the interface strings.
    fn base_context(&self, lang: &str) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("site", &self.site_view(lang));
        context.insert("t", &self.fmt.i18n.strings(lang));
        context
    }

    fn status_view(&self, lang: &str, id: &str) -> StatusView {
        let config = &self.site.config;
        let status = config.statuses.iter().find(|s| s.id == id).unwrap_or_else(|| config.default_status());
        let pick = |m: &crate::localized::Localized<String>| m.get(lang).0.clone();
        StatusView {
            id: status.id.clone(),
            symbol: status.symbol.clone(),
            // The built-in status of a site that defines none is named by the theme.
            name: Some(pick(&status.name))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| self.fmt.t(lang, "statuses.default_name").to_string()),
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

    fn registry_name(&self, lang: &str, names: &crate::localized::Localized<String>) -> (String, String) {
        let (name, name_lang) = names.get(lang);
        (name.clone(), name_lang.to_string())
    }

    /// The roadmap rows of an initiative: its own `[[roadmap]]`, else rows derived from its
    /// year-by-year plan (`[[years]]`), so that an implementation plan such as Matsue's, which
    /// prints no schedule but says what happens in each year, shows in the roadmap chart and
    /// table. `Detail::Full` gives one row for the action items (取組事項) and one for the year's
    /// targets (年次目標); `Detail::Summary`, for a whole plan's roadmap, only the targets.
    fn roadmap_of<'f>(&self, lang: &str, front: &'f InitiativeFrontMatter, detail: Detail) -> Cow<'f, [RoadmapRow]> {
        if !front.roadmap.is_empty() || front.years.is_empty() {
            return Cow::Borrowed(&front.roadmap);
        }
        let separator = self.fmt.t(lang, "list_separator");
        let row = |key: &str, items: &dyn Fn(&YearPlan) -> &[String]| RoadmapRow {
            action: None,
            label: Some(self.fmt.t(lang, key).to_string()),
            phases: front
                .years
                .iter()
                .filter(|y| !items(y).is_empty())
                .map(|y| Phase {
                    from: y.fy.clone(),
                    to: y.fy.clone(),
                    label: items(y).iter().map(|i| crate::markdown::to_plain_text(i)).collect::<Vec<_>>().join(separator),
                    continues: false,
                })
                .collect(),
            milestones: Vec::new(),
        };
        let targets = row("years.targets", &|y| &y.targets);
        let rows = match detail {
            Detail::Summary => vec![targets],
            Detail::Full => vec![row("years.actions", &|y| &y.actions), targets],
        };
        Cow::Owned(rows.into_iter().filter(|r| !r.phases.is_empty()).collect())
    }

    /// The sections of a plan's roadmap: one per pillar, or one per pillar group (区分) where the
    /// plan defines groups, each with its heading and the initiatives whose primary pillar it is.
    fn roadmap_sections<'p>(&self, lang: &str, plan: &'p Plan) -> Vec<(String, Vec<&'p Initiative>)> {
        let (doc, _) = plan.docs.get(lang);
        let mut sections = Vec::new();
        for p in &doc.front.pillars {
            let pillar = format!("{} {}", p.number, p.title);
            let in_pillar = || plan.initiatives.iter().filter(move |i| &i.pillar == p.id.get_ref());
            if p.groups.is_empty() {
                sections.push((pillar, in_pillar().collect()));
            } else {
                for g in &p.groups {
                    let heading = format!("{pillar}{}{}", self.fmt.t(lang, "punct.colon"), g.title);
                    sections.push((heading, in_pillar().filter(|i| i.group.as_deref() == Some(g.id.get_ref())).collect()));
                }
            }
        }
        sections
    }

    /// What the roadmap schedules for the current fiscal year, as text.
    fn current_phase(&self, lang: &str, plan: &Plan, front: &InitiativeFrontMatter) -> String {
        let fy = self.fmt.current_fy.0;
        if let Some((from, to)) = plan.period
            && (fy < from.0 || fy > to.0)
        {
            return self.fmt.t(lang, "phase.outside_period").to_string();
        }
        // Work marked as continuing (継続) is still scheduled after its last year.
        let roadmap = self.roadmap_of(lang, front, Detail::Summary);
        let labels = phase_labels(&roadmap, |p| p.covers(fy) || (p.continues && fy > *p.to.get_ref()));
        if roadmap.is_empty() {
            self.fmt.t(lang, "phase.no_roadmap").to_string()
        } else if labels.is_empty() {
            self.fmt.t(lang, "phase.none").to_string()
        } else {
            labels.join(self.fmt.t(lang, "list_separator"))
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

    /// The fiscal years a roadmap table shows: the plan period, or the years the rows use.
    fn roadmap_years(&self, plan: &Plan, fronts: &[&InitiativeFrontMatter]) -> Option<(i32, i32)> {
        if let Some((from, to)) = plan.period {
            return Some((from.0, to.0));
        }
        let years: Vec<i32> = fronts
            .iter()
            .flat_map(|f| {
                f.roadmap
                    .iter()
                    .flat_map(|r| {
                        r.phases
                            .iter()
                            .flat_map(|p| [*p.from.get_ref(), *p.to.get_ref()])
                            .chain(r.milestones.iter().map(|m| *m.fy.get_ref()))
                    })
                    .chain(f.years.iter().map(|y| *y.fy.get_ref()))
            })
            .collect();
        Some((*years.iter().min()?, *years.iter().max()?))
    }

    fn roadmap_rows(
        &self,
        lang: &str,
        front: &InitiativeFrontMatter,
        roadmap: &[RoadmapRow],
        years: &[YearColumn],
    ) -> Vec<RoadmapRowView> {
        roadmap
            .iter()
            .map(|row| {
                let label = roadmap_row_label(front, row);
                let cells = years
                    .iter()
                    .map(|y| {
                        let mut parts: Vec<String> =
                            row.phases.iter().filter(|p| p.covers(y.fy)).map(|p| p.label.clone()).collect();
                        for m in &row.milestones {
                            if *m.fy.get_ref() == y.fy {
                                parts.push(self.fmt.i18n.fill(lang, "roadmap.milestone_cell", &[("label", &m.label)]));
                            }
                        }
                        parts.join(self.fmt.t(lang, "punct.alternatives"))
                    })
                    .collect();
                RoadmapRowView { label, url: String::new(), cells, continues: row.phases.iter().any(|p| p.continues) }
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
            // Embeds are parts of other sites' pages, not pages to find (they say `noindex`).
            if matches!(job, PageJob::Landing | PageJob::NotFound | PageJob::EmbedPlan(..) | PageJob::EmbedInitiative(..)) {
                continue;
            }
            let path = self.path_of(job);
            let lang = path.split('/').next().unwrap_or(default);
            let rest = path.strip_prefix(&format!("{lang}/")).unwrap_or(&path);
            out.push_str("  <url>\n    <loc>");
            out.push_str(&escape(&config.base_url.absolute(&path)));
            out.push_str("</loc>\n");
            if let Some(date) = self.page_updated(job) {
                out.push_str(&format!("    <lastmod>{}</lastmod>\n", date.iso()));
            }
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
    for y in &f.years {
        parts.extend(y.actions.iter().chain(y.targets.iter()).map(String::as_str));
    }
    for image in &f.images {
        parts.push(&image.caption);
        parts.extend(image.words.iter().map(String::as_str));
    }
    parts.join("\n")
}

/// The human text of a strategy's structures (objectives, skill framework, logic models, phase
/// roadmaps), for search.
fn strategy_text(f: &crate::load::front_matter::PlanFrontMatter) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for o in &f.objectives {
        parts.push(o.purpose.clone());
        parts.extend(o.policies.iter().cloned());
        parts.push(o.tactic.clone());
        parts.extend(o.tactic_text.iter().cloned());
    }
    if let Some(sf) = &f.skill_framework {
        parts.push(sf.caption.clone());
        parts.extend(sf.viewpoints.iter().map(|v| v.title.clone()));
        for level in &sf.levels {
            parts.push(format!("{} {}", level.title, level.role));
            parts.extend(level.skills.iter().flat_map(|c| c.items.iter().cloned()));
        }
    }
    for m in &f.logic_models {
        parts.push(m.caption.clone());
        parts.extend(m.goal.iter().cloned());
        for stage in &m.stages {
            parts.push(stage.title.clone());
            parts.extend(stage.items.iter().cloned());
        }
    }
    for r in &f.phase_roadmaps {
        parts.push(r.caption.clone());
        parts.extend(r.phases.iter().filter_map(|p| p.name.clone()));
        for row in &r.rows {
            parts.push(row.title.clone());
            parts.extend(row.cells.get_ref().iter().flatten().cloned());
        }
        parts.extend(r.goal.iter().map(|g| format!("{} {}", g.title, g.text)));
    }
    parts
}

/// How much of a year-by-year plan a derived roadmap shows (see `Renderer::roadmap_of`).
#[derive(Clone, Copy)]
enum Detail {
    Summary,
    Full,
}

/// True when an initiative has something to draw in a roadmap.
fn has_roadmap(front: &InitiativeFrontMatter) -> bool {
    !front.roadmap.is_empty() || !front.years.is_empty()
}

/// The labels of the phases of `roadmap` that `scheduled` selects, each once, in order.
fn phase_labels(
    roadmap: &[crate::load::front_matter::RoadmapRow],
    scheduled: impl Fn(&crate::load::front_matter::Phase) -> bool,
) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for phase in roadmap.iter().flat_map(|r| r.phases.iter()).filter(|p| scheduled(p)) {
        if !labels.contains(&phase.label) {
            labels.push(phase.label.clone());
        }
    }
    labels
}

/// The label of a roadmap row: its own label, else its action's marker and title.
fn roadmap_row_label(front: &InitiativeFrontMatter, row: &crate::load::front_matter::RoadmapRow) -> String {
    let action = crate::model::action_of(front, row);
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
    fn script_json_cannot_close_the_script() {
        let v = serde_json::json!({ "a": "</script><script>alert(1)</script>&" });
        let s = json_for_script(&v);
        assert!(!s.contains("</script>"), "{s}");
        assert!(!s.contains('&'));
    }
}
