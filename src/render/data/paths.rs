//! Where the data files go and what they are called: the one place that decides, used by the
//! pages' download links and by the files themselves.
//!
//! The tables of a report live together in the report's `data/` folder, as one data package;
//! the indicator histories in `/indikatorer/data/`; the tables of pages outside any report in
//! `/data/`. A file's name says whose table it is: the page's place in the site (the report's
//! path, then the page's within the report) and the block's key —
//! `regionstyrelsen-2023-arsredovisning-05-ekonomi-resultatrakning.csv` — so that no two files
//! of the site share a name, and the name stays the same from build to build as long as the
//! page and the block keep theirs.

use crate::model::history::IndicatorHistory;
use crate::model::{ReportId, Site};

/// The folder of the tables outside any report.
pub const OTHER_FOLDER: &str = "/data/";
/// The name of the package of the tables outside any report.
pub const OTHER_NAME: &str = "ovriga-tabeller";
/// The DCAT-AP-SE catalog that Sveriges dataportal harvests.
pub const CATALOG_PATH: &str = "/datasets/dcat.rdf";
/// The data package's description in each folder.
pub const PACKAGE_FILE: &str = "datapackage.json";

/// A table's place: its folder (a site path ending in `data/`) and the stem of its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub folder: String,
    pub name: String,
}

impl Place {
    /// Site path of the table's file with extension `ext`.
    pub fn file(&self, ext: &str) -> String {
        format!("{}{}.{ext}", self.folder, self.name)
    }
}

/// `/a/b-c/` → `a-b-c`: a site path as one part of a file name.
fn joined(path: &str) -> String {
    path.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-")
}

/// The report a page belongs to: the report whose path is the longest start of the page's.
/// The page's path and each of its starts up to a `/` are looked up (not every report: a
/// portal has thousands, and this runs for every block of every page).
pub fn report_of(site: &Site, page_path: &str) -> Option<ReportId> {
    if let Some(r) = site.report_paths.get(page_path) {
        return Some(*r);
    }
    page_path
        .char_indices()
        .rev()
        .filter(|(_, c)| *c == '/')
        .find_map(|(i, _)| site.report_paths.get(&page_path[..=i]))
        .copied()
}

/// The folder of a report's tables.
pub fn report_folder(site: &Site, report: ReportId) -> String {
    format!("{}data/", site.nodes[site.reports[report].node].path)
}

/// The name of a package from its folder: the folder's path without `data/`.
pub fn package_name(folder: &str) -> String {
    let name = joined(folder.strip_suffix("data/").unwrap_or(folder));
    if name.is_empty() {
        OTHER_NAME.to_string()
    } else {
        bounded(name)
    }
}

/// Names longer than this are cut and end in a hash of the whole name, so that every path
/// stays within what file systems and zip tools allow.
const MAX_NAME: usize = 120;

fn bounded(name: String) -> String {
    if name.len() <= MAX_NAME {
        return name;
    }
    let cut = &name[..name.floor_char_boundary(MAX_NAME - 9)];
    format!(
        "{}-{:08x}",
        cut.trim_end_matches('-'),
        crate::render::fnv1a(name.as_bytes()) as u32
    )
}

/// The place of the block `key` on the page at `page_path`.
pub fn block(site: &Site, page_path: &str, key: &str) -> Place {
    match report_of(site, page_path) {
        Some(r) => {
            let report_path = &site.nodes[site.reports[r].node].path;
            let folder = report_folder(site, r);
            let within = joined(&page_path[report_path.len()..]);
            let mut name = package_name(&folder);
            for part in [within.as_str(), key] {
                if !part.is_empty() {
                    name.push('-');
                    name.push_str(part);
                }
            }
            Place {
                folder,
                name: bounded(name),
            }
        }
        None => {
            let page = joined(page_path);
            let page = if page.is_empty() { "startsida".to_string() } else { page };
            Place {
                folder: OTHER_FOLDER.into(),
                name: bounded(format!("{page}-{key}")),
            }
        }
    }
}

/// The place of an indicator's history: beside the other histories of its publisher.
pub fn history(h: &IndicatorHistory) -> Place {
    let parent = h
        .path
        .trim_end_matches('/')
        .rsplit_once('/')
        .map(|(p, _)| p)
        .unwrap_or("");
    let within = h.path.strip_prefix(crate::render::INDICATORS_PATH).unwrap_or(&h.path);
    Place {
        folder: format!("{parent}/data/"),
        name: bounded(format!("indikator-{}", joined(within))),
    }
}

/// Site path of the download of a block (`csv` or `json`).
pub fn block_file(site: &Site, page_path: &str, key: &str, ext: &str) -> String {
    block(site, page_path, key).file(ext)
}

/// Site path of the download of an indicator's history.
pub fn history_file(h: &IndicatorHistory, ext: &str) -> String {
    history(h).file(ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_paths() {
        assert_eq!(
            joined("/regionstyrelsen/2023-arsredovisning/"),
            "regionstyrelsen-2023-arsredovisning"
        );
        assert_eq!(joined("/"), "");
        assert_eq!(package_name("/a/b/data/"), "a-b");
        assert_eq!(package_name("/data/"), OTHER_NAME);
        assert_eq!(package_name("/indikatorer/data/"), "indikatorer");
    }

    #[test]
    fn long_names_are_cut_with_a_hash() {
        let long = format!("{}-a", "x".repeat(200));
        let other = format!("{}-b", "x".repeat(200));
        let (a, b) = (bounded(long.clone()), bounded(other));
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME, "{a}");
        assert_ne!(a, b);
        assert_eq!(a, bounded(long), "the same name every build");
        assert_eq!(bounded("kort".into()), "kort");
    }
}
