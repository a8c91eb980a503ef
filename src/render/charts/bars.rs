//! Horizontal bar charts: grouped (utfall vs budget), diverging (deviations from zero) and
//! counts (assignment status). Horizontal, so that long Swedish labels stay readable: in a
//! wide column the labels stand to the left of the bars, on a phone above them (the bars
//! then use the whole width). Labels are wrapped, never shortened.

use super::scale::Scale;
use super::*;
use crate::model::values::Unit;
use crate::render::format;
use rust_decimal::Decimal;

const LABEL_W: i32 = 220;
const TOP: i32 = 36;
const AXIS_H: i32 = 34;
const LABEL: f64 = 17.36;
const SMALL: f64 = 16.12;
const LINE_H: i32 = 20;

/// One bar of a group.
pub struct Bar {
    pub value: Decimal,
}

/// The bars of one category, one per series.
pub struct BarGroup {
    pub label: String,
    pub bars: Vec<Bar>,
}

/// Series 0 is drawn filled, series 1 outlined: told apart without colour.
fn series_style(i: usize) -> (ShapeStyle, Option<ShapeStyle>) {
    if i == 0 {
        (fill(PRIMARY), None)
    } else {
        (fill(RGBColor(0xff, 0xff, 0xff)), Some(stroke(PRIMARY, 2)))
    }
}

/// Where rows put their label and their bars.
struct Frame {
    fit: Fit,
    width: i32,
    /// Characters per label line.
    wrap: usize,
    /// Left end of the value axis (pixels) and right end.
    plot: (i32, i32),
}

impl Frame {
    /// `room`: how much the values written beside the bars need to the left of negative
    /// bars and to the right of the others (0 where there are none).
    fn new(fit: Fit, room: (i32, i32)) -> Frame {
        let width = fit.width();
        let (left, wrap) = match fit {
            Fit::Wide => (LABEL_W, 22),
            Fit::Narrow => (8, 36),
        };
        Frame {
            fit,
            width,
            wrap,
            plot: (left + room.0.max(4), width - room.1.max(12)),
        }
    }

    /// Height of a row with `lines` label lines and bars `bars_h` high.
    fn row_height(&self, lines: usize, bars_h: i32) -> i32 {
        let text_h = lines as i32 * LINE_H;
        match self.fit {
            Fit::Wide => bars_h.max(text_h) + 14,
            Fit::Narrow => text_h + 4 + bars_h + 16,
        }
    }

    /// Draw a row's label (wrapped) and return where its bars start (y).
    fn label(&self, b: &mut Svg, lines: &[String], y0: i32, bars_h: i32) -> i32 {
        match self.fit {
            Fit::Wide => {
                let text_h = lines.len() as i32 * LINE_H;
                let block_h = bars_h.max(text_h);
                let first = y0 + (block_h - text_h) / 2 + LINE_H / 2;
                for (k, l) in lines.iter().enumerate() {
                    b.draw_text(
                        l,
                        &text_style(LABEL, &INK, HPos::Right, VPos::Center),
                        (LABEL_W - 8, first + k as i32 * LINE_H),
                    )
                    .ok();
                }
                y0 + (block_h - bars_h) / 2
            }
            Fit::Narrow => {
                // A white ground under the label, so that grid lines do not cross its letters.
                let w = lines.iter().map(|l| text_width(l, LABEL)).max().unwrap_or(0);
                let bottom = y0 + lines.len() as i32 * LINE_H;
                b.draw_rect(
                    (4, y0),
                    ((12 + w).min(self.width), bottom),
                    &fill(RGBColor(0xff, 0xff, 0xff)),
                    true,
                )
                .ok();
                for (k, l) in lines.iter().enumerate() {
                    b.draw_text(
                        l,
                        &text_style(LABEL, &INK, HPos::Left, VPos::Center),
                        (8, y0 + LINE_H / 2 + k as i32 * LINE_H),
                    )
                    .ok();
                }
                y0 + lines.len() as i32 * LINE_H + 4
            }
        }
    }
}

fn draw_value_axis(b: &mut Svg, f: &Frame, scale: &Scale, top: i32, bottom: i32, unit: Option<Unit>) {
    let dp = scale.tick_decimals();
    let ticks = scale.ticks();
    // On a phone every other tick label, so that they do not run together.
    let every = if f.fit == Fit::Narrow && ticks.len() > 4 { 2 } else { 1 };
    for (i, t) in ticks.iter().enumerate() {
        let x = scale.px(*t);
        let style = if t.is_zero() { stroke(INK, 1) } else { stroke(GRID, 1) };
        b.draw_line((x, top), (x, bottom), &style).ok();
        if i % every == 0 || t.is_zero() {
            let text = format::number_dp(*t, dp);
            // Centred under its line, unless that would cut it at an edge of the chart.
            let half = text_width(&text, SMALL) / 2;
            let (tx, h) = if x - half < 2 {
                (x.max(2), HPos::Left)
            } else if x + half > f.width - 2 {
                (x.min(f.width - 2), HPos::Right)
            } else {
                (x, HPos::Center)
            };
            b.draw_text(&text, &text_style(SMALL, &MUTED, h, VPos::Top), (tx, bottom + 6))
                .ok();
        }
    }
    if let Some(u) = unit
        && u != Unit::Count
    {
        b.draw_text(
            u.symbol(),
            &text_style(SMALL, &MUTED, HPos::Right, VPos::Top),
            (f.width - 4, bottom + 20),
        )
        .ok();
    }
}

fn value_label(b: &mut Svg, text: &str, x_end: i32, zero_x: i32, y: i32) {
    let (x, h) = if x_end >= zero_x {
        (x_end + 4, HPos::Left)
    } else {
        (x_end - 4, HPos::Right)
    };
    b.draw_text(text, &text_style(SMALL, &INK, h, VPos::Center), (x, y))
        .ok();
}

/// Room for the values written beside the bars: left of negative bars, right of the others.
fn value_room(values: impl Iterator<Item = (Decimal, String)>) -> (i32, i32) {
    let (mut neg, mut pos) = (0, 0);
    for (v, t) in values {
        let w = text_width(&t, SMALL).clamp(24, 90) + 8;
        if v < Decimal::ZERO {
            neg = neg.max(w);
        } else {
            pos = pos.max(w);
        }
    }
    (neg, pos)
}

/// Utfall and budget (or any two series) per category.
pub fn grouped_bars(caption: &Caption, series: &[&str], groups: &[BarGroup], unit: Option<Unit>) -> String {
    pair(caption, |fit| grouped(fit, series, groups, unit))
}

fn grouped(fit: Fit, series: &[&str], groups: &[BarGroup], unit: Option<Unit>) -> Svg {
    let bar_h = 14;
    let bars_h = bar_h * series.len().max(1) as i32;
    let f = Frame::new(
        fit,
        value_room(
            groups
                .iter()
                .flat_map(|g| g.bars.iter().map(|b| (b.value, format::number(b.value)))),
        ),
    );
    let labels: Vec<Vec<String>> = groups.iter().map(|g| wrap_label(&g.label, f.wrap)).collect();
    let rows_h: i32 = labels.iter().map(|l| f.row_height(l.len(), bars_h)).sum();
    let height = TOP + rows_h + AXIS_H;
    let scale = Scale::including_zero(
        groups.iter().flat_map(|g| g.bars.iter().map(|b| b.value)),
        f.plot.0,
        f.plot.1,
        5,
    );
    let mut b = Svg::new(f.width, height);
    {
        // Legend: the same swatches as the bars, with the series names.
        let mut lx = if fit == Fit::Wide { LABEL_W } else { 8 };
        for (i, name) in series.iter().enumerate() {
            let (fl, s) = series_style(i);
            b.draw_rect((lx, 10), (lx + 18, 24), &fl, true).ok();
            if let Some(s) = s {
                b.draw_rect((lx, 10), (lx + 18, 24), &s, false).ok();
            }
            b.draw_text(name, &text_style(LABEL, &INK, HPos::Left, VPos::Center), (lx + 24, 17))
                .ok();
            lx += 40 + text_width(name, LABEL);
        }
        let plot_bottom = height - AXIS_H;
        draw_value_axis(&mut b, &f, &scale, TOP - 4, plot_bottom, unit);
        let zero = scale.px(Decimal::ZERO);
        let mut y = TOP;
        for (g, lines) in groups.iter().zip(&labels) {
            let top = f.label(&mut b, lines, y + 7, bars_h);
            for (si, bar) in g.bars.iter().enumerate() {
                let y0 = top + si as i32 * bar_h;
                let x = scale.px(bar.value);
                let (l, r) = if x >= zero { (zero, x) } else { (x, zero) };
                let (fl, s) = series_style(si);
                b.draw_rect((l, y0 + 1), (r.max(l + 1), y0 + bar_h - 1), &fl, true).ok();
                if let Some(s) = s {
                    b.draw_rect((l, y0 + 1), (r.max(l + 1), y0 + bar_h - 1), &s, false).ok();
                }
                value_label(&mut b, &format::number(bar.value), x, zero, y0 + bar_h / 2);
            }
            y += f.row_height(lines.len(), bars_h);
        }
    }
    b
}

/// Deviations from zero: positive to the right, negative to the left, each with its sign.
pub fn diverging_bars(caption: &Caption, items: &[(String, Decimal)], unit: Option<Unit>) -> String {
    pair(caption, |fit| diverging(fit, items, unit))
}

fn diverging(fit: Fit, items: &[(String, Decimal)], unit: Option<Unit>) -> Svg {
    let bars_h = 16;
    let texts: Vec<String> = items.iter().map(|(_, v)| format::signed(*v)).collect();
    let f = Frame::new(
        fit,
        value_room(items.iter().map(|(_, v)| *v).zip(texts.iter().cloned())),
    );
    let labels: Vec<Vec<String>> = items.iter().map(|(l, _)| wrap_label(l, f.wrap)).collect();
    let rows_h: i32 = labels.iter().map(|l| f.row_height(l.len(), bars_h)).sum();
    let height = TOP + rows_h + AXIS_H;
    let scale = Scale::including_zero(items.iter().map(|(_, v)| *v), f.plot.0, f.plot.1, 5);
    let mut b = Svg::new(f.width, height);
    {
        let (note, nx) = match fit {
            Fit::Wide => ("Positiv avvikelse åt höger, negativ åt vänster", LABEL_W),
            Fit::Narrow => ("Positiv åt höger, negativ åt vänster", 8),
        };
        b.draw_text(note, &text_style(SMALL, &MUTED, HPos::Left, VPos::Center), (nx, 17))
            .ok();
        let plot_bottom = height - AXIS_H;
        draw_value_axis(&mut b, &f, &scale, TOP - 4, plot_bottom, unit);
        let zero = scale.px(Decimal::ZERO);
        let mut y = TOP;
        for (((_, v), lines), text) in items.iter().zip(&labels).zip(&texts) {
            let y0 = f.label(&mut b, lines, y + 5, bars_h);
            let x = scale.px(*v);
            let (l, r, color) = if x >= zero {
                (zero, x, PRIMARY)
            } else {
                (x, zero, NEGATIVE)
            };
            b.draw_rect((l, y0), (r.max(l + 1), y0 + bars_h), &fill(color), true)
                .ok();
            value_label(&mut b, text, x, zero, y0 + bars_h / 2);
            y += f.row_height(lines.len(), bars_h);
        }
    }
    b
}

/// Counts per category (assignments per status), with the count written at each bar.
pub fn status_bars(caption: &Caption, items: &[(String, usize)]) -> String {
    pair(caption, |fit| status(fit, items))
}

fn status(fit: Fit, items: &[(String, usize)]) -> Svg {
    let bars_h = 18;
    let f = Frame::new(fit, (0, 40));
    let (plot_left, plot_right) = match fit {
        Fit::Wide => (LABEL_W, f.width - 56),
        Fit::Narrow => (8, f.width - 40),
    };
    let labels: Vec<Vec<String>> = items.iter().map(|(l, _)| wrap_label(l, f.wrap)).collect();
    let rows_h: i32 = labels.iter().map(|l| f.row_height(l.len(), bars_h)).sum();
    let height = 16 + rows_h + AXIS_H;
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let mut scale = Scale::including_zero([Decimal::from(max)], plot_left, plot_right, 5);
    // Counts are whole: no tick between two whole numbers.
    if scale.step < Decimal::ONE {
        scale.step = Decimal::ONE;
        scale.max = scale.max.ceil();
    }
    let mut b = Svg::new(f.width, height);
    {
        let plot_bottom = height - AXIS_H;
        draw_value_axis(&mut b, &f, &scale, 12, plot_bottom, None);
        let mut y = 16;
        for ((_, n), lines) in items.iter().zip(&labels) {
            let y0 = f.label(&mut b, lines, y + 4, bars_h);
            let x = scale.px(Decimal::from(*n));
            b.draw_rect(
                (plot_left, y0),
                (x.max(plot_left + 1), y0 + bars_h),
                &fill(PRIMARY),
                true,
            )
            .ok();
            b.draw_text(
                &n.to_string(),
                &text_style(LABEL, &INK, HPos::Left, VPos::Center),
                (x + 5, y0 + bars_h / 2),
            )
            .ok();
            y += f.row_height(lines.len(), bars_h);
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn grouped_bars_are_accessible_svg() {
        let groups = vec![
            BarGroup {
                label: "Regionkontoret".into(),
                bars: vec![Bar { value: d("-599.8") }, Bar { value: d("-608.8") }],
            },
            BarGroup {
                label: "Förtroendevalda <&>".into(),
                bars: vec![Bar { value: d("-45.8") }, Bar { value: d("-52.2") }],
            },
        ];
        let cap = Caption {
            id: "c1",
            title: "Utfall & budget",
            desc: "Regionkontoret: utfall −599,8",
        };
        let svg = grouped_bars(&cap, &["Utfall", "Budget"], &groups, Some(Unit::Mnkr));
        assert!(svg.starts_with(
            "<div class=\"chart-pair\"><div class=\"chart-wide\"><svg class=\"chart\" viewBox=\"0 0 640 "
        ));
        assert!(svg.ends_with("</svg></div></div>"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">Utfall &amp; budget</title>"));
        assert!(svg.contains("<div class=\"chart-narrow\"><svg class=\"chart\" viewBox=\"0 0 360 "));
        assert!(
            svg.contains("<title id=\"c1-smal-title\">Utfall &amp; budget</title>"),
            "ids unique on the page"
        );
        assert!(svg.contains("\u{2212}599,8"), "Swedish numbers in the chart");
        assert!(svg.contains("Förtroendevalda &lt;&amp;&gt;"));
        assert!(!svg.contains("width=\"640\""), "scales with its container");
        let again = grouped_bars(&cap, &["Utfall", "Budget"], &groups, Some(Unit::Mnkr));
        assert_eq!(svg, again, "byte-identical");
    }

    #[test]
    fn long_labels_are_wrapped_whole_in_both_layouts() {
        let items = vec![
            ("Utvecklingsmedel Regional utveckling".to_string(), d("18.3")),
            (
                "Utvecklingsmedel Region Halland hälso- och sjukvård".to_string(),
                d("-39.0"),
            ),
        ];
        for fit in [Fit::Wide, Fit::Narrow] {
            let svg = diverging(fit, &items, Some(Unit::Mnkr)).text();
            assert!(!svg.contains('…'), "nothing is cut: {fit:?}");
            for word in ["Regional", "utveckling", "Halland", "sjukvård"] {
                assert!(svg.contains(word), "{word} is shown ({fit:?})");
            }
        }
    }

    #[test]
    fn counts_have_whole_ticks() {
        let svg = status(Fit::Narrow, &[("Uppfyllt".to_string(), 2)]).text();
        assert!(!svg.contains(",5") && !svg.contains("0,0"), "{svg}");
    }

    #[test]
    fn on_a_phone_the_bars_use_the_whole_width() {
        let items = vec![("Uppfyllt".to_string(), 9), ("Delvis uppfyllt".to_string(), 2)];
        let narrow = status(Fit::Narrow, &items).text();
        assert!(narrow.contains("viewBox=\"0 0 360 "));
        // The label stands at the left edge, above its bar, which starts there too.
        assert!(narrow.contains("x=\"8\""), "{narrow}");
    }
}
