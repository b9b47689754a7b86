//! Formatting through the interface strings, once for every page: fiscal years (long, short and
//! era forms, made in advance for the years any page shows), periods, dates, numbers with units,
//! comparators and provenance notes. Nothing here knows a language: every word and pattern comes
//! from `themes/{theme}/i18n/{lang}.toml`.

use std::collections::BTreeMap;

use super::i18n::I18n;
use super::views::YearColumn;
use crate::fiscal::{Date, FiscalYear};
use crate::model::Plan;
use crate::model::{Comparator, Provenance};

/// The first fiscal year whose labels are made in advance (`Format::fy_labels`); years outside
/// the range are formatted when asked.
const FY_LABELS_FROM: i32 = 1900;
const FY_LABELS_COUNT: usize = 300;

/// The interface strings of every language and what is formatted with them.
pub(super) struct Format {
    pub(super) i18n: I18n,
    /// The fiscal year of the build date: the "now" of every page.
    pub(super) current_fy: FiscalYear,
    /// Per language, the long, short and era labels of the fiscal years `FY_LABELS_FROM..`:
    /// formatted once, since every chart axis, KPI target and roadmap column asks for them.
    fy_labels: BTreeMap<String, Vec<[String; 3]>>,
}

impl Format {
    pub(super) fn new(i18n: I18n, current_fy: FiscalYear, langs: &[String]) -> Format {
        let mut format = Format { i18n, current_fy, fy_labels: BTreeMap::new() };
        format.fy_labels = langs
            .iter()
            .map(|l| {
                let patterns = ["fiscal_year.long", "fiscal_year.short", "fiscal_year.era"].map(|k| format.t(l, k));
                let labels = (FY_LABELS_FROM..FY_LABELS_FROM + FY_LABELS_COUNT as i32)
                    .map(|fy| patterns.map(|p| FiscalYear(fy).format(p)))
                    .collect();
                (l.clone(), labels)
            })
            .collect();
        format
    }

    pub(super) fn t<'s>(&'s self, lang: &str, key: &'s str) -> &'s str {
        self.i18n.t(lang, key)
    }

    pub(super) fn month_names(&self, lang: &str) -> Vec<String> {
        (1..=12).map(|m| self.t(lang, &format!("date.month_{m}")).to_string()).collect()
    }

    pub(super) fn format_date(&self, lang: &str, text: &str) -> String {
        match Date::parse(text) {
            Some(d) => {
                d.format(self.t(lang, "date.year"), self.t(lang, "date.month"), self.t(lang, "date.day"), &self.month_names(lang))
            }
            None => text.to_string(),
        }
    }

    /// Label `which` (0 long, 1 short, 2 era) of a fiscal year, made in advance where it can be.
    pub(super) fn fy_format(&self, lang: &str, fy: i32, which: usize, key: &str) -> String {
        let made = usize::try_from(fy - FY_LABELS_FROM).ok().and_then(|i| self.fy_labels.get(lang)?.get(i));
        match made {
            Some(labels) => labels[which].clone(),
            None => FiscalYear(fy).format(self.t(lang, key)),
        }
    }

    pub(super) fn fy_label(&self, lang: &str, fy: i32) -> String {
        self.fy_format(lang, fy, 0, "fiscal_year.long")
    }

    pub(super) fn fy_short(&self, lang: &str, fy: i32) -> String {
        self.fy_format(lang, fy, 1, "fiscal_year.short")
    }

    /// The era form of a fiscal year where the language shows one (`R7`), else empty.
    pub(super) fn fy_era(&self, lang: &str, fy: i32) -> String {
        self.fy_format(lang, fy, 2, "fiscal_year.era")
    }

    pub(super) fn period_label(&self, lang: &str, plan: &Plan) -> String {
        match plan.period {
            Some((from, to)) => self.fy_range_label(lang, from.0, to.0),
            None => self.t(lang, "plan.period_unknown").to_string(),
        }
    }

    /// A span of fiscal years, `2021年度（令和3年度）～2023年度（令和5年度）` / `FY2021–FY2023`;
    /// one year alone when the span is one year.
    pub(super) fn fy_range_label(&self, lang: &str, from: i32, to: i32) -> String {
        if from == to {
            return self.fy_label(lang, from);
        }
        self.i18n.fill(lang, "plan.period_range", &[("from", &self.fy_label(lang, from)), ("to", &self.fy_label(lang, to))])
    }

    pub(super) fn value_with_unit(&self, lang: &str, value: f64, unit: &str) -> String {
        let number = format_number(value, self.t(lang, "number.group_separator"));
        if unit.is_empty() {
            number
        } else if unit == "%" {
            format!("{number}%")
        } else {
            self.i18n.fill(lang, "kpi.value_with_unit", &[("value", &number), ("unit", unit)])
        }
    }

    pub(super) fn comparator_text(&self, lang: &str, comparator: Option<Comparator>, value: &str) -> String {
        match comparator {
            Some(c) => self.i18n.fill(lang, &format!("comparator.{}", c.id()), &[("value", value)]),
            None => value.to_string(),
        }
    }

    /// The visible note on a fact the source does not print: "calculated from …" for a derived
    /// one, "written by the editors" for an editorial one, nothing for a printed one.
    pub(super) fn provenance_note(&self, lang: &str, source: Provenance, derivation: Option<&str>) -> String {
        match (source, derivation) {
            (Provenance::Plan, _) => String::new(),
            (Provenance::Derived, Some(rule)) => self.i18n.fill(lang, "provenance.derived", &[("rule", rule)]),
            (Provenance::Derived, None) => self.t(lang, "provenance.derived_no_rule").to_string(),
            (Provenance::Editors, _) => self.t(lang, "provenance.editors").to_string(),
        }
    }

    pub(super) fn years_of(&self, lang: &str, from: i32, to: i32) -> Vec<YearColumn> {
        (from..=to)
            .map(|fy| YearColumn {
                fy,
                label: self.fy_label(lang, fy),
                short: self.fy_short(lang, fy),
                era: self.fy_era(lang, fy),
                current: fy == self.current_fy.0,
            })
            .collect()
    }
}

/// Formats a number as statistics are printed: thousands separated by `group` (the language's
/// `number.group_separator`), no trailing zeros.
pub fn format_number(value: f64, group: &str) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let digits = format!("{}", value.abs() as i64);
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(c);
        }
        if value < 0.0 { format!("-{grouped}") } else { grouped }
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_trimmed() {
        assert_eq!(format_number(1200.0, ","), "1,200");
        assert_eq!(format_number(19.0, ","), "19");
        assert_eq!(format_number(1234567.0, ","), "1,234,567");
        assert_eq!(format_number(0.5, ","), "0.5");
        assert_eq!(format_number(-1000.0, ","), "-1,000");
    }
}
