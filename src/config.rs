//! `keikaku.toml`: languages, titles, base URL, theme, build date and the status vocabulary.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::fiscal::Date;
use crate::localized::Localized;

/// The raw file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    base_url: Spanned<String>,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    languages: Spanned<Vec<Spanned<String>>>,
    build_date: Option<Spanned<String>>,
    title: Spanned<BTreeMap<String, String>>,
    #[serde(default)]
    description: BTreeMap<String, String>,
    #[serde(default)]
    statuses: Vec<StatusFile>,
}

fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, default_theme_name())
}

fn default_theme_name() -> String {
    "default".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFile {
    id: Spanned<String>,
    symbol: String,
    name: BTreeMap<String, String>,
    #[serde(default)]
    definition: BTreeMap<String, String>,
}

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: BaseUrl,
    pub theme: String,
    /// Languages in order; the first is the default.
    pub languages: Vec<String>,
    pub build_date: Date,
    /// The site's name; the default language's is required.
    pub title: Localized<String>,
    /// One sentence on the site, where a language has one.
    pub description: Localized<String>,
    /// Status vocabulary; the first status is the default for unreported initiatives.
    pub statuses: Vec<Status>,
}

/// A reporting status of an initiative.
#[derive(Debug, Clone)]
pub struct Status {
    pub id: String,
    /// A symbol shown beside the name so status never relies on colour alone.
    pub symbol: String,
    /// Empty where no language names it (the built-in status: the theme names it).
    pub name: Localized<String>,
    pub definition: Localized<String>,
}

/// The public URL of the site: origin (`https://city.github.io`) and path (`/dx-plans/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    pub origin: String,
    /// Always starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host[:port][/path/]`.
    pub fn parse(text: &str) -> Option<BaseUrl> {
        let (scheme, rest) = text.split_once("://")?;
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
            return None;
        }
        if path.contains(|c: char| c.is_whitespace() || c == '?' || c == '#' || c == '"' || c == '<' || c == '>') {
            return None;
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Some(BaseUrl { origin: format!("{scheme}://{host}"), path })
    }

    /// Absolute URL of a site path given without leading slash (`ja/plans/x/`).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, site_path)
    }

    /// Root-relative URL of a site path (`/dx-plans/ja/plans/x/`).
    pub fn local(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path)
    }
}

impl Config {
    /// The default (first) language.
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    /// Parses and validates `keikaku.toml`. `override_base_url` comes from `--base-url`.
    pub fn parse(file: &Arc<SourceFile>, override_base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
        let raw: ConfigFile = toml::from_str(&file.text).map_err(|e| vec![crate::diagnostics::toml_error(file, 0, &e)])?;
        let mut errors = Vec::new();

        let base_url = match override_base_url {
            Some(text) => BaseUrl::parse(text).ok_or_else(|| {
                Diagnostic::error(format!("invalid --base-url `{text}`"))
                    .expected("an http or https URL such as `https://city.github.io/dx-plans/`")
            }),
            None => BaseUrl::parse(raw.base_url.get_ref()).ok_or_else(|| {
                Diagnostic::error_at(file, raw.base_url.span(), format!("invalid base_url `{}`", raw.base_url.get_ref()))
                    .expected("an http or https URL such as `https://city.github.io/dx-plans/`")
            }),
        };
        let base_url = base_url.map_err(|e| errors.push(e)).ok();

        // A theme is a directory of the project's themes/: a plain name, so that a config can
        // never make the build read templates from elsewhere on the machine.
        let theme_name = raw.theme.get_ref();
        let plain_name = !theme_name.is_empty()
            && theme_name.len() <= crate::ids::MAX_ID_LEN
            && theme_name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !plain_name {
            errors.push(
                Diagnostic::error_at(file, raw.theme.span(), format!("invalid theme name `{}`", raw.theme.get_ref()))
                    .expected("the name of a directory in themes/, such as `default`")
                    .help("themes resolve inside the project: no `/`, `..` or absolute paths"),
            );
        }

        let mut languages: Vec<String> = Vec::new();
        for lang in raw.languages.get_ref() {
            let code = lang.get_ref();
            let valid = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
            if !valid {
                errors.push(
                    Diagnostic::error_at(file, lang.span(), format!("invalid language code `{code}`"))
                        .expected("a two- or three-letter lower-case ISO 639 code such as `ja` or `en`"),
                );
            } else if languages.contains(code) {
                errors.push(Diagnostic::error_at(file, lang.span(), format!("language `{code}` is listed twice")));
            } else {
                languages.push(code.clone());
            }
        }
        if raw.languages.get_ref().is_empty() {
            errors.push(
                Diagnostic::error_at(file, raw.languages.span(), "no languages")
                    .expected("at least one language, e.g. [\"ja\", \"en\"]"),
            );
        }

        let build_date = match &raw.build_date {
            Some(text) => match Date::parse(text.get_ref()) {
                Some(d) if d.day.is_some() => Some(d),
                _ => {
                    errors.push(
                        Diagnostic::error_at(file, text.span(), format!("invalid build_date `{}`", text.get_ref()))
                            .expected("a date `YYYY-MM-DD`"),
                    );
                    None
                }
            },
            None => Some(date_from_environment()),
        };

        let default_lang = languages.first().cloned().unwrap_or_default();
        if !languages.is_empty() && !raw.title.get_ref().contains_key(&default_lang) {
            errors.push(
                Diagnostic::error_at(file, raw.title.span(), format!("no site title in the default language `{default_lang}`"))
                    .expected(format!("title = {{ {default_lang} = \"…\" }}")),
            );
        }

        let mut statuses: Vec<Status> = Vec::new();
        for status in raw.statuses {
            if statuses.iter().any(|s| &s.id == status.id.get_ref()) {
                errors.push(Diagnostic::error_at(
                    file,
                    status.id.span(),
                    format!("duplicate status id `{}`", status.id.get_ref()),
                ));
                continue;
            }
            statuses.push(Status {
                id: status.id.into_inner(),
                symbol: status.symbol,
                name: Localized::or_empty(status.name, &default_lang),
                definition: Localized::or_empty(status.definition, &default_lang),
            });
        }
        if statuses.is_empty() {
            statuses.push(Status {
                id: "not-reported".to_string(),
                symbol: "–".to_string(),
                // Named by the theme's interface strings (`statuses.default_name`).
                name: Localized::or_empty(BTreeMap::new(), &default_lang),
                definition: Localized::or_empty(BTreeMap::new(), &default_lang),
            });
        }

        match (base_url, build_date, errors.is_empty()) {
            (Some(base_url), Some(build_date), true) => Ok(Config {
                base_url,
                theme: raw.theme.into_inner(),
                languages,
                build_date,
                // A missing default-language title is an error above.
                title: Localized::or_empty(raw.title.into_inner(), &default_lang),
                description: Localized::or_empty(raw.description, &default_lang),
                statuses,
            }),
            _ => Err(errors),
        }
    }

    /// The status given to initiatives nobody has reported on.
    pub fn default_status(&self) -> &Status {
        &self.statuses[0]
    }
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds), else today's date from the clock.
fn date_from_environment() -> Date {
    if let Some(seconds) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()) {
        return Date::from_unix_seconds(seconds);
    }
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    Date::from_unix_seconds(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_sub_path() {
        let url = BaseUrl::parse("https://city.github.io/dx-plans").unwrap();
        assert_eq!(url.origin, "https://city.github.io");
        assert_eq!(url.path, "/dx-plans/");
        assert_eq!(url.local("ja/"), "/dx-plans/ja/");
        assert_eq!(url.absolute("ja/"), "https://city.github.io/dx-plans/ja/");
        assert!(BaseUrl::parse("ftp://x/").is_none());
        assert!(BaseUrl::parse("city.github.io").is_none());
    }

    #[test]
    fn rejects_bad_language_and_date_with_positions() {
        let file = SourceFile::new(
            "keikaku.toml",
            "base_url = \"https://x.test/\"\nlanguages = [\"ja\", \"EN\"]\nbuild_date = \"2025-13-01\"\n[title]\nja = \"t\"\n",
        );
        let errors = Config::parse(&file, None).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| format!("{} {}", e.position(), e.message)).collect();
        assert!(text.iter().any(|t| t.starts_with("keikaku.toml:2:20 invalid language code")), "{text:?}");
        assert!(text.iter().any(|t| t.starts_with("keikaku.toml:3:14 invalid build_date")), "{text:?}");
    }
}
