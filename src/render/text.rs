//! The human text of documents, gathered for the glossary (where each term is used) and for search.

use std::collections::{BTreeMap, BTreeSet};

use super::terms;
use crate::model::InitiativeFrontMatter;
use crate::model::Site;

/// The glossary terms found in each initiative's text ([`initiative_text`]) by each language's
/// glossary: `[plan][initiative][lang]`, for every language of the site (a page without a
/// translation shows, and is searched in, the default language's text) and every language the
/// initiative is written in. Found once, on every core, for the glossary's "used in" lists and
/// for the search documents (matching took a twentieth of a build when each did it again).
pub(in crate::render) type InitiativeTerms = Vec<Vec<BTreeMap<String, BTreeSet<usize>>>>;

pub(in crate::render) fn initiative_terms(site: &Site, terms: &terms::TermIndexes) -> InitiativeTerms {
    use rayon::prelude::*;
    site.plans
        .par_iter()
        .map(|plan| {
            plan.initiatives
                .par_iter()
                .map(|initiative| {
                    let langs: BTreeSet<&String> = site.config.languages.iter().chain(initiative.docs.by_lang.keys()).collect();
                    langs
                        .into_iter()
                        .map(|lang| {
                            let (doc, _) = initiative.docs.get(lang);
                            (lang.clone(), terms.terms_in(lang, &plan.id, &initiative_text(&doc.front, &doc.body)))
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Where each glossary term is used: initiatives and cases whose text (in any language) holds it,
/// names it in `terms`, or refers to it by `[[id]]` or a ※ note.
pub(in crate::render) fn term_uses(
    site: &Site,
    terms: &terms::TermIndexes,
    initiative_terms: &InitiativeTerms,
) -> BTreeMap<usize, Vec<(usize, usize, bool)>> {
    let mut uses: BTreeMap<usize, Vec<(usize, usize, bool)>> = BTreeMap::new();
    let index_of = |id: &str| site.terms.iter().position(|t| t.id == id);
    for (p, plan) in site.plans.iter().enumerate() {
        for (i, initiative) in plan.initiatives.iter().enumerate() {
            let mut found: BTreeSet<usize> = initiative.terms.iter().filter_map(|t| index_of(t)).collect();
            for lang in initiative.docs.by_lang.keys() {
                found.extend(initiative_terms[p][i].get(lang).into_iter().flatten());
            }
            for t in found {
                uses.entry(t).or_default().push((p, i, false));
            }
        }
        for (c, case) in plan.cases.iter().enumerate() {
            let mut found: BTreeSet<usize> = case.terms.iter().filter_map(|t| index_of(t)).collect();
            for (lang, doc) in &case.docs.by_lang {
                let f = &doc.front;
                let text = [f.title.as_str(), &f.summary, &f.points.join("\n"), &doc.body].join("\n");
                found.extend(terms.terms_in(lang, &plan.id, &text));
            }
            for t in found {
                uses.entry(t).or_default().push((p, c, true));
            }
        }
    }
    uses
}

/// All the human text of an initiative, for finding the terms it uses.
pub(in crate::render) fn initiative_text(f: &InitiativeFrontMatter, body: &str) -> String {
    let mut parts: Vec<&str> = vec![&f.title, &f.summary, body];
    parts.extend(f.background.as_deref());
    parts.extend(f.goal.as_deref());
    parts.extend(f.target_states.iter().map(String::as_str));
    for a in &f.actions {
        parts.push(&a.title);
        parts.extend(a.text.as_deref());
    }
    for k in &f.kpis {
        parts.push(&k.label);
        parts.extend(k.note.as_deref());
    }
    for y in &f.years {
        parts.extend(y.actions.iter().chain(y.targets.iter()).map(String::as_str));
    }
    for image in &f.images {
        parts.push(&image.caption);
        parts.extend(image.words.iter().map(String::as_str));
    }
    parts.join("\n")
}

/// The human text of a strategy's structures (objectives, skill framework, logic models, phase
/// roadmaps), for search.
pub(in crate::render) fn strategy_text(f: &crate::model::PlanFrontMatter) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for o in &f.objectives {
        parts.push(o.purpose.clone());
        parts.extend(o.policies.iter().cloned());
        parts.push(o.tactic.clone());
        parts.extend(o.tactic_text.iter().cloned());
    }
    if let Some(sf) = &f.skill_framework {
        parts.push(sf.caption.clone());
        parts.extend(sf.viewpoints.iter().map(|v| v.title.clone()));
        for level in &sf.levels {
            parts.push(format!("{} {}", level.title, level.role));
            parts.extend(level.skills.iter().flat_map(|c| c.items.iter().cloned()));
        }
    }
    for m in &f.logic_models {
        parts.push(m.caption.clone());
        parts.extend(m.goal.iter().cloned());
        for stage in &m.stages {
            parts.push(stage.title.clone());
            parts.extend(stage.items.iter().cloned());
        }
    }
    for r in &f.phase_roadmaps {
        parts.push(r.caption.clone());
        parts.extend(r.phases.iter().filter_map(|p| p.name.clone()));
        for row in &r.rows {
            parts.push(row.title.clone());
            parts.extend(row.cells.get_ref().iter().flatten().cloned());
        }
        parts.extend(r.goal.iter().map(|g| format!("{} {}", g.title, g.text)));
    }
    parts
}
