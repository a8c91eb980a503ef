//! The search index kept in parts, each already written as JSON, so that one page can be
//! replaced without writing the whole index again. Gives the same bytes as
//! [`crate::render::search::index`] over the same pages (checked below and by the oracle test).

use crate::render::{SearchDoc, search};
use std::collections::{BTreeMap, HashMap};

#[derive(Default)]
pub struct SearchState {
    docs: Vec<SearchDoc>,
    by_url: HashMap<String, u32>,
    docs_json: Vec<String>,
    titles: Terms,
    texts: Terms,
}

/// One term list: the postings, and each term's entry as JSON, in the index's order.
#[derive(Default)]
struct Terms {
    postings: search::Postings,
    json: BTreeMap<String, String>,
}

impl Terms {
    fn new<'a>(docs: impl Iterator<Item = &'a [String]>) -> Terms {
        let postings = search::Postings::build(docs);
        let mut t = Terms {
            postings,
            json: BTreeMap::new(),
        };
        let terms: Vec<String> = t.postings.terms().map(str::to_string).collect();
        for term in terms {
            t.write(&term);
        }
        t
    }

    fn write(&mut self, term: &str) {
        match self.postings.get(term) {
            Some(docs) => {
                let mut s = String::new();
                search::posting_json(&mut s, term, docs);
                self.json.insert(term.to_string(), s);
            }
            None => {
                self.json.remove(term);
            }
        }
    }

    fn update(&mut self, doc: u32, old: &[String], new: &[String]) {
        // Only the terms the page gained or lost have new entries (common words are in
        // every page, with long lists: writing those again each time would be slow).
        let old_set: std::collections::HashSet<&String> = old.iter().collect();
        let new_set: std::collections::HashSet<&String> = new.iter().collect();
        let lost: Vec<String> = old.iter().filter(|t| !new_set.contains(t)).cloned().collect();
        let gained: Vec<String> = new.iter().filter(|t| !old_set.contains(t)).cloned().collect();
        self.postings.update(doc, &lost, &gained);
        for t in lost.iter().chain(&gained) {
            self.write(t);
        }
    }

    fn push_json(&self, out: &mut String) {
        out.push('{');
        for (i, entry) in self.json.values().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(entry);
        }
        out.push('}');
    }
}

fn doc_json(d: &SearchDoc) -> String {
    let mut s = String::new();
    search::doc_json(&mut s, d);
    s
}

impl SearchState {
    pub fn new(docs: Vec<SearchDoc>) -> SearchState {
        let titles = Terms::new(docs.iter().map(|d| d.title_terms.as_slice()));
        let texts = Terms::new(docs.iter().map(|d| d.text_terms.as_slice()));
        let by_url = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), i as u32))
            .collect();
        SearchState {
            docs_json: docs.iter().map(doc_json).collect(),
            docs,
            by_url,
            titles,
            texts,
        }
    }

    /// Replace the page with the same address.
    pub fn update(&mut self, doc: SearchDoc) {
        let Some(&i) = self.by_url.get(&doc.url) else { return };
        let old = &self.docs[i as usize];
        self.titles.update(i, &old.title_terms, &doc.title_terms);
        self.texts.update(i, &old.text_terms, &doc.text_terms);
        self.docs_json[i as usize] = doc_json(&doc);
        self.docs[i as usize] = doc;
    }

    pub fn json(&self) -> Vec<u8> {
        let size: usize = self.docs_json.iter().map(|d| d.len() + 1).sum::<usize>()
            + self.titles.json.values().map(|d| d.len() + 1).sum::<usize>()
            + self.texts.json.values().map(|d| d.len() + 1).sum::<usize>();
        let mut out = String::with_capacity(size + 32);
        search::head_json(&mut out);
        for (i, d) in self.docs_json.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(d);
        }
        out.push_str("],\"t\":");
        self.titles.push_json(&mut out);
        out.push_str(",\"w\":");
        self.texts.push_json(&mut out);
        out.push('}');
        out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, text: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            context: "Årsredovisning 2023".into(),
            text: text.into(),
            title_terms: search::distinct_terms(title),
            text_terms: search::distinct_terms(text),
        }
    }

    #[test]
    fn the_same_bytes_as_the_whole_index() {
        let mut docs = vec![
            doc("/a/", "Ekonomi", "Resultatet blev 72,7 mnkr"),
            doc("/b/", "Medarbetare \"HME\"", "Sjukfrånvaro <5 %"),
            doc("/c/", "Uppdrag", "Ekonomi och uppdrag"),
        ];
        let mut state = SearchState::new(docs.clone());
        assert_eq!(state.json(), search::index(&docs));
        docs[1] = doc("/b/", "Medarbetare", "Ekonomi i balans, inga sjukdagar");
        state.update(docs[1].clone());
        assert_eq!(state.json(), search::index(&docs));
    }
}
