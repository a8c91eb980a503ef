//! The charts' drawing surface: plotters' `DrawingBackend`, written as lean SVG.
//!
//! plotters' own SVG backend formats every attribute into a string of its own and writes
//! defaults (`opacity="1"`, `stroke="none"`, the font family on every text): a page of ours
//! carries four charts, so that was a fifth of a build's time and two thirds of a page's
//! bytes. This one writes each element straight into one buffer, leaves out what SVG
//! assumes anyway and names the font family once, on the `<svg>` element. What is drawn is
//! the same.

use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};
use std::convert::Infallible;
use std::fmt::Write as _;

/// Font family of every chart text; written once, on the `<svg>` element.
const FAMILY: &str = "sans-serif";

/// The size and colour of most chart texts (the figures at the bars), written once on the
/// `<svg>` element and inherited by each text that has them. Every other element that fills
/// a shape names its own fill (or `none`), so only texts inherit the colour.
const TEXT_SIZE: u32 = 13;
const TEXT_FILL: plotters::style::RGBColor = super::INK;

/// One chart being drawn: its size and its elements so far.
pub struct Svg {
    size: (u32, u32),
    body: String,
}

/// Drawing into a `String` cannot fail.
type Drawn = Result<(), DrawingErrorKind<Infallible>>;

impl Svg {
    pub fn new(width: i32, height: i32) -> Svg {
        Svg {
            size: (width.max(0) as u32, height.max(0) as u32),
            body: String::with_capacity(4096),
        }
    }

    /// The whole `<svg>` element, with `attributes` (already escaped) on it and `inner`
    /// (already escaped: the accessible name and description) before the drawing.
    pub fn write_into(&self, out: &mut String, attributes: &str, inner: &str) {
        let (w, h) = self.size;
        let fill = hex((TEXT_FILL.0, TEXT_FILL.1, TEXT_FILL.2));
        let fill = std::str::from_utf8(&fill).unwrap_or_default();
        let _ = writeln!(
            out,
            "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"{FAMILY}\" font-size=\"{TEXT_SIZE}\" fill=\"#{fill}\"{attributes}>{inner}"
        );
        out.push_str(self.body.trim_end());
        out.push_str("</svg>");
    }

    /// The whole `<svg>` element without a name: what a test looks at.
    #[cfg(test)]
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_into(&mut out, "", "");
        out
    }

    /// ` name="value"` for a whole number: every coordinate of every chart passes here, so
    /// the digits are written without the formatting machinery.
    fn int(&mut self, name: &str, value: i64) {
        self.body.push(' ');
        self.body.push_str(name);
        self.body.push_str("=\"");
        push_int(&mut self.body, value);
        self.body.push('"');
    }

    fn colour(&mut self, name: &str, c: BackendColor) {
        self.body.push(' ');
        self.body.push_str(name);
        self.body.push_str("=\"#");
        hex(c.rgb).iter().for_each(|&d| self.body.push(char::from(d)));
        self.body.push('"');
        if c.alpha < 1.0 {
            let _ = write!(self.body, " {name}-opacity=\"{}\"", c.alpha);
        }
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.body.push_str(" points=\"");
        for (i, (x, y)) in path.into_iter().enumerate() {
            if i > 0 {
                self.body.push(' ');
            }
            push_int(&mut self.body, x.into());
            self.body.push(',');
            push_int(&mut self.body, y.into());
        }
        self.body.push('"');
    }
}

/// A colour's six hexadecimal digits, in capitals.
fn hex((r, g, b): (u8, u8, u8)) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let d = |v: u8, high: bool| HEX[usize::from(if high { v >> 4 } else { v & 15 })];
    [
        d(r, true),
        d(r, false),
        d(g, true),
        d(g, false),
        d(b, true),
        d(b, false),
    ]
}

/// A whole number's decimal digits.
fn push_int(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    let mut digits = [0u8; crate::render::format::DIGITS];
    let at = crate::render::format::digits_into(&mut digits, value.unsigned_abs().into());
    digits[at..].iter().for_each(|&d| out.push(char::from(d)));
}

impl DrawingBackend for Svg {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha > 0.0 {
            self.body.push_str("<rect");
            self.int("x", x.into());
            self.int("y", y.into());
            self.body.push_str(" width=\"1\" height=\"1\"");
            self.colour("fill", color);
            self.body.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            self.body.push_str("<line");
            self.int("x1", from.0.into());
            self.int("y1", from.1.into());
            self.int("x2", to.0.into());
            self.int("y2", to.1.into());
            self.colour("stroke", style.color());
            self.int("stroke-width", style.stroke_width().into());
            self.body.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S, fill: bool) -> Drawn {
        if style.color().alpha > 0.0 {
            self.body.push_str("<rect");
            self.int("x", from.0.into());
            self.int("y", from.1.into());
            self.int("width", i64::from(to.0) - i64::from(from.0));
            self.int("height", i64::from(to.1) - i64::from(from.1));
            if fill {
                self.colour("fill", style.color());
            } else {
                self.body.push_str(" fill=\"none\"");
                self.colour("stroke", style.color());
            }
            self.body.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            self.body.push_str("<polyline fill=\"none\"");
            self.colour("stroke", style.color());
            let _ = write!(self.body, " stroke-width=\"{}\"", style.stroke_width());
            self.points(path);
            self.body.push_str("/>\n");
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            self.body.push_str("<polygon");
            self.colour("fill", style.color());
            self.points(path);
            self.body.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, (x, y): BackendCoord, radius: u32, style: &S, fill: bool) -> Drawn {
        if style.color().alpha > 0.0 {
            let _ = write!(self.body, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius}\"");
            if fill {
                self.colour("fill", style.color());
            } else {
                self.body.push_str(" fill=\"none\"");
                self.colour("stroke", style.color());
                let _ = write!(self.body, " stroke-width=\"{}\"", style.stroke_width());
            }
            self.body.push_str("/>\n");
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, (x, y): BackendCoord) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.body.push_str("<text");
        self.int("x", x.into());
        self.int("y", y.into());
        self.body.push_str(match style.anchor().v_pos {
            VPos::Top => " dy=\"0.76em\"",
            VPos::Center => " dy=\"0.5ex\"",
            VPos::Bottom => " dy=\"-0.5ex\"",
        });
        self.body.push_str(match style.anchor().h_pos {
            HPos::Left => "",
            HPos::Center => " text-anchor=\"middle\"",
            HPos::Right => " text-anchor=\"end\"",
        });
        let family = style.family();
        if family.as_str() != FAMILY {
            self.body.push_str(" font-family=\"");
            crate::render::xml::escape_into(&mut self.body, family.as_str());
            self.body.push('"');
        }
        // plotters' font sizes are 1.24 times the SVG font size; two decimals are plenty.
        let size = (style.size() / 1.24 * 100.0).round() / 100.0;
        if size != f64::from(TEXT_SIZE) {
            if size.fract() == 0.0 && size.abs() < 1e9 {
                self.int("font-size", size as i64);
            } else {
                let _ = write!(self.body, " font-size=\"{size}\"");
            }
        }
        if !(color.alpha >= 1.0 && color.rgb == (TEXT_FILL.0, TEXT_FILL.1, TEXT_FILL.2)) {
            self.colour("fill", color);
        }
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.body.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(self.body, " font-style=\"{}\"", other.as_str());
            }
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
            _ => 0,
        };
        if degrees != 0 {
            let _ = write!(self.body, " transform=\"rotate({degrees}, {x}, {y})\"");
        }
        self.body.push('>');
        crate::render::xml::escape_into(&mut self.body, text);
        self.body.push_str("</text>\n");
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let w = super::text_width(text, style.size()).max(0) as u32;
        Ok((w, style.size().ceil() as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    #[test]
    fn whole_numbers_are_written_as_display_writes_them() {
        for v in [
            0,
            7,
            -7,
            10,
            99,
            100,
            -1234567,
            i64::from(i32::MIN),
            i64::from(i32::MAX),
            i64::MIN,
            i64::MAX,
        ] {
            let mut s = String::new();
            push_int(&mut s, v);
            assert_eq!(s, v.to_string());
        }
    }

    #[test]
    fn elements_carry_what_they_need_and_no_defaults() {
        let mut b = Svg::new(100, 50);
        b.draw_rect((1, 2), (11, 22), &fill(PRIMARY), true).unwrap();
        b.draw_rect((1, 2), (11, 22), &stroke(PRIMARY, 2), false).unwrap();
        b.draw_line((0, 5), (100, 5), &stroke(GRID, 1)).unwrap();
        b.draw_text("A & <b>", &text_style(17.36, &INK, HPos::Right, VPos::Center), (50, 25))
            .unwrap();
        // The texts' usual size and colour are the `<svg>` element's, and not repeated.
        b.draw_text("13", &text_style(16.12, &INK, HPos::Left, VPos::Top), (1, 2))
            .unwrap();
        b.draw_text("m", &text_style(16.12, &MUTED, HPos::Center, VPos::Bottom), (3, 4))
            .unwrap();
        b.draw_text("½", &text_style(16.74, &INK, HPos::Left, VPos::Top), (5, 6))
            .unwrap();
        b.draw_path(vec![(0, 0), (10, 10)], &stroke(PRIMARY, 3)).unwrap();
        b.draw_circle((5, 5), 4, &fill(PRIMARY), true).unwrap();
        let mut out = String::new();
        b.write_into(&mut out, " role=\"img\"", "<title>t</title>");
        assert_eq!(
            out,
            "<svg class=\"chart\" viewBox=\"0 0 100 50\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#1A1A1A\" role=\"img\"><title>t</title>\n\
             <rect x=\"1\" y=\"2\" width=\"10\" height=\"20\" fill=\"#1F4E79\"/>\n\
             <rect x=\"1\" y=\"2\" width=\"10\" height=\"20\" fill=\"none\" stroke=\"#1F4E79\"/>\n\
             <line x1=\"0\" y1=\"5\" x2=\"100\" y2=\"5\" stroke=\"#D0D0D0\" stroke-width=\"1\"/>\n\
             <text x=\"50\" y=\"25\" dy=\"0.5ex\" text-anchor=\"end\" font-size=\"14\">A &amp; &lt;b&gt;</text>\n\
             <text x=\"1\" y=\"2\" dy=\"0.76em\">13</text>\n\
             <text x=\"3\" y=\"4\" dy=\"-0.5ex\" text-anchor=\"middle\" fill=\"#595959\">m</text>\n\
             <text x=\"5\" y=\"6\" dy=\"0.76em\" font-size=\"13.5\">½</text>\n\
             <polyline fill=\"none\" stroke=\"#1F4E79\" stroke-width=\"3\" points=\"0,0 10,10\"/>\n\
             <circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#1F4E79\"/></svg>"
        );
    }
}
