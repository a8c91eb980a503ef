//! `insyn new report <org> <year> <kind>`: a new report with its usual sections and an example
//! of each block it typically has, as a draft, never overwriting anything.

use crate::diagnostics::{Diagnostic, suggestion_hint};
use crate::load::front_matter::ReportKind;
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
    let mut files = vec![(
        dir.join("_index.md"),
        format!(
            "---\ntitle: {label}\ndraft: true\nrapport:\n  typ: {}\n  år: {year}\n  organisation: {org}\n\
             \x20 # Fyll i när rapporten är beslutad och publicerad (se docs/innehall.md):\n\
             \x20 # original: https://www.example.se/rapport.pdf\n\
             \x20 # beslutad: ÅÅÅÅ-MM-DD\n\
             \x20 # beslutad_av: {org}\n\
             \x20 # kontakt:\n\
             \x20 #   e-post: namn@example.se\n---\n\
             Skriv en kort inledning till rapporten här. Ta bort raden draft: true ovan när rapporten ska publiceras.\n",
            kind.name()
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
        files.push((org_index, format!("---\ntitle: {org}\n---\n")));
    }
    if let Some((existing, _)) = files.iter().find(|(p, _)| root.join(p).exists()) {
        return Err(Diagnostic::new(existing, 0, "filen finns redan; ingenting skapades")
            .hint("välj ett annat år eller en annan rapporttyp, eller ta bort den gamla rapporten först"));
    }
    let mut created = Vec::new();
    for (p, text) in &files {
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
        created.push(p.clone());
    }
    Ok(created)
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
    fn refuses_bad_kind_and_year() {
        let d = new_report(Path::new("/nonexistent"), "Org", "2025", "arsredovisnig").unwrap_err();
        assert!(d.hint.unwrap().contains("menade du \"arsredovisning\"?"));
        assert!(new_report(Path::new("/nonexistent"), "Org", "tjugo", "arsredovisning").is_err());
    }
}
