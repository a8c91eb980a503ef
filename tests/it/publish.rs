//! What publishing relies on: theme assets named by their bytes (so a host may cache them for a
//! year), and a build that refuses to write a site with a broken internal link, wherever the
//! link comes from.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The hashed files at the top of an output folder, by their name without the hash:
/// `style.css` → `style.09350229.css`.
fn hashed_assets(out: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for e in std::fs::read_dir(out).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let parts: Vec<&str> = name.split('.').collect();
        if let [stem, hash, ext] = parts[..]
            && hash.len() == 8
            && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            found.insert(format!("{stem}.{ext}"), name.clone());
        }
    }
    found
}

#[test]
fn asset_names_change_only_when_their_bytes_do() {
    let (_tmp, site) = copy_fixture("report");
    assert!(insyn(&site, &["build", "--output", "a"]).ok);
    assert!(insyn(&site, &["build", "--output", "b"]).ok);
    let first = hashed_assets(&site.join("a"));
    assert_eq!(
        first.keys().map(String::as_str).collect::<Vec<_>>(),
        ["search.js", "sok-index.json", "style.css", "tabell.js"],
        "{first:?}"
    );
    assert_eq!(hashed_assets(&site.join("b")), first, "two builds, the same names");

    // The same theme as files in the site (themes/insyn/): same bytes, same names.
    let theme = site.join("themes/insyn");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/insyn"), &theme);
    assert!(insyn(&site, &["build", "--output", "c"]).ok);
    assert_eq!(
        hashed_assets(&site.join("c")),
        first,
        "the theme's bytes decide, not where they are"
    );

    // One rule more in the CSS: a new name for the CSS, and only for the CSS.
    let css = theme.join("static/style.css");
    let mut text = read(&css);
    text.push_str("\n.ny-regel { color: #000; }\n");
    std::fs::write(&css, text).unwrap();
    let run = insyn(&site, &["build", "--output", "d"]);
    assert!(run.ok, "{}", run.stderr);
    let changed = hashed_assets(&site.join("d"));
    assert_ne!(changed["style.css"], first["style.css"], "changed bytes, changed name");
    assert_eq!(changed["search.js"], first["search.js"]);
    assert_eq!(changed["sok-index.json"], first["sok-index.json"]);
    let home = read(&site.join("d/index.html"));
    assert!(
        home.contains(&format!("\"/insyn/{}\"", changed["style.css"])),
        "pages link the new name"
    );
    assert!(!home.contains(&first["style.css"]), "and not the old one");
}

#[test]
fn a_broken_link_from_a_template_stops_the_build_and_names_page_and_link() {
    let (_tmp, site) = copy_fixture("broken-link");
    let run = insyn(&site, &["build"]);
    assert!(!run.ok, "the build must fail");
    let mut lines = run.stderr.lines();
    assert_eq!(
        lines.next(),
        Some(
            "public/om/index.html: fel: länken \"/insyn/finns-inte/\" pekar på finns-inte/index.html, \
             som inte finns i utdatan"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.lines().last(),
        Some("1 fel hittades; ingenting skrevs."),
        "{}",
        run.stderr
    );
    assert!(!site.join("public").exists(), "nothing is written");
    // `check` finds it too, so CI can stop before publishing.
    let check = insyn(&site, &["check"]);
    assert!(!check.ok);
    assert!(
        check
            .stderr
            .contains("public/om/index.html: fel: länken \"/insyn/finns-inte/\"")
    );
}

#[test]
fn the_publishing_guide_and_its_files_agree() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let guide = read(&docs.join("publicera.md"));
    let files = [
        "nginx.conf",
        "apache.conf",
        "gitlab-ci.yml",
        "github-actions.yml",
        "s3-publicera.sh",
    ];
    for f in files {
        assert!(docs.join("publicera").join(f).is_file(), "docs/publicera/{f}");
        assert!(guide.contains(&format!("(publicera/{f})")), "the guide links {f}");
    }
    // The guide's rsync command is the one the CI examples run.
    let rsync = "rsync -rl --checksum --delay-updates --delete-after --chmod=D755,F644";
    assert!(guide.contains(rsync));
    for f in ["gitlab-ci.yml", "github-actions.yml"] {
        let text = read(&docs.join("publicera").join(f));
        let yaml: Result<serde_yaml::Value, _> = serde_yaml::from_str(&text);
        assert!(yaml.is_ok(), "{f} is YAML: {yaml:?}");
        assert!(text.contains("insyn build --compress\n"), "{f} builds for base_url");
        assert!(
            text.contains("insyn build --compress --base-url \"$TEST_URL\""),
            "{f} builds other branches for the test server"
        );
        assert!(text.contains(rsync), "{f} publishes as the guide says");
    }
    // The guide says on how many lines the sub-path has to be changed.
    let lines_with = |file: &str, path: &str| {
        read(&docs.join("publicera").join(file))
            .lines()
            .filter(|l| !l.trim_start().starts_with('#') && l.contains(path))
            .count()
    };
    assert_eq!(lines_with("nginx.conf", "/insyn/"), 3, "nginx.conf: “de tre rader”");
    assert_eq!(lines_with("apache.conf", "/insyn"), 4, "apache.conf: “de fyra rader”");
}
