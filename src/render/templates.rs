//! Tera: the theme's templates, Swedish filters, URL functions, and template errors turned
//! into diagnostics that name the template file and line.

use crate::diagnostics::{Diagnostic, Diagnostics, suggestion_hint};
use crate::load::TemplateSource;
use crate::model::Date;
use crate::model::number::parse_number;
use crate::model::values::Unit;
use crate::render::format;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::{ErrorKind, Kwargs, State, Tera, TeraResult, Value};

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &[
    "page.html",
    "section.html",
    "index.html",
    "404.html",
    "search.html",
    "tillganglighet.html",
];

pub struct Templates {
    pub tera: Tera,
    files: BTreeMap<String, PathBuf>,
}

impl Templates {
    pub fn new(
        sources: &[TemplateSource],
        base_path: &str,
        assets: BTreeMap<String, String>,
    ) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::new();
        register(&mut tera, base_path, assets);
        tera.autoescape_on([".html", ".htm", ".xml"]);
        let files = sources.iter().map(|t| (t.name.clone(), t.file.clone())).collect();
        let result = tera.add_raw_templates(sources.iter().map(|t| (t.name.as_str(), t.text.as_str())));
        let templates = Templates { tera, files };
        if let Err(e) = result {
            let mut diags = Diagnostics::new();
            match e.kind() {
                ErrorKind::Msg(m) if !templates.reports(m).is_empty() => {
                    templates.reports(m).into_iter().for_each(|d| diags.push(d))
                }
                _ => diags.push(templates.diagnostic(&e, None)),
            }
            return Err(diags);
        }
        let mut diags = Diagnostics::new();
        for name in REQUIRED {
            if !templates.has(name) {
                diags.push(
                    Diagnostic::new("themes", 0, format!("temat saknar mallen {name}"))
                        .hint("lägg till den i themes/<tema>/templates/ eller templates/"),
                );
            }
        }
        diags.into_result(templates)
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    pub fn names(&self) -> Vec<&str> {
        self.files
            .keys()
            .map(String::as_str)
            .filter(|n| !n.starts_with("blocks/") && !n.starts_with("partials/"))
            .collect()
    }

    /// A diagnostic for a missing template named in front matter.
    pub fn unknown(&self, name: &str, file: &std::path::Path) -> Diagnostic {
        Diagnostic::new(file, 0, format!("mallen \"{name}\" finns inte")).hint(suggestion_hint(
            name,
            &self.names(),
            "mallar",
        ))
    }

    pub fn render(&self, name: &str, ctx: &tera::Context, page_file: &std::path::Path) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| self.diagnostic(&e, Some(page_file)))
    }

    /// A whole file, as the bytes to write: the template's output is UTF-8 already, and a
    /// page is not read back as text (checking every byte of it again cost 2 % of a build).
    pub fn render_file(
        &self,
        name: &str,
        ctx: &tera::Context,
        page_file: &std::path::Path,
        size_hint: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(size_hint);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| self.diagnostic(&e, Some(page_file)))?;
        Ok(out)
    }

    /// Template errors name the template file and line, and the page being rendered.
    fn diagnostic(&self, e: &tera::Error, page: Option<&std::path::Path>) -> Diagnostic {
        let for_page = page
            .map(|p| format!(" (när {} renderades)", p.display()))
            .unwrap_or_default();
        match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                let file = self
                    .files
                    .get(r.filename())
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(r.filename()));
                let span = r.span();
                Diagnostic::new(file, span.start_line, format!("mallfel: {}{for_page}", r.message()))
                    .at(span.start_line, span.start_col + 1)
            }
            ErrorKind::TemplateNotFound(name) => Diagnostic::new(
                "themes",
                0,
                format!("mallen \"{name}\" finns inte{for_page}"),
            )
            .hint(suggestion_hint(name, &self.names(), "mallar")),
            ErrorKind::MissingParent { current, parent } => {
                let file = self
                    .files
                    .get(current)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(current));
                Diagnostic::new(file, 0, format!("mallen ärver från \"{parent}\", som inte finns"))
                    .hint(suggestion_hint(parent, &self.names(), "mallar"))
            }
            ErrorKind::Msg(m) => match self.reports(m).into_iter().next() {
                Some(d) => d,
                None => Diagnostic::new("themes", 0, format!("mallfel: {m}{for_page}")),
            },
            other => Diagnostic::new("themes", 0, format!("mallfel: {other}{for_page}")),
        }
    }

    /// Every problem of a message that holds Tera's reports (`error: …` then ` --> name:line:col`),
    /// each at its template file and line.
    fn reports(&self, message: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for report in message.split("\n\n") {
            let mut lines = report.lines();
            let Some(what) = lines.next().and_then(|l| l.trim().strip_prefix("error: ")) else {
                continue;
            };
            let Some(place) = lines.find_map(|l| l.trim().strip_prefix("--> ")) else {
                continue;
            };
            let mut parts = place.rsplitn(3, ':');
            let (col, line, name) = (parts.next(), parts.next(), parts.next());
            let (Some(name), Some(line), Some(col)) = (
                name,
                line.and_then(|l| l.parse().ok()),
                col.and_then(|c| c.parse().ok()),
            ) else {
                continue;
            };
            let file = self.files.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
            out.push(Diagnostic::new(file, line, format!("mallfel: {}", swedish(what))).at(line, col));
        }
        out
    }
}

/// Tera's most common messages about templates, said in Swedish.
fn swedish(message: &str) -> String {
    let ticked = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .map(|rest| rest.trim_matches('`').to_string())
    };
    if let Some(name) = ticked("Unknown filter ") {
        format!("okänt filter \"{name}\"")
    } else if let Some(name) = ticked("Unknown test ") {
        format!("okänt test \"{name}\"")
    } else if let Some(name) = ticked("Unknown function ") {
        format!("okänd funktion \"{name}\"")
    } else {
        message.to_string()
    }
}

fn decimal_arg(v: &Value) -> TeraResult<Decimal> {
    if let Some(s) = v.as_str() {
        return parse_number(s).map_err(|e| tera::Error::message(format!("{}: {}", e.message, e.hint)));
    }
    if let Some(i) = v.as_i64() {
        return Ok(Decimal::from(i));
    }
    Err(tera::Error::message(
        "talet måste ges som text (\"72,7\") eller heltal; flyttal kan inte visas exakt",
    ))
}

fn unit_arg(kwargs: &Kwargs) -> TeraResult<Option<Unit>> {
    match kwargs.get::<&str>("enhet")? {
        None => Ok(None),
        Some(u) => Unit::parse(u)
            .map(Some)
            .ok_or_else(|| tera::Error::message(format!("okänd enhet \"{u}\""))),
    }
}

fn register(tera: &mut Tera, base_path: &str, assets: BTreeMap<String, String>) {
    // {{ page.content | safe }}: Tera's own `safe` copies the text into a new value; a page's
    // content and each chart went through it (40 KB a page). A string is marked safe as it
    // is (a long one is shared, not copied); anything else is written out, as Tera's does.
    tera.register_filter("safe", |v: &Value, _: Kwargs, _: &State| -> Value {
        match v.as_str() {
            Some(_) => v.clone().mark_safe(),
            None => Value::safe_string(&v.to_string()),
        }
    });
    // {{ "72704" | tal }} → 72 704
    tera.register_filter("tal", |v: Value, _: Kwargs, _: &State| -> TeraResult<String> {
        Ok(format::number(decimal_arg(&v)?))
    });
    // {{ "-8.5" | belopp(enhet="mnkr") }} → −8,5 mnkr
    tera.register_filter("belopp", |v: Value, k: Kwargs, _: &State| -> TeraResult<String> {
        Ok(format::amount(decimal_arg(&v)?, unit_arg(&k)?))
    });
    // {{ "1.2" | skillnad(enhet="%") }} → +1,2 procentenheter
    tera.register_filter("skillnad", |v: Value, k: Kwargs, _: &State| -> TeraResult<String> {
        Ok(format::difference(decimal_arg(&v)?, unit_arg(&k)?))
    });
    // {{ "2024-03-15" | datum }} → 15 mars 2024
    tera.register_filter("datum", |v: &str, _: Kwargs, _: &State| -> TeraResult<String> {
        Date::parse(v)
            .map(format::date)
            .ok_or_else(|| tera::Error::message(format!("\"{v}\" är inget datum (ÅÅÅÅ-MM-DD)")))
    });
    // {{ url(path="/indikatorer/") }} → /insyn/indikatorer/
    let base = base_path.to_string();
    tera.register_function("url", move |k: Kwargs, _: &State| -> TeraResult<String> {
        let p: &str = k.must_get("path")?;
        Ok(format!("{base}{}", p.trim_start_matches('/')))
    });
    // {{ asset(path="style.css") }} → /insyn/style.3f9a1c2e.css
    tera.register_function("asset", move |k: Kwargs, _: &State| -> TeraResult<String> {
        let p: &str = k.must_get("path")?;
        assets
            .get(p.trim_start_matches('/'))
            .cloned()
            .ok_or_else(|| tera::Error::message(format!("tillgången \"{p}\" finns inte i temat eller static/")))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            file: PathBuf::from(format!("themes/x/templates/{name}")),
            text: text.into(),
        }
    }

    fn base() -> Vec<TemplateSource> {
        REQUIRED.iter().map(|n| t(n, "ok")).collect()
    }

    #[test]
    fn filters_format_exactly() {
        let mut s = base();
        s.push(t("f.html", "{{ \"-742214\" | tal }}|{{ \"9.92\" | belopp(enhet=\"%\") }}|{{ 3 | belopp(enhet=\"tkr\") }}|{{ \"2024-03-15\" | datum }}|{{ url(path=\"/a/\") }}"));
        let tpl = Templates::new(&s, "/insyn/", BTreeMap::new()).unwrap();
        let out = tpl
            .render("f.html", &tera::Context::new(), std::path::Path::new("x.md"))
            .unwrap();
        assert_eq!(
            out,
            "\u{2212}742\u{a0}214|9,92\u{a0}%|3\u{a0}tkr|15 mars 2024|/insyn/a/"
        );
    }

    #[test]
    fn safe_writes_what_teras_own_safe_writes() {
        let text = "{{ html | safe }}|{{ html }}|{{ n | safe }}|{{ list | safe }}|{% set x = html | safe %}{{ x | upper }}|{{ x ~ html }}";
        let mut ctx = tera::Context::new();
        ctx.insert("html", &format!("<b>{}</b>", "å".repeat(40)));
        ctx.insert("n", &3);
        ctx.insert("list", &["<a>"]);
        let mut s = base();
        s.push(t("f.html", text));
        let ours = Templates::new(&s, "/", BTreeMap::new())
            .unwrap()
            .render("f.html", &ctx, std::path::Path::new("x.md"))
            .unwrap();
        let mut own = Tera::default();
        own.autoescape_on(vec![".html"]);
        own.add_raw_template("f.html", text).unwrap();
        assert_eq!(ours, own.render("f.html", &ctx).unwrap());
        assert!(ours.starts_with("<b>å"), "{ours}");
    }

    #[test]
    fn floats_are_refused() {
        let mut s = base();
        s.push(t("f.html", "{{ 9.92 | tal }}"));
        let tpl = Templates::new(&s, "/", BTreeMap::new()).unwrap();
        let d = tpl
            .render("f.html", &tera::Context::new(), std::path::Path::new("x.md"))
            .unwrap_err();
        assert!(d.message.contains("flyttal"), "{}", d.message);
    }

    #[test]
    fn syntax_errors_name_template_file_and_line() {
        let mut s = base();
        s.push(t("bad.html", "<p>\n{% if %}\n"));
        let d = Templates::new(&s, "/", BTreeMap::new())
            .err()
            .unwrap()
            .sorted()
            .remove(0);
        assert_eq!(d.file, PathBuf::from("themes/x/templates/bad.html"));
        assert_eq!(d.line, 2);
        assert!(d.message.starts_with("mallfel: "), "{}", d.message);
    }
}
