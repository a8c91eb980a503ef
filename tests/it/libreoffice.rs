//! A real report through the importer: Region Västmanland's delårsrapport 1 2024 (its
//! plain-text source, copied into `tests/fixtures/source-reports/`) rendered as HTML, made into a `.docx` by
//! LibreOffice as Word would save it, imported, and checked. The test measures how much of it
//! lands in report blocks without a hand edit, prints the figures, and fails if fewer land
//! than today. The libreoffice tier (see `tiers.rs`): needs LibreOffice Writer (`soffice`).

use crate::common::*;
use crate::tiers::{self, Tier};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const SOURCE: &str = "vastmanland-regionkontoret-delarsrapport-1-2024.txt";

fn soffice() -> Option<PathBuf> {
    let candidates = [
        std::env::var("INSYN_SOFFICE").unwrap_or_default(),
        "/usr/bin/soffice".into(),
    ];
    candidates
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/source-reports")
        .join(SOURCE)
}

/// Inline text of the source: its `<b>`/`<i>` and HTML fragments kept, `**…**` and `*…*`
/// made bold and italic, `&` escaped.
fn inline(text: &str) -> String {
    let mut s = text.replace('&', "&amp;");
    for (mark, tag) in [("**", "b"), ("*", "i")] {
        let mut out = String::new();
        let mut open = false;
        let mut rest = s.as_str();
        while let Some(i) = rest.find(mark) {
            out.push_str(&rest[..i]);
            out.push_str(if open { "</" } else { "<" });
            out.push_str(tag);
            out.push('>');
            open = !open;
            rest = &rest[i + mark.len()..];
        }
        out.push_str(rest);
        if open {
            out.push_str(&format!("</{tag}>"));
        }
        s = out;
    }
    s
}

/// The plain-text source as an HTML document: `#` headings, `- ` lists (nested by two
/// spaces), tab-separated lines as tables, other lines as paragraphs.
fn to_html(text: &str) -> String {
    let mut body = String::new();
    let mut para: Vec<String> = Vec::new();
    let mut list_depth = 0usize;
    let mut table: Vec<&str> = Vec::new();
    let flush_para = |body: &mut String, para: &mut Vec<String>| {
        if !para.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", para.join("<br>")));
            para.clear();
        }
    };
    let flush_list = |body: &mut String, depth: &mut usize| {
        while *depth > 0 {
            body.push_str("</ul>\n");
            *depth -= 1;
        }
    };
    let flush_table = |body: &mut String, table: &mut Vec<&str>| {
        if table.is_empty() {
            return;
        }
        body.push_str("<table>\n");
        for row in table.drain(..) {
            body.push_str("<tr>");
            for f in row.split('\t') {
                body.push_str(&format!("<td>{}</td>", inline(f.trim())));
            }
            body.push_str("</tr>\n");
        }
        body.push_str("</table>\n");
    };
    for line in text.lines() {
        if line.contains('\t') {
            flush_para(&mut body, &mut para);
            flush_list(&mut body, &mut list_depth);
            table.push(line);
            continue;
        }
        flush_table(&mut body, &mut table);
        let t = line.trim();
        if t.is_empty() {
            flush_para(&mut body, &mut para);
            flush_list(&mut body, &mut list_depth);
            continue;
        }
        if let Some(rest) = t.strip_prefix('#') {
            flush_para(&mut body, &mut para);
            flush_list(&mut body, &mut list_depth);
            let level = 1 + rest.chars().take_while(|c| *c == '#').count();
            let text = rest.trim_start_matches('#').trim();
            body.push_str(&format!("<h{level}>{}</h{level}>\n", inline(text)));
            continue;
        }
        if let Some(item) = t.strip_prefix("- ") {
            flush_para(&mut body, &mut para);
            let depth = (line.len() - line.trim_start().len()) / 2 + 1;
            while list_depth < depth {
                body.push_str("<ul>\n");
                list_depth += 1;
            }
            while list_depth > depth {
                body.push_str("</ul>\n");
                list_depth -= 1;
            }
            body.push_str(&format!("<li>{}</li>\n", inline(item)));
            continue;
        }
        flush_list(&mut body, &mut list_depth);
        para.push(inline(t));
    }
    flush_para(&mut body, &mut para);
    flush_list(&mut body, &mut list_depth);
    flush_table(&mut body, &mut table);
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Delårsrapport 1 2024</title></head><body>\n{body}</body></html>\n"
    )
}

/// Figures in the source's tables (every field of a tab-separated line after a table's
/// first line that the build's parser reads as a number, alone or with a unit as in `8 mnkr`,
/// but for years, as in a tidplan).
fn figures_in_source(text: &str) -> usize {
    let mut n = 0;
    let mut first = true;
    for line in text.lines() {
        if !line.contains('\t') {
            first = true;
            continue;
        }
        if first {
            first = false;
            continue;
        }
        for f in line.split('\t').skip(1) {
            let f = f
                .replace("<b>", "")
                .replace("</b>", "")
                .replace("<i>", "")
                .replace("</i>", "");
            let f = f.trim();
            let year = f.len() == 4 && f.parse::<u32>().is_ok_and(|y| (1900..=2200).contains(&y));
            let with_unit = f.rsplit_once(' ').is_some_and(|(n, u)| {
                insyn::model::number::parse_figure(n).is_ok() && insyn::model::Unit::parse(u).is_some()
            });
            if !f.is_empty() && !year && (insyn::model::number::parse_figure(f).is_ok() || with_unit) {
                n += 1;
            }
        }
    }
    n
}

fn say(text: &str) {
    let _ = write!(std::io::stderr(), "{text}");
}

#[test]
fn a_real_delarsrapport_through_word_lands_in_blocks() {
    let soffice = soffice();
    let mut missing = Vec::new();
    if soffice.is_none() {
        missing.push(
            "LibreOffice Writer (Debian's package libreoffice-writer-nogui): no /usr/bin/soffice or INSYN_SOFFICE"
                .to_string(),
        );
    }
    if !tiers::ready(Tier::Libreoffice, &missing) {
        return;
    }
    let soffice = soffice.unwrap();
    let text = read(&source());
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("delarsrapport-1-2024.html");
    std::fs::write(&html, to_html(&text)).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        tmp.path().join("lo-profile").display()
    );
    let out = Command::new(&soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(tmp.path())
        .arg(&html)
        .output()
        .unwrap();
    let docx = tmp.path().join("delarsrapport-1-2024.docx");
    assert!(
        docx.is_file(),
        "LibreOffice made no .docx:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let run = insyn(tmp.path(), &["new", "site", "webb"]);
    assert!(run.ok, "{}", run.stderr);
    let site = tmp.path().join("webb");
    let run = insyn(
        &site,
        &[
            "import",
            docx.to_str().unwrap(),
            "content/regionkontoret/2024-delarsrapport-1",
            "--organisation",
            "Regionkontoret",
            "--utgivare",
            "Region Västmanland",
        ],
    );
    assert!(run.ok, "import failed:\n{}{}", run.stdout, run.stderr);
    let check = insyn(&site, &["check", "--drafts"]);
    let problems: Vec<&str> = check.stderr.lines().filter(|l| l.contains(": fel: ")).collect();
    let in_source = figures_in_source(&text);
    let summary = run.stdout.clone();
    let in_blocks: usize = summary
        .split(" med ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    say(&format!(
        "\n==== {SOURCE} through LibreOffice and insyn import ====\n{summary}\
         Figures in the source's tables: {in_source}; in blocks: {in_blocks}.\n\
         insyn check --drafts after the import: {} problem(s){}\n{}\n",
        problems.len(),
        if problems.is_empty() {
            ""
        } else {
            " (what needs a hand edit):"
        },
        problems.join("\n")
    ));
    // Today's figures: a change that lands less fails here.
    let tables: usize = summary
        .split("Tabeller: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(tables >= 10, "tables found: {tables}\n{summary}");
    assert!(
        in_blocks * 10 >= in_source * 9,
        "figures in blocks: {in_blocks} of {in_source}\n{summary}"
    );
    assert!(problems.len() <= 3, "{}", check.stderr);
}
