//! The reference syntax of text: `[[id]]`, `[[id|text]]`, `[[!text]]` and ※ note markers
//! (half- and full-width digits). One parser for the linker and for the glossary's list of uses.

use std::ops::Range;

/// What a text refers to explicitly, by the linker's own syntax: the term ids of its `[[id]]` and
/// `[[id|text]]` references (not `[[!text]]`) and the numbers of its `※n` notes (ASCII or
/// full-width digits). The render stage lists a term's users with this, so the list and the
/// links on the page come from one parser.
pub fn explicit_references(text: &str) -> (Vec<&str>, Vec<u32>) {
    let ids = references(text, &[])
        .into_iter()
        .filter_map(|r| {
            let inner = &text[r.inner];
            if inner.starts_with('!') {
                return None;
            }
            let id = inner.split_once('|').map_or(inner, |(id, _)| id).trim();
            (!id.is_empty()).then_some(id)
        })
        .collect();
    let notes = note_markers(text, 0..text.len()).into_iter().filter_map(|n| n.number).collect();
    (ids, notes)
}

/// A `[[…]]` in a text.
pub(super) struct Reference {
    /// From `[[` to `]]`, both included.
    pub(super) outer: Range<usize>,
    /// Between the brackets.
    pub(super) inner: Range<usize>,
}

/// The `[[…]]` references of a text, in order. The innermost `[[` before a `]]` opens it, so
/// `[[a [[b]]` is the text `[[a ` and the reference `[[b]]`; a `[[` whose first bracket is at
/// one of the `escaped` offsets opens nothing.
pub(super) fn references(text: &str, escaped: &[usize]) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = text.get(at..).and_then(|t| t.find("[[")).map(|i| at + i) {
        if escaped.contains(&open) {
            at = open + 1;
            continue;
        }
        let Some(close) = text.get(open + 2..).and_then(|t| t.find("]]")).map(|i| open + 2 + i) else {
            break;
        };
        let open = (open..close)
            .rev()
            .find(|i| text.get(*i..).is_some_and(|t| t.starts_with("[[")) && !escaped.contains(i))
            .unwrap_or(open);
        found.push(Reference { outer: open..close + 2, inner: open + 2..close });
        at = close + 2;
    }
    found
}

/// A `※n` note marker.
#[derive(Clone, Debug)]
pub(super) struct NoteMarker {
    /// From `※` to the last digit.
    pub(super) range: Range<usize>,
    /// The digits.
    pub(super) digits: Range<usize>,
    /// Their value, unless it overflows.
    pub(super) number: Option<u32>,
}

/// The `※n` markers (ASCII or full-width digits) in `text[range]`; a `※` without digits is
/// not one.
pub(super) fn note_markers(text: &str, range: Range<usize>) -> Vec<NoteMarker> {
    const MARK: char = '※';
    let mut found = Vec::new();
    let Some(segment) = text.get(range.clone()) else {
        return found;
    };
    for (i, _) in segment.match_indices(MARK) {
        let digits_start = range.start + i + MARK.len_utf8();
        let mut number: Option<u32> = Some(0);
        let mut digits_end = digits_start;
        for c in text[digits_start..range.end].chars() {
            let digit = match c {
                '0'..='9' => u32::from(c) - u32::from('0'),
                '０'..='９' => u32::from(c) - u32::from('０'),
                _ => break,
            };
            number = number.and_then(|n| n.checked_mul(10)).and_then(|n| n.checked_add(digit));
            digits_end += c.len_utf8();
        }
        if digits_end > digits_start {
            found.push(NoteMarker { range: range.start + i..digits_end, digits: digits_start..digits_end, number });
        }
    }
    found
}
