//! The glossary references of every Markdown body — `[[id]]`, `[[id|text]]`, `[[!text]]` and
//! `※n` notes — checked in the model, before anything renders, so that they are reported with
//! every other content error in one run, each at its place in the file. The check runs the
//! linker itself (the same parser and the same rules as the pages) over the events the pages
//! would give it, with a glossary that links nothing automatically.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::glossary::linker::{LinkContext, LinkTarget, TermIndex, TermLookup, TermMatcher, link_terms};

/// What the bodies may refer to: the term ids, and the ※ note numbers of each plan.
pub(super) struct Referable<'a> {
    terms: BTreeMap<&'a str, usize>,
    notes: &'a BTreeMap<(String, u32), String>,
    /// No patterns: automatic links cannot fail, so the check needs none.
    matcher: TermMatcher,
}

impl<'a> Referable<'a> {
    pub(super) fn new(term_ids: &'a [&'a str], notes: &'a BTreeMap<(String, u32), String>) -> Referable<'a> {
        Referable {
            terms: term_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect(),
            notes,
            // Invariant: a matcher without patterns always builds.
            matcher: TermMatcher::new(Vec::new()).expect("an empty matcher builds"),
        }
    }

    /// Checks one body, whose ※ notes are those of `plan` (none for a glossary term's own text).
    pub(super) fn check_body(
        &self,
        file: &Arc<SourceFile>,
        body: &str,
        body_offset: usize,
        plan: Option<&str>,
        errors: &mut Vec<Diagnostic>,
    ) {
        if !body.contains("[[") && !body.contains('※') {
            return;
        }
        let lookup = BodyLookup { referable: self, plan };
        let mut context = LinkContext::default();
        let result = crate::markdown::check_links(body, &mut |source, events| link_terms(source, events, &mut context, &lookup));
        for e in result.err().into_iter().flatten() {
            let span = body_offset + e.span.start..body_offset + e.span.end;
            let mut d = Diagnostic::error_at(file, span, e.to_string());
            if let Some(help) = e.help() {
                d = d.help(help);
            }
            errors.push(d);
        }
    }
}

/// The glossary of one body as the linker asks for it.
struct BodyLookup<'r, 'a> {
    referable: &'r Referable<'a>,
    plan: Option<&'r str>,
}

impl TermLookup for BodyLookup<'_, '_> {
    fn matcher(&self) -> &TermMatcher {
        &self.referable.matcher
    }

    fn term_by_id(&self, id: &str) -> Option<TermIndex> {
        self.referable.terms.get(id).copied().map(TermIndex)
    }

    fn term_ids(&self) -> Vec<&str> {
        self.referable.terms.keys().copied().collect()
    }

    fn term_for_note(&self, number: u32) -> Option<TermIndex> {
        let id = self.referable.notes.get(&(self.plan?.to_string(), number))?;
        self.term_by_id(id)
    }

    fn target(&self, _: TermIndex) -> Option<LinkTarget<'_>> {
        Some(LinkTarget { id: "", href: "", term: "", expansion: None, short: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, plan: Option<&str>) -> Vec<Diagnostic> {
        let file = Arc::new(SourceFile { path: "a.ja.md".into(), text: format!("+++\n+++\n{body}") });
        let notes = BTreeMap::from([(("p".to_string(), 22), "dx".to_string())]);
        let ids = ["dx", "bpr"];
        let mut errors = Vec::new();
        Referable::new(&ids, &notes).check_body(&file, body, 8, plan, &mut errors);
        errors
    }

    #[test]
    fn known_references_and_notes_pass() {
        assert!(check("[[dx]] と [[bpr|業務改革]]、[[!DX]]、※22 と ※２２。", Some("p")).is_empty());
    }

    #[test]
    fn each_problem_is_reported_at_its_place_in_the_file() {
        let errors = check("本文 [[dxx]]\n\n※7 と `[[code]]`", Some("p"));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("unknown glossary term `dxx`"), "{}", errors[0].message);
        assert_eq!(errors[0].position(), "a.ja.md:3:4", "line 3 of the file, after the front matter");
        assert!(errors[0].help.as_deref().is_some_and(|h| h.contains("`dx`")), "{:?}", errors[0].help);
        assert!(errors[1].message.contains("※7"));
        assert_eq!(errors[1].position(), "a.ja.md:5:1");
    }

    #[test]
    fn a_term_page_has_no_notes() {
        assert_eq!(check("※22", None).len(), 1);
    }
}
