//! The search index: built at build time, searched in the browser by `search.js`.
//!
//! Words are lower-cased and given a light Swedish stemming, so that "budgeten", "budget" and
//! "budgetar" meet; the browser also matches on word beginnings. The rules (stop words,
//! suffixes, shortest stem) are one table, [`RULES`]: the index carries it, and `search.js`
//! stems with what it reads there, so the two implementations cannot drift apart (the browser
//! test feeds both the same words). Each page's distinct terms are found while the page
//! renders (in parallel); the index only merges them. Postings are delta-coded document
//! numbers, to keep the file small; each document carries its text for the result snippets.

use crate::render::SearchDoc;
use serde::Serialize;

/// The stemming rules, shared with the browser through the index.
#[derive(Debug, Serialize)]
pub struct Rules {
    /// Words too common to help a search, sorted (searched by bisection).
    pub stop: &'static [&'static str],
    /// Suffixes removed from the end of a word, in this order (longest first), again and
    /// again, as long as at least `min_stem` letters remain.
    pub suffixes: &'static [&'static str],
    pub min_stem: usize,
    /// Shorter words are not indexed.
    pub min_word: usize,
}

pub const RULES: Rules = Rules {
    stop: &[
        "att", "av", "bli", "blir", "de", "den", "denna", "deras", "dess", "dessa", "det", "detta", "där", "efter",
        "eller", "en", "ett", "från", "för", "hade", "har", "i", "inte", "kan", "med", "men", "mot", "och", "också",
        "om", "på", "samt", "sig", "ska", "skulle", "som", "så", "till", "under", "var", "vara", "vid", "är", "även",
    ],
    suffixes: &[
        "arnas", "ernas", "ornas", "heten", "heter", "arna", "erna", "orna", "ande", "ende", "aste", "het", "ens",
        "ets", "ade", "are", "ast", "en", "et", "ar", "er", "or", "na", "as", "es", "s", "a", "e", "n",
    ],
    min_stem: 4,
    min_word: 2,
};

/// Longest text of one document kept for snippets, in bytes.
pub const SNIPPET_TEXT_MAX: usize = 30_000;

fn is_stop_word(w: &str) -> bool {
    RULES.stop.binary_search(&w).is_ok()
}

/// The stem of one lower-case word: suffixes are removed until none fits (so that
/// "budgeten" → "budget" → "budg", the same stem as "budget").
pub fn stem(word: &str) -> &str {
    let mut w = word;
    'strip: loop {
        let b = w.as_bytes();
        let Some(&last) = b.last() else { return w };
        for suf in RULES.suffixes {
            let s = suf.as_bytes();
            // Compared byte by byte from the end: most suffixes fail on the last letter, and
            // this runs for every word of every page.
            if s[s.len() - 1] != last
                || b.len() < s.len() + RULES.min_stem
                || !b.iter().rev().zip(s.iter().rev()).all(|(a, b)| a == b)
            {
                continue;
            }
            let rest = &w[..w.len() - suf.len()];
            if rest.chars().count() >= RULES.min_stem {
                w = rest;
                continue 'strip;
            }
        }
        return w;
    }
}

/// The distinct terms of a text, sorted. A word met before (as it is written) is not
/// lower-cased and stemmed again: most words of a page are repeats.
pub fn distinct_terms(text: &str) -> Vec<String> {
    let mut met: rustc_hash::FxHashSet<&str> = Default::default();
    let mut set: rustc_hash::FxHashSet<String> = Default::default();
    let mut word = String::with_capacity(32);
    for w in words(text) {
        if !met.insert(w) {
            continue;
        }
        if let Some(t) = term(w, &mut word)
            && !set.contains(t)
        {
            set.insert(t.to_string());
        }
    }
    let mut v: Vec<String> = set.into_iter().collect();
    v.sort_unstable();
    v
}

/// Words are runs of letters and digits (Unicode's Alphabetic and Numeric, as
/// `char::is_alphanumeric` and the browser's `[\p{Alphabetic}\p{N}]`), lower-cased one
/// character at a time.
#[cfg(test)]
fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    for w in words(text) {
        if let Some(t) = term(w, &mut word) {
            f(t);
        }
    }
}

/// The runs of letters and digits long enough to be words.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= RULES.min_word)
}

/// The term of one word (lower-cased into `word`, then stemmed), unless it is too short or a
/// stop word.
fn term<'w>(w: &str, word: &'w mut String) -> Option<&'w str> {
    word.clear();
    if w.is_ascii() {
        word.push_str(w);
        word.make_ascii_lowercase();
    } else {
        word.extend(w.chars().flat_map(char::to_lowercase));
    }
    if word.chars().nth(RULES.min_word - 1).is_none() || is_stop_word(word) {
        return None;
    }
    Some(stem(word))
}

/// A text as one line for snippets: runs of white space become one space, and it is cut
/// (at a character boundary) after [`SNIPPET_TEXT_MAX`] bytes.
pub fn snippet_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(SNIPPET_TEXT_MAX) + 8);
    for w in text.split_whitespace() {
        if out.len() + w.len() + 1 > SNIPPET_TEXT_MAX {
            let room = SNIPPET_TEXT_MAX.saturating_sub(out.len() + 1);
            if room > 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&w[..w.floor_char_boundary(room)]);
            }
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Term → the numbers of the documents that have it, ascending.
#[derive(Debug, Default, Clone)]
pub struct Postings(rustc_hash::FxHashMap<String, Vec<u32>>);

impl Postings {
    pub fn build<'a>(docs: impl Iterator<Item = &'a [String]>) -> Postings {
        let mut map: rustc_hash::FxHashMap<String, Vec<u32>> = Default::default();
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

    fn push_json(&self, out: &mut String) {
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

/// JSON as serde_json writes it, made safe to inline in HTML (should a theme ever do that):
/// `<` only occurs inside strings, where `\u003c` means the same.
fn safe_json<T: Serialize + ?Sized>(out: &mut String, v: &T) {
    let json = serde_json::to_string(v).unwrap_or_default();
    if json.contains('<') {
        out.push_str(&json.replace('<', "\\u003c"));
    } else {
        out.push_str(&json);
    }
}

/// One entry of the index's term lists: `"term":[first, gap, gap …]`.
pub fn posting_json(out: &mut String, term: &str, docs: &[u32]) {
    safe_json(out, term);
    out.push(':');
    let mut prev = 0;
    let deltas: Vec<u32> = docs
        .iter()
        .map(|d| {
            let delta = d - prev;
            prev = *d;
            delta
        })
        .collect();
    safe_json(out, &deltas);
}

/// One entry of the index's page list: `["url","title","context","text"]`.
pub fn doc_json(out: &mut String, d: &SearchDoc) {
    safe_json(
        out,
        &(d.url.as_str(), d.title.as_str(), d.context.as_str(), d.text.as_str()),
    );
}

/// The start of the index, up to its page list: `{"rules":{…},"docs":[`.
pub fn head_json(out: &mut String) {
    out.push_str("{\"rules\":");
    safe_json(out, &RULES);
    out.push_str(",\"docs\":[");
}

/// The index as JSON bytes: `{"rules": {…}, "docs": [[url, title, context, text]],
/// "t": {term: [delta…]}, "w": {…}}` where `t` indexes titles and `w` the text.
pub fn index<D: std::borrow::Borrow<SearchDoc>>(docs: &[D]) -> Vec<u8> {
    let titles = Postings::build(docs.iter().map(|d| d.borrow().title_terms.as_slice()));
    let texts = Postings::build(docs.iter().map(|d| d.borrow().text_terms.as_slice()));
    to_json(docs, &titles, &texts)
}

/// Serialise an index from its parts.
pub fn to_json<D: std::borrow::Borrow<SearchDoc>>(docs: &[D], titles: &Postings, texts: &Postings) -> Vec<u8> {
    let mut out = String::with_capacity(docs.len() * 200);
    head_json(&mut out);
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        doc_json(&mut out, d.borrow());
    }
    out.push_str("],\"t\":");
    titles.push_json(&mut out);
    out.push_str(",\"w\":");
    texts.push_json(&mut out);
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
        assert_eq!(stem("indikatorer"), stem("indikator"));
        assert_eq!(stem("personalomsättningen"), "personalomsättning");
        assert_eq!(stem("mål"), "mål", "short words are left alone");
        assert_eq!(terms("Sjukfrånvaron och målet"), vec!["sjukfrånvaro", "målet"]);
        assert_eq!(stem("ekonomin"), "ekonomi");
        assert_eq!(
            distinct_terms("Budget, budget och BUDGETEN"),
            vec!["budg"],
            "\"budgeten\" finds pages that only say \"budget\""
        );
        for (a, b) in [
            ("kvaliteten", "kvalitet"),
            ("aktiviteter", "aktivitet"),
            ("medarbetarna", "medarbetare"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} ~ {b}");
        }
    }

    #[test]
    fn rules_are_well_formed() {
        assert!(
            RULES.stop.windows(2).all(|w| w[0] < w[1]),
            "stop words sorted, for bisection"
        );
        assert!(
            RULES
                .suffixes
                .windows(2)
                .all(|w| w[0].chars().count() >= w[1].chars().count()),
            "suffixes longest first"
        );
        assert!(RULES.stop.iter().all(|w| *w == w.to_lowercase()));
    }

    #[test]
    fn snippet_text_is_one_line_and_bounded() {
        assert_eq!(snippet_text("  Budget\n\n och  utfall\t"), "Budget och utfall");
        let long = "åäö ".repeat(SNIPPET_TEXT_MAX);
        let s = snippet_text(&long);
        assert!(s.len() <= SNIPPET_TEXT_MAX + '…'.len_utf8() && s.ends_with('…'));
    }

    fn doc(u: &str, t: &str, x: &str) -> SearchDoc {
        SearchDoc {
            url: u.into(),
            title: t.into(),
            context: String::new(),
            text: snippet_text(x),
            title_terms: distinct_terms(t),
            text_terms: distinct_terms(x),
        }
    }

    #[test]
    fn index_is_delta_coded_valid_json_and_deterministic() {
        let docs = vec![
            doc("/a/", "Ekonomi", "budget budget"),
            doc("/b/", "Medarbetare \"<x>\"", "budgeten"),
        ];
        let a = String::from_utf8(index(&docs)).unwrap();
        assert!(a.contains("\"budg\":[0,1]"), "{a}");
        let v: serde_json::Value = serde_json::from_str(&a).unwrap();
        assert_eq!(v["docs"][1][1], "Medarbetare \"<x>\"");
        assert_eq!(v["docs"][1][3], "budgeten");
        assert_eq!(v["rules"]["min_stem"], 4);
        assert_eq!(v["rules"]["suffixes"][0], "arnas");
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
