//! Roadmaps: the rows of an initiative or a plan (its own `[[roadmap]]`, or derived from its
//! year-by-year plan), the fiscal years they span, the current phase, and the two forms one set of
//! rows takes: the table on the page and the Gantt chart (`crate::chart`).

use std::borrow::Cow;

use super::urls;
use super::views::{RoadmapGroupView, RoadmapRowView, RoadmapView, YearColumn};
use super::{OutputFile, Renderer};
use crate::chart;
use crate::model::{Initiative, Plan};
use crate::model::{InitiativeFrontMatter, Phase, RoadmapRow, YearPlan};

impl Renderer<'_> {
    /// The roadmap rows of an initiative: its own `[[roadmap]]`, else rows derived from its
    /// year-by-year plan (`[[years]]`), so that an implementation plan such as Matsue's, which
    /// prints no schedule but says what happens in each year, shows in the roadmap chart and
    /// table. `Detail::Full` gives one row for the action items (取組事項) and one for the year's
    /// targets (年次目標); `Detail::Summary`, for a whole plan's roadmap, only the targets.
    pub(in crate::render) fn roadmap_of<'f>(
        &self,
        lang: &str,
        front: &'f InitiativeFrontMatter,
        detail: Detail,
    ) -> Cow<'f, [RoadmapRow]> {
        if !front.roadmap.is_empty() || front.years.is_empty() {
            return Cow::Borrowed(&front.roadmap);
        }
        let separator = self.fmt.t(lang, "list_separator");
        let row = |key: &str, items: &dyn Fn(&YearPlan) -> &[String]| RoadmapRow {
            action: None,
            label: Some(self.fmt.t(lang, key).to_string()),
            phases: front
                .years
                .iter()
                .filter(|y| !items(y).is_empty())
                .map(|y| Phase {
                    from: y.fy.clone(),
                    to: y.fy.clone(),
                    label: items(y).iter().map(|i| crate::markdown::to_plain_text(i)).collect::<Vec<_>>().join(separator),
                    continues: false,
                })
                .collect(),
            milestones: Vec::new(),
        };
        let targets = row("years.targets", &|y| &y.targets);
        let rows = match detail {
            Detail::Summary => vec![targets],
            Detail::Full => vec![row("years.actions", &|y| &y.actions), targets],
        };
        Cow::Owned(rows.into_iter().filter(|r| !r.phases.is_empty()).collect())
    }

    /// The sections of a plan's roadmap: one per pillar, or one per pillar group (区分) where the
    /// plan defines groups, each with its heading and the initiatives whose primary pillar it is.
    pub(in crate::render) fn roadmap_sections<'p>(&self, lang: &str, plan: &'p Plan) -> Vec<(String, Vec<&'p Initiative>)> {
        let (doc, _) = plan.docs.get(lang);
        let mut sections = Vec::new();
        for p in &doc.front.pillars {
            let pillar = format!("{} {}", p.number, p.title);
            let in_pillar = || plan.initiatives.iter().filter(move |i| &i.pillar == p.id.get_ref());
            if p.groups.is_empty() {
                sections.push((pillar, in_pillar().collect()));
            } else {
                for g in &p.groups {
                    let heading = format!("{pillar}{}{}", self.fmt.t(lang, "punct.colon"), g.title);
                    sections.push((heading, in_pillar().filter(|i| i.group.as_deref() == Some(g.id.get_ref())).collect()));
                }
            }
        }
        sections
    }

    /// What the roadmap schedules for the current fiscal year, as text.
    pub(in crate::render) fn current_phase(&self, lang: &str, plan: &Plan, front: &InitiativeFrontMatter) -> String {
        let fy = self.fmt.current_fy.0;
        if let Some((from, to)) = plan.period
            && (fy < from.0 || fy > to.0)
        {
            return self.fmt.t(lang, "phase.outside_period").to_string();
        }
        // Work marked as continuing (継続) is still scheduled after its last year.
        let roadmap = self.roadmap_of(lang, front, Detail::Summary);
        let labels = phase_labels(&roadmap, |p| p.covers(fy) || (p.continues && fy > *p.to.get_ref()));
        if roadmap.is_empty() {
            self.fmt.t(lang, "phase.no_roadmap").to_string()
        } else if labels.is_empty() {
            self.fmt.t(lang, "phase.none").to_string()
        } else {
            labels.join(self.fmt.t(lang, "list_separator"))
        }
    }

    /// The fiscal years a roadmap table shows: the plan period, or the years the rows use.
    pub(in crate::render) fn roadmap_years(&self, plan: &Plan, fronts: &[&InitiativeFrontMatter]) -> Option<(i32, i32)> {
        if let Some((from, to)) = plan.period {
            return Some((from.0, to.0));
        }
        let years: Vec<i32> = fronts
            .iter()
            .flat_map(|f| {
                f.roadmap
                    .iter()
                    .flat_map(|r| {
                        r.phases
                            .iter()
                            .flat_map(|p| [*p.from.get_ref(), *p.to.get_ref()])
                            .chain(r.milestones.iter().map(|m| *m.fy.get_ref()))
                    })
                    .chain(f.years.iter().map(|y| *y.fy.get_ref()))
            })
            .collect();
        Some((*years.iter().min()?, *years.iter().max()?))
    }

    /// The bars of roadmap rows, marked where they run past the window `from..=to`.
    pub(in crate::render) fn phase_bars(&self, phases: &[crate::model::Phase], from: i32, to: i32) -> Vec<chart::PhaseBar> {
        phases
            .iter()
            .map(|p| chart::PhaseBar {
                from_fy: *p.from.get_ref(),
                to_fy: *p.to.get_ref(),
                label: p.label.clone(),
                continues_after: p.continues || *p.to.get_ref() > to,
                continues_before: *p.from.get_ref() < from,
            })
            .collect()
    }

    pub(in crate::render) fn milestones(&self, row: &crate::model::RoadmapRow) -> Vec<chart::Milestone> {
        row.milestones.iter().map(|m| chart::Milestone { fy: *m.fy.get_ref(), label: m.label.clone() }).collect()
    }

    /// The roadmap of a whole plan: a line per initiative (its summary rows), grouped by pillar or
    /// pillar group; `None` when no initiative has anything to schedule.
    pub(in crate::render) fn plan_roadmap<'p>(&self, lang: &str, plan: &'p Plan) -> Option<Roadmap<'p>> {
        let fronts: Vec<&InitiativeFrontMatter> = plan.initiatives.iter().map(|i| &*i.docs.get(lang).0.front).collect();
        let window = self.roadmap_years(plan, &fronts).filter(|_| fronts.iter().any(|f| has_roadmap(f)))?;
        let groups = self
            .roadmap_sections(lang, plan)
            .into_iter()
            .map(|(heading, initiatives)| RoadmapGroup {
                heading: Some(heading),
                lines: initiatives
                    .into_iter()
                    .map(|i| {
                        let front = &i.docs.get(lang).0.front;
                        RoadmapLine {
                            label: i.numbered_title(lang),
                            url: self.url(&urls::plan_item(lang, &plan.id, &i.id)),
                            rows: self.roadmap_of(lang, front, Detail::Summary),
                        }
                    })
                    .collect(),
            })
            .filter(|g| !g.lines.is_empty())
            .collect();
        let caption = self.fmt.i18n.fill(lang, "roadmap.plan_caption", &[("plan", &plan.docs.get(lang).0.front.title)]);
        Some(Roadmap { window, detail: Detail::Summary, id_prefix: "plan-roadmap", caption, groups })
    }

    /// The roadmap of one initiative: a line per roadmap row (an action, or a row derived from
    /// its year-by-year plan); `None` when it schedules nothing.
    pub(in crate::render) fn initiative_roadmap<'f>(
        &self,
        lang: &str,
        plan: &Plan,
        front: &'f InitiativeFrontMatter,
    ) -> Option<Roadmap<'f>> {
        let window = self.roadmap_years(plan, &[front]).filter(|_| has_roadmap(front))?;
        let line = |row: &RoadmapRow, rows: Cow<'f, [RoadmapRow]>| RoadmapLine {
            label: roadmap_row_label(front, row),
            url: String::new(),
            rows,
        };
        let lines = match self.roadmap_of(lang, front, Detail::Full) {
            Cow::Borrowed(rows) => rows.iter().map(|r| line(r, Cow::Borrowed(std::slice::from_ref(r)))).collect(),
            Cow::Owned(rows) => rows.into_iter().map(|r| line(&r, Cow::Owned(vec![r.clone()]))).collect(),
        };
        let caption = self.fmt.i18n.fill(lang, "roadmap.initiative_caption", &[("title", &front.title)]);
        Some(Roadmap {
            window,
            detail: Detail::Full,
            id_prefix: "roadmap",
            caption,
            groups: vec![RoadmapGroup { heading: None, lines }],
        })
    }

    /// A roadmap as the page shows it: the chart (inline), its standalone file at `svg_path` with
    /// the snippet that embeds it, and the table beside it.
    /// A roadmap for its page, and its standalone `.svg` file at `svg_path`: the chart is drawn
    /// once for both.
    pub(in crate::render) fn roadmap_view(
        &self,
        lang: &str,
        roadmap: Roadmap<'_>,
        svg_path: String,
    ) -> (RoadmapView, OutputFile) {
        let years = self.fmt.years_of(lang, roadmap.window.0, roadmap.window.1);
        let svgs = chart::roadmap_svgs(&self.roadmap_chart(lang, &roadmap));
        let view = RoadmapView {
            embed: self.embed_snippet(&svg_path, &roadmap.caption),
            svg: svgs.inline,
            svg_url: self.url(&svg_path),
            groups: self.roadmap_table(lang, &roadmap, &years),
            caption: roadmap.caption,
            years,
        };
        (view, OutputFile { path: svg_path, bytes: svgs.standalone.into_bytes() })
    }

    /// A roadmap as the table beside its chart: a cell per line and fiscal year, naming what is
    /// scheduled then (a plan's table names its initiatives' phases once each; an initiative's
    /// also its milestones).
    pub(in crate::render) fn roadmap_table(
        &self,
        lang: &str,
        roadmap: &Roadmap<'_>,
        years: &[YearColumn],
    ) -> Vec<RoadmapGroupView> {
        let alternatives = self.fmt.t(lang, "punct.alternatives");
        let cell = |line: &RoadmapLine<'_>, fy: i32| match roadmap.detail {
            Detail::Summary => phase_labels(&line.rows, |p| p.covers(fy)).join(alternatives),
            Detail::Full => {
                let phases = line.rows.iter().flat_map(|r| r.phases.iter()).filter(|p| p.covers(fy)).map(|p| p.label.clone());
                let milestones = line
                    .rows
                    .iter()
                    .flat_map(|r| r.milestones.iter())
                    .filter(|m| *m.fy.get_ref() == fy)
                    .map(|m| self.fmt.i18n.fill(lang, "roadmap.milestone_cell", &[("label", &m.label)]));
                phases.chain(milestones).collect::<Vec<_>>().join(alternatives)
            }
        };
        roadmap
            .groups
            .iter()
            .map(|g| RoadmapGroupView {
                heading: g.heading.clone().unwrap_or_default(),
                rows: g
                    .lines
                    .iter()
                    .map(|line| RoadmapRowView {
                        label: line.label.clone(),
                        url: line.url.clone(),
                        cells: years.iter().map(|y| cell(line, y.fy)).collect(),
                        continues: line.rows.iter().any(|r| r.phases.iter().any(|p| p.continues)),
                    })
                    .collect(),
            })
            .collect()
    }

    /// A roadmap as a Gantt chart: a bar per phase (a plan's line shows each distinct phase of its
    /// initiative once) and its milestones.
    pub(in crate::render) fn roadmap_chart(&self, lang: &str, roadmap: &Roadmap<'_>) -> chart::RoadmapChart {
        let (from, to) = roadmap.window;
        let groups = roadmap
            .groups
            .iter()
            .map(|g| chart::RowGroup {
                heading: g.heading.clone(),
                rows: g
                    .lines
                    .iter()
                    .map(|line| {
                        let mut phases: Vec<Phase> = Vec::new();
                        for ph in line.rows.iter().flat_map(|r| r.phases.iter()) {
                            let same = |q: &Phase| {
                                q.from.get_ref() == ph.from.get_ref() && q.to.get_ref() == ph.to.get_ref() && q.label == ph.label
                            };
                            if matches!(roadmap.detail, Detail::Full) || !phases.iter().any(same) {
                                phases.push(ph.clone());
                            }
                        }
                        chart::RoadmapRow {
                            label: line.label.clone(),
                            // No links inside the picture: an SVG with role="img" must not hold
                            // focusable elements; the table next to the chart links every line.
                            href: None,
                            phases: self.phase_bars(&phases, from, to),
                            milestones: line.rows.iter().flat_map(|r| self.milestones(r)).collect(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let description = self.fmt.i18n.fill(
            lang,
            "chart.roadmap_description",
            &[("from", &self.fmt.fy_label(lang, from)), ("to", &self.fmt.fy_label(lang, to))],
        );
        chart::RoadmapChart {
            id_prefix: roadmap.id_prefix.to_string(),
            title: roadmap.caption.clone(),
            description,
            years: (from..=to).map(|fy| self.year_label(lang, fy)).collect(),
            groups,
            today: Some(self.today_line(lang)),
            text: self.chart_text(lang),
            ..chart::RoadmapChart::default()
        }
    }
}

/// One roadmap as both the table on the page and the chart show it, so that the two cannot
/// disagree: the fiscal years it spans and its lines, in groups.
pub(in crate::render) struct Roadmap<'s> {
    pub(in crate::render) window: (i32, i32),
    /// `Summary` for a plan (a line per initiative), `Full` for an initiative (a line per row).
    pub(in crate::render) detail: Detail,
    /// The prefix of the chart's element ids.
    pub(in crate::render) id_prefix: &'static str,
    /// The caption of the table and the title of the chart.
    pub(in crate::render) caption: String,
    pub(in crate::render) groups: Vec<RoadmapGroup<'s>>,
}

/// The lines of a pillar (plan roadmaps) or of the whole roadmap (initiatives, no heading).
pub(in crate::render) struct RoadmapGroup<'s> {
    heading: Option<String>,
    lines: Vec<RoadmapLine<'s>>,
}

/// A line of a roadmap: its label, the page it links to (plan roadmaps) and its rows.
pub(in crate::render) struct RoadmapLine<'s> {
    label: String,
    url: String,
    rows: Cow<'s, [RoadmapRow]>,
}

/// How much of a year-by-year plan a derived roadmap shows (see `Renderer::roadmap_of`).
#[derive(Clone, Copy)]
pub(in crate::render) enum Detail {
    Summary,
    Full,
}

/// True when an initiative has something to draw in a roadmap.
pub(in crate::render) fn has_roadmap(front: &InitiativeFrontMatter) -> bool {
    !front.roadmap.is_empty() || !front.years.is_empty()
}

/// The labels of the phases of `roadmap` that `scheduled` selects, each once, in order.
pub(in crate::render) fn phase_labels(
    roadmap: &[crate::model::RoadmapRow],
    scheduled: impl Fn(&crate::model::Phase) -> bool,
) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for phase in roadmap.iter().flat_map(|r| r.phases.iter()).filter(|p| scheduled(p)) {
        if !labels.contains(&phase.label) {
            labels.push(phase.label.clone());
        }
    }
    labels
}

/// The label of a roadmap row: its own label, else its action's marker and title.
pub(in crate::render) fn roadmap_row_label(front: &InitiativeFrontMatter, row: &crate::model::RoadmapRow) -> String {
    let action = crate::model::action_of(front, row);
    match (&row.label, action) {
        (Some(l), _) => l.clone(),
        (None, Some(a)) => format!("{}{}", a.marker.clone().unwrap_or_default(), a.title),
        (None, None) => String::new(),
    }
}
