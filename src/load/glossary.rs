//! `begrepp.yaml` beside `site.toml`: the site's own glossary, merged with Insyn's standard
//! set (`begrepp.yaml` in this folder, compiled into the program).

use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::glossary::{Glossary, Term};
use crate::load::yaml::{Fragment, PathSeg};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub const GLOSSARY_FILE: &str = "begrepp.yaml";

/// Insyn's standard terms.
const STANDARD: &str = include_str!("begrepp.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Use Insyn's standard terms (default: yes).
    standard: Option<bool>,
    /// Standard terms the site does not want.
    #[serde(default)]
    utan: Vec<String>,
    #[serde(default)]
    begrepp: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: String,
    betyder: Option<String>,
    förklaring: String,
    #[serde(default)]
    former: Vec<String>,
}

fn term(raw: RawTerm, from_site: bool) -> Term {
    let mut forms = vec![raw.term.trim().to_string()];
    for f in raw.former {
        let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        if !forms.contains(&f) {
            forms.push(f);
        }
    }
    Term {
        term: raw.term.trim().to_string(),
        expansion: raw.betyder.map(|b| b.trim().to_string()).filter(|b| !b.is_empty()),
        explanation: raw.förklaring.split_whitespace().collect::<Vec<_>>().join(" "),
        forms,
        from_site,
    }
}

/// The standard set alone.
pub fn standard() -> Glossary {
    let raw: RawFile = serde_yaml::from_str(STANDARD).unwrap_or(RawFile {
        standard: None,
        utan: Vec::new(),
        begrepp: Vec::new(),
    });
    let mut g = Glossary {
        terms: raw.begrepp.into_iter().map(|t| term(t, false)).collect(),
    };
    g.sort();
    g
}

/// Read `begrepp.yaml` at the site root (if there is one) and merge it with the standard set.
pub fn load(root: &Path) -> Result<Glossary, Diagnostics> {
    let path = root.join(GLOSSARY_FILE);
    if !path.exists() {
        return Ok(standard());
    }
    let shown = Path::new(GLOSSARY_FILE);
    if path.is_symlink()
        && !path
            .canonicalize()
            .is_ok_and(|t| root.canonicalize().is_ok_and(|r| t.starts_with(r)))
    {
        return Err(Diagnostic::new(
            shown,
            0,
            format!("{GLOSSARY_FILE} är en symbolisk länk som pekar utanför webbplatsens mapp"),
        )
        .hint("kopiera filen in i webbplatsen i stället för att länka till den")
        .into());
    }
    let bytes = std::fs::read(&path).map_err(|e| Diagnostic::new(shown, 0, format!("kan inte läsas: {e}")))?;
    let text = crate::policy::decode_text(bytes, shown)?;
    parse(&text)
}

/// Merge the site's glossary `text` with the standard set.
pub fn parse(text: &str) -> Result<Glossary, Diagnostics> {
    let shown = Path::new(GLOSSARY_FILE);
    let frag = Fragment {
        file: shown,
        text,
        first_line: 1,
    };
    if text.trim().is_empty() {
        return Ok(standard());
    }
    let raw: RawFile = frag.parse()?;
    let mut diags = Diagnostics::new();
    let at = |path: &[PathSeg]| frag.locate(path);
    let mut base = if raw.standard.unwrap_or(true) {
        standard()
    } else {
        Glossary::default()
    };
    let key = |s: &str| s.trim().to_lowercase();
    for (i, name) in raw.utan.iter().enumerate() {
        match base.terms.iter().position(|t| key(&t.term) == key(name)) {
            Some(p) => {
                base.terms.remove(p);
            }
            None if raw.standard == Some(false) => {}
            None => {
                let (line, col) = at(&[PathSeg::Key("utan"), PathSeg::Index(i)]);
                let names: Vec<String> = standard().terms.into_iter().map(|t| t.term).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                diags.push(
                    Diagnostic::new(shown, line, format!("\"{name}\" finns inte bland standardbegreppen"))
                        .at(line, col)
                        .hint(suggestion_hint(name, &names, "standardbegrepp")),
                );
            }
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut own = Vec::new();
    for (i, t) in raw.begrepp.into_iter().enumerate() {
        let here = |k: &'static str| at(&[PathSeg::Key("begrepp"), PathSeg::Index(i), PathSeg::Key(k)]);
        if t.term.trim().is_empty() || !t.term.chars().any(char::is_alphanumeric) {
            let (line, col) = here("term");
            diags.push(
                Diagnostic::new(shown, line, "term är tom")
                    .at(line, col)
                    .hint("skriv ordet eller förkortningen som ska förklaras, till exempel term: avvikelse"),
            );
            continue;
        }
        if t.förklaring.trim().is_empty() {
            let (line, col) = here("förklaring");
            diags.push(
                Diagnostic::new(shown, line, format!("förklaringen av \"{}\" är tom", t.term.trim()))
                    .at(line, col)
                    .hint("förklara ordet med en eller två meningar på enkel svenska"),
            );
            continue;
        }
        if let Some(bad) = t.former.iter().position(|f| !f.chars().any(char::is_alphanumeric)) {
            let (line, col) = at(&[
                PathSeg::Key("begrepp"),
                PathSeg::Index(i),
                PathSeg::Key("former"),
                PathSeg::Index(bad),
            ]);
            diags.push(
                Diagnostic::new(shown, line, "en form utan bokstäver kan inte hittas i texten")
                    .at(line, col)
                    .hint("skriv böjningsformer av ordet, till exempel former: [avvikelsen, avvikelser]"),
            );
            continue;
        }
        if let Some(first) = seen.insert(key(&t.term), i) {
            let (line, col) = here("term");
            let (first_line, _) = at(&[PathSeg::Key("begrepp"), PathSeg::Index(first), PathSeg::Key("term")]);
            diags.push(
                Diagnostic::new(
                    shown,
                    line,
                    format!("\"{}\" förklaras redan på rad {first_line}", t.term.trim()),
                )
                .at(line, col)
                .hint("slå ihop förklaringarna till en"),
            );
            continue;
        }
        own.push(term(t, true));
    }
    // The site's own explanation replaces the standard one.
    base.terms
        .retain(|s| !own.iter().any(|o: &Term| key(&o.term) == key(&s.term)));
    base.terms.extend(own);
    base.sort();
    diags.into_result(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_set_reads_and_is_sorted() {
        let g = standard();
        assert!(g.terms.len() >= 35, "{}", g.terms.len());
        let find = |t: &str| g.terms.iter().find(|x| x.term == t).unwrap();
        assert_eq!(find("HME").expansion.as_deref(), Some("Hållbart medarbetarengagemang"));
        assert!(find("avvikelse").forms.contains(&"avvikelserna".to_string()));
        assert!(
            g.terms
                .iter()
                .all(|t| !t.explanation.is_empty() && !t.explanation.contains('\n'))
        );
        assert_eq!(g.terms.last().unwrap().term, "årsarbetare");
    }

    #[test]
    fn the_site_replaces_removes_and_adds() {
        let g = parse(
            "utan: [tertial]\nbegrepp:\n  - term: HME\n    betyder: Hållbart medarbetarengagemang\n    förklaring: Vårt eget.\n  - term: FVIS\n    betyder: Framtidens vårdinformationsstöd\n    förklaring: Ett program.\n",
        )
        .unwrap();
        assert!(!g.terms.iter().any(|t| t.term == "tertial"));
        let hme: Vec<&Term> = g.terms.iter().filter(|t| t.term == "HME").collect();
        assert_eq!(hme.len(), 1);
        assert_eq!(hme[0].explanation, "Vårt eget.");
        assert!(hme[0].from_site);
        assert!(g.terms.iter().any(|t| t.term == "FVIS"));
        let none = parse("standard: false\nbegrepp: []\n").unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn mistakes_name_the_line() {
        let d = parse("begrepp:\n  - term: HME\n    förklaring: Ett.\n  - term: hme\n    förklaring: Två.\n")
            .unwrap_err()
            .sorted();
        assert_eq!(d[0].line, 4);
        assert_eq!(d[0].message, "\"hme\" förklaras redan på rad 2");
        let d = parse("utan: [tertal]\n").unwrap_err().sorted();
        assert_eq!(
            (d[0].line, d[0].message.as_str()),
            (1, "\"tertal\" finns inte bland standardbegreppen")
        );
        assert!(d[0].hint.as_deref().unwrap().contains("tertial"), "{:?}", d[0].hint);
        let d = parse("begrepp:\n  - term: x\n    forklaring: y\n")
            .unwrap_err()
            .sorted();
        assert_eq!(d[0].line, 3);
        assert!(d[0].message.contains("forklaring"), "{}", d[0].message);
    }
}
