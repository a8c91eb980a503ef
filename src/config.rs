//! `site.toml`: the site's settings, checked key by key.

use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::path::Path;

pub mod open_data;

/// The site's settings as the rest of the build uses them.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    /// Always ends with `/`, e.g. `https://example.se/insyn/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`, e.g. `/insyn/`.
    pub base_path: String,
    pub language: String,
    pub theme: String,
    pub description: String,
    /// Who publishes the reports (shown on the home page and in the feed).
    pub publisher: String,
    pub accessibility: Accessibility,
    /// The body's own status words and what they mean (`Klar` → `uppfyllt`), with the line
    /// of `site.toml` each is on; the model reads the meanings.
    pub status_words: Vec<(String, String, usize)>,
    /// The site's general contact (`[contact]`).
    pub contact: Contact,
    /// An example or demonstration site: every page says so, and placeholder addresses
    /// (example.se) are allowed.
    pub demo: bool,
    /// Terms explained on the glossary page (Insyn's standard set and the site's `begrepp.yaml`).
    pub glossary: crate::glossary::Glossary,
    /// What the catalog of open data needs (`[open_data]`); `None`: no catalog is written.
    pub open_data: Option<open_data::OpenData>,
    pub extra: serde_json::Value,
}

/// What the accessibility statement (tillgänglighetsredogörelse) says, following Digg's model.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// Where residents report problems: an e-mail address …
    pub contact_email: Option<String>,
    /// … a phone number …
    pub contact_phone: Option<String>,
    /// … or a web form.
    pub contact_url: Option<String>,
    /// How many working days an answer normally takes.
    pub response_days: Option<u32>,
    /// "förenlig", "delvis förenlig" or "inte förenlig" with the DOS law (lagen 2018:1937).
    pub compliance: Option<Compliance>,
    /// Content known not to be accessible, each with the WCAG criteria it fails.
    #[serde(default)]
    pub known_issues: Vec<KnownIssue>,
    /// Adaptations that would be a disproportionate burden (oskäligt betungande anpassning).
    #[serde(default)]
    pub disproportionate_burden: Vec<String>,
    /// Content the law does not cover (for example documents published before 23 September 2018).
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// How the site was assessed, e.g. "självskattning" or "granskning av extern part".
    pub assessment: Option<String>,
    /// When the site was last assessed, ÅÅÅÅ-MM-DD.
    #[serde(default, deserialize_with = "date_text")]
    pub assessed_on: Option<String>,
    /// When the site was first published, ÅÅÅÅ-MM-DD.
    pub published_on: Option<String>,
    /// When the statement was last updated, ÅÅÅÅ-MM-DD.
    #[serde(default, deserialize_with = "date_text")]
    pub updated_on: Option<String>,
}

/// A known accessibility problem and the WCAG 2.1 success criteria it fails.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    pub text: String,
    pub wcag: Vec<WcagRef>,
    /// What is done about it, and when (optional).
    pub plan: Option<String>,
}

/// A success criterion named by its number in `site.toml` (`"1.4.10"`).
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[serde(transparent)]
pub struct WcagRef(pub &'static crate::wcag::Criterion);

impl PartialEq for WcagRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl<'de> Deserialize<'de> for WcagRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        crate::wcag::criterion(&s).map(WcagRef).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "\"{s}\" är inget framgångskriterium på nivå A eller AA i WCAG 2.1{}ange kriteriets nummer, till exempel wcag = [\"1.4.10\"]",
                crate::messages::HINT_SEP
            ))
        })
    }
}

/// Who answers residents' questions about the reports (shown with every report that does
/// not name a contact of its own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A function or a person, e.g. "Ekonomiavdelningen".
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.phone.is_none() && self.url.is_none()
    }
}

/// A date in `site.toml`, written as text (`"2024-03-15"`) or as a TOML date (`2024-03-15`);
/// checked here, so that a wrong one is named at its line in `site.toml`.
fn date_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Date(toml::value::Datetime),
    }
    let text = match Option::<Raw>::deserialize(d)? {
        None => return Ok(None),
        Some(Raw::Text(s)) => s,
        Some(Raw::Date(d)) => d.to_string(),
    };
    if crate::load::front_matter::Date::parse(text.trim()).is_none() {
        return Err(serde::de::Error::custom(format!(
            "\"{text}\" är inget datum{}skriv datumet som ÅÅÅÅ-MM-DD, till exempel \"2024-03-15\"",
            crate::messages::HINT_SEP
        )));
    }
    Ok(Some(text.trim().to_string()))
}

/// Compliance with the Swedish law on accessible digital public services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    Full,
    Partial,
    None,
}

impl<'de> Deserialize<'de> for Compliance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.trim().to_lowercase().as_str() {
            "förenlig" | "helt förenlig" => Ok(Compliance::Full),
            "delvis förenlig" => Ok(Compliance::Partial),
            "inte förenlig" | "ej förenlig" => Ok(Compliance::None),
            _ => Err(serde::de::Error::custom(format!(
                "okänd förenlighet \"{s}\"{}skriv \"förenlig\", \"delvis förenlig\" eller \"inte förenlig\"",
                crate::messages::HINT_SEP
            ))),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    accessibility: Accessibility,
    #[serde(default)]
    statusord: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    contact: Contact,
    #[serde(default)]
    demo: bool,
    open_data: Option<open_data::RawOpenData>,
    #[serde(default)]
    extra: Option<toml::Table>,
}

impl RawConfig {
    /// Addresses that could run code, and placeholders (example.se, "Organisationens namn")
    /// outside a demonstration site.
    fn check_addresses_and_names(&self, text: &str) -> Result<(), Diagnostic> {
        let raw = self;
        for (key, value) in raw.addresses() {
            if let Some(scheme) = crate::policy::script_scheme(value) {
                return Err(Diagnostic::new(
                    CONFIG_FILE,
                    line_of_key(text, key),
                    format!("{key} använder {scheme}, som kan köra kod i läsarens webbläsare"),
                )
                .hint(format!(
                    "ange en webbadress, till exempel {key} = \"https://www.region.se/kontakt\""
                )));
            }
            if !raw.demo
                && let Some(domain) = crate::urls::placeholder_domain(value)
            {
                return Err(Diagnostic::new(
                    CONFIG_FILE,
                    line_of_key(text, key),
                    format!("{key} = \"{value}\" är en platshållare ({domain}), inte en riktig adress"),
                )
                .hint(PLACEHOLDER_HINT));
            }
        }
        let names = [
            ("publisher", Some(raw.publisher.as_str())),
            ("name", raw.contact.name.as_deref()),
        ];
        if !raw.demo
            && let Some((key, _)) = names
                .iter()
                .find(|(_, v)| v.is_some_and(|v| v.trim() == PLACEHOLDER_NAME))
        {
            return Err(Diagnostic::new(
                CONFIG_FILE,
                line_of_key(text, key),
                format!("{key} = \"{PLACEHOLDER_NAME}\" är en platshållare, inte organisationens namn"),
            )
            .hint("skriv organisationens namn, till exempel publisher = \"Region Halland\"; är webbplatsen ett exempel eller en demonstration, skriv demo = true i site.toml"));
        }
        Ok(())
    }

    /// Addresses residents are sent to, by their key in `site.toml`.
    fn addresses(&self) -> Vec<(&'static str, &str)> {
        let a = &self.accessibility;
        [
            ("contact_email", a.contact_email.as_deref()),
            ("contact_url", a.contact_url.as_deref()),
            ("email", self.contact.email.as_deref()),
            ("url", self.contact.url.as_deref()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

/// The name a new site gives its publisher until the editor writes the real one.
pub const PLACEHOLDER_NAME: &str = "Organisationens namn";

/// What to do about a placeholder address.
pub const PLACEHOLDER_HINT: &str = "ange organisationens riktiga adress; är webbplatsen ett exempel eller en demonstration, skriv demo = true i site.toml (då säger varje sida att den är ett exempel)";

fn default_language() -> String {
    "sv".into()
}

fn default_theme() -> String {
    "insyn".into()
}

pub const CONFIG_FILE: &str = "site.toml";

impl SiteConfig {
    /// Read `site.toml` from the site root.
    pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if path.is_symlink()
            && let Err(why) = crate::load::files::inside_site(&crate::load::files::canonical_root(root), &path)
        {
            return Err(
                Diagnostic::new(CONFIG_FILE, 0, format!("{CONFIG_FILE} är en symbolisk länk som {why}"))
                    .hint("kopiera filen in i webbplatsen i stället för att länka till den"),
            );
        }
        let bytes = crate::load::files::read_regular(&path).map_err(|e| {
            let e = if e.kind() == std::io::ErrorKind::NotFound {
                "filen finns inte".to_string()
            } else {
                e.to_string()
            };
            Diagnostic::new(CONFIG_FILE, 0, format!("kan inte läsa {CONFIG_FILE}: {e}"))
                .hint("kör insyn i webbplatsens mapp, eller ange den med --root")
        })?;
        let text = crate::policy::decode_text(bytes, Path::new(CONFIG_FILE))?;
        Self::parse(&text, base_url_override)
    }

    pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<SiteConfig, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(0);
            let raw = e.message().trim();
            if raw.starts_with("invalid date") || raw.starts_with("invalid time") {
                return Diagnostic::new(CONFIG_FILE, line, format!("ogiltigt datum ({raw})"))
                    .hint("skriv datumet som ÅÅÅÅ-MM-DD inom citattecken, till exempel \"2024-02-29\"");
            }
            let (message, hint) = crate::messages::humanize(raw, crate::messages::Syntax::Toml);
            Diagnostic::new(CONFIG_FILE, line, message).maybe_hint(hint)
        })?;
        let url = base_url_override.unwrap_or(&raw.base_url);
        let (base_url, base_path) = normalize_base_url(url).map_err(|m| match base_url_override {
            Some(_) => Diagnostic::new("--base-url", 0, m)
                .hint("skriv hela adressen, till exempel --base-url https://test.example.se/insyn/"),
            None => Diagnostic::new(CONFIG_FILE, line_of_key(text, "base_url"), m)
                .hint("skriv hela adressen, till exempel base_url = \"https://example.se/insyn/\""),
        })?;
        if raw.theme.is_empty() || raw.theme.contains(['/', '\\']) || raw.theme.starts_with('.') {
            return Err(Diagnostic::new(
                CONFIG_FILE,
                line_of_key(text, "theme"),
                format!("theme = \"{}\" är inget temanamn", raw.theme),
            )
            .hint("ange namnet på en mapp i themes/, till exempel theme = \"insyn\""));
        }
        raw.check_addresses_and_names(text)?;
        if raw.title.trim().is_empty() {
            return Err(Diagnostic::new(CONFIG_FILE, line_of_key(text, "title"), "title är tom")
                .hint("ge webbplatsen ett namn, till exempel title = \"Region Halland – rapporter\""));
        }
        let open_data = match raw.open_data {
            Some(o) => Some(o.check(text, &raw.publisher)?),
            None => None,
        };
        let extra = raw
            .extra
            .map(|t| serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
            .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
        Ok(SiteConfig {
            title: raw.title,
            base_url,
            base_path,
            language: raw.language,
            theme: raw.theme,
            description: raw.description,
            publisher: raw.publisher,
            accessibility: raw.accessibility,
            status_words: raw
                .statusord
                .into_iter()
                .map(|(word, meaning)| {
                    let line = line_of_status_word(text, &word);
                    (word, meaning, line)
                })
                .collect(),
            contact: raw.contact,
            demo: raw.demo,
            glossary: Default::default(),
            open_data,
            extra,
        })
    }

    /// An absolute URL for a site path such as `/a/b/` (used in feeds and the sitemap).
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }

    /// A host-relative URL for a site path: works under a sub-path and on any host.
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path.trim_start_matches('/'))
    }
}

/// The line of `Klar = "uppfyllt"` (or `"Klar" = …`) in the `[statusord]` table.
fn line_of_status_word(text: &str, word: &str) -> usize {
    let start = text.lines().position(|l| l.trim() == "[statusord]").unwrap_or(0);
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| {
            let k = l.split('=').next().unwrap_or("").trim().trim_matches('"');
            k == word
        })
        .map(|(i, _)| i + 1)
        .unwrap_or(0)
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// `https://example.se/insyn` → (`https://example.se/insyn/`, `/insyn/`).
pub fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    // Characters that cannot stand in an address as they are (they would break the links and
    // attributes it is written into, or add lines to robots.txt).
    if let Some(c) = url
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "?#\"'<>\\^`{|}".contains(*c))
    {
        let shown = if c.is_control() || c.is_whitespace() {
            format!("U+{:04X}", c as u32)
        } else {
            format!("\"{c}\"")
        };
        return Err(format!(
            "base_url innehåller tecknet {shown}, som inte hör hemma i en webbadress"
        ));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url \"{url}\" börjar inte med https:// eller http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url \"{url}\" saknar värdnamn"));
    }
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => "/",
    };
    if path.split('/').any(|s| s == ".." || s == ".") {
        return Err(format!("base_url \"{url}\" innehåller . eller .."));
    }
    let mut base_path = path.to_string();
    if !base_path.ends_with('/') {
        base_path.push('/');
    }
    let mut base_url = url.to_string();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    Ok((base_url, base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_corpus_config_builds() {
        let c = SiteConfig::parse(
            "title = \"Bench\"\nbase_url = \"http://localhost/\"\nlanguage = \"sv\"\n",
            None,
        )
        .unwrap();
        assert_eq!(c.base_path, "/");
        assert_eq!(c.theme, "insyn");
    }

    #[test]
    fn sub_path_base_url() {
        let (u, p) = normalize_base_url("https://example.se/insyn").unwrap();
        assert_eq!((u.as_str(), p.as_str()), ("https://example.se/insyn/", "/insyn/"));
        assert!(normalize_base_url("example.se").is_err());
        assert!(normalize_base_url("https://").is_err());
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let d =
            SiteConfig::parse("title = \"x\"\nbase_url = \"https://a.se/\"\ntheem = \"insyn\"\n", None).unwrap_err();
        assert_eq!(d.line, 3);
        assert_eq!(d.message, "okänd nyckel \"theem\"");
        assert!(d.hint.unwrap().starts_with("menade du \"theme\"?"));
    }

    #[test]
    fn placeholders_are_refused_unless_demo() {
        let toml = "title = \"x\"\nbase_url = \"https://a.se/\"\n[contact]\nemail = \"a@example.se\"\n";
        let d = SiteConfig::parse(toml, None).unwrap_err();
        assert_eq!(d.line, 4);
        assert!(d.message.contains("platshållare (example.se)"), "{}", d.message);
        let demo = format!("demo = true\n{toml}");
        assert!(SiteConfig::parse(&demo, None).unwrap().demo);
        let ok = "title = \"x\"\nbase_url = \"https://a.se/\"\n[accessibility]\ncontact_url = \"https://www.region.se/kontakt\"\n";
        assert!(SiteConfig::parse(ok, None).is_ok());
    }

    #[test]
    fn known_issues_name_wcag_criteria() {
        let toml = "title = \"x\"\nbase_url = \"https://a.se/\"\n[[accessibility.known_issues]]\ntext = \"Diagram\"\nwcag = [\"1.4.10\", \"1.4.11\"]\n";
        let c = SiteConfig::parse(toml, None).unwrap();
        assert_eq!(c.accessibility.known_issues[0].wcag[1].0.name, "Non-text Contrast");
        let bad = toml.replace("1.4.11", "1.4.6");
        let d = SiteConfig::parse(&bad, None).unwrap_err();
        assert_eq!(d.line, 5);
        assert!(
            d.message.contains("\"1.4.6\" är inget framgångskriterium"),
            "{}",
            d.message
        );
        assert!(d.hint.unwrap().contains("wcag = [\"1.4.10\"]"));
    }

    #[test]
    fn override_replaces_base_url() {
        let c = SiteConfig::parse(
            "title = \"x\"\nbase_url = \"https://a.se/\"\n",
            Some("https://test.example.se/rapporter/"),
        )
        .unwrap();
        assert_eq!(c.base_path, "/rapporter/");
        assert_eq!(c.url("/a/b/"), "/rapporter/a/b/");
        assert_eq!(c.absolute_url("/a/"), "https://test.example.se/rapporter/a/");
    }
}
