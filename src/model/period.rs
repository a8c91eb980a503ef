//! Periods: what time a figure covers. A full year, part of a year (`jan–apr 2024`, "ack
//! t.o.m. april"), or a day (a balance sheet's `2023-12-31`). A part-year figure is never
//! drawn or listed as if it were a full year.

use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    Year,
    /// Months `from..=to` of the year (1 = January).
    Months(u8, u8),
    /// One day of the year, for figures that are a state, not a flow (a balance sheet).
    Day(u8, u8),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    pub year: i32,
    pub span: Span,
}

const MONTHS: [(&str, &str); 12] = [
    ("januari", "jan"),
    ("februari", "feb"),
    ("mars", "mar"),
    ("april", "apr"),
    ("maj", "maj"),
    ("juni", "jun"),
    ("juli", "jul"),
    ("augusti", "aug"),
    ("september", "sep"),
    ("oktober", "okt"),
    ("november", "nov"),
    ("december", "dec"),
];

/// The months' names, January first, as Swedish writes them.
pub const MONTH_NAMES: [&str; 12] = [
    MONTHS[0].0,
    MONTHS[1].0,
    MONTHS[2].0,
    MONTHS[3].0,
    MONTHS[4].0,
    MONTHS[5].0,
    MONTHS[6].0,
    MONTHS[7].0,
    MONTHS[8].0,
    MONTHS[9].0,
    MONTHS[10].0,
    MONTHS[11].0,
];

pub const PERIOD_HINT: &str = "skriv ett år (2024), en del av ett år (jan–apr 2024, t.o.m. april 2024, april 2024, tertial 1 2024) eller en dag (2024-12-31)";

fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|(long, short)| w == *long || w == *short || (w.len() >= 3 && long.starts_with(&w)))
        .map(|i| i as u8 + 1)
}

impl Period {
    pub fn year(year: i32) -> Period {
        Period { year, span: Span::Year }
    }

    pub fn is_full_year(&self) -> bool {
        self.span == Span::Year
    }

    /// Read the ways Swedish reports name periods. `None` when the text names none.
    pub fn parse(text: &str) -> Option<Period> {
        let t = text
            .trim()
            .to_lowercase()
            .replace(['\u{2013}', '\u{2014}', '\u{2212}'], "-")
            .replace("t.o.m.", "tom ")
            .replace("t o m", "tom ")
            .replace("ack.", "ack ")
            .replace(" - ", "-");
        if let Some(p) = Period::parse_date(&t) {
            return Some(p);
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let (&last, rest) = words.split_last()?;
        let year: i32 = last.parse().ok().filter(|y| (1900..=2200).contains(y))?;
        if last.len() != 4 {
            return None;
        }
        let rest: Vec<&str> = rest
            .iter()
            .copied()
            .filter(|w| !matches!(*w, "ack" | "ackumulerat" | "ackumulerad" | "perioden" | "period"))
            .collect();
        let cumulative = t.starts_with("ack") || t.contains("tom ") || t.contains("till och med");
        let rest: Vec<&str> = rest
            .into_iter()
            .filter(|w| !matches!(*w, "tom" | "till" | "och" | "med" | "jan-" | "januari-"))
            .collect();
        let span = match rest.as_slice() {
            [] => Span::Year,
            ["helår" | "helåret" | "år" | "året" | "bokslut" | "utfall" | "budget" | "prognos"] => Span::Year,
            ["tertial", n] | ["t", n] => {
                let n: u8 = n.parse().ok().filter(|n| (1..=3).contains(n))?;
                Span::Months(4 * n - 3, 4 * n)
            }
            [w] if w.starts_with('t') && w.len() == 2 => {
                let n: u8 = w[1..].parse().ok().filter(|n| (1..=3).contains(n))?;
                Span::Months(4 * n - 3, 4 * n)
            }
            [range] if range.contains('-') => {
                let (a, b) = range.split_once('-')?;
                let (a, b) = (month(a)?, month(b)?);
                (a <= b).then_some(Span::Months(a, b))?
            }
            [a, b] => {
                // "januari april" after dashes were spaced: "januari -april"
                let (a, b) = (month(a.trim_end_matches('-'))?, month(b.trim_start_matches('-'))?);
                (a <= b).then_some(Span::Months(a, b))?
            }
            [m] => {
                let m = month(m)?;
                if cumulative {
                    Span::Months(1, m)
                } else {
                    Span::Months(m, m)
                }
            }
            _ => return None,
        };
        let span = match span {
            Span::Months(1, 12) => Span::Year,
            s => s,
        };
        Some(Period { year, span })
    }

    fn parse_date(t: &str) -> Option<Period> {
        let iso: Vec<&str> = t.split('-').collect();
        if let [y, m, d] = iso.as_slice()
            && y.len() == 4
            && m.len() == 2
            && d.len() == 2
        {
            let (year, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
            return Period::day(year, m, d);
        }
        let words: Vec<&str> = t.split_whitespace().filter(|w| *w != "per").collect();
        if let [d, m, y] = words.as_slice() {
            let day: u8 = d.parse().ok()?;
            return Period::day(y.parse().ok()?, month(m)?, day);
        }
        None
    }

    fn day(year: i32, m: u8, d: u8) -> Option<Period> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        ((1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1] && (1900..=2200).contains(&year)).then_some(
            Period {
                year,
                span: Span::Day(m, d),
            },
        )
    }

    /// The period in words: `2024`, `jan–apr 2024`, `april 2024`, `31 december 2023`.
    pub fn label(&self) -> String {
        match self.span {
            Span::Year => self.year.to_string(),
            Span::Months(a, b) if a == b => format!("{} {}", MONTHS[a as usize - 1].0, self.year),
            Span::Months(a, b) => format!(
                "{}\u{2013}{} {}",
                MONTHS[a as usize - 1].1,
                MONTHS[b as usize - 1].1,
                self.year
            ),
            Span::Day(m, d) => format!("{d} {} {}", MONTHS[m as usize - 1].0, self.year),
        }
    }

    /// For data files: `2024`, `2024-01/2024-04`, `2023-12-31`.
    pub fn iso(&self) -> String {
        match self.span {
            Span::Year => self.year.to_string(),
            Span::Months(a, b) => format!("{y}-{a:02}/{y}-{b:02}", y = self.year),
            Span::Day(m, d) => format!("{}-{m:02}-{d:02}", self.year),
        }
    }

    /// The last month the period covers, for ordering.
    fn end_month(&self) -> u8 {
        match self.span {
            Span::Year => 12,
            Span::Months(_, b) => b,
            Span::Day(m, _) => m,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Ord for Period {
    /// By year, then by where the period ends, then by length (shorter first).
    fn cmp(&self, other: &Self) -> Ordering {
        let start = |p: &Period| match p.span {
            Span::Year => 1,
            Span::Months(a, _) => a,
            Span::Day(m, _) => m,
        };
        let day = |p: &Period| match p.span {
            Span::Day(_, d) => d,
            _ => 32,
        };
        (self.year, self.end_month(), day(self), std::cmp::Reverse(start(self))).cmp(&(
            other.year,
            other.end_month(),
            day(other),
            std::cmp::Reverse(start(other)),
        ))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        Period::parse(s).map(|p| p.label()).unwrap_or_else(|| "-".into())
    }

    #[test]
    fn the_ways_reports_name_periods() {
        assert_eq!(p("2023"), "2023");
        assert_eq!(p("Helår 2023"), "2023");
        assert_eq!(p("Bokslut 2023"), "2023");
        assert_eq!(p("jan–apr 2024"), "jan\u{2013}apr 2024");
        assert_eq!(p("januari - april 2024"), "jan\u{2013}apr 2024");
        assert_eq!(p("ack t.o.m. april 2024"), "jan\u{2013}apr 2024");
        assert_eq!(p("t.o.m. mars 2024"), "jan\u{2013}mar 2024");
        assert_eq!(p("Ack mars 2024"), "jan\u{2013}mar 2024");
        assert_eq!(p("april 2024"), "april 2024");
        assert_eq!(p("Tertial 1 2024"), "jan\u{2013}apr 2024");
        assert_eq!(p("T2 2024"), "maj\u{2013}aug 2024");
        assert_eq!(p("jan-dec 2023"), "2023");
        assert_eq!(p("2023-12-31"), "31 december 2023");
        assert_eq!(p("31 dec 2023"), "31 december 2023");
        for bad in [
            "",
            "Budget",
            "2024-2026",
            "apr–jan 2024",
            "1800",
            "20233",
            "2023-02-30",
            "mitt i 2024",
        ] {
            assert_eq!(p(bad), "-", "{bad}");
        }
    }

    #[test]
    fn full_years_and_order() {
        assert!(Period::parse("2023").unwrap().is_full_year());
        assert!(!Period::parse("jan-apr 2024").unwrap().is_full_year());
        let mut v: Vec<Period> = ["2024", "jan-apr 2024", "2023", "april 2024"]
            .iter()
            .map(|s| Period::parse(s).unwrap())
            .collect();
        v.sort();
        let labels: Vec<String> = v.iter().map(Period::iso).collect();
        assert_eq!(labels, ["2023", "2024-04/2024-04", "2024-01/2024-04", "2024"]);
    }
}
