//! `Localized<T>`: one value per language with the default language's as the fallback. Documents,
//! registry names and descriptions, status names and the site's title all use it, so that "show
//! the default language's words where a language has none" is written once.

use std::collections::BTreeMap;

/// The language versions of one value. The default language is always present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized<T> {
    pub by_lang: BTreeMap<String, T>,
    pub default_lang: String,
}

impl<T> Localized<T> {
    /// Wraps versions that include the default language's (the caller has checked it, or
    /// reported its absence as an error).
    pub fn new(by_lang: BTreeMap<String, T>, default_lang: &str) -> Option<Localized<T>> {
        by_lang.contains_key(default_lang).then(|| Localized { by_lang, default_lang: default_lang.to_string() })
    }

    /// The version in `lang`, or the default language's when it is not translated; the second
    /// value is the language actually returned.
    pub fn get(&self, lang: &str) -> (&T, &str) {
        match self.by_lang.get_key_value(lang) {
            Some((l, v)) => (v, l.as_str()),
            None => (self.default(), self.default_lang.as_str()),
        }
    }

    /// The version in `lang` only, without the fallback.
    pub fn in_lang(&self, lang: &str) -> Option<&T> {
        self.by_lang.get(lang)
    }

    /// The default-language version.
    pub fn default(&self) -> &T {
        // Invariant: every constructor makes sure the default-language version exists.
        &self.by_lang[&self.default_lang]
    }

    /// True when the value exists in `lang`.
    pub fn has(&self, lang: &str) -> bool {
        self.by_lang.contains_key(lang)
    }
}

impl<T: Default> Localized<T> {
    /// Wraps optional text (a description, a definition): a language without it, the default
    /// language included, shows the empty value.
    pub fn or_empty(mut by_lang: BTreeMap<String, T>, default_lang: &str) -> Localized<T> {
        by_lang.entry(default_lang.to_string()).or_default();
        Localized { by_lang, default_lang: default_lang.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> BTreeMap<String, String> {
        BTreeMap::from([("ja".to_string(), "総務課".to_string())])
    }

    #[test]
    fn a_missing_language_falls_back_to_the_default() {
        let n = Localized::new(names(), "ja").expect("default present");
        assert_eq!(n.get("en"), (&"総務課".to_string(), "ja"));
        assert_eq!(n.in_lang("en"), None);
        assert!(Localized::new(names(), "en").is_none());
    }

    #[test]
    fn optional_text_is_empty_where_no_language_has_it() {
        let d: Localized<String> = Localized::or_empty(BTreeMap::from([("en".to_string(), "x".to_string())]), "ja");
        assert_eq!(d.get("fr").0, "");
        assert_eq!(d.get("en").0, "x");
    }
}
