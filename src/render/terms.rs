//! The glossary as the renderer uses it: one term matcher per language (built once per build),
//! the ※ notes of each plan, the pages where each term is used, and the per-page lookup the
//! linker asks (`glossary::linker::TermLookup`).

use std::collections::{BTreeMap, BTreeSet};

use crate::glossary::linker::{LinkTarget, TermIndex, TermLookup, TermMatcher};
use crate::markdown;
use crate::model::Site;

/// What a link to a term needs, in one language.
#[derive(Debug, Clone)]
pub struct TermTarget {
    pub id: String,
    pub href: String,
    pub term: String,
    pub expansion: Option<String>,
    /// One sentence of plain text for the tooltip.
    pub short: String,
    /// The plans whose own text the definition is quoted from (empty for the editors' own),
    /// each with its own wording when it gives one (`defined_in.text`).
    pub defined_in: Vec<(String, Option<String>)>,
    /// The tooltip on a page of any other plan: the definition, said to be another plan's (or
    /// the editors'), so no plan's page shows another city's words as its own.
    pub attributed_short: String,
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

/// A term's short definition: its `short`, else the first sentence of its definition, up to
/// the text language's `sentence_end` (`。`, or `. ` where a space follows the full stop).
pub fn short_definition(short: Option<&str>, body: &str, sentence_end: &str) -> String {
    if let Some(s) = short {
        return s.to_string();
    }
    let text = markdown::to_plain_text(body);
    match text.find(sentence_end).filter(|_| !sentence_end.is_empty()) {
        Some(i) => text[..i + sentence_end.trim_end().len()].to_string(),
        None => text,
    }
}

impl TermIndexes {
    /// Builds the matchers. `href(lang, id)` gives the URL of a term's page; `attribute(lang,
    /// defining plans' titles, short)` words a definition shown on another plan's page.
    pub fn new(
        site: &Site,
        href: impl Fn(&str, &str) -> String,
        attribute: impl Fn(&str, &[String], &str) -> String,
        sentence_end: impl Fn(&str) -> String,
    ) -> Result<TermIndexes, String> {
        let mut by_lang = BTreeMap::new();
        for lang in &site.config.languages {
            let mut patterns = Vec::new();
            let mut targets = Vec::new();
            for (i, term) in site.terms.iter().enumerate() {
                let (doc, text_lang) = term.docs.get(lang);
                let f = &doc.front;
                patterns.push((TermIndex(i), f.term.clone()));
                patterns.extend(f.aliases.iter().map(|a| (TermIndex(i), a.clone())));
                let short = short_definition(f.short.as_deref(), &doc.body, &sentence_end(text_lang));
                let defined_in: Vec<(String, Option<String>)> = f
                    .defined_in
                    .iter()
                    .map(|d| (d.plan.get_ref().clone(), d.text.as_deref().map(markdown::to_plain_text)))
                    .collect();
                let titles: Vec<String> = defined_in
                    .iter()
                    .filter_map(|(p, _)| site.plan(p))
                    .map(|p| {
                        let f = &p.docs.get(lang).0.front;
                        f.short_title.clone().unwrap_or_else(|| f.title.clone())
                    })
                    .collect();
                targets.push(TermTarget {
                    id: term.id.clone(),
                    href: href(lang, &term.id),
                    term: f.term.clone(),
                    expansion: f.expansion.clone(),
                    attributed_short: if short.is_empty() { String::new() } else { attribute(lang, &titles, &short) },
                    short,
                    defined_in,
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
        // A plan's own definition reads as it is on that plan's pages; anywhere else it is
        // attributed to the plan it comes from (or marked as the editors').
        let own = self.plan.and_then(|p| t.defined_in.iter().find(|(d, _)| d == p));
        let short = match own {
            Some((_, Some(text))) => text,
            Some((_, None)) => &t.short,
            None => &t.attributed_short,
        };
        Some(LinkTarget {
            id: &t.id,
            href: &t.href,
            term: &t.term,
            expansion: t.expansion.as_deref(),
            short: (!short.is_empty()).then_some(short.as_str()),
        })
    }
}
