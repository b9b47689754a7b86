//! The search documents of the render stage: every plan, initiative, reference case and term of
//! one language as `crate::search::SearchDoc`, indexed under `/{lang}/search-index/`.

use std::collections::BTreeSet;

use super::text::{initiative_text, strategy_text};
use super::{OutputFile, Renderer, urls};
use crate::markdown;

/// One page of a language's search index, by its place in the site: the index makes each
/// page's [`SearchDoc`](crate::search::SearchDoc) when it reaches it, so a language's text is
/// never all in memory.
#[derive(Clone, Copy)]
enum SearchPage {
    Plan(usize),
    Initiative(usize, usize),
    Case(usize, usize),
    Term(usize),
}

impl Renderer<'_> {
    // ----- search ---------------------------------------------------------------------------

    /// The search index of one language: every plan, initiative, reference case and term, each
    /// file handed to `emit` as soon as it is written.
    pub(super) fn search_index(&self, lang: &str, emit: &(dyn Fn(OutputFile) + Sync)) {
        let dir = urls::search_index(lang);
        let pages = self.search_pages();
        crate::search::build_index_each(pages.len(), &|i| self.search_doc(lang, pages[i]), &|path, bytes| {
            emit(OutputFile { path: format!("{dir}{path}"), bytes })
        });
    }

    /// The pages of the index in order: each plan, its initiatives, its reference cases; then
    /// the terms.
    fn search_pages(&self) -> Vec<SearchPage> {
        let mut pages = Vec::new();
        for (p, plan) in self.site.plans.iter().enumerate() {
            pages.push(SearchPage::Plan(p));
            pages.extend((0..plan.initiatives.len()).map(|i| SearchPage::Initiative(p, i)));
            pages.extend((0..plan.cases.len()).map(|c| SearchPage::Case(p, c)));
        }
        pages.extend((0..self.site.terms.len()).map(SearchPage::Term));
        pages
    }

    fn search_doc(&self, lang: &str, page: SearchPage) -> crate::search::SearchDoc {
        use crate::search::SearchDoc;
        let plain = markdown::to_plain_text;
        let kind_label = |kind: &str| self.fmt.t(lang, &format!("search.kind_{kind}")).to_string();
        let term_names = |found: &BTreeSet<usize>| -> Vec<String> {
            found.iter().map(|&i| self.site.terms[i].docs.get(lang).0.front.term.clone()).collect()
        };
        let plan_of = |p: usize| {
            let plan = &self.site.plans[p];
            let f = &plan.docs.get(lang).0.front;
            (plan, f.short_title.clone().unwrap_or_else(|| f.title.clone()), f.municipality.name.clone())
        };
        match page {
            SearchPage::Plan(p) => {
                let (plan, plan_title, city) = plan_of(p);
                let (doc, _) = plan.docs.get(lang);
                let f = &doc.front;
                let mut body = vec![plain(&f.summary)];
                body.extend(f.vision.iter().chain(f.vision_detail.iter()).cloned());
                body.extend(f.pillars.iter().map(|p| format!("{} {}", p.number, p.title)));
                body.extend(
                    f.principles.iter().map(|p| format!("{} {}", p.title, p.text.as_deref().map(plain).unwrap_or_default())),
                );
                body.extend(f.organisation.iter().map(|o| format!("{} {}", o.name, plain(&o.role))));
                body.extend(strategy_text(f).iter().map(|t| plain(t)));
                body.extend(table_text(&f.tables));
                body.push(plain(&doc.body));
                SearchDoc {
                    url: self.url(&urls::plan(lang, &plan.id)),
                    title: f.title.clone(),
                    kind: "plan".to_string(),
                    kind_label: kind_label("plan"),
                    city,
                    plan_id: Some(plan.id.clone()),
                    plan_title: Some(plan_title),
                    body: body.join("\n"),
                    ..SearchDoc::default()
                }
            }
            SearchPage::Initiative(p, i) => {
                let (plan, plan_title, city) = plan_of(p);
                let initiative = &plan.initiatives[i];
                let (idoc, _) = initiative.docs.get(lang);
                let text = initiative_text(&idoc.front, &idoc.body);
                let pillar = plan.pillar_title(lang, &initiative.pillar);
                let themes: Vec<String> = self.theme_links(lang, &initiative.themes).into_iter().map(|l| l.title).collect();
                // The page's facts are searchable too: a department's name finds what it is
                // responsible for, a roadmap phase or a table cell finds its initiative.
                let mut facts: Vec<String> = vec![plain(&text)];
                facts.extend(pillar.iter().cloned());
                facts.extend(
                    initiative
                        .departments
                        .iter()
                        .filter_map(|k| self.site.department(k))
                        .map(|d| self.registry_name(lang, &d.name).0),
                );
                facts.extend(idoc.front.departments_note.iter().cloned());
                facts.extend(themes.iter().cloned());
                facts.push(self.status_view(lang, &initiative.status).name);
                facts.extend(self.kpi_facts(lang, &idoc.front));
                for row in &idoc.front.roadmap {
                    facts.extend(row.label.iter().cloned());
                    facts.extend(row.phases.iter().map(|p| p.label.clone()));
                    facts.extend(row.milestones.iter().map(|m| m.label.clone()));
                }
                facts.extend(table_text(&idoc.front.tables));
                SearchDoc {
                    url: self.url(&urls::plan_item(lang, &plan.id, &initiative.id)),
                    title: idoc.front.title.clone(),
                    kind: "initiative".to_string(),
                    kind_label: kind_label("initiative"),
                    city,
                    plan_id: Some(plan.id.clone()),
                    plan_title: Some(plan_title),
                    pillar,
                    themes,
                    number: Some(idoc.front.number.clone()),
                    terms: self.initiative_terms[p][i].get(lang).map(term_names).unwrap_or_default(),
                    body: facts.join("\n"),
                }
            }
            SearchPage::Case(p, c) => {
                let (plan, plan_title, _) = plan_of(p);
                let case = &plan.cases[c];
                let (cdoc, _) = case.docs.get(lang);
                let c = &cdoc.front;
                let text = [c.summary.as_str(), &c.points.join("\n"), &cdoc.body].join("\n");
                SearchDoc {
                    url: self.url(&urls::plan_item(lang, &plan.id, &case.id)),
                    title: c.title.clone(),
                    kind: "case".to_string(),
                    kind_label: kind_label("case"),
                    city: c.municipality.name.clone(),
                    plan_id: Some(plan.id.clone()),
                    plan_title: Some(plan_title),
                    themes: self.theme_links(lang, &case.themes).into_iter().map(|l| l.title).collect(),
                    terms: term_names(&self.terms.terms_in(lang, &plan.id, &text)),
                    body: plain(&text),
                    ..SearchDoc::default()
                }
            }
            SearchPage::Term(t) => {
                let term = &self.site.terms[t];
                let (doc, _) = term.docs.get(lang);
                let f = &doc.front;
                let mut names = vec![f.term.clone()];
                names.extend(f.aliases.iter().cloned());
                names.extend(f.expansion.iter().cloned());
                SearchDoc {
                    url: self.url(&urls::term(lang, &term.id)),
                    title: f.term.clone(),
                    kind: "term".to_string(),
                    kind_label: kind_label("term"),
                    terms: names.clone(),
                    body: format!(
                        "{} {}\n{}\n{}",
                        term.reading,
                        names.join(" "),
                        plain(&doc.body),
                        self.term_source_line(lang, term)
                    ),
                    ..SearchDoc::default()
                }
            }
        }
    }

    /// KPI labels, targets and results as the page shows them ("2025年度（令和7年度） 19%").
    fn kpi_facts(&self, lang: &str, front: &crate::model::InitiativeFrontMatter) -> Vec<String> {
        let mut out = Vec::new();
        for k in &front.kpis {
            let unit = k.unit.as_deref().unwrap_or("");

            for t in &k.targets {
                let value = match (t.value, &t.text) {
                    (Some(v), _) => self.fmt.comparator_text(lang, t.comparator, &self.fmt.value_with_unit(lang, v, unit)),
                    (None, Some(text)) => text.clone(),
                    (None, None) => String::new(),
                };
                // A derived or editorial target says so in the excerpt too.
                let note = self.fmt.provenance_note(lang, t.source, t.derivation.as_deref());
                let note = if note.is_empty() {
                    note
                } else {
                    format!(" {}{note}{}", self.fmt.t(lang, "punct.open"), self.fmt.t(lang, "punct.close"))
                };
                out.push(format!("{} {value}{note}", self.fmt.fy_label(lang, *t.fy.get_ref())));
            }
            for a in &k.actuals {
                let value =
                    a.value.map(|v| self.fmt.value_with_unit(lang, v, unit)).or_else(|| a.text.clone()).unwrap_or_default();
                out.push(format!("{} {value}", self.fmt.fy_label(lang, *a.fy.get_ref())));
            }
        }
        out
    }

    /// Where a term's definition comes from, as its page says (the plans that define it).
    fn term_source_line(&self, lang: &str, term: &crate::model::Term) -> String {
        let f = &term.docs.get(lang).0.front;
        let source =
            if *f.source.get_ref() == crate::model::DefinitionSource::Plan { "term.source_plan" } else { "term.source_editors" };
        let mut parts = vec![self.fmt.t(lang, source).to_string()];
        for d in &f.defined_in {
            if let Some(plan) = self.site.plan(d.plan.get_ref()) {
                parts.push(plan.docs.get(lang).0.front.title.clone());
            }
        }
        parts.join(" ")
    }
}

/// The captions and cells of tables, one line each.
fn table_text(tables: &[crate::model::Table]) -> Vec<String> {
    tables.iter().flat_map(|t| std::iter::once(t.caption.clone()).chain(t.rows.get_ref().iter().map(|r| r.join(" ")))).collect()
}
