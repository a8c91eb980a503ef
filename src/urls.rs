//! URL paths: where the site's own pages live, and paths as they appear in links:
//! percent-decoding, shared by link resolution in the content, the check of the output's links and the preview server; and the placeholder
//! addresses that must not reach a real site.

/// Where the indicator pages live: the list, and each indicator's history.
pub const INDICATORS: &str = "/indikatorer/";

/// Where the list of all reports lives; on a site of several bodies, each body's list is
/// below it (`/rapporter/region-halland/`).
pub const REPORTS: &str = "/rapporter/";

/// The site path of one body's list of reports.
pub fn body_reports(publisher_slug: &str) -> String {
    format!("{REPORTS}{publisher_slug}/")
}

/// Where the comparisons of one indicator between bodies live.
pub const COMPARISONS: &str = "/jamforelser/";

/// The site path of the comparison of indicator `id` between bodies: its years, or one year.
pub fn comparison(id: &str, year: Option<i32>) -> String {
    match year {
        Some(y) => format!("{COMPARISONS}{id}/{y}/"),
        None => format!("{COMPARISONS}{id}/"),
    }
}

/// The site path of the list of one body's indicators, on a site of several bodies.
pub fn body_indicators(publisher_slug: &str) -> String {
    format!("{INDICATORS}{publisher_slug}/")
}

/// The site path of an indicator's history: by its id, and by its body's slug on a site of
/// several bodies.
pub fn indicator_history(publisher_slug: Option<&str>, id: &str) -> String {
    match publisher_slug {
        Some(p) => format!("{INDICATORS}{p}/{id}/"),
        None => format!("{INDICATORS}{id}/"),
    }
}

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

/// The domains reserved for examples (RFC 2606): an address there is a placeholder.
const PLACEHOLDER_DOMAINS: [&str; 4] = ["example.se", "example.com", "example.org", "example.net"];

/// The placeholder domain of an e-mail address or web address (`webb@example.se`,
/// `https://www.example.com/a`, `mailto:x@example.org`), if it has one.
pub fn placeholder_domain(address: &str) -> Option<&'static str> {
    let a = address.trim().to_ascii_lowercase();
    let a = a.strip_prefix("mailto:").unwrap_or(&a);
    let host = match a.split_once("://") {
        Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or(""),
        None => match a.rsplit_once('@') {
            Some((_, domain)) => domain,
            None => a.split(['/', '?', '#']).next().unwrap_or(""),
        },
    };
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).trim_end_matches('.');
    PLACEHOLDER_DOMAINS
        .into_iter()
        .find(|d| host == *d || host.ends_with(&format!(".{d}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_addresses() {
        for a in [
            "tillganglighet@example.se",
            "https://example.se/insyn/",
            "https://www.EXAMPLE.com/kontakt",
            "mailto:a@example.org",
            "http://test.example.net:8080/",
            "example.se/rapport.pdf",
        ] {
            assert!(placeholder_domain(a).is_some(), "{a}");
        }
        for a in [
            "webb@regionhalland.se",
            "https://www.regionhalland.se/",
            "https://notexample.se/",
            "https://example.se.evil.com/",
            "rapport.pdf",
        ] {
            assert_eq!(placeholder_domain(a), None, "{a}");
        }
    }

    #[test]
    fn decodes_and_survives_bad_escapes() {
        assert_eq!(percent_decode("%C3%A5r%20"), "år ");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%C3"), "%zz%C3");
    }
}
