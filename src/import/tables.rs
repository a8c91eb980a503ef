//! A document's table turned into the report block it fits best:
//!
//! - `uppdrag` when its headings have a status column with tidplan or ansvarig (a code in
//!   parentheses first in the text, `(RF24-26)`, is the uppdrag's `kod`; list items in the
//!   cell, and rows with only list items, are its activities);
//! - `indikatorer` when the first heading names indicators and the others outcomes, targets
//!   and a status;
//! - `tabell` when its cells are figures: every figure parsed exactly with the same parser
//!   as the build; bold rows become sums and "Varav" rows varav rows (as pasted text, see
//!   `load::blocks::rows`); column types from the headings; a deviation or change column whose
//!   figures fit a formula over two other columns gets it; in a report over part of a year,
//!   year headings get the report's months;
//! - otherwise a Markdown table, with the reason, for the closing report.
//!
//! The importer never changes a figure: a sum that does not add up stays, and `insyn check`
//! shows it. Only a bold row that is neither named as a sum ("Summa …", "Totalt", "Resultat")
//! nor adds up is read as an ordinary row.

use super::document::{Table, TableCell};
use super::front::{ReportFront, month_range};
use super::yaml_text::{flow, scalar};
use crate::load::blocks::RawRow;
use crate::load::blocks::rows::{MarkedLine, shape};
use crate::model::number::parse_figure;
use crate::model::values::{MissingSymbol, Status, Unit};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What a table became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A report block of this type.
    Block(&'static str),
    /// A Markdown table, and why.
    Markdown(String),
}

#[derive(Debug, Clone)]
pub struct Converted {
    /// The Markdown for the page: a fenced block, or a Markdown table.
    pub text: String,
    pub outcome: Outcome,
    /// Figures written into the block.
    pub figures: usize,
    /// Figures left in a Markdown table.
    pub loose_figures: usize,
    /// What the editor should look at (assumed periods, rows read as ordinary rows …).
    pub notes: Vec<String>,
    /// The body's own status words used in the block.
    pub status_words: BTreeSet<String>,
}

/// One cell as the converter reads it.
#[derive(Debug, Clone, Default)]
struct C {
    text: String,
    bold: bool,
    italic: bool,
    /// Paragraphs, with whether each is a list item.
    paras: Vec<(String, bool)>,
}

impl From<&TableCell> for C {
    fn from(c: &TableCell) -> C {
        C {
            text: c.text(),
            bold: c.bold,
            italic: c.italic,
            paras: c.paragraphs.iter().map(|p| (p.text.clone(), p.list_item)).collect(),
        }
    }
}

pub fn convert(t: &Table, report: &ReportFront, nearby_title: Option<&str>) -> Converted {
    let grid = tidy(t);
    let fallback = |why: &str| Converted {
        text: super::markdown::table(t),
        outcome: Outcome::Markdown(why.to_string()),
        figures: 0,
        loose_figures: t.rows.iter().skip(1).flatten().filter(|c| is_amount(&c.text())).count(),
        notes: Vec::new(),
        status_words: BTreeSet::new(),
    };
    if grid.len() < 2 || grid[0].len() < 2 {
        return fallback("för liten för ett block (en rad eller en kolumn)");
    }
    let header: Vec<String> = grid[0].iter().map(|c| c.text.to_lowercase()).collect();
    let has = |w: &str| header.iter().any(|h| h.contains(w));
    if has("status") && (has("tidplan") || has("tidsplan") || has("ansvarig") || header[0].contains("uppdrag")) {
        return assignments(&grid);
    }
    let first = &header[0];
    if ["indikator", "mått", "nyckeltal", "mätetal"]
        .iter()
        .any(|w| first.contains(w))
        && (has("mål") || has("status"))
    {
        return indicators(&grid, report);
    }
    match figures_table(&grid, report, nearby_title) {
        Some(c) => c,
        None => fallback("cellerna är inte tal, och rubrikraden säger inte att tabellen har uppdrag eller indikatorer"),
    }
}

/// The table without empty rows and columns.
fn tidy(t: &Table) -> Vec<Vec<C>> {
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let rows: Vec<Vec<C>> = t
        .rows
        .iter()
        .map(|r| {
            (0..width)
                .map(|i| r.get(i).map(C::from).unwrap_or_default())
                .collect::<Vec<C>>()
        })
        .filter(|r| r.iter().any(|c| !c.text.is_empty()))
        .collect();
    let keep: Vec<usize> = (0..width)
        .filter(|i| rows.iter().any(|r| !r[*i].text.is_empty()))
        .collect();
    rows.into_iter()
        .map(|r| keep.iter().map(|i| r[*i].clone()).collect())
        .collect()
}

fn is_figure(s: &str) -> bool {
    let t = normalize_cell(s, None);
    !t.is_empty() && parse_figure(&t).is_ok()
}

/// A figure that is not a year standing alone (as in a tidplan).
fn is_amount(s: &str) -> bool {
    is_figure(s) && !(s.trim().len() == 4 && year_in(s).is_some())
}

/// A cell's text as a figure would be written: a lone dash is "nothing to report", a
/// trailing unit the table states anyway goes.
fn normalize_cell(s: &str, unit: Option<Unit>) -> String {
    let t = s.trim();
    if matches!(t, "–" | "—" | "−") {
        return "-".into();
    }
    if let Some(u) = unit
        && u != Unit::Percent
        && let Some(rest) = t.strip_suffix(u.symbol())
        && rest.ends_with([' ', '\u{a0}'])
    {
        return rest.trim().to_string();
    }
    t.to_string()
}

// ---------------------------------------------------------------------------------------
// uppdrag

/// `(RF24-26) Regionkontoret ska …` → (Some("RF24-26"), "Regionkontoret ska …").
fn code_and_title(s: &str) -> (Option<String>, String) {
    let t = s.trim();
    if let Some(rest) = t.strip_prefix('(')
        && let Some((code, title)) = rest.split_once(')')
        && !code.is_empty()
        && code.len() <= 20
        && !code.contains(' ')
        && code.chars().any(|c| c.is_ascii_digit())
    {
        return (Some(code.to_string()), title.trim().to_string());
    }
    (None, t.to_string())
}

#[derive(Default)]
struct Fields {
    timeline: String,
    responsible: String,
    status: String,
    comment: String,
}

fn assignments(grid: &[Vec<C>]) -> Converted {
    let header: Vec<String> = grid[0].iter().map(|c| c.text.to_lowercase()).collect();
    let col = |words: &[&str]| header.iter().position(|h| words.iter().any(|w| h.contains(w)));
    let (tl, resp, st, com) = (
        col(&["tidplan", "tidsplan"]),
        col(&["ansvarig"]),
        col(&["status"]),
        col(&["kommentar", "åtgärd", "uppföljning"]),
    );
    let mut out = String::from("```uppdrag\nuppdrag:\n");
    let mut words = BTreeSet::new();
    let mut notes = Vec::new();
    let mut any = false;
    let mut open = false;
    for row in &grid[1..] {
        let get = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|c| c.text.clone()).unwrap_or_default();
        let fields = Fields {
            timeline: get(tl),
            responsible: get(resp),
            status: get(st),
            comment: get(com),
        };
        if !fields.status.is_empty() && Status::parse(&fields.status).is_none() {
            words.insert(fields.status.clone());
        }
        let first = &row[0];
        let text: Vec<&str> = first.paras.iter().filter(|p| !p.1).map(|p| p.0.as_str()).collect();
        let items: Vec<&str> = first.paras.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
        let (code, title) = code_and_title(text.first().copied().unwrap_or(""));
        let more = text.get(1..).map(|t| t.join(" ")).unwrap_or_default();
        if code.is_none() && title.is_empty() && !items.is_empty() && open {
            out.push_str(&activity(&items.join(" "), &fields));
            continue;
        }
        let (code, title) = if title.is_empty() && code.is_none() && !items.is_empty() {
            code_and_title(&items.join(" "))
        } else {
            (code, title)
        };
        if title.is_empty() {
            notes.push(format!(
                "en rad utan uppdragstext hoppades över ({})",
                row.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" | ")
            ));
            continue;
        }
        any = true;
        out.push_str("  - ");
        let mut first_key = true;
        let mut key = |out: &mut String, k: &str, v: &str| {
            if v.trim().is_empty() {
                return;
            }
            if !first_key {
                out.push_str("    ");
            }
            first_key = false;
            out.push_str(&format!("{k}: {}\n", scalar(v.trim())));
        };
        if let Some(c) = &code {
            key(&mut out, "kod", c);
        }
        key(&mut out, "titel", &title);
        key(&mut out, "text", &more);
        if items.is_empty() || text.is_empty() {
            key(&mut out, "tidplan", &fields.timeline);
            key(&mut out, "ansvarig", &fields.responsible);
            key(&mut out, "status", &fields.status);
            key(&mut out, "kommentar", &fields.comment);
            open = true;
        } else {
            out.push_str("    aktiviteter:\n");
            out.push_str(&activity(&items.join(" "), &fields));
            open = true;
        }
    }
    // Activities come after their uppdrag's own keys: an uppdrag whose first activity came
    // with its row, and more with later rows, already has the key; one that gets its first
    // from a later row needs it.
    let out = add_activity_keys(&out);
    if !any {
        return Converted {
            text: String::new(),
            outcome: Outcome::Markdown("inga uppdrag i tabellen".into()),
            figures: 0,
            loose_figures: 0,
            notes,
            status_words: words,
        };
    }
    Converted {
        text: format!("{out}```\n"),
        outcome: Outcome::Block("uppdrag"),
        figures: 0,
        loose_figures: 0,
        notes,
        status_words: words,
    }
}

fn activity(title: &str, f: &Fields) -> String {
    let mut s = format!("      - titel: {}\n", scalar(title.trim()));
    for (k, v) in [
        ("tidplan", &f.timeline),
        ("ansvarig", &f.responsible),
        ("status", &f.status),
        ("kommentar", &f.comment),
    ] {
        if !v.trim().is_empty() {
            s.push_str(&format!("        {k}: {}\n", scalar(v.trim())));
        }
    }
    s
}

/// Insert `aktiviteter:` before the first activity of an uppdrag that lacks it.
fn add_activity_keys(yaml: &str) -> String {
    let mut out = String::new();
    let mut has_key = false;
    for line in yaml.lines() {
        if line.starts_with("  - ") {
            has_key = false;
        }
        if line.trim_start() == "aktiviteter:" {
            has_key = true;
        }
        if line.starts_with("      - ") && !has_key {
            out.push_str("    aktiviteter:\n");
            has_key = true;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------
// indikatorer

fn year_in(s: &str) -> Option<i32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .find(|y| (1900..=2200).contains(y))
}

/// `3,0%` → ("3,0", Some(%)); `8 mnkr` → ("8", Some(mnkr)); text that is no figure → None.
fn value_and_unit(s: &str) -> Option<(String, Option<Unit>)> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok((_, pct)) = parse_figure(t) {
        let v = t.trim_end_matches('%').trim().to_string();
        return Some((v, pct.then_some(Unit::Percent)));
    }
    let (num, unit) = t.rsplit_once(' ')?;
    let unit = Unit::parse(unit.trim())?;
    parse_figure(num).ok().map(|_| (num.trim().to_string(), Some(unit)))
}

fn indicators(grid: &[Vec<C>], report: &ReportFront) -> Converted {
    let header: Vec<String> = grid[0].iter().map(|c| c.text.to_lowercase()).collect();
    let mut notes = Vec::new();
    let mut words = BTreeSet::new();
    let mut out = String::from("```indikatorer\nindikatorer:\n");
    let mut figures = 0;
    for row in &grid[1..] {
        let name = row[0].text.trim();
        if name.is_empty() {
            continue;
        }
        let mut unit: Option<Unit> = None;
        let mut outcome = None;
        let mut target = None;
        let mut earlier: Vec<(i32, String)> = Vec::new();
        let mut status = String::new();
        let mut comment = String::new();
        for (i, h) in header.iter().enumerate().skip(1) {
            let cell = row.get(i).map(|c| c.text.trim().to_string()).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            if h.contains("status") {
                if Status::parse(&cell).is_none() {
                    words.insert(cell.clone());
                }
                status = cell;
                continue;
            }
            if h.contains("kommentar") {
                comment = cell;
                continue;
            }
            let Some((v, u)) = value_and_unit(&cell) else {
                notes.push(format!(
                    "\"{cell}\" för indikatorn \"{name}\" ({h}) är inget tal och kom inte med"
                ));
                continue;
            };
            unit = unit.or(u);
            figures += 1;
            let year = year_in(h);
            if h.contains("mål") {
                target = Some(v);
            } else if year.is_some_and(|y| y != report.year) {
                earlier.push((year.unwrap_or(report.year), v));
            } else {
                outcome = Some(v);
            }
        }
        out.push_str(&format!("  - namn: {}\n", scalar(name)));
        if let Some(u) = unit {
            out.push_str(&format!("    enhet: {}\n", scalar(u.symbol())));
        }
        if let Some(v) = outcome {
            out.push_str(&format!("    utfall: {v}\n"));
        }
        if let Some(v) = target {
            out.push_str(&format!("    mål: {v}\n"));
        }
        if !status.is_empty() {
            out.push_str(&format!("    status: {}\n", scalar(&status)));
        }
        if !comment.is_empty() {
            out.push_str(&format!("    kommentar: {}\n", scalar(&comment)));
        }
        if !earlier.is_empty() {
            out.push_str("    tidigare:\n");
            for (y, v) in earlier {
                let period = match report.months() {
                    Some((a, b)) => {
                        let p = month_range(a, b, y);
                        notes.push(format!(
                            "\"{name}\": värdet för {y} antogs gälla {p}, som rapporten; kontrollera"
                        ));
                        p
                    }
                    None => y.to_string(),
                };
                out.push_str(&format!("      - period: {}\n        utfall: {v}\n", scalar(&period)));
            }
        }
    }
    Converted {
        text: format!("{out}```\n"),
        outcome: Outcome::Block("indikatorer"),
        figures,
        loose_figures: 0,
        notes,
        status_words: words,
    }
}

// ---------------------------------------------------------------------------------------
// tabell

#[derive(Debug, Clone)]
struct Column {
    heading: String,
    id: String,
    role: Option<&'static str>,
    period: Option<String>,
    unit: Option<Unit>,
    formula: Option<String>,
    text: bool,
}

fn role_of(heading: &str) -> Option<&'static str> {
    let h = heading.to_lowercase();
    let words: &[(&[&str], &str)] = &[
        (&["avvikelse", "differens", "kvarvarande", "kvar att"], "avvikelse"),
        (&["prognos"], "prognos"),
        (&["budget"], "budget"),
        (&["förändring", "förändr"], "förändring"),
        (&["utfall", "bokslut"], "utfall"),
        (&["andel"], "andel"),
    ];
    if h.trim() == "not" || h.trim() == "noter" {
        return Some("not");
    }
    if h.split_whitespace().any(|w| w == "mål") {
        return Some("mål");
    }
    let found = words
        .iter()
        .find(|(ws, _)| ws.iter().any(|w| h.contains(w)))
        .map(|(_, r)| *r);
    // "April 2024" in a resultaträkning: the outcome up to that month.
    found.or_else(|| {
        let first = h.split_whitespace().next();
        MONTH_WORDS.iter().any(|m| first == Some(*m)).then_some("utfall")
    })
}

/// A name for formulas: lowercase letters a–z, digits and `_`.
fn column_id(heading: &str, used: &mut BTreeSet<String>) -> String {
    let slug: String = crate::model::slugify(heading).replace('-', "_");
    let mut id = if slug.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        slug
    } else if year_in(&slug).is_some() && slug.len() == 4 {
        format!("ar_{slug}")
    } else {
        format!("k_{slug}")
    };
    id.truncate(40);
    let base = id.trim_end_matches('_').to_string();
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

/// The table's unit, from its first heading or title: "(mnkr)", "Belopp i mnkr", "tkr".
fn unit_in(text: &str) -> Option<Unit> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '%'))
        .filter(|w| !w.is_empty())
        .filter_map(Unit::parse)
        .find(|u| Unit::KNOWN.contains(u) || u.symbol() == "timmar")
}

use crate::model::period::MONTH_NAMES as MONTH_WORDS;

/// The months a table's title says its figures cover: "Arbetad tid, ack mars", "t.o.m. april".
fn title_months(title: &str) -> Option<(u8, u8)> {
    let t = title
        .to_lowercase()
        .replace("t.o.m.", "tom")
        .replace("till och med", "tom");
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|w| {
        let m = MONTH_WORDS.iter().position(|m| *m == w[1])?;
        matches!(w[0], "ack" | "tom" | "ackumulerat").then_some((1, m as u8 + 1))
    })
}

/// The period of a column over part of a year, in a report over part of a year (or in a
/// table whose title names the months).
fn part_of_year(heading: &str, role: Option<&str>, report: &ReportFront, title: &str) -> Option<String> {
    let (a, b) = title_months(title).or_else(|| report.months())?;
    let h = heading.to_lowercase();
    let year = year_in(&h)?;
    if matches!(role, Some("budget" | "prognos"))
        || ["bokslut", "helår", "budget", "prognos", "år "]
            .iter()
            .any(|w| h.contains(w))
    {
        return None;
    }
    if let Some(m) = MONTH_WORDS.iter().position(|m| h.contains(m)) {
        return Some(month_range(1, m as u8 + 1, year));
    }
    Some(month_range(a, b, year))
}

fn half_unit(d: Decimal) -> Decimal {
    Decimal::new(5, d.scale() + 1)
}

fn figure(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t == "-" {
        return Some(Decimal::ZERO);
    }
    parse_figure(t).ok().map(|(f, _)| f.value)
}

/// Whether `c = a − b` (or the change in percent) holds, within the rounding of the stated
/// figures, on at least two in three of the rows that have all three and at least two rows
/// with a non-zero value to test: a row or two that do not fit are what `insyn check` is
/// for, and the formula makes it show them.
fn fits(rows: &[Vec<String>], a: usize, b: usize, c: usize, percent: bool) -> bool {
    let (mut tested, mut good, mut nonzero) = (0usize, 0usize, 0usize);
    for r in rows {
        let (Some(x), Some(y), Some(z)) = (
            r.get(a).and_then(|s| figure(s)),
            r.get(b).and_then(|s| figure(s)),
            r.get(c).and_then(|s| figure(s.trim_end_matches('%'))),
        ) else {
            continue;
        };
        let ok = if percent {
            if y.is_zero() {
                continue;
            }
            let hundred = Decimal::ONE_HUNDRED;
            let want = (x - y) / y * hundred;
            let slack = half_unit(z)
                + hundred * (half_unit(x) + half_unit(y)) / y.abs()
                + hundred * (x - y).abs() * half_unit(y) / (y * y);
            (want - z).abs() <= slack * Decimal::new(11, 1)
        } else {
            (x - y - z).abs() <= half_unit(x) + half_unit(y) + half_unit(z)
        };
        tested += 1;
        good += usize::from(ok);
        nonzero += usize::from(ok && !z.is_zero());
    }
    nonzero >= 2 && good * 3 >= tested * 2
}

fn figures_table(grid: &[Vec<C>], report: &ReportFront, nearby_title: Option<&str>) -> Option<Converted> {
    let width = grid[0].len();
    // A heading row may name years ("2023"); other figures make it a row of data.
    let first_row_figures = grid[0][1..]
        .iter()
        .filter(|c| is_figure(&c.text) && year_in(&c.text).is_none_or(|_| c.text.trim().len() != 4))
        .count();
    let has_header = first_row_figures * 2 < grid[0][1..].iter().filter(|c| !c.text.is_empty()).count().max(1);
    let mut notes = Vec::new();
    let (header, body): (Vec<String>, &[Vec<C>]) = if has_header {
        (grid[0].iter().map(|c| c.text.trim().to_string()).collect(), &grid[1..])
    } else {
        notes.push("tabellen har ingen rubrikrad; kolumnerna fick namnen Kolumn 1, 2 …".into());
        let mut h = vec![String::new()];
        h.extend((1..width).map(|i| format!("Kolumn {i}")));
        (h, grid)
    };
    let title = Some(header[0].clone())
        .filter(|t| !t.is_empty())
        .or(nearby_title.map(str::to_string))
        .unwrap_or_else(|| "Tabell".to_string());
    let unit = unit_in(&header[0]).or_else(|| unit_in(&title));
    let cells: Vec<Vec<String>> = body
        .iter()
        .map(|r| r[1..].iter().map(|c| normalize_cell(&c.text, unit)).collect())
        .collect();
    let place = Place {
        report,
        title: &title,
        unit,
    };
    let mut columns = read_columns(&header[1..], &cells, &place, &mut notes)?;
    name_columns(&mut columns);
    find_formulas(&mut columns, &cells);
    let lines = marked_lines(body, &cells);
    let summed: Vec<bool> = columns
        .iter()
        .map(|c| !c.text && c.unit.is_none() && !matches!(c.role, Some("mål" | "andel")) && unit != Some(Unit::Percent))
        .collect();
    let mut rows = shape(&lines);
    rows = rows.into_iter().flat_map(|r| settle(r, &summed, &mut notes)).collect();
    let mut total = None;
    if rows.len() == 1 && rows[0].group.is_none() && rows[0].text.is_none() && rows[0].total.is_some() {
        let g = rows.remove(0);
        total = g.total.map(|t| *t);
        rows = g.parts;
    }
    let (text, figures) = table_yaml(&place, &header[0], &columns, &rows, total.as_ref());
    Some(Converted {
        text,
        outcome: Outcome::Block("tabell"),
        figures,
        loose_figures: 0,
        notes,
        status_words: BTreeSet::new(),
    })
}

/// What a table's columns are read against: its report, its title and its unit.
struct Place<'a> {
    report: &'a ReportFront,
    title: &'a str,
    unit: Option<Unit>,
}

/// Each column's type, period and unit as its heading and cells show them; `None` when no
/// column holds figures (then the table stays Markdown).
fn read_columns(
    headings: &[String],
    cells: &[Vec<String>],
    place: &Place,
    notes: &mut Vec<String>,
) -> Option<Vec<Column>> {
    let (report, title, unit) = (place.report, place.title, place.unit);
    let mut used = BTreeSet::new();
    let mut columns: Vec<Column> = Vec::new();
    let mut numeric_columns = 0;
    for (i, h) in headings.iter().enumerate() {
        let texts: Vec<&String> = cells.iter().map(|r| &r[i]).filter(|t| !t.is_empty()).collect();
        let bad: Vec<&String> = texts
            .iter()
            .copied()
            .filter(|t| MissingSymbol::parse(t).is_none() && parse_figure(t).is_err())
            .collect();
        let figures = texts.len() - bad.len();
        let role = role_of(h);
        let text = !bad.is_empty() || role == Some("not");
        if !bad.is_empty() && figures > 0 {
            notes.push(format!(
                "kolumnen \"{h}\" har text som inte är tal (\"{}\"): hela kolumnen lästes som text",
                bad[0]
            ));
        }
        if !text && figures > 0 {
            numeric_columns += 1;
        }
        let percent = !text
            && unit != Some(Unit::Percent)
            && (h.contains('%') || (!texts.is_empty() && texts.iter().all(|t| t.ends_with('%'))));
        let period = if text {
            None
        } else {
            part_of_year(h, role, report, title)
        };
        if let Some(p) = &period {
            notes.push(format!("kolumnen \"{h}\" antogs gälla {p}; kontrollera perioden"));
        }
        let heading = if h.is_empty() {
            format!("Kolumn {}", i + 1)
        } else {
            h.clone()
        };
        columns.push(Column {
            id: column_id(&heading, &mut used),
            heading,
            role: if text {
                Some(if role == Some("not") { "not" } else { "text" })
            } else {
                role
            },
            period,
            unit: percent.then_some(Unit::Percent),
            formula: None,
            text,
        });
    }
    (numeric_columns > 0).then_some(columns)
}

/// Column ids: a column whose type no other column has is named by its type, as the build
/// names it; the others by their heading.
fn name_columns(columns: &mut [Column]) {
    let roles: Vec<Option<&str>> = columns.iter().map(|c| c.role).collect();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for c in columns.iter_mut() {
        c.id = match c.role {
            Some(r) if !c.text && roles.iter().filter(|x| **x == Some(r)).count() == 1 => {
                let name = match r {
                    "mål" => "mal",
                    "förändring" => "forandring",
                    other => other,
                };
                used.insert(name.to_string());
                name.to_string()
            }
            _ => String::new(),
        };
    }
    for c in columns.iter_mut().filter(|c| c.id.is_empty()) {
        c.id = column_id(&c.heading, &mut used);
    }
}

/// Derived columns: a deviation or a change that fits a formula over two other columns.
fn find_formulas(columns: &mut [Column], cells: &[Vec<String>]) {
    for c in 0..columns.len() {
        if columns[c].text || !matches!(columns[c].role, Some("avvikelse" | "förändring")) {
            continue;
        }
        let percent = columns[c].unit == Some(Unit::Percent);
        let candidates: Vec<(usize, usize)> = if columns[c].role == Some("avvikelse") {
            let find = |r: &str| columns.iter().position(|x| x.role == Some(r) && !x.text);
            match (find("utfall"), find("budget")) {
                (Some(u), Some(b)) if columns[c].heading.to_lowercase().contains("kvar") => vec![(b, u), (u, b)],
                (Some(u), Some(b)) => vec![(u, b), (b, u)],
                _ => Vec::new(),
            }
        } else {
            let mut v = Vec::new();
            for a in 0..columns.len() {
                for b in 0..columns.len() {
                    let usable =
                        |x: &Column| !x.text && x.unit.is_none() && !matches!(x.role, Some("avvikelse" | "förändring"));
                    if a != b && a != c && b != c && usable(&columns[a]) && usable(&columns[b]) {
                        v.push((a, b));
                    }
                }
            }
            v
        };
        if let Some((a, b)) = candidates.into_iter().find(|(a, b)| fits(cells, *a, *b, c, percent)) {
            let (x, y) = (columns[a].id.clone(), columns[b].id.clone());
            columns[c].formula = Some(if percent {
                format!("({x} - {y}) / {y} * 100")
            } else {
                format!("{x} - {y}")
            });
        }
    }
}

fn marked_lines(body: &[Vec<C>], cells: &[Vec<String>]) -> Vec<MarkedLine> {
    body.iter()
        .zip(cells)
        .enumerate()
        .map(|(i, (r, cells))| {
            let filled: Vec<&C> = r.iter().filter(|c| !c.text.is_empty()).collect();
            MarkedLine {
                label: r[0].text.replace('|', "/"),
                cells: cells.iter().map(|c| c.replace('|', "/")).collect(),
                bold: r[0].bold || (!filled.is_empty() && filled.iter().all(|c| c.bold)),
                italic: r[0].italic,
                line: i,
            }
        })
        .collect()
}

/// The `tabell` block's text, and how many figures it holds.
fn table_yaml(
    place: &Place,
    first_heading: &str,
    columns: &[Column],
    rows: &[RawRow],
    total: Option<&RawRow>,
) -> (String, usize) {
    let (title, unit) = (place.title, place.unit);
    let mut y = String::from("```tabell\n");
    y.push_str(&format!("titel: {}\n", scalar(title)));
    if let Some(u) = unit {
        y.push_str(&format!("enhet: {}\n", scalar(u.symbol())));
    }
    y.push_str("kolumner:\n");
    y.push_str(&format!(
        "  - {}\n",
        scalar(if first_heading.is_empty() {
            "Post"
        } else {
            first_heading
        })
    ));
    for c in columns {
        let mut keys = vec![format!("rubrik: {}", flow(&c.heading))];
        if let Some(r) = c.role {
            keys.push(format!("typ: {r}"));
        }
        let own_name = c
            .role
            .is_some_and(|r| c.id == r || (r == "förändring" && c.id == "forandring") || (r == "mål" && c.id == "mal"));
        if (c.formula.is_some() || c.period.is_some()) && !own_name {
            keys.push(format!("id: {}", c.id));
        }
        if let Some(p) = &c.period {
            keys.push(format!("period: {}", flow(p)));
        }
        if let Some(u) = c.unit {
            keys.push(format!("enhet: {}", flow(u.symbol())));
        }
        if let Some(f) = &c.formula {
            keys.push(format!("formel: {}", flow(f)));
        }
        if keys.len() == 1 {
            y.push_str(&format!("  - {}\n", scalar(&c.heading)));
        } else {
            y.push_str(&format!("  - {{{}}}\n", keys.join(", ")));
        }
    }
    // Formulas name other columns by id: give those an id too.
    let named: BTreeSet<String> = columns
        .iter()
        .filter_map(|c| c.formula.as_ref())
        .flat_map(|f| {
            f.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let y = add_ids(y, columns, &named);
    let mut y = y;
    y.push_str("rader:\n");
    let mut figures = 0;
    for r in rows {
        emit(r, 1, &mut y, &mut figures);
    }
    if let Some(t) = total {
        y.push_str(&format!("summa: {}\n", scalar(&row_text(t, &mut figures))));
    }
    y.push_str("```\n");
    (y, figures)
}

/// Columns a formula uses get their `id:` written (the others keep the short form).
fn add_ids(yaml: String, columns: &[Column], named: &BTreeSet<String>) -> String {
    let mut out = String::new();
    let mut i = 0;
    let mut in_columns = false;
    let mut seen_first = false;
    for line in yaml.lines() {
        if line == "kolumner:" {
            in_columns = true;
        } else if in_columns && line.starts_with("  - ") {
            if !seen_first {
                seen_first = true;
            } else {
                let c = &columns[i];
                i += 1;
                let own_name = c
                    .role
                    .is_some_and(|r| c.id == r || c.id == "forandring" || c.id == "mal");
                if named.contains(&c.id) && !line.contains(", id: ") && !own_name {
                    let keys = match line.strip_prefix("  - {").and_then(|l| l.strip_suffix('}')) {
                        Some(k) => format!("{k}, id: {}", c.id),
                        None => format!("rubrik: {}, id: {}", flow(&c.heading), c.id),
                    };
                    out.push_str(&format!("  - {{{keys}}}\n"));
                    continue;
                }
            }
        } else if !line.starts_with("  ") {
            in_columns = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A group made of a bold row that is not named as a sum and does not add up is read as
/// ordinary rows.
fn settle(mut r: RawRow, summed: &[bool], notes: &mut Vec<String>) -> Vec<RawRow> {
    r.parts = std::mem::take(&mut r.parts)
        .into_iter()
        .flat_map(|p| settle(p, summed, notes))
        .collect();
    let Some(total) = r.total.as_ref() else {
        return vec![r];
    };
    let (label, cells) = total.split().unwrap_or_default();
    let l = label.to_lowercase();
    let named_sum = ["summa", "s:a", "totalt", "total", "resultat", "netto", "årets resultat"]
        .iter()
        .any(|w| l.starts_with(w) || l.contains(&format!(" {w}")));
    if named_sum || adds_up(&r.parts, &cells, summed) {
        return vec![r];
    }
    notes.push(format!(
        "den fetstilta raden \"{label}\" är inte summan av raderna ovanför och lästes som en vanlig rad"
    ));
    let mut out = Vec::new();
    if r.group.is_some() {
        out.push(RawRow {
            group: r.group.take(),
            parts: std::mem::take(&mut r.parts),
            ..Default::default()
        });
    } else {
        out.append(&mut r.parts);
    }
    if let Some(t) = r.total.take() {
        out.push(*t);
    }
    out
}

/// The values of a row in the sum: its own, its sum row's, or its parts' added.
fn values(r: &RawRow, width: usize) -> Option<Vec<Option<Decimal>>> {
    if let Some(t) = &r.total {
        return t
            .split()
            .map(|(_, c)| (0..width).map(|i| c.get(i).and_then(|s| figure(s))).collect());
    }
    if let Some((_, c)) = r.split() {
        return Some((0..width).map(|i| c.get(i).and_then(|s| figure(s))).collect());
    }
    let mut sum = vec![Some(Decimal::ZERO); width];
    for p in &r.parts {
        let v = values(p, width)?;
        for i in 0..width {
            sum[i] = match (sum[i], v[i]) {
                (Some(a), Some(b)) => a.checked_add(b),
                _ => None,
            };
        }
    }
    Some(sum)
}

fn adds_up(parts: &[RawRow], total: &[String], summed: &[bool]) -> bool {
    let width = summed.len();
    let mut tested = false;
    for (i, sums) in summed.iter().enumerate() {
        if !sums {
            continue;
        }
        let Some(stated) = total.get(i).and_then(|s| figure(s)) else {
            continue;
        };
        let mut sum = Decimal::ZERO;
        let mut slack = half_unit(stated);
        for p in parts {
            let Some(v) = values(p, width).and_then(|v| v[i]) else {
                return false;
            };
            sum += v;
            slack += half_unit(v);
        }
        if (sum - stated).abs() > slack {
            return false;
        }
        tested = true;
    }
    tested
}

fn row_text(r: &RawRow, figures: &mut usize) -> String {
    let (label, cells) = r.split().unwrap_or_default();
    *figures += cells.iter().filter(|c| figure(c).is_some() && c.trim() != "-").count();
    let mut s = label;
    for c in cells {
        s.push_str(" |");
        if !c.is_empty() {
            s.push(' ');
            s.push_str(&c);
        }
    }
    s
}

fn emit(r: &RawRow, depth: usize, y: &mut String, figures: &mut usize) {
    let pad = "  ".repeat(depth);
    let simple = r.parts.is_empty() && r.varav.is_empty() && r.total.is_none() && r.group.is_none();
    if simple {
        y.push_str(&format!("{pad}- {}\n", scalar(&row_text(r, figures))));
        return;
    }
    let mut first = true;
    let mut key = |y: &mut String, text: String| {
        if first {
            y.push_str(&format!("{pad}- {text}\n"));
            first = false;
        } else {
            y.push_str(&format!("{pad}  {text}\n"));
        }
    };
    if let Some(g) = &r.group {
        key(y, format!("grupp: {}", scalar(g)));
    } else if r.text.is_some() {
        key(y, format!("rad: {}", scalar(&row_text(r, figures))));
    }
    if !r.parts.is_empty() {
        key(y, "delar:".into());
        for p in &r.parts {
            emit(p, depth + 2, y, figures);
        }
    }
    if !r.varav.is_empty() {
        key(y, "varav:".into());
        for p in &r.varav {
            emit(p, depth + 2, y, figures);
        }
    }
    if let Some(t) = &r.total {
        key(y, format!("summa: {}", scalar(&row_text(t, figures))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::CellParagraph;
    use crate::load::front_matter::ReportKind;

    fn grid(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            let (bold, text) = match c.strip_prefix('*') {
                                Some(t) => (true, t),
                                None => (false, *c),
                            };
                            TableCell {
                                paragraphs: vec![CellParagraph {
                                    text: text.into(),
                                    list_item: false,
                                }],
                                bold,
                                italic: false,
                            }
                        })
                        .collect()
                })
                .collect(),
        }
    }

    fn annual() -> ReportFront {
        ReportFront {
            title: "Årsredovisning 2023".into(),
            kind: ReportKind::AnnualReport,
            year: 2023,
            organisation: "X".into(),
            period: None,
            publisher: None,
        }
    }

    #[test]
    fn a_bold_row_that_is_no_sum_is_an_ordinary_row_and_a_named_sum_stays_a_sum() {
        let t = grid(&[
            &["Arbetad tid", "2022", "2023"],
            &["Egen personal", "100", "90"],
            &["Inhyrd personal", "10", "5"],
            &["*Arbetad tid inkl jour", "*120", "*99"],
        ]);
        let c = convert(&t, &annual(), None);
        assert_eq!(c.outcome, Outcome::Block("tabell"));
        assert!(c.text.contains("  - Arbetad tid inkl jour | 120 | 99\n"), "{}", c.text);
        assert!(c.notes[0].contains("lästes som en vanlig rad"), "{:?}", c.notes);
        let t = grid(&[&["Post", "2023"], &["A", "1"], &["B", "2"], &["*Summa", "*4"]]);
        let c = convert(&t, &annual(), None);
        assert!(
            c.text.contains("summa: Summa | 4\n"),
            "a stated sum stays, for check to show: {}",
            c.text
        );
        assert_eq!(c.figures, 3);
    }

    #[test]
    fn year_headings_are_headings_and_changes_get_their_formula() {
        let t = grid(&[
            &["Personal", "2022", "2023", "Förändring", "Förändring %"],
            &["Kvinnor", "1 204", "1 250", "46", "3,8%"],
            &["Män", "530", "541", "11", "2,1%"],
        ]);
        let c = convert(&t, &annual(), Some("Antal anställda"));
        assert!(c.text.contains("titel: Personal\n"), "{}", c.text);
        assert!(c.text.contains("formel: ar_2023 - ar_2022}"), "{}", c.text);
        assert!(
            c.text
                .contains("enhet: \"%\", formel: (ar_2023 - ar_2022) / ar_2022 * 100}"),
            "{}",
            c.text
        );
        assert!(
            !c.text.contains("period:"),
            "an annual report's years need no period: {}",
            c.text
        );
    }

    #[test]
    fn text_tables_stay_markdown() {
        let t = grid(&[&["Ort", "Verksamhet"], &["Västerås", "Regionkontoret"]]);
        let c = convert(&t, &annual(), None);
        assert!(matches!(c.outcome, Outcome::Markdown(_)));
        assert!(c.text.starts_with("| Ort | Verksamhet |"));
    }
}
