//! Front matter: the YAML between `---` lines at the top of a content file.

use crate::diagnostics::Diagnostic;
use crate::load::blocks::Text;
use crate::load::yaml::PeriodText;
use crate::load::yaml::{Fragment, pair, scalar};
pub use crate::model::report::{Date, Publication, ReportKind};
use serde::{Deserialize, Deserializer};
use std::path::Path;

/// Everything an editor may set at the top of a page or section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub weight: Option<i64>,
    pub date: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub template: Option<String>,
    /// File line of `template:`, for messages about it (set after parsing).
    #[serde(skip)]
    pub template_line: usize,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    /// Set on the `_index.md` of a report: what kind of report, which year, whose.
    pub rapport: Option<RawReportMeta>,
    /// Placeholder addresses (example.se) in the report's facts, refused outside drafts
    /// unless the site is a demonstration (set after parsing).
    #[serde(skip)]
    pub placeholders: Vec<Diagnostic>,
}

impl FrontMatter {
    /// What a page with broken front matter is read with, so that its body is still checked.
    pub fn stand_in(title: String) -> FrontMatter {
        FrontMatter {
            title,
            weight: None,
            date: None,
            draft: false,
            slug: None,
            description: None,
            template: None,
            template_line: 0,
            extra: None,
            rapport: None,
            placeholders: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReportMeta {
    pub typ: ReportKind,
    pub år: i32,
    pub organisation: String,
    /// The public body that publishes the report (`Region Västmanland`); the site's
    /// `publisher` when not given.
    pub utgivare: Option<String>,
    /// The report's number within its year: delårsrapport 1, tertialrapport 2.
    pub nummer: Option<u8>,
    pub period: Option<PeriodText>,
    /// Where the published original can be found (a URL or a file beside the report).
    pub original: Option<String>,
    /// Overall assessment stated by the report, if any (a status word).
    pub bedömning: Option<Text>,
    /// The report's own status words and what they mean: `Klar: uppfyllt`.
    #[serde(default)]
    pub statusord: std::collections::BTreeMap<String, Text>,
    /// When the report was decided (fastställd), ÅÅÅÅ-MM-DD.
    pub beslutad: Option<Date>,
    /// The body that decided it, e.g. "Regionstyrelsen".
    pub beslutad_av: Option<String>,
    /// Who answers questions about the report.
    pub kontakt: Option<RawContact>,
    /// When the web version was last changed; pages' own `date:` count too.
    pub uppdaterad: Option<Date>,
}

/// `kontakt:` of a report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub namn: Option<String>,
    #[serde(rename = "e-post")]
    pub e_post: Option<String>,
    pub telefon: Option<String>,
    pub webb: Option<String>,
}

impl RawReportMeta {
    pub fn publication(&self) -> Publication {
        let text = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        Publication {
            decided_on: self.beslutad,
            decided_by: text(&self.beslutad_av),
            contact: self.kontakt.as_ref().map(|k| crate::config::Contact {
                name: text(&k.namn),
                email: text(&k.e_post),
                phone: text(&k.telefon),
                url: text(&k.webb),
            }),
            updated_on: self.uppdaterad,
        }
    }

    /// Addresses residents are sent to, by their path in the front matter.
    fn addresses(&self) -> Vec<(&'static [&'static str], &str)> {
        let mut v: Vec<(&'static [&'static str], &str)> = Vec::new();
        if let Some(o) = self.original.as_deref() {
            v.push((&["rapport", "original"], o));
        }
        if let Some(k) = &self.kontakt {
            if let Some(e) = k.e_post.as_deref() {
                v.push((&["rapport", "kontakt", "e-post"], e));
            }
            if let Some(w) = k.webb.as_deref() {
                v.push((&["rapport", "kontakt", "webb"], w));
            }
        }
        v
    }
}

impl<'de> Deserialize<'de> for ReportKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            ReportKind::parse(s).ok_or_else(|| {
                let names: Vec<&str> = ReportKind::ALL.iter().map(|k| k.name()).collect();
                pair(
                    format!("okänd rapporttyp \"{s}\""),
                    crate::diagnostics::suggestion_hint(s, &names, "rapporttyper"),
                )
            })
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            Date::parse(s).ok_or_else(|| {
                pair(
                    format!("\"{s}\" är inget giltigt datum"),
                    "skriv datum som ÅÅÅÅ-MM-DD, till exempel 2024-03-15",
                )
            })
        })
    }
}

/// A file split into front matter and body.
pub struct Split<'a> {
    pub front: &'a str,
    /// 1-based line of the first front-matter line.
    pub front_first_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_first_line: usize,
}

/// Split `---\n…\n---\n` from the body. `None` if the file has no front matter.
pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let front_lines = front.matches('\n').count();
            return Some(Split {
                front,
                front_first_line: 2,
                body,
                body_first_line: front_lines + 3,
            });
        }
        offset += line.len();
    }
    None
}

/// Read the front matter of a content file whose text is `text`.
pub fn parse<'a>(file: &Path, text: &'a str) -> Result<(FrontMatter, usize, &'a str), Diagnostic> {
    let Some(s) = split(text) else {
        let hint = "börja filen med\n---\ntitle: Sidans rubrik\n---";
        return Err(if text.trim().is_empty() {
            Diagnostic::new(file, 1, "filen är tom").hint(hint)
        } else {
            Diagnostic::new(file, 1, "front matter saknas (eller avslutas aldrig med ---)").hint(hint)
        });
    };
    if s.front.trim().is_empty() {
        return Err(
            Diagnostic::new(file, 1, "front matter är tom: title saknas").hint("lägg till title: Sidans rubrik")
        );
    }
    let frag = Fragment {
        file,
        text: s.front,
        first_line: s.front_first_line,
    };
    let mut fm: FrontMatter = frag.parse()?;
    if let Some(year) = fm.rapport.as_ref().map(|r| r.år)
        && !(1900..=2200).contains(&year)
    {
        use crate::load::yaml::PathSeg::Key;
        let (line, col) = frag.locate(&[Key("rapport"), Key("år")]);
        return Err(
            Diagnostic::new(file, line, format!("{year} är inget rimligt år för en rapport"))
                .at(line, col)
                .hint("skriv rapportens år med fyra siffror, till exempel år: 2023"),
        );
    }
    if let Some(r) = &fm.rapport {
        use crate::load::yaml::PathSeg::Key;
        let mut placeholders = Vec::new();
        for (path, address) in r.addresses() {
            let segs: Vec<_> = path.iter().map(|k| Key(k)).collect();
            let key = path[path.len() - 1];
            if let Some(scheme) = crate::load::script_scheme(address) {
                let (line, col) = frag.locate(&segs);
                return Err(Diagnostic::new(
                    file,
                    line,
                    format!("{key}: \"{address}\" använder {scheme}, som kan köra kod i läsarens webbläsare"),
                )
                .at(line, col)
                .hint("ange en webbadress (https://…) eller en fil bredvid rapporten"));
            }
            if let Some(domain) = crate::urls::placeholder_domain(address) {
                let (line, col) = frag.locate(&segs);
                placeholders.push(
                    Diagnostic::new(
                        file,
                        line,
                        format!("{key}: \"{address}\" är en platshållare ({domain}), inte en riktig adress"),
                    )
                    .at(line, col)
                    .hint(crate::config::PLACEHOLDER_HINT),
                );
            }
        }
        fm.placeholders = placeholders;
    }
    if fm.template.is_some() {
        fm.template_line = frag.locate(&[crate::load::yaml::PathSeg::Key("template")]).0;
    }
    if let Some(t) = &fm.template
        && (t.starts_with("blocks/") || t.starts_with("partials/"))
    {
        return Err(Diagnostic::new(
            file,
            fm.template_line,
            format!("mallen \"{t}\" är en del av en sida och kan inte användas för en hel sida"),
        )
        .hint("ta bort template: (standardmallen väljs då) eller ange en sidmall, till exempel page.html"));
    }
    if fm.title.trim().is_empty() {
        let (line, _) = frag.locate(&[crate::load::yaml::PathSeg::Key("title")]);
        return Err(Diagnostic::new(file, line, "title är tom").hint("ge sidan en rubrik"));
    }
    Ok((fm, s.body_first_line, s.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_body_lines() {
        let (fm, line, body) = parse(Path::new("a.md"), "---\ntitle: A\nweight: 2\n---\nHej\n").unwrap();
        assert_eq!(fm.title, "A");
        assert_eq!(fm.weight, Some(2));
        assert_eq!(line, 5);
        assert_eq!(body, "Hej\n");
    }

    #[test]
    fn misspelt_key_is_named_with_valid_ones() {
        let d = parse(Path::new("content/a.md"), "---\ntitel: A\n---\n").unwrap_err();
        assert_eq!(
            d.to_string(),
            "content/a.md:2:1: fel: okänd nyckel \"titel\"\n  tips: menade du \"title\"? Giltiga nycklar: \"title\", \"weight\", \"date\", \"draft\", \"slug\", \"description\", \"template\", \"extra\", \"rapport\""
        );
    }

    #[test]
    fn missing_front_matter_and_bad_date() {
        assert!(
            parse(Path::new("a.md"), "Hej")
                .unwrap_err()
                .message
                .contains("front matter saknas")
        );
        assert_eq!(parse(Path::new("a.md"), "").unwrap_err().message, "filen är tom");
        let d = parse(Path::new("a.md"), "---\ntitle: A\ndate: 2023-02-30\n---\n").unwrap_err();
        assert_eq!(
            (d.line, d.message.as_str()),
            (3, "\"2023-02-30\" är inget giltigt datum")
        );
    }

    #[test]
    fn report_publication_facts() {
        let (fm, _, _) = parse(
            Path::new("a.md"),
            "---\ntitle: Å\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: RS\n  beslutad: 2024-04-24\n  beslutad_av: Regionstyrelsen\n  kontakt:\n    e-post: a@example.se\n---\n",
        )
        .unwrap();
        let p = fm.rapport.as_ref().unwrap().publication();
        assert_eq!(p.decided_on.map(|d| d.iso()).as_deref(), Some("2024-04-24"));
        assert_eq!(p.decided_by.as_deref(), Some("Regionstyrelsen"));
        assert_eq!(p.contact.unwrap().email.as_deref(), Some("a@example.se"));
        assert_eq!(
            fm.placeholders.len(),
            1,
            "kept for the load step, which knows demo and draft"
        );
        assert_eq!((fm.placeholders[0].line, fm.placeholders[0].column), (10, 13));
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2024-02-29").unwrap().iso(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-1-5").is_none());
    }
}
