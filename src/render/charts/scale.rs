//! A linear value axis over exact decimals: nice ticks and pixel positions.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

pub struct Scale {
    pub min: Decimal,
    pub max: Decimal,
    pub step: Decimal,
    /// Pixel where `min` is drawn and pixel where `max` is drawn.
    pub from_px: i32,
    pub to_px: i32,
}

impl Scale {
    /// An axis that includes zero and every value, with about `ticks` nice steps.
    pub fn including_zero(values: impl IntoIterator<Item = Decimal>, from_px: i32, to_px: i32, ticks: u32) -> Scale {
        let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if lo == hi {
            hi = Decimal::ONE;
        }
        let step = nice_step((hi - lo) / Decimal::from(ticks.max(1)));
        let min = (lo / step).floor() * step;
        let max = (hi / step).ceil() * step;
        Scale {
            min: min.normalize(),
            max: max.normalize(),
            step: step.normalize(),
            from_px,
            to_px,
        }
    }

    /// Pixel position of `v`, rounded to a whole pixel only here.
    pub fn px(&self, v: Decimal) -> i32 {
        let span = self.max - self.min;
        if span.is_zero() {
            return self.from_px;
        }
        let p = Decimal::from(self.from_px) + (v - self.min) * Decimal::from(self.to_px - self.from_px) / span;
        p.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .to_i32()
            .unwrap_or(self.from_px)
    }

    pub fn ticks(&self) -> Vec<Decimal> {
        let mut v = Vec::new();
        let mut t = self.min;
        while t <= self.max && v.len() < 50 {
            v.push(t.normalize());
            t += self.step;
        }
        v
    }

    /// Decimals needed to print the ticks.
    pub fn tick_decimals(&self) -> u32 {
        self.step.normalize().scale()
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: Decimal) -> Decimal {
    if raw <= Decimal::ZERO {
        return Decimal::ONE;
    }
    let mut p = Decimal::ONE;
    while p * Decimal::TEN <= raw {
        p *= Decimal::TEN;
    }
    while p > raw && p > Decimal::new(1, 20) {
        p /= Decimal::TEN;
    }
    for m in [1, 2, 5, 10] {
        let s = p * Decimal::from(m);
        if s >= raw {
            return s;
        }
    }
    p * Decimal::TEN
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn includes_zero_and_negative_values() {
        let s = Scale::including_zero([d("-814.9"), d("-742.2"), d("72.7")], 0, 400, 5);
        assert!(s.min <= d("-814.9") && s.max >= d("72.7"));
        assert_eq!(s.step, d("200"));
        assert_eq!(s.ticks().first().copied(), Some(d("-1000")));
        assert!(s.px(Decimal::ZERO) > 0);
    }

    #[test]
    fn small_percentages() {
        let s = Scale::including_zero([d("9.92"), d("11"), d("13")], 300, 0, 5);
        assert_eq!((s.min, s.max, s.step), (d("0"), d("15"), d("5")));
        assert_eq!(s.px(d("0")), 300);
        assert_eq!(s.px(d("15")), 0);
        assert_eq!(s.px(d("7.5")), 150);
        assert_eq!(s.tick_decimals(), 0);
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(d("0.37")), d("0.5"));
        assert_eq!(nice_step(d("180")), d("200"));
        assert_eq!(nice_step(d("1")), d("1"));
    }
}
