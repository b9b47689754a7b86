//! Ids: the lower-case ASCII names of plans, initiatives, terms, themes and themes' files, which
//! become directory names and URL segments. One rule for every stage (config, load, model,
//! scaffold).

/// The longest id: ids become directory names (a file system refuses names over 255 bytes) and
/// URL segments a person may type.
pub const MAX_ID_LEN: usize = 64;

/// Ids become URL segments: lower-case ASCII letters, digits and single hyphens, at most
/// `MAX_ID_LEN` of them.
pub fn check_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("it is empty");
    }
    if id.len() > MAX_ID_LEN {
        return Err("it is longer than 64 characters (ids become file names and URLs)");
    }
    if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err("use only lower-case ASCII letters, digits and `-`");
    }
    if id.starts_with('-') || id.ends_with('-') || id.contains("--") {
        return Err("hyphens may not start, end or repeat");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_url_safe() {
        assert!(check_id("hamamatsu-dx-2").is_ok());
        assert!(check_id("1-5-1").is_ok());
        assert!(check_id("Tactic-1").is_err());
        assert!(check_id("a--b").is_err());
        assert!(check_id("").is_err());
    }
}
