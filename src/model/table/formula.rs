//! Formulas of derived columns (`utfall - budget`, `forandring / (utfall - forandring) * 100`)
//! and their rounding-aware evaluation.
//!
//! Every figure a report prints is rounded: `8,9` stands for anything in [8,85; 8,95]. A
//! formula is therefore evaluated over intervals, and a stated derived figure is accepted when
//! its own interval meets the interval its inputs allow. For sums and differences this is the
//! rule "half a unit of the last shown digit per rounded figure"; for shares and percentages it
//! is the same rule carried through the division.

use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Number(Decimal),
    Column(String),
    Neg(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Div(Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    pub text: String,
    pub expr: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Num(&'a str),
    Ident(&'a str),
    Op(char),
    Open,
    Close,
}

fn tokens(s: &str) -> Result<Vec<Tok<'_>>, String> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' => out.push(Tok::Open),
            ')' => out.push(Tok::Close),
            '+' => out.push(Tok::Op('+')),
            '-' | '\u{2212}' | '\u{2013}' => out.push(Tok::Op('-')),
            '*' | '×' | '·' => out.push(Tok::Op('*')),
            '/' | '÷' => out.push(Tok::Op('/')),
            c if c.is_ascii_digit() => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if d.is_ascii_digit() || d == ',' || d == '.' {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Num(&s[i..end]));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ident(&s[i..end]));
            }
            other => return Err(format!("tecknet \"{other}\" hör inte hemma i en formel")),
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<Tok<'a>>,
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Tok<'a>> {
        self.toks.get(self.at).copied()
    }
    fn next(&mut self) -> Option<Tok<'a>> {
        let t = self.peek();
        self.at += 1;
        t
    }
    fn expr(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while let Some(Tok::Op(op @ ('+' | '-'))) = self.peek() {
            self.next();
            let right = self.term()?;
            left = if op == '+' {
                Expr::Add(Box::new(left), Box::new(right))
            } else {
                Expr::Sub(Box::new(left), Box::new(right))
            };
        }
        Ok(left)
    }
    fn term(&mut self) -> Result<Expr, String> {
        let mut left = self.factor()?;
        while let Some(Tok::Op(op @ ('*' | '/'))) = self.peek() {
            self.next();
            let right = self.factor()?;
            left = if op == '*' {
                Expr::Mul(Box::new(left), Box::new(right))
            } else {
                Expr::Div(Box::new(left), Box::new(right))
            };
        }
        Ok(left)
    }
    fn factor(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Tok::Op('-')) => Ok(Expr::Neg(Box::new(self.factor()?))),
            Some(Tok::Num(n)) => crate::model::number::parse_number(n)
                .map(Expr::Number)
                .map_err(|e| e.message),
            Some(Tok::Ident(name)) => Ok(Expr::Column(name.to_lowercase())),
            Some(Tok::Open) => {
                let e = self.expr()?;
                match self.next() {
                    Some(Tok::Close) => Ok(e),
                    _ => Err("en parentes stängs aldrig".into()),
                }
            }
            Some(Tok::Close) => Err("en parentes stängs som aldrig öppnats".into()),
            Some(Tok::Op(o)) => Err(format!("\"{o}\" står där ett värde väntas")),
            None => Err("formeln slutar mitt i".into()),
        }
    }
}

impl Formula {
    pub fn parse(text: &str) -> Result<Formula, String> {
        let toks = tokens(text)?;
        if toks.is_empty() {
            return Err("formeln är tom".into());
        }
        let mut p = Parser { toks, at: 0 };
        let expr = p.expr()?;
        if p.at < p.toks.len() {
            return Err("formeln har något över efter sitt slut".into());
        }
        Ok(Formula {
            text: text.trim().to_string(),
            expr,
        })
    }

    /// The column names the formula uses, in order of first use.
    pub fn columns(&self) -> Vec<&str> {
        fn walk<'e>(e: &'e Expr, out: &mut Vec<&'e str>) {
            match e {
                Expr::Number(_) => {}
                Expr::Column(c) => {
                    if !out.contains(&c.as_str()) {
                        out.push(c)
                    }
                }
                Expr::Neg(a) => walk(a, out),
                Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Div(a, b) => {
                    walk(a, out);
                    walk(b, out)
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.expr, &mut out);
        out
    }

    /// True when the formula only adds and subtracts (its result is exact, never rounded).
    pub fn is_additive(&self) -> bool {
        fn walk(e: &Expr) -> bool {
            match e {
                Expr::Number(_) | Expr::Column(_) => true,
                Expr::Neg(a) => walk(a),
                Expr::Add(a, b) | Expr::Sub(a, b) => walk(a) && walk(b),
                Expr::Mul(..) | Expr::Div(..) => false,
            }
        }
        walk(&self.expr)
    }

    /// Evaluate with `value` giving each column's interval. `Err` names a missing column.
    pub fn eval<'f>(&'f self, value: &dyn Fn(&str) -> Option<Interval>) -> Result<Outcome, &'f str> {
        fn go<'e>(e: &'e Expr, value: &dyn Fn(&str) -> Option<Interval>) -> Result<Outcome, &'e str> {
            use Outcome::*;
            let both = |a: &'e Expr, b: &'e Expr| -> Result<(Outcome, Outcome), &'e str> {
                Ok((go(a, value)?, go(b, value)?))
            };
            Ok(match e {
                Expr::Number(n) => Value(Interval::exact(*n)),
                Expr::Column(c) => Value(value(c).ok_or(c.as_str())?),
                Expr::Neg(a) => go(a, value)?.map(|x| Some(x.neg())),
                Expr::Add(a, b) => {
                    let (x, y) = both(a, b)?;
                    x.zip(y, Interval::plus)
                }
                Expr::Sub(a, b) => {
                    let (x, y) = both(a, b)?;
                    x.zip(y, Interval::sub)
                }
                Expr::Mul(a, b) => {
                    let (x, y) = both(a, b)?;
                    x.zip(y, Interval::mul)
                }
                Expr::Div(a, b) => {
                    let (x, y) = both(a, b)?;
                    match (x, y) {
                        (Value(_), Value(d)) if d.contains_zero() => Unbounded,
                        (x, y) => x.zip(y, Interval::div),
                    }
                }
            })
        }
        go(&self.expr, value)
    }
}

/// The result of a formula over rounded figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Value(Interval),
    /// A division by a figure that may be zero: any result is possible.
    Unbounded,
    /// Too large to compute exactly.
    Overflow,
}

impl Outcome {
    fn map(self, f: impl FnOnce(Interval) -> Option<Interval>) -> Outcome {
        match self {
            Outcome::Value(v) => f(v).map(Outcome::Value).unwrap_or(Outcome::Overflow),
            other => other,
        }
    }
    fn zip(self, other: Outcome, f: impl FnOnce(Interval, Interval) -> Option<Interval>) -> Outcome {
        match (self, other) {
            (Outcome::Value(a), Outcome::Value(b)) => f(a, b).map(Outcome::Value).unwrap_or(Outcome::Overflow),
            (Outcome::Overflow, _) | (_, Outcome::Overflow) => Outcome::Overflow,
            _ => Outcome::Unbounded,
        }
    }
}

/// What a rounded figure may stand for: `[mid − half, mid + half]`, computed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
    /// The value computed from the figures as printed (the middle for sums and differences).
    pub mid: Decimal,
}

/// Half a unit of the last digit shown: `8,9` → 0,05; `72 704` → 0,5.
pub fn half_unit(d: Decimal) -> Decimal {
    Decimal::new(5, d.scale() + 1)
}

impl Interval {
    pub fn exact(v: Decimal) -> Interval {
        Interval { lo: v, hi: v, mid: v }
    }

    /// A printed figure: half a unit of its last digit either way.
    pub fn rounded(v: Decimal) -> Interval {
        let h = half_unit(v);
        Interval {
            lo: v - h,
            hi: v + h,
            mid: v,
        }
    }

    fn neg(self) -> Interval {
        Interval {
            lo: -self.hi,
            hi: -self.lo,
            mid: -self.mid,
        }
    }

    pub fn plus(self, o: Interval) -> Option<Interval> {
        Some(Interval {
            lo: self.lo.checked_add(o.lo)?,
            hi: self.hi.checked_add(o.hi)?,
            mid: crate::model::check::exact_add(self.mid, o.mid)?,
        })
    }

    fn sub(self, o: Interval) -> Option<Interval> {
        self.plus(o.neg())
    }

    fn mul(self, o: Interval) -> Option<Interval> {
        let c = [
            self.lo.checked_mul(o.lo)?,
            self.lo.checked_mul(o.hi)?,
            self.hi.checked_mul(o.lo)?,
            self.hi.checked_mul(o.hi)?,
        ];
        Some(Interval {
            lo: *c.iter().min()?,
            hi: *c.iter().max()?,
            mid: self.mid.checked_mul(o.mid)?,
        })
    }

    fn div(self, o: Interval) -> Option<Interval> {
        if o.contains_zero() || o.mid.is_zero() {
            return None;
        }
        let c = [
            self.lo.checked_div(o.lo)?,
            self.lo.checked_div(o.hi)?,
            self.hi.checked_div(o.lo)?,
            self.hi.checked_div(o.hi)?,
        ];
        // A quotient is rounded in its 28th digit; widen by one unit there so that a figure on
        // the very edge is not refused for the computer's rounding.
        let eps = Decimal::new(1, 20);
        Some(Interval {
            lo: c.iter().min()?.checked_sub(eps)?,
            hi: c.iter().max()?.checked_add(eps)?,
            mid: self.mid.checked_div(o.mid)?,
        })
    }

    fn contains_zero(&self) -> bool {
        self.lo <= Decimal::ZERO && self.hi >= Decimal::ZERO
    }

    /// Do two intervals share a value?
    pub fn meets(&self, o: &Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }

    /// How far apart the nearest ends are (zero when they meet).
    pub fn gap(&self, o: &Interval) -> Decimal {
        if self.meets(o) {
            Decimal::ZERO
        } else if self.hi < o.lo {
            o.lo - self.hi
        } else {
            self.lo - o.hi
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn eval(f: &str, vals: &[(&str, &str)]) -> Outcome {
        let f = Formula::parse(f).unwrap();
        f.eval(&|c| vals.iter().find(|(k, _)| *k == c).map(|(_, v)| Interval::rounded(d(v))))
            .unwrap()
    }

    #[test]
    fn parses_with_precedence_and_names() {
        let f = Formula::parse("forandring / (utfall − forandring) × 100").unwrap();
        assert_eq!(f.columns(), ["forandring", "utfall"]);
        assert!(!f.is_additive());
        assert!(Formula::parse("utfall - budget").unwrap().is_additive());
        for bad in ["", "utfall -", "(utfall", "utfall)", "utfall % budget", "utfall budget"] {
            assert!(Formula::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn gnesta_change_in_percent_passes_only_within_rounding() {
        // Revision: utfall – 614, förändring – 9, stated 1,6 %: −9 / −605 = 1,49 % from the
        // printed figures, but the unrounded figures allow up to 1,57 %.
        let Outcome::Value(v) = eval("f / (u - f) * 100", &[("u", "-614"), ("f", "-9")]) else {
            panic!()
        };
        assert!(v.meets(&Interval::rounded(d("1.6"))));
        assert!(!v.meets(&Interval::rounded(d("1.7"))));
        assert_eq!(v.mid.round_dp(2), d("1.49"));
    }

    #[test]
    fn hours_and_full_time_equivalents() {
        // Västmanland, arbetad tid: 298 → 291 årsarbetare is stated as −2,48 % (the change in
        // hours); the rounded head counts allow it.
        let Outcome::Value(v) = eval("(b - a) / a * 100", &[("a", "298"), ("b", "291")]) else {
            panic!()
        };
        assert!(v.meets(&Interval::rounded(d("-2.48"))));
        assert!(!v.meets(&Interval::rounded(d("-3.00"))));
    }

    #[test]
    fn division_by_what_may_be_zero_is_unbounded() {
        assert_eq!(eval("a / b", &[("a", "5"), ("b", "0")]), Outcome::Unbounded);
        assert_eq!(eval("a / (b - b)", &[("a", "5"), ("b", "3")]), Outcome::Unbounded);
    }

    #[test]
    fn sums_follow_the_half_unit_rule() {
        let Outcome::Value(v) = eval("a - b", &[("a", "-599.8"), ("b", "-608.8")]) else {
            panic!()
        };
        assert_eq!(v.mid, d("9.0"));
        assert!(v.meets(&Interval::rounded(d("8.9"))));
        assert!(!v.meets(&Interval::rounded(d("9.2"))));
        assert_eq!(v.gap(&Interval::rounded(d("9.2"))), d("0.05"));
    }
}
