//! Numbers as editors write them, parsed exactly into `Decimal`.
//!
//! Accepted: `9,92`, `9.92`, `72 704` (space, no-break or thin space between groups of three),
//! `−8,5` (U+2212 minus), `–8,5` (en dash, as Word writes it), `-742 214`, `+3`.
//! Rejected, because a guess could publish a wrong figure: both `,` and `.` in one number,
//! more than one decimal separator, badly grouped digits, exponents, `NaN`, infinities, `%`,
//! and numbers too large or too precise to compute with exactly (see [`MAX_INTEGER_DIGITS`]).

use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a text is not an exact number, with what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    pub message: String,
    pub hint: String,
}

fn err(message: String, hint: &str) -> NumberError {
    NumberError {
        message,
        hint: hint.to_string(),
    }
}

/// The largest number an editor may write has this many digits before the decimal separator
/// and at most [`MAX_DECIMALS`] after it. Within these bounds every sum, difference and chart
/// scale the build computes is exact (a decimal holds 28 digits), and they are far beyond any
/// figure in a report: 15 digits are a thousand billion kronor written in kronor.
pub const MAX_INTEGER_DIGITS: usize = 15;
pub const MAX_DECIMALS: usize = 10;

const GROUP_SEPARATORS: [char; 4] = [' ', '\u{00A0}', '\u{202F}', '\u{2009}'];

const NOT_A_NUMBER_HINT: &str = "skriv ett tal; saknas värdet, använd .. (uppgift saknas) där det är tillåtet";

/// Parse one number. The scale of the result is the number of decimals written
/// (`9,90` keeps two decimals), which the rounding checks rely on.
pub fn parse_number(text: &str) -> Result<Decimal, NumberError> {
    let t = text.trim();
    refuse_non_numbers(t)?;
    let (negative, rest) = split_sign(t);
    check_characters(t, rest)?;
    let (digits, decimals) = digits_and_decimals(t, rest)?;
    let mut canonical = digits;
    if let Some(f) = decimals {
        canonical.push('.');
        canonical.push_str(f);
    }
    let mut value = Decimal::from_str(&canonical).map_err(|_| {
        err(
            format!("\"{t}\" är för stort eller har för många decimaler"),
            "högst 28 siffror ryms; skriv beloppet i en större enhet (tkr, mnkr)",
        )
    })?;
    if negative && !value.is_zero() {
        value.set_sign_negative(true);
    }
    Ok(value)
}

/// Texts that are not numbers at all: empty, NaN, infinities, a percent sign.
fn refuse_non_numbers(t: &str) -> Result<(), NumberError> {
    if t.is_empty() {
        return Err(err("tomt tal".into(), "skriv ett tal, till exempel 72 704 eller 9,92"));
    }
    let lower = t.to_lowercase();
    let bare = lower.trim_start_matches(['+', '-', '.']);
    if bare == "nan" || bare.starts_with("inf") {
        return Err(err(format!("\"{t}\" är inget tal"), NOT_A_NUMBER_HINT));
    }
    if t.ends_with('%') {
        return Err(err(
            format!("\"{t}\" innehåller ett procenttecken"),
            "skriv talet utan % och ange enheten med enhet: \"%\"",
        ));
    }
    Ok(())
}

/// The sign (hyphen, U+2212 minus or en dash for minus; plus) and the rest.
fn split_sign(t: &str) -> (bool, &str) {
    let (negative, rest) = match t.chars().next() {
        Some(c @ ('-' | '\u{2212}' | '\u{2013}')) => (true, &t[c.len_utf8()..]),
        Some('+') => (false, &t[1..]),
        _ => (false, t),
    };
    (negative, rest.trim_start())
}

/// Only digits, group separators and one decimal separator.
fn check_characters(t: &str, rest: &str) -> Result<(), NumberError> {
    if !rest.chars().any(|c| c.is_ascii_digit()) {
        return Err(err(format!("\"{t}\" är inget tal"), NOT_A_NUMBER_HINT));
    }
    if is_exponent_form(rest) {
        return Err(err(
            format!("\"{t}\" är skrivet i exponentform"),
            "skriv talet ut med siffror, till exempel 1 500 000",
        ));
    }
    if let Some(bad) = rest
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == ',' || *c == '.' || GROUP_SEPARATORS.contains(c)))
    {
        return Err(err(
            format!("\"{t}\" är inget tal (tecknet \"{bad}\" hör inte hemma i ett tal)"),
            "skriv bara siffror, mellanslag mellan tusental och decimalkomma, till exempel −8,5",
        ));
    }
    if rest.chars().filter(|c| *c == ',' || *c == '.').count() > 1 {
        return Err(err(
            format!("\"{t}\" har flera skiljetecken och kan läsas på mer än ett sätt"),
            "skriv tusental med mellanslag och decimaler med komma, till exempel 1 234,5",
        ));
    }
    Ok(())
}

/// The integer digits without group separators, and the decimals, each within bounds.
fn digits_and_decimals<'a>(t: &str, rest: &'a str) -> Result<(String, Option<&'a str>), NumberError> {
    let (int_part, frac_part) = match rest.find([',', '.']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let groups: Vec<&str> = int_part.split(GROUP_SEPARATORS).collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok || groups.iter().any(|g| g.is_empty()) && groups.len() > 1 {
        return Err(err(
            format!("\"{t}\" har felaktig gruppering av siffror"),
            "mellanslag får bara stå mellan grupper om tre siffror, till exempel 1 063 740",
        ));
    }
    let digits: String = groups.concat();
    if digits.is_empty() {
        return Err(err(
            format!("\"{t}\" saknar siffror före decimaltecknet"),
            "skriv till exempel 0,5",
        ));
    }
    if digits.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
        return Err(err(
            format!("\"{t}\" är för stort: högst {MAX_INTEGER_DIGITS} siffror före decimaltecknet"),
            "skriv beloppet i en större enhet (tkr, mnkr, mdkr)",
        ));
    }
    if let Some(f) = frac_part {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(
                format!("\"{t}\" har inga siffror efter decimaltecknet"),
                "skriv till exempel 72,0 eller 72",
            ));
        }
        if f.len() > MAX_DECIMALS {
            return Err(err(
                format!("\"{t}\" har fler än {MAX_DECIMALS} decimaler"),
                "skriv talet med så många decimaler som rapporten visar, till exempel 9,92",
            ));
        }
    }
    Ok((digits, frac_part))
}

/// A number as a report prints it: its exact value, and whether it was written with a plus
/// sign (`+13 mnkr`), which the report means and the page keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Figure {
    pub value: Decimal,
    pub plus: bool,
}

impl Figure {
    pub fn new(value: Decimal) -> Figure {
        Figure { value, plus: false }
    }
}

/// Read a figure: a number, with its plus sign kept, and a trailing `%` (as tables copied
/// from a PDF or a spreadsheet have it) reported as `true`, for the caller to accept only
/// where the unit is percent.
pub fn parse_figure(text: &str) -> Result<(Figure, bool), NumberError> {
    let t = text.trim();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) if !rest.trim().is_empty() && !rest.trim_end().ends_with('%') => (rest.trim_end(), true),
        _ => (t, false),
    };
    let value = parse_number(t)?;
    Ok((
        Figure {
            value,
            plus: t.starts_with('+'),
        },
        percent,
    ))
}

/// `1e5`, `1,5E-3`: digits, maybe decimals, then `e` and an exponent.
fn is_exponent_form(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && mantissa.chars().any(|c| c.is_ascii_digit());
    mantissa_ok && !exponent.is_empty() && exponent.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_their_plus_and_report_a_percent_sign() {
        let (f, pct) = parse_figure("+13").unwrap();
        assert!(f.plus && !pct && f.value.to_string() == "13");
        let (f, pct) = parse_figure("-4,03%").unwrap();
        assert!(!f.plus && pct && f.value.to_string() == "-4.03");
        let (f, _) = parse_figure("– 52,0").unwrap();
        assert_eq!(
            f.value.to_string(),
            "-52.0",
            "en dash and a space, as municipal PDFs print it"
        );
        assert!(parse_figure("%").is_err() && parse_figure("5%%").is_err());
    }

    fn ok(s: &str) -> String {
        parse_number(s).unwrap().to_string()
    }

    #[test]
    fn swedish_and_yaml_forms() {
        assert_eq!(ok("9,92"), "9.92");
        assert_eq!(ok("9.92"), "9.92");
        assert_eq!(ok("72 704"), "72704");
        assert_eq!(ok("72\u{a0}704"), "72704");
        assert_eq!(ok("−8,5"), "-8.5");
        assert_eq!(ok("–8,5"), "-8.5");
        assert_eq!(ok("-742 214"), "-742214");
        assert_eq!(ok("1 063 740"), "1063740");
        assert_eq!(ok("+3"), "3");
        assert_eq!(ok("0"), "0");
    }

    #[test]
    fn keeps_shown_precision() {
        assert_eq!(parse_number("9,90").unwrap().scale(), 2);
        assert_eq!(parse_number("72,0").unwrap().scale(), 1);
        assert_eq!(parse_number("15").unwrap().scale(), 0);
    }

    #[test]
    fn negative_zero_is_zero() {
        let z = parse_number("-0").unwrap();
        assert!(z.is_zero() && !z.is_sign_negative());
        assert_eq!(ok("-0,0"), "0.0");
    }

    #[test]
    fn rejects_ambiguous_and_non_numbers() {
        for bad in [
            "1.234,5",
            "1,234.5",
            "1.234.567",
            "1,2,3",
            "72 70",
            "1 2345",
            "1e400",
            "1E5",
            ".nan",
            "NaN",
            "-.inf",
            "inf",
            "9,92%",
            "12 kr",
            "",
            "  ",
            ",5",
            "5,",
            "0x1F",
            "1_000",
            "--5",
        ] {
            assert!(parse_number(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn too_large_or_too_precise_is_an_error_not_a_wrong_value() {
        assert!(parse_number("123456789012345678901234567890").is_err());
        assert_eq!(
            ok("999 999 999 999 999,999 999 999 9".replace(' ', "").as_str()),
            "999999999999999.9999999999"
        );
        assert_eq!(ok("-000 001"), "-1", "leading zeros are not digits of size");
        let big = parse_number("1 000 000 000 000 000").unwrap_err();
        assert_eq!(
            big.message,
            "\"1 000 000 000 000 000\" är för stort: högst 15 siffror före decimaltecknet"
        );
        let tiny = parse_number("0,0000000000000000000000000001").unwrap_err();
        assert_eq!(
            tiny.message,
            "\"0,0000000000000000000000000001\" har fler än 10 decimaler"
        );
        assert_eq!(ok("0,0000000001"), "0.0000000001");
    }
}
