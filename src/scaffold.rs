//! `insyn new site <folder>`: a new site that builds at once (`site.toml`, a home page and a
//! first page with the next steps), and `insyn new report <org> <year> <kind>`: a new report
//! with its usual sections and an example of each block it typically has, as a draft. Neither
//! ever overwrites anything.

use crate::config::PLACEHOLDER_NAME;
use crate::diagnostics::{Diagnostic, suggestion_hint};
use crate::model::ReportKind;
use crate::model::slugify;
use std::path::{Path, PathBuf};

/// The files of a new report, relative to the site root.
pub fn report_files(org: &str, year: i32, kind: ReportKind) -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from("content")
        .join(slugify(org))
        .join(format!("{year}-{}", kind.slug()));
    let label = {
        let mut c = kind.name().chars();
        let first: String = c.next().map(|f| f.to_uppercase().collect()).unwrap_or_default();
        format!("{first}{} {year}", c.as_str())
    };
    // A part of a year is never guessed: the editor writes it, and the build says so until then.
    let period = if kind == ReportKind::InterimReport {
        "  # Skriv den del av året som rapporten gäller, till exempel: period: jan–apr ÅÅÅÅ\n"
    } else {
        ""
    };
    let mut files = vec![(
        dir.join("_index.md"),
        format!(
            "---\ntitle: {label}\ndraft: true\nrapport:\n  typ: {}\n  år: {year}\n  organisation: {}\n{period}\
             \x20 # Fyll i när rapporten är beslutad och publicerad (se docs/innehall.md):\n\
             \x20 # original: https://www.example.se/rapport.pdf\n\
             \x20 # beslutad: ÅÅÅÅ-MM-DD\n\
             \x20 # beslutad_av: Regionstyrelsen\n\
             \x20 # kontakt:\n\
             \x20 #   e-post: namn@example.se\n---\n\
             Skriv en kort inledning till rapporten här. Ta bort raden draft: true ovan när rapporten ska publiceras.\n",
            kind.name(),
            yaml_text(org)
        ),
    )];
    let page = |n: usize, slug: &str, title: &str, body: &str| {
        (
            dir.join(format!("{n:02}-{slug}.md")),
            format!("---\ntitle: {title}\nweight: {n}\n---\n{body}"),
        )
    };
    let assignments_outcome = "## Uppdrag\n\nBeskriv uppdragen och hur långt de har kommit.\n\n```uppdrag\nuppdrag:\n  - id: exempeluppdrag\n    titel: Ett exempel på uppdrag\n    status: pågår\n```\n";
    let assignments_plan = "## Uppdrag\n\nBeskriv de uppdrag som planeras under året. Ge varje uppdrag ett id; använd samma id i årsredovisningen, så länkas plan och utfall ihop.\n\n```uppdrag\nuppdrag:\n  - id: exempeluppdrag\n    titel: Ett exempel på uppdrag\n```\n";
    let staff = "## Personalomsättning och sjukfrånvaro\n\n```indikatorer\nindikatorer:\n  - id: personalomsattning\n    namn: Personalomsättning\n    enhet: \"%\"\n    utfall: 0\n    mål: 0\n    riktning: lägre\n```\n";
    let economy = "## Resultaträkning\n\nFyll i raderna som i rapporten: post | utfall | budget | avvikelse.\n\n```ekonomitabell\ntitel: Resultaträkning\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - Post A | 0,0 | 0,0 | 0,0\n  - Post B | 0,0 | 0,0 | 0,0\n```\n";
    let investments = "## Investeringar\n\n```ekonomitabell\ntitel: Investeringar\nenhet: mnkr\navvikelse: budget − utfall\nrubriker: [Investering, Utfall, Årsbudget, Avvikelse]\nrader:\n  - Investering A | 0,0 | 0,0\n```\n";
    let budget = "## Driftbudget\n\n```tabell\ntitel: Driftbudget\nenhet: mnkr\nkolumner: [Kontoklass, Budget]\nrader:\n  - Intäkter | 0,0\n  - Kostnader | 0,0\n```\n";
    match kind {
        ReportKind::OperationalPlan => files.extend([
            page(1, "inledning", "Inledning", "Beskriv förutsättningarna för året.\n"),
            page(2, "uppdrag", "Uppdrag", assignments_plan),
            page(3, "medarbetare", "Medarbetare", &staff.replace("    utfall: 0\n", "")),
            page(4, "ekonomi", "Ekonomi", budget),
        ]),
        _ => files.extend([
            page(1, "sammanfattning", "Sammanfattning", "Sammanfatta året.\n"),
            page(2, "uppdrag", "Uppdrag", assignments_outcome),
            page(3, "medarbetare", "Medarbetare", staff),
            page(4, "ekonomi", "Ekonomi", economy),
            page(5, "investeringar", "Investeringar", investments),
        ]),
    }
    files
}

/// The files of a new site, relative to its folder.
pub fn site_files() -> Vec<(PathBuf, String)> {
    let lines = |ls: &[&str]| ls.iter().map(|l| format!("{l}\n")).collect::<String>();
    vec![
        (
            PathBuf::from("site.toml"),
            lines(&[
                "# Webbplatsens inställningar. Byt namn, adress och utgivare till era egna.",
                "title = \"Rapporter\"",
                "base_url = \"https://www.example.se/rapporter/\"",
                &format!("publisher = \"{PLACEHOLDER_NAME}\""),
                "description = \"Årsredovisningar, delårsrapporter och verksamhetsplaner som webbsidor.\"",
                "",
                "# Så länge adresserna ovan och nedan är exempel (example.se) är webbplatsen en",
                "# demonstration, och varje sida säger det. Ta bort raden när uppgifterna är era egna.",
                "demo = true",
                "",
                "# Vem invånare kan fråga om rapporterna.",
                "[contact]",
                &format!("name = \"{PLACEHOLDER_NAME}\""),
                "email = \"rapporter@example.se\"",
                "",
                "# Underlaget till tillgänglighetsredogörelsen (/tillganglighet/). Fyll i era egna uppgifter.",
                "[accessibility]",
                "contact_email = \"webb@example.se\"",
                "compliance = \"delvis förenlig\"",
                "",
                "[[accessibility.known_issues]]",
                "text = \"Webbplatsen har ännu inte granskats.\"",
                "wcag = []",
            ]),
        ),
        (
            PathBuf::from("content/_index.md"),
            lines(&[
                "---",
                "title: Rapporter",
                "---",
                "Här finns våra rapporter: årsredovisningar, delårsrapporter och verksamhetsplaner,",
                "med siffrorna som tabeller, diagram och filer att ladda ner.",
            ]),
        ),
        (
            PathBuf::from("content/kom-igang.md"),
            lines(&[
                "---",
                "title: Kom igång",
                "draft: true",
                "---",
                "Den här sidan är ett utkast (`draft: true`): den syns när du förhandsgranskar med",
                "`insyn serve`, men publiceras inte. Ta bort filen när du inte behöver den längre.",
                "",
                "## Nästa steg",
                "",
                "1. Skriv webbplatsens namn, adress och utgivare i `site.toml`, och era uppgifter under",
                "   `[contact]` och `[accessibility]`; ta sedan bort raden `demo = true`.",
                "2. Skriv en kort text om webbplatsen i `content/_index.md`.",
                "3. Lägg till en rapport:",
                "   - ur Word: `insyn import rapport.docx content/regionstyrelsen/2024-arsredovisning`",
                "   - eller från början: `insyn new report Regionstyrelsen 2024 arsredovisning`",
                "4. Förhandsgranska med `insyn serve` och öppna <http://127.0.0.1:1111/>.",
                "5. Kontrollera siffrorna med `insyn check --drafts`, och bygg webbplatsen med `insyn build`.",
                "",
                "Allt om filerna och rapportblocken står i dokumentationen (`docs/innehall.md` i Insyn).",
            ]),
        ),
    ]
}

/// Create a new site in `folder` (new, or empty). Refuses to overwrite any file.
pub fn new_site(folder: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let files = site_files();
    if let Some((existing, _)) = files.iter().find(|(p, _)| folder.join(p).exists()) {
        return Err(
            Diagnostic::new(folder.join(existing), 0, "filen finns redan; ingenting skapades")
                .hint("välj en ny mapp för webbplatsen, eller ta bort filen först"),
        );
    }
    write_new(folder, &files)
}

/// Write each file as a new one.
fn write_new(root: &Path, files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut created = Vec::new();
    for (p, text) in files {
        let full = root.join(p);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Diagnostic::new(p, 0, format!("kan inte skapa mappen: {e}")))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&full)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(|e| Diagnostic::new(p, 0, format!("kan inte skapa filen: {e}")))?;
        created.push(root.join(p));
    }
    Ok(created)
}

/// Text as a YAML string that reads back exactly, whatever it holds (`Nämnd # 2`, `X: Y`).
fn yaml_text(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Create a new report below `root`. Refuses to overwrite any file.
pub fn new_report(root: &Path, org: &str, year: &str, kind: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let kind = ReportKind::parse(kind).ok_or_else(|| {
        let names: Vec<&str> = ReportKind::ALL.iter().map(|k| k.slug()).collect();
        Diagnostic::new("insyn new", 0, format!("okänd rapporttyp \"{kind}\"")).hint(suggestion_hint(
            kind,
            &names,
            "rapporttyper",
        ))
    })?;
    let year: i32 = year.parse().ok().filter(|y| (1900..=2200).contains(y)).ok_or_else(|| {
        Diagnostic::new("insyn new", 0, format!("\"{year}\" är inget årtal"))
            .hint("skriv året med fyra siffror, till exempel 2025")
    })?;
    if slugify(org).is_empty() {
        return Err(Diagnostic::new(
            "insyn new",
            0,
            format!("\"{org}\" går inte att använda som organisationsnamn"),
        )
        .hint("skriv organisationens namn, till exempel Regionstyrelsen"));
    }
    let mut files = report_files(org, year, kind);
    let org_index = PathBuf::from("content").join(slugify(org)).join("_index.md");
    if !root.join(&org_index).exists() {
        files.push((org_index, format!("---\ntitle: {}\n---\n", yaml_text(org))));
    }
    // Never write through a link that leads out of the site (or into its hidden files).
    let canonical_root = crate::load::files::canonical_root(root);
    for (p, _) in &files {
        let mut dir = PathBuf::new();
        for part in p.parent().into_iter().flat_map(|d| d.components()) {
            dir.push(part);
            let full = root.join(&dir);
            if (full.is_symlink() || full.exists())
                && let Err(why) = crate::load::files::inside_site(&canonical_root, &full)
            {
                let what = if full.is_symlink() {
                    "är en symbolisk länk som"
                } else {
                    ""
                };
                return Err(Diagnostic::new(
                    &dir,
                    0,
                    format!("{} {what} {why}; ingenting skapades", dir.display()).replace("  ", " "),
                )
                .hint("skapa rapporten i en vanlig mapp i webbplatsens content/"));
            }
        }
    }
    if let Some((existing, _)) = files.iter().find(|(p, _)| root.join(p).exists()) {
        return Err(Diagnostic::new(existing, 0, "filen finns redan; ingenting skapades")
            .hint("välj ett annat år eller en annan rapporttyp, eller ta bort den gamla rapporten först"));
    }
    Ok(write_new(root, &files)?
        .into_iter()
        .map(|p| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_and_report_have_their_usual_sections() {
        let files = report_files("Regionstyrelsen", 2025, ReportKind::AnnualReport);
        let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        assert!(names.contains(&"content/regionstyrelsen/2025-arsredovisning/_index.md".to_string()));
        assert!(names.iter().any(|n| n.ends_with("04-ekonomi.md")));
        let plan = report_files("Regionkontoret", 2025, ReportKind::OperationalPlan);
        assert!(
            plan.iter()
                .any(|(_, t)| t.contains("```uppdrag") && !t.contains("status:"))
        );
    }

    #[test]
    fn a_new_site_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("webb");
        let made = new_site(&site).unwrap();
        assert_eq!(made.len(), 3);
        std::fs::write(site.join("content/_index.md"), "mitt").unwrap();
        std::fs::remove_file(site.join("site.toml")).unwrap();
        let d = new_site(&site).unwrap_err();
        assert!(d.message.contains("finns redan"));
        assert!(
            !site.join("site.toml").exists(),
            "nothing is created when one file is there"
        );
        assert_eq!(std::fs::read_to_string(site.join("content/_index.md")).unwrap(), "mitt");
    }

    #[test]
    fn names_are_quoted_for_yaml() {
        assert_eq!(yaml_text("Nämnd # 2"), "\"Nämnd # 2\"");
        assert_eq!(yaml_text("\"X\": \\"), "\"\\\"X\\\": \\\\\"");
        assert_eq!(yaml_text("a\u{7}"), "\"a\\u0007\"");
    }

    #[test]
    fn refuses_bad_kind_and_year() {
        let d = new_report(Path::new("/nonexistent"), "Org", "2025", "arsredovisnig").unwrap_err();
        assert!(d.hint.unwrap().contains("menade du \"arsredovisning\"?"));
        assert!(new_report(Path::new("/nonexistent"), "Org", "tjugo", "arsredovisning").is_err());
    }
}
