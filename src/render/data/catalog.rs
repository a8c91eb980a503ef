//! The DCAT-AP-SE catalog of the site's open data, in RDF/XML as Sveriges dataportal harvests
//! it (`/datasets/dcat.rdf`).
//!
//! One dataset per report (and one for the indicator histories of each publisher): a report's
//! tables are different data, so by DCAT-AP-SE they cannot be distributions of one dataset,
//! and one dataset per table would fill the portal with dozens of datasets per report named
//! "Uppdrag" or "Tabell" that only make sense together. The report is the unit the body
//! decides on and publishes; its dataset has two distributions that each hold all of its
//! tables — a zip of the CSV files with their Frictionless data package, and one JSON file —
//! and its keywords and description name the tables. Tables on pages outside any report are
//! downloads, not datasets. Every value comes from `site.toml` and the content, never the
//! clock.

use super::package::{dates, keywords, temporal, themes};
use super::{Group, GroupKind, paths};
use crate::config::open_data::{OpenData, Publisher};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::render::xml::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

const NAMESPACES: [(&str, &str); 7] = [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Sweden requires the catalog's own metadata to be CC0.
const METADATA_LICENSE: &str = "http://creativecommons.org/publicdomain/zero/1.0/";
const THEMES: &str = "http://publications.europa.eu/resource/authority/data-theme";
const PUBLIC: &str = "http://publications.europa.eu/resource/authority/access-right/PUBLIC";
const FRICTIONLESS: &str = "https://specs.frictionlessdata.io/data-package/";
const DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
const INTEGER: &str = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger";

/// The EU language authority's code for the site's language, where Insyn knows it.
fn language(code: &str) -> Option<&'static str> {
    match code.split(['-', '_']).next().unwrap_or("").to_lowercase().as_str() {
        "sv" => Some("SWE"),
        "en" => Some("ENG"),
        "fi" => Some("FIN"),
        "nb" | "nn" | "no" => Some("NOR"),
        "da" => Some("DAN"),
        "de" => Some("DEU"),
        _ => None,
    }
}

/// One RDF resource being written: its properties, one a line.
struct Node<'a> {
    out: &'a mut String,
    lang: &'a str,
}

impl Node<'_> {
    fn open<'a>(out: &'a mut String, lang: &'a str, class: &str, about: &str) -> Node<'a> {
        let _ = writeln!(out, "<{class} rdf:about=\"{}\">", escape(about));
        Node { out, lang }
    }

    fn text(&mut self, prop: &str, value: &str) -> &mut Self {
        let _ = writeln!(
            self.out,
            "  <{prop} xml:lang=\"{}\">{}</{prop}>",
            escape(self.lang),
            escape(value)
        );
        self
    }

    fn plain(&mut self, prop: &str, value: &str) -> &mut Self {
        let _ = writeln!(self.out, "  <{prop}>{}</{prop}>", escape(value));
        self
    }

    fn typed(&mut self, prop: &str, datatype: &str, value: &str) -> &mut Self {
        let _ = writeln!(
            self.out,
            "  <{prop} rdf:datatype=\"{datatype}\">{}</{prop}>",
            escape(value)
        );
        self
    }

    fn link(&mut self, prop: &str, uri: &str) -> &mut Self {
        let _ = writeln!(self.out, "  <{prop} rdf:resource=\"{}\"/>", escape(uri));
        self
    }

    fn raw(&mut self, xml: &str) -> &mut Self {
        self.out.push_str(xml);
        self
    }

    fn close(&mut self, class: &str) {
        let _ = writeln!(self.out, "</{class}>");
    }
}

/// The publisher of a group, as `site.toml` describes it, or what to add there.
fn publisher<'a>(site: &Site, open_data: &'a OpenData, g: &Group) -> Result<&'a Publisher, Diagnostic> {
    open_data.publisher(&g.publisher).ok_or_else(|| {
        let file = match g.kind {
            GroupKind::Report(r) => site.nodes[site.reports[r].node].file.clone(),
            _ => g.files.first().cloned().unwrap_or_default(),
        };
        Diagnostic::new(
            file,
            0,
            format!(
                "utgivaren \"{}\" saknas i [open_data] i site.toml, så katalogen över öppna data kan inte ange den",
                g.publisher
            ),
        )
        .hint(format!(
            "lägg till [open_data.publishers.\"{}\"] med organisation_number = \"…\" och type = \"region\" (eller \"kommun\" …) i site.toml",
            g.publisher
        ))
    })
}

fn agent(out: &mut String, lang: &str, name: &str, p: &Publisher) {
    let mut a = Node::open(out, lang, "foaf:Agent", &p.uri);
    a.text("foaf:name", name).link("dcterms:type", p.kind.uri());
    if let Some(n) = &p.organisation_number {
        a.plain("dcterms:identifier", n);
    }
    a.close("foaf:Agent");
}

/// The catalog, or the problems that keep it from naming every publisher.
pub fn rdf(
    site: &Site,
    open_data: &OpenData,
    groups: &[Group],
    sizes: &BTreeMap<String, usize>,
) -> Result<Vec<u8>, Diagnostics> {
    let c = &site.config;
    let lang = c.language.as_str();
    let base = c.absolute_url(paths::CATALOG_PATH);
    let catalog = format!("{base}#katalog");
    let contact = format!("{base}#kontakt");
    let datasets: Vec<&Group> = groups.iter().filter(|g| g.kind != GroupKind::Other).collect();
    let mut diags = Diagnostics::new();
    let mut used: BTreeMap<&str, &Publisher> = BTreeMap::new();
    for g in &datasets {
        match publisher(site, open_data, g) {
            Ok(p) => {
                used.insert(g.publisher.as_str(), p);
            }
            Err(d) => diags.push(d),
        }
    }
    diags.into_result(())?;
    let own = open_data.publisher(c.publisher.trim()).ok_or_else(|| {
        Diagnostics::from(Diagnostic::new(
            crate::config::CONFIG_FILE,
            open_data.line,
            "publisher saknas i site.toml",
        ))
    })?;
    let all_dates: Vec<(Option<String>, Option<String>)> = datasets.iter().map(|g| dates(site, g)).collect();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF");
    for (prefix, uri) in NAMESPACES {
        let _ = write!(out, "\n  xmlns:{prefix}=\"{uri}\"");
    }
    out.push_str(">\n");

    catalog_node(&mut out, site, &own.uri, &catalog, &datasets, &all_dates);

    agent(&mut out, lang, c.publisher.trim(), own);
    for (name, p) in &used {
        if p.uri != own.uri {
            agent(&mut out, lang, name, p);
        }
    }

    let mut k = Node::open(&mut out, lang, "vcard:Organization", &contact);
    k.plain("vcard:fn", &open_data.contact.name)
        .link("vcard:hasEmail", &open_data.contact.email_uri());
    if let Some(tel) = open_data.contact.phone_uri() {
        k.raw(&format!(
            "  <vcard:hasTelephone rdf:parseType=\"Resource\">\n    <vcard:hasValue rdf:resource=\"{}\"/>\n  </vcard:hasTelephone>\n",
            escape(&tel)
        ));
    }
    k.close("vcard:Organization");

    for (g, (issued, modified)) in datasets.iter().zip(all_dates) {
        let id = format!("{base}#{}", g.name);
        let p = used[g.publisher.as_str()];
        let mut d = Node::open(&mut out, lang, "dcat:Dataset", &id);
        d.text("dcterms:title", &g.title(site))
            .text("dcterms:description", &g.description(site))
            .link("dcterms:publisher", &p.uri)
            .link("dcat:contactPoint", &contact);
        for word in keywords(site, g) {
            d.text("dcat:keyword", &word);
        }
        for theme in themes(g) {
            d.link("dcat:theme", &format!("{THEMES}/{theme}"));
        }
        if let Some(issued) = &issued {
            d.typed("dcterms:issued", DATE, issued);
        }
        if let Some(modified) = &modified {
            d.typed("dcterms:modified", DATE, modified);
        }
        if let Some((start, end)) = temporal(site, g) {
            d.raw(&format!(
                "  <dcterms:temporal>\n    <dcterms:PeriodOfTime>\n      <dcat:startDate rdf:datatype=\"{DATE}\">{start}</dcat:startDate>\n      <dcat:endDate rdf:datatype=\"{DATE}\">{end}</dcat:endDate>\n    </dcterms:PeriodOfTime>\n  </dcterms:temporal>\n"
            ));
        }
        d.link("dcat:landingPage", &g.landing_page(site))
            .link("dcterms:accessRights", PUBLIC)
            .link("dcat:distribution", &format!("{id}-csv"))
            .link("dcat:distribution", &format!("{id}-json"));
        d.close("dcat:Dataset");
        distributions(&mut out, site, open_data, g, &id, sizes);
    }
    out.push_str("</rdf:RDF>\n");
    Ok(out.into_bytes())
}

/// The catalog itself: its title, publisher, licence, language, dates and datasets.
fn catalog_node(
    out: &mut String,
    site: &Site,
    publisher_uri: &str,
    catalog: &str,
    datasets: &[&Group],
    all_dates: &[(Option<String>, Option<String>)],
) {
    let c = &site.config;
    let lang = c.language.as_str();
    let base = c.absolute_url(paths::CATALOG_PATH);
    let mut cat = Node::open(out, lang, "dcat:Catalog", catalog);
    cat.text("dcterms:title", &c.title);
    let description = if c.description.trim().is_empty() {
        format!("Öppna data ur rapporterna på {}.", c.title)
    } else {
        c.description.clone()
    };
    cat.text("dcterms:description", &description)
        .link("dcterms:publisher", publisher_uri)
        .link("dcterms:license", METADATA_LICENSE)
        .link("foaf:homepage", &c.base_url)
        .link("dcat:themeTaxonomy", THEMES);
    if let Some(code) = language(lang) {
        cat.link(
            "dcterms:language",
            &format!("http://publications.europa.eu/resource/authority/language/{code}"),
        );
    }
    if let Some(issued) = all_dates.iter().filter_map(|d| d.0.clone()).min() {
        cat.typed("dcterms:issued", DATE, &issued);
    }
    if let Some(modified) = all_dates.iter().filter_map(|d| d.1.clone()).max() {
        cat.typed("dcterms:modified", DATE, &modified);
    }
    for g in datasets {
        cat.link("dcat:dataset", &format!("{base}#{}", g.name));
    }
    cat.close("dcat:Catalog");
}

/// A dataset's two distributions: the CSV files with their data package (zip), and JSON.
fn distributions(
    out: &mut String,
    site: &Site,
    open_data: &OpenData,
    g: &Group,
    id: &str,
    sizes: &BTreeMap<String, usize>,
) {
    let c = &site.config;
    let lang = c.language.as_str();
    let distributions = [
        (
            "csv",
            "zip",
            "CSV-filer med datapaket (zip)",
            "Alla tabeller som CSV-filer (UTF-8, semikolon, decimalkomma), med datapackage.json som beskriver varje kolumn: enhet, period, vilka värden som är beräknade och radernas ordning i tabellen (Frictionless Data).",
            "text/csv+zip",
        ),
        (
            "json",
            "json",
            "Alla tabeller i en JSON-fil",
            "Alla tabeller i en JSON-fil, med raderna som ett träd och enheten för varje värde. Talen är exakta decimaltal i text.",
            "application/json",
        ),
    ];
    for (suffix, ext, title, description, format) in distributions {
        let url = c.absolute_url(&g.file(ext));
        let mut x = Node::open(out, lang, "dcat:Distribution", &format!("{id}-{suffix}"));
        x.text("dcterms:title", title)
            .text("dcterms:description", description)
            .link("dcat:accessURL", &url)
            .link("dcat:downloadURL", &url)
            .plain("dcterms:format", format)
            .link("dcterms:license", open_data.license.uri());
        if suffix == "csv" {
            x.link("dcterms:conformsTo", FRICTIONLESS);
        }
        if let Some(size) = sizes.get(&g.file(ext)) {
            x.typed("dcat:byteSize", INTEGER, &size.to_string());
        }
        x.close("dcat:Distribution");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_cleaned() {
        assert_eq!(language("sv"), Some("SWE"));
        assert_eq!(language("sv-SE"), Some("SWE"));
        assert_eq!(language("xx"), None);
    }
}
