//! Swedish presentation of numbers, amounts and dates. Pure functions over exact decimals;
//! the Tera filters are thin wrappers around these.

use crate::model::Date;
use crate::model::values::Unit;
use rust_decimal::{Decimal, RoundingStrategy};

/// No-break space: between thousands groups and before a unit.
pub const NBSP: char = '\u{00A0}';
/// The minus sign typography asks for.
pub const MINUS: char = '\u{2212}';

/// `-742214` → `−742 214`; `9.92` → `9,92`. Shows exactly the decimals the value carries.
pub fn number(d: Decimal) -> String {
    // The digits of the mantissa, the last `scale` of them decimals (as `Decimal`'s own
    // `Display` writes it, without going through the formatting machinery: every figure of
    // every table, chart and download passes here).
    let mut digits = [0u8; DIGITS];
    let mut at = digits_into(&mut digits, d.mantissa().unsigned_abs());
    let scale = d.scale() as usize;
    // At least one digit before the decimal comma.
    while digits.len() - at <= scale {
        at -= 1;
        digits[at] = b'0';
    }
    let all = &digits[at..];
    let (int, frac) = all.split_at(all.len() - scale);
    let mut out = String::with_capacity(all.len() + int.len() / 3 * 2 + 4);
    if d.is_sign_negative() && !d.is_zero() {
        out.push(MINUS);
    }
    let len = int.len();
    for (i, &c) in int.iter().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(NBSP);
        }
        out.push(char::from(c));
    }
    if !frac.is_empty() {
        out.push(',');
        frac.iter().for_each(|&c| out.push(char::from(c)));
    }
    out
}

/// Room for the digits of any `u128`.
pub const DIGITS: usize = 40;

/// The decimal digits of `n` at the end of `buf`; returns where they start. (Numbers that fit
/// in 64 bits, all but the largest decimals, are divided as such: faster.)
pub fn digits_into(buf: &mut [u8; DIGITS], n: u128) -> usize {
    let mut at = buf.len();
    let mut push = |d: u8| {
        at -= 1;
        buf[at] = b'0' + d;
    };
    match u64::try_from(n) {
        Ok(mut n) => loop {
            push((n % 10) as u8);
            n /= 10;
            if n == 0 {
                break;
            }
        },
        Err(_) => {
            let mut n = n;
            loop {
                push((n % 10) as u8);
                n /= 10;
                if n == 0 {
                    break;
                }
            }
        }
    }
    at
}

/// Like [`number`] but with exactly `decimals` decimals, rounded half away from zero.
pub fn number_dp(d: Decimal, decimals: u32) -> String {
    let mut r = d.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(decimals);
    number(r)
}

/// With an explicit sign for changes and deviations: `+8,9`, `−19,2`, `0`.
pub fn signed(d: Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{}", number(d))
    } else {
        number(d)
    }
}

/// `72 704 tkr`, `9,92 %`, `−8,5 mnkr`; a plain count has no unit after it.
pub fn amount(d: Decimal, unit: Option<Unit>) -> String {
    match unit {
        None | Some(Unit::Count) => number(d),
        Some(u) => format!("{}{NBSP}{}", number(d), u.symbol()),
    }
}

/// A figure as the report prints it: with its plus sign where the report wrote one.
pub fn figure(f: crate::model::number::Figure, unit: Option<Unit>) -> String {
    if f.plus && !f.value.is_zero() {
        match unit {
            None | Some(Unit::Count) => signed(f.value),
            Some(u) => format!("{}{NBSP}{}", signed(f.value), u.symbol()),
        }
    } else {
        amount(f.value, unit)
    }
}

/// The difference between two percentages is in procentenheter, not percent.
pub fn difference(d: Decimal, unit: Option<Unit>) -> String {
    match unit {
        Some(Unit::Percent) => format!("{}{NBSP}procentenheter", signed(d)),
        None | Some(Unit::Count) => signed(d),
        Some(u) => format!("{}{NBSP}{}", signed(d), u.symbol()),
    }
}

/// A number in words a screen reader pronounces well: `minus 8,5 miljoner kronor`.
pub fn spoken(d: Decimal, unit: Option<Unit>) -> String {
    let n = number(d.abs()).replace(NBSP, " ");
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "minus "
    } else {
        ""
    };
    match unit {
        None | Some(Unit::Count) => format!("{sign}{n}"),
        Some(u) => format!("{sign}{n} {}", u.words()),
    }
}

/// `15 mars 2024`
pub fn date(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day,
        crate::model::period::MONTH_NAMES[(d.month - 1) as usize],
        d.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_the_swedish_way() {
        assert_eq!(number(d("72704")), "72\u{a0}704");
        assert_eq!(number(d("-742214")), "\u{2212}742\u{a0}214");
        assert_eq!(number(d("9.92")), "9,92");
        assert_eq!(number(d("-8.5")), "\u{2212}8,5");
        assert_eq!(number(d("1063740")), "1\u{a0}063\u{a0}740");
        assert_eq!(number(d("1400")), "1\u{a0}400", "as the reports write it");
        assert_eq!(number(d("0.0")), "0,0");
        assert_eq!(number(d("-0")), "0");
        assert_eq!(number(d("0.05")), "0,05");
        assert_eq!(number(d("-0.001")), "\u{2212}0,001");
        assert_eq!(number(d("1.50")), "1,50", "the decimals the value carries");
    }

    /// The same digits as `Decimal`'s own `Display`, for values of every size and scale.
    #[test]
    fn numbers_have_the_digits_decimal_writes() {
        let by_display = |v: Decimal| {
            let s = v.abs().to_string();
            let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
            let mut out = String::new();
            if v.is_sign_negative() && !v.is_zero() {
                out.push(MINUS);
            }
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    out.push(NBSP);
                }
                out.push(c);
            }
            if let Some(f) = frac {
                out.push(',');
                out.push_str(f);
            }
            out
        };
        let mut m: i128 = 1;
        for step in 0..300u32 {
            m = m
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mantissa = (m >> (step % 90)) % (1i128 << 95);
            for scale in [0, 1, 2, 3, 7, 28] {
                let v = Decimal::from_i128_with_scale(mantissa, scale);
                assert_eq!(number(v), by_display(v), "{v}");
                assert_eq!(number(-v), by_display(-v), "{v}");
            }
        }
        assert_eq!(number(Decimal::MAX), by_display(Decimal::MAX));
        assert_eq!(number(Decimal::MIN), by_display(Decimal::MIN));
    }

    #[test]
    fn amounts_with_units() {
        assert_eq!(amount(d("72704"), Some(Unit::Tkr)), "72\u{a0}704\u{a0}tkr");
        assert_eq!(amount(d("9.92"), Some(Unit::Percent)), "9,92\u{a0}%");
        assert_eq!(amount(d("-8.5"), Some(Unit::Mnkr)), "\u{2212}8,5\u{a0}mnkr");
        assert_eq!(amount(d("35"), Some(Unit::Count)), "35");
    }

    #[test]
    fn differences_of_percentages_are_percentage_points() {
        assert_eq!(
            difference(d("-1.08"), Some(Unit::Percent)),
            "\u{2212}1,08\u{a0}procentenheter"
        );
        assert_eq!(signed(d("8.9")), "+8,9");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(number_dp(d("2.25"), 1), "2,3");
        assert_eq!(number_dp(d("-2.25"), 1), "\u{2212}2,3");
        assert_eq!(number_dp(d("4"), 1), "4,0");
    }

    #[test]
    fn dates_and_speech() {
        assert_eq!(
            date(Date {
                year: 2024,
                month: 3,
                day: 15
            }),
            "15 mars 2024"
        );
        assert_eq!(spoken(d("-8.5"), Some(Unit::Mnkr)), "minus 8,5 miljoner kronor");
    }
}
