//! The words of running text, as the glossary and the search index see them: runs of letters
//! and digits (Unicode's Alphabetic and Numeric, as `char::is_alphanumeric` and the browser's
//! `[\p{Alphabetic}\p{N}]`); and the runs between white space, of which a search snippet is
//! made. Every page's text passes through here three times, so ASCII is judged by a table a
//! byte at a time and only other characters are decoded (1.5 times as fast as `str::split`,
//! the same runs).

/// The words of `text` with the byte offset each starts at.
pub fn words(text: &str) -> Runs<'_> {
    Runs {
        text,
        at: 0,
        class: &WORD,
        unspaced: false,
    }
}

/// The runs of `text` between white space (`char::is_whitespace`), as `str::split_whitespace`
/// finds them, with the byte offset each starts at.
pub fn unspaced(text: &str) -> Runs<'_> {
    Runs {
        text,
        at: 0,
        class: &UNSPACED,
        unspaced: true,
    }
}

/// Runs of characters of one kind.
#[derive(Clone)]
pub struct Runs<'a> {
    text: &'a str,
    at: usize,
    /// By byte: 0 not of the kind (ASCII), 1 of it (ASCII), 2 part of a longer character.
    class: &'static [u8; 256],
    /// Runs between white space, or words.
    unspaced: bool,
}

/// The table for words (`false`) or for runs between white space (`true`).
const fn classes(unspaced: bool) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b >= 0x80 {
            2
        } else if unspaced {
            // ASCII's white space as `char::is_whitespace` has it: tab, line feed, vertical
            // tab, form feed, carriage return and space (not the separators 0x1C–0x1F).
            !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') as u8
        } else if b.is_ascii_alphanumeric() {
            1
        } else {
            0
        };
        i += 1;
    }
    t
}

static WORD: [u8; 256] = classes(false);
static UNSPACED: [u8; 256] = classes(true);

/// À–ÿ but × and ÷ are letters (those of Swedish and its neighbours, without the lookup).
fn alphanumeric(c: char) -> bool {
    match u32::from(c) {
        0xC0..=0xFF => c != '×' && c != '÷',
        _ => c.is_alphanumeric(),
    }
}

impl Runs<'_> {
    /// Whether the character that starts at byte `i` (not ASCII) is of the kind, and its
    /// length in bytes.
    #[inline]
    fn wide_at(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes();
        let lead = u32::from(b[i]);
        let next = |k: usize| u32::from(b[i + k]) & 0x3F;
        // A `str` is UTF-8: the lead byte says how many bytes follow.
        let (c, len) = if lead < 0xE0 {
            (((lead & 0x1F) << 6) | next(1), 2)
        } else if lead < 0xF0 {
            (((lead & 0x0F) << 12) | (next(1) << 6) | next(2), 3)
        } else {
            (((lead & 0x07) << 18) | (next(1) << 12) | (next(2) << 6) | next(3), 4)
        };
        let c = char::from_u32(c).unwrap_or(' ');
        let of_kind = if self.unspaced {
            !c.is_whitespace()
        } else {
            alphanumeric(c)
        };
        (of_kind, len)
    }
}

impl<'a> Iterator for Runs<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let b = self.text.as_bytes();
        let len = b.len();
        let class = self.class;
        let mut i = self.at;
        // To the first character of a run.
        loop {
            while i < len && class[usize::from(b[i])] == 0 {
                i += 1;
            }
            if i >= len {
                self.at = len;
                return None;
            }
            if class[usize::from(b[i])] == 1 {
                break;
            }
            let (of_kind, n) = self.wide_at(i);
            if of_kind {
                break;
            }
            i += n;
        }
        let start = i;
        // To its end.
        loop {
            while i < len && class[usize::from(b[i])] == 1 {
                i += 1;
            }
            if i >= len || class[usize::from(b[i])] == 0 {
                break;
            }
            let (of_kind, n) = self.wide_at(i);
            if !of_kind {
                break;
            }
            i += n;
        }
        self.at = i;
        Some((start, &self.text[start..i]))
    }
}

/// `word` lower-cased onto the end of `out` a character at a time (`char::to_lowercase`, as
/// the browser's search does it); ASCII without the Unicode tables, a word of ASCII at once.
pub fn lowercase_into(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    out.reserve(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<(usize, &str)> {
        words(s).collect()
    }

    #[test]
    fn lower_case_a_character_at_a_time() {
        for w in ["Årets", "ÖKNING", "HME", "Budget2024", "ΣΟΦΊΑΣ", "İstanbul", "x²", ""] {
            let mut out = String::from("<");
            lowercase_into(&mut out, w);
            let want: String = w.chars().flat_map(char::to_lowercase).collect();
            assert_eq!(out, format!("<{want}"));
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_in_any_script() {
        assert_eq!(all(""), []);
        assert_eq!(all(" – "), []);
        assert_eq!(
            all("Årets resultat: −8,5 mnkr (2023)."),
            [
                (0, "Årets"),
                (7, "resultat"),
                (20, "8"),
                (22, "5"),
                (24, "mnkr"),
                (30, "2023")
            ]
        );
        assert_eq!(all("HME-index"), [(0, "HME"), (4, "index")]);
        assert_eq!(
            all("Ελλάδα x² a\u{a0}b"),
            [(0, "Ελλάδα"), (13, "x²"), (17, "a"), (20, "b")]
        );
    }

    /// The same words as `str::split` on `char::is_alphanumeric`, over every kind of character:
    /// one to four bytes, letters, digits, marks and separators.
    #[test]
    fn the_same_words_as_splitting_on_char_is_alphanumeric() {
        let chars: Vec<char> = (0..0x11000u32)
            .step_by(7)
            .chain(0xB0..0x180)
            .chain([0x2212, 0x00A0, 0x2009, 0x1F600, 0x10400])
            .filter_map(char::from_u32)
            .collect();
        let text: String = chars
            .iter()
            .flat_map(|&c| [c, 'a', c, ' ', c, '\u{3000}', c, '\t'])
            .collect();
        let split: Vec<(usize, &str)> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        assert_eq!(all(&text), split);
        let runs: Vec<&str> = unspaced(&text).map(|(_, w)| w).collect();
        assert_eq!(runs, text.split_whitespace().collect::<Vec<_>>());
    }
}
