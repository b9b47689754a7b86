//! Stage 2, model: validate the loaded documents against each other and link them into one
//! immutable `Site`: plans with their initiatives and cases, glossary terms, themes, departments.
//! Every reference (pillar, department, status, theme, term, related initiative) is resolved here
//! or reported with its position and a suggestion; translations are checked to state the same
//! structured facts as the default language. Later stages only read the `Site`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fiscal::{Date, FiscalYear};
use crate::load::front_matter::{
    CaseFrontMatter, DefinitionSource, InitiativeFrontMatter, PlanFrontMatter, PlanKind, RegistryEntry, Table, TermFrontMatter,
};
use crate::load::{DocAddress, FrontMatter, Registry, Shape, ShapeValue, SourceDoc, Sources};

/// One language version of a document: its front matter and Markdown body.
#[derive(Debug, Clone)]
pub struct Doc<F> {
    pub front: F,
    pub body: String,
    pub file: Arc<SourceFile>,
    pub body_offset: usize,
}

/// The language versions of one document. The default language is always present.
#[derive(Debug, Clone)]
pub struct Localized<T> {
    pub by_lang: BTreeMap<String, T>,
    pub default_lang: String,
}

impl<T> Localized<T> {
    /// The version in `lang`, or the default language's when it is not translated; the second
    /// value is the language actually returned.
    pub fn get(&self, lang: &str) -> (&T, &str) {
        match self.by_lang.get_key_value(lang) {
            Some((l, v)) => (v, l.as_str()),
            None => (self.default(), self.default_lang.as_str()),
        }
    }

    /// The default-language version.
    pub fn default(&self) -> &T {
        // Invariant: `link` only builds a Localized when the default-language version exists.
        &self.by_lang[&self.default_lang]
    }

    /// True when the document exists in `lang`.
    pub fn has(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
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
    /// Glossary terms listed explicitly in front matter.
    pub terms: Vec<String>,
    pub docs: Localized<Doc<InitiativeFrontMatter>>,
    pub history: History,
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
    pub name: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
}

/// A department of a municipality.
#[derive(Debug, Clone)]
pub struct Department {
    /// Site-wide key and URL segment: `{municipality}-{id}`.
    pub key: String,
    pub municipality_id: String,
    pub id: String,
    pub name: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
}

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
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
    /// The plan with this id.
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// The term with this id.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The department with this key.
    pub fn department(&self, key: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.key == key)
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

/// Front-matter keys whose string values are facts, not text: a translation must repeat them
/// exactly (ids, codes, dates, URLs, readings).
const FACT_KEYS: &[&str] = &[
    "id",
    "old_ids",
    "pillar",
    "pillars",
    "group",
    "relisted_groups",
    "source_page",
    "viewpoint",
    "label_source",
    "unit_source",
    "departments",
    "status",
    "themes",
    "terms",
    "related",
    "action",
    "fy",
    "from",
    "to",
    "kind",
    "comparator",
    "plan",
    "note",
    "code",
    "url",
    "file",
    "email",
    "phone",
    "reading",
    "marker",
    "date",
    "value",
    "order",
    "adopted",
    "status_date",
    "department",
    "source",
    "continues",
    "number",
];

/// Keys that belong to one language alone: a term's other spellings (`aliases`) differ in number
/// and presence between languages, so translations are not compared on them.
const PER_LANGUAGE_KEYS: &[&str] = &["aliases", "updated"];

/// Keys whose value is human text even though the key name is also used for facts elsewhere.
fn is_fact(key: &str, parent: &str) -> bool {
    match (parent, key) {
        // A plan's `source` table is text (title, publisher); a term's `source` is an enum.
        (_, "note") if matches!(parent, "contact" | "tables" | "kpis" | "stages") => false,
        ("", "note") => false,
        ("pillars", "number") | ("", "number") => false,
        ("actuals", "source") | ("", "status_source") => false,
        ("principles", "number") => true,
        _ => FACT_KEYS.contains(&key),
    }
}

/// Builds the site from loaded sources, collecting every error.
pub fn link(config: &Config, sources: Sources) -> Result<Site, Vec<Diagnostic>> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let default_lang = config.default_language().to_string();

    // Group language versions by document.
    let mut grouped: BTreeMap<DocAddress, Vec<SourceDoc>> = BTreeMap::new();
    for doc in sources.docs {
        grouped.entry(doc.address.clone()).or_default().push(doc);
    }
    let failed_default: BTreeSet<&DocAddress> =
        sources.failed.iter().filter(|(_, lang)| *lang == default_lang).map(|(a, _)| a).collect();
    for (address, docs) in &grouped {
        if failed_default.contains(address) {
            // Its default-language file already has an error of its own.
            continue;
        }
        if !docs.iter().any(|d| d.lang == default_lang) {
            let d = &docs[0];
            errors.push(
                Diagnostic::error_in(&d.file.path, format!("no `{default_lang}` version of this document"))
                    .expected(format!("a file of the same name ending in `.{default_lang}.md`, the default language"))
                    .help("every document must exist in the default language; translations are optional"),
            );
            continue;
        }
        let base = docs.iter().find(|d| d.lang == default_lang).map(|d| &d.shape);
        for doc in docs.iter().filter(|d| d.lang != default_lang) {
            if let Some(base) = base {
                compare_shapes(&doc.file, "", "", base, &doc.shape, &default_lang, &mut errors);
            }
        }
    }

    let themes = registry_entries(sources.themes.as_ref(), config, &mut errors);
    let themes: Vec<Theme> = themes.into_iter().map(|(id, name, description)| Theme { id, name, description }).collect();
    let theme_ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();

    let mut departments: Vec<Department> = Vec::new();
    for (municipality, registry) in &sources.departments {
        for (id, name, description) in registry_entries(Some(registry), config, &mut errors) {
            // `{municipality}-{id}` is the department's page: `a-b.toml` with `c` and `a.toml`
            // with `b-c` would share one URL.
            let key = format!("{municipality}-{id}");
            if let Some(other) = departments.iter().find(|d| d.key == key) {
                let span = registry.entries.iter().find(|(k, _)| k.get_ref() == &id).map_or(0..0, |(k, _)| k.span());
                errors.push(
                    Diagnostic::error_at(
                        &registry.file,
                        span,
                        format!(
                            "department `{id}` of `{municipality}` has the page key `{key}` of `{}` in `{}`",
                            other.id, other.municipality_id
                        ),
                    )
                    .expected("a department id whose `{municipality}-{id}` key is unique on the site")
                    .help("rename one of the two departments (or municipality files)"),
                );
                continue;
            }
            departments.push(Department { key, municipality_id: municipality.clone(), id, name, description });
        }
    }
    departments.sort_by(|a, b| a.key.cmp(&b.key));

    // Split documents by kind, keeping all language versions.
    let mut plan_docs: BTreeMap<String, Vec<SourceDoc>> = BTreeMap::new();
    let mut initiative_docs: BTreeMap<(String, String), Vec<SourceDoc>> = BTreeMap::new();
    let mut case_docs: BTreeMap<(String, String), Vec<SourceDoc>> = BTreeMap::new();
    let mut term_docs: BTreeMap<String, Vec<SourceDoc>> = BTreeMap::new();
    for (address, docs) in grouped {
        if !docs.iter().any(|d| d.lang == default_lang) {
            continue;
        }
        match address {
            DocAddress::Plan { plan } => {
                plan_docs.insert(plan, docs);
            }
            DocAddress::Initiative { plan, id } => {
                initiative_docs.insert((plan, id), docs);
            }
            DocAddress::Case { plan, id } => {
                case_docs.insert((plan, id), docs);
            }
            DocAddress::Term { id } => {
                term_docs.insert(id, docs);
            }
        }
    }

    // Plans whose default-language file failed to load: they exist, their errors are reported.
    let failed_plans: BTreeSet<&str> = sources
        .failed
        .iter()
        .filter_map(|(a, _)| match a {
            DocAddress::Plan { plan } => Some(plan.as_str()),
            _ => None,
        })
        .collect();
    // Orphan initiatives and cases (no plan.{lang}.md).
    for ((plan, _), docs) in initiative_docs.iter().chain(case_docs.iter()) {
        if !plan_docs.contains_key(plan) && !failed_plans.contains(plan.as_str()) {
            errors.push(
                Diagnostic::error_in(&docs[0].file.path, format!("plan `{plan}` has no plan.{default_lang}.md"))
                    .suggest(plan, plan_docs.keys().map(String::as_str)),
            );
        }
    }

    // Documents that failed to load still count as existing for references.
    let mut term_ids: Vec<String> = term_docs.keys().cloned().collect();
    let mut failed_initiatives: Vec<(String, String)> = Vec::new();
    for (address, _) in &sources.failed {
        match address {
            DocAddress::Term { id } => term_ids.push(id.clone()),
            DocAddress::Initiative { plan, id } => failed_initiatives.push((plan.clone(), id.clone())),
            _ => {}
        }
    }
    term_ids.sort();
    term_ids.dedup();
    let term_id_refs: Vec<&str> = term_ids.iter().map(String::as_str).collect();
    let mut plan_ids: Vec<&str> = plan_docs.keys().map(String::as_str).chain(failed_plans.iter().copied()).collect();
    plan_ids.sort();
    plan_ids.dedup();
    let status_ids: Vec<&str> = config.statuses.iter().map(|s| s.id.as_str()).collect();

    // Collect all initiative ids per plan for `related` resolution.
    let mut initiative_index: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (plan, id) in initiative_docs.keys().chain(failed_initiatives.iter()) {
        initiative_index.entry(plan.as_str()).or_default().push(id.as_str());
    }

    let refs = RefSets {
        themes: &theme_ids,
        terms: &term_id_refs,
        statuses: &status_ids,
        plans: &plan_ids,
        initiatives: &initiative_index,
        departments: &departments,
        failed_registries: &sources.failed_registries,
    };

    let mut plans = Vec::new();
    for (plan_id, docs) in &plan_docs {
        let docs = localize(docs, &default_lang, |f| match f {
            FrontMatter::Plan(p) => Some((**p).clone()),
            _ => None,
        });
        let front = &docs.default().front;
        let file = Arc::clone(&docs.default().file);
        let period = match &front.period {
            Some(p) => {
                if p.from.get_ref() > p.to.get_ref() {
                    errors.push(
                        Diagnostic::error_at(
                            &file,
                            p.to.span(),
                            format!("period ends ({}) before it starts ({})", p.to.get_ref(), p.from.get_ref()),
                        )
                        .expected(format!("a fiscal year ≥ {}", p.from.get_ref())),
                    );
                }
                for year in [&p.from, &p.to] {
                    check_year_plausible(&file, year, &mut errors);
                }
                Some((FiscalYear(*p.from.get_ref()), FiscalYear(*p.to.get_ref())))
            }
            None => None,
        };
        let municipality_id = front.municipality.id.get_ref().clone();
        if let Err(why) = crate::ids::check_id(&municipality_id) {
            errors.push(Diagnostic::error_at(&file, front.municipality.id.span(), format!("invalid municipality id: {why}")));
        }
        if let Some(code) = &front.municipality.code {
            check_local_government_code(&file, code, &mut errors);
        }
        if let Some(url) = &front.source.url {
            check_url(&file, url, &mut errors);
        }
        for date in [&front.adopted, &front.source.date].into_iter().flatten() {
            check_date(&file, date, &mut errors);
        }
        for v in &front.versions {
            if let Some(d) = &v.date {
                check_date(&file, d, &mut errors);
            }
        }
        for g in &front.background {
            for item in &g.items {
                if let Some(d) = &item.date {
                    check_date(&file, d, &mut errors);
                }
            }
        }
        check_unique(&file, front.pillars.iter().map(|p| &p.id), "pillar", &mut errors);
        check_strategy_shapes(&file, front, period, &mut errors);
        check_tables(&file, &front.tables, &mut errors);
        if let Some(dept) = front.contact.as_ref().and_then(|c| c.department.as_ref()) {
            refs.department(&file, &municipality_id, dept, &mut errors);
        }
        let pillar_ids: Vec<&str> = front.pillars.iter().map(|p| p.id.get_ref().as_str()).collect();
        // Group ids are unique in the whole plan, so that `#group-{id}` anchors are unique.
        check_unique(&file, front.pillars.iter().flat_map(|p| p.groups.iter().map(|g| &g.id)), "pillar group", &mut errors);
        let pillar_groups: BTreeMap<&str, Vec<&str>> = front
            .pillars
            .iter()
            .map(|p| (p.id.get_ref().as_str(), p.groups.iter().map(|g| g.id.get_ref().as_str()).collect()))
            .collect();

        let mut initiatives = Vec::new();
        for ((p, id), idocs) in initiative_docs.range((plan_id.clone(), String::new())..) {
            if p != plan_id {
                break;
            }
            let idocs = localize(idocs, &default_lang, |f| match f {
                FrontMatter::Initiative(i) => Some((**i).clone()),
                _ => None,
            });
            let initiative =
                link_initiative(plan_id, id, idocs, &pillar_groups, &municipality_id, period, config, &refs, &mut errors);
            initiatives.push(initiative);
        }
        initiatives.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));

        let mut cases = Vec::new();
        for ((p, id), cdocs) in case_docs.range((plan_id.clone(), String::new())..) {
            if p != plan_id {
                break;
            }
            let cdocs = localize(cdocs, &default_lang, |f| match f {
                FrontMatter::Case(c) => Some((**c).clone()),
                _ => None,
            });
            let front = &cdocs.default().front;
            let cfile = Arc::clone(&cdocs.default().file);
            check_item_id(&cfile, id, &mut errors);
            let themes = refs.list(&cfile, &front.themes, refs.themes, "theme", &mut errors);
            let terms = refs.list(&cfile, &front.terms, refs.terms, "glossary term", &mut errors);
            check_tables(&cfile, &front.tables, &mut errors);
            for link in &front.links {
                check_url(&cfile, &link.url, &mut errors);
            }
            let history = history_of(id, &cdocs, |f| (&f.updated, &f.old_ids), &mut errors);
            cases.push(Case {
                id: id.clone(),
                plan_id: plan_id.clone(),
                order: front.order,
                themes,
                terms,
                docs: cdocs,
                history,
            });
        }
        cases.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));

        if !initiatives.is_empty() && pillar_ids.is_empty() {
            errors.push(
                Diagnostic::error_in(&file.path, "this plan has initiatives but no pillars")
                    .expected("[[pillars]] tables with id, number and title"),
            );
        }
        check_old_ids(
            initiatives.iter().map(|i| (&i.id, &i.history)).chain(cases.iter().map(|c| (&c.id, &c.history))),
            &mut errors,
        );
        let history = history_of(plan_id, &docs, |f| (&f.updated, &f.old_ids), &mut errors);
        plans.push(Plan {
            id: plan_id.clone(),
            kind: *front.kind.get_ref(),
            municipality_id,
            period,
            docs,
            initiatives,
            cases,
            history,
        });
    }

    // Terms.
    let mut terms = Vec::new();
    let mut notes_seen: BTreeMap<(String, u32), String> = BTreeMap::new();
    let mut names_seen: BTreeMap<String, String> = BTreeMap::new();
    for (id, tdocs) in &term_docs {
        let tdocs = localize(tdocs, &default_lang, |f| match f {
            FrontMatter::Term(t) => Some((**t).clone()),
            _ => None,
        });
        let front = &tdocs.default().front;
        let file = Arc::clone(&tdocs.default().file);
        let reading = front.reading.get_ref().trim().to_string();
        if reading.is_empty() || !reading.chars().all(is_reading_char) {
            errors.push(
                Diagnostic::error_at(&file, front.reading.span(), format!("reading `{reading}` is not written in kana"))
                    .expected("hiragana or katakana, e.g. `でぃーえっくす`"),
            );
        }
        refs.list(&file, &front.related, refs.terms, "glossary term", &mut errors);
        if *front.source.get_ref() == DefinitionSource::Plan && front.defined_in.is_empty() {
            errors.push(
                Diagnostic::error_at(&file, front.source.span(), "`source = \"plan\"` but no [[defined_in]] says which plan")
                    .expected("[[defined_in]] with plan = \"…\" (and note = N for a ※ note)")
                    .help("write `source = \"editors\"` if the site's editors wrote this definition"),
            );
        }
        for def in &front.defined_in {
            if refs.plan(&file, &def.plan, &mut errors)
                && let Some(note) = &def.note
            {
                let key = (def.plan.get_ref().clone(), *note.get_ref());
                if let Some(other) = notes_seen.insert(key, id.clone()) {
                    errors.push(Diagnostic::error_at(
                        &file,
                        note.span(),
                        format!("note ※{} of plan `{}` is already term `{other}`", note.get_ref(), def.plan.get_ref()),
                    ));
                }
            }
        }
        // Two terms with the same spelling would make automatic links ambiguous.
        for (lang, doc) in &tdocs.by_lang {
            for name in std::iter::once(&doc.front.term).chain(doc.front.aliases.iter()) {
                let key = format!("{lang}:{}", fold_name(name));
                if let Some(other) = names_seen.get(&key)
                    && other != id
                {
                    let span = doc.file.text.find(name.as_str()).map_or(0..0, |s| s..s + name.len());
                    errors.push(
                        Diagnostic::error_at(&doc.file, span, format!("`{name}` is already the term or an alias of `{other}`"))
                            .help("merge the two entries, or remove the alias from one of them"),
                    );
                } else {
                    names_seen.insert(key, id.clone());
                }
            }
        }
        let history = history_of(id, &tdocs, |f| (&f.updated, &f.old_ids), &mut errors);
        terms.push(Term { id: id.clone(), reading, docs: tdocs, history });
    }
    check_old_ids(plans.iter().map(|p| (&p.id, &p.history)), &mut errors);
    check_old_ids(terms.iter().map(|t| (&t.id, &t.history)), &mut errors);

    if errors.is_empty() {
        Ok(Site { config: config.clone(), plans, terms, themes, departments, accessibility: sources.accessibility })
    } else {
        Err(errors)
    }
}

/// The id lists references are checked against.
struct RefSets<'a> {
    themes: &'a [&'a str],
    terms: &'a [&'a str],
    statuses: &'a [&'a str],
    plans: &'a [&'a str],
    /// Registries that failed to load (`themes`, municipality ids): references into them are
    /// not checked, since their errors are already reported.
    failed_registries: &'a [String],
    initiatives: &'a BTreeMap<&'a str, Vec<&'a str>>,
    departments: &'a [Department],
}

impl RefSets<'_> {
    /// Checks a list of ids against `known`, reporting unknown ones; returns the known ones.
    fn list(
        &self,
        file: &Arc<SourceFile>,
        ids: &[Spanned<String>],
        known: &[&str],
        what: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let unchecked = what == "theme" && self.failed_registries.iter().any(|r| r == "themes.toml");
        for id in ids {
            if unchecked {
                continue;
            }
            if known.contains(&id.get_ref().as_str()) {
                if !out.contains(id.get_ref()) {
                    out.push(id.get_ref().clone());
                }
            } else {
                errors.push(unknown_id(file, id, what, known));
            }
        }
        out
    }

    fn plan(&self, file: &Arc<SourceFile>, id: &Spanned<String>, errors: &mut Vec<Diagnostic>) -> bool {
        let ok = self.plans.contains(&id.get_ref().as_str());
        if !ok {
            errors.push(unknown_id(file, id, "plan", self.plans));
        }
        ok
    }

    fn department(
        &self,
        file: &Arc<SourceFile>,
        municipality: &str,
        id: &Spanned<String>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        if self.failed_registries.iter().any(|r| r == municipality) {
            return None;
        }
        let known: Vec<&str> =
            self.departments.iter().filter(|d| d.municipality_id == municipality).map(|d| d.id.as_str()).collect();
        if known.contains(&id.get_ref().as_str()) {
            Some(format!("{municipality}-{}", id.get_ref()))
        } else {
            let mut d = unknown_id(file, id, "department", &known);
            if known.is_empty() {
                d = d.help(format!("add it to content/departments/{municipality}.toml"));
            }
            errors.push(d);
            None
        }
    }

    /// Resolves `related` entries: `id` in the same plan or `plan/id`.
    fn related(
        &self,
        file: &Arc<SourceFile>,
        plan: &str,
        own_id: &str,
        id: &Spanned<String>,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<(String, String)> {
        let (target_plan, target) = match id.get_ref().split_once('/') {
            Some((p, i)) => (p, i),
            None => (plan, id.get_ref().as_str()),
        };
        let known = self.initiatives.get(target_plan).cloned().unwrap_or_default();
        if target == own_id && target_plan == plan {
            errors.push(Diagnostic::error_at(file, id.span(), "an initiative cannot be related to itself"));
            return None;
        }
        if known.contains(&target) {
            Some((target_plan.to_string(), target.to_string()))
        } else {
            errors.push(unknown_id(file, id, "related initiative", &known));
            None
        }
    }
}

fn unknown_id(file: &Arc<SourceFile>, id: &Spanned<String>, what: &str, known: &[&str]) -> Diagnostic {
    let shown: Vec<&str> = known.iter().take(12).copied().collect();
    let more = if known.len() > shown.len() { ", …" } else { "" };
    Diagnostic::error_at(file, id.span(), format!("unknown {what} `{}`", id.get_ref()))
        .expected(if known.is_empty() {
            format!("a {what} id, but none is defined")
        } else {
            format!("one of `{}`{more}", shown.join("`, `"))
        })
        .suggest(id.get_ref(), known.iter().copied())
}

#[allow(clippy::too_many_arguments)]
fn link_initiative(
    plan_id: &str,
    id: &str,
    docs: Localized<Doc<InitiativeFrontMatter>>,
    pillar_groups: &BTreeMap<&str, Vec<&str>>,
    municipality: &str,
    period: Option<(FiscalYear, FiscalYear)>,
    config: &Config,
    refs: &RefSets<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Initiative {
    let front = &docs.default().front;
    let file = Arc::clone(&docs.default().file);
    let pillar_ids: Vec<&str> = pillar_groups.keys().copied().collect();
    let pillar_ids = pillar_ids.as_slice();
    let check_pillar = |p: &Spanned<String>, errors: &mut Vec<Diagnostic>| {
        if !pillar_ids.contains(&p.get_ref().as_str()) {
            errors.push(unknown_id(&file, p, "pillar", pillar_ids));
        }
    };
    check_pillar(&front.pillar, errors);
    for p in &front.pillars {
        check_pillar(p, errors);
        if p.get_ref() == front.pillar.get_ref() {
            errors.push(
                Diagnostic::error_at(&file, p.span(), "the primary pillar is repeated in `pillars`")
                    .help("list only the pillars where the initiative is re-listed (再掲)"),
            );
        }
    }
    let groups = pillar_groups.get(front.pillar.get_ref().as_str()).map(Vec::as_slice).unwrap_or_default();
    match &front.group {
        Some(g) if !groups.contains(&g.get_ref().as_str()) => {
            errors.push(unknown_id(&file, g, &format!("group of pillar `{}`", front.pillar.get_ref()), groups))
        }
        None if !groups.is_empty() => {
            errors.push(group_missing(&file, &front.pillar, "this initiative names none", "`group = \"…\"`, one of", groups))
        }
        _ => {}
    }
    // A re-listing in a group names a group of one of the pillars the initiative is re-listed in.
    let relisted: Vec<&str> =
        front.pillars.iter().flat_map(|p| pillar_groups.get(p.get_ref().as_str()).into_iter().flatten().copied()).collect();
    for g in &front.relisted_groups {
        if !relisted.contains(&g.get_ref().as_str()) {
            errors.push(unknown_id(&file, g, "group of a pillar listed in `pillars`", &relisted));
        }
    }
    for p in &front.pillars {
        let groups = pillar_groups.get(p.get_ref().as_str()).map(Vec::as_slice).unwrap_or_default();
        if !groups.is_empty() && !front.relisted_groups.iter().any(|g| groups.contains(&g.get_ref().as_str())) {
            errors.push(group_missing(&file, p, "no `relisted_groups` entry names one", "in `relisted_groups`, one of", groups));
        }
    }
    let status = match &front.status {
        Some(s) if refs.statuses.contains(&s.get_ref().as_str()) => s.get_ref().clone(),
        Some(s) => {
            errors.push(unknown_id(&file, s, "status", refs.statuses));
            config.default_status().id.clone()
        }
        None => config.default_status().id.clone(),
    };
    if let Some(d) = &front.status_date {
        check_date(&file, d, errors);
    }
    let departments: Vec<String> =
        front.departments.iter().filter_map(|d| refs.department(&file, municipality, d, errors)).collect();
    let themes = refs.list(&file, &front.themes, refs.themes, "theme", errors);
    let terms = refs.list(&file, &front.terms, refs.terms, "glossary term", errors);
    let mut related: Vec<(String, String)> = Vec::new();
    for r in front.related.iter().chain(front.actions.iter().flat_map(|a| a.related.iter())) {
        if let Some(target) = refs.related(&file, plan_id, id, r, errors)
            && !related.contains(&target)
        {
            related.push(target);
        }
    }
    check_unique(&file, front.actions.iter().map(|a| &a.id), "action", errors);
    check_unique(&file, front.kpis.iter().map(|k| &k.id), "KPI", errors);
    check_tables(&file, &front.tables, errors);
    let in_period = |fy: &Spanned<i32>, errors: &mut Vec<Diagnostic>| check_in_period(&file, fy, period, errors);
    for kpi in &front.kpis {
        let mut years = BTreeSet::new();
        for t in &kpi.targets {
            in_period(&t.fy, errors);
            if !years.insert(*t.fy.get_ref()) {
                errors.push(Diagnostic::error_at(
                    &file,
                    t.fy.span(),
                    format!("KPI `{}` has two targets for fiscal year {}", kpi.id.get_ref(), t.fy.get_ref()),
                ));
            }
            let derived = t.source == crate::load::front_matter::Provenance::Derived;
            if derived != t.derivation.is_some() {
                errors.push(
                    Diagnostic::error_at(
                        &file,
                        t.fy.span(),
                        format!(
                            "the target of KPI `{}` for {}: `derivation` goes with `source = \"derived\"`",
                            kpi.id.get_ref(),
                            t.fy.get_ref()
                        ),
                    )
                    .expected(
                        "both `source = \"derived\"` and `derivation = \"…\"` (the rule, in the source's words), or neither",
                    ),
                );
            }
            match (&t.value, &t.text) {
                (Some(_), Some(_)) | (None, None) => errors.push(
                    Diagnostic::error_at(
                        &file,
                        t.fy.span(),
                        format!(
                            "the target of KPI `{}` for {} needs exactly one of `value` and `text`",
                            kpi.id.get_ref(),
                            t.fy.get_ref()
                        ),
                    )
                    .expected("`value = 19` (a number) or `text = \"…\"`"),
                ),
                _ => {}
            }
        }
        for a in &kpi.actuals {
            check_year_plausible(&file, &a.fy, errors);
            if let Some(d) = &a.date {
                check_date(&file, d, errors);
            }
        }
    }
    let action_ids: Vec<&str> = front.actions.iter().map(|a| a.id.get_ref().as_str()).collect();
    for row in &front.roadmap {
        match &row.action {
            Some(a) if !action_ids.contains(&a.get_ref().as_str()) => errors.push(unknown_id(&file, a, "action", &action_ids)),
            None if row.label.is_none() => errors.push(
                Diagnostic::error_in(&file.path, "a [[roadmap]] row has neither `action` nor `label`")
                    .expected("`action = \"1\"` or `label = \"…\"`"),
            ),
            _ => {}
        }
        for phase in &row.phases {
            in_period(&phase.from, errors);
            in_period(&phase.to, errors);
            if phase.from.get_ref() > phase.to.get_ref() {
                errors.push(Diagnostic::error_at(
                    &file,
                    phase.to.span(),
                    format!("phase ends ({}) before it starts ({})", phase.to.get_ref(), phase.from.get_ref()),
                ));
            }
        }
        for m in &row.milestones {
            in_period(&m.fy, errors);
        }
    }
    for c in &front.source_conflicts {
        for y in &c.years {
            check_year_plausible(&file, y, errors);
        }
    }
    let mut plan_years = BTreeSet::new();
    for y in &front.years {
        in_period(&y.fy, errors);
        if !plan_years.insert(*y.fy.get_ref()) {
            errors.push(Diagnostic::error_at(
                &file,
                y.fy.span(),
                format!("two [[years]] entries for fiscal year {}", y.fy.get_ref()),
            ));
        }
        if y.actions.is_empty() && y.targets.is_empty() {
            errors.push(
                Diagnostic::error_at(&file, y.fy.span(), format!("the [[years]] entry for {} is empty", y.fy.get_ref()))
                    .expected("`actions = [\"…\"]` (取組事項) and/or `targets = [\"…\"]` (年次目標)"),
            );
        }
    }
    let pillar = front.pillar.get_ref().clone();
    let group = front.group.as_ref().map(|g| g.get_ref().clone());
    let also_groups = front.relisted_groups.iter().map(|g| g.get_ref().clone()).collect();
    let also_pillars = front.pillars.iter().map(|p| p.get_ref().clone()).collect();
    let order = front.order;
    check_item_id(&file, id, errors);
    let history = history_of(id, &docs, |f| (&f.updated, &f.old_ids), errors);
    Initiative {
        id: id.to_string(),
        plan_id: plan_id.to_string(),
        order,
        pillar,
        group,
        also_groups,
        also_pillars,
        status,
        departments,
        themes,
        related,
        terms,
        docs,
        history,
    }
}

/// `{plan}/embed/` is the plan's card: no initiative or case may take that URL.
fn check_item_id(file: &Arc<SourceFile>, id: &str, errors: &mut Vec<Diagnostic>) {
    if id == "embed" {
        errors.push(
            Diagnostic::error_in(&file.path, "the id `embed` is reserved for the plan's embeddable card")
                .help("rename the file, e.g. to `embedding.ja.md`"),
        );
    }
}

/// Reads and checks a document's `updated` dates (every language) and `old_ids`.
fn history_of<F>(
    id: &str,
    docs: &Localized<Doc<F>>,
    fields: impl Fn(&F) -> (&Option<Spanned<String>>, &Vec<Spanned<String>>),
    errors: &mut Vec<Diagnostic>,
) -> History {
    let mut history = History::default();
    for (lang, doc) in &docs.by_lang {
        let (updated, _) = fields(&doc.front);
        if let Some(text) = updated {
            match Date::parse(text.get_ref()).filter(|d| d.day.is_some() && (1900..=2200).contains(&d.year)) {
                Some(date) => {
                    history.updated.insert(lang.clone(), date);
                }
                None => errors.push(
                    Diagnostic::error_at(&doc.file, text.span(), format!("invalid `updated` date `{}`", text.get_ref()))
                        .expected("a full date `YYYY-MM-DD`, the day the editors last changed this file"),
                ),
            }
        }
    }
    let default = docs.default();
    let (_, old_ids) = fields(&default.front);
    for old in old_ids {
        if let Err(why) = crate::ids::check_id(old.get_ref()) {
            errors.push(Diagnostic::error_at(&default.file, old.span(), format!("invalid old id: {why}")));
        } else if old.get_ref() == id {
            errors.push(
                Diagnostic::error_at(&default.file, old.span(), format!("`{id}` is this document's own id"))
                    .expected("only ids the document was published under before"),
            );
        } else {
            history.old_ids.push(OldId { id: old.get_ref().clone(), file: Arc::clone(&default.file), span: old.span() });
        }
    }
    history
}

/// Old ids share the URL space of current ids: an old id may not be any document's current id,
/// nor the old id of two documents, or one URL would have to serve two pages.
fn check_old_ids<'a>(items: impl Iterator<Item = (&'a String, &'a History)> + Clone, errors: &mut Vec<Diagnostic>) {
    let current: BTreeSet<&str> = items.clone().map(|(id, _)| id.as_str()).collect();
    let mut claimed: BTreeMap<&str, &str> = BTreeMap::new();
    for (id, history) in items {
        for old in &history.old_ids {
            let name = old.id.as_str();
            if current.contains(name) {
                errors.push(
                    Diagnostic::error_at(
                        &old.file,
                        old.span.clone(),
                        format!("old id `{name}` is the current id of another document"),
                    )
                    .help("an old URL can redirect only where no page is published"),
                );
            } else if let Some(other) = claimed.insert(name, id) {
                errors.push(Diagnostic::error_at(
                    &old.file,
                    old.span.clone(),
                    format!("old id `{name}` is also listed by `{other}`"),
                ));
            }
        }
    }
}

fn localize<F>(docs: &[SourceDoc], default_lang: &str, pick: impl Fn(&FrontMatter) -> Option<F>) -> Localized<Doc<F>> {
    let by_lang = docs
        .iter()
        .filter_map(|d| {
            pick(&d.front_matter).map(|front| {
                (d.lang.clone(), Doc { front, body: d.body.clone(), file: Arc::clone(&d.file), body_offset: d.body_offset })
            })
        })
        .collect();
    Localized { by_lang, default_lang: default_lang.to_string() }
}

/// An id with its names and descriptions per language.
type RegistryItem = (String, BTreeMap<String, String>, BTreeMap<String, String>);

fn registry_entries(registry: Option<&Registry>, config: &Config, errors: &mut Vec<Diagnostic>) -> Vec<RegistryItem> {
    let Some(registry) = registry else {
        return Vec::new();
    };
    let default_lang = config.default_language();
    let mut out = Vec::new();
    for (id, entry) in &registry.entries {
        let RegistryEntry { name, description } = entry;
        for map in std::iter::once(name).chain(description.iter()) {
            let unknown: Vec<&String> = map.get_ref().keys().filter(|l| !config.languages.contains(l)).collect();
            for lang in unknown {
                errors.push(
                    Diagnostic::error_at(&registry.file, map.span(), format!("unknown language `{lang}`"))
                        .expected(format!("one of `{}`", config.languages.join("`, `")))
                        .suggest(lang, config.languages.iter().map(String::as_str)),
                );
            }
        }
        if !name.get_ref().contains_key(default_lang) {
            errors.push(
                Diagnostic::error_at(
                    &registry.file,
                    name.span(),
                    format!("`{}` has no name in the default language `{default_lang}`", id.get_ref()),
                )
                .expected(format!("name = {{ {default_lang} = \"…\" }}")),
            );
        }
        out.push((
            id.get_ref().clone(),
            name.get_ref().clone(),
            description.as_ref().map(|d| d.get_ref().clone()).unwrap_or_default(),
        ));
    }
    out
}

fn check_unique<'a>(
    file: &Arc<SourceFile>,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.get_ref().as_str()) {
            errors.push(
                Diagnostic::error_at(file, id.span(), format!("duplicate {what} id `{}`", id.get_ref()))
                    .expected(format!("a {what} id not used before in this file")),
            );
        }
        if let Err(why) = crate::ids::check_id(id.get_ref()) {
            errors.push(Diagnostic::error_at(file, id.span(), format!("invalid {what} id `{}`: {why}", id.get_ref())));
        }
    }
}

/// The shapes of a strategy: skill framework cells name known viewpoints, phases run forwards
/// inside the plan period, every phase-roadmap row has one cell per phase, ids are unique.
fn check_strategy_shapes(
    file: &Arc<SourceFile>,
    front: &PlanFrontMatter,
    period: Option<(FiscalYear, FiscalYear)>,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(framework) = &front.skill_framework {
        check_unique(file, framework.viewpoints.iter().map(|v| &v.id), "viewpoint", errors);
        check_unique(file, framework.levels.iter().map(|l| &l.id), "skill level", errors);
        let viewpoints: Vec<&str> = framework.viewpoints.iter().map(|v| v.id.get_ref().as_str()).collect();
        for level in &framework.levels {
            check_unique(file, level.skills.iter().map(|s| &s.viewpoint), "viewpoint of a skill cell", errors);
            for cell in &level.skills {
                if !viewpoints.contains(&cell.viewpoint.get_ref().as_str()) {
                    errors.push(unknown_id(file, &cell.viewpoint, "viewpoint", &viewpoints));
                }
            }
        }
    }
    check_unique(file, front.logic_models.iter().map(|m| &m.id), "logic model", errors);
    check_unique(file, front.phase_roadmaps.iter().map(|r| &r.id), "phase roadmap", errors);
    for roadmap in &front.phase_roadmaps {
        for phase in &roadmap.phases {
            for year in [&phase.from, &phase.to] {
                check_in_period(file, year, period, errors);
            }
            if phase.from.get_ref() > phase.to.get_ref() {
                errors.push(Diagnostic::error_at(
                    file,
                    phase.to.span(),
                    format!("phase ends ({}) before it starts ({})", phase.to.get_ref(), phase.from.get_ref()),
                ));
            }
        }
        for row in &roadmap.rows {
            if row.cells.get_ref().len() != roadmap.phases.len() {
                errors.push(
                    Diagnostic::error_at(
                        file,
                        row.cells.span(),
                        format!("row “{}” has {} cells", row.title, row.cells.get_ref().len()),
                    )
                    .expected(format!("{} cells, one per phase (use [] for an empty one)", roadmap.phases.len())),
                );
            }
        }
    }
}

fn check_tables(file: &Arc<SourceFile>, tables: &[Table], errors: &mut Vec<Diagnostic>) {
    check_unique(file, tables.iter().map(|t| &t.id), "table", errors);
    for t in tables {
        for (i, row) in t.rows.get_ref().iter().enumerate() {
            if row.len() != t.columns.len() {
                errors.push(
                    Diagnostic::error_at(
                        file,
                        t.rows.span(),
                        format!("row {} of table `{}` has {} cells", i + 1, t.id.get_ref(), row.len()),
                    )
                    .expected(format!("{} cells, one per column", t.columns.len())),
                );
            }
        }
    }
}

fn check_date(file: &Arc<SourceFile>, date: &Spanned<String>, errors: &mut Vec<Diagnostic>) {
    // Year 0000 parses as a date but no plan is dated then; the range is that of fiscal years.
    if Date::parse(date.get_ref()).is_none_or(|d| !(1900..=2200).contains(&d.year)) {
        errors.push(
            Diagnostic::error_at(file, date.span(), format!("invalid date `{}`", date.get_ref()))
                .expected("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`"),
        );
    }
}

/// "Pillar `p` has groups, but …": an initiative in (or re-listed in) a pillar with groups must
/// name one of them.
fn group_missing(file: &Arc<SourceFile>, pillar: &Spanned<String>, what: &str, expected: &str, groups: &[&str]) -> Diagnostic {
    let list = groups.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ");
    Diagnostic::error_at(file, pillar.span(), format!("pillar `{}` has groups, but {what}", pillar.get_ref()))
        .expected(format!("{expected} {list}"))
}

/// A fiscal year must be plausible and, when the plan states its period, inside it.
fn check_in_period(
    file: &Arc<SourceFile>,
    fy: &Spanned<i32>,
    period: Option<(FiscalYear, FiscalYear)>,
    errors: &mut Vec<Diagnostic>,
) {
    check_year_plausible(file, fy, errors);
    if let Some((from, to)) = period
        && (*fy.get_ref() < from.0 || *fy.get_ref() > to.0)
    {
        errors.push(
            Diagnostic::error_at(
                file,
                fy.span(),
                format!("fiscal year {} is outside the plan period {}–{}", fy.get_ref(), from.0, to.0),
            )
            .expected(format!("a fiscal year from {} to {}", from.0, to.0)),
        );
    }
}

fn check_year_plausible(file: &Arc<SourceFile>, year: &Spanned<i32>, errors: &mut Vec<Diagnostic>) {
    if !(1900..=2200).contains(year.get_ref()) {
        let mut d = Diagnostic::error_at(file, year.span(), format!("`{}` is not a fiscal year", year.get_ref()))
            .expected("a four-digit fiscal year such as 2025 (令和7年度)");
        if (1..=60).contains(year.get_ref()) {
            let fy = FiscalYear::of_current_era(*year.get_ref());
            d = d.help(format!("{}年度 is fiscal year {fy}", fy.wareki()));
        }
        errors.push(d);
    }
}

/// The one check of every URL field of the content: an absolute `http(s)` URL with a host, and
/// nothing a browser would read as something else (`javascript:`, `data:`, spaces, quotes).
fn check_url(file: &Arc<SourceFile>, url: &Spanned<String>, errors: &mut Vec<Diagnostic>) {
    if let Err(why) = url_problem(url.get_ref()) {
        let mut d = Diagnostic::error_at(file, url.span(), format!("invalid URL `{}`: {why}", url.get_ref()))
            .expected("an absolute http(s) URL such as `https://www.city.example.jp/…`");
        if url.get_ref().trim_start().to_ascii_lowercase().starts_with("javascript:") {
            d = d.help("links to scripts are never published; give the address of a web page");
        }
        errors.push(d);
    }
}

/// Why `u` is not an acceptable link target, if it is not.
pub fn url_problem(u: &str) -> Result<(), &'static str> {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).ok_or("only http and https links are allowed")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("it has no host name");
    }
    if u.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\')) {
        return Err("it contains spaces, quotes or other characters a URL cannot hold");
    }
    Ok(())
}

/// 全国地方公共団体コード: five digits and a check digit (modulus 11, weights 6..2).
fn check_local_government_code(file: &Arc<SourceFile>, code: &Spanned<String>, errors: &mut Vec<Diagnostic>) {
    let digits: Vec<u32> = code.get_ref().chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 6 || code.get_ref().len() != 6 {
        errors.push(
            Diagnostic::error_at(file, code.span(), format!("invalid local government code `{}`", code.get_ref()))
                .expected("six digits (全国地方公共団体コード)"),
        );
        return;
    }
    let sum: u32 = digits[..5].iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    let check = (11 - sum % 11) % 10;
    if digits[5] != check {
        errors.push(
            Diagnostic::error_at(
                file,
                code.span(),
                format!("local government code `{}` has a wrong check digit", code.get_ref()),
            )
            .expected(format!("check digit {check}"))
            .help(format!("did you mean `{}{check}`?", &code.get_ref()[..5])),
        );
    }
}

/// Spelling key under which two term names count as the same (width and case folded).
fn fold_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc().collect::<String>().to_lowercase()
}

fn is_reading_char(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | ' ' | '　')
}

/// Compares a translation's front matter with the default language's: same keys, same array
/// lengths, same facts. Reports at the translation's position.
fn compare_shapes(
    file: &Arc<SourceFile>,
    key: &str,
    parent: &str,
    base: &Shape,
    other: &Shape,
    default_lang: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let disagree = |span: Range<usize>, what: String, expected: String| {
        Diagnostic::error_at(file, span, format!("translation disagrees with `{default_lang}`: {what}")).expected(expected)
    };
    match (&base.value, &other.value) {
        (ShapeValue::Table(b), ShapeValue::Table(o)) => {
            for (k, _, bv) in b {
                if PER_LANGUAGE_KEYS.contains(&k.as_str()) {
                    continue;
                }
                match o.iter().find(|(ok, _, _)| ok == k) {
                    Some((_, _, ov)) => compare_shapes(file, k, key, bv, ov, default_lang, errors),
                    None => errors.push(disagree(
                        other.span.clone(),
                        format!("key `{k}` is missing"),
                        format!("key `{k}` as in the `{default_lang}` file"),
                    )),
                }
            }
            for (k, kspan, _) in o {
                if !PER_LANGUAGE_KEYS.contains(&k.as_str()) && !b.iter().any(|(bk, _, _)| bk == k) {
                    let keys: Vec<&str> = b.iter().map(|(bk, _, _)| bk.as_str()).collect();
                    errors.push(
                        disagree(
                            kspan.clone(),
                            format!("key `{k}` is not in the `{default_lang}` file"),
                            "only the keys of the default-language file".to_string(),
                        )
                        .suggest(k, keys),
                    );
                }
            }
        }
        (ShapeValue::Array(b), ShapeValue::Array(o)) => {
            if b.len() != o.len() {
                errors.push(disagree(
                    other.span.clone(),
                    format!("`{key}` has {} items", o.len()),
                    format!("{} items, as in the `{default_lang}` file", b.len()),
                ));
            }
            for (bv, ov) in b.iter().zip(o) {
                compare_shapes(file, key, parent, bv, ov, default_lang, errors);
            }
        }
        (ShapeValue::String(b), ShapeValue::String(o)) => {
            if is_fact(key, parent) && b != o {
                errors.push(disagree(
                    other.span.clone(),
                    format!("`{key}` is \"{o}\""),
                    format!("\"{b}\", as in the `{default_lang}` file"),
                ));
            }
        }
        (ShapeValue::Number(b), ShapeValue::Number(o)) => {
            let same = match (b.parse::<f64>(), o.parse::<f64>()) {
                (Ok(x), Ok(y)) => x == y,
                _ => b == o,
            };
            if !same {
                errors.push(disagree(
                    other.span.clone(),
                    format!("`{key}` is {o}"),
                    format!("{b}, as in the `{default_lang}` file"),
                ));
            }
        }
        (ShapeValue::Boolean(b), ShapeValue::Boolean(o)) if b != o => {
            errors.push(disagree(other.span.clone(), format!("`{key}` is {o}"), format!("{b}, as in the `{default_lang}` file")));
        }
        (ShapeValue::Datetime(b), ShapeValue::Datetime(o)) if b != o => {
            errors.push(disagree(other.span.clone(), format!("`{key}` is {o}"), format!("{b}, as in the `{default_lang}` file")));
        }
        (ShapeValue::Boolean(_), ShapeValue::Boolean(_)) | (ShapeValue::Datetime(_), ShapeValue::Datetime(_)) => {}
        _ => errors.push(disagree(
            other.span.clone(),
            format!("`{key}` has another type"),
            format!("the same type as in the `{default_lang}` file"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_government_code_check_digit() {
        let file = SourceFile::new("x", "code = \"221309\"\nbad = \"221300\"\n");
        let mut errors = Vec::new();
        check_local_government_code(&file, &Spanned::new(8..14, "221309".to_string()), &mut errors);
        assert!(errors.is_empty(), "浜松市 is 221309");
        check_local_government_code(&file, &Spanned::new(8..14, "092096".to_string()), &mut errors);
        assert!(errors.is_empty(), "真岡市 is 092096");
        check_local_government_code(&file, &Spanned::new(22..28, "221300".to_string()), &mut errors);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].help.as_deref().unwrap().contains("221309"));
    }

    #[test]
    fn fact_keys_are_compared_text_is_not() {
        assert!(is_fact("fy", "targets"));
        assert!(is_fact("departments", ""));
        assert!(!is_fact("title", ""));
        assert!(!is_fact("number", ""), "display numbers are translated (戦術3 / Tactic 3)");
        assert!(!is_fact("note", "kpis"));
        assert!(is_fact("note", "defined_in"));
    }
}
