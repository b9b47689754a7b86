//! The page contexts of the render stage: one builder per page kind, each returning the Tera
//! context (site, interface strings, page metadata and the page's view data). They run on a
//! `PageRenderer`, which carries the page's glossary-linking state.

use super::views::*;
use super::*;

impl PageRenderer<'_, '_> {
    pub(super) fn plan_card(&self, lang: &str, plan: &Plan) -> PlanCard {
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

    pub(super) fn kpi_views(&self, lang: &str, front: &InitiativeFrontMatter) -> Vec<KpiView> {
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

    // ----- pages ----------------------------------------------------------------------------

    /// The landing page and the 404 page speak every language at once: one block per language,
    /// no breadcrumbs and no language switch.
    fn every_language_page<T>(
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

    pub(super) fn landing_context(&self) -> tera::Context {
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

    pub(super) fn not_found_context(&self) -> tera::Context {
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

    pub(super) fn home_context(&self, lang: &str, path: &str) -> tera::Context {
        let site_view = self.r.site_view(lang);
        let (plans, references): (Vec<&Plan>, Vec<&Plan>) =
            self.r.site.plans.iter().partition(|p| p.kind != crate::load::front_matter::PlanKind::ReferenceCollection);
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

    pub(super) fn plan_context(&self, lang: &str, path: &str, plan: &Plan) -> tera::Context {
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
        let fronts: Vec<&InitiativeFrontMatter> = plan.initiatives.iter().map(|i| &i.docs.get(lang).0.front).collect();
        let roadmap = self.r.roadmap_years(plan, &fronts).filter(|_| fronts.iter().any(|f| has_roadmap(f))).map(|(from, to)| {
            let years = self.r.fmt.years_of(lang, from, to);
            let groups = self
                .r
                .roadmap_sections(lang, plan)
                .into_iter()
                .map(|(heading, initiatives)| RoadmapGroupView {
                    heading,
                    rows: initiatives
                        .into_iter()
                        .map(|i| {
                            let front = &i.docs.get(lang).0.front;
                            let roadmap = self.r.roadmap_of(lang, front, Detail::Summary);
                            let cells = years
                                .iter()
                                .map(|y| {
                                    phase_labels(&roadmap, |p| p.covers(y.fy)).join(self.r.fmt.t(lang, "punct.alternatives"))
                                })
                                .collect();
                            RoadmapRowView {
                                label: format!("{} {}", front.number, front.title),
                                url: self.r.url(&urls::plan_item(lang, &plan.id, &i.id)),
                                cells,
                                continues: roadmap.iter().any(|r| r.phases.iter().any(|p| p.continues)),
                            }
                        })
                        .collect(),
                })
                .filter(|g| !g.rows.is_empty())
                .collect();
            let caption = self.r.fmt.i18n.fill(lang, "roadmap.plan_caption", &[("plan", &f.title)]);
            let svg_path = urls::plan_roadmap_svg(lang, &plan.id);
            RoadmapView {
                embed: self.r.embed_snippet(&svg_path, &caption),
                svg: chart::roadmap_svg(&self.r.plan_roadmap_chart(lang, plan, (from, to)), chart::SvgMode::Inline),
                svg_url: self.r.url(&svg_path),
                caption,
                years,
                groups,
            }
        });
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
                    anchor: super::publish::version_anchor(&v.version),
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

    pub(super) fn case_card(&self, lang: &str, plan: &Plan, case: &crate::model::Case) -> CaseCard {
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

    pub(super) fn initiative_context(&self, lang: &str, path: &str, plan: &Plan, index: usize) -> tera::Context {
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
            let (d, _) = target.docs.get(lang);
            let prefix =
                if p == &plan.id { String::new() } else { format!("{} ", target_plan.docs.get(lang).0.front.municipality.name) };
            Some(Link {
                title: format!("{prefix}{} {}", d.front.number, d.front.title),
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
        let roadmap = self.r.roadmap_years(plan, &[f]).filter(|_| has_roadmap(f)).map(|(from, to)| {
            let years = self.r.fmt.years_of(lang, from, to);
            let caption = self.r.fmt.i18n.fill(lang, "roadmap.initiative_caption", &[("title", &f.title)]);
            let svg_path = urls::initiative_roadmap_svg(lang, &plan.id, &initiative.id);
            RoadmapView {
                embed: self.r.embed_snippet(&svg_path, &caption),
                svg: chart::roadmap_svg(&self.r.initiative_roadmap_chart(lang, f, (from, to)), chart::SvgMode::Inline),
                svg_url: self.r.url(&svg_path),
                caption,
                groups: vec![RoadmapGroupView {
                    heading: String::new(),
                    rows: self.r.roadmap_rows(lang, f, &self.r.roadmap_of(lang, f, Detail::Full), &years),
                }],
                years,
            }
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
        let title = format!("{} {}", f.number, f.title);
        let meta =
            self.r.meta(lang, path, &title, &crate::markdown::to_plain_text(&f.summary), crumbs, content_lang, "initiative");
        self.context(lang, meta, data)
    }

    pub(super) fn case_context(&self, lang: &str, path: &str, plan: &Plan, index: usize) -> tera::Context {
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

    pub(super) fn term_card(&self, lang: &str, index: usize) -> TermCard {
        let term = &self.r.site.terms[index];
        let (doc, content_lang) = term.docs.get(lang);
        let f = &doc.front;
        let defined_in = f
            .defined_in
            .iter()
            .filter_map(|d| {
                let plan = self.r.site.plan(d.plan.get_ref())?;
                let title =
                    plan.docs.get(lang).0.front.short_title.clone().unwrap_or_else(|| plan.docs.get(lang).0.front.title.clone());
                let title = match &d.note {
                    Some(n) => format!("{title} ※{}", n.get_ref()),
                    None => title,
                };
                Some(Link { title, url: self.r.url(&urls::plan(lang, &plan.id)) })
            })
            .collect();
        let short = terms::short_definition(f.short.as_deref(), &doc.body, self.r.fmt.t(content_lang, "punct.sentence_end"));
        // The filter on the glossary page matches the term in every language, its expansion and
        // aliases, and the reading in hiragana or katakana.
        let mut other_names: Vec<String> = f.expansion.iter().cloned().collect();
        for d in term.docs.by_lang.values() {
            other_names.push(d.front.term.clone());
            other_names.extend(d.front.aliases.iter().cloned());
        }
        let search_text = crate::glossary::search_text(&f.term, &term.reading, &f.aliases, &other_names);
        TermCard {
            id: term.id.clone(),
            anchor: urls::term_anchor(&term.id),
            url: self.r.url(&urls::term(lang, &term.id)),
            term: f.term.clone(),
            reading: term.reading.clone(),
            expansion: f.expansion.clone().unwrap_or_default(),
            aliases: f.aliases.clone(),
            short,
            definition_html: self.md(&doc.body),
            source_label: self
                .r
                .fmt
                .t(
                    lang,
                    if *f.source.get_ref() == crate::load::front_matter::DefinitionSource::Plan {
                        "term.source_plan"
                    } else {
                        "term.source_editors"
                    },
                )
                .to_string(),
            defined_in,
            search_text,
            lang: content_lang.to_string(),
        }
    }

    pub(super) fn glossary_context(&self, lang: &str, path: &str) -> tera::Context {
        use crate::glossary::collation::{gojuon_section, latin_section, latin_sort_key, reading_sort_key};
        // The order is the language's (its i18n file says): Japanese dictionary order of the
        // reading (JIS X 4061) in 五十音 rows, or A–Z of the term. Ties go to the term, then id.
        let by_reading = self.r.fmt.t(lang, "glossary.order") == "reading";
        let mut cards: Vec<TermCard> = (0..self.r.site.terms.len()).map(|i| self.term_card(lang, i)).collect();
        let section_of = |card: &TermCard| -> (String, String) {
            if by_reading {
                let s = gojuon_section(&card.reading);
                (s.id().to_string(), self.r.fmt.t(lang, &format!("glossary.section_{}", s.id())).to_string())
            } else {
                let c = latin_section(&card.term);
                let id = if c == '#' { "other".to_string() } else { c.to_ascii_lowercase().to_string() };
                let heading = if c == '#' { self.r.fmt.t(lang, "glossary.section_other").to_string() } else { c.to_string() };
                (id, heading)
            }
        };
        if by_reading {
            cards.sort_by_cached_key(|c| (reading_sort_key(&c.reading), c.term.clone(), c.id.clone()));
        } else {
            cards.sort_by_cached_key(|c| (latin_sort_key(&c.term), c.term.clone(), c.id.clone()));
        }
        let mut sections: Vec<GlossarySection> = Vec::new();
        for card in cards {
            let (id, heading) = section_of(&card);
            match sections.last_mut() {
                Some(s) if s.heading == heading => s.terms.push(card),
                _ => sections.push(GlossarySection { id: format!("section-{id}"), heading, terms: vec![card] }),
            }
        }
        let title = self.r.fmt.t(lang, "glossary.title").to_string();
        let meta = self.r.meta(lang, path, &title, self.r.fmt.t(lang, "glossary.description"), vec![], lang, "glossary");
        self.context(lang, meta, GlossaryPage { sections, count: self.r.site.terms.len() })
    }

    pub(super) fn term_context(&self, lang: &str, path: &str, index: usize) -> tera::Context {
        let term = &self.r.site.terms[index];
        let card = self.term_card(lang, index);
        let (doc, content_lang) = term.docs.get(lang);
        let related: Vec<Link> = doc
            .front
            .related
            .iter()
            .filter_map(|r| self.r.site.term(r.get_ref()))
            .map(|t| Link { title: t.docs.get(lang).0.front.term.clone(), url: self.r.url(&urls::term(lang, &t.id)) })
            .collect();
        let mut used_by: Vec<InitiativeCard> = Vec::new();
        let mut cases_using: Vec<CaseCard> = Vec::new();
        let mut plans_using: Vec<Link> = Vec::new();
        for &(p, i, is_case) in self.r.term_uses.get(&index).map(Vec::as_slice).unwrap_or_default() {
            let plan = &self.r.site.plans[p];
            if is_case {
                cases_using.push(self.case_card(lang, plan, &plan.cases[i]));
            } else {
                used_by.push(self.r.initiative_card(lang, plan, &plan.initiatives[i], false));
            }
            let card = self.plan_card(lang, plan);
            let link = Link { title: card.title, url: card.url };
            if !plans_using.contains(&link) {
                plans_using.push(link);
            }
        }
        // Each plan's own wording, where a plan defines the term differently from the entry.
        let (doc, _) = self.r.site.terms[index].docs.get(lang);
        let plan_definitions: Vec<PlanDefinition> = doc
            .front
            .defined_in
            .iter()
            .filter_map(|d| {
                let text = d.text.as_deref()?;
                let plan = self.r.site.plan(d.plan.get_ref())?;
                let card = self.plan_card(lang, plan);
                Some(PlanDefinition { plan: Link { title: card.title, url: card.url }, text_html: self.md_inline(text) })
            })
            .collect();
        let crumbs =
            vec![Link { title: self.r.fmt.t(lang, "glossary.title").to_string(), url: self.r.url(&urls::glossary(lang)) }];
        let meta = self.r.meta(lang, path, &card.term.clone(), &card.short.clone(), crumbs, content_lang, "term");
        self.context(
            lang,
            meta,
            TermPage { term: card, related, used_by, cases: cases_using, plans: plans_using, plan_definitions },
        )
    }

    pub(super) fn themes_context(&self, lang: &str, path: &str) -> tera::Context {
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

    pub(super) fn theme_context(&self, lang: &str, path: &str, index: usize) -> tera::Context {
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

    pub(super) fn departments_context(&self, lang: &str, path: &str) -> tera::Context {
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

    pub(super) fn department_context(&self, lang: &str, path: &str, index: usize) -> tera::Context {
        let dept = &self.r.site.departments[index];
        let mut initiatives = Vec::new();
        let mut municipality = dept.municipality_id.clone();
        for plan in &self.r.site.plans {
            if plan.municipality_id == dept.municipality_id {
                municipality = plan.docs.get(lang).0.front.municipality.name.clone();
            }
            for i in &plan.initiatives {
                if i.departments.contains(&dept.key) {
                    initiatives.push(self.r.initiative_card(lang, plan, i, false));
                }
            }
        }
        let (name, name_lang) = self.r.registry_name(lang, &dept.name);
        let description = self.r.registry_name(lang, &dept.description).0;
        let crumbs =
            vec![Link { title: self.r.fmt.t(lang, "departments.title").to_string(), url: self.r.url(&urls::departments(lang)) }];
        let title = format!("{name}{}{municipality}{}", self.r.fmt.t(lang, "punct.open"), self.r.fmt.t(lang, "punct.close"));
        let meta = self.r.meta(lang, path, &title, &description, crumbs, &name_lang, "department");
        self.context(lang, meta, DepartmentPage { name, municipality, description, initiatives })
    }

    pub(super) fn search_context(&self, lang: &str, path: &str) -> tera::Context {
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

    pub(super) fn accessibility_context(&self, lang: &str, path: &str) -> tera::Context {
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

    pub(super) fn statuses_context(&self, lang: &str, path: &str) -> tera::Context {
        let statuses: Vec<StatusView> = self.r.site.config.statuses.iter().map(|s| self.r.status_view(lang, &s.id)).collect();
        let title = self.r.fmt.t(lang, "statuses.title").to_string();
        let meta = self.r.meta(lang, path, &title, self.r.fmt.t(lang, "statuses.description"), vec![], lang, "statuses");
        self.context(lang, meta, StatusesPage { statuses })
    }
}
