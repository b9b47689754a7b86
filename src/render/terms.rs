//! The glossary as the renderer uses it: one term matcher per language (built once per build),
//! the ※ notes of each plan, the pages where each term is used, and the per-page lookup the
//! linker asks (`glossary::linker::TermLookup`).

use std::collections::{BTreeMap, BTreeSet};

use crate::glossary::linker::{LinkTarget, TermIndex, TermLookup, TermMatcher};
use crate::model::Site;
use crate::render::markdown;

/// What a link to a term needs, in one language.
#[derive(Debug, Clone)]
pub struct TermTarget {
    pub id: String,
    pub href: String,
    pub term: String,
    pub expansion: Option<String>,
    /// One sentence of plain text for the tooltip.
    pub short: String,
}

/// The glossary of one language: `TermIndex(i)` is `site.terms[i]` in every language.
pub struct LangTerms {
    pub matcher: TermMatcher,
    pub targets: Vec<TermTarget>,
    ids: Vec<String>,
}

/// The glossary of every language, and the plans' ※ notes.
pub struct TermIndexes {
    pub by_lang: BTreeMap<String, LangTerms>,
    /// (plan id, note number) → term index.
    pub notes: BTreeMap<(String, u32), usize>,
}

/// A term's short definition: its `short`, else the first sentence of its definition.
pub fn short_definition(short: Option<&str>, body: &str) -> String {
    if let Some(s) = short {
        return s.to_string();
    }
    let text = markdown::to_plain_text(body);
    match text.find('。') {
        Some(i) => text[..i + '。'.len_utf8()].to_string(),
        None => match text.find(". ") {
            Some(i) => text[..=i].to_string(),
            None => text,
        },
    }
}

impl TermIndexes {
    /// Builds the matchers. `href(lang, id)` gives the URL of a term's page.
    pub fn new(site: &Site, href: impl Fn(&str, &str) -> String) -> Result<TermIndexes, String> {
        let mut by_lang = BTreeMap::new();
        for lang in &site.config.languages {
            let mut patterns = Vec::new();
            let mut targets = Vec::new();
            for (i, term) in site.terms.iter().enumerate() {
                let (doc, _) = term.docs.get(lang);
                let f = &doc.front;
                patterns.push((TermIndex(i), f.term.clone()));
                patterns.extend(f.aliases.iter().map(|a| (TermIndex(i), a.clone())));
                targets.push(TermTarget {
                    id: term.id.clone(),
                    href: href(lang, &term.id),
                    term: f.term.clone(),
                    expansion: f.expansion.clone(),
                    short: short_definition(f.short.as_deref(), &doc.body),
                });
            }
            let matcher = TermMatcher::new(patterns).map_err(|e| e.to_string())?;
            let ids = site.terms.iter().map(|t| t.id.clone()).collect();
            by_lang.insert(lang.clone(), LangTerms { matcher, targets, ids });
        }
        let mut notes = BTreeMap::new();
        for (i, term) in site.terms.iter().enumerate() {
            for d in &term.docs.default().front.defined_in {
                if let Some(n) = &d.note {
                    notes.insert((d.plan.get_ref().clone(), *n.get_ref()), i);
                }
            }
        }
        Ok(TermIndexes { by_lang, notes })
    }

    /// The lookup for a page in `lang` about `plan` (whose ※ notes apply).
    pub fn lookup<'a>(&'a self, lang: &str, plan: Option<&'a str>) -> Option<PageLookup<'a>> {
        Some(PageLookup { terms: self.by_lang.get(lang)?, notes: &self.notes, plan })
    }

    /// Term indexes found in `text` of `lang`: automatic matches, `[[id]]` references and ※
    /// notes of `plan`. Used to list, on each term's page, where it is used.
    pub fn terms_in(&self, lang: &str, plan: &str, text: &str) -> BTreeSet<usize> {
        let mut found = BTreeSet::new();
        let Some(terms) = self.by_lang.get(lang) else { return found };
        terms.matcher.for_each_match(text, |m| {
            found.insert(m.term.0);
        });
        let (ids, notes) = crate::glossary::linker::explicit_references(text);
        for id in ids {
            if let Some(i) = terms.ids.iter().position(|t| t == id) {
                found.insert(i);
            }
        }
        for n in notes {
            if let Some(&t) = self.notes.get(&(plan.to_string(), n)) {
                found.insert(t);
            }
        }
        found
    }
}

/// The linker's view of the glossary for one page.
pub struct PageLookup<'a> {
    terms: &'a LangTerms,
    notes: &'a BTreeMap<(String, u32), usize>,
    plan: Option<&'a str>,
}

impl TermLookup for PageLookup<'_> {
    fn matcher(&self) -> &TermMatcher {
        &self.terms.matcher
    }

    fn term_by_id(&self, id: &str) -> Option<TermIndex> {
        self.terms.ids.iter().position(|t| t == id).map(TermIndex)
    }

    fn term_ids(&self) -> Vec<&str> {
        self.terms.ids.iter().map(String::as_str).collect()
    }

    fn term_for_note(&self, number: u32) -> Option<TermIndex> {
        let plan = self.plan?;
        self.notes.get(&(plan.to_string(), number)).copied().map(TermIndex)
    }

    fn target(&self, term: TermIndex) -> Option<LinkTarget<'_>> {
        let t = self.terms.targets.get(term.0)?;
        Some(LinkTarget {
            id: &t.id,
            href: &t.href,
            term: &t.term,
            expansion: t.expansion.as_deref(),
            short: (!t.short.is_empty()).then_some(t.short.as_str()),
        })
    }
}
