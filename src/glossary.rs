//! The glossary (begrepp): words and abbreviations explained on the glossary page, and marked
//! where a page first uses them. Plain data: `load::glossary` reads it, `render::glossary`
//! marks the text and draws the page.

/// One explained word or abbreviation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Term {
    /// The word as the glossary shows it: "Avvikelse", "HME".
    pub term: String,
    /// What an abbreviation stands for ("Hållbart medarbetarengagemang").
    pub expansion: Option<String>,
    /// The explanation, in plain Swedish.
    pub explanation: String,
    /// The words that mark the term in a text: the term itself and its inflected forms.
    /// An abbreviation matches only as written; other words match in any case.
    pub forms: Vec<String>,
    /// Written by the site (`begrepp.yaml`) rather than Insyn's standard set.
    pub from_site: bool,
}

impl Term {
    /// Abbreviations (those that say what they stand for) are matched case for case, so that
    /// "OSA" is not found in "osa".
    pub fn case_sensitive(&self) -> bool {
        self.expansion.is_some()
    }
}

/// The site's terms, in the order of the glossary page (Swedish alphabetical order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

impl Glossary {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Sort the terms as a Swedish dictionary does: a–z, then å, ä, ö; case only breaks ties.
    pub fn sort(&mut self) {
        self.terms.sort_by(|a, b| {
            swedish_key(&a.term)
                .cmp(&swedish_key(&b.term))
                .then_with(|| a.term.cmp(&b.term))
        });
    }
}

/// A sort key for Swedish alphabetical order (å, ä, ö after z; é as e; w as its own letter).
pub fn swedish_key(s: &str) -> Vec<u32> {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            'é' | 'è' | 'ê' | 'ë' => 'e' as u32,
            'à' | 'á' | 'â' => 'a' as u32,
            'ü' => 'y' as u32,
            c => c as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str) -> Term {
        Term {
            term: t.into(),
            expansion: None,
            explanation: String::new(),
            forms: vec![t.into()],
            from_site: false,
        }
    }

    #[test]
    fn swedish_alphabetical_order() {
        let mut g = Glossary {
            terms: [
                "Överskott",
                "årsarbetare",
                "Ackumulerad",
                "ärende",
                "Zon",
                "HME",
                "avvikelse",
            ]
            .into_iter()
            .map(term)
            .collect(),
        };
        g.sort();
        let order: Vec<&str> = g.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            order,
            [
                "Ackumulerad",
                "avvikelse",
                "HME",
                "Zon",
                "årsarbetare",
                "ärende",
                "Överskott"
            ]
        );
    }
}
