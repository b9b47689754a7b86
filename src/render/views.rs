//! View structs: the plain, serialisable data each template receives. Everything a template shows
//! is computed here (labels, URLs, formatted years and numbers), so tests can see it.

use serde::Serialize;

/// A link with its text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// The same page in another language, for the switch and hreflang.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub absolute_url: String,
    pub current: bool,
}

/// Shown when a page's text is not available in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct Fallback {
    /// The language the text is shown in.
    pub lang: String,
    pub notice: String,
}

/// What every page has: language, title, URLs, breadcrumbs, language switch.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub lang: String,
    /// The `<title>`: page title and site title.
    pub head_title: String,
    pub title: String,
    pub description: String,
    /// Site path of the page (`ja/plans/x/`).
    pub path: String,
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    pub x_default: String,
    pub breadcrumbs: Vec<Link>,
    pub fallback: Option<Fallback>,
    /// The `lang` of the main content (differs from `lang` when falling back).
    pub content_lang: String,
    /// Which template renders the page (also the body class).
    pub kind: String,
}

/// Site-wide data for the layout.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub home_url: String,
    pub root_url: String,
    pub search_url: String,
    pub glossary_url: String,
    pub themes_url: String,
    pub departments_url: String,
    pub statuses_url: String,
    pub accessibility_url: String,
    pub data_url: String,
    pub feed_url: String,
    pub build_date: String,
    pub build_date_iso: String,
    /// Asset URLs by file name.
    pub assets: std::collections::BTreeMap<String, String>,
}

/// A status with its symbol and definition (never colour alone).
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub id: String,
    pub symbol: String,
    pub name: String,
    pub definition: String,
    pub url: String,
}

/// A plan in listings.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCard {
    pub id: String,
    pub url: String,
    pub title: String,
    pub municipality: String,
    pub prefecture: String,
    pub kind: String,
    pub kind_label: String,
    pub period: String,
    pub summary_html: String,
    pub initiative_count: usize,
    pub case_count: usize,
    /// "17件の取組" / "17 initiatives" (or cases for reference collections).
    pub count_label: String,
    pub lang: String,
}

/// An initiative in listings (plan page, theme page, department page, term back-links).
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeCard {
    pub id: String,
    pub url: String,
    pub number: String,
    pub title: String,
    pub plan_title: String,
    pub plan_url: String,
    pub municipality: String,
    pub status: StatusView,
    /// The roadmap phase(s) scheduled for the current fiscal year, as text.
    pub current_phase: String,
    pub relisted: bool,
    pub lang: String,
}

/// A table kept as data.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub id: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub note: String,
}

/// One fiscal-year column of a roadmap or KPI table.
#[derive(Debug, Clone, Serialize)]
pub struct YearColumn {
    pub fy: i32,
    pub label: String,
    pub short: String,
    /// Era form (`R7`) where the language shows one, else empty.
    pub era: String,
    pub current: bool,
}

/// A roadmap row as an HTML table row (the accessible equivalent of the chart).
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapRowView {
    pub label: String,
    pub url: String,
    /// One cell per fiscal-year column.
    pub cells: Vec<String>,
    /// Work continuing after the period.
    pub continues: bool,
}

/// A roadmap: fiscal-year columns, rows (grouped), the chart and its embed snippet.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapView {
    pub caption: String,
    pub years: Vec<YearColumn>,
    pub groups: Vec<RoadmapGroupView>,
    pub svg: String,
    pub svg_url: String,
    pub embed: String,
}

/// Rows of a roadmap under one heading (a pillar on the plan page).
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapGroupView {
    pub heading: String,
    pub rows: Vec<RoadmapRowView>,
}

/// A KPI with its targets.
#[derive(Debug, Clone, Serialize)]
pub struct KpiView {
    pub id: String,
    pub kind_label: String,
    pub label: String,
    /// Why the label or unit is not the source's, when it is not (empty otherwise).
    pub provenance_notes: Vec<String>,
    pub unit: String,
    pub note_html: String,
    pub targets: Vec<TargetView>,
    pub actuals: Vec<ActualView>,
    pub chart: String,
}

/// A KPI target for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    pub year: String,
    pub text: String,
    /// "Calculated from …" / "Written by the editors", when the source does not print it.
    pub provenance_note: String,
}

/// A reported KPI result.
#[derive(Debug, Clone, Serialize)]
pub struct ActualView {
    pub year: String,
    pub text: String,
    pub date: String,
    pub source: String,
}

/// An action (取組内容).
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    pub marker: String,
    pub title_html: String,
    pub text_html: String,
    pub related: Vec<Link>,
}

/// A glossary term in listings and on its page.
#[derive(Debug, Clone, Serialize)]
pub struct TermCard {
    pub id: String,
    pub anchor: String,
    pub url: String,
    pub term: String,
    pub reading: String,
    pub expansion: String,
    pub aliases: Vec<String>,
    pub short: String,
    pub definition_html: String,
    pub source_label: String,
    pub defined_in: Vec<Link>,
    pub search_text: String,
    pub lang: String,
}

/// A group of glossary terms under one heading (ア行, A, …).
#[derive(Debug, Clone, Serialize)]
pub struct GlossarySection {
    pub id: String,
    pub heading: String,
    pub terms: Vec<TermCard>,
}

/// A reference case in listings (plan page, theme page, term back-links).
#[derive(Debug, Clone, Serialize)]
pub struct CaseCard {
    pub id: String,
    pub url: String,
    pub title: String,
    pub category: String,
    pub municipality: String,
    pub summary_html: String,
    pub lang: String,
}

/// `glossary.html`.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryPage {
    pub sections: Vec<GlossarySection>,
    pub count: usize,
}

/// A plan's own wording of a term, where it differs from the glossary entry.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDefinition {
    pub plan: Link,
    pub text_html: String,
}

/// `term.html`.
#[derive(Debug, Clone, Serialize)]
pub struct TermPage {
    pub term: TermCard,
    pub related: Vec<Link>,
    /// Initiatives whose text uses the term.
    pub used_by: Vec<InitiativeCard>,
    pub cases: Vec<CaseCard>,
    /// Plans whose initiatives or cases use the term.
    pub plans: Vec<Link>,
    pub plan_definitions: Vec<PlanDefinition>,
}

/// A theme in the list of themes.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeSummary {
    pub url: String,
    pub name: String,
    /// The language of `name` (the default language when the theme has no name in this one).
    pub lang: String,
    pub description: String,
    /// Initiatives and cases under the theme, in all plans.
    pub count: usize,
}

/// `themes.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ThemesPage {
    pub themes: Vec<ThemeSummary>,
}

/// One plan's column on a theme page.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeColumn {
    pub plan: PlanCard,
    pub initiatives: Vec<InitiativeCard>,
    pub cases: Vec<CaseCard>,
}

/// `theme.html`: the plans side by side.
#[derive(Debug, Clone, Serialize)]
pub struct ThemePage {
    pub name: String,
    pub description: String,
    pub columns: Vec<ThemeColumn>,
}

/// A department in the list of departments.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentSummary {
    pub name: String,
    pub lang: String,
    pub url: String,
    /// Initiatives the department is responsible for.
    pub count: usize,
}

/// The departments of one municipality.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentGroup {
    pub municipality: String,
    pub departments: Vec<DepartmentSummary>,
}

/// `departments.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentsPage {
    pub groups: Vec<DepartmentGroup>,
}

/// `department.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentPage {
    pub name: String,
    pub municipality: String,
    pub description: String,
    pub initiatives: Vec<InitiativeCard>,
}

/// `home.html`.
#[derive(Debug, Clone, Serialize)]
pub struct HomePage {
    pub plans: Vec<PlanCard>,
    /// Reference collections, listed apart from the plans.
    pub references: Vec<PlanCard>,
    pub themes: Vec<Link>,
    /// "119語" / "119 terms".
    pub term_count: String,
}

/// `search.html`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// The directory of the language's search index.
    pub index_url: String,
    /// The interface strings of `search.js`, as JSON made safe for a `<script>` element.
    pub i18n_json: String,
    pub plans: Vec<PlanCard>,
}

/// One check of the browser gate on the accessibility page.
#[derive(Debug, Clone, Serialize)]
pub struct AccessibilityCheckView {
    pub id: String,
    pub name: String,
    pub criteria: String,
    pub pages: u64,
    pub violations: u64,
    /// "Pass" / "Fail" in the page's language.
    pub result: String,
}

/// The committed results of the browser gate.
#[derive(Debug, Clone, Serialize)]
pub struct AccessibilityResultsView {
    pub standard: String,
    pub target: String,
    pub wcag: String,
    pub pages: u64,
    pub languages: String,
    pub tools: String,
    pub checks: Vec<AccessibilityCheckView>,
}

/// `accessibility.html`.
#[derive(Debug, Clone, Serialize)]
pub struct AccessibilityPage {
    pub results: Option<AccessibilityResultsView>,
}

/// `statuses.html`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusesPage {
    pub statuses: Vec<StatusView>,
}

/// A printed figure of a reference case.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub label: String,
    /// The number with its unit, when the figure has one.
    pub value: Option<String>,
    pub text: Option<String>,
}

/// `case.html`.
#[derive(Debug, Clone, Serialize)]
pub struct CasePage {
    pub plan: PlanCard,
    /// The plans of the case's municipality on this site (matched by local government code).
    pub own_plans: Vec<PlanCard>,
    pub category: String,
    pub municipality: String,
    pub prefecture: Option<String>,
    pub summary_html: String,
    pub points: Vec<String>,
    pub figures: Vec<FigureView>,
    pub links: Vec<Link>,
    pub themes: Vec<Link>,
    pub terms: Vec<Link>,
    pub tables: Vec<TableView>,
    pub body_html: String,
}

/// `plan.html`: everything a plan page shows.
#[derive(Debug, Clone, Serialize)]
pub struct PlanPage {
    pub cases_about: Vec<CaseCard>,
    pub plan: PlanCard,
    pub subtitle: Option<String>,
    pub short_title: Option<String>,
    pub version: Option<String>,
    pub adopted: Option<String>,
    pub period_note_html: Option<String>,
    pub vision: Option<String>,
    pub vision_detail: Option<String>,
    pub scope_note_html: Option<String>,
    /// 全国地方公共団体コード.
    pub code: Option<String>,
    pub source: SourceView,
    pub contact: Option<ContactView>,
    pub versions: Vec<VersionView>,
    pub background: Vec<BackgroundGroupView>,
    pub positioning: Vec<PositioningView>,
    pub principles: Vec<PrincipleView>,
    pub organisation: Vec<OrganisationView>,
    pub pillars: Vec<PillarView>,
    pub objectives: Vec<ObjectiveView>,
    pub skill_framework: Option<SkillFrameworkView>,
    pub logic_models: Vec<LogicModelView>,
    pub phase_roadmaps: Vec<PhaseRoadmapView>,
    pub status_counts: Vec<StatusCount>,
    pub status_names: Vec<StatusView>,
    pub pillar_counts: Vec<PillarCount>,
    pub current_year: String,
    pub roadmap: Option<RoadmapView>,
    pub cases: Vec<CaseCard>,
    pub tables: Vec<TableView>,
    pub body_html: String,
    pub data: PlanDataLinks,
}

/// The source document a plan was taken from.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub publisher: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub department: Option<Link>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: Option<String>,
}

/// One row of the version history, with its anchor (`version-3-2`).
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub anchor: String,
    pub version: String,
    pub date: Option<String>,
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackgroundGroupView {
    pub title: String,
    pub items: Vec<BackgroundItemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackgroundItemView {
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub text_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PositioningView {
    pub kind_label: String,
    pub name: String,
    pub provision: Option<String>,
    pub relation_html: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleView {
    pub number: u32,
    pub title: String,
    pub text_html: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    pub name: String,
    pub role_html: String,
    pub members: Option<String>,
}

/// A pillar with its initiatives, and its groups (区分) when the plan has them.
#[derive(Debug, Clone, Serialize)]
pub struct PillarView {
    pub id: String,
    pub groups: Vec<PillarGroupView>,
    pub anchor: String,
    pub number: String,
    pub title: String,
    pub vision_html: String,
    pub summary_html: String,
    pub initiatives: Vec<InitiativeCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarGroupView {
    pub anchor: String,
    pub title: String,
    pub initiatives: Vec<InitiativeCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    pub number: u32,
    pub purpose_html: String,
    pub policies_html: Vec<String>,
    pub tactic_html: String,
    pub tactic_text_html: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkillFrameworkView {
    pub caption: String,
    pub intro_html: Option<String>,
    pub viewpoints: Vec<String>,
    pub levels: Vec<SkillLevelView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkillLevelView {
    pub anchor: String,
    pub title: String,
    pub role_html: String,
    /// One cell per viewpoint, in the viewpoints' order; a missing cell is empty.
    pub cells: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogicModelView {
    pub anchor: String,
    pub caption: String,
    pub intro_html: Option<String>,
    pub goal_html: Option<String>,
    pub stages: Vec<LogicStageView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogicStageView {
    pub step: usize,
    pub title: String,
    pub note: Option<String>,
    pub items_html: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseRoadmapView {
    pub anchor: String,
    pub caption: String,
    pub intro_html: Option<String>,
    pub phases: Vec<NamedPhaseView>,
    pub rows: Vec<PhaseRowView>,
    pub goal: Option<PhaseGoalView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedPhaseView {
    pub years: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseRowView {
    pub title: String,
    pub cells: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseGoalView {
    pub title: String,
    pub text_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: StatusView,
    pub count: usize,
}

/// One pillar's row of the status table.
#[derive(Debug, Clone, Serialize)]
pub struct PillarCount {
    pub number: String,
    pub title: String,
    pub counts: Vec<usize>,
    pub total: usize,
    pub anchor: String,
}

/// Where a plan's open data, catalogue entry and feed are.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDataLinks {
    pub json: String,
    pub initiatives_csv: String,
    pub kpis_csv: String,
    pub catalogue: String,
    pub feed: String,
}

/// One fiscal year of a year-by-year plan (実施内容): action items and the year's targets.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub anchor: String,
    pub label: String,
    pub actions_html: Vec<String>,
    pub targets_html: Vec<String>,
}

/// A figure of the source whose picture is lost: its caption and surviving words.
#[derive(Debug, Clone, Serialize)]
pub struct LostImageView {
    pub caption: String,
    pub words: Vec<String>,
}

/// `initiative.html`.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativePage {
    pub card: InitiativeCard,
    pub plan: PlanCard,
    pub pillar: Option<Link>,
    pub also_pillars: Vec<Link>,
    pub group: Option<Link>,
    pub source_page: Option<u32>,
    pub source_page_label: Option<String>,
    pub years: Vec<YearView>,
    pub source_conflicts: Vec<String>,
    pub images: Vec<LostImageView>,
    pub summary_html: String,
    pub background_html: Option<String>,
    pub target_states: Vec<String>,
    pub goal_html: Option<String>,
    pub departments: Vec<Link>,
    pub departments_note: Option<String>,
    pub status_reported: bool,
    pub status_date: Option<String>,
    pub status_source: Option<String>,
    pub themes: Vec<Link>,
    pub related: Vec<Link>,
    pub terms: Vec<Link>,
    pub actions: Vec<ActionView>,
    pub kpis: Vec<KpiView>,
    pub roadmap: Option<RoadmapView>,
    pub tables: Vec<TableView>,
    pub body_html: String,
    pub prev: Option<InitiativeCard>,
    pub next: Option<InitiativeCard>,
}

/// The landing and 404 pages: one block per language.
#[derive(Debug, Clone, Serialize)]
pub struct EveryLanguagePage<T> {
    pub languages: Vec<T>,
}

/// A language's entry on the landing page.
#[derive(Debug, Clone, Serialize)]
pub struct LandingLanguage {
    pub lang: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub enter: String,
    pub url: String,
}

/// A language's text on the 404 page.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundLanguage {
    pub lang: String,
    pub title: String,
    pub text: String,
    pub home: String,
    pub url: String,
    pub search: String,
    pub search_url: String,
}
