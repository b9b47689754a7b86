//! Build-time SVG charts: roadmap Gantt charts and KPI charts.
//!
//! Part of the render stage. The caller maps the content model onto the plain input structs
//! here ([`RoadmapChart`], [`KpiChart`]), already localised: year labels, words such as
//! "ongoing", and formatted KPI values all arrive as strings, so this module knows nothing of
//! fiscal-year arithmetic, 和暦 or number formatting.
//!
//! Each chart is computed in two steps: a layout function ([`roadmap::layout_roadmap`],
//! [`kpi::layout_kpi`]) turns the input into plain geometry (rectangles and fitted text
//! lines), and a thin writer turns that geometry into SVG. Tests assert on the layout.
//!
//! Where to start reading: [`roadmap`] (layout, then writer), [`text_width`] (measurement and
//! kinsoku line breaking), `geometry` (rectangles, text blocks, legend), `svg` (escaping,
//! number format, the root element). The stylesheet is the theme's `static/chart.css`, which
//! standalone files embed (`ChartText::stylesheet`).
//!
//! Invariants:
//! - Output is deterministic: same input, same bytes. Numbers are written with at most one
//!   decimal, and no hash-map iteration reaches the output.
//! - Output is well-formed XML in the SVG namespace; every text and attribute value is
//!   escaped.
//! - No text is wider than its box as measured by [`text_width`], and no text leaves the
//!   chart's viewBox; cut text ends with "…" and keeps its full wording in a `<title>`.
//! - Nothing here panics on any input.
//! - Accessibility: the root has `role="img"` and `aria-labelledby` naming a `<title>` and a
//!   `<desc>` whose ids start with the caller's prefix; elements appear in source order as
//!   they are read on screen; meaning never rests on colour alone; colours come from CSS
//!   custom properties (`chart.css`) whose contrast a test checks.

pub mod geometry;
pub mod kpi;
pub mod roadmap;
mod svg;
pub mod text_width;

#[cfg(test)]
mod test_support;

pub use kpi::{KpiChart, KpiPoint, KpiValue, kpi_svg};
pub use roadmap::{Milestone, PhaseBar, RoadmapChart, RoadmapRow, RowGroup, TodayLine, roadmap_svgs};
#[cfg(test)]
pub use svg::STYLESHEET;
pub use svg::standalone_stylesheet;

/// How the SVG will be used on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SvgMode {
    /// Inlined into an HTML page: no XML declaration and no `<style>`; the page links
    /// the theme's `chart.css`.
    #[default]
    Inline,
    /// A complete `.svg` file for `<img src>` or download: XML declaration, and the
    /// stylesheet embedded (including its dark-mode rules) with the font stack.
    Standalone,
}

/// A chart in both of its forms, drawn once: a roadmap appears inline on its page and as its
/// own `.svg` file.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgPair {
    /// For the page ([`SvgMode::Inline`]).
    pub inline: String,
    /// For the file ([`SvgMode::Standalone`]).
    pub standalone: String,
}

impl SvgPair {
    /// The form for `mode`.
    pub fn into_mode(self, mode: SvgMode) -> String {
        match mode {
            SvgMode::Inline => self.inline,
            SvgMode::Standalone => self.standalone,
        }
    }
}

/// A fiscal-year column of the axis, with its labels already localised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YearLabel {
    /// The fiscal year (April–March) this column stands for, e.g. 2025.
    pub fy: i32,
    /// Main label, e.g. "2025年度" or "FY2025".
    pub primary: String,
    /// Second line in a smaller, muted style, e.g. "R7".
    pub secondary: Option<String>,
}

/// The localised words a chart draws besides the caller's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartText {
    /// Language tag written on the root element, e.g. "ja" or "en"; empty to omit.
    pub lang: String,
    /// Beside work that continues after its last year, e.g. "継続" / "Ongoing".
    pub ongoing: String,
    /// Beside a phase cut off at the right edge of the year window, e.g. "以降も実施" /
    /// "Continues".
    pub beyond_window: String,
    /// Legend entry for phases that began before the first year shown, e.g. "前から継続" /
    /// "Started earlier".
    pub before_window: String,
    /// Legend entry for milestone diamonds, e.g. "マイルストーン" / "Milestone".
    pub milestone: String,
    /// Legend entry for the today line, e.g. "現在" / "Today".
    pub today: String,
    /// KPI legend entry for target bars, e.g. "目標" / "Target".
    pub target: String,
    /// KPI legend entry for actual values, e.g. "実績" / "Actual".
    pub actual: String,
    /// The theme's `chart.css` in its standalone form, escaped ([`standalone_stylesheet`], made
    /// once per build), embedded in standalone files; pages that inline charts link the file itself.
    pub stylesheet: std::sync::Arc<str>,
}
