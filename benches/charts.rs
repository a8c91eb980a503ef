//! Chart rendering speed, one core: `cargo bench --bench charts`. Target ≥ 1,000 charts/s.

use insyn::model::values::Unit;
use insyn::render::charts::{Bar, BarGroup, Caption, LinePoint, diverging_bars, grouped_bars, line_with_targets};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::time::Instant;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn main() {
    // The 2023 resultaträkning and investment table, and personalomsättning over time.
    let rows = [
        ("Regionkontoret", "-599.8", "-608.8"),
        ("Förtroendevalda", "-45.8", "-52.2"),
        ("Utvecklingsmedel", "-96.6", "-153.9"),
    ];
    let groups: Vec<BarGroup> = rows
        .iter()
        .map(|(l, u, b)| BarGroup {
            label: l.to_string(),
            bars: vec![Bar { value: d(u) }, Bar { value: d(b) }],
        })
        .collect();
    let devs: Vec<(String, Decimal)> = rows.iter().map(|(l, u, b)| (l.to_string(), d(u) - d(b))).collect();
    let points = vec![
        LinePoint {
            period: "2020".into(),
            value: Some(d("10.81")),
            target: Some(d("13")),
        },
        LinePoint {
            period: "2023".into(),
            value: Some(d("9.92")),
            target: Some(d("11")),
        },
    ];
    let cap = Caption {
        id: "c",
        title: "Resultaträkning 2023",
        desc: "Regionkontoret: utfall −599,8, budget −608,8",
    };
    let n = 3000;
    let start = Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        let svg = match i % 3 {
            0 => grouped_bars(&cap, &["Utfall", "Budget"], &groups, Some(Unit::Mnkr)),
            1 => diverging_bars(&cap, &devs, Some(Unit::Mnkr)),
            _ => line_with_targets(&cap, "Utfall", &points, Some(Unit::Percent)),
        };
        bytes += svg.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "charts: {n} in {secs:.3} s on one core = {:.0} charts/s ({} bytes each on average)",
        n as f64 / secs,
        bytes / n
    );
}
