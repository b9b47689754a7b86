//! The SVG writer shared by both charts: escaping, number formatting, the root element, text
//! blocks and legend symbols. Every text and attribute value written goes through
//! `crate::escape::push_escaped` or [`push_num`].

use super::geometry::{Anchor, LegendItem, LegendSymbol, Rect, TextBlock};
use super::{SvgMode, SvgPair};

/// The default theme's chart stylesheet, for the chart tests. A build embeds the loaded
/// theme's `chart.css` (`ChartText::stylesheet`), so a site's or theme's override applies to
/// standalone files too.
#[cfg(test)]
pub const STYLESHEET: &str = include_str!("../../themes/default/static/chart.css");

/// The stylesheet as embedded in standalone files: each `prop: var(--name, fallback);` line
/// is preceded by `prop: fallback;`. Renderers without custom properties (older librsvg, some
/// editors) drop the `var()` declaration and keep the plain one; the rest use the `var()`.
/// Comments, indentation and line breaks are left out: every standalone chart carries this copy,
/// and the commented stylesheet was more than half of each file's bytes.
/// Made once per build by the caller (`ChartText::stylesheet` holds the result), not per file,
/// and already escaped for the `<style>` element's text, which is written as it is.
pub fn standalone_stylesheet(stylesheet: &str) -> String {
    let mut out = String::with_capacity(stylesheet.len());
    let mut push = |piece: &str| {
        // Lines end in `{`, `}`, `;` or `,`, where CSS needs no space; anything else (a selector
        // or value broken over lines) keeps one.
        if !out.is_empty() && !out.ends_with(['{', '}', ';', ',']) {
            out.push(' ');
        }
        out.push_str(piece);
    };
    for line in without_comments(stylesheet).lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let plain = line.split_once(": var(").and_then(|(prop, call)| {
            let (_, fallback) = call.strip_suffix(");")?.split_once(", ")?;
            Some(format!("{prop}: {fallback};"))
        });
        if let Some(plain) = plain {
            push(&plain);
        }
        push(line);
    }
    crate::escape::escape(&out)
}

/// `css` without its `/* … */` comments (outside quoted strings, where they are text).
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    let mut quote: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        match quote {
            None if rest.starts_with("/*") => {
                rest = rest[2..].split_once("*/").map_or("", |(_, after)| after);
                continue;
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The font size set on the root element; text in other sizes says so itself.
pub(super) const ROOT_FONT_SIZE: f32 = 13.0;

/// Formats a coordinate with at most one decimal ("12", "12.5"); non-finite values as "0".
#[cfg(test)]
pub(super) fn num(value: f32) -> String {
    let mut out = String::new();
    push_num(&mut out, value);
    out
}

/// Appends a coordinate to `out` as [`num`] formats it.
pub(super) fn push_num(out: &mut String, value: f32) {
    let tenths = (value * 10.0).round();
    if !value.is_finite() || tenths == 0.0 {
        out.push('0');
        return;
    }
    // Integer arithmetic on the rounded tenths gives the digits `format!("{:.1}")` would, without
    // the float formatter (charts write tens of numbers per row, on thousands of charts).
    let magnitude = tenths.abs() as u64;
    let (mut whole, tenth) = (magnitude / 10, magnitude % 10);
    // Digits written backwards into a buffer: at most 20 of the integer part, sign, point, tenth.
    let mut buf = [0u8; 24];
    let mut at = buf.len();
    if tenth != 0 {
        at -= 2;
        buf[at] = b'.';
        buf[at + 1] = b'0' + tenth as u8;
    }
    loop {
        at -= 1;
        buf[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if tenths < 0.0 {
        at -= 1;
        buf[at] = b'-';
    }
    // Only ASCII digits, '-' and '.' were written, so each byte is a char.
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// Turns the caller's id prefix into a valid XML id start: letters, digits, `-` and `_`
/// kept, anything else replaced by `-`, and "chart" prepended if it would not start with a
/// letter.
pub(super) fn id_prefix(prefix: &str) -> String {
    let cleaned: String =
        prefix.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) { cleaned } else { format!("chart{cleaned}") }
}

/// The link target for `href`, or `None` for an empty or script URL (defence in depth: the
/// model only produces site-internal links).
pub(super) fn safe_href(href: Option<&str>) -> Option<String> {
    let href = href?.trim();
    let scheme: String =
        href.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase();
    if href.is_empty() || scheme.starts_with("javascript:") || scheme.starts_with("data:") {
        None
    } else {
        Some(href.to_string())
    }
}

/// What the root element needs to know.
#[derive(Clone, Copy)]
pub(super) struct Document<'a> {
    pub mode: SvgMode,
    /// Class naming the chart type, after "chart".
    pub class: &'a str,
    pub width: f32,
    pub height: f32,
    pub id_prefix: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'a str,
    /// The standalone form of `chart.css` ([`standalone_stylesheet`], already escaped), embedded
    /// in standalone files (nothing when empty).
    pub stylesheet: &'a str,
}

/// Builds the SVG source; callers open and close elements in reading order.
pub(super) struct SvgWriter {
    out: String,
    /// Where the document's body starts: everything before it depends on the [`SvgMode`].
    body_start: usize,
}

/// An attribute value: text, escaped when written, or a coordinate, written by [`push_num`]. Values
/// borrow rather than own: a chart writes tens of attributes per row, and a string for each was
/// a third of the writer's work.
#[derive(Clone, Copy)]
pub(super) enum Value<'a> {
    Text(&'a str),
    Num(f32),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(text: &'a str) -> Self {
        Value::Text(text)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(text: &'a String) -> Self {
        Value::Text(text)
    }
}

impl From<f32> for Value<'_> {
    fn from(value: f32) -> Self {
        Value::Num(value)
    }
}

/// Attribute list: names are static, values are escaped when written.
pub(super) type Attrs<'a> = &'a [(&'static str, Value<'a>)];

impl SvgWriter {
    /// Starts a document: root element, `<title>`, `<desc>`, and for standalone files the
    /// embedded stylesheet, then a background rectangle.
    pub(super) fn start(doc: &Document) -> Self {
        let Document { mode, class, width, height, id_prefix: prefix, title, description, lang, stylesheet } = *doc;
        let mut w = SvgWriter { out: String::new(), body_start: 0 };
        if mode == SvgMode::Standalone {
            w.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        let prefix = id_prefix(prefix);
        let title_id = format!("{prefix}-title");
        let desc_id = format!("{prefix}-desc");
        let class = format!("chart {class}");
        let mut view_box = "0 0 ".to_string();
        push_num(&mut view_box, width);
        view_box.push(' ');
        push_num(&mut view_box, height);
        let labelled_by = format!("{title_id} {desc_id}");
        let mut attrs: Vec<(&'static str, Value)> = vec![
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("class", (&class).into()),
            ("viewBox", (&view_box).into()),
            ("width", width.into()),
            ("height", height.into()),
            ("role", "img".into()),
            ("aria-labelledby", (&labelled_by).into()),
            ("font-size", ROOT_FONT_SIZE.into()),
        ];
        if !lang.is_empty() {
            attrs.push(("lang", lang.into()));
            if mode == SvgMode::Standalone {
                attrs.push(("xml:lang", lang.into()));
            }
        }
        w.open("svg", &attrs);
        w.element_text("title", &[("id", (&title_id).into())], title);
        w.element_text("desc", &[("id", (&desc_id).into())], description);
        if mode == SvgMode::Standalone && !stylesheet.is_empty() {
            w.out.push_str("<style>");
            w.out.push_str(stylesheet);
            w.out.push_str("</style>\n");
        }
        w.empty("rect", &[("class", "chart-bg".into()), ("width", width.into()), ("height", height.into())]);
        w.body_start = w.out.len();
        w
    }

    /// Ends the document and returns it.
    pub(super) fn finish(mut self) -> String {
        self.close("svg");
        self.out
    }

    /// Ends the document started from `doc` and returns it in both modes: the body is the same,
    /// so it is written once and only the start is written again for the other mode.
    pub(super) fn finish_in_both_modes(self, doc: &Document) -> SvgPair {
        let body_start = self.body_start;
        let written = self.finish();
        let other_mode = match doc.mode {
            SvgMode::Inline => SvgMode::Standalone,
            SvgMode::Standalone => SvgMode::Inline,
        };
        let mut other = SvgWriter::start(&Document { mode: other_mode, ..*doc }).out;
        other.push_str(&written[body_start..]);
        match doc.mode {
            SvgMode::Inline => SvgPair { inline: written, standalone: other },
            SvgMode::Standalone => SvgPair { inline: other, standalone: written },
        }
    }

    fn write_tag(&mut self, name: &str, attrs: Attrs) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            match *value {
                Value::Text(text) => crate::escape::push_escaped(&mut self.out, text),
                Value::Num(value) => push_num(&mut self.out, value),
            }
            self.out.push('"');
        }
    }

    /// Writes a start tag.
    pub(super) fn open(&mut self, name: &str, attrs: Attrs) {
        self.write_tag(name, attrs);
        self.out.push_str(">\n");
    }

    /// Writes an end tag.
    pub(super) fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes an element with no content.
    pub(super) fn empty(&mut self, name: &str, attrs: Attrs) {
        self.write_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// Writes an element holding only text.
    pub(super) fn element_text(&mut self, name: &str, attrs: Attrs, text: &str) {
        self.write_tag(name, attrs);
        self.out.push('>');
        crate::escape::push_escaped(&mut self.out, text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes a `<title>` (the tooltip and accessible name of its parent).
    pub(super) fn title(&mut self, text: &str) {
        if !text.trim().is_empty() {
            self.element_text("title", &[], text);
        }
    }

    /// Opens a `<g>` with a class and, when given, a `<title>` as its first child.
    pub(super) fn open_group(&mut self, class: &str, title: Option<&str>) {
        self.open("g", &[("class", class.into())]);
        if let Some(title) = title {
            self.title(title);
        }
    }

    /// Writes a text block as one `<text>` with a `<tspan>` per line. With `title`, or when
    /// the block was cut, a `<title>` child keeps the full text.
    pub(super) fn text_block(&mut self, block: &TextBlock, class: &str, title: bool) {
        if block.lines.is_empty() {
            return;
        }
        let mut attrs: Vec<(&'static str, Value)> =
            vec![("class", class.into()), ("x", block.x.into()), ("y", block.baseline(0).into())];
        match block.anchor {
            Anchor::Start => {}
            Anchor::Middle => attrs.push(("text-anchor", "middle".into())),
            Anchor::End => attrs.push(("text-anchor", "end".into())),
        }
        if block.font.size != ROOT_FONT_SIZE {
            attrs.push(("font-size", block.font.size.into()));
        }
        if block.font.bold {
            attrs.push(("font-weight", "bold".into()));
        }
        self.write_tag("text", &attrs);
        self.out.push('>');
        if title || block.truncated {
            self.out.push_str("<title>");
            crate::escape::push_escaped(&mut self.out, &block.full);
            self.out.push_str("</title>");
        }
        if let [line] = block.lines.as_slice() {
            crate::escape::push_escaped(&mut self.out, line);
        } else {
            for (i, line) in block.lines.iter().enumerate() {
                self.write_tag("tspan", &[("x", block.x.into()), ("y", block.baseline(i).into())]);
                self.out.push('>');
                crate::escape::push_escaped(&mut self.out, line);
                self.out.push_str("</tspan>");
            }
        }
        self.out.push_str("</text>\n");
    }

    /// Writes a year column's axis labels.
    pub(super) fn year_labels(&mut self, primary: &TextBlock, secondary: Option<&TextBlock>) {
        self.text_block(primary, "chart-year", false);
        if let Some(secondary) = secondary {
            self.text_block(secondary, "chart-year chart-muted", false);
        }
    }

    /// Writes a rectangle.
    pub(super) fn rect(&mut self, class: &str, r: Rect) {
        self.empty(
            "rect",
            &[("class", class.into()), ("x", r.x.into()), ("y", r.y.into()), ("width", r.w.into()), ("height", r.h.into())],
        );
    }

    /// Writes a line segment.
    pub(super) fn line(&mut self, class: &str, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.empty(
            "line",
            &[("class", class.into()), ("x1", x1.into()), ("y1", y1.into()), ("x2", x2.into()), ("y2", y2.into())],
        );
    }

    /// Writes a closed polygon.
    pub(super) fn polygon(&mut self, class: &str, points: &[(f32, f32)]) {
        let mut list = String::new();
        for (i, &(x, y)) in points.iter().enumerate() {
            if i > 0 {
                list.push(' ');
            }
            push_num(&mut list, x);
            list.push(',');
            push_num(&mut list, y);
        }
        self.empty("polygon", &[("class", class.into()), ("points", (&list).into())]);
    }

    /// Writes a circle.
    pub(super) fn circle(&mut self, class: &str, cx: f32, cy: f32, r: f32) {
        self.empty("circle", &[("class", class.into()), ("cx", cx.into()), ("cy", cy.into()), ("r", r.into())]);
    }

    /// Writes a milestone diamond centred on (cx, cy).
    pub(super) fn diamond(&mut self, cx: f32, cy: f32, half: f32) {
        self.polygon("chart-milestone", &[(cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy)]);
    }

    /// Writes a right-pointing arrowhead filling `r`.
    pub(super) fn arrowhead(&mut self, class: &str, r: Rect) {
        self.polygon(class, &[(r.x, r.y), (r.right(), r.center_y()), (r.x, r.bottom())]);
    }

    /// Writes the legend: one group per entry, symbol then text.
    pub(super) fn legend(&mut self, items: &[LegendItem]) {
        if items.is_empty() {
            return;
        }
        self.open_group("chart-legend", None);
        for item in items {
            self.open_group("chart-legend-item", None);
            self.legend_symbol(item.symbol, item.symbol_box);
            self.text_block(&item.label, "chart-label", false);
            self.close("g");
        }
        self.close("g");
    }

    fn legend_symbol(&mut self, symbol: LegendSymbol, b: Rect) {
        let cy = b.center_y();
        match symbol {
            LegendSymbol::Milestone => self.diamond(b.x + b.w / 2.0, cy, b.h / 2.0),
            LegendSymbol::Ongoing => {
                self.line("chart-ongoing", b.x, cy, b.right() - 6.0, cy);
                self.arrowhead("chart-arrow", Rect::new(b.right() - 6.0, b.y, 6.0, b.h));
            }
            LegendSymbol::BeyondWindow => {
                self.rect("chart-bar", Rect::new(b.x, b.y + 2.0, b.w - 6.0, b.h - 4.0));
                self.arrowhead("chart-arrow", Rect::new(b.right() - 6.0, b.y, 6.0, b.h));
            }
            LegendSymbol::BeforeWindow => self.polygon("chart-bar", &notched_bar(Rect::new(b.x, b.y + 2.0, b.w, b.h - 4.0), 5.0)),
            LegendSymbol::Today => {
                let x = b.x + b.w / 2.0;
                self.line("chart-today", x, b.y - 2.0, x, b.bottom() + 2.0);
            }
            LegendSymbol::Target => self.rect("chart-target", b),
            LegendSymbol::Actual => {
                let cx = b.x + b.w / 2.0;
                self.line("chart-actual-stem", cx, b.bottom(), cx, cy);
                self.circle("chart-actual", cx, cy, b.h / 2.5);
            }
        }
    }
}

/// The outline of a bar whose left end is cut in like a ribbon: the sign for work that began
/// before the first year shown.
pub(super) fn notched_bar(r: Rect, depth: f32) -> Vec<(f32, f32)> {
    vec![(r.x, r.y), (r.right(), r.y), (r.right(), r.bottom()), (r.x, r.bottom()), (r.x + depth, r.center_y())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_the_float_formatter_rounds_them() {
        let reference = |value: f32| -> String {
            if !value.is_finite() {
                return "0".to_string();
            }
            let tenths = (value * 10.0).round();
            if tenths == 0.0 {
                return "0".to_string();
            }
            let s = format!("{:.1}", tenths / 10.0);
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        };
        let mut value = -1234.56f32;
        while value < 5000.0 {
            assert_eq!(num(value), reference(value), "{value}");
            value += 0.37;
        }
        for v in [0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.95, -0.95, 12.25, 99999.9, f32::NAN, f32::INFINITY] {
            assert_eq!(num(v), reference(v), "{v}");
        }
    }

    #[test]
    fn escape_covers_the_five_xml_specials() {
        let escape = crate::escape::escape;
        assert_eq!(escape("<script>&\"'</script>"), "&lt;script&gt;&amp;&quot;&#39;&lt;/script&gt;");
        assert_eq!(escape("a\u{0}b\u{1b}c\td"), "abc\td");
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(f32::NAN), "0");
        assert_eq!(num(f32::INFINITY), "0");
    }

    #[test]
    fn id_prefix_is_a_valid_id() {
        assert_eq!(id_prefix("roadmap-1"), "roadmap-1");
        assert_eq!(id_prefix("1 2"), "chart1-2");
        assert_eq!(id_prefix(""), "chart");
        assert_eq!(id_prefix("計画\"x"), "chart---x");
    }

    #[test]
    fn script_urls_are_not_linked() {
        assert_eq!(safe_href(Some("/plans/a/")), Some("/plans/a/".to_string()));
        assert_eq!(safe_href(Some(" JavaScript:alert(1)")), None);
        assert_eq!(safe_href(Some("java\tscript:alert(1)")), None);
        assert_eq!(safe_href(Some("")), None);
        assert_eq!(safe_href(None), None);
    }
}

#[cfg(test)]
mod stylesheet_tests {
    use super::STYLESHEET;

    /// `--chart-name: #rrggbb;` declarations of the first block after `marker`.
    fn palette(marker: &str) -> Vec<(String, String)> {
        let start = STYLESHEET.find(marker).unwrap_or_else(|| panic!("{marker} missing"));
        let block = &STYLESHEET[start..];
        let block = &block[..block.find('}').unwrap_or(block.len())];
        block
            .lines()
            .filter_map(|l| {
                let (name, value) = l.trim().strip_suffix(';')?.split_once(':')?;
                Some((name.trim().to_string(), value.trim().to_string()))
            })
            .filter(|(n, _)| n.starts_with("--chart-"))
            .collect()
    }

    fn get<'a>(p: &'a [(String, String)], name: &str) -> &'a str {
        p.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("{name} missing"))
    }

    fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        assert_eq!(hex.len(), 6, "{hex}");
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    const TEXT: f64 = 4.5;
    const GRAPHIC: f64 = 3.0;

    #[test]
    fn palettes_meet_contrast_minimums() {
        for marker in [":root {", "prefers-color-scheme: dark", "@media print"] {
            let p = palette(marker);
            assert_eq!(p.len(), 13, "{marker}: {p:?}");
            let pairs = [
                ("--chart-fg", "--chart-bg", TEXT),
                ("--chart-muted", "--chart-bg", TEXT),
                ("--chart-fg", "--chart-band", TEXT),
                ("--chart-today", "--chart-bg", TEXT),
                ("--chart-link", "--chart-bg", TEXT),
                ("--chart-bar-text", "--chart-bar", TEXT),
                ("--chart-bar-alt-text", "--chart-bar-alt", TEXT),
                ("--chart-bar", "--chart-bg", GRAPHIC),
                ("--chart-bar-alt", "--chart-bg", GRAPHIC),
                ("--chart-milestone", "--chart-bg", GRAPHIC),
                ("--chart-actual", "--chart-bg", GRAPHIC),
                ("--chart-grid", "--chart-bg", GRAPHIC),
                ("--chart-fg", "--chart-bg", GRAPHIC),
            ];
            for (fg, bg, min) in pairs {
                let ratio = contrast(get(&p, fg), get(&p, bg));
                assert!(ratio >= min, "{marker}: {fg} on {bg} is {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn fallbacks_repeat_the_light_palette() {
        let light = palette(":root {");
        let mut rest = STYLESHEET;
        let mut seen = 0;
        while let Some(i) = rest.find("var(") {
            let call = &rest[i + 4..];
            let call = &call[..call.find(')').unwrap_or(call.len())];
            let (name, fallback) = call.split_once(',').unwrap_or((call, ""));
            rest = &rest[i + 4..];
            if !name.starts_with("--") {
                continue; // prose in a comment
            }
            assert_eq!(fallback.trim(), get(&light, name.trim()), "var({call})");
            seen += 1;
        }
        assert!(seen > 20);
    }

    #[test]
    fn standalone_copy_has_plain_fallbacks_first() {
        let css = super::standalone_stylesheet(STYLESHEET);
        assert!(css.contains("fill: #1f5fa8;fill: var(--chart-bar, #1f5fa8);"));
        assert!(css.contains("--chart-bar: #8ab4f8;"));
        let rules = super::without_comments(STYLESHEET);
        assert_eq!(css.matches("var(").count(), rules.matches("var(").count());
        // Compact: no comments, no line breaks, and every rule still closed.
        assert!(!css.contains("/*") && !css.contains('\n'), "{css}");
        assert_eq!(css.matches('{').count(), rules.matches('{').count());
        assert_eq!(css.matches('}').count(), rules.matches('}').count());
        assert!(css.contains("@media (prefers-color-scheme: dark) {:root {--chart-bg: #15171c;"), "{css}");
    }

    #[test]
    fn comments_go_but_quoted_text_stays() {
        let css = super::standalone_stylesheet("/* a\n b */\n.x {\n  content: \"/* not a comment */\";\n}\n/* end */");
        assert_eq!(css, ".x {content: &quot;/* not a comment */&quot;;}");
    }

    #[test]
    fn stylesheet_embeds_cleanly_and_covers_the_modes() {
        for needle in [
            "forced-colors: active",
            "CanvasText",
            "Highlight",
            "@media print",
            "\"Hiragino Sans\", \"Noto Sans JP\", \"Noto Sans CJK JP\", \"Yu Gothic UI\", Meiryo, sans-serif",
        ] {
            assert!(STYLESHEET.contains(needle), "{needle}");
        }
        // Embedded in <style>, the text is escaped; keep it free of markup characters.
        assert!(!STYLESHEET.contains('<') && !STYLESHEET.contains('&'));
    }
}
