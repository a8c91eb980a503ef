//! The flow runs one way: load → model → render → write. This test reads `src/` and fails
//! when a module imports a later stage, or the model imports a format (YAML, HTML, Tera,
//! Markdown, SVG). The few places where a stage takes another's plain data are listed below,
//! each with why; anything else is a mistake in the layering.

use std::path::{Path, PathBuf};

/// A folder below `src/`, what it must not name, and the allowed exceptions (file, line).
type Rule = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

const RULES: &[Rule] = &[
    (
        "model",
        &[
            "crate::load",
            "crate::render",
            "crate::write",
            "crate::pipeline",
            "crate::serve",
            "serde_yaml::",
            "tera::",
            "pulldown_cmark::",
            "plotters::",
        ],
        // The model is built from what the loader read: its documents and the files beside
        // them (plain data; the model never parses anything).
        &[
            ("mod.rs", "use crate::load::{PlainFile, Source, ThemeFiles};"),
            ("tree.rs", "use crate::load::Document;"),
            ("tree.rs", "use crate::load::front_matter::RawReportMeta;"),
        ],
    ),
    (
        "render",
        &[
            "crate::load",
            "crate::write",
            "crate::pipeline",
            "crate::serve",
            "serde_yaml::",
        ],
        // The theme's template files, as the loader read them.
        &[("templates.rs", "use crate::load::TemplateSource;")],
    ),
    (
        "write",
        &[
            "crate::pipeline",
            "crate::serve",
            "crate::load::blocks",
            "crate::load::yaml",
            "tera::",
            "pulldown_cmark::",
        ],
        &[],
    ),
    (
        "load",
        &[
            "crate::render",
            "crate::write",
            "crate::pipeline",
            "crate::serve",
            "tera::",
        ],
        &[],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The file's lines outside its `#[cfg(test)]` module (tests may use any stage).
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or("");
        out.push((i + 1, code));
    }
    out
}

#[test]
fn each_stage_imports_only_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut read = 0;
    for (folder, forbidden, allowed) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(folder), &mut files);
        assert!(!files.is_empty(), "src/{folder} has no files");
        for f in files {
            read += 1;
            let text = std::fs::read_to_string(&f).unwrap();
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            for (n, line) in code_lines(&text) {
                let exempt = allowed.iter().any(|(file, text)| *file == name && line.trim() == *text);
                if exempt {
                    continue;
                }
                for word in forbidden.iter() {
                    let hit = line.match_indices(word).any(|(at, _)| {
                        // A whole name: `tera::` but not `itera::`.
                        let before = line[..at].chars().last();
                        let after = line[at + word.len()..].chars().next();
                        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    });
                    if hit {
                        wrong.push(format!(
                            "{}:{n}: src/{folder} names {word}: {}",
                            f.strip_prefix(&src).unwrap().display(),
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(read > 40, "only {read} files read");
    assert!(wrong.is_empty(), "imports against the flow:\n{}", wrong.join("\n"));
}

#[test]
fn the_rule_catches_a_backward_import() {
    // The check itself: a made-up model line naming render is found.
    let text = "use crate::render::format;\n#[cfg(test)]\nmod tests { use crate::render; }\n";
    let lines = code_lines(text);
    assert_eq!(lines.len(), 1, "test modules are left out");
    assert!(lines[0].1.contains("crate::render"));
}
