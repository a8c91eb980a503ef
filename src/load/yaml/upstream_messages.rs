//! `humanize` reads yaml_serde's (and serde's) English error text. These tests feed it real
//! errors of every kind it translates and pin the Swedish result, so that a dependency upgrade
//! that changes the English wording fails here instead of showing editors English.

use super::*;
use std::collections::BTreeMap;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Report {
    titel: String,
    rader: Vec<Row>,
    status: Option<Status>,
    klar: Option<bool>,
    antal: Option<u64>,
    år: Option<i64>,
    karta: Option<BTreeMap<String, String>>,
    del: Option<Part>,
    par: Option<(String, String)>,
    tecken: Option<char>,
    serie: Option<Vec<u64>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Row {
    namn: String,
    utfall: Option<Num>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "lowercase")]
enum Status {
    Uppfyllt,
    Delvis,
}

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Part {
    a: String,
}

/// The diagnostic for `yaml` read as a [`Report`]: (line, column, message, hint).
fn error(yaml: &str) -> (usize, usize, String, Option<String>) {
    let fragment = Fragment {
        file: Path::new("content/a.md"),
        text: yaml,
        first_line: 1,
    };
    let d = fragment.parse::<Report>().expect_err(yaml);
    (d.line, d.column, d.message, d.hint)
}

fn check(yaml: &str, line: usize, column: usize, message: &str, hint: Option<&str>) {
    assert_eq!(
        error(yaml),
        (line, column, message.to_string(), hint.map(str::to_string)),
        "for the YAML {yaml:?} (raw error: {})",
        serde_yaml::from_str::<Report>(yaml).unwrap_err()
    );
}

const KEYS: &str =
    "\"titel\", \"rader\", \"status\", \"klar\", \"antal\", \"år\", \"karta\", \"del\", \"par\", \"tecken\", \"serie\"";

#[test]
fn unknown_field() {
    check(
        "titel: x\nrader: []\ntitle: y\n",
        3,
        1,
        "okänd nyckel \"title\"",
        Some(&format!("menade du \"titel\"? Giltiga nycklar: {KEYS}")),
    );
    check(
        "titel: x\nrader:\n  - namn: a\n    utfal: 3\n",
        4,
        5,
        "okänd nyckel \"utfal\" (i rader[0])",
        Some("menade du \"utfall\"? Giltiga nycklar: \"namn\", \"utfall\""),
    );
    check(
        "titel: x\nrader:\n  - {namn: a, utfall: 72,7}\n",
        3,
        26,
        "okänd nyckel \"7\" (i rader[0])",
        Some(
            "ett decimalkomma inom { } delar talet i två; skriv talet inom citattecken (\"72,7\") \
             eller en nyckel per rad. giltiga nycklar: \"namn\", \"utfall\"",
        ),
    );
}

#[test]
fn unknown_variant() {
    check(
        "titel: x\nrader: []\nstatus: uppfylt\n",
        3,
        9,
        "okänt värde \"uppfylt\"",
        Some("menade du \"uppfyllt\"? Giltiga värden: \"uppfyllt\", \"delvis\""),
    );
}

#[test]
fn missing_field() {
    check(
        "rader: []\n",
        1,
        1,
        "nyckeln \"titel\" saknas",
        Some("lägg till en rad \"titel: …\""),
    );
    check(
        "titel: x\nrader:\n  - utfall: 3\n",
        3,
        5,
        "nyckeln \"namn\" saknas (i rader[0])",
        Some("lägg till en rad \"namn: …\""),
    );
}

#[test]
fn duplicate_field() {
    check(
        "titel: x\nrader:\n  - namn: a\n    namn: b\n",
        3,
        5,
        "nyckeln \"namn\" står två gånger (i rader[0])",
        Some("ta bort den ena"),
    );
}

#[test]
fn invalid_type_names_both_types_in_swedish() {
    let cases = [
        ("titel: [a]\nrader: []\n", 1, 8, "fick en lista, väntade en text"),
        (
            "titel: {a: b}\nrader: []\n",
            1,
            8,
            "fick en tabell av nycklar, väntade en text",
        ),
        ("titel: x\nrader: abc\n", 2, 8, "fick en text, väntade en lista"),
        ("titel: x\nrader: 3\n", 2, 8, "fick ett heltal, väntade en lista"),
        (
            "titel: x\nrader: true\n",
            2,
            8,
            "fick true eller false, väntade en lista",
        ),
        (
            "titel: x\nrader: []\nklar: ja\n",
            3,
            7,
            "fick en text, väntade true eller false",
        ),
        (
            "titel: x\nrader: []\nantal: 1.5\n",
            3,
            8,
            "fick ett tal, väntade ett heltal",
        ),
        (
            "titel: x\nrader: []\når: abc\n",
            3,
            5,
            "fick en text, väntade ett heltal",
        ),
        (
            "titel: x\nrader: []\nkarta: abc\n",
            3,
            8,
            "fick en text, väntade en tabell av nycklar",
        ),
        (
            "titel: x\nrader: []\ndel: abc\n",
            3,
            6,
            "fick en text, väntade en tabell av nycklar",
        ),
        ("- a\n", 1, 1, "fick en lista, väntade en tabell av nycklar"),
    ];
    for (yaml, line, column, types) in cases {
        check(yaml, line, column, &format!("fel sorts värde: {types}"), None);
    }
    // An integer of the right kind but outside what the key takes.
    check(
        "titel: x\nrader: []\nantal: -3\n",
        3,
        8,
        "antal får inte vara negativt: -3",
        Some("skriv ett heltal som är 0 eller större"),
    );
    check(
        "titel: x\nrader: []\nserie: [~]\n",
        3,
        9,
        "fel sorts värde (i serie[0]): fick ett tomt värde, väntade ett heltal",
        None,
    );
    check(
        "titel: x\nrader:\n  - abc\n",
        3,
        5,
        "fel sorts värde (i rader[0]): fick en text, väntade en tabell av nycklar",
        None,
    );
}

/// serde's wording is passed on after a Swedish lead; pinned so that a change is seen.
#[test]
fn invalid_value_and_length() {
    check(
        "titel: x\nrader: []\ntecken: ab\n",
        3,
        9,
        "ogiltigt värde: invalid value: string \"ab\", expected a character",
        None,
    );
    check(
        "titel: x\nrader: []\npar: [a]\n",
        3,
        6,
        "ogiltigt värde: invalid length 1, expected a tuple of size 2",
        None,
    );
}

#[test]
fn syntax_errors_get_a_hint() {
    check(
        "titel: a: b\nrader: []\n",
        1,
        9,
        "YAML: mapping values are not allowed in this context",
        Some("ett kolon följt av mellanslag i en text tolkas som en ny nyckel; sätt texten inom citattecken"),
    );
    check(
        "titel: @x\nrader: []\n",
        1,
        8,
        "YAML: found character that cannot start any token",
        Some("kontrollera indrag (mellanslag, inte tabb) och citattecken"),
    );
    check(
        "titel: x\nrader: []\nkarta: {a: b\n",
        4,
        1,
        "YAML: did not find expected ',' or '}'",
        Some("kontrollera indrag (mellanslag, inte tabb) och citattecken"),
    );
    // libyaml's "…, while scanning …" carries a second position, counted from the start of
    // the fragment rather than the file: it is left out.
    check(
        "titel: \"x\nrader: []\n",
        3,
        1,
        "YAML: found unexpected end of stream",
        None,
    );
}

/// `site.toml` goes through `humanize` too, with the toml crate's wording.
#[test]
fn toml_messages_of_site_toml() {
    let message = |toml: &str| {
        let d = crate::config::SiteConfig::parse(toml, None).expect_err(toml);
        (d.line, d.message, d.hint)
    };
    let url = "base_url = \"https://example.se/\"\n";
    // Only the message: the hint ("lägg till en rad …") is written in YAML's syntax.
    let (line, text, _) = message(url);
    assert_eq!((line, text.as_str()), (1, "nyckeln \"title\" saknas"));
    let (line, text, hint) = message(&format!("title = \"x\"\n{url}titel = \"y\"\n"));
    assert_eq!((line, text.as_str()), (3, "okänd nyckel \"titel\""));
    assert!(
        hint.unwrap()
            .starts_with("menade du \"title\"? Giltiga nycklar: \"title\", \"base_url\"")
    );
    assert_eq!(
        message(&format!("title = 1\n{url}")),
        (1, "fel sorts värde: fick ett heltal, väntade en text".to_string(), None)
    );
    assert_eq!(
        message(&format!("title = [\"x\"]\n{url}")),
        (1, "fel sorts värde: fick en lista, väntade en text".to_string(), None)
    );
    assert_eq!(
        message(&format!("title = \"x\"\n{url}accessibility = 3\n")),
        (
            3,
            "fel sorts värde: fick ett heltal, väntade en tabell av nycklar".to_string(),
            None
        )
    );
}
