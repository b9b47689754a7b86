//! Roadmap (Gantt) charts: one column per fiscal year, rows of phases and milestones.
//!
//! One layout serves a whole plan (rows grouped by pillar under heading rows, each row label
//! linking to its initiative), a single initiative (one group without heading, one row per
//! action), and a long strategy with a few multi-year phases. The caller chooses the window
//! of years; phases reaching outside it are clipped and marked as such.
//!
//! Geometry, left to right: a row-label column, the year columns, and — only when some phase
//! runs on past the last year — a narrow margin holding an arrowhead and a word ("ongoing").
//! Top to bottom: the today label, the year header, the groups and rows, the legend.
//! Within a row, phases that overlap in time go on separate lanes, and milestones get lanes
//! of their own below the phases, so nothing is drawn over anything else.

use super::geometry::{
    Anchor, BODY, LINE_HEIGHT, LegendItem, LegendSymbol, PAD, Rect, SMALL, TextBlock, flow_legend, year_labels,
};
use super::svg::{Document, SvgWriter, notched_bar, safe_href};
use super::text_width::{Font, normalize_space, text_width};
use super::{ChartText, SvgMode, SvgPair, YearLabel};

/// A roadmap chart: the input, already localised.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapChart {
    /// Prefix for the ids in the SVG; must be unique on the page.
    pub id_prefix: String,
    /// Accessible name (`<title>`).
    pub title: String,
    /// Accessible description (`<desc>`): a sentence or two summarising the roadmap.
    pub description: String,
    /// Width in px of the drawing ([`RoadmapChart::DEFAULT_WIDTH`] unless the page needs
    /// otherwise); the height follows from the content.
    pub width: f32,
    /// The fiscal-year columns shown, the window of years; sorted by `fy` when laid out.
    pub years: Vec<YearLabel>,
    /// Groups of rows, in order.
    pub groups: Vec<RowGroup>,
    /// Where to draw the today line, if anywhere.
    pub today: Option<TodayLine>,
    /// Localised words for markers and the legend.
    pub text: ChartText,
}

impl RoadmapChart {
    /// The default drawing width in px.
    pub const DEFAULT_WIDTH: f32 = 960.0;
}

impl Default for RoadmapChart {
    fn default() -> Self {
        RoadmapChart {
            id_prefix: String::new(),
            title: String::new(),
            description: String::new(),
            width: Self::DEFAULT_WIDTH,
            years: Vec::new(),
            groups: Vec::new(),
            today: None,
            text: ChartText::default(),
        }
    }
}

/// Rows under an optional heading (a pillar in a plan chart).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowGroup {
    /// Heading row text; `None` for an ungrouped chart.
    pub heading: Option<String>,
    /// The rows, in order.
    pub rows: Vec<RoadmapRow>,
}

/// One row: an initiative in a plan chart, an action in an initiative chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoadmapRow {
    /// Row label in the left column.
    pub label: String,
    /// Link for the row label (the initiative's page).
    pub href: Option<String>,
    /// Phases drawn as labelled bars.
    pub phases: Vec<PhaseBar>,
    /// Milestones drawn as diamonds.
    pub milestones: Vec<Milestone>,
}

/// A phase of work over consecutive fiscal years.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhaseBar {
    /// First fiscal year, inclusive.
    pub from_fy: i32,
    /// Last fiscal year, inclusive.
    pub to_fy: i32,
    /// Text on (or beside) the bar, e.g. "検討", "導入・普及".
    pub label: String,
    /// The work began before `from_fy` / before the period (drawn with a notched start).
    pub continues_before: bool,
    /// The work goes on after `to_fy` (継続): drawn as an arrow to the right edge plus text.
    pub continues_after: bool,
}

/// A milestone in a fiscal year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Milestone {
    /// The fiscal year; drawn at the middle of its column.
    pub fy: i32,
    /// What is reached, e.g. "本格運用開始".
    pub label: String,
}

/// The "today" marker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TodayLine {
    /// Fiscal year containing the build date.
    pub fy: i32,
    /// How far into that fiscal year (0.0 = 1 April, 1.0 = 31 March), clamped to 0..=1.
    pub fraction: f32,
    /// Text above the line, e.g. "現在（2026年2月）".
    pub label: String,
}

/// The computed geometry of a roadmap chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapLayout {
    /// Drawing width (viewBox).
    pub width: f32,
    /// Drawing height (viewBox).
    pub height: f32,
    /// Left edge of the first year column.
    pub plot_left: f32,
    /// Right edge of the last year column.
    pub plot_right: f32,
    /// Width of one year column.
    pub column_width: f32,
    /// Top of the year header.
    pub header_top: f32,
    /// Top of the first group.
    pub rows_top: f32,
    /// Bottom of the last row.
    pub rows_bottom: f32,
    /// The year columns, sorted by fiscal year.
    pub columns: Vec<YearColumn>,
    /// The today line, when its year is within the window.
    pub today: Option<TodayLayout>,
    /// The groups, in input order.
    pub groups: Vec<GroupLayout>,
    /// Legend entries for the signs the chart uses.
    pub legend: Vec<LegendItem>,
}

/// One year column and its header labels.
#[derive(Debug, Clone, PartialEq)]
pub struct YearColumn {
    /// The fiscal year.
    pub fy: i32,
    /// The column from the header top to the last row's bottom.
    pub rect: Rect,
    /// Main header label.
    pub primary: TextBlock,
    /// Second header label.
    pub secondary: Option<TextBlock>,
}

/// The today line and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct TodayLayout {
    /// x of the line.
    pub x: f32,
    /// Top of the line.
    pub top: f32,
    /// Bottom of the line.
    pub bottom: f32,
    /// The parts of the line actually drawn (y from, y to): the line is drawn over the bars
    /// but interrupted wherever it would cross a text, so that it never strikes through one.
    pub segments: Vec<(f32, f32)>,
    /// A downward triangle between the label and the header, pointing at the line: it marks
    /// the position even where the line is interrupted by the year labels.
    pub marker: Rect,
    /// The label above the year header.
    pub label: TextBlock,
}

/// A group of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupLayout {
    /// The heading row, if the group has one.
    pub heading: Option<HeadingLayout>,
    /// The rows.
    pub rows: Vec<RowLayout>,
}

/// A group heading row spanning the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingLayout {
    /// The background band.
    pub band: Rect,
    /// The heading text.
    pub text: TextBlock,
}

/// One row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowLayout {
    /// The row's full-width area.
    pub rect: Rect,
    /// The label in the left column.
    pub label: TextBlock,
    /// The label's link.
    pub href: Option<String>,
    /// Phases and milestones in reading order (left to right, then top to bottom).
    pub items: Vec<RowItem>,
}

/// Something drawn in a row's track.
#[derive(Debug, Clone, PartialEq)]
pub enum RowItem {
    /// A phase bar.
    Phase(PhaseLayout),
    /// A milestone.
    Milestone(MilestoneLayout),
}

impl RowItem {
    fn left(&self) -> f32 {
        match self {
            RowItem::Phase(p) => p.bar.x,
            RowItem::Milestone(m) => m.cx - m.half,
        }
    }

    fn lane(&self) -> usize {
        match self {
            RowItem::Phase(p) => p.lane,
            RowItem::Milestone(m) => m.lane,
        }
    }
}

/// A phase bar and its markers.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseLayout {
    /// Index of the phase in the input row.
    pub index: usize,
    /// Lane within the row (0 = top).
    pub lane: usize,
    /// The bar.
    pub bar: Rect,
    /// Drawn in the alternate colour (every second phase in a row, to tell neighbours apart).
    pub alt: bool,
    /// The left end is notched: the work began before the bar's first year or the window.
    pub notched: bool,
    /// The phase starts before the first year shown.
    pub clipped_before: bool,
    /// The phase ends after the last year shown.
    pub clipped_after: bool,
    /// The phase is marked as continuing after its last year.
    pub continues_after: bool,
    /// The label, inside the bar or below it.
    pub label: TextBlock,
    /// Whether the label sits inside the bar (else below it, in the row).
    pub label_inside: bool,
    /// A dashed line from the bar's end to the right edge of the years (x from, x to).
    pub tail: Option<(f32, f32)>,
    /// The arrowhead in the right margin.
    pub arrow: Option<Rect>,
    /// The word beside the arrowhead ("ongoing" or "continues").
    pub after_text: Option<TextBlock>,
}

/// A milestone diamond and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneLayout {
    /// Index of the milestone in the input row.
    pub index: usize,
    /// Lane within the row.
    pub lane: usize,
    /// Centre x.
    pub cx: f32,
    /// Centre y.
    pub cy: f32,
    /// Half the diagonal of the diamond.
    pub half: f32,
    /// The label, beside the diamond.
    pub label: TextBlock,
}

// Layout constants, in px.
const HEADING: Font = Font::bold(13.0);
const MIN_WIDTH: f32 = 320.0;
/// Gap between a bar and its column edges.
const BAR_GAP: f32 = 3.0;
/// Horizontal padding of a label inside a bar.
const BAR_PAD_X: f32 = 5.0;
/// Vertical padding of a label inside a bar.
const BAR_PAD_Y: f32 = 4.0;
/// Depth of the notch of a bar that began earlier.
const NOTCH: f32 = 7.0;
/// Length of the arrowhead in the right margin.
const ARROW: f32 = 9.0;
/// Space between lanes, and around a row's content.
const LANE_GAP: f32 = 5.0;
const ROW_PAD: f32 = 6.0;
/// Indent of row labels under a group heading.
const INDENT: f32 = 12.0;
/// Size of the triangle under the today label.
const TODAY_MARKER: f32 = 6.0;
/// Half diagonal of a milestone diamond.
const DIAMOND: f32 = 7.0;
/// Row labels wrap to at most this many lines; bar and milestone labels to two.
const ROW_LABEL_LINES: usize = 3;
const LABEL_LINES: usize = 2;

/// Horizontal frame shared by all rows.
struct Frame {
    width: f32,
    plot_left: f32,
    plot_right: f32,
    col_w: f32,
    /// Width of the text beside the margin arrowheads (0 without a margin).
    margin_text_w: f32,
    n: usize,
}

impl Frame {
    /// The frame for `n` year columns in a drawing `width` wide. `margin_words` are the
    /// words that will stand beside arrowheads in the right margin; without any there is no
    /// margin.
    fn new(width: f32, n: usize, margin_words: &[&str]) -> Self {
        let plot_left = (width * 0.26).clamp(140.0, 300.0);
        let margin_text_w =
            margin_words.iter().map(|w| text_width(&normalize_space(w), SMALL)).fold(0.0, f32::max).min(width * 0.14);
        let margin = if margin_words.is_empty() { 0.0 } else { ARROW + 4.0 + margin_text_w };
        let plot_right = (width - PAD - margin).max(plot_left);
        let col_w = if n == 0 { 0.0 } else { (plot_right - plot_left) / n as f32 };
        Frame { width, plot_left, plot_right, col_w, margin_text_w, n }
    }

    fn col_x(&self, i: usize) -> f32 {
        self.plot_left + self.col_w * i as f32
    }

    fn col_center(&self, i: usize) -> f32 {
        self.col_x(i) + self.col_w / 2.0
    }
}

/// A phase after clipping to the window, before vertical placement.
struct VisiblePhase<'a> {
    index: usize,
    phase: &'a PhaseBar,
    first: usize,
    last: usize,
    clipped_before: bool,
    clipped_after: bool,
}

impl VisiblePhase<'_> {
    fn arrow_after(&self) -> bool {
        self.phase.continues_after || self.clipped_after
    }

    fn notched(&self) -> bool {
        self.phase.continues_before || self.clipped_before
    }

    fn notch(&self) -> f32 {
        if self.notched() { NOTCH } else { 0.0 }
    }
}

/// Columns `first..=last` of `years` that `from..=to` covers, or `None` if it misses them.
fn column_span(years: &[&YearLabel], from: i32, to: i32) -> Option<(usize, usize)> {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let first = years.iter().position(|y| y.fy >= from)?;
    let last = years.iter().rposition(|y| y.fy <= to)?;
    (first <= last).then_some((first, last))
}

/// The phases of `row` that reach into the window, ordered by first column.
fn visible_phases<'a>(row: &'a RoadmapRow, years: &[&YearLabel]) -> Vec<VisiblePhase<'a>> {
    let (Some(first_fy), Some(last_fy)) = (years.first().map(|y| y.fy), years.last().map(|y| y.fy)) else {
        return Vec::new();
    };
    let mut out: Vec<VisiblePhase> = row
        .phases
        .iter()
        .enumerate()
        .filter_map(|(index, phase)| {
            let (first, last) = column_span(years, phase.from_fy, phase.to_fy)?;
            Some(VisiblePhase {
                index,
                phase,
                first,
                last,
                clipped_before: phase.from_fy.min(phase.to_fy) < first_fy,
                clipped_after: phase.from_fy.max(phase.to_fy) > last_fy,
            })
        })
        .collect();
    out.sort_by_key(|p| (p.first, p.index));
    out
}

/// Sorted, de-duplicated years: the window.
fn window(years: &[YearLabel]) -> Vec<&YearLabel> {
    let mut sorted: Vec<&YearLabel> = years.iter().collect();
    sorted.sort_by_key(|y| y.fy);
    sorted.dedup_by_key(|y| y.fy);
    sorted
}

/// Which signs a chart uses: they decide the right margin and the legend.
struct Signs {
    ongoing: bool,
    beyond_window: bool,
    before_window: bool,
    milestones: bool,
}

impl Signs {
    fn of(chart: &RoadmapChart, years: &[&YearLabel]) -> Self {
        let rows = || chart.groups.iter().flat_map(|g| &g.rows);
        let phases: Vec<VisiblePhase> = rows().flat_map(|r| visible_phases(r, years)).collect();
        Signs {
            ongoing: phases.iter().any(|p| p.phase.continues_after),
            beyond_window: phases.iter().any(|p| p.clipped_after && !p.phase.continues_after),
            before_window: phases.iter().any(VisiblePhase::notched),
            milestones: rows().any(|r| r.milestones.iter().any(|m| years.iter().any(|y| y.fy == m.fy))),
        }
    }
}

/// Computes the geometry of `chart`.
pub fn layout_roadmap(chart: &RoadmapChart) -> RoadmapLayout {
    let years = window(&chart.years);
    let width = if chart.width.is_finite() { chart.width.max(MIN_WIDTH) } else { RoadmapChart::DEFAULT_WIDTH };
    let text = &chart.text;
    let signs = Signs::of(chart, &years);
    let mut margin_words: Vec<&str> = Vec::new();
    if signs.ongoing {
        margin_words.push(&text.ongoing);
    }
    if signs.beyond_window {
        margin_words.push(&text.beyond_window);
    }
    let frame = Frame::new(width, years.len(), &margin_words);

    // Today's label comes first, in a strip above the header.
    let mut y = PAD;
    let today_at = chart.today.as_ref().and_then(|t| {
        let i = years.iter().position(|y| y.fy == t.fy)?;
        let fraction = if t.fraction.is_finite() { t.fraction.clamp(0.0, 1.0) } else { 0.0 };
        let x = frame.col_x(i) + fraction * frame.col_w;
        let room = width - frame.plot_left - PAD;
        let mut label = TextBlock::fit(&t.label, SMALL, room, 1, Anchor::Start, x, y);
        // Centre on the line, but keep the whole label inside the chart.
        let max_left = (width - PAD - label.width).max(frame.plot_left);
        label.x = (x - label.width / 2.0).clamp(frame.plot_left, max_left);
        Some((x, label))
    });
    if let Some((_, label)) = &today_at {
        y += label.height().max(SMALL.size * LINE_HEIGHT) + TODAY_MARKER + 2.0;
    }

    let header_top = y;
    let mut columns = year_columns(&years, &frame, header_top);
    let header_h = columns
        .iter()
        .map(|c| c.primary.height() + c.secondary.as_ref().map_or(0.0, TextBlock::height))
        .fold(BODY.size * LINE_HEIGHT, f32::max);
    y += header_h + 4.0;
    let rows_top = y;

    let mut groups = Vec::with_capacity(chart.groups.len());
    for group in &chart.groups {
        let heading = group.heading.as_ref().map(|h| {
            let text =
                TextBlock::fit(h, HEADING, width - 2.0 * PAD - 8.0, LABEL_LINES, Anchor::Start, PAD + 4.0, y + ROW_PAD / 2.0);
            let band = Rect::new(PAD / 2.0, y, width - PAD, text.height() + ROW_PAD);
            y = band.bottom();
            HeadingLayout { band, text }
        });
        let indent = if heading.is_some() { INDENT } else { 0.0 };
        let mut rows = Vec::with_capacity(group.rows.len());
        for row in &group.rows {
            let layout = layout_row(row, &years, &frame, text, indent, y);
            y = layout.rect.bottom();
            rows.push(layout);
        }
        groups.push(GroupLayout { heading, rows });
    }
    let rows_bottom = y;
    for column in &mut columns {
        column.rect.h = rows_bottom - header_top;
    }

    let today = today_at.map(|(x, label)| {
        let top = header_top - 2.0;
        let marker = Rect::new(x - TODAY_MARKER / 2.0, top - TODAY_MARKER, TODAY_MARKER, TODAY_MARKER);
        TodayLayout {
            x,
            top,
            bottom: rows_bottom,
            segments: line_around_text(x, top, rows_bottom, &texts_of(&columns, &groups)),
            marker,
            label,
        }
    });

    let entries = [
        (signs.milestones, LegendSymbol::Milestone, &text.milestone),
        (signs.ongoing, LegendSymbol::Ongoing, &text.ongoing),
        (signs.beyond_window, LegendSymbol::BeyondWindow, &text.beyond_window),
        (signs.before_window, LegendSymbol::BeforeWindow, &text.before_window),
        (today.is_some(), LegendSymbol::Today, &text.today),
    ];
    let entries: Vec<(LegendSymbol, &str)> =
        entries.into_iter().filter(|(used, _, _)| *used).map(|(_, symbol, word)| (symbol, word.as_str())).collect();
    let (legend, legend_bottom) = flow_legend(&entries, SMALL, PAD, width - PAD, rows_bottom + PAD);

    RoadmapLayout {
        width,
        height: legend_bottom + PAD,
        plot_left: frame.plot_left,
        plot_right: frame.plot_right,
        column_width: frame.col_w,
        header_top,
        rows_top,
        rows_bottom,
        columns,
        today,
        groups,
        legend,
    }
}

/// The year columns with their header labels; their height is set once the rows are known.
fn year_columns(years: &[&YearLabel], frame: &Frame, top: f32) -> Vec<YearColumn> {
    let cell_w = (frame.col_w - 4.0).max(0.0);
    years
        .iter()
        .enumerate()
        .map(|(i, year)| {
            let (primary, secondary) = year_labels(year, frame.col_center(i), top, cell_w);
            YearColumn { fy: year.fy, rect: Rect::new(frame.col_x(i), top, frame.col_w, 0.0), primary, secondary }
        })
        .collect()
}

/// Every text block in the header and rows.
fn texts_of<'a>(columns: &'a [YearColumn], groups: &'a [GroupLayout]) -> Vec<&'a TextBlock> {
    let mut out: Vec<&TextBlock> = Vec::new();
    for c in columns {
        out.push(&c.primary);
        out.extend(&c.secondary);
    }
    for g in groups {
        out.extend(g.heading.as_ref().map(|h| &h.text));
        for r in &g.rows {
            out.push(&r.label);
            for item in &r.items {
                match item {
                    RowItem::Phase(p) => {
                        out.push(&p.label);
                        out.extend(&p.after_text);
                    }
                    RowItem::Milestone(m) => out.push(&m.label),
                }
            }
        }
    }
    out
}

/// The pieces of a vertical line at `x` from `top` to `bottom` that do not cross any of
/// `texts` (with a small clearance).
fn line_around_text(x: f32, top: f32, bottom: f32, texts: &[&TextBlock]) -> Vec<(f32, f32)> {
    const CLEAR: f32 = 2.0;
    let mut gaps: Vec<(f32, f32)> = texts
        .iter()
        .filter(|t| !t.lines.is_empty())
        .map(|t| t.bounds())
        .filter(|b| b.x - CLEAR <= x && x <= b.right() + CLEAR)
        .map(|b| (b.y - CLEAR, b.bottom() + CLEAR))
        .collect();
    gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut segments = Vec::new();
    let mut y = top;
    for (from, to) in gaps {
        if from > y {
            segments.push((y, from.min(bottom)));
        }
        y = y.max(to);
        if y >= bottom {
            break;
        }
    }
    if y < bottom {
        segments.push((y, bottom));
    }
    segments.retain(|(a, b)| b - a >= 1.0);
    segments
}

/// Lanes for `phases` (ordered by first column): each goes on the first lane that is free
/// from its first column on. A phase with an arrow occupies the rest of the window and the
/// margin (column `n`), so nothing is drawn over its tail.
fn phase_lanes(phases: &[VisiblePhase], n: usize) -> Vec<usize> {
    let mut lane_ends: Vec<usize> = Vec::new();
    phases
        .iter()
        .map(|p| {
            let end = if p.arrow_after() { n } else { p.last };
            match lane_ends.iter().position(|&e| e < p.first) {
                Some(lane) => {
                    lane_ends[lane] = end;
                    lane
                }
                None => {
                    lane_ends.push(end);
                    lane_ends.len() - 1
                }
            }
        })
        .collect()
}

/// A phase's horizontal geometry and label, before the lanes get their heights.
struct PhaseDraft {
    lane: usize,
    bar_x: f32,
    bar_right: f32,
    /// Positioned horizontally; its top is set with the lane's.
    label: TextBlock,
    inside: bool,
}

/// Places the bar of `p` and tries its label inside.
fn draft_phase(p: &VisiblePhase, lane: usize, frame: &Frame) -> PhaseDraft {
    let bar_x = if p.clipped_before { frame.plot_left + 1.0 } else { frame.col_x(p.first) + BAR_GAP };
    let bar_right = if p.arrow_after() && p.last + 1 == frame.n { frame.plot_right } else { frame.col_x(p.last + 1) - BAR_GAP };
    let inner = bar_right - bar_x - 2.0 * BAR_PAD_X - p.notch();
    let center = bar_x + p.notch() + (bar_right - bar_x - p.notch()) / 2.0;
    let label = TextBlock::fit(&p.phase.label, BODY, inner, LABEL_LINES, Anchor::Middle, center, 0.0);
    PhaseDraft { lane, bar_x, bar_right, inside: !label.truncated, label }
}

/// Moves labels that do not fit inside their bar below it. A label below extends right up
/// to the next bar on the lane (whose own label would start there) or the chart's edge, or
/// left when that gives more room and the previous bar's label is inside its bar.
fn place_outside_labels(drafts: &mut [PhaseDraft], phases: &[VisiblePhase], frame: &Frame) {
    for i in 0..drafts.len() {
        if drafts[i].inside {
            continue;
        }
        let lane = drafts[i].lane;
        let next = (i + 1..drafts.len()).find(|&j| drafts[j].lane == lane);
        let prev = (0..i).rev().find(|&j| drafts[j].lane == lane);
        let label = &phases[i].phase.label;
        let start = drafts[i].bar_x + phases[i].notch() + 2.0;
        let right_limit = next.map_or(frame.width - PAD, |j| drafts[j].bar_x - 4.0);
        let right = TextBlock::fit(label, SMALL, right_limit - start, LABEL_LINES, Anchor::Start, start, 0.0);
        let left_possible = prev.is_none_or(|j| drafts[j].inside);
        drafts[i].label = if right.truncated && left_possible {
            let left_limit = prev.map_or(frame.plot_left, |j| drafts[j].bar_right + 4.0);
            let end = drafts[i].bar_right - 2.0;
            let left = TextBlock::fit(label, SMALL, end - left_limit, LABEL_LINES, Anchor::End, end, 0.0);
            if !left.truncated || left.max_width > right.max_width { left } else { right }
        } else {
            right
        };
    }
}

/// Heights of a phase lane: the bars (grown for two-line labels) and the labels below them.
#[derive(Default, Clone, Copy)]
struct Lane {
    bar_h: f32,
    below_h: f32,
}

const MIN_BAR_H: f32 = BODY.size * LINE_HEIGHT + 2.0 * BAR_PAD_Y;

fn lane_heights(drafts: &[PhaseDraft]) -> Vec<Lane> {
    let count = drafts.iter().map(|d| d.lane + 1).max().unwrap_or(0);
    let mut lanes = vec![Lane { bar_h: MIN_BAR_H, below_h: 0.0 }; count];
    for d in drafts {
        let lane = &mut lanes[d.lane];
        if d.inside {
            lane.bar_h = lane.bar_h.max(d.label.height() + 2.0 * BAR_PAD_Y);
        } else {
            lane.below_h = lane.below_h.max(d.label.height() + 2.0);
        }
    }
    lanes
}

/// A milestone's horizontal geometry, label and lane (counted among milestone lanes).
struct MilestoneDraft {
    index: usize,
    cx: f32,
    label: TextBlock,
    lane: usize,
}

/// Places the milestones of `row` that fall in the window: diamond mid-column, label to the
/// right (or left, near the right edge), each on the first milestone lane where it keeps
/// clear of the one before. Returns the drafts and the height of each milestone lane.
fn draft_milestones(row: &RoadmapRow, years: &[&YearLabel], frame: &Frame) -> (Vec<MilestoneDraft>, Vec<f32>) {
    let mut milestones: Vec<(usize, &Milestone, usize)> =
        row.milestones.iter().enumerate().filter_map(|(i, m)| Some((i, m, years.iter().position(|y| y.fy == m.fy)?))).collect();
    milestones.sort_by_key(|&(i, _, col)| (col, i));
    let mut lane_ends: Vec<f32> = Vec::new();
    let mut drafts = Vec::with_capacity(milestones.len());
    for (index, m, col) in milestones {
        let cx = frame.col_center(col);
        let right_room = frame.width - PAD - (cx + DIAMOND + 4.0);
        let left_room = cx - DIAMOND - 4.0 - frame.plot_left;
        let natural = text_width(&normalize_space(&m.label), SMALL);
        let (room, anchor, x) = if natural <= right_room || right_room >= left_room {
            (right_room, Anchor::Start, cx + DIAMOND + 4.0)
        } else {
            (left_room, Anchor::End, cx - DIAMOND - 4.0)
        };
        let label = TextBlock::fit(&m.label, SMALL, room, LABEL_LINES, anchor, x, 0.0);
        let extent_left = label.bounds().x.min(cx - DIAMOND);
        let extent_right = label.bounds().right().max(cx + DIAMOND);
        let lane = match lane_ends.iter().position(|&e| e + 6.0 <= extent_left) {
            Some(lane) => {
                lane_ends[lane] = extent_right;
                lane
            }
            None => {
                lane_ends.push(extent_right);
                lane_ends.len() - 1
            }
        };
        drafts.push(MilestoneDraft { index, cx, label, lane });
    }
    let mut heights = vec![2.0 * DIAMOND + 4.0; lane_ends.len()];
    for d in &drafts {
        heights[d.lane] = heights[d.lane].max(d.label.height() + 4.0);
    }
    (drafts, heights)
}

/// Completes a phase once its bar has its place: label, tail, arrowhead and margin word.
fn finish_phase(p: &VisiblePhase, d: PhaseDraft, bar: Rect, alt: bool, frame: &Frame, text: &ChartText) -> PhaseLayout {
    let label = if d.inside {
        let top = bar.y + (bar.h - d.label.height()) / 2.0;
        d.label.with_top(top)
    } else {
        d.label.with_top(bar.bottom() + 2.0)
    };
    let cy = bar.center_y();
    let (tail, arrow, after_text) = if p.arrow_after() {
        let tail = (bar.right() < frame.plot_right - 0.5).then_some((bar.right(), frame.plot_right));
        let half = (bar.h / 2.0).min(8.0);
        let arrow = Rect::new(frame.plot_right, cy - half, ARROW, 2.0 * half);
        let word = if p.phase.continues_after { &text.ongoing } else { &text.beyond_window };
        let line_h = SMALL.size * LINE_HEIGHT;
        let after =
            TextBlock::fit(word, SMALL, frame.margin_text_w, 1, Anchor::Start, frame.plot_right + ARROW + 4.0, cy - line_h / 2.0);
        (tail, Some(arrow), Some(after))
    } else {
        (None, None, None)
    };
    PhaseLayout {
        index: p.index,
        lane: d.lane,
        bar,
        alt,
        notched: p.notched(),
        clipped_before: p.clipped_before,
        clipped_after: p.clipped_after,
        continues_after: p.phase.continues_after,
        label,
        label_inside: d.inside,
        tail,
        arrow,
        after_text,
    }
}

/// Lays out one row whose top is at `top`: phase lanes, then milestone lanes, beside the
/// row label; the row is as tall as the taller of the two.
fn layout_row(row: &RoadmapRow, years: &[&YearLabel], frame: &Frame, text: &ChartText, indent: f32, top: f32) -> RowLayout {
    let phases = visible_phases(row, years);
    let mut drafts: Vec<PhaseDraft> =
        phases.iter().zip(phase_lanes(&phases, frame.n)).map(|(p, lane)| draft_phase(p, lane, frame)).collect();
    place_outside_labels(&mut drafts, &phases, frame);
    let lanes = lane_heights(&drafts);
    let (milestones, milestone_lanes) = draft_milestones(row, years, frame);

    // Lanes from the top: phases, then milestones.
    let mut y = top + ROW_PAD;
    let mut lane_tops = Vec::with_capacity(lanes.len());
    for lane in &lanes {
        lane_tops.push(y);
        y += lane.bar_h + lane.below_h + LANE_GAP;
    }
    let mut milestone_tops = Vec::with_capacity(milestone_lanes.len());
    for h in &milestone_lanes {
        milestone_tops.push(y);
        y += h + LANE_GAP;
    }
    let track_h = (y - LANE_GAP - (top + ROW_PAD)).max(0.0);

    // The label is centred on the first lane (or top-aligned when taller than it).
    let label_x = PAD + indent;
    let mut label =
        TextBlock::fit(&row.label, BODY, frame.plot_left - label_x - PAD, ROW_LABEL_LINES, Anchor::Start, label_x, 0.0);
    let first_band = lanes.first().map(|l| l.bar_h).or(milestone_lanes.first().copied()).unwrap_or(MIN_BAR_H);
    let label_offset = ((first_band - label.height()) / 2.0).max(0.0);
    label.top = top + ROW_PAD + label_offset;
    let content_h = track_h.max(label_offset + label.height()).max(MIN_BAR_H);
    let rect = Rect::new(0.0, top, frame.width, content_h + 2.0 * ROW_PAD);

    let mut items: Vec<RowItem> = Vec::with_capacity(drafts.len() + milestones.len());
    for (k, (p, d)) in phases.iter().zip(drafts).enumerate() {
        let bar = Rect::new(d.bar_x, lane_tops[d.lane], d.bar_right - d.bar_x, lanes[d.lane].bar_h);
        items.push(RowItem::Phase(finish_phase(p, d, bar, k % 2 == 1, frame, text)));
    }
    for d in milestones {
        let cy = milestone_tops[d.lane] + milestone_lanes[d.lane] / 2.0;
        let label_top = cy - d.label.height() / 2.0;
        items.push(RowItem::Milestone(MilestoneLayout {
            index: d.index,
            lane: lanes.len() + d.lane,
            cx: d.cx,
            cy,
            half: DIAMOND,
            label: d.label.with_top(label_top),
        }));
    }
    items.sort_by(|a, b| a.left().total_cmp(&b.left()).then(a.lane().cmp(&b.lane())));

    RowLayout { rect, label, href: safe_href(row.href.as_deref()), items }
}

/// Renders `chart` as SVG, inline and standalone (laid out and written once).
pub fn roadmap_svgs(chart: &RoadmapChart) -> SvgPair {
    write_roadmap(chart, &layout_roadmap(chart))
}

/// Writes the layout in reading order: today label, year header, then per group its heading
/// and per row its label followed by its phases and milestones from left to right.
fn write_roadmap(chart: &RoadmapChart, l: &RoadmapLayout) -> SvgPair {
    let doc = Document {
        mode: SvgMode::Inline,
        class: "chart-roadmap",
        width: l.width,
        height: l.height,
        id_prefix: &chart.id_prefix,
        title: &chart.title,
        description: &chart.description,
        lang: &chart.text.lang,
        stylesheet: &chart.text.stylesheet,
    };
    let mut w = SvgWriter::start(&doc);
    let hidden = || ("aria-hidden", "true".into());

    // Column rules behind everything.
    if !l.columns.is_empty() {
        w.open("g", &[("class", "chart-grid-lines".into()), hidden()]);
        for i in 0..=l.columns.len() {
            let x = l.plot_left + l.column_width * i as f32;
            let class = if i == 0 || i == l.columns.len() { "chart-grid" } else { "chart-grid chart-grid-minor" };
            w.line(class, x, l.header_top, x, l.rows_bottom);
        }
        w.close("g");
    }

    if let Some(today) = &l.today {
        w.text_block(&today.label, "chart-today-label", false);
        let m = today.marker;
        w.polygon("chart-today-marker", &[(m.x, m.y), (m.right(), m.y), (m.x + m.w / 2.0, m.bottom())]);
    }

    w.open_group("chart-years", None);
    for column in &l.columns {
        w.year_labels(&column.primary, column.secondary.as_ref());
    }
    w.close("g");
    w.line("chart-axis", PAD / 2.0, l.rows_top - 2.0, l.width - PAD / 2.0, l.rows_top - 2.0);

    for group in &l.groups {
        w.open_group("chart-group", None);
        if let Some(heading) = &group.heading {
            w.rect("chart-band", heading.band);
            w.text_block(&heading.text, "chart-heading", true);
        }
        for row in &group.rows {
            w.open_group("chart-row", None);
            let bottom = row.rect.bottom();
            w.line("chart-grid chart-grid-minor", PAD / 2.0, bottom, l.width - PAD / 2.0, bottom);
            match &row.href {
                Some(href) => {
                    w.open("a", &[("href", href.into())]);
                    w.title(&row.label.full);
                    w.text_block(&row.label, "chart-row-label", false);
                    w.close("a");
                }
                None => w.text_block(&row.label, "chart-row-label", true),
            }
            for item in &row.items {
                match item {
                    RowItem::Phase(p) => write_phase(&mut w, p),
                    RowItem::Milestone(m) => {
                        w.open_group("chart-milestone-item", Some(&m.label.full));
                        w.diamond(m.cx, m.cy, m.half);
                        w.text_block(&m.label, "chart-label chart-milestone-label", false);
                        w.close("g");
                    }
                }
            }
            w.close("g");
        }
        w.close("g");
    }

    // The line goes over the bars so it is never hidden, with gaps where it would strike
    // through text; its label was written above.
    if let Some(today) = &l.today {
        w.open("g", &[("class", "chart-today-line".into()), hidden()]);
        for &(from, to) in &today.segments {
            w.line("chart-today", today.x, from, today.x, to);
        }
        w.close("g");
    }

    w.legend(&l.legend);
    w.finish_in_both_modes(&doc)
}

fn write_phase(w: &mut SvgWriter, p: &PhaseLayout) {
    let alt = |base: &str, alt: &str| {
        if p.alt { format!("{base} {alt}") } else { base.to_string() }
    };
    w.open_group("chart-phase", Some(&p.label.full));
    let bar_class = alt("chart-bar", "chart-bar-alt");
    if p.notched {
        w.polygon(&bar_class, &notched_bar(p.bar, NOTCH));
    } else {
        w.rect(&bar_class, p.bar);
    }
    if p.label_inside {
        w.text_block(&p.label, &alt("chart-bar-label", "chart-bar-alt-label"), false);
    } else {
        w.text_block(&p.label, "chart-label", false);
    }
    if let Some((from, to)) = p.tail {
        let cy = p.bar.center_y();
        w.line(&alt("chart-ongoing", "chart-ongoing-alt"), from, cy, to, cy);
    }
    if let Some(arrow) = p.arrow {
        w.arrowhead(&alt("chart-arrow", "chart-arrow-alt"), arrow);
    }
    if let Some(after) = &p.after_text {
        w.text_block(after, "chart-label chart-ongoing-label", false);
    }
    w.close("g");
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn phases_of(row: &RowLayout) -> Vec<&PhaseLayout> {
        row.items
            .iter()
            .filter_map(|i| match i {
                RowItem::Phase(p) => Some(p),
                RowItem::Milestone(_) => None,
            })
            .collect()
    }

    fn milestones_of(row: &RowLayout) -> Vec<&MilestoneLayout> {
        row.items
            .iter()
            .filter_map(|i| match i {
                RowItem::Milestone(m) => Some(m),
                RowItem::Phase(_) => None,
            })
            .collect()
    }

    fn rows(l: &RoadmapLayout) -> Vec<&RowLayout> {
        l.groups.iter().flat_map(|g| &g.rows).collect()
    }

    fn single_row_chart(years_from: i32, years_to: i32, r: RoadmapRow) -> RoadmapChart {
        RoadmapChart {
            id_prefix: "t".into(),
            title: "t".into(),
            years: years(years_from, years_to, true),
            groups: vec![RowGroup { heading: None, rows: vec![r] }],
            text: text_ja(),
            ..RoadmapChart::default()
        }
    }

    /// Every text block of a layout, with a name for messages.
    fn text_blocks(l: &RoadmapLayout) -> Vec<(String, &TextBlock)> {
        let mut out: Vec<(String, &TextBlock)> = Vec::new();
        if let Some(t) = &l.today {
            out.push(("today".into(), &t.label));
        }
        for c in &l.columns {
            out.push((format!("year {}", c.fy), &c.primary));
            if let Some(s) = &c.secondary {
                out.push((format!("year {} secondary", c.fy), s));
            }
        }
        for (g, group) in l.groups.iter().enumerate() {
            if let Some(h) = &group.heading {
                out.push((format!("heading {g}"), &h.text));
            }
            for (r, row) in group.rows.iter().enumerate() {
                out.push((format!("row {g}.{r} label"), &row.label));
                for item in &row.items {
                    match item {
                        RowItem::Phase(p) => {
                            out.push((format!("row {g}.{r} phase {}", p.index), &p.label));
                            if let Some(a) = &p.after_text {
                                out.push((format!("row {g}.{r} phase {} after", p.index), a));
                            }
                        }
                        RowItem::Milestone(m) => {
                            out.push((format!("row {g}.{r} milestone {}", m.index), &m.label));
                        }
                    }
                }
            }
        }
        for (i, item) in l.legend.iter().enumerate() {
            out.push((format!("legend {i}"), &item.label));
        }
        out
    }

    /// Every drawn box that must not overlap another, with an owner: a bar's inside label
    /// may overlap its own bar only.
    fn drawn_boxes(l: &RoadmapLayout) -> Vec<(String, Rect)> {
        let mut out: Vec<(String, Rect)> =
            text_blocks(l).into_iter().filter(|(_, t)| !t.lines.is_empty()).map(|(name, t)| (name, t.bounds())).collect();
        for (g, group) in l.groups.iter().enumerate() {
            for (r, row) in group.rows.iter().enumerate() {
                for item in &row.items {
                    match item {
                        RowItem::Phase(p) => {
                            let owner = format!("row {g}.{r} phase {}", p.index);
                            let inside = p.label_inside;
                            // Inside labels belong to the bar: name the bar like its label.
                            let bar_name = if inside { owner.clone() } else { format!("{owner} bar") };
                            out.push((bar_name, p.bar));
                            if let Some((from, to)) = p.tail {
                                out.push((format!("{owner} tail"), Rect::new(from, p.bar.center_y() - 1.0, to - from, 2.0)));
                            }
                            if let Some(a) = p.arrow {
                                out.push((format!("{owner} arrow"), a));
                            }
                        }
                        RowItem::Milestone(m) => out.push((
                            format!("row {g}.{r} milestone {} diamond", m.index),
                            Rect::new(m.cx - m.half, m.cy - m.half, 2.0 * m.half, 2.0 * m.half),
                        )),
                    }
                }
            }
        }
        for (i, item) in l.legend.iter().enumerate() {
            out.push((format!("legend {i} symbol"), item.symbol_box));
        }
        if let Some(t) = &l.today {
            out.push(("today marker".into(), t.marker));
        }
        out
    }

    fn assert_layout_sound(l: &RoadmapLayout) {
        let canvas = Rect::new(0.0, 0.0, l.width, l.height);
        for (name, block) in text_blocks(l) {
            assert_text_fits(block);
            assert!(contains(&canvas, &block.bounds()), "{name} {:?} leaves the chart", block.lines);
        }
        let boxes = drawn_boxes(l);
        for (i, (a_name, a)) in boxes.iter().enumerate() {
            assert!(contains(&canvas, a), "{a_name} leaves the chart");
            for (b_name, b) in &boxes[i + 1..] {
                if a_name != b_name {
                    assert!(!overlaps(a, b), "{a_name} {a:?} overlaps {b_name} {b:?}");
                }
            }
        }
        for row in rows(l) {
            assert!(contains(&row.rect, &row.label.bounds()), "{:?}", row.label.lines);
            for item in &row.items {
                if let RowItem::Phase(p) = item {
                    assert!(contains(&row.rect, &p.bar));
                    assert!(contains(&row.rect, &p.label.bounds()), "{:?}", p.label.lines);
                    if p.label_inside {
                        assert!(contains(&p.bar, &p.label.bounds()), "{:?}", p.label.lines);
                    }
                }
            }
        }
    }

    #[test]
    fn bars_span_their_fiscal_years() {
        let chart = single_row_chart(2025, 2029, row("r", vec![phase(2025, 2025, "検討"), phase(2026, 2027, "導入")]));
        let l = layout_roadmap(&chart);
        assert_eq!(l.columns.len(), 5);
        let col_w = l.column_width;
        assert!((col_w * 5.0 - (l.plot_right - l.plot_left)).abs() < 1e-3);
        for (i, c) in l.columns.iter().enumerate() {
            assert_eq!(c.fy, 2025 + i as i32);
            assert!((c.rect.x - (l.plot_left + col_w * i as f32)).abs() < 1e-3);
            assert!((c.primary.x - (c.rect.x + col_w / 2.0)).abs() < 1e-3);
        }
        let r = rows(&l)[0];
        let p = phases_of(r);
        assert_eq!(p.len(), 2);
        assert!((p[0].bar.x - (l.plot_left + BAR_GAP)).abs() < 1e-3);
        assert!((p[0].bar.w - (col_w - 2.0 * BAR_GAP)).abs() < 1e-3);
        assert!((p[1].bar.x - (l.plot_left + col_w + BAR_GAP)).abs() < 1e-3);
        assert!((p[1].bar.w - (2.0 * col_w - 2.0 * BAR_GAP)).abs() < 1e-3);
        // Sequential phases share a lane and alternate colours.
        assert_eq!((p[0].lane, p[1].lane), (0, 0));
        assert_eq!((p[0].alt, p[1].alt), (false, true));
        assert!(p.iter().all(|p| p.label_inside && p.arrow.is_none()));
        // No arrows, so no right margin.
        assert!((l.plot_right - (l.width - PAD)).abs() < 1e-3);
        assert_layout_sound(&l);
    }

    #[test]
    fn overlapping_phases_get_separate_lanes() {
        let chart =
            single_row_chart(2025, 2029, row("r", vec![phase(2025, 2027, "A"), phase(2026, 2026, "B"), phase(2028, 2029, "C")]));
        let l = layout_roadmap(&chart);
        let p = phases_of(rows(&l)[0]);
        let lane = |i: usize| p.iter().find(|p| p.index == i).map(|p| p.lane);
        assert_eq!((lane(0), lane(1), lane(2)), (Some(0), Some(1), Some(0)));
        assert_layout_sound(&l);
    }

    #[test]
    fn ongoing_tail_keeps_later_phases_off_its_lane() {
        let chart = single_row_chart(2025, 2029, row("r", vec![ongoing(2025, 2025, "運用"), phase(2027, 2028, "更新")]));
        let l = layout_roadmap(&chart);
        let p = phases_of(rows(&l)[0]);
        assert_eq!(p.iter().map(|p| p.lane).collect::<Vec<_>>(), [0, 1]);
        assert_layout_sound(&l);
    }

    #[test]
    fn long_japanese_row_label_wraps_and_the_row_grows() {
        let l = layout_roadmap(&hamamatsu(true));
        let boshi = rows(&l)[0];
        assert_eq!(boshi.label.full, BOSHI);
        assert!(boshi.label.lines.len() >= 2, "{:?}", boshi.label.lines);
        assert!(!boshi.label.truncated);
        assert_eq!(boshi.label.lines.concat(), BOSHI);
        let short = rows(&l)[2];
        assert_eq!(short.label.lines.len(), 1);
        assert!(boshi.rect.h > short.rect.h);
        assert_layout_sound(&l);
    }

    #[test]
    fn overlong_row_label_is_cut_after_three_lines_with_a_title() {
        let long = BOSHI.repeat(4);
        let chart = single_row_chart(2025, 2029, row(&long, vec![phase(2025, 2026, "検討")]));
        let l = layout_roadmap(&chart);
        let label = &rows(&l)[0].label;
        assert_eq!(label.lines.len(), ROW_LABEL_LINES);
        assert!(label.truncated);
        assert_eq!(label.full, long);
        assert_layout_sound(&l);
        let svg = roadmap_svgs(&chart).into_mode(SvgMode::Inline);
        let root = parse_svg(&svg);
        let text = root.descendants().into_iter().find(|e| e.has_class("chart-row-label")).cloned();
        assert_eq!(text.and_then(|t| t.title()), Some(long));
    }

    #[test]
    fn narrow_bar_puts_its_label_below_within_the_row() {
        let label = "庁内ネットワーク再構築基本設計";
        let chart = single_row_chart(2021, 2030, row("r", vec![phase(2023, 2023, label), phase(2024, 2026, "構築")]));
        let l = layout_roadmap(&chart);
        let r = rows(&l)[0];
        let p = phases_of(r);
        assert!(!p[0].label_inside);
        assert!(p[0].label.top >= p[0].bar.bottom());
        assert!(p[0].label.lines.len() <= 2);
        // The label runs right up to the next bar's start, not beyond.
        assert!(p[0].label.bounds().right() <= p[1].bar.x);
        assert!(p[1].label_inside);
        // The row is taller than a row whose labels all fit inside.
        let plain =
            layout_roadmap(&single_row_chart(2021, 2030, row("r", vec![phase(2023, 2023, "設計"), phase(2024, 2026, "構築")])));
        assert!(r.rect.h > rows(&plain)[0].rect.h);
        assert_layout_sound(&l);
    }

    #[test]
    fn label_of_a_narrow_last_bar_goes_left_when_that_fits() {
        let chart = single_row_chart(2021, 2030, row("r", vec![phase(2030, 2030, "オープンデータ拡充計画策定")]));
        let l = layout_roadmap(&chart);
        let p = phases_of(rows(&l)[0]);
        assert!(!p[0].label_inside);
        assert_eq!(p[0].label.anchor, Anchor::End);
        assert!(!p[0].label.truncated);
        assert_layout_sound(&l);
    }

    #[test]
    fn wrapped_label_inside_a_bar_makes_the_bar_taller() {
        // Two lines fit in a 2-year bar of a 10-year axis, one does not.
        let label = "基幹業務システム標準化";
        let chart = single_row_chart(2021, 2030, row("r", vec![phase(2021, 2022, label)]));
        let l = layout_roadmap(&chart);
        let p = phases_of(rows(&l)[0]);
        assert!(p[0].label_inside);
        assert_eq!(p[0].label.lines.len(), 2);
        let one_line = BODY.size * LINE_HEIGHT + 2.0 * BAR_PAD_Y;
        assert!(p[0].bar.h > one_line + 1.0);
        assert_layout_sound(&l);
    }

    #[test]
    fn milestones_sit_mid_column_on_their_own_lane() {
        let l = layout_roadmap(&hamamatsu(true));
        let boshi = rows(&l)[0];
        let p = phases_of(boshi);
        let m = milestones_of(boshi);
        assert_eq!(m.len(), 1);
        let col = &l.columns[1];
        assert_eq!(col.fy, 2026);
        assert!((m[0].cx - (col.rect.x + col.rect.w / 2.0)).abs() < 1e-3);
        assert!(m[0].cy - m[0].half >= p.iter().map(|p| p.bar.bottom()).fold(0.0, f32::max));
        assert_eq!(m[0].label.lines, vec!["運用開始"]);
        assert_eq!(m[0].label.anchor, Anchor::Start);
        assert!(m[0].label.x > m[0].cx);
        assert!(l.legend.iter().any(|i| i.symbol == LegendSymbol::Milestone));
        assert_layout_sound(&l);
    }

    #[test]
    fn milestones_in_the_same_place_stack_and_outside_ones_are_dropped() {
        let mut r = row("r", vec![]);
        r.milestones = vec![milestone(2027, "本格運用開始"), milestone(2027, "全庁展開"), milestone(2035, "窓口")];
        let l = layout_roadmap(&single_row_chart(2025, 2029, r));
        let m = milestones_of(rows(&l)[0]);
        assert_eq!(m.len(), 2);
        assert_ne!(m[0].lane, m[1].lane);
        assert_layout_sound(&l);
    }

    #[test]
    fn ongoing_work_has_an_arrow_to_the_edge_and_a_word() {
        let l = layout_roadmap(&hamamatsu(true));
        let boshi = rows(&l)[0];
        let rollout = phases_of(boshi).into_iter().find(|p| p.index == 1);
        let Some(rollout) = rollout else {
            panic!("roll-out phase missing");
        };
        assert!(rollout.continues_after && !rollout.clipped_after);
        // FY2026–2027 bar, then a dashed tail to the end of FY2029, then the arrowhead.
        let col_w = l.column_width;
        assert!((rollout.bar.right() - (l.plot_left + 3.0 * col_w - BAR_GAP)).abs() < 1e-3);
        assert_eq!(rollout.tail, Some((rollout.bar.right(), l.plot_right)));
        let arrow = rollout.arrow.unwrap_or_default();
        assert!((arrow.x - l.plot_right).abs() < 1e-3);
        assert!(arrow.right() <= l.width);
        let after = rollout.after_text.as_ref().map(|t| t.lines.clone());
        assert_eq!(after, Some(vec!["継続".to_string()]));
        // A bar that reaches the last year meets the arrowhead directly.
        let madoguchi = rows(&l)[1];
        let to_end = phases_of(madoguchi).into_iter().find(|p| p.index == 1);
        let to_end = to_end.map(|p| (p.bar.right(), p.tail));
        assert_eq!(to_end, Some((l.plot_right, None)));
        assert!(l.legend.iter().any(|i| i.symbol == LegendSymbol::Ongoing));
        assert_layout_sound(&l);
    }

    #[test]
    fn today_line_sits_at_its_fraction_of_the_year() {
        let l = layout_roadmap(&hamamatsu(true));
        let Some(today) = &l.today else {
            panic!("today missing");
        };
        let expected = l.plot_left + l.column_width * (10.0 / 12.0);
        assert!((today.x - expected).abs() < 1e-3);
        assert!(today.top < l.rows_top && today.bottom == l.rows_bottom);
        assert!(today.label.bounds().bottom() <= today.marker.y);
        assert!(today.marker.bottom() <= l.header_top);
        assert!((today.marker.x + today.marker.w / 2.0 - today.x).abs() < 1e-3);
        assert!(l.legend.iter().any(|i| i.symbol == LegendSymbol::Today));

        let mut chart = hamamatsu(true);
        chart.today = Some(TodayLine { fy: 2029, fraction: 2.0, label: "現在（2030年3月末）".into() });
        let l = layout_roadmap(&chart);
        let today = l.today.as_ref().map(|t| t.x);
        assert_eq!(today, Some(l.plot_right));
        assert_layout_sound(&l);

        chart.today = Some(TodayLine { fy: 2031, fraction: 0.5, label: "x".into() });
        let l = layout_roadmap(&chart);
        assert!(l.today.is_none());
        assert!(!l.legend.iter().any(|i| i.symbol == LegendSymbol::Today));
    }

    #[test]
    fn today_line_never_strikes_through_text() {
        let mut crossings = 0;
        for chart in all_roadmaps() {
            let l = layout_roadmap(&chart);
            let Some(today) = &l.today else {
                continue;
            };
            assert!(!today.segments.is_empty());
            let mut y = today.top;
            for &(from, to) in &today.segments {
                assert!(from >= y && to > from && to <= today.bottom);
                y = to;
            }
            for (name, t) in text_blocks(&l) {
                let b = t.bounds();
                if t.lines.is_empty() || name == "today" || b.x > today.x || today.x > b.right() {
                    continue;
                }
                crossings += 1;
                for &(from, to) in &today.segments {
                    assert!(to <= b.y || from >= b.bottom(), "today line crosses {name}");
                }
            }
        }
        // The fixtures do put text in the line's way (Himeji's FY2025 header and bar).
        assert!(crossings >= 2);
    }

    #[test]
    fn phases_outside_the_window_are_clipped_and_marked() {
        let l = layout_roadmap(&matsue(true));
        assert_eq!(l.columns.len(), 2);
        let r = rows(&l);
        // FY2022–2029 in a FY2022–2023 window: cut at the right edge, arrow, word.
        let promote = phases_of(r[0]).into_iter().find(|p| p.index == 2);
        let Some(promote) = promote else {
            panic!("clipped phase missing");
        };
        assert!(promote.clipped_after && !promote.continues_after);
        assert!((promote.bar.right() - l.plot_right).abs() < 1e-3);
        assert!(promote.arrow.is_some());
        let after = promote.after_text.as_ref().map(|t| t.full.clone());
        assert_eq!(after.as_deref(), Some("以降も実施"));
        // The year-by-year phases share the top lane; the long one goes below.
        let lanes: Vec<(usize, usize)> = phases_of(r[0]).iter().map(|p| (p.index, p.lane)).collect();
        assert_eq!(lanes, vec![(0, 0), (2, 1), (1, 0)]);
        // The milestone in FY2025 lies outside the window.
        assert_eq!(milestones_of(r[0]).len(), 1);
        // FY2020–2022, continuing from the previous plan: notched at the left edge.
        let earlier = phases_of(r[1]);
        assert!(earlier[0].clipped_before && earlier[0].notched);
        assert!((earlier[0].bar.x - (l.plot_left + 1.0)).abs() < 1e-3);
        // FY2025–2027 misses the window entirely: the row keeps its label, no bars.
        assert!(r[2].items.is_empty());
        assert_eq!(r[2].label.lines, vec!["データ利活用の推進"]);
        assert!(l.legend.iter().any(|i| i.symbol == LegendSymbol::BeyondWindow));
        assert!(l.legend.iter().any(|i| i.symbol == LegendSymbol::BeforeWindow));
        assert!(!l.legend.iter().any(|i| i.symbol == LegendSymbol::Ongoing));
        assert_layout_sound(&l);
    }

    #[test]
    fn continues_before_inside_the_window_is_notched_in_place() {
        let chart =
            single_row_chart(2025, 2029, row("r", vec![PhaseBar { continues_before: true, ..phase(2026, 2027, "運用") }]));
        let l = layout_roadmap(&chart);
        let p = phases_of(rows(&l)[0]);
        assert!(p[0].notched && !p[0].clipped_before);
        assert!((p[0].bar.x - (l.plot_left + l.column_width + BAR_GAP)).abs() < 1e-3);
    }

    #[test]
    fn hamamatsu_plan_chart() {
        for ja in [true, false] {
            let chart = hamamatsu(ja);
            let l = layout_roadmap(&chart);
            assert_eq!(l.columns.len(), 5);
            assert_eq!(l.groups.len(), 2);
            assert!(l.groups.iter().all(|g| g.heading.is_some()));
            let r = rows(&l);
            assert_eq!(r.len(), 6);
            assert!(r.iter().all(|r| r.href.is_some()));
            // Rows under a heading are indented.
            assert!((r[0].label.x - (PAD + INDENT)).abs() < 1e-3);
            // Rows follow each other without gaps, headings between groups.
            let h2 = l.groups[1].heading.as_ref().map(|h| h.band.y);
            assert_eq!(h2, Some(r[2].rect.bottom()));
            assert_layout_sound(&l);
        }
    }

    #[test]
    fn himeji_three_phases_over_ten_years() {
        for ja in [true, false] {
            let l = layout_roadmap(&himeji(ja));
            assert_eq!(l.columns.len(), 10);
            assert!(l.groups[0].heading.is_none());
            let r = rows(&l);
            assert_eq!(r.len(), 1);
            let p = phases_of(r[0]);
            let spans: Vec<f32> = p.iter().map(|p| ((p.bar.w + 2.0 * BAR_GAP) / l.column_width).round()).collect();
            assert_eq!(spans, vec![3.0, 3.0, 4.0]);
            assert!(p.iter().all(|p| p.label_inside && p.lane == 0));
            // Row labels are not indented without a heading.
            assert!((r[0].label.x - PAD).abs() < 1e-3);
            assert_layout_sound(&l);
        }
    }

    #[test]
    fn matsue_window_in_english_too() {
        let l = layout_roadmap(&matsue(false));
        assert_eq!(l.columns[0].primary.lines, vec!["FY2022"]);
        assert!(l.columns[0].secondary.is_none());
        assert_layout_sound(&l);
    }

    #[test]
    fn svg_is_well_formed_and_labelled_in_both_modes() {
        for chart in all_roadmaps() {
            for mode in [SvgMode::Inline, SvgMode::Standalone] {
                let svg = roadmap_svgs(&chart).into_mode(mode);
                let root = parse_svg(&svg);
                assert_short_numbers(&svg);
                assert_eq!(root.attr("lang"), Some(chart.text.lang.as_str()));
                let ids: Vec<&str> = root.descendants().iter().filter_map(|e| e.attr("id")).collect();
                assert!(ids.iter().all(|id| id.starts_with(&chart.id_prefix)), "{ids:?}");
                let title = root.descendants()[1].visible_text();
                assert_eq!(title, chart.title);
                let has_style = root.descendants().iter().any(|e| e.name == "style");
                match mode {
                    SvgMode::Inline => {
                        assert!(!svg.starts_with("<?xml"));
                        assert!(!has_style);
                    }
                    SvgMode::Standalone => {
                        assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
                        assert!(has_style);
                        assert!(svg.contains("prefers-color-scheme: dark"));
                        assert!(svg.contains("Noto Sans JP"));
                        assert!(root.attr("width").is_some() && root.attr("height").is_some());
                    }
                }
            }
        }
    }

    #[test]
    fn source_order_follows_reading_order() {
        let svg = roadmap_svgs(&hamamatsu(true)).into_mode(SvgMode::Inline);
        let root = parse_svg(&svg);
        let order: Vec<String> = root
            .descendants()
            .into_iter()
            .filter_map(|e| {
                let class = e.attr("class")?;
                let kind = class.split_whitespace().next()?;
                matches!(
                    kind,
                    "chart-today-label"
                        | "chart-year"
                        | "chart-heading"
                        | "chart-row-label"
                        | "chart-phase"
                        | "chart-milestone-item"
                        | "chart-legend"
                )
                .then(|| match kind {
                    "chart-row-label" | "chart-heading" => e.visible_text(),
                    "chart-phase" | "chart-milestone-item" => e.title().unwrap_or_default(),
                    _ => kind.to_string(),
                })
            })
            .collect();
        let pos = |s: &str| order.iter().position(|x| x == s).unwrap_or(usize::MAX);
        assert_eq!(pos("chart-today-label"), 0);
        assert!(pos("chart-year") < pos("柱1 市民サービスのデジタル化"));
        // Heading, then the row label, then its items left to right.
        let boshi_label = order.iter().position(|x| x.starts_with("マイナンバー")).unwrap_or(usize::MAX);
        assert!(pos("柱1 市民サービスのデジタル化") < boshi_label);
        assert_eq!(order[boshi_label + 1..boshi_label + 4], ["検討", "導入・普及", "運用開始"]);
        assert!(pos("柱2 行政のデジタル化") < pos("基幹業務システムの標準化・共通化"));
        assert_eq!(order.last().map(String::as_str), Some("chart-legend"));
    }

    #[test]
    fn row_labels_link_to_their_initiative() {
        let svg = roadmap_svgs(&hamamatsu(true)).into_mode(SvgMode::Inline);
        let root = parse_svg(&svg);
        let links: Vec<&Element> = root.descendants().into_iter().filter(|e| e.name == "a").collect();
        assert_eq!(links.len(), 6);
        assert_eq!(links[0].attr("href"), Some("/ja/initiatives/boshi-techo/"));
        assert_eq!(links[0].title().as_deref(), Some(BOSHI));
    }

    #[test]
    fn all_text_is_escaped() {
        let evil = "<script>&\"'</script>";
        let mut chart = single_row_chart(
            2025,
            2026,
            RoadmapRow {
                label: evil.into(),
                href: Some(format!("/x?a=1&b={evil}")),
                phases: vec![ongoing(2025, 2025, evil)],
                milestones: vec![milestone(2026, evil)],
            },
        );
        chart.title = evil.into();
        chart.description = evil.into();
        chart.id_prefix = evil.into();
        chart.groups[0].heading = Some(evil.into());
        chart.years[0].primary = evil.into();
        chart.years[0].secondary = Some(evil.into());
        chart.text.ongoing = evil.into();
        chart.text.milestone = evil.into();
        chart.text.lang = evil.into();
        chart.today = Some(TodayLine { fy: 2025, fraction: 0.5, label: evil.into() });
        for mode in [SvgMode::Inline, SvgMode::Standalone] {
            let svg = roadmap_svgs(&chart).into_mode(mode);
            assert!(!svg.contains("<script"), "{svg}");
            let root = parse_svg(&svg);
            assert!(root.descendants().iter().all(|e| e.name != "script"));
            let titles: Vec<String> = root.descendants().iter().filter(|e| e.name == "title").map(|e| e.visible_text()).collect();
            assert!(titles.iter().filter(|t| *t == evil).count() >= 4, "{titles:?}");
            let link = root.descendants().into_iter().find(|e| e.name == "a").cloned();
            let href = link.as_ref().and_then(|a| a.attr("href")).map(str::to_string);
            assert_eq!(href, Some(format!("/x?a=1&b={evil}")));
        }
    }

    #[test]
    fn script_links_are_dropped() {
        let mut r = row("r", vec![]);
        r.href = Some("javascript:alert(1)".into());
        let svg = roadmap_svgs(&single_row_chart(2025, 2026, r)).inline;
        assert!(!svg.contains("<a "));
        assert!(!svg.contains("javascript"));
    }

    #[test]
    fn output_is_deterministic() {
        for chart in all_roadmaps() {
            assert_eq!(
                roadmap_svgs(&chart).into_mode(SvgMode::Standalone),
                roadmap_svgs(&chart.clone()).into_mode(SvgMode::Standalone)
            );
        }
    }

    #[test]
    fn degenerate_input_does_not_panic() {
        let weird = vec![
            RoadmapChart::default(),
            RoadmapChart { width: f32::NAN, years: years(2025, 2029, true), ..RoadmapChart::default() },
            RoadmapChart {
                width: -5.0,
                years: Vec::new(),
                groups: vec![RowGroup { heading: Some(String::new()), rows: vec![row("", vec![phase(2025, 2026, "")])] }],
                today: Some(TodayLine { fy: 2025, fraction: f32::NAN, label: String::new() }),
                ..RoadmapChart::default()
            },
            single_row_chart(
                2025,
                2029,
                RoadmapRow {
                    label: "x".repeat(1000),
                    href: Some(String::new()),
                    // Reversed years, duplicate phases, phases outside, zero-width labels.
                    phases: vec![
                        phase(2029, 2026, "逆順"),
                        phase(2029, 2026, "逆順"),
                        phase(1990, 1991, "x"),
                        phase(i32::MIN, i32::MAX, &"長".repeat(500)),
                        ongoing(2029, 2029, "\u{200B}"),
                    ],
                    milestones: vec![milestone(i32::MAX, "x"), milestone(2025, "")],
                },
            ),
        ];
        for mut chart in weird {
            chart.years.extend(chart.years.clone());
            let l = layout_roadmap(&chart);
            assert!(l.width.is_finite() && l.height.is_finite());
            for (_, block) in text_blocks(&l) {
                assert_text_fits(block);
            }
            for mode in [SvgMode::Inline, SvgMode::Standalone] {
                let svg = roadmap_svgs(&chart).into_mode(mode);
                parse_svg(&svg);
                assert_short_numbers(&svg);
            }
        }
    }

    #[test]
    fn many_years_and_a_narrow_chart_still_fit() {
        let mut chart = hamamatsu(true);
        chart.width = 480.0;
        assert_layout_sound(&layout_roadmap(&chart));
        let mut chart = himeji(false);
        chart.years = years(2000, 2040, false);
        assert_layout_sound(&layout_roadmap(&chart));
    }
}
