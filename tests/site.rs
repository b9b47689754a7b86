//! Builds fixture sites into temp dirs and checks the output: pages and URLs, hreflang and the
//! language switch, sitemap alternates, fallback notices, a third language, base-url sub-paths,
//! determinism, atomic replacement and the refusal to overwrite a foreign directory.

mod common;

use common::*;

#[test]
fn every_page_exists_in_every_language_at_its_permanent_url() {
    let f = Fixture::standard();
    f.build_ok();
    for lang in ["ja", "en"] {
        for page in [
            "index.html",
            "plans/test-plan/index.html",
            "plans/test-plan/1-1/index.html",
            "plans/test-plan/2-1/index.html",
            "glossary/index.html",
            "glossary/dx/index.html",
            "themes/index.html",
            "themes/online/index.html",
            "departments/index.html",
            "departments/testcity-digital/index.html",
            "search/index.html",
            "statuses/index.html",
        ] {
            let html = f.site(&format!("{lang}/{page}"));
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}/{page} has no html lang");
            assert_eq!(html.matches("<h1").count(), 1, "{lang}/{page} must have exactly one h1");
        }
    }
    for root_file in ["index.html", "404.html", "sitemap.xml", "robots.txt"] {
        assert!(f.path().join("site").join(root_file).is_file(), "missing {root_file}");
    }
}

#[test]
fn hreflang_canonical_and_switch_keep_the_same_page() {
    let f = Fixture::standard();
    f.build_ok();
    let html = f.site("en/plans/test-plan/1-1/index.html");
    assert!(html.contains(r#"<link rel="canonical" href="https://city.example.jp/dx-plans/en/plans/test-plan/1-1/">"#), "{html}");
    assert!(
        html.contains(r#"<link rel="alternate" hreflang="ja" href="https://city.example.jp/dx-plans/ja/plans/test-plan/1-1/">"#)
    );
    assert!(
        html.contains(r#"<link rel="alternate" hreflang="en" href="https://city.example.jp/dx-plans/en/plans/test-plan/1-1/">"#)
    );
    assert!(html.contains(
        r#"<link rel="alternate" hreflang="x-default" href="https://city.example.jp/dx-plans/ja/plans/test-plan/1-1/">"#
    ));
    // The switch links to the same initiative in Japanese.
    assert!(html.contains(r#"<a href="/dx-plans/ja/plans/test-plan/1-1/" lang="ja" hreflang="ja">日本語</a>"#), "{html}");
}

#[test]
fn facts_are_formatted_per_language() {
    let f = Fixture::standard();
    f.build_ok();
    let ja = f.site("ja/plans/test-plan/1-1/index.html");
    assert!(ja.contains("2025年度（令和7年度）"), "Japanese fiscal year with 和暦");
    assert!(ja.contains("23%以上"), "comparator in Japanese");
    assert!(ja.contains("デジタル推進課"));
    let en = f.site("en/plans/test-plan/1-1/index.html");
    assert!(en.contains("FY2025"));
    assert!(en.contains("at least 23%"));
    assert!(en.contains("Digital Promotion Division"));
    // Status carries a symbol and a name, never colour alone.
    assert!(en.contains("▶</span> Started"), "{en}");
    // Current phase for the build date (FY2026): the study phase.
    assert!(en.contains("Study"));
}

#[test]
fn missing_translation_falls_back_with_notice_and_lang() {
    let f = Fixture::standard();
    f.build_ok();
    let html = f.site("en/plans/test-plan/2-1/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("This page has not been translated yet"), "visible notice");
    assert!(html.contains("<article lang=\"ja\">"), "original text marked with its own lang");
    assert!(html.contains("生成AIの活用"));
    let out = f.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("translation en: 3/4"), "{text}");
    assert!(text.contains("untranslated: plans/test-plan/initiatives/2-1"), "{text}");
}

#[test]
fn sitemap_lists_alternates_for_every_language() {
    let f = Fixture::standard();
    f.build_ok();
    let sitemap = f.site("sitemap.xml");
    assert!(sitemap.contains("<loc>https://city.example.jp/dx-plans/ja/plans/test-plan/1-1/</loc>"));
    assert!(sitemap.contains(
        r#"<xhtml:link rel="alternate" hreflang="en" href="https://city.example.jp/dx-plans/en/plans/test-plan/1-1/"/>"#
    ));
    assert!(sitemap.contains(r#"hreflang="x-default""#));
    assert!(f.site("robots.txt").contains("Sitemap: https://city.example.jp/dx-plans/sitemap.xml"));
}

#[test]
fn a_third_language_builds_with_fallbacks() {
    let f = Fixture::standard();
    f.edit("keikaku.toml", r#"languages = ["ja", "en"]"#, r#"languages = ["ja", "en", "pt"]"#);
    f.write(
        "content/plans/test-plan/plan.pt.md",
        &PLAN_EN.replace("Test City DX Plan", "Plano DX da Cidade de Teste").replace("Services", "Serviços"),
    );
    let out = f.build_ok();
    // No pt interface strings in the theme: a warning, not a failure.
    assert!(stderr(&out).contains("no interface strings for language `pt`"), "{}", stderr(&out));
    let plan = f.site("pt/plans/test-plan/index.html");
    assert!(plan.contains("<html lang=\"pt\">"));
    assert!(plan.contains("Plano DX da Cidade de Teste"));
    let initiative = f.site("pt/plans/test-plan/1-1/index.html");
    assert!(initiative.contains("<article lang=\"ja\">"), "pt falls back to the default language");
    assert!(f.site("ja/index.html").contains(r#"hreflang="pt""#));
    assert!(f.site("sitemap.xml").contains(r#"hreflang="pt" href="https://city.example.jp/dx-plans/pt/"#));
}

#[test]
fn base_url_sub_path_is_honoured_by_every_link() {
    let f = Fixture::standard();
    let out = f.run(&["build", "--base-url", "https://example.github.io/plans-x/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (path, bytes) in snapshot(&f.path().join("site")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"/", "src=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len() - 1..];
                assert!(rest.starts_with("/plans-x/"), "{path}: link outside the sub-path: {}", &rest[..rest.len().min(60)]);
            }
        }
    }
    let out = f.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn two_builds_are_byte_identical() {
    let f = Fixture::standard();
    f.build_ok();
    let first = snapshot(&f.path().join("site"));
    f.build_ok();
    let second = snapshot(&f.path().join("site"));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn refuses_foreign_directories_and_the_project_root() {
    let f = Fixture::standard();
    f.write("elsewhere/keep.txt", "precious");
    let out = f.run(&["build", "--output", "elsewhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not empty and was not written by keikaku"), "{}", stderr(&out));
    assert_eq!(f.read("elsewhere/keep.txt"), "precious");
    for output in [".", "content", "content/plans"] {
        let out = f.run(&["build", "--output", output]);
        assert_eq!(out.status.code(), Some(2), "--output {output} must be refused");
    }
    // An empty directory is fine, and so is an earlier keikaku output.
    std::fs::create_dir_all(f.path().join("empty")).unwrap();
    assert!(f.run(&["build", "--output", "empty"]).status.success());
    assert!(f.run(&["build", "--output", "empty"]).status.success());
}

#[test]
fn check_fails_on_a_broken_link_or_fragment() {
    let f = Fixture::standard();
    assert!(f.run(&["check"]).status.success());
    f.edit("content/plans/test-plan/plan.ja.md", "[KPI](#section-1)", "[KPI](#no-such-fragment)");
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no id `no-such-fragment`"), "{}", stderr(&out));
    f.edit("content/plans/test-plan/plan.ja.md", "[KPI](#no-such-fragment)", "[KPI](/dx-plans/ja/plans/nope/)");
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no file `ja/plans/nope/index.html`"), "{}", stderr(&out));
}

#[test]
fn content_cannot_inject_markup() {
    let f = Fixture::standard();
    f.edit(
        "content/plans/test-plan/initiatives/1-1.ja.md",
        r#"title = "オンライン手続の推進""#,
        r#"title = "<script>alert('x')</script>\"&""#,
    );
    f.edit(
        "content/plans/test-plan/initiatives/1-1.ja.md",
        "スマホで完結します。",
        "<img src=x onerror=alert(1)> [x](javascript:alert(1))",
    );
    f.build_ok();
    let html = f.site("ja/plans/test-plan/1-1/index.html");
    assert!(!html.contains("<script>alert"), "title escaped");
    assert!(html.contains("&lt;script&gt;alert("));
    assert!(!html.contains("<img src=x"), "raw HTML in Markdown is shown as text");
    assert!(!html.contains("javascript:alert"), "javascript: links dropped");
}

#[test]
fn new_scaffolds_files_in_every_language_that_build() {
    let f = Fixture::standard();
    let out = f.run(&["new", "initiative", "test-plan", "2-2", "--pillar", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.path().join("content/plans/test-plan/initiatives/2-2.ja.md").is_file());
    assert!(f.path().join("content/plans/test-plan/initiatives/2-2.en.md").is_file());
    let out = f.run(&["new", "term", "ebpm", "--reading", "いーびーぴーえむ"]);
    assert!(out.status.success(), "{}", stderr(&out));
    f.build_ok();
    assert!(f.path().join("site/en/plans/test-plan/2-2/index.html").is_file());
    // Refuses to overwrite.
    assert_eq!(f.run(&["new", "term", "ebpm", "--reading", "いーびーぴーえむ"]).status.code(), Some(2));
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let f = Fixture::standard();
    let theme_statuses = f.read("themes/default/templates/statuses.html");
    f.write(
        "templates/statuses.html",
        &theme_statuses.replace("<h1>{{ page.title }}</h1>", "<h1>{{ page.title }} (site override)</h1>"),
    );
    f.write("static/style.css", "body { color: #000; } /* site override */\n");
    f.build_ok();
    assert!(f.site("ja/statuses/index.html").contains("(site override)</h1>"));
    assert_eq!(f.site("static/style.css"), "body { color: #000; } /* site override */\n");
    // Theme files not overridden are still there.
    assert!(f.path().join("site/static/chart.css").is_file());
}

#[test]
fn a_missing_interface_string_falls_back_with_a_warning() {
    let f = Fixture::standard();
    f.edit("themes/default/i18n/en.toml", "skip_link = \"Skip to main content\"\n", "");
    let out = f.build_ok();
    assert!(stderr(&out).contains("interface string `skip_link` is missing; using the `ja` text"), "{}", stderr(&out));
    assert!(f.site("en/index.html").contains(">本文へ移動</a>"));
}

#[test]
fn accessibility_page_publishes_the_gate_results() {
    let f = Fixture::standard();
    f.build_ok();
    assert!(f.site("en/accessibility/index.html").contains("No test results have been recorded yet."));
    f.write(
        "content/accessibility-results.json",
        r#"{"standard":"JIS X 8341-3:2016","target":"AA","wcag":"2.2","tools":{"axe-core":"4.14.0"},"languages":["ja","en"],"pages":30,"checks":[{"id":"axe-light","criteria":"WCAG 2.2 A/AA","pages":30,"violations":0,"passed":true}]}"#,
    );
    f.build_ok();
    let html = f.site("ja/accessibility/index.html");
    assert!(html.contains("自動検査（axe-core、ライトモード）"), "{html}");
    assert!(html.contains("<td>30</td><td>0</td><td>適合</td>"), "{html}");
    assert!(f.site("en/index.html").contains("/dx-plans/en/accessibility/"), "linked from the footer");
    // A malformed results file is a content error with a position.
    f.write("content/accessibility-results.json", "{\"standard\": 1}");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("accessibility-results.json:1:"), "{}", stderr(&out));
}

#[test]
fn every_plan_is_published_as_json_and_csv() {
    let f = Fixture::standard();
    f.build_ok();
    let json: serde_json::Value = serde_json::from_str(&f.site("en/plans/test-plan/plan.json")).unwrap();
    assert_eq!(json["id"], "test-plan");
    assert_eq!(json["plan"]["period"]["from"], 2025);
    assert_eq!(json["initiatives"][0]["id"], "1-1");
    assert_eq!(json["initiatives"][0]["kpis"][0]["targets"][1]["value"], 23.0);
    assert_eq!(json["initiatives"][1]["text_lang"], "ja", "untranslated initiative says which language its text is in");
    let csv = f.site("ja/plans/test-plan/kpis.csv");
    assert!(csv.starts_with('\u{feff}'), "BOM for spreadsheet programs");
    assert!(
        csv.contains("test-plan,1-1,online-rate,kpi,オンライン利用率,%,2029,target,23,at-least,,plan,plan,plan,\r\n"),
        "{csv}"
    );
    let csv = f.site("en/plans/test-plan/initiatives.csv");
    assert!(csv.contains("test-plan,1-1,(1)-1,(1) Services,,Online procedures,started,Digital Promotion Division,online,1,1,https://city.example.jp/dx-plans/en/plans/test-plan/1-1/"), "{csv}");
    assert!(f.site("ja/plans/test-plan/index.html").contains("href=\"/dx-plans/ja/plans/test-plan/plan.json\""));
}

#[test]
fn a_sites_chart_css_is_embedded_in_standalone_charts() {
    // Standalone SVGs carry the loaded theme's chart.css, so a site's override reaches them too.
    let fixture = Fixture::standard();
    fixture.build_ok();
    let default = fixture.site("ja/plans/test-plan/1-1/roadmap.svg");
    assert!(default.contains("<style>"), "{default}");
    fixture.write("static/chart.css", ".chart-bg { fill: var(--chart-bg, #123456); }\n");
    fixture.build_ok();
    let svg = fixture.site("ja/plans/test-plan/1-1/roadmap.svg");
    assert!(svg.contains(".chart-bg { fill: var(--chart-bg, #123456); }"), "{svg}");
    assert!(default.contains("--chart-bar") && !svg.contains("--chart-bar"), "the theme's copy is replaced, not merged");
}

#[test]
fn timings_name_every_stage_on_stderr_and_a_pipe_gets_no_progress_bar() {
    let f = Fixture::standard();
    let plain = f.build_ok();
    let plain_err = String::from_utf8_lossy(&plain.stderr).into_owned();
    assert!(!plain_err.contains(" ms  "), "no timings unless asked:\n{plain_err}");
    let out = f.run(&["build", "--timings"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for stage in ["load", "model", "render: pages", "render: search", "write", "total"] {
        assert!(err.lines().any(|l| l.starts_with(stage) && l.contains(" ms")), "no `{stage}` line in:\n{err}");
    }
    // stderr is a pipe here: no progress bar, no terminal control sequences.
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn context_prints_what_a_template_receives() {
    let f = Fixture::standard();
    let out = f.run(&["context", "ja/plans/test-plan/1-1/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["template"], "initiative.html");
    let context = &json["context"];
    for key in ["site", "t", "page", "publish", "data"] {
        assert!(context.get(key).is_some(), "no `{key}` in the context");
    }
    assert_eq!(context["data"]["card"]["title"], "オンライン手続の推進");
    assert_eq!(context["page"]["canonical"], "https://city.example.jp/dx-plans/ja/plans/test-plan/1-1/");
    let missing = f.run(&["context", "ja/no/such/"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no page at `ja/no/such/`"), "{}", stderr(&missing));
}

/// The model resolves references once and stores them; render only reads them (issue 13).
#[test]
fn the_model_stores_resolved_references() {
    let site = bundled_site();
    let moka = site.plan("moka-dx").expect("Moka's plan");
    let tactic = moka.initiatives.iter().find(|i| i.id == "tactic-10").expect("tactic-10");
    let pair = ("moka-dx".to_string(), "tactic-9".to_string());
    assert_eq!(tactic.action_related, vec![vec![], vec![pair.clone()]], "the second action names tactic-9");
    assert!(tactic.related.contains(&pair));
    let hamamatsu = site.plan("hamamatsu-dx-2").expect("Hamamatsu's plan");
    let key = hamamatsu.contact_department.as_deref().expect("a contact department");
    assert_eq!(key, "hamamatsu-digital-smart-city");
    assert!(site.department(key).is_some());
    let initiative = &hamamatsu.initiatives[0];
    let title = hamamatsu.pillar_title("en", &initiative.pillar).expect("the pillar resolves");
    assert!(title.starts_with("(1) "), "the number, then the title: {title}");
    // The regional name falls back to the default language's where a language has none.
    let name = &site.departments[0].name;
    assert_eq!(name.get("fr").0, name.default());
}
