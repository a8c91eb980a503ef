//! End-to-end: reports that come from Word and spreadsheets. The tests write their own
//! `.docx`, `.xlsx`, `.ods` and `.csv` files, import or read them with the real binary, build,
//! and assert on the pages and downloads.

use crate::common::*;
use std::io::Write;
use std::path::Path;

// ----------------------------------------------------------------------------------------
// A .docx written part by part (Office Open XML is a zip of XML).

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                 xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
                 xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
                 xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
                 xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A paragraph in a style, of runs `(text, bold, italic)`.
fn para(style: &str, runs: &[(&str, bool, bool)]) -> String {
    let ppr = if style.is_empty() {
        String::new()
    } else {
        format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>")
    };
    let runs: String = runs
        .iter()
        .map(|(t, b, i)| {
            let rpr = format!("{}{}", if *b { "<w:b/>" } else { "" }, if *i { "<w:i/>" } else { "" });
            format!(
                "<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(t)
            )
        })
        .collect();
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn heading(level: u8, text: &str) -> String {
    para(&format!("Heading{level}"), &[(text, false, false)])
}

fn item(num: u8, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// A table of rows of cells; a cell starting with `*` is bold, with `/` italic; `•` starts a
/// list item inside the cell (`Text•Punkt`).
fn table(rows: &[&[&str]]) -> String {
    let mut s = String::from("<w:tbl>");
    for r in rows {
        s.push_str("<w:tr>");
        for c in r.iter() {
            let (bold, italic, c) = match c.chars().next() {
                Some('*') => (true, false, &c[1..]),
                Some('/') => (false, true, &c[1..]),
                _ => (false, false, &c[..]),
            };
            s.push_str("<w:tc>");
            for (i, part) in c.split('•').enumerate() {
                if i == 0 {
                    s.push_str(&para("", &[(part, bold, italic)]));
                } else {
                    s.push_str(&item(1, part));
                }
            }
            s.push_str("</w:tc>");
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn image(alt: &str) -> String {
    format!(
        "<w:p><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"Bild 1\" descr=\"{}\"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed=\"rIdImg\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
        esc(alt)
    )
}

fn write_docx(path: &Path, body: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, data: &[u8]| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(data).unwrap();
    };
    put(
        "[Content_Types].xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    put(
        "word/_rels/document.xml.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/><Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.se/rapport" TargetMode="External"/></Relationships>"#,
    );
    put(
        "word/styles.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style></w:styles>"
        )
        .as_bytes(),
    );
    put(
        "word/numbering.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering {W}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"
        )
        .as_bytes(),
    );
    put(
        "word/footnotes.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id=\"1\"><w:p><w:r><w:t>Enligt beslut i regionstyrelsen.</w:t></w:r></w:p></w:footnote></w:footnotes>"
        )
        .as_bytes(),
    );
    put("word/media/image1.png", PNG);
    put(
        "word/document.xml",
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {W}><w:body>{body}</w:body></w:document>").as_bytes(),
    );
    zip.finish().unwrap();
}

/// A delårsrapport with every kind of content the importer reads.
fn report_body() -> String {
    let mut b = String::new();
    b += &para("Title", &[("Delårsrapport 1 2024", false, false)]);
    b += &para(
        "",
        &[("Rapporten följer upp regionkontorets första tertial.", false, false)],
    );
    b += &heading(1, "Sammanfattning");
    b += "<w:p><w:r><w:t xml:space=\"preserve\">Resultatet är </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>+7 mnkr</w:t></w:r><w:r><w:t xml:space=\"preserve\"> och </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>prognosen</w:t></w:r><w:r><w:t xml:space=\"preserve\"> +13 mnkr</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:t xml:space=\"preserve\">. Läs hela </w:t></w:r><w:hyperlink r:id=\"rIdLink\"><w:r><w:t>rapporten</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>";
    b += &item(1, "Sjukfrånvaron ökade");
    b += &item(1, "Antalet årsarbetare minskade");
    b += &item(2, "Först detta");
    b += &item(2, "Sedan detta");
    b += &image("Karta över regionens sjukhus");
    b += &heading(1, "Ekonomi");
    b += &heading(2, "Resultaträkning");
    b += &table(&[
        &["Resultaträkning (mnkr)", "April 2024", "Bokslut 2023", "Budget 2024"],
        &["Försäljning av tjänster", "42", "122", "126"],
        &["Regionersättning", "112", "338", "343"],
        &["*Summa intäkter", "*154", "*460", "*469"],
        &["Personalkostnader", "– 104", "-290", "-304"],
        &["Lokalkostnader", "-6", "-19", "-20"],
        &["*Summa kostnader", "*-110", "*-309", "*-324"],
        &["*Resultat", "*44", "*151", "*145"],
    ]);
    b += &heading(2, "Centrumbildningar");
    b += &table(&[
        &["Utveckling centrumbildningar (mnkr)", "2023", "2024"],
        &["Centrum för administration", "-4", "2"],
        &["/Varav Varuförsörjning", "/-8", "/-3"],
        &["Centrum för ekonomi", "3", "1"],
        &["Centrum för hållbarhet", "", "1"],
        &["*Resultat", "*-1", "*4"],
    ]);
    b += &heading(2, "Investeringar");
    b += &table(&[
        &[
            "Investeringar (mnkr)",
            "Budget 2024",
            "Utfall 2024",
            "Kvarvarande medel",
        ],
        &["Datorutrustning", "1,5", "0,5", "1,0"],
        &["Medicinsk apparatur", "2,0", "0,8", "1,2"],
        &["*Summa", "*3,5", "*1,3", "*2,2"],
    ]);
    b += &heading(1, "Uppdrag");
    b += &table(&[
        &["Uppdrag", "Tidplan", "Ansvarig", "Status", "Kommentar"],
        &[
            "(RF24-26) Regionkontoret ska arbeta för extern finansiering.•Ta fram reviderade avgifter.",
            "2024",
            "CA",
            "",
            "Beslut i juni.",
        ],
        &["•Se över intäkterna för Regionhälsan.", "2024", "CHR", "Klar", ""],
        &[
            "(2024-23) Ta tillvara kompetensen hos vårdutbildade.",
            "2024-2026",
            "CHR",
            "Klar",
            "Processen är etablerad.",
        ],
    ]);
    b += &heading(1, "Medarbetare");
    b += &table(&[
        &[
            "Indikator",
            "Utfall 2023",
            "Mål 2024",
            "Utfall 2024",
            "Status",
            "Kommentar",
        ],
        &["Sjukfrånvaro", "3,0%", "3,0%", "3,7%", "Negativ", ""],
        &["Antal rehabiliteringsärenden", "13", "", "17", "", ""],
    ]);
    b += &para("", &[("Organisationen i korthet:", false, false)]);
    b += &table(&[
        &["Ort", "Verksamhet"],
        &["Västerås", "Regionkontoret"],
        &["Köping", "Regionhälsan"],
    ]);
    b
}

fn site_with(tmp: &Path) -> std::path::PathBuf {
    let site = tmp.join("webb");
    let run = insyn(tmp, &["new", "site", "webb"]);
    assert!(run.ok, "{}", run.stderr);
    site
}

#[test]
fn a_word_report_becomes_a_report_that_builds_with_checked_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with(tmp.path());
    let docx = tmp.path().join("delarsrapport.docx");
    write_docx(&docx, &report_body());
    let run = insyn(
        &site,
        &[
            "import",
            docx.to_str().unwrap(),
            "content/regionkontoret/2024-delarsrapport-1",
            "--organisation",
            "Regionkontoret",
        ],
    );
    assert!(run.ok, "import failed:\n{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    assert!(out.contains("Importerade till content/regionkontoret/2024-delarsrapport-1: 4 sidor, 1 bild.\nTabeller: 6 hittade, 5 blev block (indikatorer: 1, tabell: 3, uppdrag: 1) med 44 tal; 1 står kvar som Markdown-tabeller.\n"), "{out}");
    assert!(out.contains("1 står kvar som Markdown-tabeller"), "{out}");
    assert!(
        out.contains("04-medarbetare.md, tabell 2: cellerna är inte tal, och rubrikraden säger inte att tabellen har uppdrag eller indikatorer"),
        "{out}"
    );
    assert!(
        out.contains("statusordet \"Negativ\" antogs betyda ej uppfyllt"),
        "{out}"
    );
    let dir = site.join("content/regionkontoret/2024-delarsrapport-1");
    let index = read(&dir.join("_index.md"));
    for must in [
        "title: Delårsrapport 1 2024",
        "typ: delårsrapport",
        "år: 2024",
        "organisation: Regionkontoret",
        "period: jan–apr 2024",
        "Klar: uppfyllt",
        "Rapporten följer upp regionkontorets första tertial.",
    ] {
        assert!(index.contains(must), "_index.md lacks {must}:\n{index}");
    }
    let summary = read(&dir.join("01-sammanfattning.md"));
    for must in [
        "title: Sammanfattning",
        "Resultatet är **+7 mnkr** och *prognosen* +13 mnkr[^1]. Läs hela [rapporten](https://example.se/rapport).",
        "- Sjukfrånvaron ökade\n- Antalet årsarbetare minskade\n",
        "1. Först detta\n1. Sedan detta\n",
        "![Karta över regionens sjukhus](bild-1.png)",
        "[^1]: Enligt beslut i regionstyrelsen.",
    ] {
        assert!(
            summary.contains(must),
            "01-sammanfattning.md lacks {must:?}:\n{summary}"
        );
    }
    assert_eq!(std::fs::read(dir.join("bild-1.png")).unwrap(), PNG);
    let economy = read(&dir.join("02-ekonomi.md"));
    for must in [
        "## Resultaträkning",
        "{rubrik: April 2024, typ: utfall, id: april_2024, period: jan–apr 2024}",
        "  - delar:\n      - Försäljning av tjänster | 42 | 122 | 126\n",
        "    summa: Summa intäkter | 154 | 460 | 469\n",
        "summa: Resultat | 44 | 151 | 145\n",
        "      - Personalkostnader | – 104 | -290 | -304\n",
        "  - rad: Centrum för administration | -4 | 2\n    varav:\n      - Varav Varuförsörjning | -8 | -3\n",
        "  - Centrum för hållbarhet | | 1\n",
        "{rubrik: Kvarvarande medel, typ: avvikelse, formel: budget - utfall}",
    ] {
        assert!(economy.contains(must), "02-ekonomi.md lacks {must:?}:\n{economy}");
    }
    let assignments = read(&dir.join("03-uppdrag.md"));
    assert!(assignments.contains("  - kod: RF24-26\n    titel: Regionkontoret ska arbeta för extern finansiering.\n    aktiviteter:\n      - titel: Ta fram reviderade avgifter.\n        tidplan: \"2024\"\n        ansvarig: CA\n        kommentar: Beslut i juni.\n      - titel: Se över intäkterna för Regionhälsan.\n"), "{assignments}");
    let staff = read(&dir.join("04-medarbetare.md"));
    assert!(staff.contains("  - namn: Sjukfrånvaro\n    enhet: \"%\"\n    utfall: 3,7\n    mål: 3,0\n    status: Negativ\n    tidigare:\n      - period: jan–apr 2023\n        utfall: 3,0\n"), "{staff}");
    assert!(
        staff.contains("| Ort | Verksamhet |\n|---|---|\n| Västerås | Regionkontoret |"),
        "{staff}"
    );

    // The result builds, with every sum checked, and the tables downloadable.
    let built = insyn(&site, &["build", "--drafts"]);
    assert!(built.ok, "the imported report does not build:\n{}", built.stderr);
    let public = site.join("public/regionkontoret/2024-delarsrapport-1");
    let page = read(&public.join("02-ekonomi/index.html"));
    assert!(
        page.contains("Summa intäkter") && page.contains("class=\"varav depth-1\""),
        "{page}"
    );
    let csv = std::fs::read_dir(public.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .filter(|p| p.to_string_lossy().contains("02-ekonomi"))
        .map(|p| read(&p))
        .collect::<String>();
    assert!(
        csv.contains(";1;summa;ja;Summa intäkter;") && csv.contains("-104"),
        "{csv}"
    );
    let home = read(&public.join("index.html"));
    assert!(
        home.contains("1 av 1 uppdrag uppfyllt. Därtill 1 uppdrag utan redovisad bedömning."),
        "{home}"
    );
    let summary_page = read(&public.join("01-sammanfattning/index.html"));
    assert!(
        summary_page.contains("alt=\"Karta över regionens sjukhus\""),
        "{summary_page}"
    );

    // Importing again never overwrites.
    let again = insyn(
        &site,
        &[
            "import",
            docx.to_str().unwrap(),
            "content/regionkontoret/2024-delarsrapport-1",
            "--organisation",
            "X",
        ],
    );
    assert!(
        !again.ok && again.stderr.contains("finns redan och är inte tom"),
        "{}",
        again.stderr
    );
    assert!(read(&dir.join("_index.md")).contains("organisation: Regionkontoret"));
}

#[test]
fn check_shows_every_imported_figure_that_does_not_add_up_with_file_and_row() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with(tmp.path());
    let docx = tmp.path().join("ar.docx");
    let body = format!(
        "{}{}{}",
        para("Title", &[("Årsredovisning 2023", false, false)]),
        heading(1, "Ekonomi"),
        table(&[
            &["Driftredovisning (tkr)", "Utfall 2023", "Budget 2023", "Avvikelse"],
            &["Nämnd A", "-1 000", "-1 200", "200"],
            &["Nämnd B", "-500", "-450", "-50"],
            &["*Summa", "*-1 600", "*-1 650", "*150"],
        ])
    );
    write_docx(&docx, &body);
    let run = insyn(
        &site,
        &[
            "import",
            docx.to_str().unwrap(),
            "content/rs/2023",
            "--organisation",
            "Regionstyrelsen",
        ],
    );
    assert!(run.ok, "{}{}", run.stdout, run.stderr);
    let page = read(&site.join("content/rs/2023/01-ekonomi.md"));
    assert!(page.contains("formel: utfall - budget"), "{page}");
    let check = insyn(&site, &["check", "--drafts"]);
    assert!(!check.ok);
    let line = page.lines().position(|l| l.starts_with("summa: Summa")).unwrap() + 1;
    assert!(
        check.stderr.contains(&format!("content/rs/2023/01-ekonomi.md:{line}:"))
            && check.stderr.contains("\"Summa\"")
            && check.stderr.contains("angivet −1 600, beräknat −1 500"),
        "{}",
        check.stderr
    );
}

#[test]
fn import_asks_for_nothing_without_a_terminal_and_names_the_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let docx = tmp.path().join("protokoll.docx");
    write_docx(
        &docx,
        &format!("{}{}", heading(1, "Protokoll"), para("", &[("Text", false, false)])),
    );
    let run = insyn(tmp.path(), &["import", "protokoll.docx", "ut"]);
    assert!(!run.ok);
    for flag in ["--typ", "--ar", "--organisation"] {
        assert!(run.stderr.contains(flag), "{}", run.stderr);
    }
    assert!(!tmp.path().join("ut").exists(), "nothing is written");
    let not_docx = insyn(tmp.path(), &["import", "rapport.pdf", "ut"]);
    assert!(not_docx.stderr.contains("Word-dokument (.docx)"), "{}", not_docx.stderr);
    // A broken or foreign file is an error that says so, never a panic.
    std::fs::write(tmp.path().join("trasig.docx"), b"PK\x03\x04 inte alls en zip").unwrap();
    let mut other = zip::ZipWriter::new(std::fs::File::create(tmp.path().join("annan.docx")).unwrap());
    other
        .start_file("hej.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    other.write_all(b"hej").unwrap();
    other.finish().unwrap();
    for (file, message) in [
        ("trasig.docx", "filen är inte ett Word-dokument (.docx)"),
        ("annan.docx", "dokumentdelen saknas"),
        ("saknas.docx", "kan inte öppna filen"),
    ] {
        let run = insyn(tmp.path(), &["import", file, "ut", "--organisation", "X"]);
        assert!(!run.ok && run.stderr.contains(message), "{file}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

// ----------------------------------------------------------------------------------------
// Rows from spreadsheets beside the page.

fn report_site(tmp: &Path, page: &str) -> std::path::PathBuf {
    let site = site_with(tmp);
    let dir = site.join("content/rapport");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Årsredovisning 2023\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: Exempel\n---\n",
    )
    .unwrap();
    std::fs::write(dir.join("ekonomi.md"), page).unwrap();
    site
}

const SHEET_PAGE: &str = "---\ntitle: Ekonomi\n---\n```tabell\ntitel: Resultaträkning\nenhet: mnkr\nkolumner: [Post, {rubrik: Utfall 2023, typ: utfall}, {rubrik: Budget 2023, typ: budget}, {rubrik: Avvikelse, typ: avvikelse, formel: utfall - budget}]\nrader: {fil: resultat.xlsx, blad: Resultat, område: A2:D7}\n```\n";

fn write_xlsx(path: &Path, costs: f64) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Resultat").unwrap();
    let one = Format::new().set_num_format("0.0");
    let bold = Format::new().set_bold();
    let bold_one = Format::new().set_bold().set_num_format("0.0");
    let italic = Format::new().set_italic();
    ws.write_row(0, 0, ["Post", "Utfall", "Budget", "Avvikelse"]).unwrap();
    let rows: [(&str, f64, f64, bool, bool); 5] = [
        ("Intäkter", 0.1 + 0.2, 0.2, false, false),
        ("Varav bidrag", 0.1, 0.1, false, true),
        ("Kostnader", costs, -1.0, false, false),
        ("Övrigt", 2.25, 2.0, false, false),
        ("Resultat", 0.3 + costs + 2.25, 1.2, true, false),
    ];
    for (i, (label, u, b, is_bold, is_italic)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let (lf, nf) = match (is_bold, is_italic) {
            (true, _) => (&bold, &bold_one),
            (_, true) => (&italic, &one),
            _ => (&Format::new(), &one),
        };
        ws.write_string_with_format(r, 0, *label, lf).unwrap();
        ws.write_number_with_format(r, 1, *u, nf).unwrap();
        ws.write_number_with_format(r, 2, *b, nf).unwrap();
        ws.write_number_with_format(r, 3, u - b, nf).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn a_table_takes_its_rows_from_an_xlsx_file_exactly_and_serve_rebuilds_when_it_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let site = report_site(tmp.path(), SHEET_PAGE);
    let xlsx = site.join("content/rapport/resultat.xlsx");
    write_xlsx(&xlsx, -0.95);
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let page = read(&site.join("public/rapport/ekonomi/index.html"));
    // 0.1 + 0.2 is 0.30000000000000004 as a double; the cell shows 0,3, and so does the page.
    assert!(page.contains(">0,3</td>") && !page.contains("0,30000"), "{page}");
    assert!(
        page.contains("class=\"varav depth-1\""),
        "the italic Varav row hangs under its row"
    );
    assert!(page.contains("Resultat"), "{page}");
    // −0,95 shows as −1,0 (one decimal, half away from zero), and the sums are checked.
    assert!(page.contains(">−1,0</td>"), "{page}");

    // A wrong sum in the spreadsheet is reported at its cell.
    let mut session = insyn::serve::session::Session::new(&site, "http://127.0.0.1:1111/", true);
    assert!(session.problems.is_empty(), "{:?}", session.problems);
    let served = |s: &insyn::serve::session::Session| {
        String::from_utf8_lossy(s.files["rapport/ekonomi/index.html"].bytes()).into_owned()
    };
    assert!(served(&session).contains(">−1,0</td>"));
    write_xlsx(&xlsx, -1.45);
    session.change(std::slice::from_ref(&xlsx));
    assert!(session.problems.is_empty(), "{:?}", session.problems);
    assert!(
        served(&session).contains(">−1,5</td>"),
        "serve shows the changed spreadsheet"
    );
    // The sum row of the spreadsheet now states a wrong total (written as the old one).
    let mut bad = rust_xlsxwriter::Workbook::new();
    let ws = bad.add_worksheet().set_name("Resultat").unwrap();
    ws.write_row(1, 0, ["Intäkter", "1", "1", "0"]).unwrap();
    ws.write_string_with_format(2, 0, "Summa", &rust_xlsxwriter::Format::new().set_bold())
        .unwrap();
    for c in 1..4 {
        ws.write_number_with_format(2, c, 5.0, &rust_xlsxwriter::Format::new().set_bold())
            .unwrap();
    }
    bad.save(&xlsx).unwrap();
    session.change(std::slice::from_ref(&xlsx));
    let p = &session.problems;
    assert!(
        p.iter().any(|d| d.file == Path::new("content/rapport/resultat.xlsx")
            && d.line == 3
            && d.message.contains("Summa")),
        "{p:?}"
    );
    let check = insyn(&site, &["check"]);
    assert!(
        check.stderr.contains("content/rapport/resultat.xlsx:3:"),
        "{}",
        check.stderr
    );
}

/// An OpenDocument spreadsheet written by hand: a zip with the mimetype first.
fn write_ods(path: &Path, rows: &[&[&str]]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    let mut table = String::new();
    for r in rows {
        table.push_str("<table:table-row>");
        for c in r.iter() {
            match c.strip_prefix('=') {
                Some(v) => table.push_str(&format!(
                    "<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{v}</text:p></table:table-cell>"
                )),
                None => table.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    esc(c)
                )),
            }
        }
        table.push_str("</table:table-row>");
    }
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"Blad1\">{table}</table:table></office:spreadsheet></office:body></office:document-content>").as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn ods_and_csv_files_give_rows_too_and_reading_stays_beside_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let page = "---\ntitle: Ekonomi\n---\n```tabell\ntitel: Investeringar\nenhet: mnkr\nkolumner: [Post, {rubrik: Utfall 2023, typ: utfall}]\nrader: {fil: inv.ods, blad: Blad1}\nsumma: Summa | 3,3\n```\n\n```tabell\ntitel: Personal\nenhet: antal\nkolumner: [Grupp, \"2022\", \"2023\"]\nrader: {fil: personal.csv, område: A2:C3}\n```\n";
    let site = report_site(tmp.path(), page);
    let dir = site.join("content/rapport");
    // 0.30000000000000004 as LibreOffice may store a computed cell: 15 significant digits.
    write_ods(
        &dir.join("inv.ods"),
        &[&["IT", "=3.0000000000000004"], &["Möbler", "=0.3"]],
    );
    std::fs::write(
        dir.join("personal.csv"),
        "Grupp;2022;2023\r\nKvinnor;\"1 204\";1 250\r\nMän;530;541\r\n",
    )
    .unwrap();
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let html = read(&site.join("public/rapport/ekonomi/index.html"));
    assert!(html.contains("<td>3</td>") && html.contains("<td>0,3</td>"), "{html}");
    assert!(
        html.contains("<td>1\u{a0}204</td>") && html.contains("<td>541</td>"),
        "{html}"
    );

    // A file outside the page's folder, a missing sheet and a missing file are errors at rader:.
    std::fs::write(site.join("hemlig.csv"), "A;1\n").unwrap();
    for (rows, message) in [
        ("{fil: ../../hemlig.csv}", "ligger inte bredvid sidan"),
        ("{fil: inv.ods, blad: Blad9}", "inget blad som heter \"Blad9\""),
        ("{fil: saknas.xlsx}", "finns inte bredvid sidan"),
        ("{fil: inv.ods, område: B9:A1}", "går inte att läsa"),
    ] {
        std::fs::write(
            dir.join("ekonomi.md"),
            format!("---\ntitle: Ekonomi\n---\n```tabell\ntitel: T\nkolumner: [Post, Utfall]\nrader: {rows}\n```\n"),
        )
        .unwrap();
        let run = insyn(&site, &["check"]);
        assert!(
            !run.ok && run.stderr.contains("content/rapport/ekonomi.md:7:"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(message), "{rows}: {}", run.stderr);
    }
}
