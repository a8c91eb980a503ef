//! The search index: built at build time, searched in the browser by `search.js`.
//!
//! Words are lower-cased and given a light Swedish stemming (the same rules as in
//! `search.js`), so that "uppdragen", "uppdragets" and "uppdrag" meet; the browser also
//! matches on word beginnings. Each page's distinct terms are found while the page renders
//! (in parallel); the index only merges them. Postings are delta-coded document numbers, to
//! keep the file small.

use crate::render::SearchDoc;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Words too common to help a search. (A `match`, which compiles to a few comparisons by
/// length, not a scan of a list: it runs for every word of every page.)
fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "och"
            | "att"
            | "det"
            | "som"
            | "en"
            | "ett"
            | "är"
            | "av"
            | "för"
            | "med"
            | "till"
            | "den"
            | "har"
            | "de"
            | "inte"
            | "om"
            | "på"
            | "i"
            | "ska"
            | "kan"
            | "var"
            | "sig"
            | "men"
            | "så"
            | "eller"
            | "även"
            | "samt"
            | "vid"
            | "där"
            | "dess"
            | "deras"
            | "från"
            | "under"
            | "efter"
            | "mot"
            | "detta"
            | "denna"
            | "dessa"
            | "också"
            | "vara"
            | "blir"
            | "bli"
            | "hade"
            | "skulle"
    )
}

/// Suffixes removed from the end of a word, longest first, if at least four letters remain.
const SUFFIXES: &[&str] = &[
    "arnas", "ernas", "ornas", "heten", "heter", "arna", "erna", "orna", "ande", "ende", "aste", "het", "ens", "ets",
    "ade", "are", "ast", "en", "et", "ar", "er", "or", "na", "as", "es", "s", "a", "e",
];

/// The stem of one lower-case word.
pub fn stem(word: &str) -> &str {
    let w = word.as_bytes();
    let Some(&last) = w.last() else { return word };
    for suf in SUFFIXES {
        let s = suf.as_bytes();
        // Compared byte by byte from the end: most suffixes fail on the last letter, and this
        // runs for every word of every page.
        if s[s.len() - 1] != last || w.len() < s.len() + 4 || !w.iter().rev().zip(s.iter().rev()).all(|(a, b)| a == b) {
            continue;
        }
        let rest = &word[..word.len() - suf.len()];
        if rest.chars().count() >= 4 {
            return rest;
        }
    }
    word
}

/// The distinct terms of a text, sorted.
pub fn distinct_terms(text: &str) -> Vec<String> {
    let mut set: HashSet<String> = HashSet::new();
    for_each_term(text, |t| {
        if !set.contains(t) {
            set.insert(t.to_string());
        }
    });
    let mut v: Vec<String> = set.into_iter().collect();
    v.sort_unstable();
    v
}

fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.len() < 2 {
            continue;
        }
        word.clear();
        if w.is_ascii() {
            word.push_str(w);
            word.make_ascii_lowercase();
        } else {
            word.extend(w.chars().flat_map(char::to_lowercase));
        }
        if word.chars().nth(1).is_none() || is_stop_word(&word) {
            continue;
        }
        f(stem(&word));
    }
}

/// Term → the numbers of the documents that have it, ascending.
#[derive(Debug, Default, Clone)]
pub struct Postings(HashMap<String, Vec<u32>>);

impl Postings {
    pub fn build<'a>(docs: impl Iterator<Item = &'a [String]>) -> Postings {
        let mut map: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, terms) in docs.enumerate() {
            for t in terms {
                match map.get_mut(t.as_str()) {
                    Some(v) => v.push(i as u32),
                    None => {
                        map.insert(t.clone(), vec![i as u32]);
                    }
                }
            }
        }
        Postings(map)
    }

    /// Replace document `doc`'s terms `old` with `new` (used when one page changes).
    pub fn update(&mut self, doc: u32, old: &[String], new: &[String]) {
        for t in old {
            if let Some(v) = self.0.get_mut(t) {
                if let Ok(i) = v.binary_search(&doc) {
                    v.remove(i);
                }
                if v.is_empty() {
                    self.0.remove(t);
                }
            }
        }
        for t in new {
            let v = self.0.entry(t.clone()).or_default();
            if let Err(i) = v.binary_search(&doc) {
                v.insert(i, doc);
            }
        }
    }

    /// The documents that have `term`, ascending.
    pub fn get(&self, term: &str) -> Option<&[u32]> {
        self.0.get(term).map(Vec::as_slice)
    }

    /// Every term, in no particular order.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    fn write_json(&self, out: &mut String) {
        let mut keys: Vec<&String> = self.0.keys().collect();
        keys.sort_unstable();
        out.push('{');
        for (n, k) in keys.into_iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            posting_json(out, k, &self.0[k]);
        }
        out.push('}');
    }
}

/// One entry of the index's term lists: `"term":[first, gap, gap …]`.
pub fn posting_json(out: &mut String, term: &str, docs: &[u32]) {
    json_string(out, term);
    out.push_str(":[");
    let mut prev = 0;
    for (j, d) in docs.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", d - prev);
        prev = *d;
    }
    out.push(']');
}

/// One entry of the index's page list: `["url","title","context"]`.
pub fn doc_json(out: &mut String, d: &SearchDoc) {
    out.push('[');
    json_string(out, &d.url);
    out.push(',');
    json_string(out, &d.title);
    out.push(',');
    json_string(out, &d.context);
    out.push(']');
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            // Keeps the JSON safe to inline in HTML, should a theme ever do that.
            '<' => out.push_str("\\u003c"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The index as JSON bytes: `{"docs": [[url, title, context]], "t": {term: [delta…]}, "w": {…}}`
/// where `t` indexes titles and `w` the text.
pub fn index<D: std::borrow::Borrow<SearchDoc>>(docs: &[D]) -> Vec<u8> {
    let titles = Postings::build(docs.iter().map(|d| d.borrow().title_terms.as_slice()));
    let texts = Postings::build(docs.iter().map(|d| d.borrow().text_terms.as_slice()));
    to_json(docs, &titles, &texts)
}

/// Serialise an index from its parts.
pub fn to_json<D: std::borrow::Borrow<SearchDoc>>(docs: &[D], titles: &Postings, texts: &Postings) -> Vec<u8> {
    let mut out = String::with_capacity(docs.len() * 200);
    out.push_str("{\"docs\":[");
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        doc_json(&mut out, d.borrow());
    }
    out.push_str("],\"t\":");
    titles.write_json(&mut out);
    out.push_str(",\"w\":");
    texts.write_json(&mut out);
    out.push('}');
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term of a text, in order, repeats kept.
    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn swedish_inflections_meet() {
        assert_eq!(stem("uppdragen"), "uppdrag");
        assert_eq!(stem("uppdragets"), "uppdrag");
        assert_eq!(stem("indikatorer"), "indikator");
        assert_eq!(stem("personalomsättningen"), "personalomsättning");
        assert_eq!(stem("mål"), "mål", "short words are left alone");
        assert_eq!(terms("Sjukfrånvaron och målet"), vec!["sjukfrånvaron", "målet"]);
        assert_eq!(
            distinct_terms("Budget, budget och BUDGETEN"),
            vec!["budg", "budget"],
            "one suffix is removed"
        );
    }

    fn doc(u: &str, t: &str, x: &str) -> SearchDoc {
        SearchDoc {
            url: u.into(),
            title: t.into(),
            context: String::new(),
            title_terms: distinct_terms(t),
            text_terms: distinct_terms(x),
        }
    }

    #[test]
    fn index_is_delta_coded_valid_json_and_deterministic() {
        let docs = vec![
            doc("/a/", "Ekonomi", "budget budget"),
            doc("/b/", "Medarbetare \"<x>\"", "budget"),
        ];
        let a = String::from_utf8(index(&docs)).unwrap();
        assert!(a.contains("\"budg\":[0,1]"), "{a}");
        let v: serde_json::Value = serde_json::from_str(&a).unwrap();
        assert_eq!(v["docs"][1][1], "Medarbetare \"<x>\"");
        assert!(!a.contains('<'), "no raw < in the index");
        assert_eq!(index(&docs), index(&docs));
    }

    #[test]
    fn updating_one_document_equals_rebuilding() {
        let mut docs = vec![doc("/a/", "A", "budget utfall"), doc("/b/", "B", "budget")];
        let mut p = Postings::build(docs.iter().map(|d| d.text_terms.as_slice()));
        let new = distinct_terms("prognos");
        p.update(0, &docs[0].text_terms, &new);
        docs[0].text_terms = new;
        let rebuilt = Postings::build(docs.iter().map(|d| d.text_terms.as_slice()));
        let titles = Postings::build(docs.iter().map(|d| d.title_terms.as_slice()));
        assert_eq!(to_json(&docs, &titles, &p), to_json(&docs, &titles, &rebuilt));
    }
}
