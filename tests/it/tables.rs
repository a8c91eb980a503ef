//! Tables as wide and as deep as real reports have them (`tests/fixtures/tables/`): a page with
//! a table wider than the text column gives it the window's width; nested rows are tied to
//! their own group headings only (one `<tbody>` per top-level group, `headers` for the levels
//! within); two-level column headings use `scope="colgroup"`; the caption and the cue that
//! says how many columns are out of view sit outside the box that scrolls. The browser side
//! (what a reader sees at 1280 and 320 px and on paper) is in `browser.rs`.

use crate::common::{copy_fixture, insyn, read};

fn built() -> (tempfile::TempDir, String) {
    let (tmp, dir) = copy_fixture("tables");
    let run = insyn(&dir, &["build"]);
    assert!(run.ok, "{}{}", run.stdout, run.stderr);
    let html = read(&dir.join("public/namnden/2023-arsredovisning/ekonomi/index.html"));
    (tmp, html)
}

/// The HTML of one table block, from its `<section>` to its end.
fn block<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"block-{id}\""))
        .unwrap_or_else(|| panic!("no block {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn a_wide_table_gets_the_window_and_a_cue_outside_its_box() {
    let (_tmp, html) = built();
    assert!(
        html.contains("class=\"wrap layout with-aside wide\""),
        "the page with a nine-column table lays out for it"
    );
    let wide = block(&html, "nettokostnad");
    assert!(html.contains("class=\"block table nested wide\" id=\"block-nettokostnad\""));
    assert_eq!(wide.matches("<th id=\"block-nettokostnad-h0-").count(), 10, "{wide}");
    // Caption and cue come before the box that scrolls, the box points at the cue.
    let caption = wide.find("class=\"table-caption\"").unwrap();
    let cue = wide.find("class=\"scroll-cue\" id=\"block-nettokostnad-cue\"").unwrap();
    let scroll = wide.find("class=\"table-scroll\"").unwrap();
    assert!(caption < cue && cue < scroll, "{wide}");
    assert!(wide.contains("data-cue=\"block-nettokostnad-cue\""));
    assert!(
        html.contains("<script src=\"/insyn/tabell."),
        "the cue's script is loaded"
    );
    let narrow = block(&html, "balansrakning");
    assert!(!narrow.contains(" wide\""), "a six-column table fits the text column");
}

#[test]
fn nested_rows_belong_to_their_own_groups_only() {
    let (_tmp, html) = built();
    let b = block(&html, "balansrakning");
    // One body per top-level group.
    assert_eq!(b.matches("<tbody>").count(), 2, "{b}");
    // Two levels of column headings.
    assert!(b.contains("scope=\"colgroup\" colspan=\"2\">Kommunen</th>"), "{b}");
    // A top-level group heads its body; a group within it heads its rows through `headers`.
    assert!(
        b.contains("<th id=\"block-balansrakning-r1\" scope=\"rowgroup\" colspan=\"6\">TILLGÅNGAR</th>"),
        "{b}"
    );
    assert!(
        b.contains("<th id=\"block-balansrakning-r2\" headers=\"block-balansrakning-r1\" scope=\"row\" colspan=\"6\">Anläggningstillgångar</th>"),
        "{b}"
    );
    // A figure under Anläggningstillgångar is named by its column (Kommunen, 2022), its row
    // and its two groups, and not by Omsättningstillgångar (r6), which shares the body.
    let cell = "<td headers=\"block-balansrakning-h0-2 block-balansrakning-h1-0 block-balansrakning-r3 block-balansrakning-r1 block-balansrakning-r2\">8</td>";
    assert!(b.contains(cell), "{b}");
    let kassa = b.find(">Kassa och bank</th>").unwrap();
    let row = &b[kassa..kassa + b[kassa..].find("</tr>").unwrap()];
    assert!(
        row.contains("block-balansrakning-r6\"") || row.contains("block-balansrakning-r6 "),
        "{row}"
    );
    assert!(
        !row.contains("-r2"),
        "Kassa och bank is not under Anläggningstillgångar: {row}"
    );
    // Sum rows and varav rows are marked, and indented by depth.
    assert!(b.contains("<tr class=\"total depth-1\">"), "{b}");
    assert!(b.contains("<tr class=\"varav depth-2\">"), "{b}");
    // Nine figure columns, nested: groups with their sums, the grand total in its own body.
    let w = block(&html, "nettokostnad");
    assert_eq!(w.matches("<tbody>").count(), 3, "{w}");
    assert!(w.contains(">Summa hälso- och sjukvård</th>"), "{w}");
}
