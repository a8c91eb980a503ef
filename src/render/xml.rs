//! Text for XML (SVG charts, the Atom feed, the sitemap, the DCAT catalogue): one escaper.

/// Append `s` as XML text: markup characters become entities, and characters XML 1.0 does
/// not allow (controls other than tab and line feed, surrogates, U+FFFE, U+FFFF) are left out,
/// so that the file is always well-formed.
///
/// Every text of every chart passes here, so runs of characters that need nothing are found
/// with a byte table and copied whole.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let (mut from, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if PLAIN[usize::from(b)] {
            i += 1;
            continue;
        }
        out.push_str(&s[from..i]);
        if b == 0xEF {
            // U+F000–U+FFFF: all allowed but U+FFFE and U+FFFF.
            let c = s[i..].chars().next().unwrap_or_default();
            if allowed(c) {
                out.push(c);
            }
            i += c.len_utf8();
        } else {
            match b {
                b'<' => out.push_str("&lt;"),
                b'>' => out.push_str("&gt;"),
                b'&' => out.push_str("&amp;"),
                b'"' => out.push_str("&quot;"),
                b'\'' => out.push_str("&#39;"),
                b'\t' | b'\n' => out.push(char::from(b)),
                _ => {} // another control character
            }
            i += 1;
        }
        from = i;
    }
    out.push_str(&s[from..]);
}

/// Bytes that stand for themselves: printable ASCII but markup characters, and every byte of
/// a longer character except the first byte of U+F000–U+FFFF (where U+FFFE and U+FFFF are).
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 256 {
        t[b] = !matches!(b as u8, b'<' | b'>' | b'&' | b'"' | b'\'' | 0xEF);
        b += 1;
    }
    t
};

/// `s` as XML text (see [`escape_into`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

fn allowed(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_what_xml_forbids_is_left_out() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\r\u{fffe}d\te\n"),
            "a&lt;b&gt;&amp;&quot;c&#39;d\te\n"
        );
        assert_eq!(escape("Sjukfrånvaro −8,5 %"), "Sjukfrånvaro −8,5 %");
    }

    /// The escaper as first written, a character at a time.
    fn escape_by_char(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\t' | '\n' => out.push(c),
                c if allowed(c) => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn runs_copied_whole_escape_as_a_character_at_a_time() {
        // Every ASCII character, the edges of the UTF-8 lengths and of what XML allows.
        let mut text: String = (0u8..0x80).map(char::from).collect();
        for c in [
            '\u{80}',
            '\u{7FF}',
            '\u{800}',
            '\u{D7FF}',
            '\u{E000}',
            '\u{EFFF}',
            '\u{F000}',
            '\u{FFFD}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{10000}',
            '\u{10FFFF}',
            'å',
            '−',
            '😀',
        ] {
            text.push(c);
            text.push('x');
        }
        assert_eq!(escape(&text), escape_by_char(&text));
        for (i, _) in text.char_indices() {
            assert_eq!(escape(&text[i..]), escape_by_char(&text[i..]), "from {i}");
        }
    }
}
