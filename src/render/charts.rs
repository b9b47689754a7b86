//! Charts of the render stage: maps plans and initiatives onto the plain chart inputs of
//! `crate::chart` (roadmaps, KPI charts), localised. A roadmap's standalone `roadmap.svg` is
//! drawn with its page's inline chart (`Renderer::roadmap_view`) and written with the page.

use super::Renderer;
use crate::chart;
use crate::escape::escape;

impl Renderer<'_> {
    // ----- charts ---------------------------------------------------------------------------

    pub(super) fn chart_text(&self, lang: &str) -> chart::ChartText {
        chart::ChartText {
            lang: lang.to_string(),
            ongoing: self.fmt.t(lang, "chart.ongoing").to_string(),
            beyond_window: self.fmt.t(lang, "chart.beyond_window").to_string(),
            before_window: self.fmt.t(lang, "chart.before_window").to_string(),
            milestone: self.fmt.t(lang, "chart.milestone").to_string(),
            today: self.fmt.t(lang, "chart.today").to_string(),
            target: self.fmt.t(lang, "kpi.target").to_string(),
            actual: self.fmt.t(lang, "kpi.actual").to_string(),
            stylesheet: self.chart_css.clone(),
        }
    }

    pub(super) fn year_label(&self, lang: &str, fy: i32) -> chart::YearLabel {
        let era = self.fmt.fy_era(lang, fy);
        chart::YearLabel { fy, primary: self.fmt.fy_short(lang, fy), secondary: (!era.is_empty()).then_some(era) }
    }

    pub(super) fn today_line(&self, lang: &str) -> chart::TodayLine {
        let date = self.site.config.build_date;
        chart::TodayLine {
            fy: self.fmt.current_fy.0,
            fraction: self.fmt.current_fy.fraction_elapsed(date),
            label: self.fmt.i18n.fill(lang, "chart.today_label", &[("date", &self.fmt.format_date(lang, &date.iso()))]),
        }
    }

    /// A KPI chart, when the KPI has numeric targets.
    pub(super) fn kpi_chart(&self, lang: &str, kpi: &crate::model::Kpi) -> Option<String> {
        if !kpi.targets.iter().any(|t| t.value.is_some()) {
            return None;
        }
        let unit = kpi.unit.clone().unwrap_or_default();
        let mut years: Vec<i32> = kpi
            .targets
            .iter()
            .filter(|t| t.value.is_some())
            .map(|t| *t.fy.get_ref())
            .chain(kpi.actuals.iter().filter(|a| a.value.is_some()).map(|a| *a.fy.get_ref()))
            .collect();
        years.sort();
        years.dedup();
        let value = |v: f64| chart::KpiValue { value: v, label: self.fmt.value_with_unit(lang, v, &unit) };
        let points = years
            .iter()
            .map(|&fy| chart::KpiPoint {
                year: self.year_label(lang, fy),
                target: kpi.targets.iter().find(|t| *t.fy.get_ref() == fy).and_then(|t| t.value).map(value),
                actual: kpi.actuals.iter().find(|a| *a.fy.get_ref() == fy).and_then(|a| a.value).map(value),
            })
            .collect();
        let chart = chart::KpiChart {
            id_prefix: format!("kpi-{}", kpi.id.get_ref()),
            title: kpi.label.clone(),
            description: self.fmt.i18n.fill(lang, "chart.kpi_description", &[("label", &kpi.label)]),
            points,
            text: self.chart_text(lang),
        };
        Some(chart::kpi_svg(&chart, chart::SvgMode::Inline))
    }

    /// The `<img>` snippet that embeds a standalone chart in another site.
    pub(super) fn embed_snippet(&self, svg_site_path: &str, alt: &str) -> String {
        format!(
            "<img src=\"{}\" alt=\"{}\" style=\"max-width:100%;height:auto\">",
            escape(&self.site.config.base_url.absolute(svg_site_path)),
            escape(alt)
        )
    }
}
