//! The words of running text, as the glossary and the search index see them: runs of letters
//! and digits (Unicode's Alphabetic and Numeric, as `char::is_alphanumeric` and the browser's
//! `[\p{Alphabetic}\p{N}]`). Every word of every page passes through here twice, so ASCII is
//! judged a byte at a time and only other characters are decoded.

/// The words of `text` with the byte offset each starts at.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    /// The length in bytes of the character at `i` if it belongs in a word, else `None`
    /// (with the length to skip).
    fn class(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric(), 1);
        }
        let c = self.text[i..].chars().next().unwrap_or(' ');
        (c.is_alphanumeric(), c.len_utf8())
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let len = self.text.len();
        let mut i = self.at;
        // Skip to the first character of a word.
        loop {
            if i >= len {
                self.at = len;
                return None;
            }
            let (in_word, n) = self.class(i);
            if in_word {
                break;
            }
            i += n;
        }
        let start = i;
        while i < len {
            let (in_word, n) = self.class(i);
            if !in_word {
                break;
            }
            i += n;
        }
        self.at = i;
        Some((start, &self.text[start..i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words as `str::split` on `char::is_alphanumeric` finds them, which this replaces.
    fn by_split(s: &str) -> Vec<(usize, &str)> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
            .collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_in_any_script() {
        for s in [
            "",
            "  ",
            "Årets resultat: −8,5 mnkr (2023).",
            "Ökningen—främst i Västmanland—var 9,92 %; HME-index 79.",
            "naïve café Ελλάδα 東京 ١٢٣ x²",
            "ends in a word",
            "é",
            "a\u{00a0}b\u{2009}c",
        ] {
            assert_eq!(words(s).collect::<Vec<_>>(), by_split(s), "{s:?}");
        }
        assert_eq!(
            words("Budget 2024: ökning").map(|(_, w)| w).collect::<Vec<_>>(),
            ["Budget", "2024", "ökning"]
        );
    }
}
