//! The CSV dialect of the downloads: UTF-8 with a byte order mark, `;` between fields, CRLF
//! line ends and the decimal comma, as Swedish spreadsheets open it without questions; fields
//! quoted as RFC 4180 says. Text that a spreadsheet could run as a formula gets an apostrophe
//! first.

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

/// Characters a spreadsheet may skip before a formula's `=`: spaces, controls and every
/// character Unicode marks as invisible by default (format characters such as direction
/// marks and overrides, zero-width characters, invisible operators, the soft hyphen).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}')
}

/// A text field, safe against formula injection: a text whose first visible character is
/// `=`, `+`, `-` or `@` (whatever invisible characters come before it), or that begins with
/// tab or CR, gets a leading `'`. Quoting is the file's job ([`file`]).
pub fn text(s: &str) -> String {
    let lead = s.trim_start_matches(invisible);
    if lead.starts_with(['=', '+', '-', '@']) || s.starts_with(['\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A field as RFC 4180 writes it: quoted when it holds a separator (`;` or `,`), a quote or a
/// line break, so that a program reading it with either separator sees the same fields
/// (numbers with a decimal comma are quoted too; spreadsheets still read them as numbers).
fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([';', ',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// The file: the byte order mark, then each row on its own line, every field as RFC 4180
/// writes it.
pub fn file(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for r in rows {
        for (i, f) in r.iter().enumerate() {
            if i > 0 {
                out.push_str(DELIMITER);
            }
            out.push_str(&field(f));
        }
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
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("Drift,=1+1"), "\"Drift,=1+1\"");
        assert_eq!(field("säg \"hej\""), "\"säg \"\"hej\"\"\"");
        assert_eq!(field("två\nrader"), "\"två\nrader\"");
        for invisible in ['\u{200e}', '\u{202e}', '\u{2061}', '\u{ad}', '\u{e0001}'] {
            assert_eq!(text(&format!("{invisible}=1+1")), format!("'{invisible}=1+1"));
        }
        assert_eq!(text("Regionkontoret"), "Regionkontoret");
        assert_eq!(text("\u{feff}=1+1"), "'\u{feff}=1+1");
        assert_eq!(text(" \u{2028}=1+1"), "' \u{2028}=1+1");
    }

    #[test]
    fn numbers_for_excel() {
        use std::str::FromStr;
        assert_eq!(number(Decimal::from_str("-599.8").unwrap()), "-599,8");
        let bytes = file(&[vec!["a".into(), "1,5".into()]]);
        assert_eq!(bytes, "\u{feff}a;\"1,5\"\r\n".as_bytes());
    }
}
