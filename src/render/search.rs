//! The search index: built at build time, searched in the browser by `search.js`.
//!
//! Words are lower-cased and given a light Swedish stemming, so that "budgeten", "budget" and
//! "budgetar" meet; the browser also matches on word beginnings. The rules (stop words,
//! suffixes, shortest stem) are one table, [`RULES`]: the index carries it, and `search.js`
//! stems with what it reads there, so the two implementations cannot drift apart (the browser
//! test feeds both the same words). Each page's distinct terms are found while the page
//! renders (in parallel); the index only merges them. Postings are delta-coded document
//! numbers, to keep the file small; each document carries its text for the result snippets.
//! The index is written in parts ([`SearchFiles`]), so that a site of 100,000 pages does not
//! make the browser load all of it for one query.

use crate::render::SearchDoc;
use serde::Serialize;
use std::hash::Hasher;

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

/// A text's distinct search terms, sorted, in one allocation: a build holds the terms of
/// every page until the index is written, and at portal scale one `String` per term was
/// most of that memory. Terms never hold a line break (they are letters and digits).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms(Box<str>);

impl Terms {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|t| !t.is_empty())
    }
}

/// The distinct terms of a text, sorted. A word met before (as it is written) is not
/// lower-cased and stemmed again: most words of a page are repeats.
pub fn distinct_terms(text: &str) -> Terms {
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
    Terms(v.join("\n").into_boxed_str())
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
    super::words::words(text)
        .map(|(_, w)| w)
        .filter(|w| w.len() >= RULES.min_word)
}

/// The term of one word (lower-cased into `word`, then stemmed), unless it is too short or a
/// stop word.
fn term<'w>(w: &str, word: &'w mut String) -> Option<&'w str> {
    word.clear();
    super::words::lowercase_into(word, w);
    if word.chars().nth(RULES.min_word - 1).is_none() || is_stop_word(word) {
        return None;
    }
    Some(stem(word))
}

/// A text as one line for snippets: runs of white space become one space, and it is cut
/// (at a character boundary) after [`SNIPPET_TEXT_MAX`] bytes.
pub fn snippet_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(SNIPPET_TEXT_MAX) + 8);
    for (_, w) in super::words::unspaced(text) {
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
    pub fn build<'a>(docs: impl Iterator<Item = &'a Terms>) -> Postings {
        let mut map: rustc_hash::FxHashMap<String, Vec<u32>> = Default::default();
        for (i, terms) in docs.enumerate() {
            for t in terms.iter() {
                match map.get_mut(t) {
                    Some(v) => v.push(i as u32),
                    None => {
                        map.insert(t.to_string(), vec![i as u32]);
                    }
                }
            }
        }
        Postings(map)
    }

    /// Replace document `doc`'s terms `old` with `new` (used when one page changes).
    pub fn update(&mut self, doc: u32, old: &[&str], new: &[&str]) {
        for &t in old {
            if let Some(v) = self.0.get_mut(t) {
                if let Ok(i) = v.binary_search(&doc) {
                    v.remove(i);
                }
                if v.is_empty() {
                    self.0.remove(t);
                }
            }
        }
        for &t in new {
            let v = self.0.entry(t.to_string()).or_default();
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

/// Target size of one part of the term list, in bytes: terms are cut into parts of about
/// this size (a part holds at least one term, so a very common term's part may be bigger).
pub const TERM_SHARD_BYTES: usize = 32 * 1024;

/// Documents per part of the document list (each with its text for snippets).
pub const DOCS_PER_SHARD: usize = 16;

/// The folder of the index's parts, beside the search index's table of contents.
pub const SHARD_DIR: &str = "sok-index/";

/// The search index in parts, as the browser loads them: a small table of contents
/// (`manifest`, with the stemming rules and the first term of each part), parts of the sorted
/// term list, and parts of the document list. The browser fetches the table of contents, then
/// only the parts that can hold the query's terms, then only the parts with the documents it
/// shows. Every part's name carries a hash of all parts, so hosts may cache them for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFiles {
    pub manifest: Vec<u8>,
    /// (path inside the output, bytes)
    pub shards: Vec<(String, Vec<u8>)>,
}

/// One entry of the index's term list: `"term":[[title docs…],[text docs…]]`, each list of
/// documents delta-coded (first, gap, gap …).
pub fn entry_json(out: &mut String, term: &str, titles: Option<&[u32]>, texts: Option<&[u32]>) {
    safe_json(out, term);
    out.push_str(":[");
    deltas_json(out, titles.unwrap_or_default());
    out.push(',');
    deltas_json(out, texts.unwrap_or_default());
    out.push(']');
}

fn deltas_json(out: &mut String, docs: &[u32]) {
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
pub fn doc_json(out: &mut String, url: &str, title: &str, context: &str, text: &str) {
    safe_json(out, &(url, title, context, text));
}

/// The index in parts from the documents.
pub fn index<D: std::borrow::Borrow<SearchDoc>>(docs: &[D]) -> SearchFiles {
    let entries = term_entries(docs.iter().map(|d| d.borrow()));
    files(
        entries.iter().map(|(t, e)| (t.as_str(), e.as_str())),
        docs.iter().map(|d| d.borrow().json.as_str()),
    )
}

/// The index from documents not needed afterwards, its parts handed to `put` as they are
/// made, on every core (a build writes each at once): the parts of a large site (hundreds of
/// MB at 100,000 pages) are never in memory together. Returns the table of contents and what
/// `put` returned for each part, in order; the parts are the same as [`index`]'s.
pub fn index_into<R: Send>(docs: Vec<SearchDoc>, put: &(dyn Fn(String, Vec<u8>) -> R + Sync)) -> (Vec<u8>, Vec<R>) {
    use rayon::prelude::*;
    let entries = term_entries(docs.iter());
    let entries: Vec<(&str, &str)> = entries.iter().map(|(t, e)| (t.as_str(), e.as_str())).collect();
    let docs: Vec<&str> = docs.iter().map(|d| d.json.as_str()).collect();
    let layout = Layout::of(&entries, docs.len());
    // The parts' names carry a hash of all parts: made once to hash, then again to hand out.
    let hashes: Vec<u64> = layout
        .parts()
        .par_iter()
        .map(|p| part_hash(&p.make(&entries, &docs)))
        .collect();
    let generation = generation(&hashes);
    let placed = layout
        .parts()
        .par_iter()
        .map(|p| {
            put(
                shard_path(p.kind, p.number, &generation),
                p.make(&entries, &docs).into_bytes(),
            )
        })
        .collect();
    (manifest(&layout.firsts(&entries), &generation, docs.len()), placed)
}

/// Every term of the documents' titles and texts with its entry, sorted by term.
fn term_entries<'a>(docs: impl Iterator<Item = &'a SearchDoc>) -> std::collections::BTreeMap<String, String> {
    let docs: Vec<&SearchDoc> = docs.collect();
    let (titles, texts) = rayon::join(
        || Postings::build(docs.iter().map(|d| &d.title_terms)),
        || Postings::build(docs.iter().map(|d| &d.text_terms)),
    );
    entries(&titles, &texts)
}

/// Every term of titles and texts with its entry ([`entry_json`]), sorted by term.
pub fn entries(titles: &Postings, texts: &Postings) -> std::collections::BTreeMap<String, String> {
    use rayon::prelude::*;
    let mut terms: Vec<&str> = titles.terms().chain(texts.terms()).collect();
    terms.par_sort_unstable();
    terms.dedup();
    // Made on every core (a portal has hundreds of thousands of terms), in term order.
    let made: Vec<(String, String)> = terms
        .into_par_iter()
        .map(|t| (t.to_string(), entry(titles, texts, t)))
        .collect();
    made.into_iter().collect()
}

/// The entry of one term.
pub fn entry(titles: &Postings, texts: &Postings, term: &str) -> String {
    let mut s = String::new();
    entry_json(&mut s, term, titles.get(term), texts.get(term));
    s
}

/// The parts of an index from its entries (sorted by term) and its documents' JSON (in
/// document order), made on every core.
pub fn files<'a>(
    entries: impl Iterator<Item = (&'a str, &'a str)>,
    docs: impl Iterator<Item = &'a str>,
) -> SearchFiles {
    use rayon::prelude::*;
    let entries: Vec<(&str, &str)> = entries.collect();
    let docs: Vec<&str> = docs.collect();
    let layout = Layout::of(&entries, docs.len());
    let made: Vec<(String, u64)> = layout
        .parts()
        .par_iter()
        .map(|p| {
            let part = p.make(&entries, &docs);
            let hash = part_hash(&part);
            (part, hash)
        })
        .collect();
    let hashes: Vec<u64> = made.iter().map(|(_, h)| *h).collect();
    let generation = generation(&hashes);
    let shards = made
        .into_iter()
        .zip(layout.parts())
        .map(|((part, _), p)| (shard_path(p.kind, p.number, &generation), part.into_bytes()))
        .collect();
    SearchFiles {
        manifest: manifest(&layout.firsts(&entries), &generation, docs.len()),
        shards,
    }
}

/// Where the index is cut into parts: the term list into parts of about
/// [`TERM_SHARD_BYTES`] (a part holds at least one term), the documents
/// [`DOCS_PER_SHARD`] to a part. Cut first, so that the parts can be made in parallel.
struct Layout {
    parts: Vec<Part>,
}

/// One part: `"t"` (terms) or `"d"` (documents), its number among its kind, and the range
/// of entries or documents it holds.
struct Part {
    kind: &'static str,
    number: usize,
    range: std::ops::Range<usize>,
}

impl Layout {
    fn of(entries: &[(&str, &str)], docs: usize) -> Layout {
        let mut parts = Vec::new();
        let mut start = 0;
        // The length of the part so far, with its opening brace.
        let mut len = 0;
        for (i, (_, entry)) in entries.iter().enumerate() {
            if i > start && len + entry.len() + 2 > TERM_SHARD_BYTES {
                parts.push(Part {
                    kind: "t",
                    number: parts.len(),
                    range: start..i,
                });
                start = i;
            }
            len = if i == start {
                1 + entry.len()
            } else {
                len + 1 + entry.len()
            };
        }
        if start < entries.len() {
            parts.push(Part {
                kind: "t",
                number: parts.len(),
                range: start..entries.len(),
            });
        }
        for (number, first) in (0..docs).step_by(DOCS_PER_SHARD).enumerate() {
            parts.push(Part {
                kind: "d",
                number,
                range: first..(first + DOCS_PER_SHARD).min(docs),
            });
        }
        Layout { parts }
    }

    fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The first term of each term part.
    fn firsts<'a>(&self, entries: &[(&'a str, &str)]) -> Vec<&'a str> {
        self.parts
            .iter()
            .filter(|p| p.kind == "t")
            .map(|p| entries[p.range.start].0)
            .collect()
    }
}

impl Part {
    /// The part's JSON: an object of term entries, or an array of documents.
    fn make(&self, entries: &[(&str, &str)], docs: &[&str]) -> String {
        let (open, close, items): (char, char, Vec<&str>) = if self.kind == "t" {
            ('{', '}', entries[self.range.clone()].iter().map(|(_, e)| *e).collect())
        } else {
            ('[', ']', docs[self.range.clone()].to_vec())
        };
        let mut part = String::with_capacity(items.iter().map(|i| i.len() + 1).sum::<usize>() + 2);
        part.push(open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                part.push(',');
            }
            part.push_str(item);
        }
        part.push(close);
        part
    }
}

/// One hash over every part names them all: what the table of contents points to changes
/// name whenever any part changes. Each part is hashed on its own (on any core), and the
/// parts' hashes in order make the name. (A word-at-a-time hash: the parts of a large site
/// are tens of MB, hashed again on every edit in `insyn serve`.)
fn part_hash(part: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(part.as_bytes());
    h.finish()
}

fn generation(part_hashes: &[u64]) -> String {
    let mut h = rustc_hash::FxHasher::default();
    for p in part_hashes {
        h.write_u64(*p);
    }
    let h = h.finish();
    format!("{:08x}", (h >> 32) as u32 ^ h as u32)
}

/// The table of contents: the stemming rules, where the parts are, and the first term of
/// each term part.
fn manifest(firsts: &[&str], generation: &str, count: usize) -> Vec<u8> {
    let mut manifest = String::from("{\"rules\":");
    safe_json(&mut manifest, &RULES);
    manifest.push_str(",\"dir\":");
    safe_json(&mut manifest, SHARD_DIR);
    manifest.push_str(",\"gen\":");
    safe_json(&mut manifest, generation);
    manifest.push_str(",\"terms\":");
    safe_json(&mut manifest, firsts);
    manifest.push_str(&format!(",\"per\":{DOCS_PER_SHARD},\"docs\":{count}}}"));
    manifest.into_bytes()
}

/// `sok-index/t3.1a2b3c4d.json`: part 3 of the terms (`t`) or of the documents (`d`).
pub fn shard_path(kind: &str, i: usize, generation: &str) -> String {
    format!("{SHARD_DIR}{kind}{i}.{generation}.json")
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
            distinct_terms("Budget, budget och BUDGETEN").iter().collect::<Vec<_>>(),
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
        crate::render::search_doc(u, t, "", x)
    }

    /// The parts of `f` as JSON: (table of contents, every term entry, every document).
    fn parsed(
        f: &SearchFiles,
    ) -> (
        serde_json::Value,
        serde_json::Map<String, serde_json::Value>,
        Vec<serde_json::Value>,
    ) {
        let manifest: serde_json::Value = serde_json::from_slice(&f.manifest).unwrap();
        let mut terms = serde_json::Map::new();
        let mut docs = Vec::new();
        for (path, bytes) in &f.shards {
            let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            if path.starts_with("sok-index/t") {
                terms.extend(v.as_object().unwrap().clone());
            } else {
                docs.extend(v.as_array().unwrap().iter().cloned());
            }
        }
        (manifest, terms, docs)
    }

    #[test]
    fn index_is_delta_coded_valid_json_and_deterministic() {
        let docs = vec![
            doc("/a/", "Ekonomi", "budget budget"),
            doc("/b/", "Medarbetare \"<x>\"", "budgeten"),
        ];
        let f = index(&docs);
        let (m, terms, d) = parsed(&f);
        assert_eq!(terms["budg"], serde_json::json!([[], [0, 1]]));
        assert_eq!(terms["ekonomi"], serde_json::json!([[0], []]));
        assert_eq!(d[1][1], "Medarbetare \"<x>\"");
        assert_eq!(d[1][3], "budgeten");
        assert_eq!(m["rules"]["min_stem"], 4);
        assert_eq!(m["rules"]["suffixes"][0], "arnas");
        assert_eq!(m["docs"], 2);
        for (_, b) in &f.shards {
            assert!(!b.contains(&b'<'), "no raw < in the index");
        }
        assert_eq!(index(&docs), index(&docs));
    }

    #[test]
    fn parts_are_bounded_and_found_from_the_table_of_contents() {
        // Many distinct words: many parts of the term list, each near the target size.
        let docs: Vec<SearchDoc> = (0..200)
            .map(|i| {
                let text: String = (0..60).map(|w| format!("ord{i}x{w} ")).collect();
                doc(&format!("/{i}/"), &format!("Sida {i}"), &text)
            })
            .collect();
        let f = index(&docs);
        let (m, terms, d) = parsed(&f);
        let firsts: Vec<&str> = m["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let term_parts: Vec<&(String, Vec<u8>)> =
            f.shards.iter().filter(|(p, _)| p.starts_with("sok-index/t")).collect();
        assert!(term_parts.len() > 3, "{}", term_parts.len());
        assert_eq!(term_parts.len(), firsts.len());
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        for (i, (path, bytes)) in term_parts.iter().enumerate() {
            assert!(bytes.len() <= TERM_SHARD_BYTES, "{path}: {} bytes", bytes.len());
            // The part's first term is the one the table of contents names.
            let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            assert_eq!(v.as_object().unwrap().keys().min().unwrap(), firsts[i]);
        }
        assert_eq!(d.len(), 200);
        assert_eq!(f.shards.len() - term_parts.len(), 200usize.div_ceil(DOCS_PER_SHARD));
        assert_eq!(
            terms.len(),
            200 * 60 + 1 + 190,
            "every word, \"sida\" and the numbers 10 to 199"
        );
        let generation = m["gen"].as_str().unwrap();
        assert!(
            f.shards
                .iter()
                .all(|(p, _)| p.ends_with(&format!(".{generation}.json")))
        );
        assert!(f.manifest.len() < 4096, "{}", f.manifest.len());
        // Handed out part by part (a build writes each at once, on any core): the same parts,
        // in order.
        let (manifest, handed) = index_into(docs, &|path, bytes| (path, bytes));
        assert_eq!(manifest, f.manifest);
        assert_eq!(handed, f.shards);
    }

    /// The parts as they were made before they were cut first: one pass, one part at a time.
    fn parts_one_at_a_time(entries: &[(&str, &str)], docs: &[&str]) -> (Vec<String>, Vec<String>) {
        let (mut made, mut firsts) = (Vec::new(), Vec::new());
        let mut part = String::new();
        for (term, entry) in entries {
            if part.is_empty() || part.len() + entry.len() + 2 > TERM_SHARD_BYTES {
                if !part.is_empty() {
                    part.push('}');
                    made.push(std::mem::take(&mut part));
                }
                firsts.push(term.to_string());
                part.push('{');
            } else {
                part.push(',');
            }
            part.push_str(entry);
        }
        if !part.is_empty() {
            part.push('}');
            made.push(std::mem::take(&mut part));
        }
        for chunk in docs.chunks(DOCS_PER_SHARD) {
            made.push(format!("[{}]", chunk.join(",")));
        }
        (made, firsts)
    }

    #[test]
    fn parts_cut_first_are_the_parts_made_one_at_a_time() {
        // Entries of every size around the cut: tiny, near the part size, larger than a part.
        let sizes = [
            1,
            7,
            100,
            3000,
            TERM_SHARD_BYTES - 3,
            TERM_SHARD_BYTES - 2,
            TERM_SHARD_BYTES,
            2 * TERM_SHARD_BYTES,
        ];
        let texts: Vec<String> = (0..400)
            .map(|i| {
                let len = if i % 5 == 0 {
                    sizes[(i / 5) % sizes.len()]
                } else {
                    1 + i * 131 % 9000
                };
                "x".repeat(len)
            })
            .collect();
        let entries: Vec<(String, String)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("t{i:04}"), t.clone()))
            .collect();
        let doc_texts: Vec<String> = (0..40).map(|i| format!("[\"/{i}/\"]")).collect();
        // Two entries that fill a part to one byte under, exactly, and one byte over its size.
        for over in [-1isize, 0, 1] {
            for first in [1usize, 100] {
                let second = (TERM_SHARD_BYTES as isize - 3 - first as isize + over) as usize;
                let (a, b) = ("y".repeat(first), "z".repeat(second));
                let e = [("a", a.as_str()), ("b", b.as_str()), ("c", "w")];
                let (want, want_firsts) = parts_one_at_a_time(&e, &[]);
                let layout = Layout::of(&e, 0);
                let made: Vec<String> = layout.parts().iter().map(|p| p.make(&e, &[])).collect();
                assert_eq!(made, want, "{first} + {second}");
                assert_eq!(layout.firsts(&e), want_firsts);
            }
        }
        for (n_entries, n_docs) in [(0, 0), (1, 1), (3, 16), (50, 17), (400, 33), (400, 40)] {
            let e: Vec<(&str, &str)> = entries[..n_entries]
                .iter()
                .map(|(t, x)| (t.as_str(), x.as_str()))
                .collect();
            let d: Vec<&str> = doc_texts[..n_docs].iter().map(String::as_str).collect();
            let (want, want_firsts) = parts_one_at_a_time(&e, &d);
            let layout = Layout::of(&e, d.len());
            let made: Vec<String> = layout.parts().iter().map(|p| p.make(&e, &d)).collect();
            assert_eq!(made, want, "{n_entries} entries, {n_docs} documents");
            assert_eq!(layout.firsts(&e), want_firsts);
            let numbers: Vec<(&str, usize)> = layout.parts().iter().map(|p| (p.kind, p.number)).collect();
            let terms = want.len() - d.len().div_ceil(DOCS_PER_SHARD);
            let expected: Vec<(&str, usize)> = (0..terms)
                .map(|i| ("t", i))
                .chain((0..d.len().div_ceil(DOCS_PER_SHARD)).map(|i| ("d", i)))
                .collect();
            assert_eq!(numbers, expected);
        }
    }

    #[test]
    fn updating_one_document_equals_rebuilding() {
        let mut docs = [doc("/a/", "A", "budget utfall"), doc("/b/", "B", "budget")];
        let mut p = Postings::build(docs.iter().map(|d| &d.text_terms));
        let new = distinct_terms("prognos");
        let old: Vec<&str> = docs[0].text_terms.iter().collect();
        p.update(0, &old, &new.iter().collect::<Vec<_>>());
        docs[0].text_terms = new;
        let rebuilt = Postings::build(docs.iter().map(|d| &d.text_terms));
        let titles = Postings::build(docs.iter().map(|d| &d.title_terms));
        assert_eq!(entries(&titles, &p), entries(&titles, &rebuilt));
    }
}
