//! Reading blocks from Markdown and YAML, and the tables of real reports built from them.

use super::*;
use crate::model::blocks::{Block, Context, build_all};
use crate::model::table::{Cell, RowKind, RowNote, Table};
use crate::model::values::StatusWords;

fn blocks(body: &str) -> (Vec<BlockInput>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let b = find_blocks(Path::new("content/x.md"), body, 5, &mut d);
    (b, d)
}

/// Read and check the first block of `body`, as a build does.
fn built(body: &str) -> (Vec<Block>, Vec<Diagnostic>) {
    let (inputs, mut d) = blocks(body);
    let words = StatusWords::new([("Klar".to_string(), crate::model::Status::Fulfilled)]);
    let ctx = Context {
        period: None,
        words: &words,
    };
    let placed = build_all(inputs, &ctx, &mut d);
    (placed.into_iter().map(|p| p.block).collect(), d)
}

fn table(kind: &str, yaml: &str) -> (Table, Vec<Diagnostic>) {
    let (b, d) = built(&format!("```{kind}\n{yaml}```\n"));
    match b.into_iter().next() {
        Some(Block::Table(t)) => (*t, d),
        other => panic!("{other:?} {d:?}"),
    }
}

fn messages(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .collect()
}

#[test]
fn finds_block_with_file_line() {
    let body = "Text\n\n```ekonomitabell\ntitel: R\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - Regionkontoret | -599,8 | -608,8 | 8,9\n```\n";
    let (b, d) = blocks(body);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].origin.start_line(), 7);
    assert_eq!(b[0].offset, body.find("```").unwrap());
}

#[test]
fn ordinary_code_blocks_are_left_alone() {
    let (b, d) = blocks("```yaml\nrows: [1]\n```\n\n```\nplain\n```\n\n    indented\n");
    assert!(b.is_empty() && d.is_empty());
}

#[test]
fn misspelt_block_type_is_an_error_with_suggestion() {
    let (_, d) = blocks("intro\n```uppdag\nuppdrag: []\n```\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].line, 6);
    assert_eq!(d[0].message, "okänd blocktyp \"uppdag\"");
    assert!(d[0].hint.as_deref().unwrap().contains("menade du \"uppdrag\"?"));
}

#[test]
fn unclosed_block() {
    let (_, d) = blocks("```tabell\ntitel: x\n");
    assert_eq!(d[0].message, "blocket \"tabell\" avslutas aldrig");
    let (_, d) = blocks("> ```tabell\n> titel: x\n\nefter citatet\n");
    assert_eq!(
        d[0].message, "blocket \"tabell\" avslutas aldrig",
        "a fence cut off by the end of its quote"
    );
}

#[test]
fn blocks_in_quotes_and_list_items_are_found_with_their_lines() {
    let body = "> Citat\n>\n> ```uppdrag\n> uppdrag:\n>   - titel: A\n>     status: uppfylt\n> ```\n\n- punkt\n\n  ```uppdrag\n  uppdrag:\n    - titel: B\n      status: pågå\n  ```\n";
    let (b, d) = built(body);
    assert_eq!(b.len(), 2, "{d:?}");
    let m = messages(&d);
    assert_eq!(m[0], "10:15: okänd status \"uppfylt\"", "{m:?}");
    assert_eq!(m[1], "18:15: okänd status \"pågå\"", "{m:?}");
}

#[test]
fn an_unknown_status_word_is_located_and_a_mapped_one_is_kept() {
    let (b, d) = built("```uppdrag\nuppdrag:\n  - titel: A\n    status: Klar\n  - titel: B\n    status: Grön\n```\n");
    assert_eq!(messages(&d), ["10:13: okänd status \"Grön\""]);
    assert!(d[0].hint.as_deref().unwrap().contains("[statusord]"));
    let Block::Assignments(a) = &b[0] else { panic!() };
    let s = a.items[0].status.as_ref().unwrap();
    assert_eq!((s.status, s.word.as_str()), (crate::model::Status::Fulfilled, "Klar"));
}

/// Göteborgs Stad, balansräkning 2018 (../shared/examples/): groups and subtotals, a note
/// column, two entities × two years, a varav row, `-`, and a published rounding gap.
const GOTEBORG: &str = r#"titel: Balansräkning
enhet: mnkr
kolumner:
  - Post
  - {rubrik: Not, typ: not}
  - {rubrik: "2017", grupp: Kommunen, id: k17, period: 2017-12-31}
  - {rubrik: "2018", grupp: Kommunen, id: k18, period: 2018-12-31}
  - {rubrik: "2017", grupp: Sammanställd redovisning, id: s17, period: 2017-12-31}
  - {rubrik: "2018", grupp: Sammanställd redovisning, id: s18, period: 2018-12-31}
rader:
  - grupp: TILLGÅNGAR
    delar:
      - grupp: ANLÄGGNINGSTILLGÅNGAR
        delar:
          - Immateriella anläggningstillgångar | 5 | 8 | 5 | 186 | 155
          - Materiella anläggningstillgångar | 5 | 27 433 | 30 976 | 84 384 | 90 140
          - Finansiella anläggningstillgångar | 8 | 33 457 | 39 260 | 3 511 | 3 495
        summa: Summa anläggningstillgångar | | 60 898 | 70 241 | 88 081 | 93 790
      - grupp: OMSÄTTNINGSTILLGÅNGAR
        delar:
          - Förråd, lager och exploateringsfastigheter | 9 | 591 | 628 | 1 012 | 1 122
          - Kortfristiga fordringar | 10 | 14 132 | 10 666 | 4 834 | 4 854
          - Kortfristiga placeringar | | - | - | - | -
          - Kassa och bank | | 1 005 | 748 | 1 380 | 1 047
        summa: Summa omsättningstillgångar | | 15 728 | 12 042 | 7 226 | 7 023
    summa: Summa tillgångar | | 76 626 | 82 283 | 95 307 | 100 813
  - grupp: EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER
    delar:
      - rad: EGET KAPITAL | 11 | 22 300 | 24 092 | 30 741 | 33 049
        varav:
          - – varav årets resultat | | 2 128 | 1 792 | 2 369 | 2 300
      - MINORITETSINTRESSE | | - | - | 137 | 137
      - grupp: AVSÄTTNINGAR
        delar:
          - Avsättningar för pension och liknande förpliktelser | 12 | 2 770 | 3 122 | 4 137 | 4 504
          - Uppskjuten skatteskuld | | - | - | 3 573 | 3 433
          - Övriga avsättningar | 13 | 951 | 929 | 1 555 | 1 461
        summa: Summa avsättningar | | 3 721 | 4 051 | 9 265 | 9 398
      - grupp: SKULDER
        delar:
          - Långfristiga skulder | 14 | 35 885 | 34 047 | 37 486 | 36 357
          - Kortfristiga skulder | 15 | 14 719 | 20 093 | 17 678 | 21 872
        summa: Summa skulder | | 50 604 | 54 140 | 55 164 | 58 229
    summa: Summa eget kapital, avsättningar och skulder | | 76 626 | 82 283 | 95 307 | 100 813
"#;

#[test]
fn a_balance_sheet_with_groups_subtotals_and_a_rounding_gap() {
    let (t, d) = table("tabell", GOTEBORG);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(t.depth(), 3);
    let placed = t.placed();
    let varav = placed.iter().find(|p| p.row.kind == RowKind::Varav).unwrap();
    assert_eq!((varav.row.label.as_str(), varav.depth), ("– varav årets resultat", 2));
    assert!(
        matches!(placed[2].row.cells[0].cell, Cell::Text(ref n) if n == "5"),
        "the note column is text"
    );
    // 22 300 + 0 + 3 721 + 50 604 = 76 625, published as 76 626: within rounding.
    let wrong = GOTEBORG.replace("Summa skulder | | 50 604", "Summa skulder | | 50 609");
    let (_, d) = table("tabell", &wrong);
    let m = messages(&d);
    assert_eq!(m.len(), 2, "the subtotal, and the total that uses it: {m:?}");
    assert!(m[0].starts_with("48:34: summan i kolumnen \"Kommunen 2017\" för \"Summa skulder\" stämmer inte: angivet 50 609, beräknat 50 604; skillnaden 5 är större än avrundningen tillåter (1,5)"), "{m:?}");
}

/// Gnesta kommun, driftredovisning 2013 (../shared/examples/): committees with their units
/// beneath, change in tkr and %, budget and deviation, negatives written `– 614`.
const GNESTA: &str = r#"titel: Driftredovisning
enhet: tkr
kolumner:
  - "(tkr)"
  - {rubrik: Utfall 2013, typ: utfall}
  - {rubrik: Förändring 2012/2013, id: forandring, typ: förändring}
  - {rubrik: Förändring 2012/2013, enhet: "%", formel: forandring / (utfall - forandring) * 100}
  - {rubrik: Budget 2013, typ: budget}
  - {rubrik: Budgetavvikelse, typ: avvikelse, formel: utfall - budget}
rader:
  - rad: Kommungemensamma poster | 519 802 | 18 738 | 3,7 % | 505 200 | 14 602
    delar:
      - Revision | – 614 | – 9 | 1,6 % | – 620 | 6
      - Överförmyndare | – 819 | 50 | – 5,7 % | – 847 | 28
      - Övriga förtroendevalda | – 4 646 | – 76 | 1,7 % | – 4 937 | 291
      - Pensioner | – 8 311 | 5 108 | – 38,1 % | – 11 593 | 3 282
      - Skatter/statsbidrag | 521 366 | 14 595 | 2,9 % | 522 597 | – 1 231
      - Räntenetto/borgensavgift | 4 454 | – 5 498 | – 55,2 % | 4 901 | – 447
      - Övrigt kommungemensamt | 8 372 | 4 569 | 120,1 % | – 4 301 | 12 673
  - rad: Miljö- och byggnämnden | – 11 705 | – 2 205 | 23,2 % | – 11 800 | 95
    delar:
      - Samhällsbyggnad administration | – 1 460 | – 555 | 61,3 % | – 1 507 | 47
      - Plan- och byggenheten | – 1 695 | – 35 | 2,1 % | – 1 903 | 208
      - Planeringsenheten | – 1 274 | – 851 | 201,1 % | – 1 197 | – 77
      - Räddningsenheten | – 6 426 | – 811 | 14,4 % | – 6 416 | – 10
      - Miljöenheten | – 849 | 46 | – 5,2 % | – 777 | – 72
"#;

#[test]
fn a_driftredovisning_with_committees_and_derived_columns() {
    let (t, d) = table("tabell", GNESTA);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(t.rows[1].children.len(), 5);
    assert!(!t.columns[2].summed, "a percentage is never summed");
    // Förskoleverksamhet's published deviation is – 3 442 where utfall − budget gives – 3 441:
    // within rounding in tkr. Two units off is not.
    let wrong = GNESTA.replace(
        "– 849 | 46 | – 5,2 % | – 777 | – 72",
        "– 849 | 46 | – 5,2 % | – 777 | – 74",
    );
    let m = messages(&table("tabell", &wrong).1);
    assert_eq!(
        m.len(),
        1,
        "the committee's sum of deviations is still within rounding: {m:?}"
    );
    assert!(m[0].starts_with("31:55: kolumnen \"Budgetavvikelse\" (utfall - budget) för \"Miljöenheten\" stämmer inte: angivet −74, beräknat −72"), "{m:?}");
    let wrong = GNESTA.replace("1,6 % | – 620", "1,7 % | – 620");
    let m = messages(&table("tabell", &wrong).1);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("för \"Revision\" stämmer inte: angivet 1,7, beräknat 1,49; avrundningen tillåter"),
        "{m:?}"
    );
}

/// Region Västmanland, delårsrapport 1 2024: the five-column resultaträkning with prognosis.
const RESULTAT_DELAR: &str = r#"titel: Resultaträkning
enhet: mnkr
kolumner:
  - Resultaträkning (mnkr)
  - {rubrik: April 2024, typ: utfall, id: utfall, period: jan–apr 2024}
  - {rubrik: April 2023, typ: utfall, id: utfall_fg, period: jan–apr 2023}
  - {rubrik: Bokslut 2023, typ: utfall, id: bokslut}
  - {rubrik: Budget 2024, typ: budget}
  - {rubrik: Prognos 2024, typ: prognos}
rader:
  - delar:
      - Försäljning av utbildning | 0 | 1 | 2 | 2 | 2
      - Försäljning av tjänster | 42 | 41 | 122 | 126 | 126
      - Regionersättning | 112 | 111 | 338 | 343 | 350
      - Specialdestinerat statsbidrag | 6 | 9 | 26 | 22 | 23
      - Övriga intäkter | 18 | 14 | 51 | 33 | 47
    summa: Summa intäkter | 178 | 175 | 539 | 526 | 549
  - delar:
      - Personalkostnader | -104 | -102 | -290 | -304 | -306
      - Läkemedel | -1 | 0 | -5 | 0 | 0
      - Utbildning, kultur mm | -3 | -2 | -7 | -4 | -7
      - Lämnade bidrag | -5 | -5 | -24 | -33 | -29
      - Övriga kostnader i kkl 5 | -11 | -11 | -37 | -30 | -33
      - Lokalkostnader | -6 | -6 | -19 | -20 | -19
      - IT-kostnader | -15 | -14 | -41 | -44 | -44
      - Konsultarvoden för speciella utredningar | -1 | -2 | -8 | -3 | -5
      - Avskrivningar | 0 | 0 | -1 | -1 | -1
      - Övriga kostnader i kkl 6+7 | -26 | -25 | -85 | -87 | -92
      - Finansiella intäkter och kostnader | 0 | 0 | 0 | 0 | 0
    summa: Summa kostnader | -171 | -167 | -517 | -526 | -536
summa: Resultat | 7 | 8 | 22 | 0 | 13
"#;

#[test]
fn a_delarsrapport_resultatrakning_with_prognosis_is_one_checked_table() {
    let (t, d) = table("tabell", RESULTAT_DELAR);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(t.columns[0].period.as_ref().unwrap().label(), "jan\u{2013}apr 2024");
    assert_eq!(
        t.columns[2].period.as_ref().unwrap().label(),
        "2023",
        "a year in the heading"
    );
    assert_eq!(t.top_level().len(), 2, "the chart level: the two sums");
    let wrong = RESULTAT_DELAR.replace(
        "summa: Resultat | 7 | 8 | 22 | 0 | 13",
        "summa: Resultat | 7 | 8 | 22 | 0 | 10",
    );
    let m = messages(&table("tabell", &wrong).1);
    assert_eq!(
        m,
        [
            "36:36: summan i kolumnen \"Prognos 2024\" för \"Resultat\" stämmer inte: angivet 10, beräknat 13; skillnaden 3 är större än avrundningen tillåter (1,5)"
        ]
    );
}

#[test]
fn varav_rows_are_never_summed_and_unsummed_rows_are_shown() {
    let yaml = "titel: Utveckling centrumbildningar\nenhet: mnkr\nkolumner: [\"(mnkr)\", \"2023\", \"2024\"]\nrader:\n  - rad: Centrum för administration | -4 | 2\n    varav:\n      - Varav Varuförsörjning | -8 | -3\n      - Varav Upphandling | -3 | -3\n  - Centrum för hållbarhet | 1 | 1\n  - {rad: \"Poster inom linjen | 100 | 100\", summeras: false}\nsumma: Resultat | -3 | 3\n";
    let (t, d) = table("tabell", yaml);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(t.placed().len(), 6);
}

#[test]
fn a_sum_over_a_missing_value_is_an_error_unless_explained() {
    let yaml = "titel: T\nkolumner: [Post, \"2023\"]\nrader:\n  - A | 1\n  - B | ..\nsumma: Summa | 3\n";
    let m = messages(&table("tabell", yaml).1);
    assert_eq!(
        m,
        [
            "11:16: summan i kolumnen \"2023\" för \"Summa\" kan inte kontrolleras: en av raderna har värdet .. (uppgift saknas)"
        ]
    );
    let explained = yaml.replace(
        "summa: Summa | 3",
        "summa: {rad: \"Summa | 3\", okontrollerad: \"B redovisas inte separat i källan.\"}",
    );
    let (t, d) = table("tabell", &explained);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert!(matches!(&t.notes()[0], RowNote::Unchecked { why, .. } if why == "B redovisas inte separat i källan."));
}

#[test]
fn every_bad_row_is_reported_at_once() {
    let yaml = "titel: T\nkolumner: [Post, \"2023\"]\nrader:\n  - A | x\n  - B | 1 | 2\n  - {rad: C | 1, summa_av: x}\n  - D | 1,2,3\n";
    let m = messages(&table("tabell", yaml).1);
    assert_eq!(m.len(), 4, "{m:?}");
    assert!(m[0].starts_with("9:9: \"x\" är inget tal"), "{m:?}");
    assert!(m[1].starts_with("10:5: raden \"B\" har 2 värden"), "{m:?}");
    assert!(m[2].starts_with("11:5: okänd nyckel \"summa_av\""), "{m:?}");
    assert!(m[3].starts_with("12:9: \"1,2,3\" har flera skiljetecken"), "{m:?}");
}

#[test]
fn source_errors_work_on_any_row_and_are_kept() {
    let yaml = "titel: Driftbudget\nenhet: mnkr\nkolumner: [Kontoklass, Förtroendevalda]\nrader:\n  - Personalkostnader | -23,0\n  - Övriga | -28,0\nsumma: {rad: \"Nettobudget | 51,0\", källfel: Minustecknet saknas i källan.}\n";
    let (t, d) = table("tabell", yaml);
    assert!(d.is_empty(), "{:?}", messages(&d));
    let RowNote::Source(n) = t.notes()[0] else { panic!() };
    assert_eq!(
        (n.stated.to_string(), n.computed.to_string()),
        ("51.0".into(), "-51.0".into())
    );
    let needless = yaml.replace("51,0", "-51,0");
    assert_eq!(
        messages(&table("tabell", &needless).1)[0],
        "12:46: raden \"Nettobudget\" har källfel: men siffrorna stämmer"
    );
}

#[test]
fn pasted_rows_with_tabs() {
    let yaml = "titel: Arbetad tid\nenhet: timmar\nkolumner:\n  - Arbetad tid, ack mars\n  - {rubrik: \"2023\", id: fg}\n  - {rubrik: \"2024\", id: ar}\n  - {rubrik: Förändring, formel: ar - fg}\n  - {rubrik: Förändring %, enhet: \"%\", formel: (ar - fg) / fg * 100}\nrader: |\n  Utförd arbetstid Egen personal\t130 555\t125 296\t-5 259\t-4,03%\n  Utförd arbetstid Resursenheten\t87\t72\t-15\t-17,24%\n";
    let (t, d) = table("tabell", yaml);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.unit.unwrap().symbol(), "timmar");
}

/// The resultaträkning of Region Västmanland's delårsrapport 1 2024, pasted as its plain-text
/// source has it: bold rows are the sums, and every sum is checked.
const PASTED_RESULT: &str = "titel: Resultaträkning\nenhet: mnkr\nkolumner: [Resultaträkning (mnkr), {rubrik: Bokslut 2023, typ: utfall}, {rubrik: Budget 2024, typ: budget}]\nrader: |\n  Försäljning av tjänster\t122\t126\n  Regionersättning\t338\t343\n  <b>Summa intäkter</b>\t<b>460</b>\t<b>469</b>\n  Personalkostnader\t-290\t-304\n  <i>Varav pensioner</i>\t-40\t-41\n  Lokalkostnader\t-19\t-20\n  <b>Summa kostnader</b>\t<b>-309</b>\t<b>-324</b>\n  <b>Resultat</b>\t<b>151</b>\t<b>145</b>\n";

#[test]
fn pasted_bold_rows_are_sums_and_varav_rows_hang_under_their_row() {
    let (t, d) = table("tabell", PASTED_RESULT);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(t.rows.len(), 1, "one group: the two groups and their result");
    let all = t.rows[0]
        .children
        .iter()
        .map(|g| g.total.as_ref().unwrap().label.clone());
    assert_eq!(all.collect::<Vec<_>>(), ["Summa intäkter", "Summa kostnader"]);
    assert_eq!(t.rows[0].total.as_ref().unwrap().label, "Resultat");
    let costs = &t.rows[0].children[1];
    assert_eq!(costs.children[0].varav[0].label, "Varav pensioner");
    assert_eq!(costs.children[0].varav[0].kind, RowKind::Varav);
    // A sum that does not add up is reported at its line in the page.
    let (_, d) = table("tabell", &PASTED_RESULT.replace("<b>-309</b>", "<b>-319</b>"));
    let m = messages(&d);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m[0].starts_with("16:0: ") && m[0].contains("Summa kostnader"), "{m:?}");
    assert!(m[1].starts_with("17:0: ") && m[1].contains("Resultat"), "{m:?}");
}

#[test]
fn the_financial_table_keeps_its_short_form() {
    let yaml = "titel: Resultaträkning\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - Regionkontoret | -599,8 | -608,8 | 8,9\n  - Förtroendevalda | -45,8 | -52,2 | 6,4\n  - Utvecklingsmedel | -96,6 | -153,9 | 57,3\nsumma: Totalt | -742,2 | -814,9 | 72,7\n";
    let (t, d) = table("ekonomitabell", yaml);
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(
        t.total.as_ref().unwrap().cells[2].cell.figure().unwrap().to_string(),
        "72.7"
    );
    let m = messages(&table("ekonomitabell", &yaml.replace("8,9\n", "9,2\n")).1);
    assert_eq!(
        m,
        [
            "10:40: kolumnen \"Avvikelse\" (utfall − budget) för \"Regionkontoret\" stämmer inte: angivet 9,2, beräknat 9,0; skillnaden 0,2 är större än avrundningen tillåter (0,15)"
        ]
    );
    let (t, d) = table(
        "ekonomitabell",
        "titel: I\nenhet: mnkr\navvikelse: budget − utfall\nrader:\n  - Möbler | 1,9 | 4,6 | 2,7\n  - post: IT-utrustning\n    utfall: 45,3\n    budget: 35,9\n",
    );
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert!(t.total_computed);
    let total = t.total.as_ref().unwrap();
    assert_eq!(total.cells[0].cell.figure().unwrap().to_string(), "47.2");
    assert_eq!(t.rows[1].cells[2].cell.figure().unwrap().to_string(), "-9.4");
    assert!(t.rows[1].cells[2].computed);
}

#[test]
fn rows_from_a_file_need_a_site_and_come_only_for_the_whole_table() {
    let (_, d) = blocks("```tabell\ntitel: T\nkolumner: [Post, Utfall]\nrader: {fil: a.csv}\n```\n");
    assert_eq!(messages(&d), ["8:8: rader kan bara läsas ur en fil i en webbplats"]);
    let (_, d) =
        built("```tabell\ntitel: T\nkolumner: [Post, Utfall]\nrader:\n  - grupp: G\n    delar: {fil: a.csv}\n```\n");
    assert!(
        messages(&d)
            .iter()
            .any(|m| m.contains("delar: kan inte läsas ur en fil")),
        "{:?}",
        messages(&d)
    );
}

/// "April 2024" over a column may mean April or January to April: the editor says which;
/// months written out in the heading are the column's period.
#[test]
fn a_heading_of_one_month_asks_for_the_period_and_months_in_a_heading_are_the_period() {
    let yaml = "titel: T\nenhet: mnkr\nkolumner: [Post, April 2024, jan–apr 2023]\nrader:\n  - A | 1 | 2\n";
    let (t, d) = table("tabell", yaml);
    assert_eq!(
        messages(&d),
        ["8:18: kolumnen \"April 2024\" säger inte om talen gäller bara april 2024 eller året till och med april 2024"]
    );
    assert!(
        d[0].hint
            .as_deref()
            .unwrap()
            .contains("period: jan–apr 2024 om talen gäller januari till och med")
    );
    assert_eq!(
        t.columns[1].period.as_ref().map(|p| p.label()).as_deref(),
        Some("jan–apr 2023")
    );
    let (t, d) = table(
        "tabell",
        &yaml.replace("April 2024,", "{rubrik: April 2024, period: t.o.m. april 2024},"),
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        t.columns[0].period.as_ref().map(|p| p.label()).as_deref(),
        Some("jan–apr 2024")
    );
}
