//! An indicator over time, with each period's target as a labelled dashed reference.

use super::scale::Scale;
use super::*;
use crate::model::values::Unit;
use crate::render::format;
use rust_decimal::Decimal;

pub struct LinePoint {
    pub period: String,
    pub value: Option<Decimal>,
    pub target: Option<Decimal>,
}

const LEFT: i32 = 70;
const RIGHT: i32 = 110;
const TOP: i32 = 40;
const HEIGHT: i32 = 300;

pub fn line_with_targets(caption: &Caption, series_name: &str, points: &[LinePoint], unit: Option<Unit>) -> String {
    let bottom = HEIGHT - 40;
    let values = points.iter().flat_map(|p| p.value.into_iter().chain(p.target));
    let scale = Scale::including_zero(values, bottom, TOP, 5);
    let n = points.len().max(1) as i32;
    let slot = (WIDTH as i32 - LEFT - RIGHT) / n;
    let x_of = |i: usize| LEFT + slot * i as i32 + slot / 2;
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT as u32));
        // Legend.
        b.draw_line((LEFT, 16), (LEFT + 24, 16), &stroke(PRIMARY, 3)).ok();
        b.draw_circle((LEFT + 12, 16), 4, &fill(PRIMARY), true).ok();
        b.draw_text(
            series_name,
            &text_style(17.36, &INK, HPos::Left, VPos::Center),
            (LEFT + 30, 16),
        )
        .ok();
        let lx = LEFT + 40 + 10 * series_name.chars().count() as i32;
        dashed(&mut b, (lx, 16), (lx + 24, 16));
        b.draw_text("Mål", &text_style(17.36, &INK, HPos::Left, VPos::Center), (lx + 30, 16))
            .ok();
        // Value axis.
        let dp = scale.tick_decimals();
        for t in scale.ticks() {
            let y = scale.px(t);
            b.draw_line(
                (LEFT, y),
                (WIDTH as i32 - RIGHT, y),
                &stroke(if t.is_zero() { INK } else { GRID }, 1),
            )
            .ok();
            b.draw_text(
                &format::number_dp(t, dp),
                &text_style(16.12, &MUTED, HPos::Right, VPos::Center),
                (LEFT - 6, y),
            )
            .ok();
        }
        if let Some(u) = unit.filter(|u| *u != Unit::Count) {
            b.draw_text(
                u.symbol(),
                &text_style(16.12, &MUTED, HPos::Right, VPos::Center),
                (LEFT - 6, TOP - 16),
            )
            .ok();
        }
        // Targets: a dashed segment across each period's slot, labelled.
        for (i, p) in points.iter().enumerate() {
            if let Some(t) = p.target {
                let y = scale.px(t);
                let x = x_of(i);
                dashed(&mut b, (x - slot / 2 + 4, y), (x + slot / 2 - 4, y));
                let label = format!("Mål {}", format::amount(t, unit));
                b.draw_text(
                    &label,
                    &text_style(16.12, &TARGET, HPos::Center, VPos::Bottom),
                    (x, y - 3),
                )
                .ok();
            }
            b.draw_text(
                &p.period,
                &text_style(16.12, &INK, HPos::Center, VPos::Top),
                (x_of(i), bottom + 8),
            )
            .ok();
        }
        // The outcome line, broken where a period has no value.
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, p) in points.iter().enumerate() {
            match p.value {
                Some(v) => run.push((x_of(i), scale.px(v))),
                None => {
                    if run.len() > 1 {
                        b.draw_path(run.clone(), &stroke(PRIMARY, 3)).ok();
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            b.draw_path(run, &stroke(PRIMARY, 3)).ok();
        }
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = p.value {
                let (x, y) = (x_of(i), scale.px(v));
                b.draw_circle((x, y), 5, &fill(PRIMARY), true).ok();
                b.draw_text(
                    &format::amount(v, unit),
                    &text_style(17.36, &INK, HPos::Left, VPos::Center),
                    (x + 8, y + 10),
                )
                .ok();
            }
        }
        b.present().ok();
    }
    finish(svg, caption)
}

fn dashed(b: &mut SVGBackend, from: (i32, i32), to: (i32, i32)) {
    let (mut x, y) = from;
    while x < to.0 {
        let end = (x + 6).min(to.0);
        b.draw_line((x, y), (end, to.1), &stroke(TARGET, 2)).ok();
        x += 10;
    }
}
