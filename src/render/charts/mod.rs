//! Charts drawn at build time through plotters' drawing interface (`svg.rs` writes them as
//! SVG), inline in the page.
//!
//! Geometry is computed from exact decimals and only turned into whole pixels at the end,
//! so no money passes through floating point. Every chart gets `role="img"`, a `<title>` and
//! a `<desc>` that says what it shows in words and numbers; series are told apart by fill
//! *and* outline and by labels, never by colour alone; bars start at zero.

mod bars;
mod line;
mod scale;
mod svg;

pub use bars::{Bar, BarGroup, diverging_bars, grouped_bars, status_bars};
pub use line::year_of;
pub use line::{LinePoint, line_with_targets};
pub use svg::Svg;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of every chart's coordinate system; the SVG scales to its container.
pub const WIDTH: u32 = 640;

pub const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
pub const GRID: RGBColor = RGBColor(0xd0, 0xd0, 0xd0);
/// Primary series: dark blue, 8.9:1 against white.
pub const PRIMARY: RGBColor = RGBColor(0x1f, 0x4e, 0x79);
/// Negative values: dark red, 7.0:1 against white (told apart by direction and sign too).
pub const NEGATIVE: RGBColor = RGBColor(0xa3, 0x1f, 0x1f);
/// Targets: dark orange-brown, 5.9:1 against white, drawn dashed.
pub const TARGET: RGBColor = RGBColor(0x8a, 0x4b, 0x00);

pub fn fill(c: RGBColor) -> ShapeStyle {
    ShapeStyle {
        color: c.to_rgba(),
        filled: true,
        stroke_width: 0,
    }
}

pub fn stroke(c: RGBColor, width: u32) -> ShapeStyle {
    ShapeStyle {
        color: c.to_rgba(),
        filled: false,
        stroke_width: width,
    }
}

pub fn text_style(size: f64, color: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FontFamily::SansSerif, size).into_font())
        .color(color)
        .pos(Pos::new(h, v))
}

/// Texts for the chart's accessible name and description.
pub struct Caption<'a> {
    /// Unique on the page; used for the ids of `<title>` and `<desc>`.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

/// How wide a chart is drawn: for a wide column, and for a phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Wide,
    Narrow,
}

impl Fit {
    /// Width of the chart's coordinate system: a wide chart is shown at about this size in
    /// pixels, a narrow one at 290–360 px, so text keeps its size on a phone.
    pub fn width(self) -> i32 {
        match self {
            Fit::Wide => WIDTH as i32,
            Fit::Narrow => NARROW_WIDTH,
        }
    }
}

/// Width of the narrow (phone) version of every chart.
pub const NARROW_WIDTH: i32 = 360;

/// The whole `<svg>` element: the drawing with its accessible name and description. The
/// narrow version's ids get `-smal`.
fn finish(out: &mut String, svg: &Svg, caption: &Caption, fit: Fit) {
    let suffix = match fit {
        Fit::Wide => "",
        Fit::Narrow => "-smal",
    };
    let id = caption.id;
    let attributes = format!(" role=\"img\" aria-labelledby=\"{id}{suffix}-title {id}{suffix}-desc\"");
    let mut inner = format!("<title id=\"{id}{suffix}-title\">");
    crate::render::xml::escape_into(&mut inner, caption.title);
    inner.push_str(&format!("</title><desc id=\"{id}{suffix}-desc\">"));
    crate::render::xml::escape_into(&mut inner, caption.desc);
    inner.push_str("</desc>");
    svg.write_into(out, &attributes, &inner);
}

/// A chart drawn twice, for a wide column and for a phone; the stylesheet shows the one that
/// fits the width the chart gets (a container query), so nothing scrolls sideways and the
/// newest value is always in view. Only the one shown is in the accessibility tree.
pub fn pair(caption: &Caption, draw: impl Fn(Fit) -> Svg) -> String {
    let mut out = String::with_capacity(12_000);
    out.push_str("<div class=\"chart-pair\"><div class=\"chart-wide\">");
    finish(&mut out, &draw(Fit::Wide), caption, Fit::Wide);
    out.push_str("</div><div class=\"chart-narrow\">");
    finish(&mut out, &draw(Fit::Narrow), caption, Fit::Narrow);
    out.push_str("</div></div>");
    out
}

/// Break a label into lines of at most `max_chars` characters, at spaces where it can (and
/// after a hyphen or slash); a word longer than a line is split. Nothing is left out, so two
/// labels that differ stay different.
pub fn wrap_label(s: &str, max_chars: usize) -> Vec<String> {
    let max = max_chars.max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Pieces that may end a line: words, and parts of words after "-" or "/".
    let mut pieces: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if (c == '-' || c == '/') && piece.chars().count() > 1 {
                pieces.push(std::mem::take(&mut piece));
            }
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
        if let Some(last) = pieces.last_mut() {
            last.push(' ');
        }
    }
    for piece in pieces {
        let piece_len = piece.trim_end().chars().count();
        let line_len = line.trim_end().chars().count();
        if line_len > 0 && line_len + piece_len + usize::from(line.ends_with(' ')) > max {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        if piece_len > max + 2 {
            // A word much longer than a line: split it. (A little too long is kept whole: the
            // widths here are generous estimates.)
            let chars: Vec<char> = piece.trim_end().chars().collect();
            for chunk in chars.chunks(max) {
                if line.trim_end().chars().count() > 0 {
                    lines.push(line.trim_end().to_string());
                    line.clear();
                }
                line.extend(chunk);
            }
            line.push(' ');
            continue;
        }
        line.push_str(&piece);
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Roughly how wide `text` is drawn at font size `size` (the charts use the system's
/// sans-serif, whose letters average a little over half the size).
pub fn text_width(text: &str, size: f64) -> i32 {
    (text.chars().count() as f64 * size * 0.56).ceil() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_and_are_never_cut() {
        assert_eq!(
            wrap_label("Utvecklingsmedel Regional utveckling", 24),
            ["Utvecklingsmedel", "Regional utveckling"]
        );
        assert_eq!(
            wrap_label("Utvecklingsmedel Region Hallands hälso- och sjukvård", 24),
            ["Utvecklingsmedel Region", "Hallands hälso- och", "sjukvård"]
        );
        assert_eq!(wrap_label("Kort", 24), ["Kort"]);
        assert_eq!(
            wrap_label("Anläggningstillgångsförändring", 12),
            ["Anläggningst", "illgångsförä", "ndring"]
        );
        assert_eq!(
            wrap_label("Framtidens vårdinformationssystem, FVIS", 21),
            ["Framtidens", "vårdinformationssystem,", "FVIS"],
            "punctuation stays with its word"
        );
        let a = wrap_label("Utvecklingsmedel Regional utveckling", 10).join(" ");
        let b = wrap_label("Utvecklingsmedel Region Halland", 10).join(" ");
        assert_ne!(a, b, "labels that differ stay different");
    }
}
