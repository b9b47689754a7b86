//! The CLI commands `build` and `check`: run the pipeline and report. Exit codes: 0 success,
//! 1 content errors, 2 usage or I/O errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diagnostics::Diagnostic;

/// Exit code for content errors (bad sources, broken links).
pub const CONTENT_ERROR: u8 = 1;
/// Exit code for usage and I/O errors.
pub const IO_ERROR: u8 = 2;

/// Prints diagnostics to stderr, colouring them when stderr is a terminal.
pub fn report(diagnostics: &[Diagnostic]) {
    use std::io::IsTerminal;
    let styled = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}\n", d.render(styled));
    }
}

/// `keikaku build`. With `timings`, the time of each stage goes to stderr at the end.
pub fn build(root: &Path, output: Option<PathBuf>, base_url: Option<&str>, timings: bool) -> ExitCode {
    let output = output.unwrap_or_else(|| root.join("site"));
    // Refuse a bad output before the work of a build; a config that does not load is reported
    // by the build itself, and the theme check then happens at write time.
    let theme = crate::load::load_config(root, base_url).map(|c| c.theme).unwrap_or_else(|_| "default".to_string());
    if let Err(d) = crate::write::check_output_dir(root, &theme, &output) {
        report(&[d]);
        return ExitCode::from(IO_ERROR);
    }
    let started = std::time::Instant::now();
    let stages = crate::timings::Timings::default();
    let failed = |errors: Vec<Diagnostic>| {
        let count = errors.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).count();
        report(&errors);
        eprintln!("build failed with {count} error(s); the previous output is unchanged");
        ExitCode::from(CONTENT_ERROR)
    };
    let linked = match crate::link(root, base_url, &stages) {
        Ok(l) => l,
        Err(errors) => return failed(errors),
    };
    let renderer = match stages.time("render: setup", || crate::render::SiteRenderer::new(&linked.site, &linked.theme)) {
        Ok(r) => r,
        Err(errors) => return failed(crate::sorted(errors)),
    };
    report(&linked.warnings);
    report(&renderer.warnings);
    // Files are written into the staging directory as they are rendered, so that the build never
    // holds the whole site in memory; the swap happens only once every file is written.
    let staging = match crate::write::Staging::begin(root, &linked.site.config.theme, &output) {
        Ok(s) => s,
        Err(d) => {
            report(&[d]);
            return ExitCode::from(IO_ERROR);
        }
    };
    let progress = crate::timings::Progress::on_terminal();
    let rendered = renderer.render_each(&|file| staging.write(&file), &stages, &progress);
    progress.finish();
    let counts = match rendered {
        Ok(c) => c,
        // Dropping the staging directory removes what was written.
        Err(errors) => return failed(crate::sorted(errors)),
    };
    if let Err(d) = stages.time("write: swap", || staging.finish()) {
        report(&[d]);
        return ExitCode::from(IO_ERROR);
    }
    if timings {
        eprint!("{}", stages.report(started.elapsed()));
    }
    eprintln!(
        "built {} documents into {} pages ({} files) in {} ms → {}",
        linked.site.document_count(),
        counts.pages,
        counts.files,
        started.elapsed().as_millis(),
        output.display()
    );
    ExitCode::SUCCESS
}

/// Reads a previously published sitemap: a local file, or an `http(s)://` URL fetched once.
fn read_sitemap(source: &str) -> Result<String, Diagnostic> {
    if source.starts_with("http://") || source.starts_with("https://") {
        let agent = ureq::Agent::config_builder().timeout_global(Some(std::time::Duration::from_secs(60))).build().new_agent();
        let mut response = agent.get(source).call().map_err(|e| {
            Diagnostic::error(format!("cannot fetch the published sitemap `{source}`: {e}"))
                .help("on a first deployment there is no published sitemap yet: run `keikaku check` without --against")
        })?;
        response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| Diagnostic::error(format!("cannot read the published sitemap `{source}`: {e}")))
    } else {
        std::fs::read_to_string(source).map_err(|e| Diagnostic::error_in(source, format!("cannot read the sitemap: {e}")))
    }
}

/// `keikaku check`: everything `build` checks, plus internal links and fragments of the would-be
/// output, and translation coverage per language. Writes nothing. With `against` (a previous
/// `sitemap.xml`, as a file or URL), also fails when a URL published before would disappear.
pub fn check(root: &Path, against: Option<&str>, base_url: Option<&str>) -> ExitCode {
    let previous = match against.map(read_sitemap).transpose() {
        Ok(p) => p,
        Err(d) => {
            report(&[d]);
            return ExitCode::from(IO_ERROR);
        }
    };
    let built = match crate::build(root, base_url) {
        Ok(b) => b,
        Err(errors) => {
            let count = errors.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error).count();
            report(&errors);
            eprintln!("check failed with {count} error(s)");
            return ExitCode::from(CONTENT_ERROR);
        }
    };
    report(&built.rendered.warnings);
    // Problems of the would-be output: located in the output file, since they come from the
    // combination of content and templates rather than from one source line.
    let mut problems = crate::diagnostics::Diagnostics::default();
    let broken = crate::check::broken_links(&built.rendered.files, &built.site.config.base_url);
    for b in &broken {
        problems.push(Diagnostic::error_in(&b.page, format!("broken link `{}`: {}", b.target, b.reason)));
    }
    let malformed = crate::check::malformed_svgs(&built.rendered.files);
    for (path, why) in &malformed {
        problems.push(Diagnostic::error_in(path, format!("not a well-formed SVG: {why}")));
    }
    let duplicates = crate::check::duplicate_ids(&built.rendered.files);
    for (path, id, n) in &duplicates {
        problems.push(
            Diagnostic::error_in(path, format!("id `{id}` occurs {n} times on the page"))
                .help("an id must be unique in a page; fragment links and labels need it"),
        );
    }
    let mut guard_line = None;
    if let (Some(source), Some(sitemap)) = (against, &previous) {
        match crate::check::against_sitemap(sitemap, &built.rendered, &built.site.config.base_url) {
            Ok(guard) => {
                for url in &guard.missing {
                    problems.push(
                        Diagnostic::error_in(source, format!("published URL `{url}` is neither built nor redirected"))
                            .expected("every URL published before stays valid")
                            .help("if the document's id changed, list the old id in its `old_ids`; a redirect page then keeps the URL"),
                    );
                }
                for url in &guard.foreign {
                    problems.push(Diagnostic::error_in(
                        source,
                        format!("published URL `{url}` is outside the base URL `{}`", built.site.config.base_url.absolute("")),
                    ));
                }
                guard_line = Some(format!(
                    "published URLs: {} in {source}, {} kept by redirect, {} missing",
                    guard.published,
                    guard.redirected,
                    guard.missing.len() + guard.foreign.len()
                ));
            }
            Err(why) => problems.push(Diagnostic::error_in(source, why)),
        }
    }
    let problem_count = problems.error_count();
    report(&problems.into_sorted());
    // Contradictions inside a source are facts about the source, recorded in the content and
    // shown on the page: a note, not an error.
    let conflicts: Vec<(String, String)> = built
        .site
        .plans
        .iter()
        .flat_map(|p| p.initiatives.iter())
        .flat_map(|i| {
            let doc = i.docs.default();
            doc.front.source_conflicts.iter().map(move |c| (doc.file.path.display().to_string(), c.text.clone()))
        })
        .collect();
    report(
        &conflicts
            .iter()
            .map(|(file, text)| Diagnostic::error_in(file, format!("the source contradicts itself: {text}")).note())
            .collect::<Vec<_>>(),
    );
    let total = built.site.document_count();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "documents: {total}");
    for (lang, missing) in built.site.untranslated() {
        let done = total - missing.len();
        let percent = if total == 0 { 100.0 } else { done as f64 * 100.0 / total as f64 };
        let _ = writeln!(out, "translation {lang}: {done}/{total} ({percent:.1}%), untranslated pages: {}", missing.len());
        for m in &missing {
            let _ = writeln!(out, "  untranslated: {m}");
        }
    }
    let pages = built.rendered.files.iter().filter(|f| f.path.ends_with(".html")).count();
    let svgs = built.rendered.files.iter().filter(|f| f.path.ends_with(".svg")).count();
    let _ = writeln!(
        out,
        "pages: {pages}, broken internal links: {}, SVG files: {svgs} ({} malformed)",
        broken.len(),
        malformed.len()
    );
    let _ = writeln!(out, "notes: {} recorded contradictions in the sources", conflicts.len());
    if let Some(line) = guard_line {
        let _ = writeln!(out, "{line}");
    }
    if problem_count == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("check failed with {problem_count} error(s)");
        ExitCode::from(CONTENT_ERROR)
    }
}

/// `keikaku context PAGE`: prints the context the page's template receives, as JSON, for theme
/// writers (what `page`, `data`, `publish`, `site` and `t` hold on that page).
pub fn context(root: &Path, page: &str) -> ExitCode {
    let linked = match crate::link(root, None, &crate::timings::Timings::default()) {
        Ok(l) => l,
        Err(errors) => {
            report(&errors);
            return ExitCode::from(CONTENT_ERROR);
        }
    };
    let renderer = match crate::render::SiteRenderer::new(&linked.site, &linked.theme) {
        Ok(r) => r,
        Err(errors) => {
            report(&errors);
            return ExitCode::from(CONTENT_ERROR);
        }
    };
    let site_path = page.trim_start_matches('/');
    let site_path = site_path.strip_suffix("index.html").unwrap_or(site_path);
    match renderer.page_context(site_path) {
        Some(Ok(json)) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&json).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Some(Err(errors)) => {
            report(&errors);
            ExitCode::from(CONTENT_ERROR)
        }
        None => {
            report(&[Diagnostic::error(format!("no page at `{page}`")).expected("a page's path, such as `ja/plans/moka-dx/`")]);
            ExitCode::from(IO_ERROR)
        }
    }
}
