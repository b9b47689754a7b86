//! Stage 3, render: turn the `Site` into output files — every page in every language through the
//! Tera theme, static assets, sitemap and robots.txt. Pages render in parallel (rayon) and are
//! collected in a fixed order, so the output is byte-identical for the same sources.

mod catalogue;
mod charts;
pub mod data;
mod format;
pub mod i18n;
mod jobs;
mod meta;
mod page;
pub use crate::markdown;
mod pages;
mod parts;
mod publish;
mod roadmap;
mod search_docs;
pub mod terms;
mod text;
pub mod urls;
pub mod views;
use std::collections::BTreeMap;

use i18n::I18n;
use jobs::PageJob;
use page::PageRenderer;
use rayon::prelude::*;
use tera::Tera;
use text::{InitiativeTerms, initiative_terms, term_uses};

use crate::chart;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fiscal::FiscalYear;
use crate::load::ThemeFiles;
use crate::model::Site;
use crate::timings::{Progress, Timings};

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
    /// The paths (as in `files`) of the redirect pages that keep old ids' URLs.
    pub redirects: std::collections::BTreeSet<String>,
}

/// Everything page rendering needs, shared read-only across threads.
struct Renderer<'a> {
    site: &'a Site,
    /// Interface strings and what is formatted with them (fiscal years, dates, numbers).
    fmt: format::Format,
    templates: CompiledTemplates,
    /// Paths of the theme's static files.
    asset_names: Vec<String>,
    /// The theme's (or site's) `chart.css` in its standalone form, embedded in standalone charts.
    chart_css: std::sync::Arc<str>,
    /// The glossary matchers of every language.
    terms: terms::TermIndexes,
    /// For each term (index into `site.terms`), the initiatives and cases using it:
    /// (plan index, initiative index or case index, is a case).
    term_uses: BTreeMap<usize, Vec<(usize, usize, bool)>>,
    /// The terms found in each initiative's text, per language.
    initiative_terms: InitiativeTerms,
    /// For each department (index into `site.departments`): the last plan of its municipality
    /// (plan index) and its initiatives in site order (plan index, initiative index). Built
    /// once: a department page scanning every plan and initiative of the site made the
    /// department pages quadratic.
    department_initiatives: Vec<DepartmentInitiatives>,
    /// The newest content date of each page family.
    dates: publish::PageDates,
    /// Per language, the part of every page's Tera context that is the same on every page
    /// (`site`, `t`).
    shared_contexts: BTreeMap<String, page::SharedContext>,
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
    let redirects = renderer.renderer.redirects().into_iter().map(|(old, _)| urls::file_of(&old)).collect();
    Ok(Rendered { files, warnings: renderer.warnings, redirects })
}

/// What the pages of one build share, ready to render them: the render stage's setup (interface
/// strings, templates, glossary matchers) done once.
pub struct SiteRenderer<'a> {
    renderer: Renderer<'a>,
    theme: &'a ThemeFiles,
    /// Warnings of the setup (missing interface strings), sorted.
    pub warnings: Vec<Diagnostic>,
    /// Every page by the file it is written to, made the first time `serve` asks for one page.
    pages_by_file: std::sync::OnceLock<BTreeMap<String, PageJob>>,
}

/// What [`SiteRenderer::render_each`] produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderCounts {
    pub pages: usize,
    pub files: usize,
}

/// A theme's templates, compiled. `keikaku serve` keeps them from one rebuild to the next while
/// the templates stay the same: compiling them is most of the render stage's setup (about 20 ms
/// of the 50 from an edit to its page on the bundled site).
#[derive(Clone)]
pub struct CompiledTemplates {
    /// Each template compiled, by name: its errors are located in these files.
    sources: BTreeMap<String, std::sync::Arc<SourceFile>>,
    tera: std::sync::Arc<Tera>,
}

impl CompiledTemplates {
    fn compile(theme: &ThemeFiles) -> Result<CompiledTemplates, Vec<Diagnostic>> {
        let sources = theme.templates.clone();
        let mut tera = Tera::default();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        // Tera's default escaper also rewrites `/` as `&#x2F;`, which bloats every URL; escaping
        // the five XML specials is what HTML needs in text and quoted attributes.
        tera.set_escape_fn(crate::escape::write_escaped);
        let texts = sources.iter().map(|(name, file)| (name.as_str(), file.text.as_str()));
        tera.add_raw_templates(texts).map_err(|e| vec![template_error(&sources, "templates", &e)])?;
        Ok(CompiledTemplates { sources, tera: tera.into() })
    }

    /// Whether these are the theme's templates as they are now.
    fn compiled_from(&self, theme: &ThemeFiles) -> bool {
        self.sources.len() == theme.templates.len()
            && self.sources.iter().zip(&theme.templates).all(|((name, a), (n, b))| name == n && a.text == b.text)
    }

    /// A template error, as a diagnostic at its place in the template's file.
    fn error(&self, template: &str, error: &tera::Error) -> Diagnostic {
        template_error(&self.sources, template, error)
    }
}

impl<'a> SiteRenderer<'a> {
    /// Loads the interface strings and templates and builds the glossary matchers.
    pub fn new(site: &'a Site, theme: &'a ThemeFiles) -> Result<SiteRenderer<'a>, Vec<Diagnostic>> {
        Self::reusing(site, theme, None).map(|(renderer, _)| renderer)
    }

    /// [`new`](Self::new), taking the templates from `compiled` when they were compiled from the
    /// theme's templates as they are now; also returns the templates it used.
    pub fn reusing(
        site: &'a Site,
        theme: &'a ThemeFiles,
        compiled: Option<&CompiledTemplates>,
    ) -> Result<(SiteRenderer<'a>, CompiledTemplates), Vec<Diagnostic>> {
        let (i18n, i18n_diagnostics) = I18n::load(theme, &site.config);
        let (errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            i18n_diagnostics.into_iter().partition(|d| d.severity == crate::diagnostics::Severity::Error);
        if !errors.is_empty() {
            return Err(errors);
        }
        let templates = match compiled {
            Some(c) if c.compiled_from(theme) => c.clone(),
            _ => CompiledTemplates::compile(theme)?,
        };
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
        let initiative_terms = initiative_terms(site, &terms);
        let term_uses = term_uses(site, &terms, &initiative_terms);
        let mut renderer = Renderer {
            site,
            fmt: format::Format::new(i18n, FiscalYear::containing(site.config.build_date), &site.config.languages),
            templates: templates.clone(),
            asset_names: theme.static_files.keys().cloned().collect(),
            // The standalone form of the theme's chart.css, made once for every roadmap.svg.
            chart_css: chart::standalone_stylesheet(
                &theme.static_files.get("chart.css").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default(),
            )
            .into(),
            terms,
            term_uses,
            initiative_terms,
            department_initiatives: department_initiatives(site),
            dates: publish::PageDates::new(site),
            shared_contexts: BTreeMap::new(),
        };
        renderer.shared_contexts =
            renderer.langs().iter().map(|l| (l.clone(), page::SharedContext::new(renderer.base_context(l)))).collect();
        warnings.sort_by_key(|w| w.message.clone());
        Ok((SiteRenderer { renderer, theme, warnings, pages_by_file: std::sync::OnceLock::new() }, templates))
    }

    /// Renders the one page written to `file` (`ja/plans/x/index.html`), for `keikaku serve`,
    /// which shows a changed page before the rest of the site is rendered; `None` when `file` is
    /// not a page.
    pub fn render_page(&self, file: &str) -> Option<Result<OutputFile, Vec<Diagnostic>>> {
        let renderer = &self.renderer;
        let pages = self
            .pages_by_file
            .get_or_init(|| renderer.jobs().into_iter().map(|job| (urls::file_of(&renderer.path_of(&job)), job)).collect());
        pages.get(file).map(|job| renderer.page(job).map(|rendered| rendered.page))
    }

    /// What the template of the page at `site_path` (`ja/plans/x/`) receives, as JSON with the
    /// template's name (`keikaku context`): the view structs of `views.rs`, serialised; `None`
    /// when no page has that path.
    pub fn page_context(&self, site_path: &str) -> Option<Result<serde_json::Value, Vec<Diagnostic>>> {
        let renderer = &self.renderer;
        let job = renderer.jobs().into_iter().find(|job| renderer.path_of(job) == site_path)?;
        Some(
            renderer.page_context(&job).map(
                |(_, template, context)| serde_json::json!({ "template": template, "context": context.into_json(renderer) }),
            ),
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
        let page_count = AtomicUsize::new(0);
        let emit = |file: OutputFile| {
            files.fetch_add(1, Ordering::Relaxed);
            emit(file);
        };
        let jobs = renderer.jobs();
        progress.begin(jobs.len());
        progress.stage("pages");
        let errors = std::sync::Mutex::new(Vec::new());
        let order = Renderer::render_order(&jobs);
        timings.time("render: pages", || {
            order.par_iter().map(|&i| &jobs[i]).for_each(|job| {
                if stop() {
                    return;
                }
                match renderer.page(job) {
                    Ok(rendered) => {
                        page_count.fetch_add(1, Ordering::Relaxed);
                        emit(rendered.page);
                        rendered.files.into_iter().for_each(&emit);
                    }
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
        let pages = page_count.load(Ordering::Relaxed);
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
                renderer.search_index(lang, &emit);
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
    if let Err(mut e) = CompiledTemplates::compile(theme) {
        errors.append(&mut e);
    }
    errors
}

/// A Tera error as a diagnostic: at its file, line and column when Tera says where it is (a
/// syntax error, or an expression that fails while rendering), else naming the template.
fn template_error(sources: &BTreeMap<String, std::sync::Arc<SourceFile>>, template: &str, error: &tera::Error) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let located = report.and_then(|r| Some((r, sources.get(r.filename())?)));
    let Some((report, file)) = located else {
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        return Diagnostic::error(format!("template `{template}`: {message}"));
    };
    let span = report.span().range.clone();
    let diagnostic = Diagnostic::error_at(file, span.clone(), format!("template `{}`: {}", report.filename(), report.message()));
    // Themes written when `t` was one flat table look its strings up as `t['nav.home']`.
    let flat_key = file.text.get(span).and_then(|code| {
        let quoted = code.trim().strip_prefix("t[")?;
        let quote = quoted.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
        quoted[1..].split(quote).next()
    });
    match flat_key {
        Some(key) if key.contains('.') => {
            diagnostic.help(format!("interface strings are nested tables: write `t.{key}` instead of `t['{key}']`"))
        }
        _ => diagnostic,
    }
}

impl Renderer<'_> {
    fn langs(&self) -> &[String] {
        &self.site.config.languages
    }

    fn url(&self, site_path: &str) -> String {
        self.site.config.base_url.local(site_path)
    }
}

/// The last plan of a department's municipality (plan index) and its initiatives (plan index,
/// initiative index).
type DepartmentInitiatives = (Option<usize>, Vec<(usize, usize)>);

/// For each department of the site, the last plan of its municipality and the (plan index,
/// initiative index) of its initiatives, in site order.
fn department_initiatives(site: &Site) -> Vec<DepartmentInitiatives> {
    let mut last_plan: BTreeMap<&str, usize> = BTreeMap::new();
    let mut initiatives = vec![Vec::new(); site.departments.len()];
    for (p, plan) in site.plans.iter().enumerate() {
        last_plan.insert(&plan.municipality_id, p);
        for (i, initiative) in plan.initiatives.iter().enumerate() {
            for key in &initiative.departments {
                if let Ok(d) = site.departments.binary_search_by(|d| d.key.cmp(key))
                    && initiatives[d].last() != Some(&(p, i))
                {
                    initiatives[d].push((p, i));
                }
            }
        }
    }
    site.departments.iter().zip(initiatives).map(|(d, list)| (last_plan.get(d.municipality_id.as_str()).copied(), list)).collect()
}

/// Serialises JSON for a `<script type="application/json">` block: `<`, `>` and `&` are escaped
/// so content can never close the script element.
pub fn json_for_script<T: serde::Serialize + ?Sized>(value: &T) -> String {
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
        assert_eq!(json_for_script(&serde_json::json!({ "a": "<é>&" })), r#"{"a":"\u003cé\u003e\u0026"}"#);
    }
}
