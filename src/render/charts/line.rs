//! An indicator over time, with each period's target as a labelled dashed reference.
//!
//! When every period names its year, the time axis is proportional to time: 2019, 2020 and
//! 2023 are not drawn evenly spaced, and no line is drawn across the years in between (a gap
//! is shown as a gap, and the description says which years have no value).

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

const TOP: i32 = 40;
const HEIGHT: i32 = 320;
const LABEL: f64 = 17.36;
const SMALL: f64 = 16.12;

/// The year a period label names ("2023", "Helår 2023", "jan–aug 2024"): its last four-digit
/// number between 1900 and 2200.
pub fn year_of(period: &str) -> Option<i32> {
    period
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .rfind(|y| (1900..=2200).contains(y))
}

/// The years of the periods, if every period names one and they increase.
fn years(points: &[LinePoint]) -> Option<Vec<i32>> {
    let ys: Option<Vec<i32>> = points.iter().map(|p| year_of(&p.period)).collect();
    let ys = ys?;
    ys.windows(2).all(|w| w[0] < w[1]).then_some(ys)
}

/// The years between the first and the last period that have no value.
fn missing_years(points: &[LinePoint]) -> Vec<i32> {
    let Some(ys) = years(points) else { return Vec::new() };
    let (Some(first), Some(last)) = (ys.first(), ys.last()) else {
        return Vec::new();
    };
    (*first..=*last)
        .filter(|y| ys.iter().zip(points).all(|(py, p)| py != y || p.value.is_none()))
        .collect()
}

/// "2021 och 2022", "2021, 2022 och 2024".
fn list(years: &[i32]) -> String {
    let s: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    match s.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} och {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

pub fn line_with_targets(caption: &Caption, series_name: &str, points: &[LinePoint], unit: Option<Unit>) -> String {
    let missing = missing_years(points);
    let desc;
    let caption = if missing.is_empty() {
        caption
    } else {
        desc = format!(
            "{} Inget utfall finns för {}: där är linjen bruten.",
            caption.desc,
            list(&missing)
        );
        &Caption {
            id: caption.id,
            title: caption.title,
            desc: &desc,
        }
    };
    pair(caption, |fit| draw(fit, series_name, points, unit, &missing))
}

/// Where things go in one drawing: the plot's edges, the value scale and each period's x.
struct Layout {
    width: i32,
    left: i32,
    right: i32,
    bottom: i32,
    scale: Scale,
    /// The periods' years, when every period names one.
    ys: Option<Vec<i32>>,
    x0: i32,
    x1: i32,
    /// Each point's x.
    xs: Vec<i32>,
}

impl Layout {
    fn new(fit: Fit, points: &[LinePoint]) -> Layout {
        let width = fit.width();
        let (left, right) = match fit {
            Fit::Wide => (70, 40),
            Fit::Narrow => (54, 14),
        };
        let bottom = HEIGHT - 56;
        let values = points.iter().flat_map(|p| p.value.into_iter().chain(p.target));
        let scale = Scale::including_zero(values, bottom, TOP, 5);
        let (x0, x1) = (left + 40, width - right - 40);
        let mut l = Layout {
            width,
            left,
            right,
            bottom,
            scale,
            ys: years(points),
            x0,
            x1,
            xs: Vec::new(),
        };
        // Where each period is drawn: by its year when all have one, else evenly.
        l.xs = match &l.ys {
            Some(v) => v.iter().map(|y| l.x_of_year(*y)).collect(),
            None if points.len() > 1 => (0..points.len())
                .map(|i| x0 + (x1 - x0) * i as i32 / (points.len() as i32 - 1))
                .collect(),
            None => vec![(x0 + x1) / 2],
        };
        l
    }

    fn x_of_year(&self, y: i32) -> i32 {
        match &self.ys {
            Some(v) if v.len() > 1 && v[v.len() - 1] > v[0] => {
                self.x0 + (self.x1 - self.x0) * (y - v[0]) / (v[v.len() - 1] - v[0])
            }
            _ => (self.x0 + self.x1) / 2,
        }
    }

    /// Half the room to the nearest neighbour: how wide a target's dashes may be.
    fn room(&self, i: usize) -> i32 {
        let xs = &self.xs;
        let l = if i > 0 { xs[i] - xs[i - 1] } else { i32::MAX };
        let r = xs.get(i + 1).map(|x| x - xs[i]).unwrap_or(i32::MAX);
        (l.min(r) / 2 - 4).clamp(16, 60)
    }

    /// Keep a text inside the chart: centred on x where it fits, else against the edge.
    fn place(&self, text: &str, size: f64, x: i32) -> (i32, HPos) {
        let half = text_width(text, size) / 2;
        if x - half < self.left {
            (self.left, HPos::Left)
        } else if x + half > self.width - 4 {
            (self.width - 4, HPos::Right)
        } else {
            (x, HPos::Center)
        }
    }
}

fn draw(fit: Fit, series_name: &str, points: &[LinePoint], unit: Option<Unit>, missing: &[i32]) -> Svg {
    let l = Layout::new(fit, points);
    let mut b = Svg::new(l.width, HEIGHT);
    {
        legend(&mut b, &l, series_name);
        value_axis(&mut b, &l, unit);
        // Years without a value: a short tick and the year in grey, so the gap reads as one.
        for y in missing.iter().filter(|y| !l.ys.as_ref().is_some_and(|v| v.contains(y))) {
            let x = l.x_of_year(*y);
            b.draw_line((x, l.bottom), (x, l.bottom + 5), &stroke(MUTED, 1)).ok();
            b.draw_text(
                &y.to_string(),
                &text_style(SMALL, &MUTED, HPos::Center, VPos::Top),
                (x, l.bottom + 8),
            )
            .ok();
        }
        targets_and_periods(&mut b, &l, points, unit);
        outcome(&mut b, &l, points, unit);
    }
    b
}

fn legend(b: &mut Svg, l: &Layout, series_name: &str) {
    let left = l.left;
    b.draw_line((left, 16), (left + 24, 16), &stroke(PRIMARY, 3)).ok();
    b.draw_circle((left + 12, 16), 4, &fill(PRIMARY), true).ok();
    b.draw_text(
        series_name,
        &text_style(LABEL, &INK, HPos::Left, VPos::Center),
        (left + 30, 16),
    )
    .ok();
    let lx = left + 46 + text_width(series_name, LABEL);
    dashed(b, (lx, 16), (lx + 24, 16));
    b.draw_text("Mål", &text_style(LABEL, &INK, HPos::Left, VPos::Center), (lx + 30, 16))
        .ok();
}

fn value_axis(b: &mut Svg, l: &Layout, unit: Option<Unit>) {
    let dp = l.scale.tick_decimals();
    for t in l.scale.ticks() {
        let y = l.scale.px(t);
        b.draw_line(
            (l.left, y),
            (l.width - l.right, y),
            &stroke(if t.is_zero() { INK } else { GRID }, 1),
        )
        .ok();
        b.draw_text(
            &format::number_dp(t, dp),
            &text_style(SMALL, &MUTED, HPos::Right, VPos::Center),
            (l.left - 6, y),
        )
        .ok();
    }
    if let Some(u) = unit.filter(|u| *u != Unit::Count) {
        b.draw_text(
            u.symbol(),
            &text_style(SMALL, &MUTED, HPos::Right, VPos::Center),
            (l.left - 6, TOP - 16),
        )
        .ok();
    }
}

/// Targets: a dashed segment across each period, labelled on the side away from the outcome,
/// so that the two labels do not meet; and each period's name under the axis.
fn targets_and_periods(b: &mut Svg, l: &Layout, points: &[LinePoint], unit: Option<Unit>) {
    for (i, p) in points.iter().enumerate() {
        let x = l.xs[i];
        if let Some(t) = p.target {
            let y = l.scale.px(t);
            let w = l.room(i);
            dashed(b, ((x - w).max(l.left), y), ((x + w).min(l.width - l.right), y));
            let label = format!("Mål {}", format::amount(t, unit));
            let (lx, h) = l.place(&label, SMALL, x);
            let above = p.value.is_none_or(|v| v < t);
            let (ly, v) = if above {
                (y - 4, VPos::Bottom)
            } else {
                (y + 4, VPos::Top)
            };
            b.draw_text(&label, &text_style(SMALL, &TARGET, h, v), (lx, ly)).ok();
        }
        for (k, line) in wrap_label(&p.period, 12).iter().enumerate() {
            let (px, h) = l.place(line, SMALL, x);
            b.draw_text(
                line,
                &text_style(SMALL, &INK, h, VPos::Top),
                (px, l.bottom + 8 + 19 * k as i32),
            )
            .ok();
        }
    }
}

/// The outcome line, broken where a period has no value and across years without one, and
/// each value as a labelled dot.
fn outcome(b: &mut Svg, l: &Layout, points: &[LinePoint], unit: Option<Unit>) {
    let mut run: Vec<(i32, i32)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let gap = l.ys.as_ref().is_some_and(|v| i > 0 && v[i] - v[i - 1] > 1);
        if gap || p.value.is_none() {
            if run.len() > 1 {
                b.draw_path(run.clone(), &stroke(PRIMARY, 3)).ok();
            }
            run.clear();
        }
        if let Some(v) = p.value {
            run.push((l.xs[i], l.scale.px(v)));
        }
    }
    if run.len() > 1 {
        b.draw_path(run, &stroke(PRIMARY, 3)).ok();
    }
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.value {
            let (x, y) = (l.xs[i], l.scale.px(v));
            b.draw_circle((x, y), 5, &fill(PRIMARY), true).ok();
            let text = format::amount(v, unit);
            let (tx, h) = l.place(&text, LABEL, x);
            let below = p.target.is_some_and(|t| v < t);
            let (ty, vp) = if below {
                (y + 9, VPos::Top)
            } else {
                (y - 9, VPos::Bottom)
            };
            b.draw_text(&text, &text_style(LABEL, &INK, h, vp), (tx, ty)).ok();
        }
    }
}

fn dashed(b: &mut Svg, from: (i32, i32), to: (i32, i32)) {
    let (mut x, y) = from;
    while x < to.0 {
        let end = (x + 6).min(to.0);
        b.draw_line((x, y), (end, to.1), &stroke(TARGET, 2)).ok();
        x += 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn p(period: &str, v: Option<&str>, t: Option<&str>) -> LinePoint {
        LinePoint {
            period: period.into(),
            value: v.map(|v| Decimal::from_str(v).unwrap()),
            target: t.map(|v| Decimal::from_str(v).unwrap()),
        }
    }

    fn circles_x(svg: &str) -> Vec<i32> {
        svg.split("<circle cx=\"")
            .skip(1)
            .map(|c| c.split('"').next().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn time_is_proportional_and_gaps_stay_gaps() {
        let points = [
            p("2019", Some("12"), Some("11")),
            p("2020", Some("10.81"), Some("13")),
            p("2023", Some("9.92"), Some("11")),
        ];
        let cap = Caption {
            id: "h",
            title: "Personalomsättning över tid",
            desc: "2019: 12 %.",
        };
        let html = line_with_targets(&cap, "Utfall", &points, Some(Unit::Percent));
        let wide = draw(Fit::Wide, "Utfall", &points, Some(Unit::Percent), &[2021, 2022]).text();
        let x = circles_x(&wide);
        // The legend's circle comes first.
        let (a, b, c) = (x[1], x[2], x[3]);
        assert!(
            ((c - b) - 3 * (b - a)).abs() <= 3,
            "three years are drawn three times as far as one (to a pixel or so): {x:?}"
        );
        assert_eq!(
            wide.matches("<polyline").count() + wide.matches("<path").count(),
            1,
            "one line, 2019–2020, none over 2021–2022"
        );
        assert!(
            wide.contains(">2021</text>") && wide.contains(">2022</text>"),
            "the missing years are on the axis"
        );
        assert!(
            html.contains("Inget utfall finns för 2021 och 2022: där är linjen bruten."),
            "{html}"
        );
        assert!(html.contains("<div class=\"chart-narrow\"><svg class=\"chart\" viewBox=\"0 0 360 "));
        assert!(html.contains("id=\"h-smal-title\""));
    }

    #[test]
    fn the_newest_value_stays_inside_the_narrow_chart() {
        let points = [
            p("2020", Some("10.81"), Some("13")),
            p("2023", Some("9.92"), Some("11.0")),
        ];
        let narrow = draw(Fit::Narrow, "Utfall", &points, Some(Unit::Percent), &[]).text();
        let last = narrow
            .split("<text")
            .filter(|t| t.contains(">9,92"))
            .map(|t| t.to_string())
            .next()
            .expect("the newest value is written");
        let x: i32 = last
            .split("x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let anchor_end = last.contains("text-anchor=\"end\"");
        let half = text_width("9,92 %", LABEL) / 2;
        let right_edge = if anchor_end { x } else { x + half };
        assert!(
            right_edge <= NARROW_WIDTH,
            "9,92 % ends at {right_edge} of {NARROW_WIDTH}"
        );
    }

    #[test]
    fn periods_without_years_are_evenly_spaced() {
        assert_eq!(year_of("Helår 2023"), Some(2023));
        assert_eq!(year_of("jan–aug 2024"), Some(2024));
        assert_eq!(year_of("T2"), None);
        let points = [
            p("T1", Some("1"), None),
            p("T2", Some("2"), None),
            p("T3", Some("3"), None),
        ];
        let svg = draw(Fit::Wide, "Utfall", &points, None, &[]).text();
        let x = circles_x(&svg);
        assert_eq!(x[2] - x[1], x[3] - x[2]);
    }
}
