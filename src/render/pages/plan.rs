//! The plan page and the plan card.

use crate::model::Plan;
use crate::render::page::{PageContext, PageRenderer};
use crate::render::urls;
use crate::render::views::{
    BackgroundGroupView, BackgroundItemView, CaseCard, ContactView, InitiativeCard, Link, LogicModelView, LogicStageView,
    NamedPhaseView, ObjectiveView, OrganisationView, PhaseGoalView, PhaseRoadmapView, PhaseRowView, PillarCount, PillarGroupView,
    PillarView, PlanCard, PlanDataLinks, PlanPage, PositioningView, PrincipleView, SkillFrameworkView, SkillLevelView,
    SourceView, StatusCount, VersionView,
};

impl PageRenderer<'_, '_> {
    pub(in crate::render) fn plan_card(&self, lang: &str, plan: &Plan) -> PlanCard {
        let (doc, content_lang) = plan.docs.get(lang);
        let f = &doc.front;
        PlanCard {
            id: plan.id.clone(),
            url: self.r.url(&urls::plan(lang, &plan.id)),
            title: f.title.clone(),
            municipality: f.municipality.name.clone(),
            prefecture: f.municipality.prefecture.clone(),
            kind: plan.kind.id().to_string(),
            kind_label: self.r.fmt.t(lang, &format!("plan_kind.{}", plan.kind.id())).to_string(),
            period: self.r.fmt.period_label(lang, plan),
            summary_html: self.md_inline(&f.summary),
            initiative_count: plan.initiatives.len(),
            case_count: plan.cases.len(),
            count_label: if plan.cases.is_empty() || !plan.initiatives.is_empty() {
                self.r.fmt.i18n.fill(lang, "plan.initiative_count", &[("n", &plan.initiatives.len().to_string())])
            } else {
                self.r.fmt.i18n.fill(lang, "plan.case_count", &[("n", &plan.cases.len().to_string())])
            },
            lang: content_lang.to_string(),
        }
    }

    pub(in crate::render) fn plan_context(&self, lang: &str, path: &str, plan: &Plan) -> PageContext {
        let (doc, content_lang) = plan.docs.get(lang);
        let f = &doc.front;
        let card = self.plan_card(lang, plan);
        let contact = f.contact.as_ref().map(|c| {
            let dept = plan.contact_department.as_ref().and_then(|key| self.r.site.department(key)).map(|dep| Link {
                title: self.r.registry_name(lang, &dep.name).0,
                url: self.r.url(&urls::department(lang, &dep.key)),
            });
            ContactView { department: dept, phone: c.phone.clone(), email: c.email.clone(), note: c.note.clone() }
        });
        let pillars: Vec<PillarView> = f
            .pillars
            .iter()
            .map(|p| {
                let initiatives: Vec<InitiativeCard> = plan
                    .initiatives_in_pillar(p.id.get_ref())
                    .map(|(i, relisted)| self.r.initiative_card(lang, plan, i, relisted))
                    .collect();
                let groups: Vec<PillarGroupView> = p
                    .groups
                    .iter()
                    .map(|g| {
                        let g_id = g.id.get_ref();
                        let in_group = |c: &&InitiativeCard| {
                            plan.initiatives.iter().any(|i| {
                                i.id == c.id
                                    && if c.relisted { i.also_groups.contains(g_id) } else { i.group.as_deref() == Some(g_id) }
                            })
                        };
                        PillarGroupView {
                            anchor: format!("group-{g_id}"),
                            title: g.title.clone(),
                            initiatives: initiatives.iter().filter(in_group).cloned().collect(),
                        }
                    })
                    .collect();
                PillarView {
                    id: p.id.get_ref().clone(),
                    groups,
                    anchor: format!("pillar-{}", p.id.get_ref()),
                    number: p.number.clone(),
                    title: p.title.clone(),
                    vision_html: p.vision.as_deref().map(|v| self.md_inline(v)).unwrap_or_default(),
                    summary_html: p.summary.as_deref().map(|v| self.md_inline(v)).unwrap_or_default(),
                    initiatives,
                }
            })
            .collect();
        // Status counts: every status of the vocabulary, in its order, with zero counts kept so
        // the table always has the same rows.
        let status_counts: Vec<StatusCount> = self
            .r
            .site
            .config
            .statuses
            .iter()
            .map(|s| {
                let count = plan.initiatives.iter().filter(|i| i.status == s.id).count();
                StatusCount { status: self.r.status_view(lang, &s.id), count }
            })
            .collect();
        let pillar_counts: Vec<PillarCount> = f
            .pillars
            .iter()
            .map(|p| {
                let counts: Vec<usize> = self
                    .r
                    .site
                    .config
                    .statuses
                    .iter()
                    .map(|s| plan.initiatives.iter().filter(|i| &i.pillar == p.id.get_ref() && i.status == s.id).count())
                    .collect();
                let total = plan.initiatives.iter().filter(|i| &i.pillar == p.id.get_ref()).count();
                PillarCount {
                    number: p.number.clone(),
                    title: p.title.clone(),
                    counts,
                    total,
                    anchor: format!("pillar-{}", p.id.get_ref()),
                }
            })
            .collect();
        let roadmap = self
            .r
            .plan_roadmap(lang, plan)
            .map(|roadmap| self.with_file(self.r.roadmap_view(lang, roadmap, urls::plan_roadmap_svg(lang, &plan.id))));
        let cases: Vec<CaseCard> = plan.cases.iter().map(|c| self.case_card(lang, plan, c)).collect();
        // Reference cases elsewhere on the site about this plan's municipality (same code).
        let code = f.municipality.code.as_ref().map(|c| c.get_ref().as_str());
        let cases_about: Vec<CaseCard> = self
            .r
            .site
            .plans
            .iter()
            .filter(|other| other.id != plan.id)
            .flat_map(|other| other.cases.iter().map(move |c| (other, c)))
            .filter(|(_, c)| {
                code.is_some() && c.docs.default().front.municipality.code.as_ref().map(|x| x.get_ref().as_str()) == code
            })
            .map(|(other, c)| self.case_card(lang, other, c))
            .collect();
        let inline = |t: &str| self.md_inline(t);
        let date = |d: &Option<toml::Spanned<String>>| d.as_ref().map(|d| self.r.fmt.format_date(lang, d.get_ref()));
        let data = PlanPage {
            cases_about,
            plan: card,
            subtitle: f.subtitle.clone(),
            short_title: f.short_title.clone(),
            version: f.version.clone(),
            adopted: date(&f.adopted),
            period_note_html: f.period_note.as_deref().map(inline),
            vision: f.vision.clone(),
            vision_detail: f.vision_detail.clone(),
            scope_note_html: f.scope_note.as_deref().map(inline),
            code: f.municipality.code.as_ref().map(|c| c.get_ref().clone()),
            source: SourceView {
                title: f.source.title.clone(),
                publisher: f.source.publisher.clone(),
                date: date(&f.source.date),
                url: f.source.url.as_ref().map(|u| u.get_ref().clone()),
                file: f.source.file.clone(),
            },
            contact,
            versions: f
                .versions
                .iter()
                .map(|v| VersionView {
                    anchor: crate::render::publish::version_anchor(&v.version),
                    version: v.version.clone(),
                    date: date(&v.date),
                    changes: v.changes.clone(),
                })
                .collect(),
            background: f
                .background
                .iter()
                .map(|g| BackgroundGroupView {
                    title: g.title.clone(),
                    items: g
                        .items
                        .iter()
                        .map(|i| BackgroundItemView {
                            date: date(&i.date),
                            date_iso: i.date.as_ref().map(|d| d.get_ref().clone()),
                            text_html: inline(&i.text),
                        })
                        .collect(),
                })
                .collect(),
            positioning: f
                .positioning
                .iter()
                .map(|p| PositioningView {
                    kind_label: self.r.fmt.t(lang, &format!("positioning.{}", p.kind.id())).to_string(),
                    name: p.name.clone(),
                    provision: p.provision.clone(),
                    relation_html: p.relation.as_deref().map(inline),
                })
                .collect(),
            principles: f
                .principles
                .iter()
                .map(|p| PrincipleView { number: p.number, title: p.title.clone(), text_html: p.text.as_deref().map(inline) })
                .collect(),
            organisation: f
                .organisation
                .iter()
                .map(|o| OrganisationView { name: o.name.clone(), role_html: inline(&o.role), members: o.members.clone() })
                .collect(),
            pillars,
            objectives: f
                .objectives
                .iter()
                .map(|o| ObjectiveView {
                    number: o.number,
                    purpose_html: inline(&o.purpose),
                    policies_html: o.policies.iter().map(|p| inline(p)).collect(),
                    tactic_html: inline(&o.tactic),
                    tactic_text_html: o.tactic_text.iter().map(|p| inline(p)).collect(),
                })
                .collect(),
            skill_framework: f.skill_framework.as_ref().map(|sf| SkillFrameworkView {
                caption: sf.caption.clone(),
                intro_html: sf.intro.as_deref().map(inline),
                viewpoints: sf.viewpoints.iter().map(|v| v.title.clone()).collect(),
                levels: sf
                    .levels
                    .iter()
                    .map(|l| SkillLevelView {
                        anchor: format!("level-{}", l.id.get_ref()),
                        title: l.title.clone(),
                        role_html: inline(&l.role),
                        // One cell per viewpoint, in the viewpoints' order; a missing cell is empty.
                        cells: sf
                            .viewpoints
                            .iter()
                            .map(|v| {
                                l.skills
                                    .iter()
                                    .find(|c| c.viewpoint.get_ref() == v.id.get_ref())
                                    .map(|c| c.items.iter().map(|i| inline(i)).collect())
                                    .unwrap_or_default()
                            })
                            .collect(),
                    })
                    .collect(),
            }),
            logic_models: f
                .logic_models
                .iter()
                .map(|m| LogicModelView {
                    anchor: format!("logic-model-{}", m.id.get_ref()),
                    caption: m.caption.clone(),
                    intro_html: m.intro.as_deref().map(inline),
                    goal_html: m.goal.as_deref().map(inline),
                    stages: m
                        .stages
                        .iter()
                        .enumerate()
                        .map(|(n, st)| LogicStageView {
                            step: n + 1,
                            title: st.title.clone(),
                            note: st.note.clone(),
                            items_html: st.items.iter().map(|i| inline(i)).collect(),
                        })
                        .collect(),
                })
                .collect(),
            phase_roadmaps: f
                .phase_roadmaps
                .iter()
                .map(|r| PhaseRoadmapView {
                    anchor: format!("phase-roadmap-{}", r.id.get_ref()),
                    caption: r.caption.clone(),
                    intro_html: r.intro.as_deref().map(inline),
                    phases: r
                        .phases
                        .iter()
                        .map(|p| NamedPhaseView {
                            years: self.r.fmt.fy_range_label(lang, *p.from.get_ref(), *p.to.get_ref()),
                            name: p.name.clone(),
                        })
                        .collect(),
                    rows: r
                        .rows
                        .iter()
                        .map(|row| PhaseRowView {
                            title: row.title.clone(),
                            cells: row.cells.get_ref().iter().map(|c| c.iter().map(|i| inline(i)).collect()).collect(),
                        })
                        .collect(),
                    goal: r.goal.as_ref().map(|g| PhaseGoalView { title: g.title.clone(), text_html: inline(&g.text) }),
                })
                .collect(),
            status_counts,
            status_names: self.r.site.config.statuses.iter().map(|s| self.r.status_view(lang, &s.id)).collect(),
            pillar_counts,
            current_year: self.r.fmt.fy_label(lang, self.r.fmt.current_fy.0),
            roadmap,
            cases,
            tables: self.r.tables(&f.tables),
            body_html: self.md_section(&doc.body),
            data: PlanDataLinks {
                json: self.r.url(&urls::plan_json(lang, &plan.id)),
                initiatives_csv: self.r.url(&urls::initiatives_csv(lang, &plan.id)),
                kpis_csv: self.r.url(&urls::kpis_csv(lang, &plan.id)),
                catalogue: format!("{}#dataset-{}", self.r.url(&urls::data(lang)), plan.id),
                feed: self.r.url(&urls::plan_feed(lang, &plan.id)),
            },
        };
        let title = f.title.clone();
        let meta = self.r.meta(lang, path, &title, &crate::markdown::to_plain_text(&f.summary), vec![], content_lang, "plan");
        self.context(lang, meta, data)
    }
}
