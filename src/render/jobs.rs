//! The page list: which pages the site has (`PageJob`), the site path of each, and the sitemap
//! and robots.txt that list them.

use super::{Renderer, urls};
use crate::escape::escape;

impl Renderer<'_> {
    pub(in crate::render) fn jobs(&self) -> Vec<PageJob> {
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

    /// The order in which to render `jobs`: the pages that list the whole site (the home page,
    /// the glossary, the theme, department and status lists, the data catalogue) first. On the
    /// national corpus each theme page lists thousands of initiatives; left where they are in the
    /// page list, they ran last, one per core, and kept one core idle for seconds at the end of the
    /// pages stage. The page list itself keeps its order (the sitemap is written from it).
    pub(in crate::render) fn render_order(jobs: &[PageJob]) -> Vec<usize> {
        let (mut first, rest): (Vec<usize>, Vec<usize>) = (0..jobs.len()).partition(|&i| jobs[i].lists_the_whole_site());
        first.extend(rest);
        first
    }

    /// The site path of a job's page.
    pub(in crate::render) fn path_of(&self, job: &PageJob) -> String {
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

    pub(in crate::render) fn sitemap(&self, jobs: &[PageJob]) -> String {
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

    pub(in crate::render) fn robots(&self) -> String {
        format!("User-agent: *\nAllow: /\nSitemap: {}\n", self.site.config.base_url.absolute("sitemap.xml"))
    }
}

/// Which page to render; pages are listed first, then rendered in parallel.
#[derive(Debug, Clone)]
pub(in crate::render) enum PageJob {
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

impl PageJob {
    /// Whether the page lists something of every plan (and so grows with the whole site).
    fn lists_the_whole_site(&self) -> bool {
        matches!(
            self,
            PageJob::Home(_)
                | PageJob::Glossary(_)
                | PageJob::Themes(_)
                | PageJob::Theme(..)
                | PageJob::Departments(_)
                | PageJob::Statuses(_)
                | PageJob::Data(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_that_list_the_whole_site_render_first_and_every_page_once() {
        let ja = || "ja".to_string();
        let jobs = vec![
            PageJob::Landing,
            PageJob::Plan(ja(), 0),
            PageJob::Initiative(ja(), 0, 0),
            PageJob::Theme(ja(), 0),
            PageJob::Term(ja(), 0),
            PageJob::Home(ja()),
            PageJob::Statuses(ja()),
            PageJob::NotFound,
        ];
        let order = Renderer::render_order(&jobs);
        assert_eq!(order, vec![3, 5, 6, 0, 1, 2, 4, 7]);
    }
}
