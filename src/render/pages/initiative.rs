//! Initiative and case pages, their cards and KPI tables.

use crate::model::Plan;
use crate::model::{InitiativeFrontMatter, KpiKind, Provenance};
use crate::render::page::{PageContext, PageRenderer};
use crate::render::urls;
use crate::render::views::{
    ActionView, ActualView, CaseCard, CasePage, FigureView, InitiativePage, KpiView, Link, LostImageView, PlanCard, TargetView,
    YearView,
};

impl PageRenderer<'_, '_> {
    pub(in crate::render) fn kpi_views(&self, lang: &str, front: &InitiativeFrontMatter) -> Vec<KpiView> {
        self.section();
        front
            .kpis
            .iter()
            .map(|k| {
                let unit = k.unit.clone().unwrap_or_default();
                let value_text = |value: f64| self.r.fmt.value_with_unit(lang, value, &unit);
                KpiView {
                    id: k.id.get_ref().clone(),
                    kind_label: self
                        .r
                        .fmt
                        .t(lang, if k.kind == KpiKind::Kgi { "kpi.kind_kgi" } else { "kpi.kind_kpi" })
                        .to_string(),
                    label: k.label.clone(),
                    provenance_notes: [
                        (k.label_source == Provenance::Editors)
                            .then(|| self.r.fmt.t(lang, "provenance.editors_label").to_string()),
                        (k.unit_source == Provenance::Editors).then(|| self.r.fmt.t(lang, "provenance.editors_unit").to_string()),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                    unit: unit.clone(),
                    note_html: k.note.as_deref().map(|n| self.md_inline(n)).unwrap_or_default(),
                    targets: k
                        .targets
                        .iter()
                        .map(|t| TargetView {
                            year: self.r.fmt.fy_label(lang, *t.fy.get_ref()),
                            text: match (t.value, &t.text) {
                                (Some(v), _) => self.r.fmt.comparator_text(lang, t.comparator, &value_text(v)),
                                (None, Some(text)) => text.clone(),
                                (None, None) => String::new(),
                            },
                            provenance_note: self.r.fmt.provenance_note(lang, t.source, t.derivation.as_deref()),
                        })
                        .collect(),
                    actuals: k
                        .actuals
                        .iter()
                        .map(|a| ActualView {
                            year: self.r.fmt.fy_label(lang, *a.fy.get_ref()),
                            text: match (a.value, &a.text) {
                                (Some(v), _) => value_text(v),
                                (None, Some(t)) => t.clone(),
                                (None, None) => String::new(),
                            },
                            date: a.date.as_ref().map(|d| self.r.fmt.format_date(lang, d.get_ref())).unwrap_or_default(),
                            source: a.source.clone().unwrap_or_default(),
                        })
                        .collect(),
                    chart: self.r.kpi_chart(lang, k).unwrap_or_default(),
                }
            })
            .collect()
    }

    pub(in crate::render) fn initiative_context(&self, lang: &str, path: &str, plan: &Plan, index: usize) -> PageContext {
        let initiative = &plan.initiatives[index];
        let (doc, content_lang) = initiative.docs.get(lang);
        let (plan_doc, _) = plan.docs.get(lang);
        let f = &doc.front;
        let pillar_link = |id: &str| {
            plan.pillar_title(lang, id)
                .map(|title| Link { title, url: format!("{}#pillar-{}", self.r.url(&urls::plan(lang, &plan.id)), id) })
        };
        let initiative_link = |(p, i): &(String, String)| -> Option<Link> {
            let target_plan = self.r.site.plan(p)?;
            let target = target_plan.initiatives.iter().find(|x| &x.id == i)?;
            let prefix =
                if p == &plan.id { String::new() } else { format!("{} ", target_plan.docs.get(lang).0.front.municipality.name) };
            Some(Link {
                title: format!("{prefix}{}", target.numbered_title(lang)),
                url: self.r.url(&urls::plan_item(lang, p, i)),
            })
        };
        let departments: Vec<Link> = initiative
            .departments
            .iter()
            .filter_map(|k| self.r.site.department(k))
            .map(|d| Link { title: self.r.registry_name(lang, &d.name).0, url: self.r.url(&urls::department(lang, &d.key)) })
            .collect();
        let themes = self.r.theme_links(lang, &initiative.themes);
        let terms = self.r.term_links(lang, &initiative.terms);
        self.section();
        let actions: Vec<ActionView> = f
            .actions
            .iter()
            .enumerate()
            .map(|(n, a)| ActionView {
                id: a.id.get_ref().clone(),
                marker: a.marker.clone().unwrap_or_default(),
                title_html: self.heading(&a.title),
                text_html: a.text.as_deref().map(|t| self.md(t)).unwrap_or_default(),
                related: initiative.action_related.get(n).into_iter().flatten().filter_map(initiative_link).collect(),
            })
            .collect();
        let roadmap = self.r.initiative_roadmap(lang, plan, f).map(|roadmap| {
            self.with_file(self.r.roadmap_view(lang, roadmap, urls::initiative_roadmap_svg(lang, &plan.id, &initiative.id)))
        });
        let prev =
            index.checked_sub(1).and_then(|i| plan.initiatives.get(i)).map(|i| self.r.initiative_card(lang, plan, i, false));
        let next = plan.initiatives.get(index + 1).map(|i| self.r.initiative_card(lang, plan, i, false));
        let status_date = f.status_date.as_ref().map(|d| self.r.fmt.format_date(lang, d.get_ref()));
        let data = InitiativePage {
            card: self.r.initiative_card(lang, plan, initiative, false),
            plan: self.plan_card(lang, plan),
            pillar: pillar_link(&initiative.pillar),
            also_pillars: initiative.also_pillars.iter().filter_map(|p| pillar_link(p)).collect(),
            group: initiative.group.as_ref().and_then(|g| {
                plan.group(lang, g).map(|x| Link {
                    title: x.title.clone(),
                    url: format!("{}#group-{}", self.r.url(&urls::plan(lang, &plan.id)), g),
                })
            }),
            source_page: f.source_page,
            source_page_label: f
                .source_page
                .map(|n| self.r.fmt.i18n.fill(lang, "initiative.source_page_value", &[("page", &n.to_string())])),
            years: f
                .years
                .iter()
                .map(|y| {
                    self.section();
                    YearView {
                        anchor: format!("year-{}", y.fy.get_ref()),
                        label: self.r.fmt.fy_label(lang, *y.fy.get_ref()),
                        actions_html: y.actions.iter().map(|a| self.md_inline(a)).collect(),
                        targets_html: y.targets.iter().map(|a| self.md_inline(a)).collect(),
                    }
                })
                .collect(),
            source_conflicts: f.source_conflicts.iter().map(|c| self.md_inline(&c.text)).collect(),
            images: f.images.iter().map(|i| LostImageView { caption: i.caption.clone(), words: i.words.clone() }).collect(),
            summary_html: self.md_section(&f.summary),
            background_html: f.background.as_deref().map(|b| self.md_section(b)),
            target_states: f
                .target_states
                .iter()
                .enumerate()
                .map(|(n, s)| {
                    if n == 0 {
                        self.section();
                    }
                    self.md_inline(s)
                })
                .collect(),
            goal_html: f.goal.as_deref().map(|g| self.md_section(g)),
            departments,
            departments_note: f.departments_note.clone(),
            status_reported: f.status.is_some(),
            status_date,
            status_source: f.status_source.clone(),
            themes,
            related: initiative.related.iter().filter_map(initiative_link).collect(),
            terms,
            actions,
            kpis: self.kpi_views(lang, f),
            roadmap,
            tables: self.r.tables(&f.tables),
            body_html: self.md_section(&doc.body),
            prev,
            next,
        };
        let crumbs = vec![Link {
            title: plan_doc.front.short_title.clone().unwrap_or_else(|| plan_doc.front.title.clone()),
            url: self.r.url(&urls::plan(lang, &plan.id)),
        }];
        let title = initiative.numbered_title(lang);
        let meta =
            self.r.meta(lang, path, &title, &crate::markdown::to_plain_text(&f.summary), crumbs, content_lang, "initiative");
        self.context(lang, meta, data)
    }

    pub(in crate::render) fn case_card(&self, lang: &str, plan: &Plan, case: &crate::model::Case) -> CaseCard {
        let (doc, content_lang) = case.docs.get(lang);
        CaseCard {
            id: case.id.clone(),
            url: self.r.url(&urls::plan_item(lang, &plan.id, &case.id)),
            title: doc.front.title.clone(),
            category: doc.front.category.clone(),
            municipality: doc.front.municipality.name.clone(),
            summary_html: self.md_inline(&doc.front.summary),
            lang: content_lang.to_string(),
        }
    }

    pub(in crate::render) fn case_context(&self, lang: &str, path: &str, plan: &Plan, index: usize) -> PageContext {
        let case = &plan.cases[index];
        let (doc, content_lang) = case.docs.get(lang);
        let (plan_doc, _) = plan.docs.get(lang);
        let f = &doc.front;
        let themes = self.r.theme_links(lang, &case.themes);
        let terms = self.r.term_links(lang, &case.terms);
        // The same municipality's own plans on this site, matched by 全国地方公共団体コード.
        let code = f.municipality.code.as_ref().map(|c| c.get_ref().as_str());
        let own_plans: Vec<PlanCard> = self
            .r
            .site
            .plans
            .iter()
            .filter(|p| code.is_some() && p.docs.default().front.municipality.code.as_ref().map(|c| c.get_ref().as_str()) == code)
            .map(|p| self.plan_card(lang, p))
            .collect();
        let data = CasePage {
            plan: self.plan_card(lang, plan),
            own_plans,
            category: f.category.clone(),
            municipality: f.municipality.name.clone(),
            prefecture: f.municipality.prefecture.clone(),
            summary_html: self.md_section(&f.summary),
            points: f.points.iter().map(|p| self.md_inline(p)).collect(),
            figures: f
                .figures
                .iter()
                .map(|fig| FigureView {
                    label: fig.label.clone(),
                    value: fig.value.map(|v| self.r.fmt.value_with_unit(lang, v, fig.unit.as_deref().unwrap_or(""))),
                    text: fig.text.clone(),
                })
                .collect(),
            links: f.links.iter().map(|l| Link { title: l.title.clone(), url: l.url.get_ref().clone() }).collect(),
            themes,
            terms,
            tables: self.r.tables(&f.tables),
            body_html: self.md_section(&doc.body),
        };
        let crumbs = vec![Link {
            title: plan_doc.front.short_title.clone().unwrap_or_else(|| plan_doc.front.title.clone()),
            url: self.r.url(&urls::plan(lang, &plan.id)),
        }];
        let meta = self.r.meta(lang, path, &f.title, &crate::markdown::to_plain_text(&f.summary), crumbs, content_lang, "case");
        self.context(lang, meta, data)
    }
}
