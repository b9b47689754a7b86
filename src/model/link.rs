//! `link()`: from loaded sources to the `Site` — language versions grouped, references
//! resolved, every document checked; all errors collected.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use toml::Spanned;

use super::checks::*;
use super::translation::*;
use super::*;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fiscal::{Date, FiscalYear};

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
    // The shapes served the translation check only: free them before the model is built from
    // the front matter (they were a quarter of the heap at this point).
    for doc in grouped.values_mut().flatten() {
        doc.shape = Shape { span: 0..0, value: ShapeValue::Array(Vec::new()) };
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
    // The ids are copied out of the document maps, whose documents are then moved into the model.
    let plan_keys: Vec<String> = plan_docs.keys().cloned().collect();
    let mut plan_ids: Vec<&str> = plan_keys.iter().map(String::as_str).chain(failed_plans.iter().copied()).collect();
    plan_ids.sort();
    plan_ids.dedup();
    let status_ids: Vec<&str> = config.statuses.iter().map(|s| s.id.as_str()).collect();

    // Collect all initiative ids per plan for `related` resolution.
    let initiative_keys: Vec<(String, String)> = initiative_docs.keys().cloned().collect();
    let mut initiative_index: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (plan, id) in initiative_keys.iter().chain(failed_initiatives.iter()) {
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
    for (plan_id, docs) in plan_docs {
        let plan_id = &plan_id;
        let docs = localize(docs, &default_lang, |f| match f {
            FrontMatter::Plan(p) => Some(*p),
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
        let contact_department = front
            .contact
            .as_ref()
            .and_then(|c| c.department.as_ref())
            .and_then(|dept| refs.department(&file, &municipality_id, dept, &mut errors));
        let pillar_ids: Vec<&str> = front.pillars.iter().map(|p| p.id.get_ref().as_str()).collect();
        // Group ids are unique in the whole plan, so that `#group-{id}` anchors are unique.
        check_unique(&file, front.pillars.iter().flat_map(|p| p.groups.iter().map(|g| &g.id)), "pillar group", &mut errors);
        let pillar_groups: BTreeMap<&str, Vec<&str>> = front
            .pillars
            .iter()
            .map(|p| (p.id.get_ref().as_str(), p.groups.iter().map(|g| g.id.get_ref().as_str()).collect()))
            .collect();

        let mut initiatives = Vec::new();
        for ((p, id), idocs) in initiative_docs.range_mut((plan_id.clone(), String::new())..) {
            if p != plan_id {
                break;
            }
            let idocs = localize(std::mem::take(idocs), &default_lang, |f| match f {
                FrontMatter::Initiative(i) => Some(*i),
                _ => None,
            });
            let initiative =
                link_initiative(plan_id, id, idocs, &pillar_groups, &municipality_id, period, config, &refs, &mut errors);
            initiatives.push(initiative);
        }
        initiatives.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));

        let mut cases = Vec::new();
        for ((p, id), cdocs) in case_docs.range_mut((plan_id.clone(), String::new())..) {
            if p != plan_id {
                break;
            }
            let cdocs = localize(std::mem::take(cdocs), &default_lang, |f| match f {
                FrontMatter::Case(c) => Some(*c),
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
            contact_department,
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
    for (id, tdocs) in term_docs {
        let id = &id;
        let tdocs = localize(tdocs, &default_lang, |f| match f {
            FrontMatter::Term(t) => Some(*t),
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

    // Glossary references in the bodies, with the other content errors (front-matter text is
    // checked as it renders).
    let referable = super::references::Referable::new(&term_id_refs, &notes_seen);
    for plan in &plans {
        let docs = plan.docs.by_lang.values().map(|d| (&d.file, &d.body, d.body_offset));
        let initiatives =
            plan.initiatives.iter().flat_map(|i| i.docs.by_lang.values().map(|d| (&d.file, &d.body, d.body_offset)));
        let cases = plan.cases.iter().flat_map(|c| c.docs.by_lang.values().map(|d| (&d.file, &d.body, d.body_offset)));
        for (file, body, offset) in docs.chain(initiatives).chain(cases) {
            referable.check_body(file, body, offset, Some(&plan.id), &mut errors);
        }
    }
    for term in &terms {
        for d in term.docs.by_lang.values() {
            referable.check_body(&d.file, &d.body, d.body_offset, None, &mut errors);
        }
    }

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
    for r in &front.related {
        if let Some(target) = refs.related(&file, plan_id, id, r, errors)
            && !related.contains(&target)
        {
            related.push(target);
        }
    }
    let mut action_related: Vec<Vec<(String, String)>> = Vec::new();
    for action in &front.actions {
        let mut of_action = Vec::new();
        for r in &action.related {
            if let Some(target) = refs.related(&file, plan_id, id, r, errors) {
                if !related.contains(&target) {
                    related.push(target.clone());
                }
                of_action.push(target);
            }
        }
        action_related.push(of_action);
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
        action_related,
        terms,
        docs,
        history,
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

/// A document's language versions as the model keeps them. The parsed front matter is moved, not
/// copied: at national scale a second copy was most of the build's peak memory.
fn localize<F>(docs: Vec<SourceDoc>, default_lang: &str, pick: impl Fn(FrontMatter) -> Option<F>) -> Localized<Doc<F>> {
    let by_lang = docs
        .into_iter()
        .filter_map(|d| {
            let SourceDoc { lang, file, front_matter, body_offset, .. } = d;
            pick(front_matter).map(|front| {
                let body = Body::new(Arc::clone(&file), body_offset);
                (lang, Doc { front: Box::new(front), body, file, body_offset })
            })
        })
        .collect();
    // Invariant: `link` calls this only for documents with a default-language version.
    Localized { by_lang, default_lang: default_lang.to_string() }
}

/// An id with its names and descriptions per language.
type RegistryItem = (String, Localized<String>, Localized<String>);

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
        // A name missing in the default language is an error above; the build stops there.
        out.push((
            id.get_ref().clone(),
            Localized::or_empty(name.get_ref().clone(), default_lang),
            Localized::or_empty(description.as_ref().map(|d| d.get_ref().clone()).unwrap_or_default(), default_lang),
        ));
    }
    out
}
