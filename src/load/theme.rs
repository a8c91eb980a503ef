//! Templates and theme files: the site's own `templates/` over `themes/<name>/`, and the
//! default theme `insyn` built into the binary for sites that do not carry a copy of it.

use crate::diagnostics::{Diagnostic, Diagnostics, display_path, suggestion_hint};
use std::path::{Path, PathBuf};

/// One template: its name as templates refer to it (`blocks/tabell.html`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    pub name: String,
    /// Where it came from, for error messages (`themes/insyn/templates/base.html`).
    pub file: PathBuf,
    pub text: String,
}

/// A static file of the theme, as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeStatic {
    pub rel: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFiles {
    pub templates: Vec<TemplateSource>,
    pub static_files: Vec<ThemeStatic>,
}

macro_rules! embedded {
    ($kind:ident: $($path:literal),* $(,)?) => {
        &[$(($path, $kind!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/insyn/", $path)))),*]
    };
}

const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(include_str:
    "templates/base.html",
    "templates/index.html",
    "templates/section.html",
    "templates/report.html",
    "templates/page.html",
    "templates/indicator.html",
    "templates/indicators.html",
    "templates/404.html",
    "templates/search.html",
    "templates/tillganglighet.html",
    "templates/begrepp.html",
    "templates/reports.html",
    "templates/comparison.html",
    "templates/partials/report_nav.html",
    "templates/blocks/nyckeltal.html",
    "templates/blocks/indikatorer.html",
    "templates/blocks/uppdrag.html",
    "templates/blocks/tabell.html",
);

const DEFAULT_STATIC: &[(&str, &[u8])] = embedded!(include_bytes:
    "static/style.css",
    "static/search.js",
    "static/tabell.js",
);

pub const DEFAULT_THEME: &str = "insyn";

impl ThemeFiles {
    /// The theme's files with the site's own `templates/` laid over them.
    pub fn load(root: &Path, theme: &str) -> Result<ThemeFiles, Diagnostics> {
        let mut diags = Diagnostics::new();
        let theme_dir = root.join("themes").join(theme);
        let mut files = if theme_dir.is_dir() {
            ThemeFiles {
                templates: read_templates(root, &theme_dir.join("templates"), &mut diags),
                static_files: read_static(root, &theme_dir.join("static"), &mut diags),
            }
        } else if theme == DEFAULT_THEME {
            Self::embedded()
        } else {
            let mut known: Vec<String> = std::fs::read_dir(root.join("themes"))
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            known.push(DEFAULT_THEME.to_string());
            known.sort();
            known.dedup();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            diags.push(
                Diagnostic::new(
                    crate::config::CONFIG_FILE,
                    0,
                    format!("temat \"{theme}\" finns inte (ingen mapp themes/{theme}/)"),
                )
                .hint(suggestion_hint(theme, &known, "teman")),
            );
            return Err(diags);
        };
        for own in read_templates(root, &root.join("templates"), &mut diags) {
            match files.templates.iter_mut().find(|t| t.name == own.name) {
                Some(t) => *t = own,
                None => files.templates.push(own),
            }
        }
        files.templates.sort_by(|a, b| a.name.cmp(&b.name));
        diags.into_result(files)
    }

    /// The built-in default theme.
    pub fn embedded() -> ThemeFiles {
        ThemeFiles {
            templates: DEFAULT_TEMPLATES
                .iter()
                .map(|(path, text)| TemplateSource {
                    name: path.trim_start_matches("templates/").to_string(),
                    file: PathBuf::from(format!("themes/insyn/{path} (inbyggd)")),
                    text: text.to_string(),
                })
                .collect(),
            static_files: DEFAULT_STATIC
                .iter()
                .map(|(path, bytes)| ThemeStatic {
                    rel: path.trim_start_matches("static/").to_string(),
                    bytes: bytes.to_vec(),
                })
                .collect(),
        }
    }
}

fn read_templates(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<TemplateSource> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let mut problems = Vec::new();
    super::files::walk(root, dir, diags, |f| {
        if !(f.rel.ends_with(".html") || f.rel.ends_with(".xml") || f.rel.ends_with(".txt")) {
            return;
        }
        let shown = display_path(root, &f.abs);
        match super::read_text(&f, &shown) {
            Ok(text) => out.push(TemplateSource {
                name: f.rel,
                file: shown,
                text,
            }),
            Err(d) => problems.push(d),
        }
    });
    problems.into_iter().for_each(|d| diags.push(d));
    out
}

fn read_static(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<ThemeStatic> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let mut problems = Vec::new();
    super::files::walk(root, dir, diags, |f| match super::files::read_found(&f.abs, &f.stamp) {
        Ok(bytes) => out.push(ThemeStatic { rel: f.rel, bytes }),
        Err(e) => problems.push(Diagnostic::new(
            display_path(root, &f.abs),
            0,
            format!("kan inte läsas: {e}"),
        )),
    });
    problems.into_iter().for_each(|d| diags.push(d));
    out
}
