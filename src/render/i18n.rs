//! Interface strings from `themes/{theme}/i18n/{lang}.toml`. A string missing in a language falls
//! back to the default language with a warning, never a failure.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::ThemeFiles;

/// Interface strings of every language, fallbacks already filled in.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    by_lang: BTreeMap<String, Strings>,
}

/// One language's strings by dotted key. Hashed: a page looks up hundreds of them, and the
/// ordered map's string comparisons were a fiftieth of a build.
type Strings = ahash::AHashMap<String, String>;

impl I18n {
    /// Reads every language's file; returns errors (unparsable file, no default file) and
    /// warnings (missing strings) together.
    pub fn load(theme: &ThemeFiles, config: &Config) -> (I18n, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut raw: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for lang in &config.languages {
            let Some(file) = theme.i18n.get(lang) else {
                let d = Diagnostic::error_in(
                    format!("themes/{}/i18n/{lang}.toml", config.theme),
                    format!("no interface strings for language `{lang}`"),
                );
                diagnostics.push(if lang == config.default_language() { d } else { d.warning() });
                continue;
            };
            match toml::from_str::<toml::Table>(&file.text) {
                Ok(table) => {
                    let mut flat = BTreeMap::new();
                    flatten("", &table, &mut flat);
                    raw.insert(lang.clone(), flat);
                }
                Err(e) => diagnostics.push(crate::diagnostics::toml_error(file, 0, &e)),
            }
        }
        let default_lang = config.default_language();
        let default = raw.get(default_lang).cloned().unwrap_or_default();
        let mut by_lang = BTreeMap::new();
        for lang in &config.languages {
            let mut strings = raw.get(lang).cloned().unwrap_or_default();
            if raw.contains_key(lang) {
                for (key, value) in &default {
                    if !strings.contains_key(key) {
                        diagnostics.push(
                            Diagnostic::error_in(
                                format!("themes/{}/i18n/{lang}.toml", config.theme),
                                format!("interface string `{key}` is missing; using the `{default_lang}` text"),
                            )
                            .warning(),
                        );
                        strings.insert(key.clone(), value.clone());
                    }
                }
            } else {
                strings = default.clone();
            }
            by_lang.insert(lang.clone(), strings.into_iter().collect());
        }
        (I18n { by_lang }, diagnostics)
    }

    /// The string `key` in `lang` (the key itself when no language has it, which a test catches).
    pub fn t<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.by_lang.get(lang).and_then(|m| m.get(key)).map_or(key, String::as_str)
    }

    /// Whether the language (or the default it falls back to) has the string `key`.
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.by_lang.get(lang).is_some_and(|m| m.contains_key(key))
    }

    /// All strings of a language, for templates, as nested tables like the file's (`t.nav.home`
    /// for `[nav] home`). Tera looks a dotted path up several times faster than a bracketed
    /// key (`t['nav.home']`), which it rewrites with seven string replacements at every use.
    /// A key that is both a string and a table in the files (only possible across a fallback
    /// to the default language) keeps the string.
    pub fn tree(&self, lang: &str) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        // In key order, as the files list them once flattened, so that which of a clashing
        // string and table wins does not depend on hashing.
        let mut strings: Vec<(&String, &String)> = self.by_lang.get(lang).into_iter().flatten().collect();
        strings.sort();
        for (key, value) in strings {
            insert_dotted(&mut root, key, value);
        }
        serde_json::Value::Object(root)
    }

    /// A string with `{name}` placeholders filled.
    pub fn fill(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.t(lang, key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// Puts `value` at the dotted `key` in `table`, making the tables on the way.
fn insert_dotted(table: &mut serde_json::Map<String, serde_json::Value>, key: &str, value: &str) {
    match key.split_once('.') {
        None => {
            table.entry(key).or_insert_with(|| serde_json::Value::String(value.to_string()));
        }
        Some((head, rest)) => {
            let inner = table.entry(head).or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if let serde_json::Value::Object(inner) = inner {
                insert_dotted(inner, rest, value);
            }
        }
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let full = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            toml::Value::Table(t) => flatten(&full, t, out),
            toml::Value::String(s) => {
                out.insert(full, s.clone());
            }
            other => {
                out.insert(full, other.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_nests_dotted_keys_as_the_file_did() {
        let strings = BTreeMap::from([
            ("skip_link".to_string(), "Skip".to_string()),
            ("nav.home".to_string(), "Home".to_string()),
            ("nav.sub.deep".to_string(), "Deep".to_string()),
        ]);
        let i18n = I18n { by_lang: BTreeMap::from([("en".to_string(), strings.into_iter().collect())]) };
        assert_eq!(i18n.tree("en"), serde_json::json!({"skip_link": "Skip", "nav": {"home": "Home", "sub": {"deep": "Deep"}}}));
        assert_eq!(i18n.tree("fr"), serde_json::json!({}));
    }
}
