//! keikaku: a static site generator for Japanese municipal DX plans, in several languages.
//!
//! The pipeline (see ARCHITECTURE.md): `load` reads files into plain data, `model` validates and
//! links it into an immutable `Site`, `render` turns the site into output files, `write` swaps
//! them into the output directory atomically. `commands` wires the stages to the CLI.

pub mod chart;
pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostics;
pub mod escape;
pub mod fiscal;
#[doc(hidden)]
pub mod fuzzing;
pub mod glossary;
pub mod ids;
pub mod kana;
pub mod load;
pub mod localized;
pub mod markdown;
pub mod model;
pub mod render;
pub mod rng;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod suggest;
pub mod timings;
pub mod write;
pub mod xml;

use std::path::Path;

use diagnostics::{Diagnostic, Diagnostics, Severity};

/// The result of the first three stages, ready to be written or served.
pub struct Built {
    pub site: model::Site,
    pub rendered: render::Rendered,
}

/// Runs load → model → render for the project at `root`. All errors of all stages that could
/// run are returned together; warnings travel with the result.
pub fn build(root: &Path, base_url: Option<&str>) -> Result<Built, Vec<Diagnostic>> {
    build_timed(root, base_url, &timings::Timings::default(), &timings::Progress::hidden())
}

/// [`build`], recording the time of each stage in `timings` and counting pages on `progress`.
pub fn build_timed(
    root: &Path,
    base_url: Option<&str>,
    timings: &timings::Timings,
    progress: &timings::Progress,
) -> Result<Built, Vec<Diagnostic>> {
    let linked = link(root, base_url, timings)?;
    let mut rendered = render::render_timed(&linked.site, &linked.theme, timings, progress).map_err(sorted)?;
    let mut warnings = linked.warnings;
    warnings.append(&mut rendered.warnings);
    rendered.warnings = warnings;
    Ok(Built { site: linked.site, rendered })
}

/// The result of the first two stages: the site and its theme, ready to render.
pub struct Linked {
    pub site: model::Site,
    pub theme: load::ThemeFiles,
    /// Warnings of loading and linking, sorted.
    pub warnings: Vec<Diagnostic>,
}

/// Runs load → model for the project at `root` (all their errors together).
pub fn link(root: &Path, base_url: Option<&str>, timings: &timings::Timings) -> Result<Linked, Vec<Diagnostic>> {
    let config = load::load_config(root, base_url)?;
    let mut diagnostics = Diagnostics::default();
    let (sources, load_errors) = timings.time("load", || load::load_content(root, &config));
    diagnostics.extend(load_errors);
    let (theme, theme_errors) = timings.time("theme", || load::load_theme(root, &config));
    diagnostics.extend(theme_errors);
    diagnostics.next_stage();
    let site = match timings.time("model", || model::link(&config, sources)) {
        Ok(site) => Some(site),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    if diagnostics.has_errors() {
        // Rendering will not run: report the theme's errors too, so that one run shows them all.
        diagnostics.extend(render::theme_errors(&theme, &config));
        return Err(diagnostics.into_sorted());
    }
    let Some(site) = site else {
        return Err(diagnostics.into_sorted());
    };
    let warnings = diagnostics.into_sorted().into_iter().filter(|d| d.severity == Severity::Warning).collect();
    Ok(Linked { site, theme, warnings })
}

/// Diagnostics of the render stage in the order they are reported.
pub fn sorted(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut all = Diagnostics::default();
    all.extend(errors);
    all.into_sorted()
}
