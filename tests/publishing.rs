//! Publishing for the city website (issue 16): redirect pages for old ids and the URL guard
//! (`check --against`), Open Graph and JSON-LD on every page kind, Atom feeds, last-updated dates,
//! embeddable cards and the data catalogue — on fixture sites and on the bundled content.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;

use common::{Fixture, bundled_site_on_disk, stderr, stdout};
use keikaku::xml::{Element, parse_xml};
use serde_json::Value;

const ORIGIN: &str = "https://city.example.jp/dx-plans/";

/// The standard fixture with initiative `1-1` renamed to `online`, listing its old id or not.
fn renamed(keep_old_id: bool) -> (Fixture, String) {
    let fixture = Fixture::standard();
    fixture.build_ok();
    let previous = fixture.site("sitemap.xml");
    for lang in ["ja", "en"] {
        let old = format!("content/plans/test-plan/initiatives/1-1.{lang}.md");
        let mut text = fixture.read(&old);
        if keep_old_id {
            text = text.replacen("+++\n", "+++\nold_ids = [\"1-1\"]\n", 1);
        }
        std::fs::remove_file(fixture.path().join(&old)).unwrap();
        fixture.write(&format!("content/plans/test-plan/initiatives/online.{lang}.md"), &text);
    }
    fixture.write("previous-sitemap.xml", &previous);
    (fixture, previous)
}

#[test]
fn an_old_id_serves_a_redirect_page_and_the_url_guard_passes() {
    let (fixture, previous) = renamed(true);
    assert!(previous.contains("<loc>https://city.example.jp/dx-plans/ja/plans/test-plan/1-1/</loc>"));
    fixture.build_ok();
    for lang in ["ja", "en"] {
        let page = fixture.site(&format!("{lang}/plans/test-plan/1-1/index.html"));
        let target = format!("/dx-plans/{lang}/plans/test-plan/online/");
        assert!(page.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">")), "{page}");
        assert!(page.contains(&format!("<link rel=\"canonical\" href=\"https://city.example.jp{target}\">")), "{page}");
        assert!(page.contains(&format!("<a href=\"{target}\">")), "a visible link: {page}");
        assert!(page.contains(&format!("<html lang=\"{lang}\">")));
        assert!(page.contains("noindex"));
        // The embed card of the old id follows too.
        let embed = fixture.site(&format!("{lang}/plans/test-plan/1-1/embed/index.html"));
        assert!(embed.contains(&format!("url=/dx-plans/{lang}/plans/test-plan/online/embed/")), "{embed}");
    }
    // Redirect pages are not pages to index.
    assert!(!fixture.site("sitemap.xml").contains("/test-plan/1-1/"));
    let out = fixture.run(&["check", "--against", "previous-sitemap.xml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let published = previous.matches("<loc>").count();
    assert!(
        stdout(&out).contains(&format!("published URLs: {published} in previous-sitemap.xml, 2 kept by redirect, 0 missing")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_page_removed_without_its_old_id_fails_the_url_guard_with_its_url() {
    let (fixture, _) = renamed(false);
    let out = fixture.run(&["check", "--against", "previous-sitemap.xml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for lang in ["ja", "en"] {
        assert!(
            err.contains(&format!("published URL `{ORIGIN}{lang}/plans/test-plan/1-1/` is neither built nor redirected")),
            "{err}"
        );
    }
    assert!(err.contains("old_ids"), "the help names the fix: {err}");
    assert!(stdout(&out).contains("2 missing"), "{}", stdout(&out));
    // Without the guard the same content is fine: nothing else is wrong.
    assert!(fixture.run(&["check"]).status.success());
}

#[test]
fn the_url_guard_fetches_a_published_sitemap_over_http() {
    let (fixture, previous) = renamed(true);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let n = stream.read(&mut request).unwrap();
        let head = String::from_utf8_lossy(&request[..n]).to_string();
        let body = previous.as_bytes();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(body).unwrap();
        head
    });
    let url = format!("http://127.0.0.1:{port}/dx-plans/sitemap.xml");
    let out = fixture.run(&["check", "--against", &url]);
    let request = server.join().unwrap();
    assert!(request.starts_with("GET /dx-plans/sitemap.xml HTTP/1.1"), "{request}");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 kept by redirect, 0 missing"), "{}", stdout(&out));
}

#[test]
fn an_unreachable_sitemap_is_an_io_error_that_names_the_first_deployment() {
    let fixture = Fixture::standard();
    let out = fixture.run(&["check", "--against", "http://127.0.0.1:9/sitemap.xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("first deployment"), "{}", stderr(&out));
    let out = fixture.run(&["check", "--against", "missing.xml"]);
    assert_eq!(out.status.code(), Some(2));
    fixture.write("not-a-sitemap.xml", "<html></html>");
    let out = fixture.run(&["check", "--against", "not-a-sitemap.xml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a sitemap"), "{}", stderr(&out));
}

#[test]
fn old_ids_that_would_collide_are_refused_with_their_position() {
    let fixture = Fixture::standard();
    // `2-1` is a current page: its URL cannot become a redirect.
    fixture.edit("content/plans/test-plan/initiatives/1-1.ja.md", "+++\n", "+++\nold_ids = [\"2-1\"]\n");
    fixture.edit("content/plans/test-plan/initiatives/1-1.en.md", "+++\n", "+++\nold_ids = [\"2-1\"]\n");
    let out = fixture.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("initiatives/1-1.ja.md:2:"), "{err}");
    assert!(err.contains("old id `2-1` is the current id of another document"), "{err}");
    // An `updated` date must be a full date.
    let fixture = Fixture::standard();
    fixture.edit("content/glossary/dx.en.md", "+++\n", "+++\nupdated = \"2026-13\"\n");
    let out = fixture.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("dx.en.md:2:11"), "{}", stderr(&out));
    assert!(stderr(&out).contains("a full date `YYYY-MM-DD`"), "{}", stderr(&out));
}

#[test]
fn embed_is_not_an_initiative_id() {
    let fixture = Fixture::standard();
    fixture.write("content/plans/test-plan/initiatives/embed.ja.md", common::INITIATIVE2_JA);
    let out = fixture.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the id `embed` is reserved") && err.contains("--> content/plans/test-plan/initiatives/embed.ja.md"),
        "{err}"
    );
}

// ----- the bundled site ---------------------------------------------------------------------

/// Every HTML file of a built site, by site path.
fn html_pages(dir: &Path) -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    for entry in walkdir(dir) {
        if entry.ends_with(".html") {
            let rel = entry.strip_prefix(dir.to_str().unwrap()).unwrap().trim_start_matches('/').to_string();
            pages.insert(rel, std::fs::read_to_string(&entry).unwrap());
        }
    }
    pages
}

fn walkdir(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path.to_str().unwrap().to_string());
        }
    }
    out.sort();
    out
}

fn meta_property(page: &str, property: &str) -> Vec<String> {
    let needle = format!("<meta property=\"{property}\" content=\"");
    page.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &page[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

fn json_ld(page: &str) -> Value {
    let start = page.find("<script type=\"application/ld+json\">").expect("a JSON-LD script") + 35;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}"))
}

fn node<'a>(ld: &'a Value, ty: &str) -> Option<&'a Value> {
    ld["@graph"].as_array().unwrap().iter().find(|n| n["@type"] == ty)
}

#[test]
fn every_page_kind_has_link_previews_json_ld_and_a_last_updated_date() {
    let (_dir, site) = bundled_site_on_disk();
    let pages = html_pages(&site);
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    for (path, page) in &pages {
        let kind = page.split("<body class=\"page-").nth(1).map(|s| s[..s.find('"').unwrap()].to_string()).unwrap();
        kinds.insert(kind.clone());
        if kind == "embed" {
            assert!(page.contains("noindex"), "{path}");
            continue;
        }
        let canonical = page.split("<link rel=\"canonical\" href=\"").nth(1).map(|s| &s[..s.find('"').unwrap()]).unwrap();
        assert_eq!(meta_property(page, "og:url"), [canonical], "{path}");
        assert_eq!(meta_property(page, "og:title").len(), 1, "{path}");
        assert_eq!(meta_property(page, "og:site_name").len(), 1, "{path}");
        let locale = meta_property(page, "og:locale");
        assert!(locale == ["ja_JP"] || locale == ["en_GB"], "{path}: {locale:?}");
        assert!(["website", "article"].contains(&meta_property(page, "og:type")[0].as_str()), "{path}");
        assert!(page.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{path}");

        let ld = json_ld(page);
        assert_eq!(ld["@context"], "https://schema.org", "{path}");
        let crumbs = node(&ld, "BreadcrumbList").unwrap_or_else(|| panic!("{path}: no BreadcrumbList"));
        let items = crumbs["itemListElement"].as_array().unwrap();
        assert!(!items.is_empty(), "{path}");
        for (n, item) in items.iter().enumerate() {
            assert_eq!(item["@type"], "ListItem", "{path}");
            assert_eq!(item["position"], n + 1, "{path}");
            assert!(item["name"].as_str().is_some_and(|s| !s.is_empty()), "{path}");
            assert!(item["item"].as_str().unwrap().starts_with("http"), "{path}");
        }
        assert_eq!(items.last().unwrap()["item"], canonical, "{path}: the last crumb is the page");
        let main = &ld["@graph"][1];
        assert!(main["@type"].is_string() && main["name"].is_string() && main["url"] == canonical, "{path}: {main}");

        // The date from content, in the footer and in the data.
        let label = if path.starts_with("en/") {
            "This page last updated: <time datetime=\""
        } else {
            "このページの最終更新: <time datetime=\""
        };
        if kind != "landing" && kind != "not-found" {
            let at = page.find(label).unwrap_or_else(|| panic!("{path}: no last-updated date"));
            let date = &page[at + label.len()..at + label.len() + 10];
            assert!(keikaku::fiscal::Date::parse(date).is_some_and(|d| d.day.is_some()), "{path}: {date}");
            assert_eq!(main["dateModified"], date, "{path}");
        }
    }
    for kind in [
        "home",
        "plan",
        "initiative",
        "case",
        "glossary",
        "term",
        "themes",
        "theme",
        "departments",
        "department",
        "search",
        "statuses",
        "accessibility",
        "data",
        "embed",
        "landing",
        "not-found",
    ] {
        assert!(kinds.contains(kind), "no page of kind {kind}: {kinds:?}");
    }

    // A plan: a work published by the municipality, with its period and its data.
    let himeji = json_ld(&pages["ja/plans/himeji-digital-strategy/index.html"]);
    let work = node(&himeji, "CreativeWork").unwrap();
    assert_eq!(work["publisher"]["@type"], "GovernmentOrganization");
    assert_eq!(work["publisher"]["name"], "姫路市");
    assert_eq!(work["version"], "3.2");
    assert_eq!(work["temporalCoverage"], "2021-04/2031-03");
    let dataset = &work["subjectOf"];
    assert_eq!(dataset["@type"], "Dataset");
    for d in dataset["distribution"].as_array().unwrap() {
        let url = d["contentUrl"].as_str().unwrap();
        let rel = url.split_once("://").unwrap().1.split_once('/').unwrap().1;
        assert!(site.join(rel).is_file(), "{url}");
        assert!(["application/json", "text/csv"].contains(&d["encodingFormat"].as_str().unwrap()));
    }
    // The catalogue: one Dataset per plan.
    let catalogue = json_ld(&pages["en/data/index.html"]);
    let plans = std::fs::read_dir(site.join("en/plans")).unwrap().count();
    assert_eq!(node(&catalogue, "DataCatalog").unwrap()["dataset"].as_array().unwrap().len(), plans);
    // An initiative's date is its file's `updated`.
    let file = std::fs::read_to_string(common::repo_root().join("content/plans/moka-dx/initiatives/tactic-1.en.md")).unwrap();
    let updated = file.split("updated = \"").nth(1).map(|s| &s[..10]).unwrap();
    assert!(
        pages["en/plans/moka-dx/tactic-1/index.html"].contains(&format!("This page last updated: <time datetime=\"{updated}\">"))
    );
}

fn child<'a>(e: &'a Element, name: &str) -> Option<&'a Element> {
    e.children.iter().find_map(|c| match c {
        keikaku::xml::Node::Element(x) if x.name == name => Some(x),
        _ => None,
    })
}

fn children<'a>(e: &'a Element, name: &str) -> Vec<&'a Element> {
    e.children
        .iter()
        .filter_map(|c| match c {
            keikaku::xml::Node::Element(x) if x.name == name => Some(x),
            _ => None,
        })
        .collect()
}

fn is_rfc3339(s: &str) -> bool {
    s.len() == 25 && keikaku::fiscal::Date::parse(&s[..10]).is_some() && &s[10..] == "T00:00:00+09:00"
}

#[test]
fn atom_feeds_are_valid_ordered_and_stable() {
    let (_dir, site) = bundled_site_on_disk();
    let (_dir2, again) = bundled_site_on_disk();
    let mut feeds = vec!["ja/atom.xml".to_string(), "en/atom.xml".to_string()];
    for plan in std::fs::read_dir(site.join("ja/plans")).unwrap() {
        let id = plan.unwrap().file_name().into_string().unwrap();
        feeds.push(format!("ja/plans/{id}/atom.xml"));
        feeds.push(format!("en/plans/{id}/atom.xml"));
    }
    for rel in &feeds {
        let text = std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(text, std::fs::read_to_string(again.join(rel)).unwrap(), "{rel} differs between builds");
        let feed = parse_xml(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(feed.name, "feed");
        assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
        for required in ["id", "title", "updated", "author"] {
            assert!(child(&feed, required).is_some(), "{rel}: no <{required}>");
        }
        assert!(child(child(&feed, "author").unwrap(), "name").is_some());
        let links = children(&feed, "link");
        let this = links.iter().find(|l| l.attr("rel") == Some("self")).unwrap();
        assert!(this.attr("href").unwrap().ends_with(rel.as_str()), "{rel}");
        let entries = children(&feed, "entry");
        assert!(!entries.is_empty(), "{rel} has no entries");
        let mut ids = BTreeSet::new();
        let mut previous = String::from("9999");
        for e in &entries {
            let id = child(e, "id").unwrap().visible_text();
            assert!(ids.insert(id.clone()), "{rel}: entry id {id} twice");
            assert!(child(e, "title").is_some_and(|t| !t.visible_text().is_empty()));
            let updated = child(e, "updated").unwrap().visible_text();
            assert!(is_rfc3339(&updated), "{rel}: {updated}");
            assert!(updated <= previous, "{rel}: entries not newest first");
            previous = updated;
            let href = child(e, "link").unwrap().attr("href").unwrap();
            // Every entry links to a page that exists, and its fragment to an id on it.
            let rel_url = href.split_once("://").unwrap().1.split_once('/').unwrap().1;
            let (path, fragment) = rel_url.split_once('#').map_or((rel_url, None), |(p, f)| (p, Some(f)));
            let page = std::fs::read_to_string(site.join(path).join("index.html")).unwrap_or_else(|e| panic!("{href}: {e}"));
            if let Some(f) = fragment {
                assert!(page.contains(&format!("id=\"{f}\"")), "{href}");
            }
        }
        assert_eq!(child(&feed, "updated").unwrap().visible_text(), child(entries[0], "updated").unwrap().visible_text());
    }
    // Himeji's versions are entries with their dates.
    let himeji = std::fs::read_to_string(site.join("ja/plans/himeji-digital-strategy/atom.xml")).unwrap();
    assert!(
        himeji.contains("<title>姫路ライフ・デジタル戦略（Ver.3.2）</title>\n    <updated>2025-03-01T00:00:00+09:00</updated>"),
        "{himeji}"
    );
    assert!(himeji.contains("#version-1-3\"/>"));
    // Every page announces the language's feed.
    let page = std::fs::read_to_string(site.join("en/glossary/index.html")).unwrap();
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Plan updates\" href=\"/en/atom.xml\">"));
}

#[test]
fn embed_cards_show_title_status_and_this_years_step_and_link_to_the_page() {
    let (_dir, site) = bundled_site_on_disk();
    let card = std::fs::read_to_string(site.join("ja/plans/hamamatsu-dx-2/1-1/embed/index.html")).unwrap();
    assert!(card.contains("<body class=\"page-embed\">"));
    assert!(card.contains("<a href=\"/ja/plans/hamamatsu-dx-2/1-1/\" target=\"_top\">(1)-1 "), "{card}");
    assert!(card.contains("<dt>進捗区分</dt>"));
    assert!(card.contains("年度（令和"), "this year's step names the fiscal year: {card}");
    assert!(!card.contains("<script"), "an embed runs no JavaScript");
    assert!(!card.contains("site-header"), "no site header in a card");
    let plan_card = std::fs::read_to_string(site.join("en/plans/matsue-digital-1/embed/index.html")).unwrap();
    assert!(plan_card.contains("55 initiatives"), "{plan_card}");
    // The page offers the snippet, with the card's absolute URL.
    let page = std::fs::read_to_string(site.join("ja/plans/hamamatsu-dx-2/1-1/index.html")).unwrap();
    assert!(
        page.contains("&lt;iframe src=&quot;http://127.0.0.1:1111/ja/plans/hamamatsu-dx-2/1-1/embed/&quot; title=&quot;(1)-1 "),
        "snippet"
    );
    assert!(page.contains("<a href=\"/ja/plans/hamamatsu-dx-2/1-1/embed/\">"), "a preview link");
}

/// The header row of a CSV file (after its byte-order mark).
fn csv_header(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    text.lines().next().unwrap().split(',').map(String::from).collect()
}

#[test]
fn the_data_catalogue_lists_every_dataset_and_every_column_of_every_csv() {
    let (_dir, site) = bundled_site_on_disk();
    for lang in ["ja", "en"] {
        let page = std::fs::read_to_string(site.join(format!("{lang}/data/index.html"))).unwrap();
        let plans: Vec<String> = std::fs::read_dir(site.join(format!("{lang}/plans")))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(plans.len(), 5);
        for plan in &plans {
            assert!(page.contains(&format!("id=\"dataset-{plan}\"")), "{lang}: {plan}");
            for file in ["plan.json", "initiatives.csv", "kpis.csv"] {
                assert!(page.contains(&format!("href=\"/{lang}/plans/{plan}/{file}\"")), "{lang}: {plan}/{file}");
            }
        }
        for file in ["initiatives.csv", "kpis.csv", "initiative-departments.csv", "initiative-themes.csv"] {
            let combined = std::fs::read_to_string(site.join(format!("{lang}/data/{file}"))).unwrap();
            let header = csv_header(&combined);
            assert!(header.iter().all(|h| h.chars().all(|c| c.is_ascii_lowercase() || c == '_')), "ASCII names: {header:?}");
            let stem = file.trim_end_matches(".csv");
            let section = page.split(&format!("id=\"table-{stem}\"")).nth(1).expect("a dictionary section");
            let section = &section[..section.find("</section>").unwrap()];
            let listed: Vec<&str> = section
                .match_indices("<th scope=\"row\"><code>")
                .map(|(i, m)| &section[i + m.len()..][..section[i + m.len()..].find('<').unwrap()])
                .collect();
            assert_eq!(listed, header, "{lang}: the dictionary of {file} lists exactly its columns, in order");
            assert!(section.matches("<tr>").count() > header.len(), "every column has a row");
            // Per-plan files have the same columns, and the combined file holds all their rows.
            if file == "initiatives.csv" || file == "kpis.csv" {
                let mut rows = 0;
                for plan in &plans {
                    let own = std::fs::read_to_string(site.join(format!("{lang}/plans/{plan}/{file}"))).unwrap();
                    assert_eq!(csv_header(&own), header);
                    rows += own.split("\r\n").count() - 2;
                }
                assert_eq!(combined.split("\r\n").count() - 2, rows, "{lang}: {file}");
            }
        }
        assert!(page.contains("UTF-8") && page.contains("BOM"), "the character set and BOM are stated");
        assert!(page.contains("href=\"/data/plan.schema.json\""));
    }
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(site.join("data/plan.schema.json")).unwrap()).unwrap();
    assert_eq!(schema["properties"]["data_version"]["enum"][0], keikaku::render::data::DATA_VERSION);
    // Each responsible department is its own row, with the department's name.
    let departments = std::fs::read_to_string(site.join("ja/data/initiative-departments.csv")).unwrap();
    assert!(departments.lines().any(|l| l.starts_with("hamamatsu-dx-2,1-2,hamamatsu-digital-smart-city,")), "{departments}");
}

#[test]
fn plan_json_has_each_key_once() {
    let (_dir, site) = bundled_site_on_disk();
    for plan in std::fs::read_dir(site.join("ja/plans")).unwrap() {
        let path = plan.unwrap().path().join("plan.json");
        let text = std::fs::read_to_string(&path).unwrap();
        // serde_json keeps the last of repeated keys; count them in the text instead.
        for object in text.split("\n    {\n").skip(1) {
            let top: Vec<&str> =
                object.lines().filter(|l| l.starts_with("      \"")).map(|l| l.trim().split('"').nth(1).unwrap()).collect();
            let unique: BTreeSet<&&str> = top.iter().collect();
            assert_eq!(unique.len(), top.len(), "{}: repeated keys in {top:?}", path.display());
        }
    }
}

#[test]
fn hostile_text_stays_text_in_feeds_json_ld_embeds_and_previews() {
    let fixture = Fixture::standard();
    let evil = r#"</script><script>alert(1)</script> & "quotes" <b>"#;
    for lang in ["ja", "en"] {
        let file = format!("content/plans/test-plan/initiatives/1-1.{lang}.md");
        let text = fixture.read(&file);
        let title_line = text.lines().find(|l| l.starts_with("title = ")).unwrap().to_string();
        fixture.edit(&file, &title_line, &format!("updated = \"2026-06-01\"\ntitle = '{evil}'"));
    }
    fixture.build_ok();
    let page = fixture.site("ja/plans/test-plan/1-1/index.html");
    assert_eq!(page.matches("<script").count(), page.matches("</script>").count(), "no script was opened by content");
    assert!(!page.contains("<script>alert"));
    let ld = json_ld(&page);
    assert_eq!(ld["@graph"][1]["name"], format!("(1)-1 {evil}"), "JSON-LD carries the text exactly");
    let og = &meta_property(&page, "og:title")[0];
    assert!(og.contains("&lt;&#x2F;script&gt;") || og.contains("&lt;/script&gt;"), "{og}");
    let feed = fixture.site("ja/plans/test-plan/atom.xml");
    let parsed = parse_xml(&feed).expect("the feed stays well-formed");
    let titles: Vec<String> = children(&parsed, "entry").iter().map(|e| child(e, "title").unwrap().visible_text()).collect();
    assert!(titles.contains(&format!("(1)-1 {evil}")), "{titles:?}");
    let embed = fixture.site("ja/plans/test-plan/1-1/embed/index.html");
    assert!(!embed.contains("<script"), "{embed}");
    assert!(embed.contains("&lt;&#x2F;script&gt;") || embed.contains("&lt;/script&gt;"), "{embed}");
}

#[test]
fn the_documented_fragment_anchors_exist_on_the_bundled_site() {
    // The README's URL table promises these anchors to the city website; each is checked here.
    let built = keikaku::build(&common::repo_root(), None).unwrap_or_else(|_| panic!("the bundled site builds"));
    let page = |path: &str| {
        let file = built.rendered.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path}"));
        String::from_utf8(file.bytes.clone()).unwrap()
    };
    let anchors = [
        ("ja/plans/hamamatsu-dx-2/index.html", "pillar-1"),
        ("ja/plans/hamamatsu-dx-2/index.html", "roadmap"),
        ("ja/plans/hamamatsu-dx-2/index.html", "open-data"),
        ("ja/plans/matsue-digital-1/index.html", "group-digital-divide"),
        ("en/plans/himeji-digital-strategy/index.html", "version-3-2"),
        ("ja/plans/hamamatsu-dx-2/1-1/index.html", "action-1"),
        ("ja/plans/hamamatsu-dx-2/1-2/index.html", "kpi-online-rate"),
        ("ja/plans/matsue-digital-1/1/index.html", "years"),
        ("ja/glossary/index.html", "term-dx"),
        ("en/statuses/index.html", "status-not-reported"),
        ("en/themes/digital-talent/index.html", "plan-moka-dx"),
        ("en/data/index.html", "dataset-moka-dx"),
        ("en/data/index.html", "table-initiative-departments"),
    ];
    for (path, id) in anchors {
        assert!(page(path).contains(&format!(" id=\"{id}\"")), "{path}#{id}");
    }
}
