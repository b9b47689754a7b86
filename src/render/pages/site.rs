//! The site's own pages: landing, 404, home, search, statuses and accessibility.

use std::collections::BTreeMap;

use crate::model::Plan;
use crate::render::page::{PageContext, PageRenderer};
use crate::render::views::{
    AccessibilityCheckView, AccessibilityPage, AccessibilityResultsView, EveryLanguagePage, HomePage, LandingLanguage, Link,
    NotFoundLanguage, PageMeta, PlanCard, SearchPage, StatusView, StatusesPage,
};
use crate::render::{json_for_script, urls};

impl PageRenderer<'_, '_> {
    /// The landing page and the 404 page speak every language at once: one block per language,
    /// no breadcrumbs and no language switch.
    pub(in crate::render) fn every_language_page<T>(
        &self,
        path: &str,
        title: &str,
        description: &str,
        kind: &str,
        block: impl Fn(&str) -> T,
    ) -> (PageMeta, EveryLanguagePage<T>) {
        let default = self.r.site.config.default_language();
        let languages: Vec<T> = self.r.langs().iter().map(|l| block(l)).collect();
        let mut meta = self.r.meta(default, path, title, description, vec![], default, kind);
        meta.breadcrumbs.clear();
        meta.alternates.clear();
        (meta, EveryLanguagePage { languages })
    }

    pub(in crate::render) fn landing_context(&self) -> PageContext {
        let config = &self.r.site.config;
        let default = config.default_language();
        let title_in = |l: &str| config.title.get(l).0.clone();
        let (mut meta, data) =
            self.every_language_page("", &title_in(default), config.description.default(), "landing", |l| LandingLanguage {
                lang: l.to_string(),
                name: self.r.fmt.t(l, "language_name").to_string(),
                title: title_in(l),
                description: config.description.in_lang(l).cloned().unwrap_or_default(),
                enter: self.r.fmt.t(l, "landing.enter").to_string(),
                url: self.r.url(&urls::home(l)),
            });
        meta.x_default = config.base_url.absolute("");
        // The landing page speaks every language: its title names the site in each of them.
        let titles: Vec<&str> = self.r.langs().iter().filter_map(|l| config.title.in_lang(l).map(String::as_str)).collect();
        meta.head_title = titles.join(self.r.fmt.t(default, "punct.alternatives"));
        self.context(default, meta, data)
    }

    pub(in crate::render) fn not_found_context(&self) -> PageContext {
        let default = self.r.site.config.default_language();
        let (meta, data) = self.every_language_page("404.html", self.r.fmt.t(default, "not_found.title"), "", "not-found", |l| {
            NotFoundLanguage {
                lang: l.to_string(),
                title: self.r.fmt.t(l, "not_found.title").to_string(),
                text: self.r.fmt.t(l, "not_found.text").to_string(),
                home: self.r.fmt.t(l, "nav.home").to_string(),
                url: self.r.url(&urls::home(l)),
                search: self.r.fmt.t(l, "nav.search").to_string(),
                search_url: self.r.url(&urls::search(l)),
            }
        });
        self.context(default, meta, data)
    }

    pub(in crate::render) fn home_context(&self, lang: &str, path: &str) -> PageContext {
        let site_view = self.r.site_view(lang);
        let (plans, references): (Vec<&Plan>, Vec<&Plan>) =
            self.r.site.plans.iter().partition(|p| p.kind != crate::model::PlanKind::ReferenceCollection);
        let plans: Vec<PlanCard> = plans.into_iter().map(|p| self.plan_card(lang, p)).collect();
        let references: Vec<PlanCard> = references.into_iter().map(|p| self.plan_card(lang, p)).collect();
        let themes: Vec<Link> = self
            .r
            .site
            .themes
            .iter()
            .map(|t| Link { title: self.r.registry_name(lang, &t.name).0, url: self.r.url(&urls::theme(lang, &t.id)) })
            .collect();
        let mut meta = self.r.meta(lang, path, &site_view.title, &site_view.description, vec![], lang, "home");
        meta.breadcrumbs.clear();
        let term_count = self.r.fmt.i18n.fill(lang, "glossary.count", &[("n", &self.r.site.terms.len().to_string())]);
        self.context(lang, meta, HomePage { plans, references, themes, term_count })
    }

    pub(in crate::render) fn search_context(&self, lang: &str, path: &str) -> PageContext {
        let title = self.r.fmt.t(lang, "search.title").to_string();
        let meta = self.r.meta(lang, path, &title, self.r.fmt.t(lang, "search.description"), vec![], lang, "search");
        // The strings search.js shows, by the names it reads them under.
        let names = ["results", "none", "kind", "city", "pillar", "theme", "all", "loading", "more", "error"];
        let strings: BTreeMap<&str, String> =
            names.iter().map(|n| (*n, self.r.fmt.t(lang, &format!("search.{n}")).to_string())).collect();
        let i18n_json = serde_json::to_value(&strings).unwrap_or_default();
        let plans: Vec<PlanCard> = self.r.site.plans.iter().map(|p| self.plan_card(lang, p)).collect();
        self.context(
            lang,
            meta,
            SearchPage { index_url: self.r.url(&urls::search_index(lang)), i18n_json: json_for_script(&i18n_json), plans },
        )
    }

    pub(in crate::render) fn accessibility_context(&self, lang: &str, path: &str) -> PageContext {
        let results = self.r.site.accessibility.as_ref().map(|r| {
            let checks: Vec<AccessibilityCheckView> = r
                .checks
                .iter()
                .map(|c| {
                    let key = format!("accessibility.check_{}", c.id.replace('-', "_"));
                    let name = self.r.fmt.t(lang, &key);
                    AccessibilityCheckView {
                        id: c.id.clone(),
                        name: if name == key { c.id.clone() } else { name.to_string() },
                        criteria: c.criteria.clone(),
                        pages: c.pages,
                        violations: c.violations,
                        result: self
                            .r
                            .fmt
                            .t(lang, if c.passed { "accessibility.passed" } else { "accessibility.failed" })
                            .to_string(),
                    }
                })
                .collect();
            let tools: Vec<String> = r.tools.iter().map(|(k, v)| format!("{k} {v}")).collect();
            AccessibilityResultsView {
                standard: r.standard.clone(),
                target: r.target.clone(),
                wcag: r.wcag.clone(),
                pages: r.pages,
                languages: r.languages.join(", "),
                tools: tools.join(self.r.fmt.t(lang, "list_separator")),
                checks,
            }
        });
        let title = self.r.fmt.t(lang, "accessibility.title").to_string();
        let meta =
            self.r.meta(lang, path, &title, self.r.fmt.t(lang, "accessibility.description"), vec![], lang, "accessibility");
        self.context(lang, meta, AccessibilityPage { results })
    }

    pub(in crate::render) fn statuses_context(&self, lang: &str, path: &str) -> PageContext {
        let statuses: Vec<StatusView> = self.r.site.config.statuses.iter().map(|s| self.r.status_view(lang, &s.id)).collect();
        let title = self.r.fmt.t(lang, "statuses.title").to_string();
        let meta = self.r.meta(lang, path, &title, self.r.fmt.t(lang, "statuses.description"), vec![], lang, "statuses");
        self.context(lang, meta, StatusesPage { statuses })
    }
}
