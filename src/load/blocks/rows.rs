//! Rows that come as lines — pasted out of a spreadsheet or a PDF, or read from a spreadsheet
//! file — with the marks that reports use for structure, turned into a table's row tree.
//!
//! The plain-text sources of reports (what copying a table out of a PDF gives, and what
//! `insyn import` reads from Word) mark rows the way the printed report shows them:
//!
//! - a **bold** row (`<b>Summa intäkter</b>` `<b>178</b>` …, fields separated by tabs) is the sum of the rows above it,
//!   back to the previous sum: it closes a group of those rows with itself as the group's
//!   `summa`. A bold row right after another sum adds up the groups above it (a
//!   resultaträkning's "Resultat" after "Summa intäkter" and "Summa kostnader");
//! - a bold row with no values is a heading (`grupp:`) over the rows after it;
//! - a row whose label starts with "Varav" (in italics or not) is a `varav` row of the row
//!   above it, shown under it and never added;
//! - a bold row with values that opens a group (first, or right after a heading or a sum) is
//!   a row *above* its parts, as a driftredovisning prints a committee over its activities:
//!   the plain rows after it are its `delar`, up to the next bold row. The next bold row is
//!   another such row, unless its label says it is a sum ("Summa …", "Totalt …"): then it adds
//!   up the rows above it.
//!
//! Nothing here decides whether the figures add up: the model checks every sum, so a bold row
//! that is not a sum shows up as a sum that does not add up, with its line. The editor then
//! removes its bold marks.

use super::tables::RawRow;

/// One line of a table: its fields and its marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkedLine {
    pub label: String,
    pub cells: Vec<String>,
    pub bold: bool,
    pub italic: bool,
    /// Where the line came from, counted from 0 (a pasted line, a spreadsheet row).
    pub line: usize,
}

impl MarkedLine {
    /// A pasted line: fields separated by tabs (or by `|` when there is no tab), each maybe
    /// wrapped in `<b>…</b>` or `<i>…</i>` (also `<strong>`, `<em>`). The row is bold when its
    /// label is (or every field with text is), italic when its label is.
    pub fn pasted(text: &str, line: usize) -> MarkedLine {
        let fields: Vec<&str> = if text.contains('\t') {
            text.split('\t').collect()
        } else {
            text.split('|').collect()
        };
        let marked: Vec<(String, bool, bool)> = fields.iter().map(|f| unmark(f)).collect();
        let (label, bold_label, italic) = marked.first().cloned().unwrap_or_default();
        let filled: Vec<&(String, bool, bool)> = marked.iter().filter(|(t, _, _)| !t.is_empty()).collect();
        let bold = bold_label || (!filled.is_empty() && filled.iter().all(|(_, b, _)| *b));
        MarkedLine {
            label,
            cells: marked.iter().skip(1).map(|(t, _, _)| t.clone()).collect(),
            bold,
            italic,
            line,
        }
    }

    /// Whether the line is a "varav" row: its label starts with the word.
    pub fn is_varav(&self) -> bool {
        let l = self.label.trim_start().to_lowercase();
        l == "varav" || l.starts_with("varav ") || l.starts_with("varav:")
    }

    fn has_values(&self) -> bool {
        self.cells.iter().any(|c| !c.trim().is_empty())
    }

    /// The line as a row of a table, its fields joined by tabs.
    pub fn row(&self) -> RawRow {
        let mut fields = vec![self.label.clone()];
        fields.extend(self.cells.iter().cloned());
        RawRow {
            text: Some(fields.join("\t")),
            pasted: true,
            line: Some(self.line),
            ..Default::default()
        }
    }
}

/// Whether a line of pasted rows carries any marks of structure.
pub fn any_marks(text: &str) -> bool {
    let t = text.to_lowercase();
    ["<b>", "<i>", "<strong>", "<em>"].iter().any(|m| t.contains(m))
}

/// A field without its `<b>`/`<i>` wrapping: (text, bold, italic). Marks around only part of
/// the field stay as they are.
fn unmark(field: &str) -> (String, bool, bool) {
    let mut t = field.trim();
    let (mut bold, mut italic) = (false, false);
    loop {
        let lower = t.to_lowercase();
        let found = [
            ("<b>", "</b>", true),
            ("<strong>", "</strong>", true),
            ("<i>", "</i>", false),
            ("<em>", "</em>", false),
        ]
        .into_iter()
        .find(|(open, close, _)| {
            lower.starts_with(open) && lower.ends_with(close) && !lower[open.len()..].contains(open)
        });
        let Some((open, close, is_bold)) = found else { break };
        t = t[open.len()..t.len() - close.len()].trim();
        if is_bold {
            bold = true;
        } else {
            italic = true;
        }
    }
    // A label with a note in other marks ("<b>Investeringar</b> <i>Belopp i mnkr</i>"):
    // bold when it starts bold; the marks go.
    let lower = t.to_lowercase();
    if !bold && lower.starts_with("<b>") {
        bold = true;
    }
    let mut plain = t.to_string();
    for m in ["<b>", "</b>", "<i>", "</i>", "<strong>", "</strong>", "<em>", "</em>"] {
        while let Some(i) = plain.to_lowercase().find(m) {
            plain.replace_range(i..i + m.len(), "");
        }
    }
    (plain.split_whitespace().collect::<Vec<_>>().join(" "), bold, italic)
}

/// The row tree the marks describe (see the module's documentation).
pub fn shape(lines: &[MarkedLine]) -> Vec<RawRow> {
    let mut top: Vec<RawRow> = Vec::new();
    let mut pending: Vec<RawRow> = Vec::new();
    let mut heading: Option<RawRow> = None;
    // A bold row over the plain rows after it (a committee over its activities).
    let mut parent: Option<RawRow> = None;
    // Whether the last row placed was a sum (so that a bold row right after it adds up groups).
    let mut after_sum = false;
    for l in lines {
        if l.is_varav() {
            if let Some(p) = parent.as_mut() {
                match p.parts.last_mut() {
                    Some(part) => part.varav.push(l.row()),
                    None => p.varav.push(l.row()),
                }
                continue;
            }
            let mut above = pending.last_mut().or(top.last_mut());
            if after_sum && let Some(r) = above.take() {
                above = Some(match r.total {
                    Some(ref mut t) => &mut **t,
                    None => r,
                });
            }
            match above {
                Some(p) if p.text.is_some() || p.total.is_some() => p.varav.push(l.row()),
                _ => pending.push(l.row()),
            }
            continue;
        }
        if !l.bold {
            match parent.as_mut() {
                Some(p) => p.parts.push(l.row()),
                None => pending.push(l.row()),
            }
            after_sum = false;
            continue;
        }
        let in_parents = parent.is_some();
        pending.extend(parent.take());
        if !l.has_values() {
            close(&mut top, &mut pending, heading.take());
            heading = Some(RawRow {
                group: Some(l.label.clone()),
                line: Some(l.line),
                ..Default::default()
            });
            after_sum = false;
            continue;
        }
        if (in_parents && !names_a_sum(&l.label)) || (pending.is_empty() && !after_sum) {
            parent = Some(l.row());
            after_sum = false;
            continue;
        }
        if !pending.is_empty() {
            let mut g = heading.take().unwrap_or_default();
            g.parts = std::mem::take(&mut pending);
            g.total = Some(Box::new(l.row()));
            top.push(g);
            after_sum = true;
            continue;
        }
        if heading.is_none() && !top.is_empty() {
            let g = RawRow {
                parts: std::mem::take(&mut top),
                total: Some(Box::new(l.row())),
                ..Default::default()
            };
            top.push(g);
            continue;
        }
        pending.push(l.row());
        after_sum = false;
    }
    pending.extend(parent);
    close(&mut top, &mut pending, heading);
    top
}

/// Whether a row's label says that it is a sum of the rows above it.
fn names_a_sum(label: &str) -> bool {
    let l = label.trim_start().to_lowercase();
    ["summa", "totalt", "total", "resultat", "netto"]
        .iter()
        .any(|w| l == *w || l.starts_with(&format!("{w} ")))
}

/// Put the rows of the open group (or loose rows) at the top level.
fn close(top: &mut Vec<RawRow>, pending: &mut Vec<RawRow>, heading: Option<RawRow>) {
    match heading {
        Some(mut g) => {
            g.parts = std::mem::take(pending);
            top.push(g);
        }
        None => top.append(pending),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<MarkedLine> {
        text.lines()
            .enumerate()
            .map(|(i, l)| MarkedLine::pasted(l, i))
            .collect()
    }

    fn labels(rows: &[RawRow]) -> Vec<String> {
        rows.iter()
            .map(|r| {
                let own = r.split().map(|(l, _)| l).or(r.group.clone()).unwrap_or_default();
                let parts = labels(&r.parts).join(",");
                let varav = labels(&r.varav).join(",");
                let total = r
                    .total
                    .as_ref()
                    .and_then(|t| t.split())
                    .map(|(l, _)| l)
                    .unwrap_or_default();
                format!("{own}[{parts}]{{{varav}}}={total}")
            })
            .collect()
    }

    #[test]
    fn marks_are_read_and_removed() {
        let l = MarkedLine::pasted("<b>Summa intäkter</b>\t<b>178</b>\t<b>-4,03%</b>", 3);
        assert_eq!(
            (l.label.as_str(), l.cells.clone(), l.bold, l.italic, l.line),
            (
                "Summa intäkter",
                vec!["178".to_string(), "-4,03%".to_string()],
                true,
                false,
                3
            )
        );
        let l = MarkedLine::pasted("<i>Varav Upphandling</i>\t-2\t-3", 0);
        assert!(l.italic && !l.bold && l.is_varav());
        let l = MarkedLine::pasted("<b>Investeringsprojekt</b> <i>Belopp i mnkr</i>\t<b>Budget</b>", 0);
        assert_eq!(l.label, "Investeringsprojekt Belopp i mnkr");
        assert!(l.bold);
        assert!(!MarkedLine::pasted("Varavsumma\t1", 0).is_varav());
    }

    #[test]
    fn a_bold_row_that_opens_a_group_is_above_its_parts_as_in_a_driftredovisning() {
        // Gnesta kommun's driftredovisning 2013 (the shared example), committees marked bold.
        let rows = shape(&lines(
            "<b>Kommunstyrelsen</b>\t-37 264\nKommunchefen\t-4 614\nIt-enheten\t-5 585\n\
             <b>Miljö- och byggnämnden</b>\t-11 705\nMiljöenheten\t-849\nVarav tillsyn\t-100\n\
             <b>Summa nämnder</b>\t-48 969",
        ));
        assert_eq!(
            labels(&rows),
            [
                "[Kommunstyrelsen[Kommunchefen[]{}=,It-enheten[]{}=]{}=,Miljö- och byggnämnden[Miljöenheten[]{Varav tillsyn[]{}=}=]{}=]{}=Summa nämnder"
            ]
        );
        // Without a sum at the end, the committees stand at the top.
        let rows = shape(&lines("<b>A</b>\t3\nA1\t1\nA2\t2\n<b>B</b>\t1\nB1\t1"));
        assert_eq!(labels(&rows), ["A[A1[]{}=,A2[]{}=]{}=", "B[B1[]{}=]{}="]);
    }

    #[test]
    fn bold_rows_close_groups_and_a_following_bold_row_adds_them_up() {
        let rows = shape(&lines(
            "A\t1\nB\t2\n<b>Summa intäkter</b>\t<b>3</b>\nC\t-1\n<b>Summa kostnader</b>\t<b>-1</b>\n<b>Resultat</b>\t<b>2</b>",
        ));
        assert_eq!(
            labels(&rows),
            ["[[A[]{}=,B[]{}=]{}=Summa intäkter,[C[]{}=]{}=Summa kostnader]{}=Resultat"]
        );
    }

    #[test]
    fn varav_rows_go_under_the_row_above() {
        let rows = shape(&lines(
            "Centrum A\t2\n<i>Varav X</i>\t-3\nVarav Y\t-2\nCentrum B\t1\n<b>Resultat</b>\t<b>3</b>\nvarav Z\t1",
        ));
        assert_eq!(
            labels(&rows),
            ["[Centrum A[]{Varav X[]{}=,Varav Y[]{}=}=,Centrum B[]{}=]{}=Resultat"]
        );
        assert_eq!(
            rows[0].total.as_ref().unwrap().varav.len(),
            1,
            "varav under the sum row"
        );
    }

    #[test]
    fn a_bold_row_without_values_is_a_heading() {
        let rows = shape(&lines("<b>Intäkter</b>\t\nA\t1\nB\t2\n<b>Summa</b>\t<b>3</b>\nC\t4"));
        assert_eq!(labels(&rows), ["Intäkter[A[]{}=,B[]{}=]{}=Summa", "C[]{}="]);
    }

    #[test]
    fn unmarked_lines_stay_flat() {
        let rows = shape(&lines("A\t1\nB\t2"));
        assert_eq!(labels(&rows), ["A[]{}=", "B[]{}="]);
        assert!(!any_marks("A\t1"));
        assert!(any_marks("<B>A</B>\t1"));
    }
}
