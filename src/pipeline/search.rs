//! The search index kept in parts, each already written as JSON, so that one page can be
//! replaced without writing the whole index again. Gives the same files as
//! [`crate::render::search::index`] over the same pages (checked below and by the oracle test).

use crate::render::SearchDoc;
use crate::render::search::{self, Postings, SearchFiles, Terms};
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Default)]
pub struct SearchState {
    docs: Vec<SearchDoc>,
    by_url: HashMap<String, u32>,
    titles: Postings,
    texts: Postings,
    /// Each term's entry as JSON, in the index's order.
    entries: BTreeMap<String, String>,
}

/// The terms of `old` and `new` that are in one of them only.
fn changed<'a>(old: &'a Terms, new: &'a Terms) -> (Vec<&'a str>, Vec<&'a str>) {
    let old_set: HashSet<&str> = old.iter().collect();
    let new_set: HashSet<&str> = new.iter().collect();
    (
        old.iter().filter(|t| !new_set.contains(t)).collect(),
        new.iter().filter(|t| !old_set.contains(t)).collect(),
    )
}

impl SearchState {
    pub fn new(docs: Vec<SearchDoc>) -> SearchState {
        let titles = Postings::build(docs.iter().map(|d| &d.title_terms));
        let texts = Postings::build(docs.iter().map(|d| &d.text_terms));
        let by_url = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), i as u32))
            .collect();
        SearchState {
            entries: search::entries(&titles, &texts),
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
        // Only the terms the page gained or lost have new entries (common words are in
        // every page, with long lists: writing those again each time would be slow).
        let (title_lost, title_gained) = changed(&old.title_terms, &doc.title_terms);
        let (text_lost, text_gained) = changed(&old.text_terms, &doc.text_terms);
        self.titles.update(i, &title_lost, &title_gained);
        self.texts.update(i, &text_lost, &text_gained);
        for t in title_lost
            .iter()
            .chain(&title_gained)
            .chain(&text_lost)
            .chain(&text_gained)
        {
            if self.titles.get(t).is_some() || self.texts.get(t).is_some() {
                self.entries
                    .insert(t.to_string(), search::entry(&self.titles, &self.texts, t));
            } else {
                self.entries.remove(*t);
            }
        }
        self.docs[i as usize] = doc;
    }

    pub fn files(&self) -> SearchFiles {
        search::files(
            self.entries.iter().map(|(t, e)| (t.as_str(), e.as_str())),
            self.docs.iter().map(|d| d.json.as_str()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, text: &str) -> SearchDoc {
        crate::render::search_doc(url, title, "Årsredovisning 2023", text)
    }

    #[test]
    fn the_same_files_as_the_whole_index() {
        let mut docs = vec![
            doc("/a/", "Ekonomi", "Resultatet blev 72,7 mnkr"),
            doc("/b/", "Medarbetare \"HME\"", "Sjukfrånvaro <5 %"),
            doc("/c/", "Uppdrag", "Ekonomi och uppdrag"),
        ];
        let mut state = SearchState::new(docs.clone());
        assert_eq!(state.files(), search::index(&docs));
        docs[1] = doc("/b/", "Medarbetare", "Ekonomi i balans, inga sjukdagar");
        state.update(docs[1].clone());
        assert_eq!(state.files(), search::index(&docs));
        // A term only in a title, then in no page at all.
        docs[2] = doc("/c/", "Sjukdagar", "Inget annat");
        state.update(docs[2].clone());
        assert_eq!(state.files(), search::index(&docs));
    }
}
