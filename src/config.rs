//! `site.toml`: the site's settings, checked key by key.

use crate::diagnostics::Diagnostic;
use crate::load::yaml::humanize;
use serde::Deserialize;
use std::path::Path;

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
    pub extra: serde_json::Value,
}

/// What the accessibility statement (tillgänglighetsredogörelse) says, following DIGG's model.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// Where residents report problems: an e-mail address …
    pub contact_email: Option<String>,
    /// … a phone number …
    pub contact_phone: Option<String>,
    /// … or a web form.
    pub contact_url: Option<String>,
    /// "förenlig", "delvis förenlig" or "inte förenlig" with the DOS law (lagen 2018:1937).
    pub compliance: Option<Compliance>,
    /// Content known not to be accessible, one item each.
    #[serde(default)]
    pub known_issues: Vec<String>,
    /// How the site was assessed, e.g. "självskattning" or "granskning av extern part".
    pub assessment: Option<String>,
    /// When the site was last assessed, ÅÅÅÅ-MM-DD.
    #[serde(default, deserialize_with = "date_text")]
    pub assessed_on: Option<String>,
    /// When the statement was last updated, ÅÅÅÅ-MM-DD.
    #[serde(default, deserialize_with = "date_text")]
    pub updated_on: Option<String>,
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
            crate::load::yaml::HINT_SEP
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
                crate::load::yaml::HINT_SEP
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
    extra: Option<toml::Table>,
}

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
        let text = crate::load::decode_text(bytes, Path::new(CONFIG_FILE))?;
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
            let (message, hint) = humanize(raw);
            let message = match message.strip_prefix("YAML: ") {
                Some(rest) => format!("TOML: {rest}"),
                None => message,
            };
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
        if let Some(scheme) = raw
            .accessibility
            .contact_url
            .as_deref()
            .and_then(crate::load::script_scheme)
        {
            return Err(Diagnostic::new(
                CONFIG_FILE,
                line_of_key(text, "contact_url"),
                format!("contact_url använder {scheme}, som kan köra kod i läsarens webbläsare"),
            )
            .hint("ange kontaktformulärets webbadress, till exempel contact_url = \"https://example.se/kontakt\""));
        }
        if raw.title.trim().is_empty() {
            return Err(Diagnostic::new(CONFIG_FILE, line_of_key(text, "title"), "title är tom")
                .hint("ge webbplatsen ett namn, till exempel title = \"Region Halland – rapporter\""));
        }
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

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
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
