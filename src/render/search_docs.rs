//! The search documents of the render stage: every plan, initiative, reference case and term of
//! one language as `crate::search::SearchDoc`, indexed under `/{lang}/search-index/`.

use std::collections::BTreeSet;

use super::*;

impl Renderer<'_> {
    // ----- search ---------------------------------------------------------------------------

    /// The search index of one language: every plan, initiative, reference case and term.
    pub(super) fn search_index(&self, lang: &str) -> Vec<OutputFile> {
        let dir = urls::search_index(lang);
        crate::search::build_index(&self.search_docs(lang))
            .into_iter()
            .map(|(path, bytes)| OutputFile { path: format!("{dir}{path}"), bytes })
            .collect()
    }

    pub(super) fn search_docs(&self, lang: &str) -> Vec<crate::search::SearchDoc> {
        use crate::search::SearchDoc;
        let plain = markdown::to_plain_text;
        let kind_label = |kind: &str| self.t(lang, &format!("search.kind_{kind}")).to_string();
        let term_names = |found: BTreeSet<usize>| -> Vec<String> {
            found.into_iter().map(|i| self.site.terms[i].docs.get(lang).0.front.term.clone()).collect()
        };
        let mut docs = Vec::new();
        for plan in &self.site.plans {
            let (doc, _) = plan.docs.get(lang);
            let f = &doc.front;
            let plan_title = f.short_title.clone().unwrap_or_else(|| f.title.clone());
            let city = f.municipality.name.clone();
            let mut body = vec![plain(&f.summary)];
            body.extend(f.vision.iter().chain(f.vision_detail.iter()).cloned());
            body.extend(f.pillars.iter().map(|p| format!("{} {}", p.number, p.title)));
            body.extend(f.principles.iter().map(|p| format!("{} {}", p.title, p.text.as_deref().map(plain).unwrap_or_default())));
            body.extend(f.organisation.iter().map(|o| format!("{} {}", o.name, plain(&o.role))));
            body.push(plain(&doc.body));
            docs.push(SearchDoc {
                url: self.url(&urls::plan(lang, &plan.id)),
                title: f.title.clone(),
                kind: "plan".to_string(),
                kind_label: kind_label("plan"),
                city: city.clone(),
                plan_id: Some(plan.id.clone()),
                plan_title: Some(plan_title.clone()),
                body: body.join("\n"),
                ..SearchDoc::default()
            });
            for initiative in &plan.initiatives {
                let (idoc, _) = initiative.docs.get(lang);
                let text = initiative_text(&idoc.front, &idoc.body);
                let pillar =
                    f.pillars.iter().find(|p| p.id.get_ref() == &initiative.pillar).map(|p| format!("{} {}", p.number, p.title));
                docs.push(SearchDoc {
                    url: self.url(&urls::plan_item(lang, &plan.id, &initiative.id)),
                    title: idoc.front.title.clone(),
                    kind: "initiative".to_string(),
                    kind_label: kind_label("initiative"),
                    city: city.clone(),
                    plan_id: Some(plan.id.clone()),
                    plan_title: Some(plan_title.clone()),
                    pillar,
                    themes: initiative
                        .themes
                        .iter()
                        .filter_map(|t| self.site.theme(t))
                        .map(|t| self.registry_name(lang, &t.name).0)
                        .collect(),
                    number: Some(idoc.front.number.clone()),
                    terms: term_names(self.terms.terms_in(lang, &plan.id, &text)),
                    body: plain(&text),
                });
            }
            for case in &plan.cases {
                let (cdoc, _) = case.docs.get(lang);
                let c = &cdoc.front;
                let text = [c.summary.as_str(), &c.points.join("\n"), &cdoc.body].join("\n");
                docs.push(SearchDoc {
                    url: self.url(&urls::plan_item(lang, &plan.id, &case.id)),
                    title: c.title.clone(),
                    kind: "case".to_string(),
                    kind_label: kind_label("case"),
                    city: c.municipality.name.clone(),
                    plan_id: Some(plan.id.clone()),
                    plan_title: Some(plan_title.clone()),
                    themes: case
                        .themes
                        .iter()
                        .filter_map(|t| self.site.theme(t))
                        .map(|t| self.registry_name(lang, &t.name).0)
                        .collect(),
                    terms: term_names(self.terms.terms_in(lang, &plan.id, &text)),
                    body: plain(&text),
                    ..SearchDoc::default()
                });
            }
        }
        for term in &self.site.terms {
            let (doc, _) = term.docs.get(lang);
            let f = &doc.front;
            let mut names = vec![f.term.clone()];
            names.extend(f.aliases.iter().cloned());
            names.extend(f.expansion.iter().cloned());
            docs.push(SearchDoc {
                url: self.url(&urls::term(lang, &term.id)),
                title: f.term.clone(),
                kind: "term".to_string(),
                kind_label: kind_label("term"),
                terms: names.clone(),
                body: format!("{} {}\n{}", term.reading, names.join(" "), plain(&doc.body)),
                ..SearchDoc::default()
            });
        }
        docs
    }
}
