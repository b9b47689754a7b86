//! Hostile and careless input (issue 14): each defect a probe of the release binary found gets a
//! test here that failed before its fix — an unsafe URL published as a link, spreadsheet formulas
//! in CSV, non-finite numbers, control characters, over-long ids, an output directory that is an
//! input, a theme outside the project, cascades of false errors, colliding department keys.
//! Every failing case checks the exit code, the located error, and that the previous output is
//! intact with no staging directory left.

mod common;

use common::*;

const PLAN: &str = "content/plans/test-plan/plan.ja.md";
const PLAN_EN: &str = "content/plans/test-plan/plan.en.md";
const INIT: &str = "content/plans/test-plan/initiatives/1-1.ja.md";
const INIT_EN: &str = "content/plans/test-plan/initiatives/1-1.en.md";

#[test]
fn a_javascript_source_url_is_refused_at_load() {
    let text = failing_build(|f| {
        for file in [PLAN, PLAN_EN] {
            f.edit(file, "publisher = ", "url = \"javascript:alert(document.cookie)\"\npublisher = ");
        }
    });
    assert!(text.contains("invalid URL `javascript:alert(document.cookie)`: only http and https links are allowed"), "{text}");
    assert!(text.contains("plan.ja.md:14:7"), "{text}");
    assert!(text.contains("links to scripts are never published"), "{text}");
}

#[test]
fn urls_with_quotes_or_without_a_host_are_refused() {
    for bad in ["https://", "https://x.example/\\\"onmouseover=alert(1)", "http://a b.example/", "data:text/html,x"] {
        let toml_value = bad.replace('\\', "\\\\").replace('"', "\\\"");
        let text = failing_build(|f| {
            for file in [PLAN, PLAN_EN] {
                f.edit(file, "publisher = ", &format!("url = \"{toml_value}\"\npublisher = "));
            }
        });
        assert!(text.contains("invalid URL"), "{bad}: {text}");
    }
}

#[test]
fn non_finite_and_absurd_numbers_are_refused() {
    for (bad, message) in [
        ("inf", "`inf` is not a finite number"),
        ("-inf", "`-inf` is not a finite number"),
        ("nan", "`nan` is not a finite number"),
        ("1e30", "`1e30` is too large"),
    ] {
        let text = failing_build(|f| {
            for file in [INIT, INIT_EN] {
                f.edit(file, "value = 19", &format!("value = {bad}"));
            }
        });
        assert!(text.contains(message), "{bad}: {text}");
        assert!(text.contains("1-1.ja.md:23:9"), "{bad}: located at the value: {text}");
        assert!(!text.contains("expected nan"), "{text}");
    }
}

#[test]
fn the_year_0000_is_not_a_date() {
    let text = failing_build(|f| f.edit(INIT, "status = \"started\"", "status = \"started\"\nstatus_date = \"0000\""));
    assert!(text.contains("invalid date `0000`"), "{text}");
}

#[test]
fn control_characters_are_refused_with_their_position() {
    let text = failing_build(|f| f.write(INIT, &(f.read(INIT) + "本文\u{1}です。\n")));
    assert!(text.contains("control character U+0001"), "{text}");
    // An escape inside a TOML string gets past the file-level check; the value check finds it.
    let text = failing_build(|f| f.edit(INIT, "title = \"行かない窓口\"", "title = \"行かない\\u0007窓口\""));
    assert!(text.contains("control character U+0007"), "{text}");
    assert!(text.contains("1-1.ja.md:"), "{text}");
}

#[test]
fn over_long_ids_are_refused_before_the_file_system_does() {
    let long = "a".repeat(100);
    let text = failing_build(|f| {
        f.write(&format!("content/plans/test-plan/initiatives/{long}.ja.md"), &f.read(INIT).replace("order = 1", "order = 9"));
    });
    assert!(text.contains("longer than 64 characters"), "{text}");
    assert!(!text.contains("File name too long"), "{text}");
}

#[test]
fn the_output_may_not_be_an_input_directory() {
    let f = Fixture::standard();
    for dir in ["static", "templates", "themes", "themes/default", "themes/default/static", "content/x", "."] {
        std::fs::create_dir_all(f.path().join(dir)).unwrap();
        let out = f.run(&["build", "--output", dir]);
        assert_eq!(out.status.code(), Some(2), "--output {dir} must be refused: {}", stderr(&out));
        assert!(stderr(&out).contains("refusing to write the site"), "{}", stderr(&out));
    }
    assert!(!f.path().join("static/index.html").exists());
    assert!(!f.path().join("templates/index.html").exists());
}

#[test]
fn a_theme_outside_the_project_is_refused() {
    for theme in ["../../etc", "/tmp", "default/../default"] {
        let f = Fixture::standard();
        f.edit("keikaku.toml", "theme = \"default\"", &format!("theme = \"{theme}\""));
        let out = f.run(&["build"]);
        let text = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{theme}");
        assert!(text.contains(&format!("invalid theme name `{theme}`")), "{text}");
        assert!(text.contains("keikaku.toml:2:9"), "{text}");
    }
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let f = Fixture::standard();
    f.edit(INIT, "title = \"オンライン手続の推進\"", "title = \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"");
    f.edit(INIT, "label = \"オンライン利用率\"", "label = \"@SUM(A1:A9)\"");
    f.build_ok();
    let csv = f.site("ja/plans/test-plan/initiatives.csv");
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\","), "{csv}");
    let csv = f.site("ja/plans/test-plan/kpis.csv");
    assert!(csv.contains(",'@SUM(A1:A9),"), "{csv}");
    assert!(!csv.lines().any(|l| l.split(',').any(|c| c.starts_with(['=', '@', '+']))), "{csv}");
}

#[test]
fn a_broken_plan_file_does_not_cascade() {
    // An invalid TOML date in the plan used to give dozens of false "unknown plan" and "has no
    // plan.ja.md" errors, with the real one last.
    let text = failing_build(|f| f.edit(PLAN, "kind = \"plan\"", "kind = \"plan\"\nadopted = 2025-13-01"));
    assert!(text.starts_with("error"), "{text}");
    assert!(text.contains("failed with 1 error(s)"), "only the root cause: {text}");
    assert!(!text.contains("has no plan.ja.md") && !text.contains("unknown plan"), "{text}");
}

#[test]
fn a_broken_registry_does_not_cascade() {
    let text = failing_build(|f| f.write("content/themes.toml", "[online\nname = 1\n"));
    assert!(text.contains("themes.toml:1:"), "{text}");
    assert!(text.contains("failed with 1 error(s)"), "no false `unknown theme` errors: {text}");
    let text = failing_build(|f| f.write("content/departments/testcity.toml", "[digital]\nname = \n"));
    assert!(text.contains("testcity.toml:"), "{text}");
    assert!(text.contains("failed with 1 error(s)"), "no false `unknown department` errors: {text}");
}

#[test]
fn root_causes_are_printed_before_what_follows_from_them() {
    // A term that fails to parse is a load error; an unknown pillar elsewhere is a model error.
    let text = failing_build(|f| {
        f.edit(INIT, "pillar = \"1\"", "pillar = \"9\"");
        f.edit("content/glossary/dx.ja.md", "term = \"DX\"", "term = DX");
    });
    let load = text.find("dx.ja.md").expect("the term's error");
    let model = text.find("unknown pillar").expect("the pillar's error");
    assert!(load < model, "{text}");
}

#[test]
fn department_keys_may_not_collide() {
    // `test-city.toml` with `x` and `test.toml` with `city-x` would share /departments/test-city-x/.
    let text = failing_build(|f| {
        f.write("content/departments/test-city.toml", "[x]\nname = { ja = \"甲課\", en = \"A Division\" }\n");
        f.write("content/departments/test.toml", "[city-x]\nname = { ja = \"乙課\", en = \"B Division\" }\n");
    });
    assert!(text.contains("has the page key `test-city-x`"), "{text}");
    assert!(text.contains("departments/test"), "{text}");
}

#[test]
fn hostile_text_is_escaped_in_every_output_format() {
    // Script and markup in every text field of every kind of document (the default fixture plus
    // payloads); no output file may carry them live.
    let f = Fixture::standard();
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\\\"'&";
    f.edit(INIT, "title = \"オンライン手続の推進\"", &format!("title = \"{payload}\""));
    f.edit(INIT, "label = \"オンライン利用率\"", &format!("label = \"{payload}\""));
    f.edit(INIT, "label = \"検討\"", &format!("label = \"{payload}\""));
    f.edit(PLAN, "title = \"テスト市DX推進計画\"", &format!("title = \"{payload}\""));
    f.edit("content/glossary/dx.ja.md", "expansion = ", &format!("aliases = [\"{payload}\"]\nexpansion = "));
    f.edit("content/glossary/dx.en.md", "expansion = ", &format!("aliases = [\"{payload}\"]\nexpansion = "));
    f.write(INIT, &(f.read(INIT) + "<script>alert(3)</script> [x](javascript:alert(4)) <iframe src=//evil>\n"));
    f.build_ok();
    for (path, bytes) in snapshot(&f.path().join("site")) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".json") {
            // Data files hold the text as data (search.js writes it with textContent); they
            // must stay well-formed JSON whatever the text.
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            continue;
        }
        if path.ends_with(".csv") {
            continue;
        }
        // Escaped text (`&lt;img src=x onerror=…`) is harmless; a live tag, an attribute broken
        // out of, or a script link is not.
        let live = ["<script>alert", "<img src=x", "<iframe", "\" onerror=", "href=\"javascript:", "src=\"javascript:"];
        for needle in live {
            assert!(!text.contains(needle), "{path} carries `{needle}` unescaped");
        }
    }
}

#[test]
fn a_full_width_note_lists_the_page_as_a_user_of_the_term() {
    // 「DX※１」 links note 1 on the page; the term's page must list the page too (one parser).
    let f = Fixture::standard();
    f.edit(
        "content/plans/test-plan/initiatives/2-1.ja.md",
        "summary = \"生成AIを使います。\"",
        "summary = \"生成AIを使います※１。\"",
    );
    f.build_ok();
    let page = f.site("ja/plans/test-plan/2-1/index.html");
    assert!(page.contains(">※１</a></sup>"), "the note links on the page");
    let term = f.site("ja/glossary/dx/index.html");
    assert!(term.contains("/ja/plans/test-plan/2-1/"), "the term's page lists 2-1 as a user:\n{term}");
}

#[test]
fn headings_in_two_fields_of_one_page_get_distinct_ids() {
    let f = Fixture::standard();
    f.edit(
        "content/plans/test-plan/initiatives/1-1.ja.md",
        "text = \"スマホで完結します。\"",
        "text = \"## 手順\\n\\nスマホで完結します。\"",
    );
    f.write(
        "content/plans/test-plan/initiatives/1-1.ja.md",
        &(f.read("content/plans/test-plan/initiatives/1-1.ja.md") + "## 詳細\n\n本文です。\n"),
    );
    f.build_ok();
    let page = f.site("ja/plans/test-plan/1-1/index.html");
    assert_eq!(page.matches(r#"id="section-1""#).count(), 1, "{page}");
    assert!(page.contains(r#"id="section-2""#));
    let out = f.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_fails_on_a_duplicate_id_in_a_page() {
    // A theme template that writes one id twice is caught by `check`, located in the page.
    let f = Fixture::standard();
    f.write(
        "templates/statuses.html",
        "{% extends \"base.html\" %}{% block content %}<h1 id=\"dup\">a</h1><p id=\"dup\">b</p>{% endblock content %}",
    );
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("id `dup` occurs 2 times on the page"), "{text}");
    assert!(text.contains("statuses/index.html"), "{text}");
}

#[test]
fn symbolic_links_are_never_followed_and_each_one_is_a_warning() {
    let f = Fixture::standard();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(outside.path(), f.path().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), f.path().join("content/glossary/ai.ja.md")).unwrap();
    let out = f.build_ok();
    let text = stderr(&out);
    assert!(text.contains("static") && text.contains("symbolic link skipped"), "{text}");
    assert!(text.contains("content/glossary/ai.ja.md"), "{text}");
    assert!(!f.path().join("site/secret.txt").exists(), "nothing from outside is published");
    let check = f.run(&["check"]);
    assert!(check.status.success() && stderr(&check).contains("symbolic link skipped"), "{}", stderr(&check));
}

#[test]
fn deeply_nested_toml_is_a_located_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = failing_build(|f| f.edit("content/glossary/dx.ja.md", "expansion = ", &format!("short = {deep}\nexpansion = ")));
    assert!(text.contains("max recursion depth"), "{text}");
    assert!(text.contains("dx.ja.md:"), "{text}");
}

#[test]
fn huge_and_deeply_nested_markdown_builds() {
    let f = Fixture::standard();
    let body = format!(
        "{}deep\n\n{}\n\n{}\n\n{}x\n\n{}",
        "> ".repeat(20_000),
        "*".repeat(50_000),
        "[".repeat(50_000),
        "- ".repeat(10_000),
        "行政手続のオンライン化を進めます。".repeat(100_000)
    );
    f.write("content/glossary/dx.ja.md", &(f.read("content/glossary/dx.ja.md") + &body));
    f.build_ok();
    assert!(f.site("ja/glossary/dx/index.html").contains("行政手続のオンライン化を進めます。"));
}

#[test]
fn odd_file_names_are_refused_with_the_rule() {
    for name in ["Ｘ.ja.md", "a b.ja.md", "UPPER.ja.md", "-x.ja.md", "x--y.ja.md", "x.ja.md.bak.md", "ｘ.ja.md"] {
        let text = failing_build(|f| {
            f.write(&format!("content/glossary/{name}"), "+++\nterm = \"x\"\nreading = \"えっくす\"\nsource = \"editors\"\n+++\n")
        });
        assert!(text.contains("invalid term id") || text.contains("unknown language"), "{name}: {text}");
    }
}

#[test]
fn a_utf16_file_is_refused_as_not_utf8() {
    let text = failing_build(|f| {
        let utf16: Vec<u8> = "\u{feff}+++\nterm = \"x\"\n+++\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        f.write_bytes("content/glossary/x.ja.md", &utf16);
    });
    assert!(text.contains("invalid UTF-8"), "{text}");
}
