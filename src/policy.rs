//! Site-wide rules that every stage applies: what may be a file name on every web host and
//! an id in an address, which link schemes could run code in a reader's browser, how text
//! files are read, and the Markdown dialect.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// A name Windows keeps for devices (`CON`, `aux.png`, `LPT1.md`): no file or folder in the
/// output may be called so, whatever its extension.
pub fn windows_reserved(name: &str) -> bool {
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
        "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    // Runs for every part of every output path: no allocation.
    let stem = name.split('.').next().unwrap_or("").trim_end();
    (3..=4).contains(&stem.len()) && RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem))
}

/// `javascript:`, `vbscript:` or `data:` as a browser reads the address (case, tabs and
/// line breaks inside it, and leading spaces or controls, do not matter to it).
pub fn script_scheme(dest: &str) -> Option<&'static str> {
    let seen: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| seen.starts_with(s))
}

/// The Markdown dialect of content files. Every stage that reads Markdown uses these, so that
/// where the loader finds a report block is where the page shows it.
pub const MARKDOWN: pulldown_cmark::Options = pulldown_cmark::Options::ENABLE_TABLES
    .union(pulldown_cmark::Options::ENABLE_FOOTNOTES)
    .union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);

/// Ids used in URLs: lowercase ASCII letters, digits and hyphens.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !id.starts_with('-')
        && !windows_reserved(id)
}

pub const ID_HINT: &str = "ett id skrivs med högst 80 små bokstäver a–z, siffror och bindestreck, till exempel personalomsattning (namn som con och nul är reserverade i Windows)";

/// Text as editors' tools save it: UTF-8 (an error names the line and column of the first
/// byte that is not), a BOM or two dropped, CRLF and lone CR made LF.
pub fn decode_text(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        // Line and column as the editor sees them: CRLF, LF and a lone CR each end a line
        // (as below), and the column counts characters, not bytes.
        let valid = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
        let before = before.replace("\r\n", "\n").replace('\r', "\n");
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Diagnostic::new(shown, line, "filen är inte sparad som UTF-8")
            .at(line, col)
            .hint("spara filen som UTF-8 (i Word/Anteckningar: Spara som → Kodning: UTF-8)")
    })?;
    // A file saved twice by tools that each add a BOM starts with two.
    let text = match text.trim_start_matches('\u{feff}') {
        rest if rest.len() == text.len() => text,
        rest => rest.to_string(),
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}
