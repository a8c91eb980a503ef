//! End-to-end: broken input gives every problem at once, each with file, line and a hint,
//! a non-zero exit code, and no output.

use crate::common::*;

/// The program's stderr for the broken fixture is `expected-stderr.txt`, byte for byte, and
/// names what the editor typed for each kind of problem.
#[test]
fn every_problem_is_reported_once_with_file_and_line() {
    let (_tmp, site) = copy_fixture("invalid");
    let run = insyn(&site, &["build"]);
    assert!(!run.ok, "the build must fail");
    assert!(!site.join("public").exists(), "nothing is written");
    // Each kind, in what the program printed.
    for must in [
        "content/felstavad.md:2:1: fel: okänd nyckel \"titel\"\n  tips: menade du \"title\"?",
        // A subtotal of a group, named by its row and column, at the figure.
        "content/delsumma.md:15:42: fel: summan i kolumnen \"2023-12-31\" för \"Summa anläggningstillgångar\" stämmer inte: angivet 60 990, beräknat 60 890",
        // A block inside a quote is read where it stands; an unmapped status word says how to map it.
        "content/citat.md:10:15: fel: okänd status \"Grön\"\n  tips: giltiga statusar: \"uppfyllt\", \"delvis uppfyllt\", \"ej uppfyllt\", \"pågår\", \"ej påbörjat\", \"avbrutet\"; är det organisationens eget ord, ange vad det betyder i site.toml under [statusord], till exempel \"Grön\" = \"uppfyllt\"",
        "content/ekonomi.md:9:40: fel: kolumnen \"Avvikelse\" (utfall − budget) för \"Regionkontoret\" stämmer inte: angivet 9,2, beräknat 9,0",
        // A block in a file whose front matter is broken is still checked …
        "content/datum.md:9:13: fel: okänd status \"klart\"",
        // … and so are the links and other blocks of a file with a broken block.
        "content/tal.md:4: fel: länken \"saknas.md\" pekar på content/saknas.md, som inte finns",
        "content/tal.md:19:30: fel: kolumnen \"Avvikelse\" (budget − utfall) för \"Summa\" stämmer inte",
        "content/uppdrag.md:8:13: fel: okänd status \"uppfylt\"",
        "content/uppdrag.md:11: fel: okänd blocktyp \"uppdag\"",
        "content/lank.md:6: fel: länken \"resultet.md\" pekar på content/resultet.md, som inte finns",
        "content/mall.md:3: fel: mallen \"sida.html\" finns inte",
        "content/datum.md:3:7: fel: \"2023-02-30\" är inget giltigt datum",
        "content/tal.md:9:13: fel: \"9,92%\" innehåller ett procenttecken",
        "\n14 fel hittades; ingenting skrevs.\n",
    ] {
        assert!(
            run.stderr.contains(must),
            "the build did not say: {must}\n\n{}",
            run.stderr
        );
    }
    // Every problem once, each with a hint, and as many as the count says.
    let problems: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": fel: ")).collect();
    assert_eq!(problems.len(), 14, "{}", run.stderr);
    for p in &problems {
        assert_eq!(run.stderr.matches(p).count(), 1, "reported twice: {p}");
    }
    assert_eq!(run.stderr.matches("\n  tips: ").count(), 14, "{}", run.stderr);
    // And all of it, in order, exactly as recorded.
    let expected = read(&fixture("invalid").join("expected-stderr.txt"));
    assert_eq!(
        run.stderr, expected,
        "the build's stderr differs from tests/fixtures/invalid/expected-stderr.txt"
    );
    // `check` says the same.
    let check = insyn(&site, &["check"]);
    assert!(!check.ok);
    assert_eq!(check.stderr, expected, "insyn check");
}

#[test]
fn a_broken_site_toml_names_the_key() {
    let (_tmp, site) = copy_fixture("report");
    std::fs::write(
        site.join("site.toml"),
        "title = \"x\"\nbase_url = \"https://example.se/\"\ntheem = \"insyn\"\n",
    )
    .unwrap();
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert_eq!(
        run.stderr,
        "site.toml:3: fel: okänd nyckel \"theem\"\n  tips: menade du \"theme\"? Giltiga nycklar: \"title\", \"base_url\", \"language\", \"theme\", \"description\", \"publisher\", \"accessibility\", \"statusord\", \"contact\", \"demo\", \"open_data\", \"extra\"\n1 fel hittades; ingenting skrevs.\n"
    );
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let (_tmp, site) = copy_fixture("report");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.titel }}\n{% endblock content %}\n",
    )
    .unwrap();
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("templates/page.html:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("mallfel:"), "{}", run.stderr);
}

#[test]
fn a_missing_theme_suggests_one_that_exists() {
    let (_tmp, site) = copy_fixture("report");
    std::fs::write(
        site.join("site.toml"),
        "title = \"x\"\nbase_url = \"https://example.se/\"\ntheme = \"insin\"\n",
    )
    .unwrap();
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("fel: temat \"insin\" finns inte (ingen mapp themes/insin/)\n  tips: menade du \"insyn\"?"),
        "{}",
        run.stderr
    );
}

/// A delårsrapport without its period would be shown as the whole year: it is an error, and
/// `insyn new report` leaves the period for the editor to write.
#[test]
fn a_delarsrapport_must_say_which_part_of_the_year() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(insyn(tmp.path(), &["new", "site", "site"]).ok);
    let made = insyn(&site, &["new", "report", "Regionkontoret", "2024", "delarsrapport"]);
    assert!(made.ok, "{}", made.stderr);
    let run = insyn(&site, &["check", "--drafts"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains(
            "content/regionkontoret/2024-delarsrapport/_index.md: fel: delårsrapporten anger inte vilken del av året den gäller\n  tips: lägg till en rad under rapport:, till exempel period: jan–apr 2024"
        ),
        "{}",
        run.stderr
    );
    let index = site.join("content/regionkontoret/2024-delarsrapport/_index.md");
    let text = read(&index).replace(
        "  # Skriv den del av året",
        "  period: jan–apr 2024\n  # Skriv den del av året",
    );
    std::fs::write(&index, text).unwrap();
    let run = insyn(&site, &["check", "--drafts"]);
    assert!(run.ok, "{}", run.stderr);
}
