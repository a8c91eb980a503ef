//! End-to-end: broken input gives every problem at once, each with file, line and a hint,
//! a non-zero exit code, and no output.

use crate::common::*;

#[test]
fn every_problem_is_reported_once_with_file_and_line() {
    let (_tmp, site) = copy_fixture("invalid");
    let run = insyn(&site, &["build"]);
    assert!(!run.ok, "the build must fail");
    let expected = read(&fixture("invalid").join("expected-stderr.txt"));
    assert_eq!(run.stderr, expected);
    assert!(!site.join("public").exists(), "nothing is written");
}

#[test]
fn the_expected_errors_name_what_the_editor_typed() {
    // A guard on the fixture itself: the exact text above must keep covering each kind.
    let expected = read(&fixture("invalid").join("expected-stderr.txt"));
    for must in [
        "content/felstavad.md:2:1: fel: okänd nyckel \"titel\"\n  tips: menade du \"title\"?",
        "content/ekonomi.md:9:5: fel: avvikelsen (utfall − budget) för \"Regionkontoret\" stämmer inte: angivet 9,2, beräknat 9,0",
        "content/uppdrag.md:8:13: fel: okänd status \"uppfylt\"",
        "content/uppdrag.md:11: fel: okänd blocktyp \"uppdag\"",
        "content/lank.md:6: fel: länken \"resultet.md\" pekar på content/resultet.md, som inte finns",
        "content/mall.md:3: fel: mallen \"sida.html\" finns inte",
        "content/datum.md:3:7: fel: \"2023-02-30\" är inget giltigt datum",
        "content/tal.md:9:13: fel: \"9,92%\" innehåller ett procenttecken",
        "10 fel hittades; ingenting skrevs.",
    ] {
        assert!(expected.contains(must), "expected-stderr.txt lacks: {must}");
    }
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
        "site.toml:3: fel: okänd nyckel \"theem\"\n  tips: menade du \"theme\"? Giltiga nycklar: \"title\", \"base_url\", \"language\", \"theme\", \"description\", \"publisher\", \"accessibility\", \"contact\", \"demo\", \"extra\"\n1 fel hittades; ingenting skrevs.\n"
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
