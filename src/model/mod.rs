//! Stage 2, model: validate the loaded documents against each other and link them into one
//! immutable `Site`: plans with their initiatives and cases, glossary terms, themes, departments.
//! Every reference (pillar, department, status, theme, term, related initiative) is resolved here
//! or reported with its position and a suggestion; translations are checked to state the same
//! structured facts as the default language. Later stages only read the `Site`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::SourceFile;
use crate::fiscal::{Date, FiscalYear};
use crate::load::front_matter::RegistryEntry;
use crate::load::{DocAddress, FrontMatter, Registry, Shape, ShapeValue, SourceDoc, Sources};

mod checks;
mod link;
mod references;
mod translation;

/// The documents' content as the model validated it: the front-matter types, kept as each
/// document's data. Later stages name them through the model, never through `load`.
pub use crate::load::front_matter::{
    Action, CaseFrontMatter, Comparator, DefinitionSource, InitiativeFrontMatter, Kpi, KpiKind, Phase, Pillar, PillarGroup,
    PlanFrontMatter, PlanKind, Provenance, RoadmapRow, Table, TermFrontMatter, YearPlan,
};
pub use crate::localized::Localized;
pub use checks::url_problem;
pub use link::link;

/// One language version of a document: its front matter and Markdown body.
#[derive(Debug, Clone)]
pub struct Doc<F> {
    /// Boxed: the language versions live in a `BTreeMap`, whose nodes have room for eleven
    /// entries; a front matter inline there made each document's map several kilobytes, most
    /// of it empty (a third of the model's memory on a national corpus).
    pub front: Box<F>,
    pub body: Body,
    pub file: Arc<SourceFile>,
    pub body_offset: usize,
}

/// A document's Markdown body: the text of its file after the front matter, read in place (the
/// model keeps every file's text for diagnostics; a copy of each body would double it).
#[derive(Clone)]
pub struct Body {
    file: Arc<SourceFile>,
    offset: usize,
}

impl Body {
    /// The body of `file`: its text from `offset` (a char boundary) to the end.
    pub fn new(file: Arc<SourceFile>, offset: usize) -> Body {
        Body { file, offset }
    }

    /// The Markdown text.
    pub fn as_str(&self) -> &str {
        &self.file.text[self.offset..]
    }
}

impl std::ops::Deref for Body {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Body {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A plan, strategy, implementation plan or reference collection.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    pub kind: PlanKind,
    pub municipality_id: String,
    /// First and last fiscal year, when the source states them.
    pub period: Option<(FiscalYear, FiscalYear)>,
    /// The key of the department named in `[contact]`.
    pub contact_department: Option<String>,
    pub docs: Localized<Doc<PlanFrontMatter>>,
    /// In plan order (`order`, then id).
    pub initiatives: Vec<Initiative>,
    /// In plan order.
    pub cases: Vec<Case>,
    pub history: History,
}

/// When a document was last changed, per language, and the ids it was published under before.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The editors' `updated` date of each language's file (full dates only).
    pub updated: BTreeMap<String, Date>,
    /// Earlier ids, each of which keeps its old URL as a redirect page.
    pub old_ids: Vec<OldId>,
}

/// An id a document was published under before, with where its front matter lists it.
#[derive(Debug, Clone)]
pub struct OldId {
    pub id: String,
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

impl Plan {
    /// The pillar `id` as `lang` names it.
    pub fn pillar(&self, lang: &str, id: &str) -> Option<&Pillar> {
        self.docs.get(lang).0.front.pillars.iter().find(|p| p.id.get_ref() == id)
    }

    /// The pillar's number and title, as the plan prints them together (`1 市民サービスの向上`).
    pub fn pillar_title(&self, lang: &str, id: &str) -> Option<String> {
        self.pillar(lang, id).map(|p| format!("{} {}", p.number, p.title))
    }

    /// The pillar group (区分) `id` as `lang` names it; group ids are unique in a plan.
    pub fn group(&self, lang: &str, id: &str) -> Option<&PillarGroup> {
        self.docs.get(lang).0.front.pillars.iter().flat_map(|p| p.groups.iter()).find(|g| g.id.get_ref() == id)
    }

    /// The initiatives whose primary pillar or re-listing (再掲) is `pillar`.
    pub fn initiatives_in_pillar<'a>(&'a self, pillar: &'a str) -> impl Iterator<Item = (&'a Initiative, bool)> + 'a {
        self.initiatives.iter().filter_map(move |i| {
            if i.pillar == pillar {
                Some((i, false))
            } else if i.also_pillars.iter().any(|p| p == pillar) {
                Some((i, true))
            } else {
                None
            }
        })
    }
}

/// An initiative (施策, 取組, 戦術) of a plan.
#[derive(Debug, Clone)]
pub struct Initiative {
    pub id: String,
    pub plan_id: String,
    pub order: i64,
    pub pillar: String,
    /// The pillar group (区分), when the plan defines groups for the pillar.
    pub group: Option<String>,
    /// Groups of other pillars where the plan re-lists the initiative (再掲).
    pub also_groups: Vec<String>,
    pub also_pillars: Vec<String>,
    /// Reported status id (the config's default when nobody reported one).
    pub status: String,
    /// Department keys (`{municipality}-{id}`).
    pub departments: Vec<String>,
    pub themes: Vec<String>,
    /// (plan id, initiative id) of related initiatives, deduplicated, in order of mention.
    pub related: Vec<(String, String)>,
    /// For each action (in front-matter order), the (plan id, initiative id) of its `related`.
    pub action_related: Vec<Vec<(String, String)>>,
    /// Glossary terms listed explicitly in front matter.
    pub terms: Vec<String>,
    pub docs: Localized<Doc<InitiativeFrontMatter>>,
    pub history: History,
}

/// The action a roadmap row stands for (`action = "…"`, checked by the model to exist).
pub fn action_of<'f>(front: &'f InitiativeFrontMatter, row: &RoadmapRow) -> Option<&'f Action> {
    let id = row.action.as_ref()?;
    front.actions.iter().find(|a| a.id.get_ref() == id.get_ref())
}

impl Initiative {
    /// The initiative's number and title, as the plan prints them together (`(1)-1 行政手続の
    /// オンライン化`), in `lang` or the default language.
    pub fn numbered_title(&self, lang: &str) -> String {
        let f = &self.docs.get(lang).0.front;
        format!("{} {}", f.number, f.title)
    }
}

/// A reference case of a reference collection.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub plan_id: String,
    pub order: i64,
    pub themes: Vec<String>,
    pub terms: Vec<String>,
    pub docs: Localized<Doc<CaseFrontMatter>>,
    pub history: History,
}

/// A glossary term.
#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub reading: String,
    pub docs: Localized<Doc<TermFrontMatter>>,
    pub history: History,
}

/// A cross-city theme.
#[derive(Debug, Clone)]
pub struct Theme {
    pub id: String,
    pub name: Localized<String>,
    pub description: Localized<String>,
}

/// A department of a municipality.
#[derive(Debug, Clone)]
pub struct Department {
    /// Site-wide key and URL segment: `{municipality}-{id}`.
    pub key: String,
    pub municipality_id: String,
    pub id: String,
    pub name: Localized<String>,
    pub description: Localized<String>,
}

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Sorted by id.
    pub plans: Vec<Plan>,
    /// Sorted by id.
    pub terms: Vec<Term>,
    pub themes: Vec<Theme>,
    /// Sorted by key.
    pub departments: Vec<Department>,
    /// The browser gate's results, for the accessibility policy page.
    pub accessibility: Option<crate::load::AccessibilityResults>,
}

impl Site {
    // The lookups below are called for every page (a plan's contact, an initiative's
    // departments and related initiatives): a binary search, since a scan over 1,741 plans or
    // departments touched a cache line of each on every call.

    /// The plan with this id.
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.binary_search_by(|p| p.id.as_str().cmp(id)).ok().map(|i| &self.plans[i])
    }

    /// The term with this id.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.binary_search_by(|t| t.id.as_str().cmp(id)).ok().map(|i| &self.terms[i])
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The department with this key.
    pub fn department(&self, key: &str) -> Option<&Department> {
        self.departments.binary_search_by(|d| d.key.as_str().cmp(key)).ok().map(|i| &self.departments[i])
    }

    /// Counts of documents missing a translation, per language (default language excluded).
    pub fn untranslated(&self) -> BTreeMap<String, Vec<String>> {
        let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for lang in self.config.languages.iter().skip(1) {
            let list = missing.entry(lang.clone()).or_default();
            for plan in &self.plans {
                if !plan.docs.has(lang) {
                    list.push(format!("plans/{}/plan", plan.id));
                }
                for i in &plan.initiatives {
                    if !i.docs.has(lang) {
                        list.push(format!("plans/{}/initiatives/{}", plan.id, i.id));
                    }
                }
                for c in &plan.cases {
                    if !c.docs.has(lang) {
                        list.push(format!("plans/{}/cases/{}", plan.id, c.id));
                    }
                }
            }
            for t in &self.terms {
                if !t.docs.has(lang) {
                    list.push(format!("glossary/{}", t.id));
                }
            }
        }
        missing
    }

    /// Total number of documents (plans, initiatives, cases, terms) in the default language.
    pub fn document_count(&self) -> usize {
        self.plans.iter().map(|p| 1 + p.initiatives.len() + p.cases.len()).sum::<usize>() + self.terms.len()
    }
}
