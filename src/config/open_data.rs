//! `[open_data]` in `site.toml`: what the DCAT-AP-SE catalog needs that the reports do not
//! say — who publishes (organisation number or URI, and what kind of body), under which
//! licence, and whom to contact. The table's presence asks for a catalog; everything it must
//! then hold is checked here, with the line to fix.

use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The open-data settings as the build uses them: every publisher resolved to a URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenData {
    pub license: License,
    pub contact: ContactPoint,
    /// Every publisher the site names, by name: the site's `publisher` and those under
    /// `[open_data.publishers."…"]`.
    pub publishers: BTreeMap<String, Publisher>,
    /// The line of `[open_data]` in `site.toml`, for problems found later.
    pub line: usize,
}

impl OpenData {
    pub fn publisher(&self, name: &str) -> Option<&Publisher> {
        self.publishers.get(name)
    }
}

/// A public body as the catalog names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// `http://dataportal.se/organisation/SE5555555555` from an organisation number, or the
    /// URI given.
    pub uri: String,
    /// Ten digits, without hyphen, when given.
    pub organisation_number: Option<String>,
    pub kind: PublisherKind,
}

/// The ADMS publisher types that Swedish public bodies are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublisherKind {
    Region,
    Municipality,
    NationalAuthority,
    Company,
}

impl PublisherKind {
    const WORDS: [(&'static str, PublisherKind); 5] = [
        ("region", PublisherKind::Region),
        ("kommun", PublisherKind::Municipality),
        ("kommunalförbund", PublisherKind::Municipality),
        ("myndighet", PublisherKind::NationalAuthority),
        ("bolag", PublisherKind::Company),
    ];

    fn parse(s: &str) -> Option<PublisherKind> {
        let s = s.trim().to_lowercase();
        Self::WORDS.iter().find(|(w, _)| *w == s).map(|(_, k)| *k)
    }

    /// The ADMS publisher type, as DCAT-AP-SE lists them.
    pub fn uri(self) -> &'static str {
        match self {
            PublisherKind::Region => "http://purl.org/adms/publishertype/RegionalAuthority",
            PublisherKind::Municipality => "http://purl.org/adms/publishertype/LocalAuthority",
            PublisherKind::NationalAuthority => "http://purl.org/adms/publishertype/NationalAuthority",
            PublisherKind::Company => "http://purl.org/adms/publishertype/Company",
        }
    }
}

/// The licence of the data (the catalog's own metadata is always CC0, as Sweden requires).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum License {
    Cc0,
    CcBy4,
}

impl License {
    fn parse(s: &str) -> Option<License> {
        let t: String = s
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        match t.as_str() {
            "cc0" | "cc01.0" | "httpcreativecommons.orgpublicdomainzero1.0" => Some(License::Cc0),
            "ccby4.0" | "ccby" | "ccby4" | "httpcreativecommons.orglicensesby4.0" => Some(License::CcBy4),
            _ => None,
        }
    }

    /// The URI DCAT-AP-SE wants: http, no language, with the closing slash.
    pub fn uri(self) -> &'static str {
        match self {
            License::Cc0 => "http://creativecommons.org/publicdomain/zero/1.0/",
            License::CcBy4 => "http://creativecommons.org/licenses/by/4.0/",
        }
    }

    /// The SPDX identifier, as data packages name licences.
    pub fn spdx(self) -> &'static str {
        match self {
            License::Cc0 => "CC0-1.0",
            License::CcBy4 => "CC-BY-4.0",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            License::Cc0 => "Creative Commons Zero v1.0 Universal",
            License::CcBy4 => "Creative Commons Attribution 4.0 International",
        }
    }
}

/// Whom users of the data contact (a function, not a person's private address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPoint {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}

impl ContactPoint {
    pub fn email_uri(&self) -> String {
        format!("mailto:{}", self.email)
    }

    /// `tel:+4635134800` from `035-13 48 00` or `+46 35 13 48 00`.
    pub fn phone_uri(&self) -> Option<String> {
        let p = self.phone.as_deref()?;
        let digits: String = p.chars().filter(|c| c.is_ascii_digit()).collect();
        let international = if p.trim_start().starts_with('+') {
            format!("+{digits}")
        } else if let Some(rest) = digits.strip_prefix('0') {
            format!("+46{rest}")
        } else {
            digits
        };
        Some(format!("tel:{international}"))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOpenData {
    organisation_number: Option<String>,
    publisher_uri: Option<String>,
    publisher_type: Option<String>,
    license: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    #[serde(default)]
    publishers: BTreeMap<String, RawPublisher>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublisher {
    organisation_number: Option<String>,
    uri: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

const FILE: &str = super::CONFIG_FILE;

/// The line of `[open_data]` (or of `key` inside it, when `key` is given).
fn line_in_table(text: &str, table: &str, key: Option<&str>) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let header = format!("[{table}]");
    let Some(start) = lines.iter().position(|l| l.trim() == header) else {
        return 0;
    };
    let Some(key) = key else {
        return start + 1;
    };
    lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| l.split('=').next().is_some_and(|k| k.trim() == key))
        .map(|(i, _)| i + 1)
        .unwrap_or(start + 1)
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `555555-5555` → `5555555555`, if it is a Swedish organisation number (ten digits, the last
/// a Luhn check digit; a leading century `16` is allowed).
pub fn organisation_number(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = match digits.len() {
        12 => digits.strip_prefix("16")?.to_string(),
        10 => digits,
        _ => return None,
    };
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 1 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10).then_some(digits)
}

fn absolute_uri(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && !s.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '{' | '}' | '\\' | '^' | '`'))
}

/// One publisher's URI and kind, or what is wrong (message, hint) at which key.
fn publisher(
    name: &str,
    number: Option<&str>,
    uri: Option<&str>,
    kind: Option<&str>,
    keys: [&'static str; 3],
) -> Result<Publisher, (&'static str, String, String)> {
    let [number_key, uri_key, kind_key] = keys;
    let (uri, organisation_number) = match (number, uri) {
        (Some(n), _) => {
            let digits = organisation_number(n).ok_or_else(|| {
                (
                    number_key,
                    format!("\"{n}\" är inget organisationsnummer"),
                    "skriv de tio siffrorna, till exempel \"555555-5555\"; den sista är en kontrollsiffra".to_string(),
                )
            })?;
            (format!("http://dataportal.se/organisation/SE{digits}"), Some(digits))
        }
        (None, Some(u)) if absolute_uri(u) => (u.to_string(), None),
        (None, Some(u)) => {
            return Err((
                uri_key,
                format!("\"{u}\" är ingen fullständig webbadress"),
                "skriv adressen med https:// eller http://, utan mellanslag".into(),
            ));
        }
        (None, None) => {
            return Err((
                number_key,
                format!("utgivaren \"{name}\" saknar organisationsnummer"),
                format!(
                    "ange {number_key} = \"…\" (tio siffror), så känner Sveriges dataportal igen utgivaren; har den inget, ange {uri_key} = \"https://…\" med organisationens egen adress för den"
                ),
            ));
        }
    };
    let kind = match kind {
        Some(k) => PublisherKind::parse(k).ok_or_else(|| {
            (
                kind_key,
                format!("okänd typ av utgivare \"{k}\""),
                "skriv \"region\", \"kommun\", \"kommunalförbund\", \"myndighet\" eller \"bolag\"".to_string(),
            )
        })?,
        None => {
            return Err((
                kind_key,
                format!("utgivaren \"{name}\" saknar typ"),
                format!("ange {kind_key} = \"region\", \"kommun\", \"kommunalförbund\", \"myndighet\" eller \"bolag\""),
            ));
        }
    };
    Ok(Publisher {
        uri,
        organisation_number,
        kind,
    })
}

impl RawOpenData {
    /// Check everything the catalog needs. `site_publisher` is `publisher` of `site.toml`.
    pub(super) fn check(self, text: &str, site_publisher: &str) -> Result<OpenData, Diagnostic> {
        let table = "open_data";
        let at = |key: Option<&str>| line_in_table(text, table, key);
        let line = at(None);
        let mut missing: Vec<&str> = Vec::new();
        if given(&self.license).is_none() {
            missing.push("license");
        }
        if given(&self.contact_name).is_none() {
            missing.push("contact_name");
        }
        if given(&self.contact_email).is_none() {
            missing.push("contact_email");
        }
        if !missing.is_empty() {
            return Err(Diagnostic::new(
                FILE,
                line,
                format!("[open_data] saknar {}, som katalogen över öppna data behöver", missing.join(", ")),
            )
            .hint(
                "ange till exempel license = \"CC0-1.0\", contact_name = \"Öppna data, Region Exempel\" och contact_email = \"oppnadata@region.example\"; vill webbplatsen inte ha någon katalog, ta bort [open_data]",
            ));
        }
        let license_text = given(&self.license).unwrap_or_default();
        let license = License::parse(license_text).ok_or_else(|| {
            Diagnostic::new(FILE, at(Some("license")), format!("okänd licens \"{license_text}\"")).hint(
                "skriv \"CC0-1.0\" (Diggs rekommendation för öppna data) eller \"CC-BY-4.0\"; andra licenser tillåter inte fri vidareanvändning",
            )
        })?;
        let email = given(&self.contact_email).unwrap_or_default().to_string();
        if !email.contains('@') || email.contains(char::is_whitespace) || email.starts_with("mailto:") {
            return Err(Diagnostic::new(
                FILE,
                at(Some("contact_email")),
                format!("\"{email}\" är ingen e-postadress"),
            )
            .hint("skriv adressen utan mailto:, till exempel contact_email = \"oppnadata@region.example\""));
        }
        let phone = given(&self.contact_phone).map(String::from);
        if let Some(p) = &phone
            && (p.chars().filter(char::is_ascii_digit).count() < 5
                || p.chars().any(|c| !(c.is_ascii_digit() || " -+()".contains(c))))
        {
            return Err(Diagnostic::new(
                FILE,
                at(Some("contact_phone")),
                format!("\"{p}\" är inget telefonnummer"),
            )
            .hint("skriv numret med siffror, till exempel contact_phone = \"035-13 48 00\""));
        }
        if site_publisher.trim().is_empty() {
            return Err(Diagnostic::new(
                FILE,
                line,
                "[open_data] kräver publisher: katalogen måste ange vem som ger ut data",
            )
            .hint("ange organisationens namn överst i site.toml, till exempel publisher = \"Region Exempel\""));
        }
        let mut publishers = BTreeMap::new();
        let own = publisher(
            site_publisher,
            given(&self.organisation_number),
            given(&self.publisher_uri),
            given(&self.publisher_type),
            ["organisation_number", "publisher_uri", "publisher_type"],
        )
        .map_err(|(key, message, hint)| Diagnostic::new(FILE, at(Some(key)), message).hint(hint))?;
        publishers.insert(site_publisher.trim().to_string(), own);
        for (name, p) in &self.publishers {
            let sub = format!("open_data.publishers.\"{name}\"");
            let p = publisher(
                name,
                given(&p.organisation_number),
                given(&p.uri),
                given(&p.kind),
                ["organisation_number", "uri", "type"],
            )
            .map_err(|(key, message, hint)| {
                let line = match line_in_table(text, &sub, Some(key)) {
                    0 => line,
                    l => l,
                };
                Diagnostic::new(FILE, line, format!("[{sub}]: {message}")).hint(hint)
            })?;
            publishers.insert(name.trim().to_string(), p);
        }
        Ok(OpenData {
            license,
            contact: ContactPoint {
                name: given(&self.contact_name).unwrap_or_default().to_string(),
                email,
                phone,
            },
            publishers,
            line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(open_data: &str) -> Result<OpenData, Diagnostic> {
        let text = format!(
            "title = \"T\"\nbase_url = \"https://a.se/\"\npublisher = \"Region Exempel\"\n\n[open_data]\n{open_data}"
        );
        crate::config::SiteConfig::parse(&text, None).map(|c| c.open_data.expect("asked for"))
    }

    const GOOD: &str = "license = \"CC0-1.0\"\norganisation_number = \"555555-5555\"\npublisher_type = \"region\"\ncontact_name = \"Öppna data\"\ncontact_email = \"oppnadata@region.example\"\n";

    #[test]
    fn organisation_numbers_have_a_check_digit() {
        assert_eq!(organisation_number("555555-5555").as_deref(), Some("5555555555"));
        assert_eq!(organisation_number("16555555-5555").as_deref(), Some("5555555555"));
        assert_eq!(organisation_number("555555-5556"), None);
        assert_eq!(organisation_number("21200-0142"), None);
        assert_eq!(organisation_number("abc"), None);
    }

    #[test]
    fn a_complete_table_gives_the_dataportal_uri() {
        let o = parse(GOOD).unwrap();
        let p = o.publisher("Region Exempel").unwrap();
        assert_eq!(p.uri, "http://dataportal.se/organisation/SE5555555555");
        assert_eq!(p.kind.uri(), "http://purl.org/adms/publishertype/RegionalAuthority");
        assert_eq!(o.license, License::Cc0);
        assert_eq!(o.line, 5);
        assert_eq!(o.contact.email_uri(), "mailto:oppnadata@region.example");
    }

    #[test]
    fn missing_keys_are_named_at_the_table() {
        let d = parse("organisation_number = \"555555-5555\"\n").unwrap_err();
        assert_eq!(d.line, 5);
        assert_eq!(
            d.message,
            "[open_data] saknar license, contact_name, contact_email, som katalogen över öppna data behöver"
        );
        let d = parse(&GOOD.replace("organisation_number = \"555555-5555\"\n", "")).unwrap_err();
        assert_eq!(d.message, "utgivaren \"Region Exempel\" saknar organisationsnummer");
        assert!(d.hint.unwrap().contains("publisher_uri"));
    }

    #[test]
    fn wrong_values_are_named_on_their_line() {
        let d = parse(&GOOD.replace("5555\"", "5556\"")).unwrap_err();
        assert_eq!(
            (d.line, d.message.as_str()),
            (7, "\"555555-5556\" är inget organisationsnummer")
        );
        let d = parse(&GOOD.replace("CC0-1.0", "CC BY-NC 4.0")).unwrap_err();
        assert_eq!((d.line, d.message.as_str()), (6, "okänd licens \"CC BY-NC 4.0\""));
        let d = parse(&GOOD.replace("\"region\"", "\"landsting\"")).unwrap_err();
        assert_eq!(d.line, 8);
        let d = parse(&format!(
            "{GOOD}\n[open_data.publishers.\"Region Annan\"]\nuri = \"example\"\ntype = \"region\"\n"
        ))
        .unwrap_err();
        assert_eq!(d.line, 13);
        assert!(
            d.message.starts_with("[open_data.publishers.\"Region Annan\"]: "),
            "{}",
            d.message
        );
    }

    #[test]
    fn other_publishers_and_licence_spellings() {
        let o = parse(&format!(
            "{}\n[open_data.publishers.\"Region Annan\"]\nuri = \"https://annan.example/org\"\ntype = \"region\"\n",
            GOOD.replace("CC0-1.0", "CC BY 4.0")
        ))
        .unwrap();
        assert_eq!(o.license, License::CcBy4);
        assert_eq!(o.publisher("Region Annan").unwrap().uri, "https://annan.example/org");
        assert_eq!(o.publisher("Region Annan").unwrap().organisation_number, None);
    }

    #[test]
    fn phone_numbers_become_tel_uris() {
        let c = ContactPoint {
            name: "x".into(),
            email: "a@b.se".into(),
            phone: Some("035-13 48 00".into()),
        };
        assert_eq!(c.phone_uri().as_deref(), Some("tel:+4635134800"));
    }
}
