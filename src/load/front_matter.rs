//! The front matter of every kind of content file, as written by authors (see `docs/content.md`).
//! These are plain serde types: unknown keys, wrong types and missing fields are rejected by the
//! TOML deserializer with a span; ids are kept `Spanned` so the model stage can point at a bad
//! reference. Nothing here is resolved or cross-checked yet.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// What kind of document a plan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanKind {
    Plan,
    Strategy,
    ImplementationPlan,
    ReferenceCollection,
}

impl PlanKind {
    /// The id used in interface strings (`plan_kind.strategy`) and data exports.
    pub fn id(self) -> &'static str {
        match self {
            PlanKind::Plan => "plan",
            PlanKind::Strategy => "strategy",
            PlanKind::ImplementationPlan => "implementation-plan",
            PlanKind::ReferenceCollection => "reference-collection",
        }
    }
}

/// `plan.{lang}.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFrontMatter {
    pub kind: Spanned<PlanKind>,
    pub title: String,
    pub short_title: Option<String>,
    pub subtitle: Option<String>,
    pub summary: String,
    /// When the editors last changed this document (`YYYY-MM-DD`): the page's last-updated date
    /// and its date in the Atom feeds. Per language; never taken from the clock.
    pub updated: Option<Spanned<String>>,
    /// Ids this document was published under before; each old URL serves a redirect page
    /// (Hugo's and Zola's `aliases`; `aliases` of a term are other names of the term).
    #[serde(default)]
    pub old_ids: Vec<Spanned<String>>,
    pub version: Option<String>,
    pub adopted: Option<Spanned<String>>,
    pub period: Option<Period>,
    pub period_note: Option<String>,
    pub vision: Option<String>,
    pub vision_detail: Option<String>,
    pub scope_note: Option<String>,
    pub municipality: Municipality,
    pub source: SourceDocument,
    pub contact: Option<Contact>,
    #[serde(default)]
    pub versions: Vec<VersionEntry>,
    #[serde(default)]
    pub background: Vec<BackgroundGroup>,
    #[serde(default)]
    pub positioning: Vec<Positioning>,
    #[serde(default)]
    pub principles: Vec<Principle>,
    #[serde(default)]
    pub pillars: Vec<Pillar>,
    #[serde(default)]
    pub organisation: Vec<OrganisationBody>,
    /// A strategy's purposes, each with its policies and the tactic that carries it out.
    #[serde(default)]
    pub objectives: Vec<Objective>,
    /// Levels of staff × viewpoints: the skills each level needs.
    pub skill_framework: Option<SkillFramework>,
    /// Chains of result stages (産出 → 直接成果 → … → 最終成果).
    #[serde(default)]
    pub logic_models: Vec<LogicModel>,
    /// Roadmaps by phase: named spans of fiscal years, with rows of what each phase does.
    #[serde(default)]
    pub phase_roadmaps: Vec<PhaseRoadmap>,
    #[serde(default)]
    pub tables: Vec<Table>,
}

/// One purpose (目的) of a strategy, with its policies (方針) and tactic (戦術).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub number: u32,
    pub purpose: String,
    #[serde(default)]
    pub policies: Vec<String>,
    pub tactic: String,
    #[serde(default)]
    pub tactic_text: Vec<String>,
}

/// A levelled skill framework: who each level of staff is and what it needs to be able to do,
/// from several viewpoints.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SkillFramework {
    pub caption: String,
    pub intro: Option<String>,
    pub viewpoints: Vec<Viewpoint>,
    pub levels: Vec<SkillLevel>,
}

/// A viewpoint (観点) of a skill framework: a column of the matrix.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Viewpoint {
    pub id: Spanned<String>,
    pub title: String,
}

/// A level (階層) of staff: a row of the matrix.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SkillLevel {
    pub id: Spanned<String>,
    pub title: String,
    pub role: String,
    #[serde(default)]
    pub skills: Vec<SkillCell>,
}

/// The skills one level needs from one viewpoint: a cell of the matrix.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SkillCell {
    pub viewpoint: Spanned<String>,
    pub items: Vec<String>,
}

/// A logic model: stages in causal order, each with its items.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogicModel {
    pub id: Spanned<String>,
    pub caption: String,
    pub intro: Option<String>,
    pub goal: Option<String>,
    pub stages: Vec<LogicStage>,
}

/// One stage of a logic model (産出, 直接成果, …).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogicStage {
    pub title: String,
    pub note: Option<String>,
    #[serde(default)]
    pub items: Vec<String>,
}

/// A roadmap by phase: phases over fiscal years as columns, rows of what each phase does.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseRoadmap {
    pub id: Spanned<String>,
    pub caption: String,
    pub intro: Option<String>,
    pub phases: Vec<NamedPhase>,
    #[serde(default)]
    pub rows: Vec<PhaseRow>,
    pub goal: Option<PhaseGoal>,
}

/// A phase: a span of fiscal years, named when the source names it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPhase {
    pub from: Spanned<i32>,
    pub to: Spanned<i32>,
    pub name: Option<String>,
}

/// A row of a phase roadmap: one list of items per phase.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseRow {
    pub title: String,
    pub cells: Spanned<Vec<Vec<String>>>,
}

/// Where a phase roadmap leads (its last column).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseGoal {
    pub title: String,
    pub text: String,
}

/// First and last fiscal year of a plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub from: Spanned<i32>,
    pub to: Spanned<i32>,
}

/// The municipality a plan belongs to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub id: Spanned<String>,
    pub name: String,
    pub prefecture: String,
    pub code: Option<Spanned<String>>,
}

/// The published document the content was taken from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDocument {
    pub title: String,
    pub publisher: String,
    pub date: Option<Spanned<String>>,
    pub file: Option<String>,
    pub url: Option<Spanned<String>>,
}

/// Where to ask about the plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub department: Option<Spanned<String>>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: Option<String>,
}

/// One entry of the version history.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VersionEntry {
    pub version: String,
    pub date: Option<Spanned<String>>,
    #[serde(default)]
    pub changes: Vec<String>,
}

/// A group of background facts (social trends, national moves, the city's own steps).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundGroup {
    pub title: String,
    #[serde(default)]
    pub items: Vec<BackgroundItem>,
}

/// One background fact, optionally dated.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundItem {
    pub date: Option<Spanned<String>>,
    pub text: String,
}

/// What kind of instrument a plan rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PositioningKind {
    Law,
    Ordinance,
    NationalPlan,
    CityPlan,
    Other,
}

impl PositioningKind {
    /// The id used in interface strings.
    pub fn id(self) -> &'static str {
        match self {
            PositioningKind::Law => "law",
            PositioningKind::Ordinance => "ordinance",
            PositioningKind::NationalPlan => "national-plan",
            PositioningKind::CityPlan => "city-plan",
            PositioningKind::Other => "other",
        }
    }
}

/// A law, ordinance or plan the plan rests on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Positioning {
    pub kind: PositioningKind,
    pub name: String,
    pub provision: Option<String>,
    pub relation: Option<String>,
}

/// A basic principle (基本的考え方).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub number: u32,
    pub title: String,
    pub text: Option<String>,
}

/// A pillar (柱, 基本戦略) grouping initiatives.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: Spanned<String>,
    pub number: String,
    pub title: String,
    pub vision: Option<String>,
    pub summary: Option<String>,
    /// The plan's own grouping of initiatives under this pillar (Matsue's 区分), in plan order.
    #[serde(default)]
    pub groups: Vec<PillarGroup>,
}

/// A grouping of initiatives inside a pillar (区分), defined by the plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PillarGroup {
    pub id: Spanned<String>,
    pub title: String,
}

/// A body of the organisation that carries out the plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationBody {
    pub name: String,
    pub role: String,
    pub members: Option<String>,
}

/// A table of the source kept as data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: Spanned<String>,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Spanned<Vec<Vec<String>>>,
    pub note: Option<String>,
}

/// `initiatives/{id}.{lang}.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeFrontMatter {
    pub number: String,
    pub order: i64,
    pub pillar: Spanned<String>,
    /// The pillar group (区分) the initiative belongs to, when the plan defines groups.
    pub group: Option<Spanned<String>>,
    #[serde(default)]
    pub pillars: Vec<Spanned<String>>,
    /// Where the plan re-lists (再掲) the initiative inside groups of those other pillars.
    #[serde(default)]
    pub relisted_groups: Vec<Spanned<String>>,
    /// The page of the printed plan the initiative is on.
    pub source_page: Option<u32>,
    /// When the editors last changed this document (`YYYY-MM-DD`): the page's last-updated date
    /// and its date in the Atom feeds. Per language; never taken from the clock.
    pub updated: Option<Spanned<String>>,
    /// Ids this document was published under before; each old URL serves a redirect page
    /// (Hugo's and Zola's `aliases`; `aliases` of a term are other names of the term).
    #[serde(default)]
    pub old_ids: Vec<Spanned<String>>,
    pub title: String,
    pub summary: String,
    pub background: Option<String>,
    #[serde(default)]
    pub target_states: Vec<String>,
    pub goal: Option<String>,
    #[serde(default)]
    pub departments: Vec<Spanned<String>>,
    pub departments_note: Option<String>,
    pub status: Option<Spanned<String>>,
    pub status_date: Option<Spanned<String>>,
    pub status_source: Option<String>,
    #[serde(default)]
    pub themes: Vec<Spanned<String>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub roadmap: Vec<RoadmapRow>,
    /// Year-by-year plan (実施内容 per fiscal year: 取組事項 and 年次目標).
    #[serde(default)]
    pub years: Vec<YearPlan>,
    /// Figures of the source whose picture is lost; only their caption and surviving words.
    #[serde(default)]
    pub images: Vec<LostImage>,
    /// Places where the source contradicts itself about this initiative.
    #[serde(default)]
    pub source_conflicts: Vec<SourceConflict>,
    #[serde(default)]
    pub tables: Vec<Table>,
}

/// What an initiative does in one fiscal year: its action items (取組事項) and the year's targets
/// (年次目標).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YearPlan {
    pub fy: Spanned<i32>,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub targets: Vec<String>,
}

/// A figure (image) of the source that the text extraction lost: its caption and the words that
/// survived, never a reconstruction.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LostImage {
    pub caption: String,
    #[serde(default)]
    pub words: Vec<String>,
}

/// A numbered action (取組内容).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub id: Spanned<String>,
    pub marker: Option<String>,
    pub title: String,
    pub text: Option<String>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
}

/// KPI (process or output indicator) or KGI (goal indicator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum KpiKind {
    #[default]
    Kpi,
    Kgi,
}

/// Where a fact on a page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Printed in the source (the default).
    #[default]
    Plan,
    /// Worked out from the source by a stated rule (`derivation`).
    Derived,
    /// Written by the site's editors; the source does not print it.
    Editors,
}

impl Provenance {
    /// The id used in interface strings and data exports.
    pub fn id(self) -> &'static str {
        match self {
            Provenance::Plan => "plan",
            Provenance::Derived => "derived",
            Provenance::Editors => "editors",
        }
    }
}

/// A place where the source contradicts itself, recorded once and shown where both parts appear.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConflict {
    /// What the two parts of the source say, e.g. "the KPI gives FY2026, the roadmap FY2028".
    pub text: String,
    /// The fiscal years in conflict, if the conflict is about years.
    #[serde(default)]
    pub years: Vec<Spanned<i32>>,
}

/// An indicator with targets per fiscal year.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub id: Spanned<String>,
    #[serde(default)]
    pub kind: KpiKind,
    pub label: String,
    /// Where the label comes from: `editors` when the source gives the KPI no name.
    #[serde(default)]
    pub label_source: Provenance,
    pub unit: Option<String>,
    /// Where the unit comes from: `editors` when the source prints none.
    #[serde(default)]
    pub unit_source: Provenance,
    pub note: Option<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub actuals: Vec<Actual>,
}

/// How a numeric target is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparator {
    AtLeast,
    AtMost,
    Exactly,
    About,
    Increase,
    Decrease,
}

impl Comparator {
    /// The id used in interface strings (`comparator.at-least`).
    pub fn id(self) -> &'static str {
        match self {
            Comparator::AtLeast => "at-least",
            Comparator::AtMost => "at-most",
            Comparator::Exactly => "exactly",
            Comparator::About => "about",
            Comparator::Increase => "increase",
            Comparator::Decrease => "decrease",
        }
    }
}

/// The target of a KPI for one fiscal year: a number (with comparator) or a text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub fy: Spanned<i32>,
    pub value: Option<f64>,
    pub comparator: Option<Comparator>,
    pub text: Option<String>,
    /// Where the target comes from (printed, derived by `derivation`, or the editors').
    #[serde(default)]
    pub source: Provenance,
    /// The rule a derived target follows, in the source's words.
    pub derivation: Option<String>,
}

/// A reported result of a KPI.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    pub fy: Spanned<i32>,
    pub value: Option<f64>,
    pub text: Option<String>,
    pub date: Option<Spanned<String>>,
    pub source: Option<String>,
}

/// One row of a roadmap: phases and milestones of one action over fiscal years.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapRow {
    pub action: Option<Spanned<String>>,
    pub label: Option<String>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

/// A labelled span of fiscal years.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub from: Spanned<i32>,
    pub to: Spanned<i32>,
    pub label: String,
    #[serde(default)]
    pub continues: bool,
}

impl Phase {
    /// True when the phase is scheduled in fiscal year `fy` (both ends included).
    pub fn covers(&self, fy: i32) -> bool {
        *self.from.get_ref() <= fy && fy <= *self.to.get_ref()
    }
}

/// A point event in a fiscal year.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub fy: Spanned<i32>,
    pub label: String,
}

/// `cases/{id}.{lang}.md`: a reference case of a reference collection.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFrontMatter {
    pub order: i64,
    /// When the editors last changed this document (`YYYY-MM-DD`): the page's last-updated date
    /// and its date in the Atom feeds. Per language; never taken from the clock.
    pub updated: Option<Spanned<String>>,
    /// Ids this document was published under before; each old URL serves a redirect page
    /// (Hugo's and Zola's `aliases`; `aliases` of a term are other names of the term).
    #[serde(default)]
    pub old_ids: Vec<Spanned<String>>,
    pub title: String,
    pub category: String,
    pub summary: String,
    #[serde(default)]
    pub points: Vec<String>,
    #[serde(default)]
    pub themes: Vec<Spanned<String>>,
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    pub municipality: CaseMunicipality,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub links: Vec<LinkRef>,
    #[serde(default)]
    pub tables: Vec<Table>,
}

/// The body a reference case is about (a municipality or prefecture, maybe outside the site).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseMunicipality {
    pub name: String,
    pub prefecture: Option<String>,
    pub code: Option<Spanned<String>>,
}

/// A key figure of a reference case.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub text: Option<String>,
}

/// A related external link.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRef {
    pub title: String,
    pub url: Spanned<String>,
}

/// Who wrote a glossary definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DefinitionSource {
    /// Quoted from a plan (see `defined_in`).
    Plan,
    /// Written by the site's editors: no source defines the term.
    Editors,
}

/// `glossary/{id}.{lang}.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermFrontMatter {
    pub term: String,
    /// When the editors last changed this document (`YYYY-MM-DD`): the page's last-updated date
    /// and its date in the Atom feeds. Per language; never taken from the clock.
    pub updated: Option<Spanned<String>>,
    /// Ids this document was published under before; each old URL serves a redirect page
    /// (Hugo's and Zola's `aliases`; `aliases` of a term are other names of the term).
    #[serde(default)]
    pub old_ids: Vec<Spanned<String>>,
    pub reading: Spanned<String>,
    pub expansion: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub short: Option<String>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    pub source: Spanned<DefinitionSource>,
    #[serde(default)]
    pub defined_in: Vec<DefinedIn>,
}

/// A plan that defines a term, with its ※ note number when it has one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DefinedIn {
    pub plan: Spanned<String>,
    pub note: Option<Spanned<u32>>,
    /// This plan's own definition, when it differs from the entry's first one: the tooltip on
    /// this plan's pages shows it, so each plan's pages show its own words.
    pub text: Option<String>,
}

/// An entry of `themes.toml` or `departments/{municipality}.toml`: names per language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryEntry {
    pub name: Spanned<BTreeMap<String, String>>,
    pub description: Option<Spanned<BTreeMap<String, String>>>,
}
