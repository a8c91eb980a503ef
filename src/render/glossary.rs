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

fn normal(word: &str, case_sensitive: bool) -> String {
    if case_sensitive {
        word.to_string()
    } else {
        word.to_lowercase()
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
        Marker {
            by_first,
            starts,
            anchors: anchors(g),
            expansions: g.terms.iter().map(|t| t.expansion.clone()).collect(),
            page_url,
        }
    }

    /// `text` as HTML, with the first use of each term not in `used` linked (and added to
    /// `used`). Words of a form may be separated by any white space, line breaks included.
    pub fn mark(&self, text: &str, used: &mut HashSet<usize>) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let all: Vec<(usize, &str)> = words(text).collect();
        let mut done = 0; // bytes of `text` already written
        let mut lower = String::with_capacity(32);
        let mut i = 0;
        while i < all.len() {
            if used.len() == self.anchors.len() {
                break;
            }
            let (start, w) = all[i];
            let k = start_key(w);
            if self.starts[k / 64] & (1 << (k % 64)) == 0 {
                i += 1;
                continue;
            }
            lower.clear();
            super::words::lowercase_into(&mut lower, w);
            let exact = if lower == w { None } else { self.by_first.get(w) };
            let candidates = [exact, self.by_first.get(lower.as_str())];
            let found = candidates.iter().flatten().flat_map(|v| v.iter()).find(|f| {
                f.words.len() <= all.len() - i
                    && f.words.iter().enumerate().all(|(k, fw)| {
                        let (at, word) = all[i + k];
                        // Only white space between the words of a form.
                        let joined = k == 0 || text[all[i + k - 1].0 + all[i + k - 1].1.len()..at].trim().is_empty();
                        joined && normal(word, f.case_sensitive) == *fw
                    })
            });
            let Some(f) = found else {
                i += 1;
                continue;
            };
            let (last_at, last) = all[i + f.words.len() - 1];
            let end = last_at + last.len();
            if used.insert(f.term) {
                escape_html(&mut out, &text[done..start]);
                self.link(&mut out, f.term, &text[start..end]);
                done = end;
            }
            i += f.words.len();
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

    #[test]
    fn the_page_groups_terms_by_letter() {
        let v = view(&glossary());
        let letters: Vec<&str> = v.letters.iter().map(|l| l.letter.as_str()).collect();
        assert_eq!(letters, ["A", "B", "H"]);
        assert_eq!(v.letters[0].terms[0].id, "ackumulerad-budgetavvikelse");
        assert_eq!(v.count, 4);
    }
}
