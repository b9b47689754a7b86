//! Link checking of a rendered site, without a browser: every `href` and `src` that points inside
//! the site must name an existing file, and every `#fragment` an existing `id` on that page.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::BaseUrl;
use crate::render::{OutputFile, Rendered};

/// A broken internal link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link.
    pub page: String,
    pub target: String,
    pub reason: String,
}

/// Finds broken internal links and fragments in the HTML files of `files`.
pub fn broken_links(files: &[OutputFile], base: &BaseUrl) -> Vec<BrokenLink> {
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let html: Vec<(&OutputFile, String)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".svg"))
        .map(|f| (f, String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect();
    for (file, text) in &html {
        ids.insert(file.path.as_str(), attribute_values(text, "id").into_iter().collect());
    }
    let mut broken = Vec::new();
    for (file, text) in &html {
        for attr in ["href", "src"] {
            for value in attribute_values(text, attr) {
                let value = decode_entities(&value);
                let Some((target_path, fragment)) = resolve(&file.path, &value, base) else {
                    continue;
                };
                let target_file = if target_path.is_empty() || target_path.ends_with('/') {
                    format!("{target_path}index.html")
                } else {
                    target_path.clone()
                };
                if !paths.contains(target_file.as_str()) {
                    broken.push(BrokenLink {
                        page: file.path.clone(),
                        target: value.clone(),
                        reason: format!("no file `{target_file}`"),
                    });
                    continue;
                }
                if let Some(fragment) = fragment
                    && !fragment.is_empty()
                    && ids.get(target_file.as_str()).is_some_and(|set| !set.contains(&fragment))
                {
                    broken.push(BrokenLink {
                        page: file.path.clone(),
                        target: value.clone(),
                        reason: format!("no id `{fragment}` in `{target_file}`"),
                    });
                }
            }
        }
    }
    broken
}

/// Ids that occur more than once in one HTML page: `(page, id, count)`. A duplicate id breaks
/// fragment links and `aria-labelledby`, so `keikaku check` fails on it.
pub fn duplicate_ids(files: &[OutputFile]) -> Vec<(String, String, usize)> {
    let mut found = Vec::new();
    for file in files.iter().filter(|f| f.path.ends_with(".html")) {
        let text = String::from_utf8_lossy(&file.bytes);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for id in attribute_values(&text, "id") {
            *counts.entry(id).or_default() += 1;
        }
        found.extend(counts.into_iter().filter(|(_, n)| *n > 1).map(|(id, n)| (file.path.clone(), id, n)));
    }
    found
}

/// A standalone SVG that is not well-formed XML, or whose root is not an `<svg>` element in the
/// SVG namespace.
pub fn malformed_svgs(files: &[OutputFile]) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".svg"))
        .filter_map(|f| {
            let text = String::from_utf8_lossy(&f.bytes);
            match crate::xml::parse_xml(&text) {
                Ok(root) if root.name == "svg" && root.attr("xmlns") == Some("http://www.w3.org/2000/svg") => None,
                Ok(root) => Some((f.path.clone(), format!("root element `{}` is not an SVG root", root.name))),
                Err(e) => Some((f.path.clone(), e)),
            }
        })
        .collect()
}

/// Resolves a link to a site path and fragment; `None` for external and non-page links.
fn resolve(page: &str, link: &str, base: &BaseUrl) -> Option<(String, Option<String>)> {
    let link = link.trim();
    if link.is_empty() || link.starts_with("mailto:") || link.starts_with("tel:") || link.starts_with("data:") {
        return None;
    }
    let (without_fragment, fragment) = match link.split_once('#') {
        Some((a, f)) => (a, Some(f.to_string())),
        None => (link, None),
    };
    let without_query = without_fragment.split('?').next().unwrap_or("");
    let site_path = if let Some(rest) = without_query.strip_prefix(&base.origin) {
        rest.strip_prefix(&base.path[..]).or_else(|| rest.strip_prefix(base.path.trim_end_matches('/')))?.to_string()
    } else if without_query.contains("://") || without_query.starts_with("//") {
        return None;
    } else if let Some(abs) = without_query.strip_prefix('/') {
        let prefix = base.path.trim_start_matches('/');
        abs.strip_prefix(prefix).map(str::to_string).unwrap_or_else(|| format!("\u{0}{abs}"))
    } else if without_query.is_empty() {
        page.to_string()
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        normalise(&format!("{dir}/{without_query}"))
    };
    Some((site_path, fragment))
}

fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    out
}

/// Values of an attribute in an HTML text (double- or single-quoted).
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let pattern = format!("{name}=");
    let mut from = 0;
    while let Some(i) = html[from..].find(&pattern) {
        let start = from + i;
        from = start + pattern.len();
        // The attribute name must stand alone (not `data-href=`).
        if start > 0 && !(bytes[start - 1] as char).is_ascii_whitespace() {
            continue;
        }
        let Some(&quote) = bytes.get(from) else { break };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        if let Some(end) = html[from + 1..].find(quote as char) {
            out.push(html[from + 1..from + 1 + end].to_string());
            from = from + 1 + end;
        }
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&").replace("&#x2F;", "/").replace("&#47;", "/").replace("&quot;", "\"").replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile { path: path.to_string(), bytes: html.as_bytes().to_vec() }
    }

    #[test]
    fn finds_missing_pages_and_fragments() {
        let base = BaseUrl::parse("https://x.test/sub/").unwrap();
        let files = vec![
            file(
                "ja/index.html",
                r##"<a href="/sub/ja/a/">a</a> <a href="/sub/ja/b/">b</a> <a href="/sub/ja/a/#x">x</a> <a href="/sub/ja/a/#nope">n</a> <a href="https://other.test/">e</a>"##,
            ),
            file("ja/a/index.html", r##"<h2 id="x">x</h2><a href="../">up</a><a href="#x">self</a>"##),
        ];
        let broken = broken_links(&files, &base);
        let targets: Vec<&str> = broken.iter().map(|b| b.target.as_str()).collect();
        assert_eq!(targets, vec!["/sub/ja/b/", "/sub/ja/a/#nope"]);
    }

    #[test]
    fn duplicate_ids_are_found_per_page() {
        let files = [
            file("a/index.html", r#"<h2 id="section-1">a</h2><h2 id="section-1">b</h2><p id="x"></p>"#),
            file("b/index.html", r#"<h2 id="section-1">a</h2>"#),
        ];
        assert_eq!(duplicate_ids(&files), [("a/index.html".to_string(), "section-1".to_string(), 2)]);
    }

    #[test]
    fn links_outside_the_base_path_are_broken() {
        let base = BaseUrl::parse("https://x.test/sub/").unwrap();
        let files = vec![file("ja/index.html", r#"<a href="/ja/">wrong base</a>"#)];
        assert_eq!(broken_links(&files, &base).len(), 1);
    }

    #[test]
    fn attribute_scanner_ignores_data_attributes() {
        let values = attribute_values(r#"<a data-href="x" href='y'>"#, "href");
        assert_eq!(values, vec!["y".to_string()]);
    }
}

/// What `keikaku check --against` found: URLs of a previous sitemap that the new build still
/// serves (as pages or as redirects), and those it would break.
#[derive(Debug, Default)]
pub struct UrlGuard {
    pub published: usize,
    pub redirected: usize,
    /// Published URLs the build neither builds nor redirects.
    pub missing: Vec<String>,
    /// Published URLs outside this site's base URL (another site's sitemap?).
    pub foreign: Vec<String>,
}

/// Compares a previously published `sitemap.xml` with the would-be output. A URL is kept when
/// the output has its page; a redirect page (an old id's) counts as kept. URLs are compared by
/// path below the base URL's path, so a sitemap fetched from another origin (a preview, a mirror)
/// is compared the same way.
pub fn against_sitemap(sitemap: &str, rendered: &Rendered, base: &BaseUrl) -> Result<UrlGuard, String> {
    let root = crate::xml::parse_xml(sitemap).map_err(|e| format!("not a well-formed sitemap: {e}"))?;
    if root.name != "urlset" {
        return Err(format!("the root element is `{}`, not a sitemap's `urlset`", root.name));
    }
    let built: BTreeSet<&str> = rendered.files.iter().map(|f| f.path.as_str()).collect();
    let mut guard = UrlGuard::default();
    for url in root.descendants().into_iter().filter(|e| e.name == "url") {
        let Some(loc) = url.descendants().into_iter().find(|e| e.name == "loc").map(|e| e.visible_text().trim().to_string())
        else {
            continue;
        };
        guard.published += 1;
        // Drop the origin (`https://host[:port]`), then the base path.
        let path = loc.split_once("://").map_or(loc.as_str(), |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
        let Some(site_path) =
            path.strip_prefix(base.path.as_str()).or_else(|| (path.to_string() + "/" == base.path).then_some(""))
        else {
            guard.foreign.push(loc);
            continue;
        };
        let site_path = site_path.split(['?', '#']).next().unwrap_or_default();
        let file = crate::render::urls::file_of(site_path);
        if rendered.redirects.contains(&file) {
            guard.redirected += 1;
        } else if !built.contains(file.as_str()) {
            guard.missing.push(loc);
        }
    }
    Ok(guard)
}
