//! A group's tables as a Frictionless data package (`datapackage.json`, with the schema of
//! every CSV) and as one JSON file; and what the package and the catalog say about the group
//! as a whole: its time period, keywords, themes and dates, all read from the content.

use super::{Group, GroupKind, paths};
use crate::model::{Period, Site, Unit, period::Span};
use serde_json::{Map, Value, json};

/// `(first day, last day)` of a period, as ISO dates.
pub fn days(p: &Period) -> (String, String) {
    let y = p.year;
    let last_day = |m: u8| match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let (a, b, d0, d1) = match p.span {
        Span::Year => (1, 12, 1, 31),
        Span::Months(a, b) => (a, b, 1, last_day(b)),
        Span::Day(m, d) => (m, m, d, d),
    };
    (format!("{y:04}-{a:02}-{d0:02}"), format!("{y:04}-{b:02}-{d1:02}"))
}

/// The time the group's figures cover, from its earliest to its latest period.
pub fn temporal(site: &Site, g: &Group) -> Option<(String, String)> {
    let report = match g.kind {
        GroupKind::Report(r) => Some(&site.reports[r].period),
        _ => None,
    };
    let all = g
        .resources
        .iter()
        .flat_map(|r| r.periods.iter())
        .chain(report)
        .map(days);
    all.reduce(|(a0, a1), (b0, b1)| (a0.min(b0), a1.max(b1)))
}

/// The `date:` of a page, as an ISO date.
fn page_date(site: &Site, n: crate::model::NodeId) -> Option<String> {
    let d = site.nodes[n].date.as_ref()?;
    Some(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
}

/// When the data was issued and last changed, from the `date:` of the report's own page and
/// of the pages the tables are on. Never the build's clock: without dates, none are given.
pub fn dates(site: &Site, g: &Group) -> (Option<String>, Option<String>) {
    let issued = match g.kind {
        GroupKind::Report(r) => page_date(site, site.reports[r].node),
        _ => None,
    };
    let report_node = match g.kind {
        GroupKind::Report(r) => Some(site.reports[r].node),
        _ => None,
    };
    let modified = g
        .nodes
        .iter()
        .chain(report_node.iter())
        .filter_map(|n| page_date(site, *n))
        .max();
    (issued, modified)
}

fn money(u: &Unit) -> bool {
    matches!(u, Unit::Kr | Unit::Tkr | Unit::Mnkr | Unit::Mdkr)
}

/// Keywords in the singular, lower case, as DCAT-AP-SE recommends.
pub fn keywords(site: &Site, g: &Group) -> Vec<String> {
    let mut k = Vec::new();
    if let GroupKind::Report(r) = g.kind {
        k.push(site.reports[r].kind.name().to_lowercase());
    }
    if g.kind == GroupKind::Indicators {
        k.push("indikator".into());
    }
    if g.resources.iter().any(|r| r.units.iter().any(money)) {
        k.push("ekonomi".into());
    }
    k
}

/// The EU data themes of the group: government and public sector, and economy and finance
/// when any figure is in kronor.
pub fn themes(g: &Group) -> Vec<&'static str> {
    let mut t = vec!["GOVE"];
    if g.resources.iter().any(|r| r.units.iter().any(money)) {
        t.push("ECON");
    }
    t
}

/// What the package says about its source: the publisher, the organisation and the report.
fn source(site: &Site, g: &Group) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("utgivare".into(), json!(g.publisher));
    if let GroupKind::Report(r) = g.kind {
        let r = &site.reports[r];
        m.insert("organisation".into(), json!(r.organisation));
        m.insert("rapport".into(), super::report_json(site, r));
    }
    if let Some((start, end)) = temporal(site, g) {
        m.insert("period".into(), json!({ "start": start, "slut": end }));
    }
    m
}

pub fn descriptor(site: &Site, g: &Group) -> Value {
    let mut p = Map::new();
    p.insert("profile".into(), json!("tabular-data-package"));
    p.insert("name".into(), json!(g.name));
    p.insert(
        "id".into(),
        json!(
            site.config
                .absolute_url(&format!("{}{}", g.folder, paths::PACKAGE_FILE))
        ),
    );
    p.insert("title".into(), json!(g.title(site)));
    p.insert("description".into(), json!(g.description(site)));
    p.insert("homepage".into(), json!(g.landing_page(site)));
    let keywords = keywords(site, g);
    if !keywords.is_empty() {
        p.insert("keywords".into(), json!(keywords));
    }
    if let Some(o) = &site.config.open_data {
        p.insert(
            "licenses".into(),
            json!([{ "name": o.license.spdx(), "path": o.license.uri(), "title": o.license.title() }]),
        );
    }
    let mut contributors = vec![json!({ "title": g.publisher, "role": "publisher" })];
    if let GroupKind::Report(r) = g.kind {
        contributors.push(json!({ "title": site.reports[r].organisation, "role": "author" }));
    }
    p.insert("contributors".into(), Value::Array(contributors));
    p.insert(
        "sources".into(),
        json!([{ "title": g.title(site).trim_end_matches(": tabeller"), "path": g.landing_page(site) }]),
    );
    p.extend(source(site, g));
    let resources = g
        .resources
        .iter()
        .map(|r| {
            let about: Map<String, Value> = ["sida", "källa"]
                .into_iter()
                .filter_map(|k| r.json.get(k).map(|v| (k.to_string(), v.clone())))
                .collect();
            r.descriptor(&format!("{}.csv", r.name), about)
        })
        .collect();
    p.insert("resources".into(), Value::Array(resources));
    Value::Object(p)
}

/// Every table of the group in one JSON file.
pub fn combined(site: &Site, g: &Group, tables: &[Vec<u8>]) -> Vec<u8> {
    let mut m = Map::new();
    m.insert("namn".into(), json!(g.name));
    m.insert("titel".into(), json!(g.title(site)));
    m.insert("beskrivning".into(), json!(g.description(site)));
    m.extend(source(site, g));
    if let Some(o) = &site.config.open_data {
        m.insert(
            "licens".into(),
            json!({ "namn": o.license.spdx(), "adress": o.license.uri() }),
        );
    }
    write_with_tables(&m, tables)
}

/// `head` as a JSON object with `tabeller` among its keys (in order, as serde_json writes an
/// object's): the tables' JSON as their own files have it, not made and written again.
fn write_with_tables(head: &Map<String, Value>, tables: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![b'{'];
    let mut tables_written = false;
    for (k, v) in head {
        if !tables_written && k.as_str() > TABLES {
            write_tables(&mut out, tables);
            tables_written = true;
        }
        key(&mut out, k);
        let _ = serde_json::to_writer(&mut out, v);
    }
    if !tables_written {
        write_tables(&mut out, tables);
    }
    out.extend_from_slice(b"}\n");
    out
}

fn key(out: &mut Vec<u8>, k: &str) {
    if out.len() > 1 {
        out.push(b',');
    }
    let _ = serde_json::to_writer(&mut *out, k);
    out.push(b':');
}

fn write_tables(out: &mut Vec<u8>, tables: &[Vec<u8>]) {
    key(out, TABLES);
    out.push(b'[');
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(t.strip_suffix(b"\n").unwrap_or(t));
    }
    out.push(b']');
}

/// The key of the tables in the JSON of all a group's tables.
const TABLES: &str = "tabeller";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_go_in_among_the_keys_in_order() {
        let t = |n: u32| serde_json::to_vec(&json!({ "nr": n, "värden": ["1.5"] })).unwrap();
        let tables = [t(1), t(2)];
        let mut m = Map::new();
        m.insert("namn".into(), json!("x"));
        m.insert("utgivare".into(), json!("Region"));
        m.insert(
            TABLES.into(),
            json!([{ "nr": 1, "värden": ["1.5"] }, { "nr": 2, "värden": ["1.5"] }]),
        );
        let mut want = serde_json::to_vec(&Value::Object(m)).unwrap();
        want.push(b'\n');
        let mut head = Map::new();
        head.insert("namn".into(), json!("x"));
        head.insert("utgivare".into(), json!("Region"));
        let got = write_with_tables(&head, &tables);
        assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want).unwrap());
        let mut head = Map::new();
        head.insert("a".into(), json!(1));
        let only = write_with_tables(&head, &[]);
        assert_eq!(only, b"{\"a\":1,\"tabeller\":[]}\n");
    }

    #[test]
    fn periods_as_days() {
        assert_eq!(days(&Period::year(2023)), ("2023-01-01".into(), "2023-12-31".into()));
        let p = Period::parse("jan–feb 2024").unwrap();
        assert_eq!(days(&p), ("2024-01-01".into(), "2024-02-29".into()));
        let p = Period::parse("tertial 1 2023").unwrap();
        assert_eq!(days(&p), ("2023-01-01".into(), "2023-04-30".into()));
        let p = Period::parse("2023-12-31").unwrap();
        assert_eq!(days(&p), ("2023-12-31".into(), "2023-12-31".into()));
    }
}
