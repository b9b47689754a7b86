//! KPI charts: a small bar chart of targets per fiscal year, with actual values as a second
//! series drawn as dots on stems (a different shape, and named in the legend).
//!
//! Values arrive both as numbers (for the scale) and as labels the caller formatted ("19%",
//! "1,200人"), so number formatting stays with the caller's locale rules. The scale always
//! includes zero; negative values hang below the zero line.

use super::geometry::{Anchor, LINE_HEIGHT, LegendItem, LegendSymbol, PAD, Rect, SMALL, TextBlock, flow_legend, year_labels};
use super::svg::{Document, SvgWriter};
use super::text_width::Font;
use super::{ChartText, SvgMode, YearLabel};

/// A KPI chart: the input, already localised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KpiChart {
    /// Prefix for the ids in the SVG; must be unique on the page.
    pub id_prefix: String,
    /// Accessible name (`<title>`), e.g. the KPI's name.
    pub title: String,
    /// Accessible description (`<desc>`), e.g. "目標値は2029年度に19%".
    pub description: String,
    /// One column per point, in the order given (a baseline point may come first).
    pub points: Vec<KpiPoint>,
    /// Localised words for the legend (`target`, `actual`) and the root's `lang`.
    pub text: ChartText,
}

/// The values of one fiscal year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KpiPoint {
    /// The axis label of the column.
    pub year: YearLabel,
    /// Target value, drawn as a bar.
    pub target: Option<KpiValue>,
    /// Actual value, drawn as a dot on a stem.
    pub actual: Option<KpiValue>,
}

/// A value and its formatted label with unit. Non-finite values are not drawn.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KpiValue {
    /// The number, for the scale.
    pub value: f64,
    /// The label shown, e.g. "19%" or "1,200人".
    pub label: String,
}

/// The computed geometry of a KPI chart.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiLayout {
    /// Drawing width (viewBox).
    pub width: f32,
    /// Drawing height (viewBox).
    pub height: f32,
    /// The area values are scaled into.
    pub plot: Rect,
    /// y of the value zero.
    pub zero_y: f32,
    /// One column per point.
    pub columns: Vec<KpiColumnLayout>,
    /// Legend entries (above the plot).
    pub legend: Vec<LegendItem>,
}

/// One column: axis labels, target bar, actual marker.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiColumnLayout {
    /// The column's slot across the whole plot height.
    pub rect: Rect,
    /// Main axis label.
    pub primary: TextBlock,
    /// Second axis label.
    pub secondary: Option<TextBlock>,
    /// The target bar and its value label.
    pub target: Option<KpiBarLayout>,
    /// The actual marker and its value label.
    pub actual: Option<KpiMarkerLayout>,
}

/// A target bar.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiBarLayout {
    /// The bar, from zero to the value.
    pub bar: Rect,
    /// The value label, above the bar (below for negative values).
    pub label: TextBlock,
    /// Tooltip: year, series and value.
    pub title: String,
}

/// An actual value: a dot at the value on a stem from zero.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMarkerLayout {
    /// Centre x.
    pub cx: f32,
    /// Centre y (the value).
    pub cy: f32,
    /// Dot radius.
    pub r: f32,
    /// The value label, above the dot (below for negative values).
    pub label: TextBlock,
    /// Tooltip: year, series and value.
    pub title: String,
}

const VALUE: Font = SMALL;
const ACTUAL_VALUE: Font = Font::bold(12.0);
const PLOT_H: f32 = 150.0;
const MIN_WIDTH: f32 = 260.0;
const DOT_R: f32 = 5.0;

fn finite(v: Option<&KpiValue>) -> Option<&KpiValue> {
    v.filter(|v| v.value.is_finite())
}

/// Maps values onto the plot: `hi` at `top`, `lo` at `top + PLOT_H`; the range includes 0.
struct Scale {
    top: f32,
    lo: f64,
    hi: f64,
}

impl Scale {
    fn y(&self, v: f64) -> f32 {
        // The ratio lies in 0..=1, so the cast cannot overflow.
        self.top + ((self.hi - v) / (self.hi - self.lo)) as f32 * PLOT_H
    }
}

/// What the columns share.
struct ColumnFrame<'a> {
    col_w: f32,
    /// Both series present: targets take the left half of a column, actuals the right.
    both: bool,
    scale: Scale,
    zero_y: f32,
    axis_top: f32,
    /// Top and height of a column's slot (value labels included).
    slot: (f32, f32),
    text: &'a ChartText,
}

/// Computes the geometry of `chart`. The width follows from the number of points.
pub fn layout_kpi(chart: &KpiChart) -> KpiLayout {
    let text = &chart.text;
    let has_target = chart.points.iter().any(|p| finite(p.target.as_ref()).is_some());
    let has_actual = chart.points.iter().any(|p| finite(p.actual.as_ref()).is_some());
    let both = has_target && has_actual;
    let n = chart.points.len();
    let natural_col = if both { 112.0 } else { 84.0 };
    let width = (2.0 * PAD + n as f32 * natural_col).max(MIN_WIDTH);
    let col_w = if n == 0 { 0.0 } else { (width - 2.0 * PAD) / n as f32 };

    let mut entries: Vec<(LegendSymbol, &str)> = Vec::new();
    if has_target {
        entries.push((LegendSymbol::Target, &text.target));
    }
    if has_actual {
        entries.push((LegendSymbol::Actual, &text.actual));
    }
    let (legend, legend_bottom) = flow_legend(&entries, SMALL, PAD, width - PAD, PAD);
    let top = if legend.is_empty() { PAD } else { legend_bottom + 6.0 };

    let (lo, hi) = chart
        .points
        .iter()
        .flat_map(|p| [finite(p.target.as_ref()), finite(p.actual.as_ref())])
        .flatten()
        .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v.value), hi.max(v.value)));
    let hi = if hi - lo > 0.0 { hi } else { lo + 1.0 };
    // Room for two-line value labels above positive values and below negative ones.
    let label_zone = 2.0 * VALUE.size * LINE_HEIGHT + DOT_R + 5.0;
    let above = if hi > 0.0 { label_zone } else { 0.0 };
    let below = if lo < 0.0 { label_zone } else { 0.0 };
    let plot = Rect::new(PAD, top + above, width - 2.0 * PAD, PLOT_H);
    let scale = Scale { top: plot.y, lo, hi };
    let zero_y = scale.y(0.0);
    let frame = ColumnFrame {
        col_w,
        both,
        scale,
        zero_y,
        axis_top: plot.bottom() + below + 6.0,
        slot: (top, above + PLOT_H + below),
        text,
    };
    let columns: Vec<KpiColumnLayout> = chart.points.iter().enumerate().map(|(i, point)| kpi_column(point, i, &frame)).collect();
    let bottom =
        columns.iter().map(|c| c.secondary.as_ref().unwrap_or(&c.primary).bounds().bottom()).fold(frame.axis_top, f32::max);

    KpiLayout { width, height: bottom + PAD, plot, zero_y, columns, legend }
}

/// Lays out column `i`: target bar left, actual dot right (or either alone, centred), value
/// labels above them (below for negative values), axis labels under the plot.
fn kpi_column(point: &KpiPoint, i: usize, f: &ColumnFrame) -> KpiColumnLayout {
    let x = PAD + f.col_w * i as f32;
    let cx = x + f.col_w / 2.0;
    let (target_cx, actual_cx, label_w, bar_w) = if f.both {
        let quarter = f.col_w / 4.0;
        let bar_w = (f.col_w * 0.3).min(36.0);
        (cx - quarter, cx + quarter, f.col_w / 2.0 - 4.0, bar_w)
    } else {
        (cx, cx, f.col_w - 8.0, (f.col_w * 0.5).min(44.0))
    };
    let year = &point.year.primary;
    let title = |series: &str, value: &KpiValue| format!("{year} {series}: {}", value.label.trim());

    let target = finite(point.target.as_ref()).map(|v| {
        let vy = f.scale.y(v.value);
        let (top, h) = (vy.min(f.zero_y), (vy - f.zero_y).abs());
        // A zero value still shows, as a hairline on the zero line.
        let (top, h) = if h < 1.0 { (f.zero_y - 0.5, 1.0) } else { (top, h) };
        let bar = Rect::new(target_cx - bar_w / 2.0, top, bar_w, h);
        let label = TextBlock::fit(&v.label, VALUE, label_w, 2, Anchor::Middle, target_cx, 0.0);
        let label_top = if v.value >= 0.0 { bar.y - 3.0 - label.height() } else { bar.bottom() + 3.0 };
        KpiBarLayout { bar, label: label.with_top(label_top), title: title(&f.text.target, v) }
    });
    let actual = finite(point.actual.as_ref()).map(|v| {
        let cy = f.scale.y(v.value);
        let label = TextBlock::fit(&v.label, ACTUAL_VALUE, label_w, 2, Anchor::Middle, actual_cx, 0.0);
        let label_top = if v.value >= 0.0 { cy - DOT_R - 3.0 - label.height() } else { cy + DOT_R + 3.0 };
        KpiMarkerLayout { cx: actual_cx, cy, r: DOT_R, label: label.with_top(label_top), title: title(&f.text.actual, v) }
    });

    let (primary, secondary) = year_labels(&point.year, cx, f.axis_top, f.col_w - 4.0);
    KpiColumnLayout { rect: Rect::new(x, f.slot.0, f.col_w, f.slot.1), primary, secondary, target, actual }
}

/// Renders `chart` as SVG.
pub fn kpi_svg(chart: &KpiChart, mode: SvgMode) -> String {
    let l = layout_kpi(chart);
    let mut w = SvgWriter::start(&Document {
        mode,
        class: "chart-kpi",
        width: l.width,
        height: l.height,
        id_prefix: &chart.id_prefix,
        title: &chart.title,
        description: &chart.description,
        lang: &chart.text.lang,
        stylesheet: &chart.text.stylesheet,
    });
    w.legend(&l.legend);
    w.line("chart-axis", l.plot.x, l.zero_y, l.plot.right(), l.zero_y);
    for column in &l.columns {
        w.open_group("chart-kpi-year", None);
        w.year_labels(&column.primary, column.secondary.as_ref());
        if let Some(t) = &column.target {
            w.open_group("chart-kpi-target", Some(&t.title));
            w.rect("chart-target", t.bar);
            w.text_block(&t.label, "chart-label chart-value", false);
            w.close("g");
        }
        if let Some(a) = &column.actual {
            w.open_group("chart-kpi-actual", Some(&a.title));
            w.line("chart-actual-stem", a.cx, l.zero_y, a.cx, a.cy);
            w.circle("chart-actual", a.cx, a.cy, a.r);
            w.text_block(&a.label, "chart-label chart-value chart-actual-label", false);
            w.close("g");
        }
        w.close("g");
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn value(value: f64, label: &str) -> Option<KpiValue> {
        Some(KpiValue { value, label: label.into() })
    }

    fn chart(points: Vec<KpiPoint>) -> KpiChart {
        KpiChart { id_prefix: "kpi".into(), title: "KPI".into(), description: String::new(), points, text: text_ja() }
    }

    fn point(fy: i32, target: Option<KpiValue>, actual: Option<KpiValue>) -> KpiPoint {
        KpiPoint { year: years(fy, fy, true).remove(0), target, actual }
    }

    fn assert_sound(l: &KpiLayout) {
        let canvas = Rect::new(0.0, 0.0, l.width, l.height);
        let mut boxes: Vec<(String, Rect)> = Vec::new();
        for (i, c) in l.columns.iter().enumerate() {
            let mut blocks = vec![(format!("{i} primary"), &c.primary)];
            if let Some(s) = &c.secondary {
                blocks.push((format!("{i} secondary"), s));
            }
            if let Some(t) = &c.target {
                blocks.push((format!("{i} target label"), &t.label));
                boxes.push((format!("{i} target bar"), t.bar));
            }
            if let Some(a) = &c.actual {
                blocks.push((format!("{i} actual label"), &a.label));
                boxes.push((format!("{i} actual dot"), Rect::new(a.cx - a.r, a.cy - a.r, 2.0 * a.r, 2.0 * a.r)));
            }
            for (name, b) in blocks {
                assert_text_fits(b);
                assert!(contains(&canvas, &b.bounds()), "{name} leaves the chart");
                if !b.lines.is_empty() {
                    boxes.push((name, b.bounds()));
                }
            }
        }
        for item in &l.legend {
            assert_text_fits(&item.label);
            boxes.push(("legend".into(), item.label.bounds()));
            boxes.push(("legend symbol".into(), item.symbol_box));
        }
        for (i, (an, a)) in boxes.iter().enumerate() {
            assert!(contains(&canvas, a), "{an} leaves the chart");
            for (bn, b) in &boxes[i + 1..] {
                assert!(!overlaps(a, b), "{an} {a:?} overlaps {bn} {b:?}");
            }
        }
    }

    #[test]
    fn bars_scale_from_zero_and_labels_sit_above() {
        let l = layout_kpi(&kpi(true));
        assert_eq!(l.columns.len(), 5);
        assert!((l.zero_y - l.plot.bottom()).abs() < 1e-3);
        let bars: Vec<Rect> = l.columns.iter().filter_map(|c| c.target.as_ref().map(|t| t.bar)).collect();
        // The largest value (19) fills the plot height; others are proportional.
        assert!((bars[4].h - l.plot.h).abs() < 1e-3);
        assert!((bars[0].h - l.plot.h * 8.0 / 19.0).abs() < 1e-3);
        assert!(bars.iter().all(|b| (b.bottom() - l.zero_y).abs() < 1e-3));
        for c in &l.columns {
            if let Some(t) = &c.target {
                assert!(t.label.bounds().bottom() <= t.bar.y);
                assert!(t.label.bounds().x >= c.rect.x && t.label.bounds().right() <= c.rect.right());
            }
        }
        let labels: Vec<String> = l.columns.iter().filter_map(|c| c.target.as_ref().map(|t| t.label.lines.concat())).collect();
        assert_eq!(labels, ["8%", "11%", "14%", "16.5%", "19%"]);
        assert_sound(&l);
    }

    #[test]
    fn actuals_are_dots_beside_the_target_bars() {
        let l = layout_kpi(&kpi(true));
        let c = &l.columns[0];
        let (Some(t), Some(a)) = (&c.target, &c.actual) else {
            panic!("first year has both series");
        };
        assert!(a.cx > t.bar.right());
        assert!((a.cy - (l.plot.bottom() - l.plot.h * 9.5 / 19.0)).abs() < 1e-3);
        assert_eq!(a.label.lines, vec!["9.5%"]);
        assert!(a.label.font.bold && !t.label.font.bold);
        assert_eq!(a.title, "2025年度 実績: 9.5%");
        assert!(l.columns[2].actual.is_none());
        let symbols: Vec<LegendSymbol> = l.legend.iter().map(|i| i.symbol).collect();
        assert_eq!(symbols, [LegendSymbol::Target, LegendSymbol::Actual]);
        assert_sound(&l);
    }

    #[test]
    fn targets_only_use_the_whole_column() {
        let l =
            layout_kpi(&chart(vec![point(2023, value(1000.0, "1,000人"), None), point(2029, value(1200.0, "1,200人"), None)]));
        assert_eq!(l.legend.len(), 1);
        let c = &l.columns[1];
        let t = c.target.as_ref().map(|t| t.bar.x + t.bar.w / 2.0);
        assert_eq!(t, Some(c.rect.x + c.rect.w / 2.0));
        assert_sound(&l);
    }

    #[test]
    fn negative_and_odd_values() {
        let l = layout_kpi(&chart(vec![
            point(2025, value(-5.0, "-5件"), value(f64::NAN, "?")),
            point(2026, value(0.0, "0件"), value(3.0, "3件")),
            point(2027, None, value(f64::INFINITY, "∞")),
            point(2028, value(10.0, &"とても長い値のラベル".repeat(3)), None),
        ]));
        let c0 = l.columns[0].target.as_ref().map(|t| t.bar);
        let Some(bar) = c0 else { panic!("negative bar missing") };
        assert!((bar.y - l.zero_y).abs() < 1e-3 && bar.h > 0.0);
        assert!(l.columns[0].actual.is_none());
        assert!(l.columns[2].actual.is_none());
        let zero = l.columns[1].target.as_ref().map(|t| t.bar.h);
        assert_eq!(zero, Some(1.0));
        let long = l.columns[3].target.as_ref().map(|t| t.label.truncated);
        assert_eq!(long, Some(true));
        assert_sound(&l);
    }

    #[test]
    fn svg_is_well_formed_and_escaped() {
        for ja in [true, false] {
            for mode in [SvgMode::Inline, SvgMode::Standalone] {
                let svg = kpi_svg(&kpi(ja), mode);
                let root = parse_svg(&svg);
                assert_short_numbers(&svg);
                assert!(root.descendants().iter().any(|e| e.has_class("chart-actual")));
            }
        }
        let evil = "<script>&\"'";
        let mut c = kpi(true);
        c.title = evil.into();
        c.points[0].year.primary = evil.into();
        c.points[0].target = value(1.0, evil);
        c.text.actual = evil.into();
        let svg = kpi_svg(&c, SvgMode::Standalone);
        assert!(!svg.contains("<script"));
        let root = parse_svg(&svg);
        let titles: Vec<String> = root.descendants().iter().filter(|e| e.name == "title").map(|e| e.visible_text()).collect();
        assert!(titles.contains(&evil.to_string()));
        assert!(titles.contains(&format!("{evil} 目標: {evil}")));
    }

    #[test]
    fn empty_chart_does_not_panic() {
        let l = layout_kpi(&KpiChart::default());
        assert!(l.columns.is_empty() && l.legend.is_empty());
        parse_svg(&kpi_svg(&KpiChart::default(), SvgMode::Inline));
        let nothing = chart(vec![point(2025, None, None)]);
        parse_svg(&kpi_svg(&nothing, SvgMode::Standalone));
    }
}
