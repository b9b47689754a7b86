//! The term matcher: one Aho–Corasick automaton over every term and alias of a language,
//! leftmost-longest, folded (NFKC, lower case), with Latin word boundaries.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use crate::kana::FoldedText;

/// The position of a term in the caller's list of terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermIndex(pub usize);

/// A term found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermMatch {
    /// The term.
    pub term: TermIndex,
    /// Where it was found: a byte range of the text searched, including a plural `s`.
    pub range: Range<usize>,
}

/// Two terms that share a pattern once folded; the first one given keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// The pattern as the dropped term gave it.
    pub pattern: String,
    /// The term that keeps the pattern.
    pub kept: TermIndex,
    /// The term whose pattern was dropped.
    pub dropped: TermIndex,
}

/// The automaton could not be built (it would exceed the automaton's size limits).
#[derive(Clone, Debug)]
pub struct MatcherError(aho_corasick::BuildError);

impl fmt::Display for MatcherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the glossary term matcher: {}", self.0)
    }
}

impl std::error::Error for MatcherError {}

/// Finds glossary terms and aliases in text, leftmost-longest, in one pass.
#[derive(Clone, Debug)]
pub struct TermMatcher {
    automaton: AhoCorasick,
    patterns: Vec<PatternInfo>,
    ambiguities: Vec<Ambiguity>,
}

/// Up to this many patterns the automaton is a DFA, which takes some 2 to 7 KB per pattern
/// (more for a larger alphabet); beyond, a contiguous NFA of about a tenth of that.
pub(super) const DFA_MAX_PATTERNS: usize = 2_000;

#[derive(Clone, Debug)]
pub(super) struct PatternInfo {
    pub(super) term: TermIndex,
    /// Length of the folded pattern in bytes.
    pub(super) len: usize,
    /// The pattern starts with an ASCII letter or digit: the text before it must not.
    pub(super) latin_start: bool,
    /// The pattern ends with an ASCII letter or digit: the text after it must not, but for a
    /// plural `s`.
    pub(super) latin_end: bool,
    /// Other patterns that are prefixes of this one, longest first: tried when this one is
    /// refused at a word boundary (`RPA` in `RPA-X1` when `RPA-X` is a term).
    pub(super) prefixes: Vec<usize>,
}

impl TermMatcher {
    /// Builds the matcher from every term's patterns (its term, aliases and any other spelling
    /// to be linked). Empty patterns are skipped. When two terms share a folded pattern, the
    /// first keeps it and the clash is listed in [`TermMatcher::ambiguities`].
    pub fn new(patterns: Vec<(TermIndex, String)>) -> Result<Self, MatcherError> {
        let mut folded_patterns: Vec<String> = Vec::with_capacity(patterns.len());
        let mut infos: Vec<PatternInfo> = Vec::with_capacity(patterns.len());
        // Lookup only; never iterated, so its order cannot reach the output.
        let mut ids: HashMap<String, usize> = HashMap::with_capacity(patterns.len());
        let mut ambiguities = Vec::new();
        for (term, pattern) in patterns {
            let folded = FoldedText::new(pattern.trim()).into_string();
            if folded.is_empty() {
                continue;
            }
            if let Some(&id) = ids.get(&folded) {
                if let Some(kept) = infos.get(id).map(|info| info.term)
                    && kept != term
                {
                    ambiguities.push(Ambiguity { pattern, kept, dropped: term });
                }
                continue;
            }
            ids.insert(folded.clone(), infos.len());
            infos.push(PatternInfo {
                term,
                len: folded.len(),
                latin_start: folded.chars().next().is_some_and(is_latin),
                latin_end: folded.chars().next_back().is_some_and(is_latin),
                prefixes: Vec::new(),
            });
            folded_patterns.push(folded);
        }
        for (info, folded) in infos.iter_mut().zip(&folded_patterns) {
            info.prefixes = folded.char_indices().skip(1).filter_map(|(end, _)| ids.get(&folded[..end]).copied()).collect();
            info.prefixes.reverse();
        }
        // A DFA searches about twice as fast as an NFA but takes about 2 KB per pattern.
        let kind = if folded_patterns.len() <= DFA_MAX_PATTERNS { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA };
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(&folded_patterns)
            .map_err(MatcherError)?;
        Ok(TermMatcher { automaton, patterns: infos, ambiguities })
    }

    /// The number of distinct patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether there are no patterns at all.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The heap memory the automaton uses, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Patterns that two terms share (see [`TermMatcher::new`]), for the model to report.
    pub fn ambiguities(&self) -> &[Ambiguity] {
        &self.ambiguities
    }

    /// Every term found in `text`, in order, without overlaps.
    pub fn find_all(&self, text: &str) -> Vec<TermMatch> {
        let mut found = Vec::new();
        self.for_each_match(text, |m| found.push(m));
        found
    }

    /// Calls `f` with every term found in `text`, in order, without overlaps.
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(TermMatch)) {
        if self.patterns.is_empty() {
            return;
        }
        let folded = FoldedText::new(text);
        let haystack = folded.as_str();
        let mut at = 0;
        while at < haystack.len() {
            let Some(m) = self.automaton.try_find(Input::new(haystack).range(at..)).ok().flatten() else {
                break;
            };
            let start = m.start();
            let first = m.pattern().as_usize();
            let prefixes = self.patterns.get(first).map_or(&[][..], |p| &p.prefixes);
            let accepted = std::iter::once(first).chain(prefixes.iter().copied()).find_map(|id| self.accept(&folded, id, start));
            match accepted {
                Some((found, folded_end)) => {
                    at = folded_end;
                    f(found);
                }
                // Refused at a word boundary: a match may still start inside this one.
                None => at = start + haystack[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }

    /// Pattern `id` found at folded offset `start`, if it stands on word boundaries and maps
    /// back to whole characters of the original text; with the folded end of the match.
    fn accept(&self, folded: &FoldedText, id: usize, start: usize) -> Option<(TermMatch, usize)> {
        let info = self.patterns.get(id)?;
        let haystack = folded.as_str();
        let mut end = start + info.len;
        if info.latin_start && haystack.get(..start)?.chars().next_back().is_some_and(is_latin) {
            return None;
        }
        if info.latin_end {
            let mut after = haystack.get(end..)?.chars();
            match after.next() {
                Some('s') if !after.next().is_some_and(is_latin) => end += 1,
                Some(c) if is_latin(c) => return None,
                _ => {}
            }
        }
        let range = folded.original_range(start..end)?;
        Some((TermMatch { term: info.term, range }, end))
    }
}

/// The characters that make up a Latin word, for the word-boundary rule.
pub(super) fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}
