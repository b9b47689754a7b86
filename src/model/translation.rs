//! Translations agree on facts: each language file of a document has the same front-matter shape
//! as the default language, with the same values for fact keys (ids, years, numbers); only text
//! differs.

use std::ops::Range;
use std::sync::Arc;

use super::*;
use crate::diagnostics::{Diagnostic, SourceFile};

/// Front-matter keys whose string values are facts, not text: a translation must repeat them
/// exactly (ids, codes, dates, URLs, readings).
pub(super) const FACT_KEYS: &[&str] = &[
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
pub(super) const PER_LANGUAGE_KEYS: &[&str] = &["aliases", "updated"];

/// Keys whose value is human text even though the key name is also used for facts elsewhere.
pub(super) fn is_fact(key: &str, parent: &str) -> bool {
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

/// Compares a translation's front matter with the default language's: same keys, same array
/// lengths, same facts. Reports at the translation's position.
pub(super) fn compare_shapes(
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
