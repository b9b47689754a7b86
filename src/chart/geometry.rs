//! Plain geometry shared by the chart layouts: rectangles and blocks of fitted text.

use super::YearLabel;
use super::text_width::{Font, fit_lines, normalize_space, text_width};

/// Body text: row labels, bar labels, year labels.
pub(super) const BODY: Font = Font::regular(13.0);
/// Secondary text: year labels' second line, markers, values, legend.
pub(super) const SMALL: Font = Font::regular(12.0);
/// Space around the drawing and between its parts.
pub(super) const PAD: f32 = 8.0;

/// An axis-aligned rectangle in SVG user units (px), y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width, never negative.
    pub w: f32,
    /// Height, never negative.
    pub h: f32,
}

impl Rect {
    /// The rectangle from (x, y) of size w × h; negative sizes become zero.
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w: w.max(0.0), h: h.max(0.0) }
    }

    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Vertical centre.
    pub fn center_y(&self) -> f32 {
        self.y + self.h / 2.0
    }
}

/// Where a text block's `x` sits relative to its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// `x` is the left edge of every line.
    #[default]
    Start,
    /// `x` is the centre of every line.
    Middle,
    /// `x` is the right edge of every line.
    End,
}

/// Text fitted into a box: the lines to draw and where.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextBlock {
    /// The full text before fitting, for the `<title>` tooltip.
    pub full: String,
    /// The lines to draw, each no wider than `max_width`.
    pub lines: Vec<String>,
    /// Whether the text was cut to fit.
    pub truncated: bool,
    /// Anchor x (see `anchor`).
    pub x: f32,
    /// Top of the first line box.
    pub top: f32,
    /// How `x` relates to the lines.
    pub anchor: Anchor,
    /// The font the lines were measured in.
    pub font: Font,
    /// Distance between baselines.
    pub line_height: f32,
    /// Width of the box the lines were fitted into.
    pub max_width: f32,
    /// Width of the widest line.
    pub width: f32,
}

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.3;

/// Baseline offset below the middle of a line box: CJK glyphs centre about 0.36 em above
/// the baseline, and Latin capitals nearly so.
const BASELINE_BELOW_MIDDLE: f32 = 0.36;

impl TextBlock {
    /// Fits `text` into at most `max_lines` lines of `max_width` px, placed at (`x`, `top`).
    pub fn fit(text: &str, font: Font, max_width: f32, max_lines: usize, anchor: Anchor, x: f32, top: f32) -> Self {
        let fitted = fit_lines(text, max_width, font, max_lines);
        TextBlock {
            full: text.trim().to_string(),
            lines: fitted.lines,
            truncated: fitted.truncated,
            x,
            top,
            anchor,
            font,
            line_height: font.size * LINE_HEIGHT,
            max_width: max_width.max(0.0),
            width: fitted.width,
        }
    }

    /// Height of the drawn lines.
    pub fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height
    }

    /// Baseline y of line `i`.
    pub fn baseline(&self, i: usize) -> f32 {
        self.top + self.line_height * i as f32 + self.line_height / 2.0 + self.font.size * BASELINE_BELOW_MIDDLE
    }

    /// The box the drawn lines occupy.
    pub fn bounds(&self) -> Rect {
        let left = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - self.width / 2.0,
            Anchor::End => self.x - self.width,
        };
        Rect::new(left, self.top, self.width, self.height())
    }

    /// Moves the block so that its top is at `top`.
    pub fn with_top(mut self, top: f32) -> Self {
        self.top = top;
        self
    }
}

/// The sign drawn before a legend entry's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendSymbol {
    /// Milestone diamond.
    Milestone,
    /// Dashed line with arrowhead: work continuing after its last year.
    Ongoing,
    /// Bar ending in an arrowhead: a phase cut off at the right edge of the window.
    BeyondWindow,
    /// Bar with a notched left end: a phase that began before the first year shown.
    BeforeWindow,
    /// Dashed vertical line: today.
    Today,
    /// KPI target bar.
    Target,
    /// KPI actual value: a dot on a stem.
    Actual,
}

/// One legend entry: symbol box and text.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    /// Which sign to draw.
    pub symbol: LegendSymbol,
    /// Where the sign is drawn.
    pub symbol_box: Rect,
    /// The entry's text, to the right of the sign.
    pub label: TextBlock,
}

/// Width and height of a legend symbol.
const LEGEND_SYMBOL: (f32, f32) = (18.0, 12.0);

/// Lays out legend entries left to right from (`left`, `top`), wrapping onto new lines
/// before `right`. Returns the entries and the bottom of the last line.
pub(super) fn flow_legend(
    entries: &[(LegendSymbol, &str)],
    font: Font,
    left: f32,
    right: f32,
    top: f32,
) -> (Vec<LegendItem>, f32) {
    let (sym_w, sym_h) = LEGEND_SYMBOL;
    let line_h = (font.size * LINE_HEIGHT).max(sym_h);
    let gap = font.size;
    let mut items = Vec::new();
    let mut x = left;
    let mut y = top;
    for &(symbol, text) in entries {
        if text.trim().is_empty() {
            continue;
        }
        let room = (right - left - sym_w - 4.0).max(0.0);
        let natural = text_width(&normalize_space(text), font);
        let needed = sym_w + 4.0 + natural.min(room);
        if x > left && x + needed > right {
            x = left;
            y += line_h + 4.0;
        }
        let symbol_box = Rect::new(x, y + (line_h - sym_h) / 2.0, sym_w, sym_h);
        let label = TextBlock::fit(text, font, room, 1, Anchor::Start, x + sym_w + 4.0, y)
            .with_top(y + (line_h - font.size * LINE_HEIGHT) / 2.0);
        x += sym_w + 4.0 + label.width + gap;
        items.push(LegendItem { symbol, symbol_box, label });
    }
    let bottom = if items.is_empty() { top } else { y + line_h };
    (items, bottom)
}

/// The axis labels of a year column centred on `cx` from `top`, fitted to `width`: the
/// primary label in body text (up to two lines), the secondary in small text below it.
pub(super) fn year_labels(year: &YearLabel, cx: f32, top: f32, width: f32) -> (TextBlock, Option<TextBlock>) {
    let width = width.max(0.0);
    let primary = TextBlock::fit(&year.primary, BODY, width, 2, Anchor::Middle, cx, top);
    let secondary = year.secondary.as_ref().map(|s| {
        let top = top + primary.height();
        TextBlock::fit(s, SMALL, width, 1, Anchor::Middle, cx, top)
    });
    (primary, secondary)
}
