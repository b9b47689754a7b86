//! Theme and department pages: the cross-city registries.

use std::collections::BTreeMap;

use crate::render::page::{PageContext, PageRenderer};
use crate::render::urls;
use crate::render::views::{
    CaseCard, DepartmentGroup, DepartmentPage, DepartmentSummary, DepartmentsPage, InitiativeCard, Link, ThemeColumn, ThemePage,
    ThemeSummary, ThemesPage,
};

impl PageRenderer<'_, '_> {
    pub(in crate::render) fn themes_context(&self, lang: &str, path: &str) -> PageContext {
        let themes: Vec<ThemeSummary> = self
            .r
            .site
            .themes
            .iter()
            .map(|t| {
                let count: usize = self
                    .r
                    .site
                    .plans
                    .iter()
                    .map(|p| {
                        p.initiatives.iter().filter(|i| i.themes.contains(&t.id)).count()
                            + p.cases.iter().filter(|c| c.themes.contains(&t.id)).count()
                    })
                    .sum();
                let (name, name_lang) = self.r.registry_name(lang, &t.name);
                ThemeSummary {
                    url: self.r.url(&urls::theme(lang, &t.id)),
                    name,
                    lang: name_lang,
                    description: self.r.registry_name(lang, &t.description).0,
                    count,
                }
            })
            .collect();
        let title = self.r.fmt.t(lang, "themes.title").to_string();
        let meta = self.r.meta(lang, path, &title, self.r.fmt.t(lang, "themes.description"), vec![], lang, "themes");
        self.context(lang, meta, ThemesPage { themes })
    }

    pub(in crate::render) fn theme_context(&self, lang: &str, path: &str, index: usize) -> PageContext {
        let theme = &self.r.site.themes[index];
        let columns: Vec<ThemeColumn> = self
            .r
            .site
            .plans
            .iter()
            .filter_map(|plan| {
                let initiatives: Vec<InitiativeCard> = plan
                    .initiatives
                    .iter()
                    .filter(|i| i.themes.contains(&theme.id))
                    .map(|i| self.r.initiative_card(lang, plan, i, false))
                    .collect();
                let cases: Vec<CaseCard> =
                    plan.cases.iter().filter(|c| c.themes.contains(&theme.id)).map(|c| self.case_card(lang, plan, c)).collect();
                if initiatives.is_empty() && cases.is_empty() {
                    return None;
                }
                Some(ThemeColumn { plan: self.plan_card(lang, plan), initiatives, cases })
            })
            .collect();
        let (name, name_lang) = self.r.registry_name(lang, &theme.name);
        let crumbs = vec![Link { title: self.r.fmt.t(lang, "themes.title").to_string(), url: self.r.url(&urls::themes(lang)) }];
        let description = self.r.registry_name(lang, &theme.description).0;
        let meta = self.r.meta(lang, path, &name, &description, crumbs, &name_lang, "theme");
        self.context(lang, meta, ThemePage { name, description, columns })
    }

    pub(in crate::render) fn departments_context(&self, lang: &str, path: &str) -> PageContext {
        // Initiatives per department, counted in one pass (not once per department).
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for key in self.r.site.plans.iter().flat_map(|p| p.initiatives.iter()).flat_map(|i| i.departments.iter()) {
            *counts.entry(key.as_str()).or_default() += 1;
        }
        let mut groups: Vec<DepartmentGroup> = Vec::new();
        let mut municipalities: Vec<&str> = self.r.site.departments.iter().map(|d| d.municipality_id.as_str()).collect();
        municipalities.dedup();
        for m in municipalities {
            let name = self
                .r
                .site
                .plans
                .iter()
                .find(|p| p.municipality_id == m)
                .map(|p| p.docs.get(lang).0.front.municipality.name.clone())
                .unwrap_or_else(|| m.to_string());
            let departments: Vec<DepartmentSummary> = self
                .r
                .site
                .departments
                .iter()
                .filter(|d| d.municipality_id == m)
                .map(|d| {
                    let (name, name_lang) = self.r.registry_name(lang, &d.name);
                    DepartmentSummary {
                        name,
                        lang: name_lang,
                        url: self.r.url(&urls::department(lang, &d.key)),
                        count: counts.get(d.key.as_str()).copied().unwrap_or(0),
                    }
                })
                .collect();
            groups.push(DepartmentGroup { municipality: name, departments });
        }
        let title = self.r.fmt.t(lang, "departments.title").to_string();
        let meta = self.r.meta(lang, path, &title, self.r.fmt.t(lang, "departments.description"), vec![], lang, "departments");
        self.context(lang, meta, DepartmentsPage { groups })
    }

    pub(in crate::render) fn department_context(&self, lang: &str, path: &str, index: usize) -> PageContext {
        let dept = &self.r.site.departments[index];
        let site = self.r.site;
        let (last_plan, own) = &self.r.department_initiatives[index];
        // The municipality's name as its last plan gives it.
        let municipality = last_plan
            .map_or_else(|| dept.municipality_id.clone(), |p| site.plans[p].docs.get(lang).0.front.municipality.name.clone());
        let initiatives: Vec<_> = own
            .iter()
            .map(|&(p, i)| self.r.initiative_card(lang, &site.plans[p], &site.plans[p].initiatives[i], false))
            .collect();
        let (name, name_lang) = self.r.registry_name(lang, &dept.name);
        let description = self.r.registry_name(lang, &dept.description).0;
        let crumbs =
            vec![Link { title: self.r.fmt.t(lang, "departments.title").to_string(), url: self.r.url(&urls::departments(lang)) }];
        let title = format!("{name}{}{municipality}{}", self.r.fmt.t(lang, "punct.open"), self.r.fmt.t(lang, "punct.close"));
        let meta = self.r.meta(lang, path, &title, &description, crumbs, &name_lang, "department");
        self.context(lang, meta, DepartmentPage { name, municipality, description, initiatives })
    }
}
