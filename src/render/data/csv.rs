//! The CSV dialect of the downloads: UTF-8 with a byte order mark, `;` between fields, CRLF
//! line ends and the decimal comma, as Swedish spreadsheets open it without questions. Text
//! that a spreadsheet could run as a formula gets an apostrophe first.

use rust_decimal::Decimal;

/// The field separator, also named in every table schema's dialect.
pub const DELIMITER: &str = ";";

/// The symbols a number field may hold instead of a number (and the empty cell).
pub const MISSING: [&str; 4] = ["", "–", ".", ".."];

/// Written for true and false in boolean fields.
pub const YES: &str = "ja";
pub const NO: &str = "nej";

/// A number with the decimal comma: `-599,8`.
pub fn number(d: Decimal) -> String {
    d.to_string().replace('.', ",")
}

pub fn boolean(b: bool) -> String {
    if b { YES } else { NO }.to_string()
}

/// A text field, safe against formula injection and quoted where the dialect needs it.
pub fn text(s: &str) -> String {
    // Spreadsheets may skip spaces and invisible characters before a formula's `=`.
    let lead = s.trim_start_matches(|c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}')
    });
    let s = if lead.starts_with(['=', '+', '-', '@']) || s.starts_with(['\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The file: the byte order mark, then each row on its own line.
pub fn file(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for r in rows {
        out.push_str(&r.join(DELIMITER));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_cannot_become_formulas() {
        assert_eq!(text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text("-x"), "'-x");
        assert_eq!(text("@cmd"), "'@cmd");
        assert_eq!(text("a;b"), "\"a;b\"");
        assert_eq!(text("säg \"hej\""), "\"säg \"\"hej\"\"\"");
        assert_eq!(text("Regionkontoret"), "Regionkontoret");
        assert_eq!(text("\u{feff}=1+1"), "'\u{feff}=1+1");
        assert_eq!(text(" \u{2028}=1+1"), "' \u{2028}=1+1");
    }

    #[test]
    fn numbers_for_excel() {
        use std::str::FromStr;
        assert_eq!(number(Decimal::from_str("-599.8").unwrap()), "-599,8");
        let bytes = file(&[vec!["a".into(), "1,5".into()]]);
        assert_eq!(bytes, "\u{feff}a;1,5\r\n".as_bytes());
    }
}
