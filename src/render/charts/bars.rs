//! Horizontal bar charts: grouped (utfall vs budget), diverging (deviations from zero) and
//! counts (assignment status). Horizontal, so that long Swedish labels stay readable.

use super::scale::Scale;
use super::*;
use crate::model::values::Unit;
use crate::render::format;
use rust_decimal::Decimal;

const LABEL_W: i32 = 200;
const TOP: i32 = 36;
const AXIS_H: i32 = 34;

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

fn draw_value_axis(b: &mut SVGBackend, scale: &Scale, top: i32, bottom: i32, unit: Option<Unit>) {
    let dp = scale.tick_decimals();
    for t in scale.ticks() {
        let x = scale.px(t);
        let style = if t.is_zero() { stroke(INK, 1) } else { stroke(GRID, 1) };
        b.draw_line((x, top), (x, bottom), &style).ok();
        b.draw_text(
            &format::number_dp(t, dp),
            &text_style(16.12, &MUTED, HPos::Center, VPos::Top),
            (x, bottom + 6),
        )
        .ok();
    }
    if let Some(u) = unit
        && u != Unit::Count
    {
        b.draw_text(
            u.symbol(),
            &text_style(16.12, &MUTED, HPos::Right, VPos::Top),
            (WIDTH as i32 - 4, bottom + 20),
        )
        .ok();
    }
}

fn value_label(b: &mut SVGBackend, value: Decimal, unit: Option<Unit>, x_end: i32, zero_x: i32, y: i32, signed: bool) {
    let text = if signed {
        format::signed(value)
    } else {
        format::number(value)
    };
    let _ = unit;
    let (x, h) = if x_end >= zero_x {
        (x_end + 4, HPos::Left)
    } else {
        (x_end - 4, HPos::Right)
    };
    b.draw_text(&text, &text_style(16.12, &INK, h, VPos::Center), (x, y))
        .ok();
}

/// Utfall and budget (or any two series) per category.
pub fn grouped_bars(caption: &Caption, series: &[&str], groups: &[BarGroup], unit: Option<Unit>) -> String {
    let bar_h = 14;
    let group_h = bar_h * series.len().max(1) as i32 + 14;
    let height = TOP + group_h * groups.len() as i32 + AXIS_H;
    let scale = Scale::including_zero(
        groups.iter().flat_map(|g| g.bars.iter().map(|b| b.value)),
        LABEL_W + 56,
        WIDTH as i32 - 56,
        5,
    );
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (WIDTH, height as u32));
        // Legend: the same swatches as the bars, with the series names.
        let mut lx = LABEL_W;
        for (i, name) in series.iter().enumerate() {
            let (f, s) = series_style(i);
            b.draw_rect((lx, 10), (lx + 18, 24), &f, true).ok();
            if let Some(s) = s {
                b.draw_rect((lx, 10), (lx + 18, 24), &s, false).ok();
            }
            b.draw_text(name, &text_style(17.36, &INK, HPos::Left, VPos::Center), (lx + 24, 17))
                .ok();
            lx += 30 + 10 * name.chars().count() as i32;
        }
        let plot_bottom = height - AXIS_H;
        draw_value_axis(&mut b, &scale, TOP - 4, plot_bottom, unit);
        let zero = scale.px(Decimal::ZERO);
        for (gi, g) in groups.iter().enumerate() {
            let gy = TOP + gi as i32 * group_h + 7;
            b.draw_text(
                &fit_label(&g.label, 24),
                &text_style(17.36, &INK, HPos::Right, VPos::Center),
                (LABEL_W - 8, gy + group_h / 2 - 7),
            )
            .ok();
            for (si, bar) in g.bars.iter().enumerate() {
                let y0 = gy + si as i32 * bar_h;
                let x = scale.px(bar.value);
                let (l, r) = if x >= zero { (zero, x) } else { (x, zero) };
                let (f, s) = series_style(si);
                b.draw_rect((l, y0 + 1), (r.max(l + 1), y0 + bar_h - 1), &f, true).ok();
                if let Some(s) = s {
                    b.draw_rect((l, y0 + 1), (r.max(l + 1), y0 + bar_h - 1), &s, false).ok();
                }
                value_label(&mut b, bar.value, unit, x, zero, y0 + bar_h / 2, false);
            }
        }
        b.present().ok();
    }
    finish(svg, caption)
}

/// Deviations from zero: positive to the right, negative to the left, each with its sign.
pub fn diverging_bars(caption: &Caption, items: &[(String, Decimal)], unit: Option<Unit>) -> String {
    let row_h = 26;
    let height = TOP + row_h * items.len() as i32 + AXIS_H;
    let scale = Scale::including_zero(items.iter().map(|(_, v)| *v), LABEL_W + 56, WIDTH as i32 - 56, 5);
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (WIDTH, height as u32));
        b.draw_text(
            "Positiv avvikelse åt höger, negativ åt vänster",
            &text_style(16.12, &MUTED, HPos::Left, VPos::Center),
            (LABEL_W, 17),
        )
        .ok();
        let plot_bottom = height - AXIS_H;
        draw_value_axis(&mut b, &scale, TOP - 4, plot_bottom, unit);
        let zero = scale.px(Decimal::ZERO);
        for (i, (label, v)) in items.iter().enumerate() {
            let y0 = TOP + i as i32 * row_h + 5;
            let x = scale.px(*v);
            let (l, r, color) = if x >= zero {
                (zero, x, PRIMARY)
            } else {
                (x, zero, NEGATIVE)
            };
            b.draw_text(
                &fit_label(label, 24),
                &text_style(17.36, &INK, HPos::Right, VPos::Center),
                (LABEL_W - 8, y0 + 8),
            )
            .ok();
            b.draw_rect((l, y0), (r.max(l + 1), y0 + 16), &fill(color), true).ok();
            value_label(&mut b, *v, unit, x, zero, y0 + 8, true);
        }
        b.present().ok();
    }
    finish(svg, caption)
}

/// Counts per category (assignments per status), with the count written at each bar.
pub fn status_bars(caption: &Caption, items: &[(String, usize)]) -> String {
    let row_h = 28;
    let height = TOP - 20 + row_h * items.len() as i32 + AXIS_H;
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let scale = Scale::including_zero([Decimal::from(max)], LABEL_W, WIDTH as i32 - 56, 5);
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (WIDTH, height as u32));
        let plot_bottom = height - AXIS_H;
        draw_value_axis(&mut b, &scale, 12, plot_bottom, None);
        for (i, (label, n)) in items.iter().enumerate() {
            let y0 = 16 + i as i32 * row_h + 4;
            let x = scale.px(Decimal::from(*n));
            b.draw_text(
                &fit_label(label, 24),
                &text_style(17.36, &INK, HPos::Right, VPos::Center),
                (LABEL_W - 8, y0 + 9),
            )
            .ok();
            b.draw_rect((LABEL_W, y0), (x.max(LABEL_W + 1), y0 + 18), &fill(PRIMARY), true)
                .ok();
            b.draw_text(
                &n.to_string(),
                &text_style(17.36, &INK, HPos::Left, VPos::Center),
                (x + 5, y0 + 9),
            )
            .ok();
        }
        b.present().ok();
    }
    finish(svg, caption)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn grouped_bars_are_accessible_svg() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
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
        assert!(svg.starts_with("<div class=\"chart-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"c1-title\"><svg class=\"chart\" viewBox=\"0 0 640 "));
        assert!(svg.ends_with("</svg></div>"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">Utfall &amp; budget</title>"));
        assert!(svg.contains("\u{2212}599,8"), "Swedish numbers in the chart");
        assert!(svg.contains("Förtroendevalda &lt;&amp;&gt;"));
        assert!(!svg.contains("width=\"640\""), "scales with its container");
        let again = grouped_bars(&cap, &["Utfall", "Budget"], &groups, Some(Unit::Mnkr));
        assert_eq!(svg, again, "byte-identical");
    }
}
