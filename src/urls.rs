//! URL paths as they appear in links: percent-decoding, shared by link resolution in the
//! content, the check of the output's links and the preview server.

/// `a%20b` → `a b`; invalid escapes and invalid UTF-8 leave the text as it was.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_survives_bad_escapes() {
        assert_eq!(percent_decode("%C3%A5r%20"), "år ");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%C3"), "%zz%C3");
    }
}
