//! One page being rendered: its glossary-linking state (which terms each section has linked,
//! tooltip ids, heading numbers, link errors), the Markdown it renders through the linker, and
//! the template context it ends in.

use std::cell::RefCell;

use serde::Serialize;

use super::jobs::PageJob;
use super::views::PageMeta;
use super::{OutputFile, Renderer, template_error, urls};
use crate::diagnostics::Diagnostic;
use crate::glossary::linker::{LinkContext, LinkError, link_terms};
use crate::markdown;

impl Renderer<'_> {
    pub(in crate::render) fn page(&self, job: &PageJob) -> Result<OutputFile, Vec<Diagnostic>> {
        let (path, template, context) = self.page_context(job)?;
        let html = self.tera.render(template, &context).map_err(|e| vec![template_error(template, &e)])?;
        Ok(OutputFile { path: urls::file_of(&path), bytes: html.into_bytes() })
    }

    /// A page's site path, its template and the context the template receives.
    pub(in crate::render) fn page_context(
        &self,
        job: &PageJob,
    ) -> Result<(String, &'static str, tera::Context), Vec<Diagnostic>> {
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
    pub(in crate::render) fn context_of(&self, job: &PageJob, path: &str) -> (&'static str, tera::Context) {
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
    pub(in crate::render) fn context(&self, lang: &str, meta: PageMeta, data: impl Serialize) -> tera::Context {
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
}

pub(in crate::render) struct PageLinks {
    pub(super) context: LinkContext,
    /// Link errors with the text they were found in.
    pub(super) errors: Vec<(String, LinkError)>,
}
