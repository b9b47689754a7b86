//! One page being rendered: its glossary-linking state (which terms each section has linked,
//! tooltip ids, heading numbers, link errors), the Markdown it renders through the linker, and
//! the template context it ends in.

use std::cell::RefCell;
use std::sync::Mutex;

use serde::Serialize;

use super::jobs::PageJob;
use super::views::PageMeta;
use super::{OutputFile, Renderer, urls};
use crate::diagnostics::Diagnostic;
use crate::glossary::linker::{LinkContext, LinkError, link_terms};
use crate::markdown;

impl Renderer<'_> {
    /// Renders a page, with the files its data made on the way (its roadmap's `.svg`).
    pub(in crate::render) fn page(&self, job: &PageJob) -> Result<PageFiles, Vec<Diagnostic>> {
        let (path, template, mut context) = self.page_context(job)?;
        let files = std::mem::take(&mut context.files);
        let html = self.render_template(template, context).map_err(|e| vec![self.templates.error(template, &e)])?;
        Ok(PageFiles { page: OutputFile { path: urls::file_of(&path), bytes: html.into_bytes() }, files })
    }

    /// Renders `template` with the shared part of its language's context and the page's own
    /// part. The shared part is borrowed from the pool and given back with the page's keys
    /// removed, so it is cloned once per rendering thread rather than once per page.
    fn render_template(&self, template: &str, page: PageContext) -> Result<String, tera::Error> {
        let Some(shared) = self.shared_contexts.get(&page.lang) else {
            return self.templates.tera.render(template, &page.into_full(self));
        };
        let mut context = shared.take();
        context.extend(page.own);
        let html = self.templates.tera.render(template, &context);
        for key in PageContext::OWN_KEYS {
            context.remove(key);
        }
        shared.give_back(context);
        html
    }

    /// A page's site path, its template and the context the template receives.
    pub(in crate::render) fn page_context(&self, job: &PageJob) -> Result<(String, &'static str, PageContext), Vec<Diagnostic>> {
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
            files: RefCell::new(Vec::new()),
            links: RefCell::new(PageLinks { context: LinkContext::new("term-tip-"), errors: Vec::new() }),
        };
        let (template, mut context) = page.context_of(job, &path);
        context.files = page.files.into_inner();
        let errors = page.links.into_inner().errors;
        if !errors.is_empty() {
            return Err(errors.into_iter().map(|(text, e)| self.link_error(&text, &e)).collect());
        }
        Ok((path, template, context))
    }

    /// A glossary link error as a diagnostic, located in whichever source file holds the text.
    pub(in crate::render) fn link_error(&self, text: &str, error: &LinkError) -> Diagnostic {
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
    pub(in crate::render) fn context_of(&self, job: &PageJob, path: &str) -> (&'static str, PageContext) {
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

    /// A page's own part of its template context: its metadata and publishing data, and the
    /// page kind's own data. The site and the interface strings of `lang` are added when the
    /// page renders.
    pub(in crate::render) fn context(&self, lang: &str, meta: PageMeta, data: impl Serialize) -> PageContext {
        let [publish, page, data_key] = PageContext::OWN_KEYS;
        let mut own = tera::Context::new();
        own.insert(publish, &self.r.publish_view(self.job, lang, &meta));
        own.insert(page, &meta);
        own.insert(data_key, &data);
        PageContext { lang: lang.to_string(), own, files: Vec::new() }
    }

    /// Keeps a file that the page's data made, to be written with the page.
    pub(in crate::render) fn with_file<T>(&self, (value, file): (T, OutputFile)) -> T {
        self.files.borrow_mut().push(file);
        value
    }

    /// Starts a new section of the page: each glossary term is linked again once.
    pub(in crate::render) fn section(&self) {
        self.links.borrow_mut().context.start_section();
    }

    pub(in crate::render) fn link_with<F>(&self, text: &str, render: F) -> String
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
    pub(in crate::render) fn md_section(&self, text: &str) -> String {
        self.section();
        self.md(text)
    }

    /// Text shown inside a heading: no glossary links there.
    pub(in crate::render) fn heading(&self, text: &str) -> String {
        self.link_with(text, |t, link| markdown::to_heading_html(t, link))
    }

    /// Markdown text (a body or a long field) as HTML, with glossary links.
    pub(in crate::render) fn md(&self, text: &str) -> String {
        self.link_with(text, |t, link| markdown::to_html(t, 1, "section-", &self.headings, link))
    }

    /// A one-paragraph field as inline HTML, with glossary links.
    pub(in crate::render) fn md_inline(&self, text: &str) -> String {
        self.link_with(text, |t, link| markdown::to_inline_html(t, link))
    }
}

/// One page being rendered: the shared renderer plus the page's glossary-linking state (which
/// terms each section has linked, tooltip ids, link errors). Created per page, never shared.
pub(in crate::render) struct PageRenderer<'p, 'a> {
    /// The shared renderer (site, formatting, templates, glossary).
    pub(super) r: &'p Renderer<'a>,
    pub(super) job: &'p PageJob,
    pub(super) lang: String,
    /// The plan whose ※ notes apply on this page.
    pub(super) plan: Option<String>,
    pub(super) links: RefCell<PageLinks>,
    /// Headings numbered so far on this page: ids `section-{n}` stay unique however many
    /// Markdown fields the page renders.
    pub(super) headings: std::cell::Cell<usize>,
    /// Files made with the page's data (a roadmap's standalone `.svg`, drawn with its inline
    /// chart), written with the page.
    pub(super) files: RefCell<Vec<OutputFile>>,
}

/// A rendered page and the files made with it.
pub(in crate::render) struct PageFiles {
    pub(in crate::render) page: OutputFile,
    pub(in crate::render) files: Vec<OutputFile>,
}

pub(in crate::render) struct PageLinks {
    pub(super) context: LinkContext,
    /// Link errors with the text they were found in.
    pub(super) errors: Vec<(String, LinkError)>,
}

/// A page's own part of its template context (`publish`, `page`, `data`), and the language whose
/// shared part (`site`, `t`) completes it.
pub(in crate::render) struct PageContext {
    lang: String,
    own: tera::Context,
    /// Files made with the page's data, taken out before it renders.
    files: Vec<OutputFile>,
}

impl PageContext {
    /// The keys of a page's own part, and only those: the shared part keeps every other key.
    const OWN_KEYS: [&'static str; 3] = ["publish", "page", "data"];

    /// The whole context the template receives (`keikaku context`).
    pub(in crate::render) fn into_full(self, renderer: &Renderer<'_>) -> tera::Context {
        // The shared part is already serialised for every configured language.
        let mut context = match renderer.shared_contexts.get(&self.lang) {
            Some(shared) => shared.template.clone(),
            None => renderer.base_context(&self.lang),
        };
        context.extend(self.own);
        context
    }

    /// The whole context as JSON, keys sorted (`keikaku context`).
    pub(in crate::render) fn into_json(self, renderer: &Renderer<'_>) -> serde_json::Value {
        let context = self.into_full(renderer);
        let keys = SHARED_KEYS.iter().chain(&PageContext::OWN_KEYS);
        let entries = keys.filter_map(|&key| Some((key.to_string(), serde_json::to_value(context.get(key)?).ok()?)));
        serde_json::Value::Object(entries.collect())
    }
}

/// The keys of the part of the context that every page of a language shares (see
/// `Renderer::base_context`).
pub(in crate::render) const SHARED_KEYS: [&str; 2] = ["site", "t"];

/// The part of the context that every page of a language shares (`site`, `t`), serialised once
/// per build. Cloning it for each page, and dropping the clone, was a third of a build's
/// instructions (callgrind, 20 × 10 corpus); pages borrow a copy from `spare` instead and give it
/// back, so there are only as many copies as pages rendering at once.
pub(in crate::render) struct SharedContext {
    template: tera::Context,
    spare: Mutex<Vec<tera::Context>>,
}

impl SharedContext {
    pub(in crate::render) fn new(template: tera::Context) -> SharedContext {
        SharedContext { template, spare: Mutex::new(Vec::new()) }
    }

    fn take(&self) -> tera::Context {
        let spare = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        spare.unwrap_or_else(|| self.template.clone())
    }

    fn give_back(&self, context: tera::Context) {
        self.spare.lock().unwrap_or_else(|e| e.into_inner()).push(context);
    }
}
