//! Open data: the DCAT-AP-SE catalog parsed as RDF (oxrdfxml) and checked for every class and
//! property DCAT-AP-SE makes mandatory, with every distribution a file of the output, also under
//! a sub-path; every CSV read back with a CSV parser and compared with its JSON, numbers,
//! units, computed flags and the row tree included; file names unique and stable; the whole
//! report's zip and JSON; clear errors when the catalog lacks what it needs. The `opendata`
//! tier runs the Frictionless validator over every data package.
//!
//! The sites: the example site, and a site of every table the docs show (`docs/*.md`), so that
//! every table structure the docs promise goes through the same checks.

use crate::common::*;
use crate::tiers::{self, Tier};
use oxrdf::{Graph, NamedNodeRef, NamedOrBlankNodeRef, TermRef};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

const OPEN_DATA: &str = "\n[open_data]\norganisation_number = \"555555-5555\"\npublisher_type = \"kommun\"\nlicense = \"CC0-1.0\"\ncontact_name = \"Öppna data\"\ncontact_email = \"oppnadata@kommun.example\"\ncontact_phone = \"08-123 456\"\n";

/// The example site at the repository root, built into a temporary directory.
fn example(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut args = vec!["build", "--output", out.to_str().unwrap()];
    if let Some(b) = base_url {
        args.extend(["--base-url", b]);
    }
    let run = insyn(Path::new(env!("CARGO_MANIFEST_DIR")), &args);
    assert!(run.ok, "the example site must build:\n{}", run.stderr);
    (tmp, out)
}

/// A site of every report block in the docs, in one report, with a catalog.
fn docs_site() -> (tempfile::TempDir, PathBuf) {
    let all = crate::docs::examples();
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().to_path_buf();
    let words = all
        .iter()
        .find_map(|e| e.body.split_once("[statusord]\n").map(|(_, w)| w.to_string()))
        .expect("the docs show a [statusord] table");
    std::fs::write(
        site.join("site.toml"),
        format!("title = \"Dokumentation\"\nbase_url = \"https://example.se/\"\npublisher = \"Exempelkommunen\"\n{OPEN_DATA}\n[statusord]\n{words}"),
    )
    .unwrap();
    let content = site.join("content/rapport");
    crate::docs::copy_spreadsheets(&content);
    std::fs::write(site.join("content/_index.md"), "---\ntitle: Start\n---\n").unwrap();
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Rapport\ndate: 2024-04-15\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: Exempel\n---\n",
    )
    .unwrap();
    let blocks = all
        .iter()
        .filter(|e| crate::docs::BLOCK_TYPES.contains(&e.info.as_str()));
    for (n, e) in blocks.enumerate() {
        let page = format!("---\ntitle: Exempel {n}\n---\n```{}\n{}\n```\n", e.info, e.body);
        std::fs::write(content.join(format!("exempel-{n}.md")), page).unwrap();
    }
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "the docs' blocks must build:\n{}", run.stderr);
    (tmp, site.join("public"))
}

/// A small site written file by file.
fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let root = tmp.path().to_path_buf();
    (tmp, root)
}

fn files_named(out: &Path, name: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == name))
        .collect();
    v.sort();
    v
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---- the catalog ---------------------------------------------------------------------------

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";

struct Rdf(Graph);

impl Rdf {
    fn parse(bytes: &[u8]) -> Rdf {
        let mut g = Graph::new();
        for t in oxrdfxml::RdfXmlParser::new().for_slice(bytes) {
            g.insert(&t.expect("the catalog is valid RDF/XML"));
        }
        Rdf(g)
    }

    /// Subjects of a class; every one must be named by an IRI (no blank nodes, as harvesting
    /// requires for catalogs, datasets, distributions, publishers and contacts).
    fn of_class(&self, class: &str) -> Vec<String> {
        self.0
            .subjects_for_predicate_object(NamedNodeRef::new(RDF_TYPE).unwrap(), NamedNodeRef::new(class).unwrap())
            .map(|s| match s {
                NamedOrBlankNodeRef::NamedNode(n) => n.as_str().to_string(),
                other => panic!("a {class} must be named by an IRI, not {other}"),
            })
            .collect()
    }

    fn objects(&self, subject: &str, predicate: &str) -> Vec<TermRef<'_>> {
        self.0
            .objects_for_subject_predicate(
                NamedNodeRef::new(subject).unwrap(),
                NamedNodeRef::new(predicate).unwrap(),
            )
            .collect()
    }

    /// The IRIs `subject` links to through `predicate`.
    fn links(&self, subject: &str, predicate: &str) -> Vec<String> {
        self.objects(subject, predicate)
            .into_iter()
            .map(|o| match o {
                TermRef::NamedNode(n) => n.as_str().to_string(),
                other => panic!("{subject} {predicate} must be an IRI, not {other}"),
            })
            .collect()
    }

    /// The texts of `subject`'s `predicate`: (value, language).
    fn texts(&self, subject: &str, predicate: &str) -> Vec<(String, Option<String>)> {
        self.objects(subject, predicate)
            .into_iter()
            .map(|o| match o {
                TermRef::Literal(l) => (l.value().to_string(), l.language().map(String::from)),
                other => panic!("{subject} {predicate} must be a literal, not {other}"),
            })
            .collect()
    }

    fn types(&self, subject: &str) -> Vec<String> {
        self.links(subject, RDF_TYPE)
    }
}

/// Every mandatory class and property of DCAT-AP-SE (its `obligatoriskt` example and the
/// cardinalities of the specification), and the recommended ones Insyn gives. Returns the
/// distribution URLs.
fn check_catalog(rdf: &Rdf, base_url: &str) -> Vec<String> {
    let nonempty_sv = |s: &str, p: &str| {
        let t = rdf.texts(s, p);
        assert!(!t.is_empty(), "{s} has no {p}");
        for (v, lang) in &t {
            assert!(!v.trim().is_empty(), "{s} {p} is empty");
            assert_eq!(lang.as_deref(), Some("sv"), "{s} {p} has its language");
        }
    };
    let catalogs = rdf.of_class(&format!("{DCAT}Catalog"));
    assert_eq!(catalogs.len(), 1, "one catalog");
    let cat = &catalogs[0];
    assert!(cat.starts_with(base_url), "{cat} under {base_url}");
    nonempty_sv(cat, &format!("{DCT}title"));
    nonempty_sv(cat, &format!("{DCT}description"));
    assert_eq!(
        rdf.links(cat, &format!("{DCT}license")),
        ["http://creativecommons.org/publicdomain/zero/1.0/"],
        "the catalog's metadata is CC0, as Sweden requires"
    );
    let cat_publisher = rdf.links(cat, &format!("{DCT}publisher"));
    assert_eq!(cat_publisher.len(), 1, "exactly one publisher of the catalog");
    assert_eq!(
        rdf.links(cat, &format!("{DCT}language")),
        ["http://publications.europa.eu/resource/authority/language/SWE"]
    );
    let datasets = rdf.links(cat, &format!("{DCAT}dataset"));
    assert!(!datasets.is_empty(), "the catalog lists datasets");
    let agents: BTreeSet<String> = rdf.of_class(&format!("{FOAF}Agent")).into_iter().collect();
    let contacts: BTreeSet<String> = rdf
        .of_class(&format!("{VCARD}Organization"))
        .into_iter()
        .chain(rdf.of_class(&format!("{VCARD}Individual")))
        .collect();
    for a in &agents {
        let names = rdf.texts(a, &format!("{FOAF}name"));
        assert!(!names.is_empty() && !names[0].0.trim().is_empty(), "{a} has a name");
        let kind = rdf.links(a, &format!("{DCT}type"));
        assert_eq!(kind.len(), 1, "{a} has one type");
        assert!(kind[0].starts_with("http://purl.org/adms/publishertype/"), "{kind:?}");
        assert!(!contacts.contains(a), "contacts and publishers are kept apart");
    }
    assert!(
        agents.contains(&cat_publisher[0]),
        "the catalog's publisher is described"
    );
    for c in &contacts {
        assert!(!rdf.texts(c, &format!("{VCARD}fn")).is_empty(), "{c} has a name");
        let mail = rdf.links(c, &format!("{VCARD}hasEmail"));
        assert!(mail.len() == 1 && mail[0].starts_with("mailto:"), "{c}: {mail:?}");
    }
    let all_datasets: BTreeSet<String> = rdf.of_class(&format!("{DCAT}Dataset")).into_iter().collect();
    assert_eq!(
        all_datasets,
        datasets.iter().cloned().collect(),
        "every dataset in the catalog"
    );
    let mut urls = Vec::new();
    for d in &datasets {
        assert!(
            rdf.types(d).contains(&format!("{DCAT}Dataset")),
            "{d} is a dcat:Dataset"
        );
        nonempty_sv(d, &format!("{DCT}title"));
        nonempty_sv(d, &format!("{DCT}description"));
        let p = rdf.links(d, &format!("{DCT}publisher"));
        assert!(
            p.len() == 1 && agents.contains(&p[0]),
            "{d}: one described publisher, {p:?}"
        );
        let contact = rdf.links(d, &format!("{DCAT}contactPoint"));
        assert!(
            !contact.is_empty() && contact.iter().all(|c| contacts.contains(c)),
            "{d}: {contact:?}"
        );
        let themes = rdf.links(d, &format!("{DCAT}theme"));
        assert!(
            themes.contains(&"http://publications.europa.eu/resource/authority/data-theme/GOVE".to_string()),
            "{d}: {themes:?}"
        );
        let periods = rdf.objects(d, &format!("{DCT}temporal"));
        assert_eq!(periods.len(), 1, "{d} covers a period");
        for page in rdf.links(d, &format!("{DCAT}landingPage")) {
            assert!(page.starts_with(base_url), "{page}");
        }
        let distributions = rdf.links(d, &format!("{DCAT}distribution"));
        assert!(distributions.len() >= 2, "{d}: CSV and JSON");
        let mut formats = BTreeSet::new();
        for x in &distributions {
            assert!(rdf.types(x).contains(&format!("{DCAT}Distribution")), "{x}");
            let access = rdf.links(x, &format!("{DCAT}accessURL"));
            assert_eq!(access.len(), 1, "{x}: exactly one accessURL");
            let format = rdf.texts(x, &format!("{DCT}format"));
            assert_eq!(format.len(), 1, "{x}: exactly one format");
            formats.insert(format[0].0.clone());
            let download = rdf.links(x, &format!("{DCAT}downloadURL"));
            assert_eq!(download, access, "{x}: the file itself");
            assert_eq!(rdf.links(x, &format!("{DCT}license")).len(), 1, "{x} has a licence");
            urls.extend(access);
        }
        assert_eq!(
            formats,
            BTreeSet::from(["application/json".to_string(), "text/csv+zip".to_string()]),
            "{d}"
        );
    }
    urls
}

/// Check the catalog of a built site and that every distribution is a file of the output.
fn check_built_catalog(out: &Path, base_url: &str) -> Rdf {
    let rdf = Rdf::parse(&std::fs::read(out.join("datasets/dcat.rdf")).unwrap());
    let urls = check_catalog(&rdf, base_url);
    assert!(!urls.is_empty());
    for url in urls {
        let rel = url
            .strip_prefix(base_url)
            .unwrap_or_else(|| panic!("{url} is not under {base_url}"));
        assert!(
            out.join(rel).is_file(),
            "the distribution {url} is a file of the output ({rel})"
        );
    }
    rdf
}

#[test]
fn the_catalog_has_every_mandatory_dcat_ap_se_class_and_property() {
    let (_tmp, out) = example(None);
    let rdf = check_built_catalog(&out, "https://example.se/insyn/");
    // One dataset per report, and one for each body's indicator histories.
    let cat = &rdf.of_class(&format!("{DCAT}Catalog"))[0];
    let datasets: BTreeSet<String> = rdf.links(cat, &format!("{DCAT}dataset")).into_iter().collect();
    assert_eq!(
        datasets,
        BTreeSet::from(
            [
                "https://example.se/insyn/datasets/dcat.rdf#regionstyrelsen-2023-arsredovisning",
                "https://example.se/insyn/datasets/dcat.rdf#regionkontoret-2023-verksamhetsplan",
                "https://example.se/insyn/datasets/dcat.rdf#regionkontoret-2020-arsredovisning",
                "https://example.se/insyn/datasets/dcat.rdf#region-vastmanland-regionkontoret-2024-delarsrapport-1",
                "https://example.se/insyn/datasets/dcat.rdf#indikatorer-region-halland",
                "https://example.se/insyn/datasets/dcat.rdf#indikatorer-region-vastmanland",
            ]
            .map(String::from)
        )
    );
    // The period comes from the report and its tables; the example's pages give no dates, so
    // no dates are given (never the build's clock).
    let d = "https://example.se/insyn/datasets/dcat.rdf#regionstyrelsen-2023-arsredovisning";
    assert!(rdf.objects(d, &format!("{DCT}issued")).is_empty());
    assert_eq!(
        rdf.texts(d, &format!("{DCT}title"))[0].0,
        "Årsredovisning 2023, Regionstyrelsen: tabeller"
    );
    let themes = rdf.links(d, &format!("{DCAT}theme"));
    assert!(themes.iter().any(|t| t.ends_with("/ECON")), "mnkr tables: economy");
}

#[test]
fn the_catalog_works_under_any_sub_path_and_dates_come_from_the_content() {
    let base = "https://kommun.example/oppna/rapporter/";
    let (_tmp, out) = docs_site();
    let rdf = check_built_catalog(&out, "https://example.se/");
    let d = "https://example.se/datasets/dcat.rdf#rapport";
    assert_eq!(rdf.texts(d, &format!("{DCT}issued"))[0].0, "2024-04-15");
    let agents = rdf.of_class(&format!("{FOAF}Agent"));
    assert_eq!(agents, ["http://dataportal.se/organisation/SE5555555555"]);
    assert_eq!(rdf.texts(&agents[0], &format!("{DCT}identifier"))[0].0, "5555555555");
    let contact = &rdf.of_class(&format!("{VCARD}Organization"))[0];
    assert_eq!(rdf.objects(contact, &format!("{VCARD}hasTelephone")).len(), 1);
    // The same site under a sub-path: every address moves with it.
    let (_tmp2, out2) = example(Some(base));
    check_built_catalog(&out2, base);
    let report = read(&out2.join("regionstyrelsen/2023-arsredovisning/index.html"));
    for link in links(&report).iter().filter(|l| l.contains("/data/")) {
        let rel = link
            .strip_prefix("/oppna/rapporter/")
            .unwrap_or_else(|| panic!("{link}"));
        assert!(out2.join(rel).is_file(), "{link}");
    }
}

#[test]
fn hostile_text_in_the_catalog_stays_text() {
    let h = "<script>alert(1)</script> \"citat\" 'apostrof' ]]> & <b>fet</b>";
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let toml = format!(
        "title = {t}\nbase_url = \"https://example.se/\"\ndescription = {t}\npublisher = {t}\n\n[open_data]\npublisher_uri = \"https://example.se/org\"\npublisher_type = \"region\"\nlicense = \"CC-BY-4.0\"\ncontact_name = {t}\ncontact_email = \"a@example.se\"\n",
        t = q(h)
    );
    let report = format!(
        "---\ntitle: {t}\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: {t}\n---\n```nyckeltal\ntitel: {t}\nposter:\n  - namn: {t}\n    värde: 1\n```\n",
        t = q(h)
    );
    let (_tmp, root) = site(&[
        ("site.toml", &toml),
        ("content/_index.md", "---\ntitle: S\n---\n"),
        ("content/r/_index.md", &report),
    ]);
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let rdf = check_built_catalog(&root.join("public"), "https://example.se/");
    let cat = &rdf.of_class(&format!("{DCAT}Catalog"))[0];
    assert_eq!(rdf.texts(cat, &format!("{DCT}title"))[0].0, h);
    let contact = &rdf.of_class(&format!("{VCARD}Organization"))[0];
    assert_eq!(rdf.texts(contact, &format!("{VCARD}fn"))[0].0, h);
    let d = &rdf.links(cat, &format!("{DCAT}dataset"))[0];
    let x = &rdf.links(d, &format!("{DCAT}distribution"))[0];
    assert_eq!(
        rdf.links(x, &format!("{DCT}license")),
        ["http://creativecommons.org/licenses/by/4.0/"]
    );
}

// ---- CSV against JSON ----------------------------------------------------------------------

/// A CSV file's header and rows, read by a real CSV parser in the dialect the schema names.
fn read_csv(path: &Path, dialect: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    assert_eq!(dialect["delimiter"], ";");
    let bytes = std::fs::read(path).unwrap();
    let text = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a byte order mark for Excel");
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(text);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The number a CSV cell holds (decimal comma).
fn csv_number(cell: &str) -> Decimal {
    Decimal::from_str(&cell.replace(',', ".")).unwrap_or_else(|e| panic!("{cell:?}: {e}"))
}

fn json_number(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("{v} is a decimal in text"))).unwrap()
}

/// What a CSV text cell says once the apostrophe against formulas is taken off.
fn csv_text(cell: &str, json: &str) -> bool {
    cell == json || cell.strip_prefix('\'') == Some(json)
}

/// Rows of a table's JSON in reading order (a row, its varav, its parts, its sum), each with
/// the number of the row it hangs under.
fn json_rows<'a>(row: &'a Value, parent: Option<u64>, out: &mut Vec<(&'a Value, Option<u64>)>) {
    let nr = row["nr"].as_u64();
    if nr.is_some() {
        out.push((row, parent));
    }
    let inner = nr.or(parent);
    for key in ["varav", "delar"] {
        for r in row[key].as_array().into_iter().flatten() {
            json_rows(r, inner, out);
        }
    }
    if row["summa"].is_object() {
        json_rows(&row["summa"], inner, out);
    }
}

/// Compare one table's CSV with its JSON, cell by cell. Returns the number of figures compared.
fn compare_table(csv_path: &Path, schema: &Value, dialect: &Value, table: &Value) -> usize {
    let (header, rows) = read_csv(csv_path, dialect);
    let fields = schema["fields"].as_array().unwrap();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        header,
        names,
        "{}: the header is the schema's fields",
        csv_path.display()
    );
    let col = |name: &str| header.iter().position(|h| h == name);
    let field = |name: &str| &fields[col(name).unwrap()];
    let mut figures = 0;
    if let Some(top) = table["rader"].as_array() {
        let mut walked = Vec::new();
        for r in top {
            json_rows(r, None, &mut walked);
        }
        if table["summa"].is_object() {
            json_rows(&table["summa"], None, &mut walked);
        }
        assert_eq!(
            walked.len(),
            rows.len(),
            "{}: one CSV row per JSON row",
            csv_path.display()
        );
        let columns = table["kolumner"].as_array().unwrap();
        for ((j, parent), row) in walked.iter().zip(&rows) {
            let at = |name: &str| row[col(name).unwrap()].as_str();
            assert_eq!(at("Radnummer"), j["nr"].to_string());
            assert_eq!(at("Överordnad rad"), parent.map(|p| p.to_string()).unwrap_or_default());
            assert_eq!(at("Radtyp"), j["typ"].as_str().unwrap());
            assert!(
                csv_text(&row[5], j["rad"].as_str().unwrap()),
                "{} vs {}",
                row[5],
                j["rad"]
            );
            let own_unit = col("Radens enhet").map(|i| row[i].as_str()).filter(|u| !u.is_empty());
            for (i, c) in columns.iter().enumerate() {
                let name = c["namn"].as_str().unwrap();
                let cell = at(name);
                let v = &j["värden"][i];
                if let Some(n) = v.get("värde") {
                    assert_eq!(csv_number(cell), json_number(n), "{}: {name}", csv_path.display());
                    // A share or percentage column keeps its unit on every row; other
                    // columns give way to a row's own unit.
                    let column_unit = field(name)["enhet"].as_str();
                    let ratio = matches!(column_unit, Some("%" | "procentenheter" | "index"));
                    let unit = if ratio { column_unit } else { own_unit.or(column_unit) };
                    assert_eq!(unit, v["enhet"].as_str(), "{}: unit of {name}", csv_path.display());
                    figures += 1;
                } else if let Some(sign) = v.get("tecken") {
                    assert_eq!(cell, sign.as_str().unwrap());
                } else if let Some(t) = v.get("text") {
                    assert!(csv_text(cell, t.as_str().unwrap()), "{cell} vs {t}");
                } else {
                    assert_eq!(cell, "", "{}: {name}", csv_path.display());
                }
                let computed = v["beräknad"].as_bool().unwrap_or(false);
                match col(&format!("{name} beräknad")) {
                    Some(k) => assert_eq!(row[k] == "ja", computed, "{}: {name}", csv_path.display()),
                    None => assert!(!computed, "{}: a computed {name} is marked", csv_path.display()),
                }
            }
            let notes = j["noter"].as_array().map(|n| n.len()).unwrap_or(0);
            assert_eq!(at("Anmärkning").is_empty(), notes == 0);
        }
    } else {
        // One row per item: the figures and their units.
        let (items, value, target, unit_of) = if let Some(i) = table["nyckeltal"].as_array() {
            (i.clone(), "värde", None, None)
        } else if let Some(i) = table["indikatorer"].as_array() {
            (i.clone(), "utfall", Some("mål"), None)
        } else if let Some(i) = table["värden"].as_array() {
            (i.clone(), "utfall", Some("mål"), table["enhet"].as_str())
        } else {
            return 0;
        };
        assert_eq!(items.len(), rows.len(), "{}", csv_path.display());
        let value_col = if col("Värde").is_some() { "Värde" } else { "Utfall" };
        for (item, row) in items.iter().zip(&rows) {
            let at = |name: &str| row[col(name).unwrap()].as_str();
            for (key, name) in [(Some(value), value_col), (target, "Målvärde")] {
                let Some(key) = key else { continue };
                match item[key].as_str() {
                    Some(n) => {
                        assert_eq!(csv_number(at(name)), Decimal::from_str(n).unwrap());
                        figures += 1;
                    }
                    None => assert_eq!(at(name), ""),
                }
            }
            assert_eq!(at("Enhet"), unit_of.or(item["enhet"].as_str()).unwrap_or(""));
        }
    }
    figures
}

/// Every table of every data package of a built site: its CSV against its JSON.
fn compare_all(out: &Path) -> (usize, usize) {
    let (mut tables, mut figures) = (0, 0);
    for dp in files_named(out, "datapackage.json") {
        let package = json(&dp);
        let folder = dp.parent().unwrap();
        for r in package["resources"].as_array().unwrap() {
            let name = r["name"].as_str().unwrap();
            let table = json(&folder.join(format!("{name}.json")));
            assert_eq!(table["tabell"], name);
            figures += compare_table(
                &folder.join(r["path"].as_str().unwrap()),
                &r["schema"],
                &r["dialect"],
                &table,
            );
            tables += 1;
        }
    }
    (tables, figures)
}

#[test]
fn every_csv_reads_back_as_its_json_numbers_and_units_included() {
    let (_tmp, out) = example(None);
    let (tables, figures) = compare_all(&out);
    assert!(
        tables >= 90 && figures >= 240,
        "{tables} tables, {figures} figures compared"
    );
    let (_tmp2, docs) = docs_site();
    let (tables, figures) = compare_all(&docs);
    assert!(
        tables >= 15 && figures >= 200,
        "{tables} tables, {figures} figures compared"
    );
}

#[test]
fn a_table_says_its_units_periods_tree_computed_values_and_source_errors() {
    let (_tmp, out) = docs_site();
    let folder = out.join("rapport/data");
    let package = json(&folder.join("datapackage.json"));
    let resources = package["resources"].as_array().unwrap();
    let find = |title: &str| {
        resources
            .iter()
            .find(|r| r["title"] == title)
            .unwrap_or_else(|| panic!("no table {title}"))
    };
    // The balance sheet: groups, sums under their groups, a varav row, two entities, dates.
    let balance = find("Balansräkning");
    let fields = balance["schema"]["fields"].as_array().unwrap();
    let f = fields
        .iter()
        .find(|f| f["name"] == "Kommunen, 2018 (mnkr)")
        .expect("group and unit in the heading");
    assert_eq!(
        (f["enhet"].as_str(), f["period"].as_str()),
        (Some("mnkr"), Some("2018-12-31"))
    );
    assert_eq!(balance["schema"]["primaryKey"][0], "Radnummer");
    let (_, rows) = read_csv(&folder.join(balance["path"].as_str().unwrap()), &balance["dialect"]);
    let row = |label: &str| rows.iter().find(|r| r[5] == label).unwrap_or_else(|| panic!("{label}"));
    let group = row("Anläggningstillgångar");
    let sum = row("Summa anläggningstillgångar");
    assert_eq!(
        (sum[1].as_str(), sum[3].as_str()),
        (group[0].as_str(), "summa"),
        "a sum row hangs under its group"
    );
    let varav = row("varav årets resultat");
    assert_eq!(
        (varav[1].as_str(), varav[3].as_str(), varav[4].as_str()),
        (row("Eget kapital")[0].as_str(), "varav", "nej")
    );
    // A computed column is marked; a källfel note is in the file.
    let drift = find("Driftredovisning");
    let names: Vec<&str> = drift["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Förändring 2012/2013 (%)"), "{names:?}");
    let source_error = find("Exempel med ett fel i källan");
    let (header, rows) = read_csv(
        &folder.join(source_error["path"].as_str().unwrap()),
        &source_error["dialect"],
    );
    let notes = header.iter().position(|h| h == "Anmärkning").unwrap();
    assert!(rows.iter().any(|r| r[notes].starts_with("Källfel: ")), "{rows:?}");
    let computed = find("Resultaträkning");
    let computed_names: Vec<&str> = computed["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        !computed_names.iter().any(|n| n.ends_with(" beräknad")),
        "every figure of the resultaträkning is stated"
    );
    // Whose table: organisation, report, publisher, licence, in the JSON and the package.
    let t = json(&folder.join(format!("{}.json", computed["name"].as_str().unwrap())));
    assert_eq!(t["utgivare"], "Exempelkommunen");
    assert_eq!(t["organisation"], "Exempel");
    assert_eq!(t["rapport"]["år"], 2023);
    assert_eq!(t["licens"]["namn"], "CC0-1.0");
    assert_eq!(
        package["licenses"][0]["path"],
        "http://creativecommons.org/publicdomain/zero/1.0/"
    );
    assert_eq!(package["contributors"][0]["title"], "Exempelkommunen");
}

// ---- names, packages, zips -----------------------------------------------------------------

const TWO_REPORTS: [(&str, &str); 6] = [
    (
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.se/\"\npublisher = \"Kommunen\"\n",
    ),
    ("content/_index.md", "---\ntitle: Start\n---\n"),
    (
        "content/a/_index.md",
        "---\ntitle: Årsredovisning 2020\nrapport:\n  typ: årsredovisning\n  år: 2020\n  organisation: Nämnden\n---\n",
    ),
    (
        "content/a/ekonomi.md",
        "---\ntitle: Ekonomi\n---\n```ekonomitabell\nid: resultatrakning\ntitel: Resultaträkning\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - A | 1,0 | 2,0\n  - B | 3,5 | 3,0\n```\n",
    ),
    (
        "content/b/_index.md",
        "---\ntitle: Årsredovisning 2023\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: Nämnden\n---\n",
    ),
    (
        "content/b/ekonomi.md",
        "---\ntitle: Ekonomi\n---\n```ekonomitabell\nid: resultatrakning\ntitel: Resultaträkning\nenhet: tkr\navvikelse: utfall − budget\nrader:\n  - A | 10 | 20 | -10\n```\n",
    ),
];

#[test]
fn file_names_are_unique_across_the_site_and_stable_across_builds() {
    let (_tmp, root) = site(&TWO_REPORTS);
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let first = tree(&root.join("public"));
    for p in [
        "a/data/a-ekonomi-resultatrakning.csv",
        "b/data/b-ekonomi-resultatrakning.csv",
    ] {
        assert!(first.contains_key(p), "{p}");
    }
    // No two data files share a name anywhere (datapackage.json aside, whose name the
    // standard fixes).
    let mut seen = BTreeMap::new();
    for p in first
        .keys()
        .filter(|p| p.contains("data/") && !p.ends_with("datapackage.json"))
    {
        let name = p.rsplit('/').next().unwrap();
        if let Some(other) = seen.insert(name.to_string(), p.clone()) {
            panic!("{name}: {other} and {p}");
        }
    }
    // The computed deviation in the 2020 table is marked, the stated one in 2023 is not.
    let a = String::from_utf8(first["a/data/a-ekonomi-resultatrakning.csv"].clone()).unwrap();
    assert!(a.contains(";Avvikelse (mnkr) beräknad;"), "{a}");
    assert!(
        a.contains("\r\n1;;1;rad;ja;A;\"1,0\";\"2,0\";\"-1,0\";nej;nej;ja;\r\n"),
        "{a}"
    );
    assert!(
        a.contains("\r\n3;;1;summa;nej;Summa;\"4,5\";\"5,0\";\"-0,5\";ja;ja;ja;\r\n"),
        "the computed total: {a}"
    );
    // Another page with its own table, a new report: the existing files keep their names and bytes.
    std::fs::write(
        root.join("content/a/mer.md"),
        "---\ntitle: Mer\n---\n```nyckeltal\nposter:\n  - {namn: X, värde: 1}\n```\n",
    )
    .unwrap();
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let second = tree(&root.join("public"));
    for (p, bytes) in first.iter().filter(|(p, _)| p.ends_with(".csv")) {
        assert_eq!(second.get(p), Some(bytes), "{p} kept its name and bytes");
    }
    assert!(second.contains_key("a/data/a-mer-nyckeltal-1.csv"));
}

#[test]
fn a_report_is_one_data_package_one_zip_and_one_json() {
    let (_tmp, root) = site(&TWO_REPORTS);
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let out = root.join("public");
    let folder = out.join("a/data");
    let package = json(&folder.join("datapackage.json"));
    let names: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a-ekonomi-resultatrakning"]);
    let zip_bytes = std::fs::read(folder.join("a.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes.clone())).unwrap();
    let mut inside = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        inside.insert(f.name().unwrap().to_string(), bytes);
    }
    assert_eq!(
        inside.keys().collect::<Vec<_>>(),
        ["a-ekonomi-resultatrakning.csv", "datapackage.json"]
    );
    for (name, bytes) in &inside {
        assert_eq!(
            bytes,
            &std::fs::read(folder.join(name)).unwrap(),
            "{name} in the zip is the file beside it"
        );
    }
    let all = json(&folder.join("a.json"));
    assert_eq!(all["tabeller"][0], json(&folder.join("a-ekonomi-resultatrakning.json")));
    // The report's page offers all of it at once.
    let page = read(&out.join("a/index.html"));
    assert!(page.contains("href=\"/a/data/a.zip\""), "{page}");
    // Same input, same bytes: the zip carries no clock.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let run = insyn(&root, &["build"]);
    assert!(run.ok);
    assert_eq!(std::fs::read(folder.join("a.zip")).unwrap(), zip_bytes);
    // Without [open_data] there is no catalog, and the packages say no licence.
    assert!(!out.join("datasets/dcat.rdf").exists());
    assert!(package.get("licenses").is_none());
}

// ---- errors --------------------------------------------------------------------------------

#[test]
fn a_catalog_asked_for_names_what_is_missing() {
    let mut files = TWO_REPORTS.to_vec();
    let toml = format!(
        "{}\n[open_data]\nlicense = \"CC0-1.0\"\npublisher_type = \"kommun\"\n",
        TWO_REPORTS[0].1
    );
    files[0] = ("site.toml", &toml);
    let (_tmp, root) = site(&files);
    let run = insyn(&root, &["build"]);
    assert!(!run.ok);
    assert_eq!(
        run.stderr,
        "site.toml:5: fel: [open_data] saknar contact_name, contact_email, som katalogen över öppna data behöver\n  tips: ange till exempel license = \"CC0-1.0\", contact_name = \"Öppna data, Region Exempel\" och contact_email = \"oppnadata@region.example\"; vill webbplatsen inte ha någon katalog, ta bort [open_data]\n1 fel hittades; ingenting skrevs.\n"
    );
    // A report by another publisher that site.toml does not describe.
    let toml = format!("{}{OPEN_DATA}", TWO_REPORTS[0].1);
    files[0] = ("site.toml", &toml);
    let other = "---\ntitle: Årsredovisning 2023\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: Nämnden\n  utgivare: Region Annan\n---\n";
    files[4] = ("content/b/_index.md", other);
    let (_tmp, root) = site(&files);
    let run = insyn(&root, &["build"]);
    assert!(!run.ok);
    assert_eq!(
        run.stderr,
        "content/b/_index.md: fel: utgivaren \"Region Annan\" saknas i [open_data] i site.toml, så katalogen över öppna data kan inte ange den\n  tips: lägg till [open_data.publishers.\"Region Annan\"] med organisation_number = \"…\" och type = \"region\" (eller \"kommun\" …) i site.toml\n1 fel hittades; ingenting skrevs.\n"
    );
    // Described, it builds, and each dataset names its own publisher.
    let toml = format!(
        "{toml}\n[open_data.publishers.\"Region Annan\"]\nuri = \"https://annan.example/\"\ntype = \"region\"\n"
    );
    std::fs::write(root.join("site.toml"), toml).unwrap();
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let rdf = check_built_catalog(&root.join("public"), "https://example.se/");
    assert_eq!(
        rdf.links("https://example.se/datasets/dcat.rdf#b", &format!("{DCT}publisher")),
        ["https://annan.example/"]
    );
    assert_eq!(rdf.of_class(&format!("{FOAF}Agent")).len(), 2);
}

// ---- the opendata tier: Frictionless -------------------------------------------------------

/// The Frictionless validator: `INSYN_FRICTIONLESS`, or the tier's venv, or on the PATH.
fn frictionless() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("INSYN_FRICTIONLESS") {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!("INSYN_FRICTIONLESS={} is not a file", p.display()))
        };
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/opendata/.venv/bin/frictionless");
    if venv.is_file() {
        return Ok(venv);
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("frictionless"))
        .find(|p| p.is_file());
    on_path.ok_or_else(|| {
        "the Frictionless validator (frictionless, from PyPI: tests/opendata/requirements.txt) in tests/opendata/.venv, on the PATH or as INSYN_FRICTIONLESS".into()
    })
}

fn validate(tool: &Path, target: &Path) -> usize {
    let run = std::process::Command::new(tool)
        .args(["validate", "--json"])
        .arg(target)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless gave no report for {} ({e}):\n{}{}",
            target.display(),
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let problems: Vec<String> = report["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| {
            t["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |e| format!("{}: {}", t["name"], e["message"]))
        })
        .chain(
            report["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| e["message"].to_string()),
        )
        .collect();
    assert!(
        report["valid"] == true && problems.is_empty(),
        "{} is not a valid data package:\n{}",
        target.display(),
        problems.join("\n")
    );
    report["tasks"].as_array().map(|t| t.len()).unwrap_or(0)
}

#[test]
fn frictionless_validates_every_data_package_and_zip() {
    let missing = match frictionless() {
        Ok(_) => Vec::new(),
        Err(m) => vec![m],
    };
    if !tiers::ready(Tier::OpenData, &missing) {
        return;
    }
    let tool = frictionless().unwrap();
    let (_tmp, example) = example(None);
    let (_tmp2, docs) = docs_site();
    let mut tables = 0;
    for out in [&example, &docs] {
        let packages = files_named(out, "datapackage.json");
        assert!(!packages.is_empty());
        for dp in packages {
            tables += validate(&tool, &dp);
            let folder = dp.parent().unwrap();
            let zip = std::fs::read_dir(folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|e| e == "zip"))
                .expect("a zip beside the package");
            validate(&tool, &zip);
        }
    }
    assert!(tables >= 100, "{tables} tables validated");
}

#[test]
fn the_documented_open_data_settings_give_a_catalog() {
    let examples: Vec<String> = crate::docs::examples()
        .into_iter()
        .filter(|e| e.doc == "oppna-data.md" && e.info == "toml")
        .map(|e| e.body)
        .collect();
    assert_eq!(examples.len(), 2, "oppna-data.md shows two site.toml examples");
    for (n, toml) in examples.iter().enumerate() {
        let mut files = TWO_REPORTS.to_vec();
        files[0] = ("site.toml", toml);
        // The second example describes the publisher of a report of its own.
        let other = "---\ntitle: Årsredovisning 2023\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: Nämnden\n  utgivare: Exempelkommunen\n---\n";
        if n == 1 {
            files[4] = ("content/b/_index.md", other);
        }
        let (_tmp, root) = site(&files);
        let run = insyn(&root, &["build"]);
        assert!(run.ok, "example {n}: {}", run.stderr);
        let base = toml
            .lines()
            .find_map(|l| l.strip_prefix("base_url = \""))
            .unwrap()
            .trim_end_matches('"');
        let rdf = check_built_catalog(&root.join("public"), base);
        assert_eq!(rdf.of_class(&format!("{FOAF}Agent")).len(), n + 1, "example {n}");
    }
}

#[test]
fn two_tables_that_would_share_a_file_name_stop_the_build() {
    let block = |id: &str| {
        format!("---\ntitle: Sida {id}\n---\n```nyckeltal\nid: {id}\nposter:\n  - {{namn: X, värde: 1}}\n```\n")
    };
    let (a, ab) = (block("b-c"), block("c"));
    let (_tmp, root) = site(&[
        ("site.toml", TWO_REPORTS[0].1),
        ("content/_index.md", "---\ntitle: Start\n---\n"),
        ("content/a.md", &a),
        ("content/a-b.md", &ab),
    ]);
    let run = insyn(&root, &["build"]);
    assert!(!run.ok);
    assert!(
        run.stderr.starts_with("content/a-b.md: fel: två nedladdningar skulle heta a-b-c: tabellen \"Nyckeltal: Sida b-c\" i content/a.md och tabellen \"Nyckeltal: Sida c\" i content/a-b.md\n  tips: ge det ena blocket ett annat id:"),
        "{}",
        run.stderr
    );
}
