//! A word-processing document as the importer needs it: headings, paragraphs with bold,
//! italics, links and footnote marks, list items, tables with the text and emphasis of each
//! cell, and images. Nothing of layout.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct Document {
    /// A paragraph in the Title style.
    pub title: Option<String>,
    /// The title in the document's properties (often left from a template).
    pub property_title: Option<String>,
    pub blocks: Vec<Block>,
    /// Footnotes by their id in the file.
    pub footnotes: BTreeMap<String, Vec<Inline>>,
    /// Image files by their path in the package.
    pub media: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    ListItem {
        ordered: bool,
        level: u8,
        text: Vec<Inline>,
    },
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text { text: String, bold: bool, italic: bool },
    Link { text: String, url: String },
    Footnote(String),
    Image(ImageRef),
    Break,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Path of the image in the package (`word/media/image1.png`).
    pub media: String,
    pub alt: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<TableCell>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableCell {
    pub paragraphs: Vec<CellParagraph>,
    /// Every run with text in the cell is bold (italic).
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellParagraph {
    pub text: String,
    pub list_item: bool,
}

impl TableCell {
    /// The cell's text on one line.
    pub fn text(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| p.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The plain text of inlines.
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, .. } | Inline::Link { text, .. } => s.push_str(text),
            Inline::Break => s.push(' '),
            Inline::Footnote(_) | Inline::Image(_) => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
