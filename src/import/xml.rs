//! A small element tree over quick-xml, enough to walk the parts of an Office document.
//! Names are kept without their namespace prefix (`w:p` is `p`), as every part the importer
//! reads uses one prefix per vocabulary.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// An attribute by its local name (`w:val` is `val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first element of that name anywhere below.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements()
            .find_map(|e| if e.name == name { Some(e) } else { e.find(name) })
    }

    /// Every element of that name below, not looking inside the ones found.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// All text below.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) => s.push_str(&e.text()),
            }
        }
        s
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.to_string(),
    }
}

fn element(e: &BytesStart) -> Element {
    Element {
        name: local(e.name().as_ref()),
        attrs: e
            .attributes()
            .flatten()
            .map(|a| {
                let value = a
                    .normalized_value(quick_xml::XmlVersion::default())
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string());
                (local(a.key.as_ref()), value)
            })
            .collect(),
        children: Vec::new(),
    }
}

/// Documents nest a few levels (a table in a cell in a table); a file nested deeper than this
/// is broken or hostile, and walking it could exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Parse a part. Text keeps its spaces (Word's `xml:space="preserve"`).
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(_) if stack.len() > MAX_DEPTH => {
                return Err(format!("elementen är nästlade djupare än {MAX_DEPTH} nivåer"));
            }
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(top) => top.children.push(Node::Element(done)),
                    None => return Err("unbalanced end tag".into()),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t),
            Event::CData(t) => push_text(&mut stack, &t),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                push_text(&mut stack, &c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or("empty document")?;
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    match root.children.iter().position(|n| matches!(n, Node::Element(_))) {
        Some(i) => match root.children.swap_remove(i) {
            Node::Element(e) => Ok(e),
            Node::Text(_) => Err("no root element".into()),
        },
        None => Err("no root element".into()),
    }
}

fn push_text(stack: &mut [Element], t: &str) {
    if let Some(top) = stack.last_mut() {
        match top.children.last_mut() {
            Some(Node::Text(prev)) => prev.push_str(t),
            _ => top.children.push(Node::Text(t.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_entities() {
        let e = parse("<?xml version=\"1.0\"?><w:p a:x=\"1 &amp; 2\"><w:t xml:space=\"preserve\"> A &amp; B&#x2013;C </w:t><w:br/></w:p>").unwrap();
        assert_eq!(e.name, "p");
        assert_eq!(e.attr("x"), Some("1 & 2"));
        assert_eq!(e.child("t").unwrap().text(), " A & B–C ");
        assert!(e.child("br").is_some());
        assert!(parse("<a><b></a>").is_err());
        let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
        assert!(parse(&deep).is_err(), "nesting is bounded");
    }
}
