//! Japanese fiscal years (April–March), 和暦 era names, and the partial calendar dates the sources
//! use ("2023年5月"). All calendar knowledge of keikaku lives here.

use std::fmt;

/// A Japanese fiscal year, named by the calendar year it starts in: `FiscalYear(2025)` runs from
/// April 2025 to March 2026 and is 令和7年度.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(pub i32);

/// A Japanese era (元号) with the first fiscal year counted in it.
struct Era {
    kanji: &'static str,
    latin: &'static str,
    /// The fiscal year that is year 1 (元年度) of the era. The era changes on a date inside a
    /// fiscal year (Reiwa began 2019-05-01); by administrative custom the whole fiscal year is
    /// named after the new era (the whole of FY2019 is 令和元年度).
    first: i32,
}

const ERAS: [Era; 3] = [
    Era { kanji: "令和", latin: "R", first: 2019 },
    Era { kanji: "平成", latin: "H", first: 1989 },
    Era { kanji: "昭和", latin: "S", first: 1926 },
];

impl FiscalYear {
    /// The fiscal year containing a calendar date (months January–March belong to the previous
    /// fiscal year).
    pub fn containing(date: Date) -> FiscalYear {
        match date.month {
            Some(m) if m < 4 => FiscalYear(date.year - 1),
            _ => FiscalYear(date.year),
        }
    }

    /// The fiscal year of year `n` of the current era (令和 n), for hints to authors who wrote
    /// an era year where a Western one belongs.
    pub fn of_current_era(n: i32) -> FiscalYear {
        FiscalYear(ERAS[0].first + n - 1)
    }

    fn era(self) -> Option<&'static Era> {
        ERAS.iter().find(|e| self.0 >= e.first)
    }

    /// The era name and year, e.g. `令和7` or `令和元` for the first year.
    pub fn wareki(self) -> String {
        match self.era() {
            Some(era) if self.0 == era.first => format!("{}元", era.kanji),
            Some(era) => format!("{}{}", era.kanji, self.0 - era.first + 1),
            None => self.0.to_string(),
        }
    }

    /// The short era form used on chart axes, e.g. `R7`, `H30`.
    pub fn wareki_short(self) -> String {
        match self.era() {
            Some(era) => format!("{}{}", era.latin, self.0 - era.first + 1),
            None => self.0.to_string(),
        }
    }

    /// Fills an interface pattern such as `{year}年度（{wareki}年度）` or `FY{year}`.
    pub fn format(self, pattern: &str) -> String {
        pattern
            .replace("{year}", &self.0.to_string())
            .replace("{wareki}", &self.wareki())
            .replace("{wareki_short}", &self.wareki_short())
    }

    /// How far into this fiscal year a date lies, from 0.0 (1 April) to 1.0 (31 March).
    pub fn fraction_elapsed(self, date: Date) -> f32 {
        let month = date.month.unwrap_or(4);
        let day = date.day.unwrap_or(1);
        let months_in = (date.year - self.0) * 12 + i32::from(month) - 4;
        let value = (months_in as f32 + (f32::from(day) - 1.0) / 31.0) / 12.0;
        value.clamp(0.0, 1.0)
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A calendar date that may lack its day or month, as in "2023-05".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking month and day ranges.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 => {
                let d: u8 = d.parse().ok()?;
                (1..=days_in_month(year, month?)).contains(&d).then_some(d)?;
                Some(d)
            }
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The civil date of a Unix timestamp (UTC), for `SOURCE_DATE_EPOCH` and the clock.
    pub fn from_unix_seconds(seconds: i64) -> Date {
        // Howard Hinnant's days-to-civil algorithm.
        let days = seconds.div_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month: Some(month), day: Some(day) }
    }

    /// ISO form, as precise as the date is (`2023-05`).
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Fills an interface pattern with `{year}`, `{month}`, `{day}` and `{month_name}`.
    /// `month_names` holds twelve names (may be empty when the pattern does not use them).
    pub fn format(&self, year_pattern: &str, month_pattern: &str, day_pattern: &str, month_names: &[String]) -> String {
        let pattern = match (self.month, self.day) {
            (Some(_), Some(_)) => day_pattern,
            (Some(_), None) => month_pattern,
            _ => year_pattern,
        };
        let month = self.month.unwrap_or(1);
        let month_name = month_names.get(usize::from(month) - 1).cloned().unwrap_or_else(|| month.to_string());
        pattern
            .replace("{year}", &self.year.to_string())
            .replace("{month_name}", &month_name)
            .replace("{month}", &month.to_string())
            .replace("{day}", &self.day.unwrap_or(1).to_string())
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reiwa_starts_with_fiscal_2019_as_gannen() {
        assert_eq!(FiscalYear(2019).wareki(), "令和元");
        assert_eq!(FiscalYear(2025).wareki(), "令和7");
        assert_eq!(FiscalYear(2022).wareki_short(), "R4");
        assert_eq!(FiscalYear(2018).wareki(), "平成30");
        assert_eq!(FiscalYear(1989).wareki(), "平成元");
        assert_eq!(FiscalYear(1988).wareki(), "昭和63");
    }

    #[test]
    fn patterns_fill_year_and_era() {
        assert_eq!(FiscalYear(2025).format("{year}年度（{wareki}年度）"), "2025年度（令和7年度）");
        assert_eq!(FiscalYear(2025).format("FY{year}"), "FY2025");
        assert_eq!(FiscalYear(2030).format("{wareki_short}"), "R12");
    }

    #[test]
    fn january_to_march_belong_to_the_previous_fiscal_year() {
        let d = Date::parse("2026-03-31").unwrap();
        assert_eq!(FiscalYear::containing(d), FiscalYear(2025));
        let d = Date::parse("2026-04-01").unwrap();
        assert_eq!(FiscalYear::containing(d), FiscalYear(2026));
        assert!((FiscalYear(2026).fraction_elapsed(d) - 0.0).abs() < 1e-6);
        let d = Date::parse("2026-10-01").unwrap();
        assert!((FiscalYear(2026).fraction_elapsed(d) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn partial_dates_parse_and_reject_nonsense() {
        assert_eq!(Date::parse("2023-05").unwrap().iso(), "2023-05");
        assert_eq!(Date::parse("2024").unwrap().iso(), "2024");
        assert!(Date::parse("2023-13").is_none());
        assert!(Date::parse("2023-02-30").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("23-05").is_none());
        assert!(Date::parse("2023/05").is_none());
    }

    #[test]
    fn unix_seconds_to_civil_date() {
        assert_eq!(Date::from_unix_seconds(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix_seconds(1_763_769_600).iso(), "2025-11-22");
    }

    #[test]
    fn dates_format_with_month_names() {
        let names: Vec<String> = ["January", "February", "March", "April", "May"].iter().map(|s| s.to_string()).collect();
        let d = Date::parse("2023-05").unwrap();
        assert_eq!(d.format("{year}", "{month_name} {year}", "{month_name} {day}, {year}", &names), "May 2023");
        assert_eq!(d.format("{year}年", "{year}年{month}月", "{year}年{month}月{day}日", &[]), "2023年5月");
    }
}
