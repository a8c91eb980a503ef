//! The glossary in pages: the first use of each term on a page links to its explanation on
//! the glossary page (an abbreviation also gets `<abbr title>`), and the glossary page itself.

use super::words::words;
use crate::glossary::{Glossary, Term};
use serde::Serialize;
use std::collections::HashSet;

/// Short words, looked up for every word of every page: a fast hasher (order never matters
/// here), not the default DoS-resistant one, which a build of the site's own text does not need.
type WordMap<V> = rustc_hash::FxHashMap<String, V>;

/// Where the glossary page lives.
pub const GLOSSARY_PATH: &str = "/begrepp/";

/// Finds the terms of a glossary in text. Built once per site.
pub struct Marker {
    /// First word of a form (lower-cased unless the term is matched case for case) → the
    /// forms that start with it, longest first.
    by_first: WordMap<Vec<Form>>,
    /// The first two bytes (ASCII lower-cased) of every first word, in any case: a word
    /// whose beginning is not here is passed over without being looked up.
    starts: Box<[u64; 1024]>,
    /// The lengths in bytes of the first words (bit 63: 63 or more). A word of ASCII can only
    /// be a first word of its own length, in any case.
    lengths: u64,
    /// Per term: its anchor on the glossary page and, for an abbreviation, what it stands for.
    anchors: Vec<String>,
    expansions: Vec<Option<String>>,
    /// The glossary page's URL, e.g. `/insyn/begrepp/`.
    page_url: String,
}

struct Form {
    term: usize,
    words: Vec<String>,
    case_sensitive: bool,
}

/// The anchors of the terms on the glossary page: slugs, made unique.
pub fn anchors(g: &Glossary) -> Vec<String> {
    let mut used: HashSet<String> = ["innehall".to_string()].into_iter().collect();
    g.terms
        .iter()
        .map(|t| {
            let base = crate::model::slugify(&t.term);
            let base = if base.is_empty() { "begrepp".to_string() } else { base };
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

/// A word's first two bytes, ASCII lower-cased, as a number below 65 536.
fn start_key(w: &str) -> usize {
    let b = w.as_bytes();
    let at = |i: usize| b.get(i).map(|c| c.to_ascii_lowercase() as usize).unwrap_or(0);
    at(0) << 8 | at(1)
}

fn length_bit(w: &str) -> u64 {
    1 << w.len().min(63)
}

fn normal(word: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        word.to_string()
    } else {
        word.to_lowercase()
    }
}

/// Whether a word of the text is the word `form` of a form (which is [`normal`]).
fn same_word(word: &str, form: &str, case_sensitive: bool) -> bool {
    if case_sensitive {
        word == form
    } else if word.is_ascii() {
        // What `to_lowercase` gives for ASCII, without making the lower-cased word.
        word.len() == form.len() && word.bytes().zip(form.bytes()).all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        word.to_lowercase() == form
    }
}

impl Marker {
    pub fn new(g: &Glossary, page_url: String) -> Marker {
        let mut by_first: WordMap<Vec<Form>> = WordMap::default();
        for (i, t) in g.terms.iter().enumerate() {
            for f in &t.forms {
                let cs = t.case_sensitive();
                let words: Vec<String> = words(f).map(|(_, w)| normal(w, cs)).collect();
                let Some(first) = words.first().cloned() else { continue };
                by_first.entry(first).or_default().push(Form {
                    term: i,
                    words,
                    case_sensitive: cs,
                });
            }
        }
        for v in by_first.values_mut() {
            v.sort_by(|a, b| b.words.len().cmp(&a.words.len()).then(a.term.cmp(&b.term)));
        }
        let mut starts = Box::new([0u64; 1024]);
        for first in by_first.keys() {
            let mut cap = first.chars();
            let capitalised: String = cap
                .next()
                .map(|c| c.to_uppercase().chain(cap).collect())
                .unwrap_or_default();
            for v in [first.clone(), first.to_uppercase(), capitalised] {
                let k = start_key(&v);
                starts[k / 64] |= 1 << (k % 64);
            }
        }
        let lengths = by_first.keys().fold(0, |l, w| l | length_bit(w));
        Marker {
            by_first,
            starts,
            lengths,
            anchors: anchors(g),
            expansions: g.terms.iter().map(|t| t.expansion.clone()).collect(),
            page_url,
        }
    }

    /// `text` as HTML, with the first use of each term not in `used` linked (and added to
    /// `used`). Words of a form may be separated by any white space, line breaks included.
    pub fn mark(&self, text: &str, used: &mut HashSet<usize>) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut done = 0; // bytes of `text` already written
        let mut lower = String::with_capacity(32);
        // Words one at a time: most are passed over on their first two bytes, and only a word
        // that may begin a form looks ahead (on a copy of the walk) at the words after it.
        let mut rest = words(text);
        while let Some((start, w)) = rest.next() {
            if used.len() == self.anchors.len() {
                break;
            }
            let k = start_key(w);
            if self.starts[k / 64] & (1 << (k % 64)) == 0 || self.lengths & length_bit(w) == 0 && w.is_ascii() {
                continue;
            }
            lower.clear();
            super::words::lowercase_into(&mut lower, w);
            let exact = if lower == w { None } else { self.by_first.get(w) };
            let candidates = [exact, self.by_first.get(lower.as_str())];
            let found = candidates.iter().flatten().flat_map(|v| v.iter()).find_map(|f| {
                let mut ahead = rest.clone();
                let mut end = start + w.len();
                for (k, fw) in f.words.iter().enumerate() {
                    let (at, word) = if k == 0 { (start, w) } else { ahead.next()? };
                    // Only white space between the words of a form.
                    let joined = k == 0 || text[end..at].trim().is_empty();
                    if !(joined && same_word(word, fw, f.case_sensitive)) {
                        return None;
                    }
                    end = at + word.len();
                }
                Some((f, end, ahead))
            });
            let Some((f, end, after)) = found else {
                continue;
            };
            if used.insert(f.term) {
                escape_html(&mut out, &text[done..start]);
                self.link(&mut out, f.term, &text[start..end]);
                done = end;
            }
            rest = after;
        }
        escape_html(&mut out, &text[done..]);
        out
    }

    fn link(&self, out: &mut String, term: usize, shown: &str) {
        out.push_str("<a class=\"begrepp\" href=\"");
        escape_html(out, &self.page_url);
        out.push('#');
        out.push_str(&self.anchors[term]);
        out.push_str("\">");
        match &self.expansions[term] {
            Some(e) => {
                out.push_str("<abbr title=\"");
                escape_html(out, e);
                out.push_str("\">");
                escape_html(out, shown);
                out.push_str("</abbr>");
            }
            None => escape_html(out, shown),
        }
        // The link's name says where it goes, not only which word it is.
        out.push_str("<span class=\"visually-hidden\"> (ordförklaring)</span></a>");
    }
}

/// Text into HTML text or attribute value. (Runs without markup characters are copied whole:
/// this runs over all the running text of every page.)
pub fn escape_html(out: &mut String, s: &str) {
    // Most runs of text have none: two fast searches then one copy.
    let b = s.as_bytes();
    if memchr::memchr3(b'<', b'>', b'&', b).is_none() && memchr::memchr2(b'"', b'\'', b).is_none() {
        out.push_str(s);
        return;
    }
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// The glossary page, as its template receives it.
#[derive(Serialize)]
pub struct GlossaryView {
    /// Terms grouped by their first letter (a–z, å, ä, ö).
    pub letters: Vec<LetterView>,
    pub count: usize,
}

#[derive(Serialize)]
pub struct LetterView {
    pub letter: String,
    pub id: String,
    pub terms: Vec<TermView>,
}

#[derive(Serialize)]
pub struct TermView {
    pub id: String,
    pub term: String,
    pub expansion: Option<String>,
    pub explanation: String,
    pub from_site: bool,
}

pub fn view(g: &Glossary) -> GlossaryView {
    let ids = anchors(g);
    let mut letters: Vec<LetterView> = Vec::new();
    for (t, id) in g.terms.iter().zip(ids) {
        let letter = first_letter(t);
        if letters.last().is_none_or(|l| l.letter != letter) {
            letters.push(LetterView {
                id: format!("bokstav-{}", crate::model::slugify(&letter)),
                letter: letter.clone(),
                terms: Vec::new(),
            });
        }
        if let Some(l) = letters.last_mut() {
            l.terms.push(TermView {
                id,
                term: t.term.clone(),
                expansion: t.expansion.clone(),
                explanation: t.explanation.clone(),
                from_site: t.from_site,
            });
        }
    }
    // Two letters with the same slug (å and a) need ids of their own.
    let mut seen = HashSet::new();
    for l in &mut letters {
        let mut n = 2;
        let base = l.id.clone();
        while !seen.insert(l.id.clone()) {
            l.id = format!("{base}-{n}");
            n += 1;
        }
    }
    GlossaryView {
        count: g.terms.len(),
        letters,
    }
}

fn first_letter(t: &Term) -> String {
    t.term
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

/// The search entries of the glossary: one per term, pointing at its explanation.
pub fn search_docs(g: &Glossary, page_url: &str) -> Vec<crate::render::SearchDoc> {
    g.terms
        .iter()
        .zip(anchors(g))
        .map(|(t, id)| {
            let title = match &t.expansion {
                Some(e) => format!("{} ({e})", t.term),
                None => t.term.clone(),
            };
            // Every form finds the term; the snippet shows the explanation.
            let mut doc =
                crate::render::search_doc(&format!("{page_url}#{id}"), &title, "Ord och begrepp", &t.explanation);
            let mut words = t.forms.join(" ");
            words.push(' ');
            words.push_str(&t.explanation);
            doc.text_terms = crate::render::search::distinct_terms(&words);
            doc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        let t = |term: &str, exp: Option<&str>, forms: &[&str]| Term {
            term: term.into(),
            expansion: exp.map(String::from),
            explanation: "x".into(),
            forms: std::iter::once(term)
                .chain(forms.iter().copied())
                .map(String::from)
                .collect(),
            from_site: false,
        };
        let mut g = Glossary {
            terms: vec![
                t("avvikelse", None, &["avvikelsen", "avvikelser"]),
                t("budgetavvikelse", None, &[]),
                t("ackumulerad budgetavvikelse", None, &[]),
                t("HME", Some("Hållbart medarbetarengagemang"), &[]),
            ],
        };
        g.sort();
        g
    }

    fn mark(text: &str) -> String {
        let m = Marker::new(&glossary(), "/insyn/begrepp/".into());
        m.mark(text, &mut HashSet::new())
    }

    #[test]
    fn first_use_is_linked_once() {
        let html = mark("Avvikelsen är stor. En avvikelse till.");
        assert_eq!(
            html,
            "<a class=\"begrepp\" href=\"/insyn/begrepp/#avvikelse\">Avvikelsen<span class=\"visually-hidden\"> (ordförklaring)</span></a> är stor. En avvikelse till."
        );
    }

    #[test]
    fn whole_words_only_and_the_longest_form_wins() {
        assert_eq!(mark("Avvikelsernas"), "Avvikelsernas");
        let html = mark("Den ackumulerade? Nej: ackumulerad\nbudgetavvikelse, sedan budgetavvikelse.");
        assert!(
            html.contains("<a class=\"begrepp\" href=\"/insyn/begrepp/#ackumulerad-budgetavvikelse\">ackumulerad\nbudgetavvikelse<span class=\"visually-hidden\"> (ordförklaring)</span></a>"),
            "{html}"
        );
        assert!(
            html.ends_with("sedan <a class=\"begrepp\" href=\"/insyn/begrepp/#budgetavvikelse\">budgetavvikelse<span class=\"visually-hidden\"> (ordförklaring)</span></a>."),
            "{html}"
        );
    }

    #[test]
    fn abbreviations_match_case_for_case_and_get_abbr() {
        assert_eq!(mark("hme"), "hme");
        assert_eq!(
            mark("Ett högt HME-index <b>"),
            "Ett högt <a class=\"begrepp\" href=\"/insyn/begrepp/#hme\"><abbr title=\"Hållbart medarbetarengagemang\">HME</abbr><span class=\"visually-hidden\"> (ordförklaring)</span></a>-index &lt;b&gt;"
        );
    }

    /// The marking as it was first written: all the words of the text collected first.
    fn mark_from_all_words(m: &Marker, text: &str, used: &mut HashSet<usize>) -> String {
        let mut out = String::new();
        let all: Vec<(usize, &str)> = words(text).collect();
        let (mut done, mut i) = (0, 0);
        while i < all.len() && used.len() < m.anchors.len() {
            let (start, w) = all[i];
            let lower = w.chars().flat_map(char::to_lowercase).collect::<String>();
            let candidates = [m.by_first.get(w), m.by_first.get(lower.as_str())];
            let found = candidates.iter().flatten().flat_map(|v| v.iter()).find(|f| {
                f.words.len() <= all.len() - i
                    && f.words.iter().enumerate().all(|(k, fw)| {
                        let (at, word) = all[i + k];
                        let joined = k == 0 || text[all[i + k - 1].0 + all[i + k - 1].1.len()..at].trim().is_empty();
                        joined && normal(word, f.case_sensitive) == *fw
                    })
            });
            let Some(f) = found else {
                i += 1;
                continue;
            };
            let (last_at, last) = all[i + f.words.len() - 1];
            if used.insert(f.term) {
                escape_html(&mut out, &text[done..start]);
                m.link(&mut out, f.term, &text[start..last_at + last.len()]);
                done = last_at + last.len();
            }
            i += f.words.len();
        }
        escape_html(&mut out, &text[done..]);
        out
    }

    #[test]
    fn words_walked_one_at_a_time_mark_as_all_words_collected_first() {
        let mut g = glossary();
        g.terms.push(Term {
            term: "Årets resultat".into(),
            expansion: None,
            explanation: "x".into(),
            forms: vec!["Årets resultat".into(), "ÅRETS RESULTATET".into()],
            from_site: false,
        });
        g.sort();
        let m = Marker::new(&g, "/b/".into());
        let texts = [
            "Avvikelsen är stor. En avvikelse till.",
            "ackumulerad",
            "ackumulerad, budgetavvikelse och ackumulerad  budgetavvikelse",
            "årets\tresultat; ÅRETS resultatet & HME <hme> AVVIKELSER",
            "ackumulerad budgetavvikelse ackumulerad budgetavvikelse årets",
            "",
            "Ω ΣΟΦΊΑΣ årets resultat avvikelser",
        ];
        for t in texts {
            let (mut a, mut b) = (HashSet::new(), HashSet::new());
            assert_eq!(m.mark(t, &mut a), mark_from_all_words(&m, t, &mut b), "{t}");
            assert_eq!(a, b, "{t}");
        }
        // Across the texts of one page: what the first marked is not marked again.
        let (mut a, mut b) = (HashSet::new(), HashSet::new());
        for t in texts.iter().chain(texts.iter()) {
            assert_eq!(m.mark(t, &mut a), mark_from_all_words(&m, t, &mut b), "{t}");
        }
        assert_eq!(a.len(), g.terms.len());
    }

    #[test]
    fn the_page_groups_terms_by_letter() {
        let v = view(&glossary());
        let letters: Vec<&str> = v.letters.iter().map(|l| l.letter.as_str()).collect();
        assert_eq!(letters, ["A", "B", "H"]);
        assert_eq!(v.letters[0].terms[0].id, "ackumulerad-budgetavvikelse");
        assert_eq!(v.count, 4);
    }
}
