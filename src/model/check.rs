//! Checking stated figures against computed ones, with the tolerance that rounding allows.
//!
//! Published reports round every figure they print. A stated deviation or total is accepted
//! when it differs from the computed one by at most half a unit of the last shown digit of
//! each rounded figure involved (the terms and the stated value itself). The 2023
//! resultaträkning states Regionkontoret 8,9 where −599,8 − (−608,8) = 9,0 (tolerance 0,15),
//! and a total of 72,7 where 8,9 + 6,4 + 57,3 = 72,6 (tolerance 0,2): both pass.

use rust_decimal::Decimal;

/// Half a unit of the last digit shown: `8,9` → 0,05; `72 704` → 0,5.
pub fn half_unit(d: Decimal) -> Decimal {
    Decimal::new(5, d.scale() + 1)
}

/// A stated figure that does not match the computed one beyond rounding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub stated: Decimal,
    pub computed: Decimal,
    pub tolerance: Decimal,
}

/// The tolerance for a stated value computed from `terms`.
pub fn tolerance(stated: Decimal, terms: &[Decimal]) -> Decimal {
    terms.iter().fold(half_unit(stated), |acc, t| acc + half_unit(*t))
}

/// `a + b`, exactly: `None` when the sum is too large to hold or would lose decimals (a
/// `Decimal` sum rounds silently when its digits do not fit).
pub fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let s = a.checked_add(b)?;
    // A rounded sum has fewer decimals than its terms (adding zero returns the other term).
    (a.is_zero() || b.is_zero() || s.scale() >= a.scale().max(b.scale())).then_some(s)
}

/// The sum of `terms`, exactly, or `None`.
pub fn exact_sum(terms: &[Decimal]) -> Option<Decimal> {
    terms.iter().try_fold(Decimal::ZERO, |acc, t| exact_add(acc, *t))
}

/// Compare a stated value with the value computed from `terms`.
pub fn check(stated: Decimal, computed: Decimal, terms: &[Decimal]) -> Result<(), Mismatch> {
    let tol = tolerance(stated, terms);
    if exact_add(stated, -computed).is_some_and(|d| d.abs() <= tol) {
        Ok(())
    } else {
        Err(Mismatch {
            stated,
            computed,
            tolerance: tol,
        })
    }
}

/// A decimal the way a Swedish reader writes it in a message: `−599,8`, `50 609`.
pub fn plain(d: Decimal) -> String {
    let s = d.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::with_capacity(s.len() + 6);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('\u{2212}');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn regionkontoret_2023_rounding_passes() {
        let (u, b) = (d("-599.8"), d("-608.8"));
        assert_eq!(u - b, d("9.0"));
        assert!(check(d("8.9"), u - b, &[u, b]).is_ok());
    }

    #[test]
    fn total_2023_rounding_passes() {
        let rows = [d("8.9"), d("6.4"), d("57.3")];
        let sum: Decimal = rows.iter().sum();
        assert_eq!(sum, d("72.6"));
        assert!(check(d("72.7"), sum, &rows).is_ok());
    }

    #[test]
    fn off_by_more_than_rounding_fails() {
        let (u, b) = (d("-599.8"), d("-608.8"));
        let m = check(d("9.2"), u - b, &[u, b]).unwrap_err();
        assert_eq!((m.computed, m.tolerance), (d("9.0"), d("0.15")));
        assert!(check(d("8.8"), u - b, &[u, b]).is_err());
    }

    #[test]
    fn whole_thousands_are_exact_enough() {
        let (u, b) = (d("-742214"), d("-814918"));
        assert!(check(d("72704"), u - b, &[u, b]).is_ok());
        assert!(check(d("72706"), u - b, &[u, b]).is_err());
    }

    #[test]
    fn sums_are_exact_or_none() {
        assert_eq!(exact_sum(&[d("0.1"), d("0.20")]), Some(d("0.30")));
        assert_eq!(exact_sum(&[d("0.0"), d("-159")]), Some(d("-159")));
        let big = d("79228162514264337593543950335");
        assert_eq!(exact_add(big, d("1")), None, "overflow");
        assert_eq!(
            exact_add(d("9999999999999999999999999999"), d("0.1")),
            None,
            "a sum that would be rounded"
        );
        assert!(
            check(d("1"), big, &[d("1")]).is_err(),
            "a difference that does not fit is a mismatch"
        );
    }

    #[test]
    fn half_units() {
        assert_eq!(half_unit(d("8.9")), d("0.05"));
        assert_eq!(half_unit(d("72704")), d("0.5"));
        assert_eq!(half_unit(d("9.92")), d("0.005"));
        assert_eq!(plain(d("-599.8")), "\u{2212}599,8");
    }
}
