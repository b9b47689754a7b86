//! The glossary and each term's page.

use crate::render::page::{PageContext, PageRenderer};
use crate::render::views::{CaseCard, GlossaryPage, GlossarySection, InitiativeCard, Link, PlanDefinition, TermCard, TermPage};
use crate::render::{terms, urls};

impl PageRenderer<'_, '_> {
    pub(in crate::render) fn term_card(&self, lang: &str, index: usize) -> TermCard {
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
                    if *f.source.get_ref() == crate::model::DefinitionSource::Plan {
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

    pub(in crate::render) fn glossary_context(&self, lang: &str, path: &str) -> PageContext {
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

    pub(in crate::render) fn term_context(&self, lang: &str, path: &str, index: usize) -> PageContext {
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
}
