//! The search index: built at build time, searched in the browser by `search.js`.
//!
//! Words are lower-cased and given a light Swedish stemming (the same rules as in
//! `search.js`), so that "uppdragen", "uppdragets" and "uppdrag" meet; the browser also
//! matches on word beginnings. Postings are delta-coded document numbers, to keep it small.

use crate::render::SearchDoc;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Words too common to help a search.
const STOP_WORDS: &[&str] = &[
    "och", "att", "det", "som", "en", "ett", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om", "på",
    "i", "ska", "kan", "var", "sig", "men", "så", "eller", "även", "samt", "vid", "där", "dess", "deras", "från",
    "under", "efter", "mot", "detta", "denna", "dessa", "också", "vara", "blir", "bli", "hade", "skulle",
];

/// Suffixes removed from the end of a word, longest first, if at least four letters remain.
const SUFFIXES: &[&str] = &[
    "arnas", "ernas", "ornas", "heten", "heter", "arna", "erna", "orna", "ande", "ende", "aste", "het", "ens", "ets",
    "ade", "are", "ast", "en", "et", "ar", "er", "or", "na", "as", "es", "s", "a", "e",
];

/// The stem of one lower-case word.
pub fn stem(word: &str) -> String {
    for suf in SUFFIXES {
        if let Some(rest) = word.strip_suffix(suf)
            && rest.chars().count() >= 4
        {
            return rest.to_string();
        }
    }
    word.to_string()
}

/// The words of a text: letters and digits, lower-cased, stop words left out, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// The index as JSON bytes: `{"docs": [[url, title, context]], "t": {term: [delta…]}, "w": {…}}`
/// where `t` indexes titles and `w` the text.
pub fn index(docs: &[SearchDoc]) -> Vec<u8> {
    let mut title_terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut text_terms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for t in terms(&d.title) {
            push_unique(title_terms.entry(t).or_default(), i);
        }
        for t in terms(&d.text) {
            push_unique(text_terms.entry(t).or_default(), i);
        }
    }
    let delta = |m: BTreeMap<String, Vec<usize>>| -> serde_json::Map<String, Value> {
        m.into_iter()
            .map(|(t, ids)| {
                let mut prev = 0;
                let d: Vec<usize> = ids
                    .into_iter()
                    .map(|id| {
                        let v = id - prev;
                        prev = id;
                        v
                    })
                    .collect();
                (t, json!(d))
            })
            .collect()
    };
    let v = json!({
        "docs": docs.iter().map(|d| json!([d.url, d.title, d.context])).collect::<Vec<_>>(),
        "t": delta(title_terms),
        "w": delta(text_terms),
    });
    serde_json::to_vec(&v).unwrap_or_default()
}

fn push_unique(v: &mut Vec<usize>, id: usize) {
    if v.last() != Some(&id) {
        v.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_inflections_meet() {
        assert_eq!(stem("uppdragen"), "uppdrag");
        assert_eq!(stem("uppdragets"), "uppdrag");
        assert_eq!(stem("indikatorer"), "indikator");
        assert_eq!(stem("personalomsättningen"), "personalomsättning");
        assert_eq!(stem("mål"), "mål", "short words are left alone");
        assert_eq!(terms("Sjukfrånvaron och målet"), vec!["sjukfrånvaron", "målet"]);
    }

    #[test]
    fn index_is_delta_coded_and_deterministic() {
        let doc = |u: &str, t: &str, x: &str| SearchDoc {
            url: u.into(),
            title: t.into(),
            text: x.into(),
            context: String::new(),
        };
        let docs = vec![
            doc("/a/", "Ekonomi", "budget budget"),
            doc("/b/", "Medarbetare", "budget"),
        ];
        let a = String::from_utf8(index(&docs)).unwrap();
        assert!(a.contains("\"budg\":[0,1]"), "{a}");
        assert_eq!(index(&docs), index(&docs));
    }
}
