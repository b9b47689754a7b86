//! Page metadata: the site block every page shows, the page's titles, breadcrumbs, language
//! alternates and fallback notice.

use super::views::{Alternate, Fallback, Link, PageMeta, SiteView};
use super::{Renderer, urls};

impl Renderer<'_> {
    pub(in crate::render) fn site_view(&self, lang: &str) -> SiteView {
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
    pub(in crate::render) fn meta(
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
    pub(in crate::render) fn base_context(&self, lang: &str) -> tera::Context {
        let [site, t] = super::page::SHARED_KEYS;
        let mut context = tera::Context::new();
        context.insert(site, &self.site_view(lang));
        context.insert(t, &self.fmt.i18n.tree(lang));
        context
    }
}
