//! What residents can trust: each report says who decided it and when, links the original,
//! names a contact and says when it was last updated (from content dates, never the clock);
//! and a placeholder address (example.se) never reaches a real site.

use crate::common::*;
use std::path::Path;

const REPORT: &str = "content/regionstyrelsen/2023-arsredovisning/_index.md";

/// The report fixture with `rapport_extra` added under the report's `rapport:` and
/// `site_extra` at the end of `site.toml`.
fn site_with(rapport_extra: &str, site_extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = copy_fixture("report");
    let index = site.join(REPORT);
    let text = read(&index).replace(
        "  period: Helår 2023\n",
        &format!("  period: Helår 2023\n{rapport_extra}"),
    );
    std::fs::write(&index, text).unwrap();
    let toml = site.join("site.toml");
    let mut t = read(&toml);
    t.push_str(site_extra);
    std::fs::write(&toml, t).unwrap();
    (tmp, site)
}

fn page(site: &Path, rel: &str) -> String {
    read(&site.join("public").join(rel).join("index.html"))
}

#[test]
fn a_report_shows_decision_original_contact_and_last_update() {
    let (_tmp, site) = site_with(
        "  beslutad: 2024-04-24\n  beslutad_av: Regionstyrelsen\n  original: arsredovisning.pdf\n  uppdaterad: 2024-05-02\n  kontakt:\n    namn: Ekonomiavdelningen\n    e-post: ekonomi@testregionen.se\n    telefon: 035-00 00 00\n",
        "\n[contact]\nemail = \"rapporter@testregionen.se\"\n",
    );
    std::fs::write(
        site.join("content/regionstyrelsen/2023-arsredovisning/arsredovisning.pdf"),
        b"%PDF-1.4",
    )
    .unwrap();
    // A later page date wins over the report's own `uppdaterad:`.
    let eco = site.join("content/regionstyrelsen/2023-arsredovisning/ekonomi.md");
    std::fs::write(&eco, read(&eco).replacen("---\n", "---\ndate: 2024-06-10\n", 1)).unwrap();
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let home = page(&site, "regionstyrelsen/2023-arsredovisning");
    for must in [
        "<h2 id=\"om-rapporten\">Om rapporten</h2>",
        "Beslutad av Regionstyrelsen den <time datetime=\"2024-04-24\">24 april 2024</time>.",
        "<a href=\"/insyn/regionstyrelsen/2023-arsredovisning/arsredovisning.pdf\">Årsredovisning 2023, Regionstyrelsen, som den publicerades</a>",
        "Ekonomiavdelningen: <a href=\"mailto:ekonomi@testregionen.se\">ekonomi@testregionen.se</a>, telefon 035-00 00 00",
        "<dt>Senast uppdaterad</dt><dd><time datetime=\"2024-06-10\">10 juni 2024</time></dd>",
    ] {
        assert!(home.contains(must), "the report page lacks {must}:\n{home}");
    }
    let sub = page(&site, "regionstyrelsen/2023-arsredovisning/medarbetare");
    assert!(
        sub.contains("senast uppdaterad <time datetime=\"2024-06-10\">10 juni 2024</time>. Frågor om rapporten: <a href=\"mailto:ekonomi@testregionen.se\">"),
        "{sub}"
    );
    assert!(
        page(&site, "").contains("Frågor om rapporterna: <a href=\"mailto:rapporter@testregionen.se\">"),
        "the site's contact in the footer"
    );
    // Without dates in the content there is no "senast uppdaterad": the clock is never asked.
    let (_tmp2, plain) = site_with("", "");
    let index = plain.join(REPORT);
    std::fs::write(&index, read(&index).replace("date: 2024-03-15\n", "")).unwrap();
    assert!(insyn(&plain, &["build"]).ok);
    assert!(!page(&plain, "regionstyrelsen/2023-arsredovisning").contains("Senast uppdaterad"));
}

#[test]
fn placeholder_addresses_stop_a_real_site_but_not_a_demo_or_a_draft() {
    // In site.toml: the line of the key, and what to do.
    let (_tmp, site) = site_with("", "\n[accessibility]\ncontact_email = \"tillganglighet@example.se\"\n");
    let run = insyn(&site, &["check"]);
    assert!(!run.ok);
    assert!(
        run.stderr.starts_with(
            "site.toml:6: fel: contact_email = \"tillganglighet@example.se\" är en platshållare (example.se), inte en riktig adress\n  tips: ange organisationens riktiga adress; är webbplatsen ett exempel eller en demonstration, skriv demo = true i site.toml"
        ),
        "{}",
        run.stderr
    );
    // The publisher's name that a new site starts with is a placeholder too.
    let (_tmp, site) = site_with("", "");
    let toml = read(&site.join("site.toml")).replacen(
        "publisher = \"Testregionen\"",
        "publisher = \"Organisationens namn\"",
        1,
    );
    std::fs::write(site.join("site.toml"), toml).unwrap();
    let run = insyn(&site, &["check"]);
    assert!(
        run.stderr.starts_with(
            "site.toml:3: fel: publisher = \"Organisationens namn\" är en platshållare, inte organisationens namn\n"
        ),
        "{}",
        run.stderr
    );
    // In a report: file, line and column; build refuses too, and writes nothing.
    let (_tmp, site) = site_with(
        "  original: https://www.example.com/rapport.pdf\n  kontakt:\n    e-post: ekonomi@example.org\n",
        "",
    );
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert!(!site.join("public").exists());
    for must in [
        "content/regionstyrelsen/2023-arsredovisning/_index.md:10:13: fel: original: \"https://www.example.com/rapport.pdf\" är en platshållare (example.com)",
        "content/regionstyrelsen/2023-arsredovisning/_index.md:12:13: fel: e-post: \"ekonomi@example.org\" är en platshållare (example.org)",
    ] {
        assert!(run.stderr.contains(must), "{must}\n{}", run.stderr);
    }
    // The same report as a draft: allowed, also when drafts are shown (as in a preview).
    let index = site.join(REPORT);
    std::fs::write(&index, read(&index).replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
    let run = insyn(&site, &["check", "--drafts"]);
    assert!(run.ok, "a draft may hold placeholders: {}", run.stderr);
    // A demonstration site: allowed, and every page says what it is.
    let (_tmp, site) = site_with("  original: https://www.example.com/rapport.pdf\n", "");
    std::fs::write(
        site.join("site.toml"),
        "title = \"Testregionen\"\nbase_url = \"https://example.se/insyn/\"\ndemo = true\n\n[accessibility]\ncontact_email = \"tillganglighet@example.se\"\n",
    )
    .unwrap();
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    for (path, bytes) in tree(&site.join("public")).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("<strong>Exempelwebbplats.</strong>"),
            "{path} does not say it is an example"
        );
    }
}

#[test]
fn a_known_accessibility_problem_names_its_wcag_criteria_in_the_statement() {
    let (_tmp, site) = site_with(
        "",
        "\n[accessibility]\ncompliance = \"delvis förenlig\"\ncontact_email = \"tillganglighet@testregionen.se\"\n[[accessibility.known_issues]]\ntext = \"Diagrammen saknar mönster.\"\nwcag = [\"1.4.10\", \"1.4.11\"]\nplan = \"Rättas under 2027.\"\n",
    );
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}{}", run.stdout, run.stderr);
    let html = page(&site, "tillganglighet");
    assert!(html.contains("Webbplatsen är delvis förenlig"), "{html}");
    assert!(html.contains("Diagrammen saknar mönster."), "{html}");
    assert!(
        html.contains("href=\"https://www.w3.org/TR/WCAG21/#reflow\" hreflang=\"en\""),
        "{html}"
    );
    assert!(html.contains("Rättas under 2027."), "{html}");
}
