//! Problems found in the input, collected across the whole build and printed once.
//!
//! Every stage reports into a [`Diagnostics`] collector instead of stopping at the first
//! problem; `main` prints them all with [`Diagnostics::render`] and exits non-zero.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one file, with where it is and what the editor can do about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path relative to the site root (or as given for files outside it).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": fel: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  tips: {hint}")?;
        }
        Ok(())
    }
}

/// A collector of diagnostics. Order of reporting does not matter: output is sorted.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics sorted by file, line and column, without duplicates. A template error
    /// met on many pages is told once, with the first page and how many more.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort();
        v.dedup();
        let mut out: Vec<Diagnostic> = Vec::with_capacity(v.len());
        let mut more = 0;
        for d in v {
            if let Some(last) = out.last_mut() {
                let same = last.file == d.file
                    && last.line == d.line
                    && last.column == d.column
                    && last.hint == d.hint
                    && page_free(&last.message).is_some()
                    && page_free(&last.message) == page_free(&d.message);
                if same {
                    more += 1;
                    continue;
                }
                note_more(last, more);
            }
            more = 0;
            out.push(d);
        }
        if let Some(last) = out.last_mut() {
            note_more(last, more);
        }
        out
    }

    /// Everything, as the editor sees it in the terminal.
    pub fn render(&self) -> String {
        let items = self.sorted();
        let mut out = String::new();
        for d in &items {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        let n = items.len();
        out.push_str(&format!("{n} fel hittades; ingenting skrevs.\n"));
        out
    }

    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

/// A message about a template without the page it was met on (" (när … renderades)").
fn page_free(message: &str) -> Option<&str> {
    message
        .strip_suffix(" renderades)")
        .and_then(|m| m.rfind(" (när ").map(|i| &message[..i]))
}

fn note_more(d: &mut Diagnostic, more: usize) {
    if more > 0 {
        let sidor = if more == 1 { "sida" } else { "sidor" };
        d.message = format!("{} och {more} {sidor} till)", d.message.trim_end_matches(')'));
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}

/// The candidate closest to `word` if it is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        // Optimal string alignment over characters: å, ä and ö count once, and swapping two
        // neighbours (`titel` for `title`) is one edit.
        let d = strsim::osa_distance(&w, &c.to_lowercase());
        let limit = (c.chars().count().max(w.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A hint sentence: "menade du "x"? Giltiga: a, b, c".
pub fn suggestion_hint(word: &str, valid: &[&str], what: &str) -> String {
    let list = valid.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ");
    match did_you_mean(word, valid.iter().copied()) {
        Some(s) => format!("menade du \"{s}\"? Giltiga {what}: {list}"),
        None => format!("giltiga {what}: {list}"),
    }
}

/// A path shown relative to `root` when it lies below it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_template_error_on_many_pages_is_told_once() {
        let mut d = Diagnostics::new();
        for page in ["a.md", "b.md", "c.md"] {
            d.push(Diagnostic::new("base.html", 4, format!("mallfel: x (när {page} renderades)")).at(4, 2));
        }
        d.push(Diagnostic::new("base.html", 9, "mallfel: y (när a.md renderades)"));
        let shown: Vec<String> = d.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            shown,
            [
                "mallfel: x (när a.md renderades och 2 sidor till)",
                "mallfel: y (när a.md renderades)"
            ]
        );
    }

    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "weight", "date", "draft"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("wieght", keys), Some("weight"));
        assert_eq!(did_you_mean("banana", keys), None);
    }

    #[test]
    fn distance_counts_characters_and_swaps_as_one_edit() {
        assert_eq!(strsim::osa_distance("mål", "mal"), 1);
        assert_eq!(strsim::osa_distance("", "abc"), 3);
        assert_eq!(strsim::osa_distance("titel", "title"), 1);
        // One edit allowed in a short word: a swap or a letter without its dots.
        assert_eq!(did_you_mean("mal", ["mål", "namn"]), Some("mål"));
        assert_eq!(did_you_mean("nmna", ["mål", "namn"]), None, "two edits");
        assert_eq!(did_you_mean("nman", ["mål", "namn"]), Some("namn"));
        assert_eq!(did_you_mean("Titel", ["title"]), Some("title"), "case is ignored");
    }

    #[test]
    fn renders_sorted_with_location_and_hint() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::new("content/b.md", 3, "andra"));
        d.push(Diagnostic::new("content/a.md", 7, "första").at(7, 2).hint("gör så här"));
        assert_eq!(
            d.render(),
            "content/a.md:7:2: fel: första\n  tips: gör så här\ncontent/b.md:3: fel: andra\n2 fel hittades; ingenting skrevs.\n"
        );
    }
}
