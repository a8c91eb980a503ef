//! Text for XML (SVG charts, the Atom feed, the sitemap, the DCAT catalogue): one escaper.

/// Append `s` as XML text: markup characters become entities, and characters XML 1.0 does
/// not allow (controls other than tab and line feed, surrogates, U+FFFE, U+FFFF) are left out,
/// so that the file is always well-formed.
pub fn escape_into(out: &mut String, s: &str) {
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
}

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
}
