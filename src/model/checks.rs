//! Checks of single values and shapes the model applies while linking: dates, fiscal years and
//! the plan period, URLs, local government codes, unique ids, tables, strategy shapes, pillar groups.

use std::collections::BTreeSet;
use std::sync::Arc;

use toml::Spanned;

use super::*;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fiscal::{Date, FiscalYear};

/// `{plan}/embed/` is the plan's card: no initiative or case may take that URL.
pub(super) fn check_item_id(file: &Arc<SourceFile>, id: &str, errors: &mut Vec<Diagnostic>) {
    if id == "embed" {
        errors.push(
            Diagnostic::error_in(&file.path, "the id `embed` is reserved for the plan's embeddable card")
                .help("rename the file, e.g. to `embedding.ja.md`"),
        );
    }
}

pub(super) fn check_unique<'a>(
    file: &Arc<SourceFile>,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.get_ref().as_str()) {
            errors.push(
                Diagnostic::error_at(file, id.span(), format!("duplicate {what} id `{}`", id.get_ref()))
                    .expected(format!("a {what} id not used before in this file")),
            );
        }
        if let Err(why) = crate::ids::check_id(id.get_ref()) {
            errors.push(Diagnostic::error_at(file, id.span(), format!("invalid {what} id `{}`: {why}", id.get_ref())));
        }
    }
}

/// The shapes of a strategy: skill framework cells name known viewpoints, phases run forwards
/// inside the plan period, every phase-roadmap row has one cell per phase, ids are unique.
pub(super) fn check_strategy_shapes(
    file: &Arc<SourceFile>,
    front: &PlanFrontMatter,
    period: Option<(FiscalYear, FiscalYear)>,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(framework) = &front.skill_framework {
        check_unique(file, framework.viewpoints.iter().map(|v| &v.id), "viewpoint", errors);
        check_unique(file, framework.levels.iter().map(|l| &l.id), "skill level", errors);
        let viewpoints: Vec<&str> = framework.viewpoints.iter().map(|v| v.id.get_ref().as_str()).collect();
        for level in &framework.levels {
            check_unique(file, level.skills.iter().map(|s| &s.viewpoint), "viewpoint of a skill cell", errors);
            for cell in &level.skills {
                if !viewpoints.contains(&cell.viewpoint.get_ref().as_str()) {
                    errors.push(unknown_id(file, &cell.viewpoint, "viewpoint", &viewpoints));
                }
            }
        }
    }
    check_unique(file, front.logic_models.iter().map(|m| &m.id), "logic model", errors);
    check_unique(file, front.phase_roadmaps.iter().map(|r| &r.id), "phase roadmap", errors);
    for roadmap in &front.phase_roadmaps {
        for phase in &roadmap.phases {
            for year in [&phase.from, &phase.to] {
                check_in_period(file, year, period, errors);
            }
            if phase.from.get_ref() > phase.to.get_ref() {
                errors.push(Diagnostic::error_at(
                    file,
                    phase.to.span(),
                    format!("phase ends ({}) before it starts ({})", phase.to.get_ref(), phase.from.get_ref()),
                ));
            }
        }
        for row in &roadmap.rows {
            if row.cells.get_ref().len() != roadmap.phases.len() {
                errors.push(
                    Diagnostic::error_at(
                        file,
                        row.cells.span(),
                        format!("row “{}” has {} cells", row.title, row.cells.get_ref().len()),
                    )
                    .expected(format!("{} cells, one per phase (use [] for an empty one)", roadmap.phases.len())),
                );
            }
        }
    }
}

pub(super) fn check_tables(file: &Arc<SourceFile>, tables: &[Table], errors: &mut Vec<Diagnostic>) {
    check_unique(file, tables.iter().map(|t| &t.id), "table", errors);
    for t in tables {
        for (i, row) in t.rows.get_ref().iter().enumerate() {
            if row.len() != t.columns.len() {
                errors.push(
                    Diagnostic::error_at(
                        file,
                        t.rows.span(),
                        format!("row {} of table `{}` has {} cells", i + 1, t.id.get_ref(), row.len()),
                    )
                    .expected(format!("{} cells, one per column", t.columns.len())),
                );
            }
        }
    }
}

pub(super) fn check_date(file: &Arc<SourceFile>, date: &Spanned<String>, errors: &mut Vec<Diagnostic>) {
    // Year 0000 parses as a date but no plan is dated then; the range is that of fiscal years.
    if Date::parse(date.get_ref()).is_none_or(|d| !(1900..=2200).contains(&d.year)) {
        errors.push(
            Diagnostic::error_at(file, date.span(), format!("invalid date `{}`", date.get_ref()))
                .expected("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`"),
        );
    }
}

/// "Pillar `p` has groups, but …": an initiative in (or re-listed in) a pillar with groups must
/// name one of them.
pub(super) fn group_missing(
    file: &Arc<SourceFile>,
    pillar: &Spanned<String>,
    what: &str,
    expected: &str,
    groups: &[&str],
) -> Diagnostic {
    let list = groups.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ");
    Diagnostic::error_at(file, pillar.span(), format!("pillar `{}` has groups, but {what}", pillar.get_ref()))
        .expected(format!("{expected} {list}"))
}

/// A fiscal year must be plausible and, when the plan states its period, inside it.
pub(super) fn check_in_period(
    file: &Arc<SourceFile>,
    fy: &Spanned<i32>,
    period: Option<(FiscalYear, FiscalYear)>,
    errors: &mut Vec<Diagnostic>,
) {
    check_year_plausible(file, fy, errors);
    if let Some((from, to)) = period
        && (*fy.get_ref() < from.0 || *fy.get_ref() > to.0)
    {
        errors.push(
            Diagnostic::error_at(
                file,
                fy.span(),
                format!("fiscal year {} is outside the plan period {}–{}", fy.get_ref(), from.0, to.0),
            )
            .expected(format!("a fiscal year from {} to {}", from.0, to.0)),
        );
    }
}

pub(super) fn check_year_plausible(file: &Arc<SourceFile>, year: &Spanned<i32>, errors: &mut Vec<Diagnostic>) {
    if !(1900..=2200).contains(year.get_ref()) {
        let mut d = Diagnostic::error_at(file, year.span(), format!("`{}` is not a fiscal year", year.get_ref()))
            .expected("a four-digit fiscal year such as 2025 (令和7年度)");
        if (1..=60).contains(year.get_ref()) {
            let fy = FiscalYear::of_current_era(*year.get_ref());
            d = d.help(format!("{}年度 is fiscal year {fy}", fy.wareki()));
        }
        errors.push(d);
    }
}

/// The one check of every URL field of the content: an absolute `http(s)` URL with a host, and
/// nothing a browser would read as something else (`javascript:`, `data:`, spaces, quotes).
pub(super) fn check_url(file: &Arc<SourceFile>, url: &Spanned<String>, errors: &mut Vec<Diagnostic>) {
    if let Err(why) = url_problem(url.get_ref()) {
        let mut d = Diagnostic::error_at(file, url.span(), format!("invalid URL `{}`: {why}", url.get_ref()))
            .expected("an absolute http(s) URL such as `https://www.city.example.jp/…`");
        if url.get_ref().trim_start().to_ascii_lowercase().starts_with("javascript:") {
            d = d.help("links to scripts are never published; give the address of a web page");
        }
        errors.push(d);
    }
}

/// Why `u` is not an acceptable link target, if it is not.
pub fn url_problem(u: &str) -> Result<(), &'static str> {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).ok_or("only http and https links are allowed")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("it has no host name");
    }
    if u.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\')) {
        return Err("it contains spaces, quotes or other characters a URL cannot hold");
    }
    Ok(())
}

/// 全国地方公共団体コード: five digits and a check digit (modulus 11, weights 6..2).
pub(super) fn check_local_government_code(file: &Arc<SourceFile>, code: &Spanned<String>, errors: &mut Vec<Diagnostic>) {
    let digits: Vec<u32> = code.get_ref().chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 6 || code.get_ref().len() != 6 {
        errors.push(
            Diagnostic::error_at(file, code.span(), format!("invalid local government code `{}`", code.get_ref()))
                .expected("six digits (全国地方公共団体コード)"),
        );
        return;
    }
    let sum: u32 = digits[..5].iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    let check = (11 - sum % 11) % 10;
    if digits[5] != check {
        errors.push(
            Diagnostic::error_at(
                file,
                code.span(),
                format!("local government code `{}` has a wrong check digit", code.get_ref()),
            )
            .expected(format!("check digit {check}"))
            .help(format!("did you mean `{}{check}`?", &code.get_ref()[..5])),
        );
    }
}

/// Spelling key under which two term names count as the same (width and case folded).
pub(super) fn fold_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc().collect::<String>().to_lowercase()
}

pub(super) fn is_reading_char(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | ' ' | '　')
}

pub(super) fn unknown_id(file: &Arc<SourceFile>, id: &Spanned<String>, what: &str, known: &[&str]) -> Diagnostic {
    let shown: Vec<&str> = known.iter().take(12).copied().collect();
    let more = if known.len() > shown.len() { ", …" } else { "" };
    Diagnostic::error_at(file, id.span(), format!("unknown {what} `{}`", id.get_ref()))
        .expected(if known.is_empty() {
            format!("a {what} id, but none is defined")
        } else {
            format!("one of `{}`{more}", shown.join("`, `"))
        })
        .suggest(id.get_ref(), known.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::translation::is_fact;

    #[test]
    fn local_government_code_check_digit() {
        let file = SourceFile::new("x", "code = \"221309\"\nbad = \"221300\"\n");
        let mut errors = Vec::new();
        check_local_government_code(&file, &Spanned::new(8..14, "221309".to_string()), &mut errors);
        assert!(errors.is_empty(), "浜松市 is 221309");
        check_local_government_code(&file, &Spanned::new(8..14, "092096".to_string()), &mut errors);
        assert!(errors.is_empty(), "真岡市 is 092096");
        check_local_government_code(&file, &Spanned::new(22..28, "221300".to_string()), &mut errors);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].help.as_deref().unwrap().contains("221309"));
    }

    #[test]
    fn fact_keys_are_compared_text_is_not() {
        assert!(is_fact("fy", "targets"));
        assert!(is_fact("departments", ""));
        assert!(!is_fact("title", ""));
        assert!(!is_fact("number", ""), "display numbers are translated (戦術3 / Tactic 3)");
        assert!(!is_fact("note", "kpis"));
        assert!(is_fact("note", "defined_in"));
    }
}
