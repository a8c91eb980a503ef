//! Site-wide rules about names and addresses that every stage applies: what may be a file
//! name on every web host, and which link schemes could run code in a reader's browser.

/// A name Windows keeps for devices (`CON`, `aux.png`, `LPT1.md`): no file or folder in the
/// output may be called so, whatever its extension.
pub fn windows_reserved(name: &str) -> bool {
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
        "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    let stem = name.split('.').next().unwrap_or("").trim_end().to_lowercase();
    RESERVED.contains(&stem.as_str())
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
