//! Charts drawn at build time with plotters' SVG backend, inline in the page.
//!
//! Geometry is computed from exact decimals and only turned into whole pixels at the end,
//! so no money passes through floating point. Every chart gets `role="img"`, a `<title>` and
//! a `<desc>` that says what it shows in words and numbers; series are told apart by fill
//! *and* outline and by labels, never by colour alone; bars start at zero.

mod bars;
mod line;
mod scale;

pub use bars::{Bar, BarGroup, diverging_bars, grouped_bars, status_bars};
pub use line::{LinePoint, line_with_targets};

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
    TextStyle::from(("sans-serif", size).into_font())
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

/// Wrap plotters' SVG: drop fixed width/height (the SVG scales with the page), add the
/// accessible name and description, and put it in a region that scrolls sideways on narrow
/// screens (the stylesheet keeps charts wide enough to read there), named by the chart's title.
pub fn finish(svg: String, caption: &Caption) -> String {
    let Some(open_end) = svg.find(">\n") else {
        return svg;
    };
    let header = &svg[..open_end];
    let view_box = header
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("0 0 640 400");
    let id = caption.id;
    let mut out = String::with_capacity(svg.len() + 320);
    out.push_str(&format!(
        "<div class=\"chart-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}-title\"><svg class=\"chart\" viewBox=\"{view_box}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">"
    ));
    escape_into(&mut out, caption.title);
    out.push_str(&format!("</title><desc id=\"{id}-desc\">"));
    escape_into(&mut out, caption.desc);
    out.push_str("</desc>\n");
    out.push_str(svg[open_end + 2..].trim_end());
    out.push_str("</div>");
    out
}

/// Escape text for XML (SVG here, and the Atom feed): markup characters become entities and
/// control characters, which XML does not allow, are dropped.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
}

/// Shorten a category label to fit beside the bars; the full text is in the table and desc.
pub fn fit_label(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max_chars - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
