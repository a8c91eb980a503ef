//! Prose as Markdown: emphasis, links, footnote marks and images inline; Markdown tables for
//! what cannot be a report block.

use super::document::{Inline, Table};

/// Where a page's footnotes and images go: footnotes are numbered per page, images are named
/// by the caller (it knows which files it writes).
pub trait Sink {
    /// The number of a footnote on this page (`[^n]`).
    fn footnote(&mut self, id: &str) -> Option<usize>;
    /// The file name an image gets beside the page, or `None` when it cannot be shown.
    fn image(&mut self, media: &str, alt: &str) -> Option<String>;
}

/// Characters that mean something to Markdown inside running text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that Markdown would read as something else when it starts a paragraph: a heading,
/// a list item, a quote, a rule.
fn guard_line_start(line: &str) -> String {
    let t = line.trim_start();
    let starts_block = t.starts_with('#')
        || t.starts_with("- ")
        || t.starts_with("+ ")
        || t.starts_with('=')
        || t == "-"
        || t.starts_with("---")
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.len() < 10 && n.chars().all(|c| c.is_ascii_digit()))
        || t.split_once(") ")
            .is_some_and(|(n, _)| !n.is_empty() && n.len() < 10 && n.chars().all(|c| c.is_ascii_digit()));
    if starts_block {
        let lead = line.len() - t.len();
        let mut s = line[..lead].to_string();
        s.push('\\');
        s.push_str(t);
        s
    } else {
        line.to_string()
    }
}

/// Inline content as Markdown on one logical line (breaks become hard breaks).
pub fn inlines(items: &[Inline], sink: &mut dyn Sink) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Inline::Text { text, bold, italic } => {
                let text = text.replace('\t', " ");
                let core = text.trim();
                if core.is_empty() {
                    out.push_str(if text.is_empty() { "" } else { " " });
                    continue;
                }
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                let mark = match (bold, italic) {
                    (true, true) => "***",
                    (true, false) => "**",
                    (false, true) => "*",
                    (false, false) => "",
                };
                out.push_str(if lead.is_empty() { "" } else { " " });
                out.push_str(mark);
                out.push_str(&escape(&collapse(core)));
                out.push_str(mark);
                out.push_str(if trail.is_empty() { "" } else { " " });
            }
            Inline::Link { text, url } => {
                let safe = url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:");
                if safe {
                    out.push_str(&format!(
                        "[{}]({})",
                        escape(&collapse(text)),
                        url.replace(' ', "%20").replace(')', "%29")
                    ));
                } else {
                    out.push_str(&escape(&collapse(text)));
                }
            }
            Inline::Footnote(id) => {
                if let Some(n) = sink.footnote(id) {
                    out.push_str(&format!("[^{n}]"));
                }
            }
            Inline::Image(r) => {
                if let Some(name) = sink.image(&r.media, &r.alt) {
                    out.push_str(&format!("![{}]({name})", escape(&collapse(&r.alt))));
                }
            }
            Inline::Break => out.push_str("\\\n"),
        }
    }
    let joined = collapse_spaces(out.trim());
    joined
        .split('\n')
        .map(|l| guard_line_start(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' {
            if !prev_space {
                out.push(c);
            }
            prev_space = true;
        } else {
            prev_space = false;
            out.push(c);
        }
    }
    out.replace(" \\\n", "\\\n")
}

/// A heading's text: its words without emphasis (a heading is bold already).
pub fn heading(items: &[Inline]) -> String {
    guard_line_start(&escape(&super::document::plain(items)))
        .trim_start_matches('\\')
        .to_string()
}

/// A table as a Markdown table: the first row as headings, each cell's text on one line.
pub fn table(t: &Table) -> String {
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let cell = |s: String| {
        let s = escape(&collapse(&s));
        if s.is_empty() { " ".to_string() } else { s }
    };
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        let cells: Vec<String> = (0..width)
            .map(|c| cell(row.get(c).map(|x| x.text()).unwrap_or_default()))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            out.push_str(&format!("|{}\n", "---|".repeat(width)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::{CellParagraph, TableCell};

    struct NoSink;
    impl Sink for NoSink {
        fn footnote(&mut self, _: &str) -> Option<usize> {
            Some(1)
        }
        fn image(&mut self, _: &str, _: &str) -> Option<String> {
            Some("bild-1.png".into())
        }
    }

    fn t(text: &str, bold: bool, italic: bool) -> Inline {
        Inline::Text {
            text: text.into(),
            bold,
            italic,
        }
    }

    #[test]
    fn emphasis_links_and_escapes() {
        let md = inlines(
            &[
                t("Resultatet är ", false, false),
                t("+13 mnkr ", true, false),
                t("(se *not*)", false, true),
                Inline::Footnote("2".into()),
                t(" och ", false, false),
                Inline::Link {
                    text: "rapporten".into(),
                    url: "https://example.se/a b".into(),
                },
            ],
            &mut NoSink,
        );
        assert_eq!(
            md,
            "Resultatet är **+13 mnkr** *(se \\*not\\*)*[^1] och [rapporten](https://example.se/a%20b)"
        );
        assert_eq!(inlines(&[t("1. januari", false, false)], &mut NoSink), "\\1. januari");
        assert_eq!(inlines(&[t("# 5", false, false)], &mut NoSink), "\\# 5");
        let link = Inline::Link {
            text: "x".into(),
            url: "javascript:alert(1)".into(),
        };
        assert_eq!(inlines(&[link], &mut NoSink), "x", "only web and mail links are kept");
    }

    #[test]
    fn markdown_tables_keep_every_cell() {
        let c = |s: &str| TableCell {
            paragraphs: vec![CellParagraph {
                text: s.into(),
                list_item: false,
            }],
            ..Default::default()
        };
        let md = table(&Table {
            rows: vec![vec![c("A"), c("B|C")], vec![c("1")]],
        });
        assert_eq!(md, "| A | B\\|C |\n|---|---|\n| 1 |   |\n");
    }
}
