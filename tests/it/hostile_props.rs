//! Property tests: hostile and broken input — front matter, every block type, Markdown,
//! `site.toml`, templates and whole sites — never panics, never hangs, and every problem
//! points inside the file it names (line 1..=lines of that file, or 0 for the whole file).
//!
//! Generated inputs per property: `INSYN_PROPTEST_CASES` (default: a fast slice for CI).
//! The long run, outside CI:
//!
//! ```text
//! INSYN_PROPTEST_CASES=100000 cargo test --release --test it hostile_props:: -- --nocapture
//! ```
//!
//! Each property prints how many inputs it generated and how long it took. A case that runs
//! longer than `INSYN_PROPTEST_HANG_SECS` (default 60) stops the run and prints its input.

use insyn::config::SiteConfig;
use insyn::diagnostics::Diagnostic;
use insyn::load::blocks::find_blocks;
use insyn::load::{TemplateSource, ThemeFiles, decode_text, front_matter};
use insyn::render::markdown::{self, LinkTargets};
use insyn::render::templates::{REQUIRED, Templates};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

// ---- running, counting, watching for hangs ------------------------------------------------

/// Inputs per property in CI: enough to exercise every generator, fast in a debug build.
const CI_CASES: u32 = 500;

fn base_cases() -> u32 {
    std::env::var("INSYN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CI_CASES)
}

type Running = Mutex<HashMap<ThreadId, (Instant, String)>>;

/// The cases running now, by thread; a watchdog aborts the run when one never ends.
fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        let limit = std::env::var("INSYN_PROPTEST_HANG_SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60u64);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(250));
                let map = running().lock().unwrap_or_else(|e| e.into_inner());
                if let Some((_, (_, input))) = map.iter().find(|(_, (t, _))| t.elapsed().as_secs() >= limit) {
                    eprintln!("a case ran longer than {limit} s (a hang?); its input:\n{input}");
                    std::process::abort();
                }
            }
        });
        Mutex::new(HashMap::new())
    })
}

struct Watched;

impl Drop for Watched {
    fn drop(&mut self) {
        running()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&std::thread::current().id());
    }
}

fn watch(input: String) -> Watched {
    running()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(std::thread::current().id(), (Instant::now(), input));
    Watched
}

/// How many inputs a property with this divisor generates.
fn cases(divisor: u32) -> u32 {
    (base_cases() / divisor).max(8)
}

/// Run one property over `base_cases() / divisor` generated inputs and print the count.
fn run<S>(name: &str, divisor: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let cases = cases(divisor);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 4096,
        max_global_rejects: cases * 4,
        ..Config::default()
    });
    let slowest = AtomicU64::new(0);
    let start = Instant::now();
    let result = runner.run(&strategy, |v| {
        let _w = watch(format!("{v:?}"));
        let t = Instant::now();
        let r = test(v);
        slowest.fetch_max(t.elapsed().as_micros() as u64, Ordering::Relaxed);
        r
    });
    eprintln!(
        "hostile_props {name}: {cases} genererade indata på {:.1} s (långsammast {:.1} ms)",
        start.elapsed().as_secs_f64(),
        slowest.load(Ordering::Relaxed) as f64 / 1000.0
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// A property whose main check applies to some inputs only (those that build, those without
/// problems) must have applied it: print how often, and fail when a run of a useful size
/// (50 inputs or more) never got there, so that a generator that drifts to only broken input
/// cannot leave the check untested.
fn exercised(name: &str, divisor: u32, what: &str, count: &AtomicU64) {
    let cases = (base_cases() / divisor).max(8);
    let n = count.load(Ordering::Relaxed);
    eprintln!("hostile_props {name}: {n} av {cases} {what}");
    assert!(
        n > 0 || cases < 50,
        "hostile_props {name}: none of the {cases} generated inputs reached the check ({what})"
    );
}

// ---- the invariant: problems point inside the file they name ------------------------------

/// Files as the editor sees them: decoded text (CRLF and lone CR as one line break).
struct Files(HashMap<PathBuf, String>);

impl Files {
    fn one(name: &str, text: &str) -> Files {
        let mut m = HashMap::new();
        m.insert(PathBuf::from(name), norm(text));
        Files(m)
    }
}

fn norm(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    t.replace("\r\n", "\n").replace('\r', "\n")
}

fn located(diags: &[Diagnostic], files: &Files) -> Result<(), TestCaseError> {
    for d in diags {
        prop_assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        if d.line == 0 {
            continue;
        }
        let Some(text) = files.0.get(&d.file) else {
            return Err(TestCaseError::fail(format!(
                "a line in a file the test does not know: {d}"
            )));
        };
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert!(
            d.line <= lines.len(),
            "line {} of a file with {} lines: {d}",
            d.line,
            lines.len()
        );
        if d.column > 0 {
            let width = lines[d.line - 1].chars().count() + 1;
            prop_assert!(d.column <= width, "column {} of a line {width} wide: {d}", d.column);
        }
    }
    Ok(())
}

// ---- generators ---------------------------------------------------------------------------
//
// Every generator has two moods. Wild (`wild = true`): anything, often broken — bad YAML,
// bad numbers, damaged lines and bytes. Calm: well-formed input whose texts still carry the
// hostile strings (quoted, so that the YAML stays valid), so that cases pass the checks and
// reach rendering, charts, downloads and feeds, where escaping matters.

fn pick(xs: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(xs).prop_map(String::from).boxed()
}

/// Half the cases calm, half wild.
fn either<T: Debug + 'static>(f: impl Fn(bool) -> BoxedStrategy<T>) -> BoxedStrategy<T> {
    prop_oneof![f(false), f(true)].boxed()
}

/// What editors paste and what must stay text: markup, template syntax, CDATA ends, formulas,
/// quotes, odd Unicode. Valid in a quoted YAML string.
const ESCAPES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"",
    "'",
    "]]>",
    "<![CDATA[x]]>",
    "{{ page.title }}",
    "{{",
    "}}",
    "{% raw %}",
    "{% if %}",
    "{# x",
    "=SUM(A1:A9)",
    "=1+1",
    "+46 35",
    "-x",
    "@cmd",
    "&amp;",
    "&",
    "&#0;",
    "\u{202e}",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "\u{fffd}",
    "€",
    "åäö",
    "🙂",
    "e\u{301}",
    "javascript:alert(1)",
    "<!--",
    "-->",
    "</title>",
    "</desc><script>",
    "\\",
    "%",
    "Drift,=1+1",
    "\u{200e}=1+1",
    "\u{202e}=1+1",
    "\u{2061}=1+1",
    "\u{ad}=1+1",
];

/// Besides [`ESCAPES`]: YAML and Markdown syntax, paths, controls, long runs.
const BREAKERS: &[&str] = &[
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\t",
    ": ",
    " #",
    "#",
    "|",
    "||",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "*",
    "&a",
    "*a",
    "!!binary",
    "!!python/object",
    "? ",
    "%YAML 1.2",
    "../",
    "..",
    "/etc/passwd",
    "C:\\Windows",
    "\\\\server\\x",
    "CON",
    "nul.txt",
    "\r",
    "\r\n",
    "\n",
    "---",
    "...",
    "```",
    "~~~",
    "%zz",
    "%2e%2e/",
    "\u{10ffff}",
    "0",
    "-0",
    "NaN",
    "1e400",
    "yes",
    "null",
    "~",
];

fn hostile() -> BoxedStrategy<String> {
    prop_oneof![
        4 => pick(ESCAPES),
        4 => pick(BREAKERS),
        2 => "\\PC{0,8}",
        1 => "[a-zå]{250,300}",
    ]
    .boxed()
}

/// A text an editor could type, now and then with something hostile in it.
fn text(wild: bool) -> BoxedStrategy<String> {
    let odd = if wild { hostile() } else { pick(ESCAPES) };
    prop::collection::vec(
        prop_oneof![4 => "[A-Za-zÅÄÖåäö0-9][A-Za-zÅÄÖåäö0-9 ,.()–]{0,20}", 1 => odd],
        1..4,
    )
    .prop_map(|v| v.concat())
    .boxed()
}

/// `s` as a double-quoted YAML string: every character kept, controls escaped.
fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML scalar for `s`: calm, always quoted; wild, plain, double- or single-quoted.
fn yaml_scalar(s: BoxedStrategy<String>, wild: bool) -> BoxedStrategy<String> {
    if !wild {
        return s.prop_map(|s| yaml_quote(&s)).boxed();
    }
    (s, 0..4u8)
        .prop_map(|(s, style)| match style {
            0 => format!(
                "\"{}\"",
                s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
            ),
            1 => format!("'{}'", s.replace('\'', "''").replace('\n', " ")),
            _ => s,
        })
        .boxed()
}

fn quoted_text(wild: bool) -> BoxedStrategy<String> {
    yaml_scalar(text(wild), wild)
}

const NUMBER_ODDITIES: &[&str] = &[
    "1e400",
    "1E5",
    "NaN",
    ".nan",
    ".inf",
    "-.inf",
    "inf",
    "-0",
    "-0,0",
    "+0",
    "0,0000000001",
    "0,00000000001",
    "0,0000000000000000000000000001",
    "0,00000000000000000000000000001",
    "999 999 999 999 999,999 999 999 9",
    "-999999999999999",
    "1 000 000 000 000 000",
    "79228162514264337593543950335",
    "79 228 162 514 264 337 593 543 950 335",
    "-79228162514264337593543950335",
    "99999999999999999999999999999",
    "7922816251426433759354395033,5",
    "0x1F",
    "1_000",
    "١٢٣",
    "1\u{a0}000",
    "1\u{202f}000,5",
    "−8,5",
    "–8,5",
    "—8,5",
    "+",
    "-",
    "..",
    ".",
    ",5",
    "5,",
    "1.234,5",
    "1 2345",
    "9,92%",
    "12 kr",
    "",
    " ",
    "~",
    "null",
    "true",
    "[1]",
    "{a: 1}",
];

/// A number as an editor writes it, exactly representable, with its value: up to the
/// largest that may be written (15 digits before the decimal separator, 10 after).
fn exact_number() -> BoxedStrategy<(Decimal, String)> {
    (
        any::<bool>(),
        prop_oneof![4 => 0u64..1_000_000, 1 => 0u64..1_000_000_000_000_000],
        prop_oneof![4 => 0usize..=4, 1 => 0usize..=10],
        0u64..10_000_000_000,
        0u8..4,
    )
        .prop_map(|(neg, int, scale, frac, style)| {
            let canonical = if scale == 0 {
                int.to_string()
            } else {
                format!("{int}.{}", &format!("{frac:010}")[..scale])
            };
            let mut d = Decimal::from_str_exact(&canonical).expect("within the bounds");
            if neg {
                d.set_sign_negative(!d.is_zero());
            }
            let plain = d.to_string();
            let text = match style {
                0 => plain.replace('.', ","),
                1 => plain,
                2 => insyn::render::format::number(d),
                _ => plain.replace('-', "\u{2013}").replace('.', ","),
            };
            (d, text)
        })
        .boxed()
}

fn number_text(wild: bool) -> BoxedStrategy<String> {
    if !wild {
        return exact_number().prop_map(|(_, t)| t).boxed();
    }
    prop_oneof![
        6 => exact_number().prop_map(|(_, t)| t),
        2 => pick(NUMBER_ODDITIES),
        1 => "[-+−–0-9 ,.eE\u{a0}]{0,14}",
        1 => "[1-9][0-9]{14,40}",
        1 => "0,0{8,30}[1-9]",
    ]
    .boxed()
}

fn quoted_number(wild: bool) -> BoxedStrategy<String> {
    yaml_scalar(number_text(wild), wild)
}

fn unit(wild: bool) -> BoxedStrategy<String> {
    let valid = pick(&[
        "mnkr", "tkr", "kr", "mdkr", "\"%\"", "procent", "antal", "st", "dagar", "index", "km", "kWh", "ton CO2e",
    ]);
    if !wild {
        return valid;
    }
    prop_oneof![6 => valid, 1 => text(true)].boxed()
}

fn id(wild: bool) -> BoxedStrategy<String> {
    if !wild {
        return "[a-z][a-z0-9-]{2,12}".boxed();
    }
    prop_oneof![
        6 => "[a-z][a-z0-9-]{0,12}",
        1 => pick(&["con", "nul", "lpt1", "aux", "..", "../x", "/etc", "-x", "Stora", "a b", "å", "x/y", ""]),
        1 => "[a-z]{81,300}",
        1 => text(true),
    ]
    .boxed()
}

fn status(wild: bool) -> BoxedStrategy<String> {
    let valid = pick(&[
        "uppfyllt",
        "delvis uppfyllt",
        "ej uppfyllt",
        "pågår",
        "ej påbörjat",
        "avbrutet",
        "uppfylls delvis",
    ]);
    if !wild {
        return valid;
    }
    prop_oneof![4 => valid, 1 => text(true)].boxed()
}

/// `valid` calm; wild, now and then something else.
fn or_wild(valid: BoxedStrategy<String>, wild: bool) -> BoxedStrategy<String> {
    if wild {
        prop_oneof![3 => valid, 1 => text(true)].boxed()
    } else {
        valid
    }
}

/// An optional `key: value` line at `indent`.
fn opt_line(indent: &'static str, key: &'static str, value: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop::option::weighted(0.5, value)
        .prop_map(move |v| v.map(|v| format!("{indent}{key}: {v}\n")).unwrap_or_default())
        .boxed()
}

fn concat(parts: Vec<BoxedStrategy<String>>) -> BoxedStrategy<String> {
    parts.prop_map(|v| v.concat()).boxed()
}

fn key_figures_yaml(w: bool) -> BoxedStrategy<String> {
    let item = concat(vec![
        quoted_text(w).prop_map(|t| format!("  - namn: {t}\n")).boxed(),
        quoted_number(w).prop_map(|t| format!("    värde: {t}\n")).boxed(),
        opt_line("    ", "enhet", unit(w)),
        opt_line("    ", "period", quoted_text(w)),
        prop::option::weighted(0.3, (quoted_number(w), quoted_text(w)))
            .prop_map(|o| {
                o.map(|(v, p)| format!("    jämförelse:\n      värde: {v}\n      period: {p}\n"))
                    .unwrap_or_default()
            })
            .boxed(),
        opt_line("    ", "text", quoted_text(w)),
    ]);
    concat(vec![
        opt_line("", "id", id(w)),
        opt_line("", "titel", quoted_text(w)),
        opt_line("", "period", quoted_text(w)),
        prop::collection::vec(item, 0..5)
            .prop_map(|v| format!("poster:\n{}", v.concat()))
            .boxed(),
    ])
}

fn indicators_yaml(w: bool) -> BoxedStrategy<String> {
    let earlier = concat(vec![
        or_wild("\"20[01][0-9]\"".boxed(), w)
            .prop_map(|t| format!("      - period: {t}\n"))
            .boxed(),
        quoted_number(w).prop_map(|t| format!("        utfall: {t}\n")).boxed(),
        opt_line("        ", "mål", quoted_number(w)),
    ]);
    let item = concat(vec![
        prop::option::weighted(0.7, id(w))
            .prop_map(|o| o.map(|i| format!("  - id: {i}\n    ")).unwrap_or("  - ".into()))
            .boxed(),
        quoted_text(w).prop_map(|t| format!("namn: {t}\n")).boxed(),
        opt_line("    ", "enhet", unit(w)),
        opt_line("    ", "utfall", quoted_number(w)),
        opt_line("    ", "mål", quoted_number(w)),
        opt_line("    ", "riktning", or_wild(pick(&["lägre", "högre", "upp", "ned"]), w)),
        opt_line("    ", "status", status(w)),
        opt_line("    ", "period", or_wild("\"202[0-9]\"".boxed(), w)),
        opt_line("    ", "kolada", or_wild("[A-Z][0-9]{5}".boxed(), w)),
        prop::collection::vec(earlier, 0..3)
            .prop_map(|v| {
                if v.is_empty() {
                    String::new()
                } else {
                    format!("    tidigare:\n{}", v.concat())
                }
            })
            .boxed(),
        opt_line("    ", "grupp", quoted_text(w)),
        opt_line("    ", "beskrivning", quoted_text(w)),
        opt_line("    ", "kommentar", quoted_text(w)),
    ]);
    concat(vec![
        opt_line("", "id", id(w)),
        opt_line("", "titel", quoted_text(w)),
        opt_line("", "period", or_wild("\"202[0-9]\"".boxed(), w)),
        prop::collection::vec(item, 0..5)
            .prop_map(|v| format!("indikatorer:\n{}", v.concat()))
            .boxed(),
    ])
}

fn assignments_yaml(w: bool) -> BoxedStrategy<String> {
    let item = concat(vec![
        id(w).prop_map(|i| format!("  - id: {i}\n")).boxed(),
        quoted_text(w).prop_map(|t| format!("    titel: {t}\n")).boxed(),
        opt_line("    ", "status", status(w)),
        opt_line("    ", "ansvarig", quoted_text(w)),
        opt_line("    ", "tidsplan", quoted_text(w)),
        opt_line("    ", "text", quoted_text(w)),
        opt_line("    ", "kommentar", quoted_text(w)),
    ]);
    concat(vec![
        opt_line("", "id", id(w)),
        opt_line("", "titel", quoted_text(w)),
        prop::collection::vec(item, 0..5)
            .prop_map(|v| format!("uppdrag:\n{}", v.concat()))
            .boxed(),
    ])
}

/// A label for a pipe row: no `|` (that would make another cell).
fn label(w: bool) -> BoxedStrategy<String> {
    text(w).prop_map(|t| t.replace(['|', '\n', '\r'], " ")).boxed()
}

/// A pipe row as a list item: calm, quoted; wild, as it comes.
fn pipe_row(row: &str, wild: bool) -> String {
    if wild {
        format!("  - {row}\n")
    } else {
        format!("  - {}\n", yaml_quote(row))
    }
}

fn fmt_dec(d: Decimal) -> String {
    d.to_string().replace('.', ",")
}

/// Rows of a financial table: calm, consistent (the deviation and the total add up); wild,
/// anything.
fn financial_yaml(w: bool) -> BoxedStrategy<String> {
    let row = (
        label(w),
        exact_number(),
        exact_number(),
        0u8..6,
        number_text(w),
        text(w),
    );
    let headings = if w {
        prop::collection::vec(quoted_text(true), 0..6).boxed()
    } else {
        prop::collection::vec(quoted_text(false), 4).boxed()
    };
    (
        opt_line("", "id", id(w)),
        quoted_text(w),
        unit(w),
        or_wild(
            pick(&[
                "utfall − budget",
                "budget − utfall",
                "utfall - budget",
                "budget minus utfall",
            ]),
            w,
        ),
        prop::option::weighted(0.3, headings),
        prop::collection::vec(row, if w { 0..6 } else { 1..6 }),
        if w { 0u8..4 } else { 0u8..2 },
        opt_line("", "diagram", or_wild(pick(&["true", "false"]), w)),
        opt_line("", "not", quoted_text(w)),
    )
        .prop_map(move |(id, title, unit, conv, headings, rows, total, diagram, note)| {
            let mut s = format!("{id}titel: {title}\nenhet: {unit}\navvikelse: {conv}\n");
            if let Some(h) = headings {
                s.push_str(&format!("rubriker: [{}]\n", h.join(", ")));
            }
            s.push_str("rader:\n");
            let deviation = |o: Decimal, b: Decimal| if conv.starts_with("budget") { b - o } else { o - b };
            let (mut so, mut sb) = (Decimal::ZERO, Decimal::ZERO);
            for (l, (o, ot), (b, bt), style, odd, note) in &rows {
                let dev = fmt_dec(deviation(*o, *b));
                s.push_str(&match (style, w) {
                    (0, _) => pipe_row(&format!("{l} | {ot} | {bt}"), w),
                    (1, true) => pipe_row(&format!("{l} | {odd} | {bt} | {dev}"), w),
                    (2, _) => format!(
                        "  - post: {}\n    utfall: {}\n    budget: {}\n    avvikelse: {}\n",
                        yaml_quote(l),
                        yaml_quote(ot),
                        yaml_quote(bt),
                        yaml_quote(&dev)
                    ),
                    (3, true) => format!(
                        "  - {{rad: {}, källfel: {}}}\n",
                        yaml_quote(&format!("{l} | {ot} | {bt} | {odd}")),
                        yaml_quote(note)
                    ),
                    _ => pipe_row(&format!("{l} | {ot} | {bt} | {dev}"), w),
                });
                so += *o;
                sb += *b;
            }
            match total {
                0 => {}
                1 => s.push_str(&format!(
                    "summa: \"Summa | {} | {} | {}\"\n",
                    fmt_dec(so),
                    fmt_dec(sb),
                    fmt_dec(deviation(so, sb))
                )),
                2 => s.push_str(&format!(
                    "summa: Summa | {} | {}\n",
                    fmt_dec(so),
                    fmt_dec(sb + Decimal::ONE)
                )),
                _ => s.push_str(&format!(
                    "summa: {{rad: \"Summa | {} | {} | 0\", källfel: Tryckfel}}\n",
                    fmt_dec(so),
                    fmt_dec(sb)
                )),
            }
            s.push_str(&diagram);
            s.push_str(&note);
            s
        })
        .boxed()
}

fn cell(w: bool) -> BoxedStrategy<(Option<Decimal>, String)> {
    let missing = pick(&["..", ".", "-", "–", "…"]).prop_map(|t| (None, t));
    if !w {
        return prop_oneof![6 => exact_number().prop_map(|(d, t)| (Some(d), t)), 1 => missing].boxed();
    }
    prop_oneof![
        6 => exact_number().prop_map(|(d, t)| (Some(d), t)),
        2 => missing,
        1 => number_text(true).prop_map(|t| (None, t)),
    ]
    .boxed()
}

fn table_yaml(w: bool) -> BoxedStrategy<String> {
    let column = prop_oneof![
        4 => quoted_text(w),
        1 => (quoted_text(w), unit(w)).prop_map(|(h, u)| format!("{{rubrik: {h}, enhet: {u}}}")),
        1 => "[0-9]{4}".prop_map(|y| format!("\"{y}\"")),
    ]
    .boxed();
    let width = if w { 0usize..6 } else { 1usize..6 };
    let shape = width.prop_flat_map(move |n| {
        let columns = if w {
            prop::collection::vec(column.clone(), 0..7).boxed()
        } else {
            prop::collection::vec(column.clone(), n + 1).boxed()
        };
        let cells = if w {
            prop::collection::vec(cell(true), 0..7).boxed()
        } else {
            prop::collection::vec(cell(false), n).boxed()
        };
        let styles = if w { 0u8..5 } else { 0u8..4 };
        (columns, prop::collection::vec((label(w), cells, styles, text(w)), 1..6))
    });
    (
        opt_line("", "id", id(w)),
        quoted_text(w),
        opt_line("", "enhet", unit(w)),
        opt_line("", "period", quoted_text(w)),
        shape,
        any::<bool>(),
        opt_line("", "diagram", or_wild(pick(&["linje", "stapel", "staplar"]), w)),
        opt_line("", "not", quoted_text(w)),
    )
        .prop_map(move |(id, title, unit, period, (cols, rows), total, diagram, note)| {
            let mut s = format!(
                "{id}titel: {title}\n{unit}{period}kolumner: [{}]\nrader:\n",
                cols.join(", ")
            );
            let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
            let mut sums = vec![Some(Decimal::ZERO); width];
            for (l, cells, style, note) in &rows {
                let joined = cells.iter().map(|c| c.1.as_str()).collect::<Vec<_>>().join(" | ");
                match style {
                    0 => s.push_str(&format!("  - grupp: {}\n", yaml_quote(l))),
                    4 => s.push_str(&format!(
                        "  - {{rad: {}, källfel: {}}}\n",
                        yaml_quote(&format!("{l} | {joined}")),
                        yaml_quote(note)
                    )),
                    _ => {
                        s.push_str(&pipe_row(&format!("{l} | {joined}"), w));
                        for (i, (d, t)) in cells.iter().enumerate() {
                            sums[i] = match (sums[i], d) {
                                (Some(a), Some(b)) => a.checked_add(*b),
                                (Some(a), None) if t == "-" || t == "–" => Some(a),
                                _ => None,
                            };
                        }
                    }
                }
            }
            if total {
                let cells: Vec<String> = sums.iter().map(|d| d.map(fmt_dec).unwrap_or("..".into())).collect();
                s.push_str(&pipe_row(&format!("Summa | {}", cells.join(" | ")), w).replacen("  - ", "summa: ", 1));
            }
            s.push_str(&diagram);
            s.push_str(&note);
            s
        })
        .boxed()
}

/// YAML that is not shaped like any block: nesting, aliases, tags, flow syntax.
fn wild_yaml() -> BoxedStrategy<String> {
    prop_oneof![
        pick(&[
            "a: &a [*a]",
            "a: &a [1, 2]\nb: [*a, *a, *a, *a]\nc: [*b, *b]",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\nrader: [*h, *h, *h, *h, *h, *h, *h, *h, *h]",
            "titel: !!binary aGVq",
            "? [a, b]\n: c",
            "titel: x\ntitel: y",
            "{",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x",
            "%YAML 1.2\n---\ntitel: x\n...\n---\ntitel: y",
            "titel: |\n  rad\n rad",
            "\ttitel: x",
            "titel: \"oavslutad",
            "rader: [1, 2",
            "rader:\n  - a | 1\n - b | 2",
        ]),
        "[a-z]{1,8}: [^\n]{0,20}(\n  [a-z]{1,8}: [^\n]{0,20}){0,4}",
        "\\PC{0,80}",
    ]
    .boxed()
}

const BLOCK_NAMES: &[&str] = &["nyckeltal", "indikatorer", "uppdrag", "ekonomitabell", "tabell"];

/// One report block (or, wild, a near miss): fence, info string, YAML, closing fence.
fn block(w: bool) -> BoxedStrategy<String> {
    let yaml = prop_oneof![
        2 => key_figures_yaml(w).prop_map(|y| ("nyckeltal", y)),
        2 => indicators_yaml(w).prop_map(|y| ("indikatorer", y)),
        2 => assignments_yaml(w).prop_map(|y| ("uppdrag", y)),
        3 => financial_yaml(w).prop_map(|y| ("ekonomitabell", y)),
        3 => table_yaml(w).prop_map(|y| ("tabell", y)),
    ]
    .boxed();
    if !w {
        return yaml.prop_map(|(kind, yaml)| format!("```{kind}\n{yaml}```\n")).boxed();
    }
    (
        prop_oneof![8 => yaml, 1 => (prop::sample::select(BLOCK_NAMES), wild_yaml())],
        mutations(),
        prop_oneof![8 => Just("```"), 1 => Just("~~~~"), 1 => Just("   ```")],
        prop_oneof![
            8 => Just(None),
            1 => pick(&["uppdag", "tabel", "Tabell", "yaml", "ekonomitabell extra", "nyckeltal{.x}"]).prop_map(Some)
        ],
        prop::bool::weighted(0.95),
    )
        .prop_map(|((kind, yaml), muts, fence, info, closed)| {
            let yaml = mutate(&yaml, &muts);
            let info = info.unwrap_or_else(|| kind.to_string());
            let close = if closed { fence.trim() } else { "" };
            format!("{fence}{info}\n{yaml}\n{close}\n")
        })
        .boxed()
}

/// Line-level damage, as a careless edit or a Word export would do it.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    Indent(Index, bool),
    Insert(Index, String),
    Truncate(Index),
}

fn mutations() -> BoxedStrategy<Vec<Mutation>> {
    let m = prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<bool>()).prop_map(|(i, b)| Mutation::Indent(i, b)),
        (any::<Index>(), hostile()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        any::<Index>().prop_map(Mutation::Truncate),
    ];
    prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(m, 1..3)].boxed()
}

fn mutate(text: &str, muts: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    for m in muts {
        if lines.is_empty() {
            lines.push(String::new());
        }
        match m {
            Mutation::DeleteLine(i) => {
                lines.remove(i.index(lines.len()));
            }
            Mutation::DuplicateLine(i) => {
                let n = i.index(lines.len());
                let l = lines[n].clone();
                lines.insert(n, l);
            }
            Mutation::Indent(i, more) => {
                let n = i.index(lines.len());
                if *more {
                    lines[n].insert_str(0, "  ");
                } else {
                    lines[n] = lines[n].trim_start().to_string();
                }
            }
            Mutation::Insert(i, s) => {
                let n = i.index(lines.len());
                let at = i.index(lines[n].len() + 1);
                let at = lines[n].floor_char_boundary(at);
                lines[n].insert_str(at, s);
            }
            Mutation::Truncate(i) => {
                let joined = lines.join("\n");
                let at = joined.floor_char_boundary(i.index(joined.len() + 1));
                lines = joined[..at].split('\n').map(String::from).collect();
            }
        }
    }
    lines.join("\n")
}

const LINK_TARGETS: &[&str] = &[
    "resultat.md",
    "resultat.md#ekonomi",
    "../_index.md",
    "_index.md",
    "../",
    ".",
    "..",
    "../../../../etc/passwd",
    "/etc/passwd",
    "/../../etc/passwd",
    "/",
    "/sok/",
    "C:\\Windows\\win.ini",
    "\\..\\..\\x",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#x09;script:alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox",
    "data:text/html,<script>alert(1)</script>",
    "%2e%2e/%2e%2e/x.md",
    "%2F",
    "%",
    "bild.png",
    "#frag",
    "?q=1",
    "https://kolada.se/\"onmouseover=\"alert(1)",
    "mailto:a@b.se",
    "tel:+4635",
    "//evil.example/x",
    "a b.md",
    "saknas.md",
    "CON.md",
];

/// Calm links go where every generated site has something.
const CALM_LINKS: &[&str] = &[
    "#frag",
    "/",
    "https://example.se/rapport.pdf",
    "https://kolada.se/?a=1&b=<script>",
    "mailto:a@b.se",
    "tel:+4635",
];

fn link_target(w: bool) -> BoxedStrategy<String> {
    if !w {
        return pick(CALM_LINKS);
    }
    prop_oneof![6 => pick(LINK_TARGETS), 1 => text(true), 1 => "[a-z./%#?]{0,12}"].boxed()
}

/// A Markdown body: paragraphs, headings, links, images, raw HTML, tables, code, blocks.
fn markdown_body(w: bool) -> BoxedStrategy<String> {
    let piece = prop_oneof![
        4 => text(w),
        2 => text(w).prop_map(|t| format!("## {t}")),
        1 => text(w).prop_map(|t| format!("# {t}")),
        3 => (text(w), link_target(w)).prop_map(|(t, l)| format!("Se [{t}]({l}).")),
        1 => (text(w), link_target(w)).prop_map(|(t, l)| format!("[{t}](<{l}>)")),
        1 => (text(w), link_target(w)).prop_map(|(t, l)| format!("![{t}]({l} \"{t}\")")),
        1 => (text(w), link_target(w)).prop_map(|(t, l)| format!("[{t}][r]\n\n[r]: {l}")),
        1 => link_target(w).prop_map(|l| format!("<{l}>")),
        2 => pick(&[
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=x></iframe>",
            "<!-- kommentar -->",
            "<!--insyn-block-0-->",
            "&lt;script&gt;",
            "&#x3C;script&#x3E;",
            "<div>\n\n*x*\n\n</div>",
            "<style>body{}</style>",
            "{{ page.title }} {% if x %}",
        ]),
        1 => (text(w), text(w)).prop_map(|(a, b)| format!("| A | B |\n|---|--:|\n| {a} | {b} |")),
        1 => (pick(&["text", "yaml", "", "rust", "html"]), text(w)).prop_map(|(l, t)| format!("```{l}\n{t}\n```")),
        1 => text(w).prop_map(|t| format!("- {t}\n  - {t}\n    1. {t}")),
        1 => text(w).prop_map(|t| format!("Fotnot[^1].\n\n[^1]: {t}")),
        1 => text(w).prop_map(|t| format!("> {t}\n>> {t}")),
        2 => block(w),
        // Passages in another language, and glossary terms (marked where first used).
        1 => (text(w), pick(&["en", "sv-FI", "x", "en\"><script>", "", "fi}"])).prop_map(|(t, l)| format!("Se [{t}]{{lang={l}}} och *[{t}]{{lang=en}}*.")),
        1 => (text(w), text(w)).prop_map(|(a, b)| format!("{a} avvikelsen mot HME-index och {b} mnkr, god ekonomisk\nhushållning; [avvikelse]{{lang=en}}")),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.join("\n\n")).boxed()
}

/// A content file: front matter (wild, maybe broken) and a body.
fn document(report: bool, w: bool) -> BoxedStrategy<String> {
    let title = if w {
        prop_oneof![
            8 => quoted_text(true).prop_map(|t| format!("title: {t}\n")),
            1 => pick(&["titel: x\n", "title:\n", "title: \"\"\n", "title: [a, b]\n", ""])
        ]
        .boxed()
    } else {
        quoted_text(false).prop_map(|t| format!("title: {t}\n")).boxed()
    };
    let weight = if w {
        prop_oneof![3 => any::<i64>().prop_map(|n| n.to_string()), 1 => number_text(true)].boxed()
    } else {
        any::<i64>().prop_map(|n| n.to_string()).boxed()
    };
    let date = (1990u32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
    let date = if w {
        prop_oneof![
            3 => date,
            1 => pick(&["2023-02-29", "2024-02-29", "2023-13-01", "0000-01-01", "9999-12-31", "2023-1-5", "igår", "2024-03-15T10:00:00Z", "2024-04-31"]),
        ]
        .boxed()
    } else {
        date.boxed()
    };
    let slug = if w {
        prop_oneof![
            2 => "[a-z0-9-]{1,12}",
            1 => pick(&["..", "../x", "/etc", "con", "CON", "lpt1", "a/b", "", "—", "a\\b"]),
            1 => "[a-z]{150,300}",
            1 => text(true),
        ]
        .boxed()
    } else {
        "[a-z][a-z0-9-]{1,12}".boxed()
    };
    let report_lines = if report {
        concat(vec![
            or_wild(
                pick(&[
                    "årsredovisning",
                    "delårsrapport",
                    "verksamhetsplan",
                    "uppföljningsrapport",
                ]),
                w,
            )
            .prop_map(|t| format!("rapport:\n  typ: {t}\n"))
            .boxed(),
            if w {
                prop_oneof![
                    4 => (2000i64..2030).prop_map(|y| y.to_string()),
                    1 => pick(&["-5", "0", "99999", "2147483648", "1e3", "tjugo"])
                ]
                .boxed()
            } else {
                (2000i64..2030).prop_map(|y| y.to_string()).boxed()
            }
            .prop_map(|y| format!("  år: {y}\n"))
            .boxed(),
            quoted_text(w).prop_map(|o| format!("  organisation: {o}\n")).boxed(),
            opt_line("  ", "period", quoted_text(w)),
            opt_line(
                "  ",
                "original",
                if w {
                    prop_oneof![
                        2 => pick(&["https://example.se/rapport.pdf", "rapport.pdf", "javascript:alert(1)", " JavaScript:x", "data:text/html,x", "../../../etc/passwd", "/etc/passwd", "\" onclick=\"x"]),
                        1 => text(true)
                    ]
                    .boxed()
                } else {
                    // Calm sites build: a placeholder address (example.se) would stop them.
                    pick(&[
                        "https://www.kolada.se/rapport.pdf",
                        "\"https://www.kolada.se/a?b=1&c=\\\"x\\\"\"",
                    ])
                },
            ),
            opt_line("  ", "bedömning", status(w)),
        ])
    } else {
        Just(String::new()).boxed()
    };
    let front = concat(vec![
        title,
        opt_line("", "weight", weight),
        opt_line("", "date", date),
        opt_line("", "draft", or_wild(pick(&["true", "false"]), w)),
        opt_line("", "slug", slug),
        opt_line("", "description", quoted_text(w)),
        opt_line(
            "",
            "template",
            if w {
                pick(&[
                    "page.html",
                    "sida.html",
                    "../../etc/passwd",
                    "base.html",
                    "blocks/tabell.html",
                    "partials/report_nav.html",
                ])
            } else {
                pick(&["page.html", "section.html"])
            },
        ),
        opt_line(
            "",
            "extra",
            pick(&["{a: 1}", "[1, 2]", "\"x\"", "{script: \"<script>alert(1)</script>\"}"]),
        ),
        report_lines,
    ]);
    let muts = if w { mutations() } else { Just(Vec::new()).boxed() };
    let shape = if w { 0u8..10 } else { 3u8..4 };
    (front, muts, markdown_body(w), shape)
        .prop_map(|(front, muts, body, shape)| {
            let front = mutate(&front, &muts);
            match shape {
                0 => body,
                1 => format!("---\n{front}"),
                2 => format!("---\n{front}\n---"),
                _ => format!("---\n{front}---\n{body}\n"),
            }
        })
        .boxed()
}

/// Bytes of a file, shown as escaped text when a case fails.
#[derive(Clone)]
struct Saved(Vec<u8>);

impl Debug for Saved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// Bytes of a file as saved by some editor: LF, CRLF or old-Mac CR, maybe a BOM; wild, maybe
/// damaged bytes that are not UTF-8.
fn as_saved(text: BoxedStrategy<String>, w: bool) -> BoxedStrategy<Saved> {
    let damage = if w {
        prop::collection::vec((any::<Index>(), any::<u8>()), 0..2).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    (text, 0u8..6, any::<bool>(), damage)
        .prop_map(|(t, endings, bom, damage)| {
            let t = match endings {
                0 | 1 => t.replace('\n', "\r\n"),
                2 => t.replace('\n', "\r"),
                _ => t,
            };
            let mut b = Vec::new();
            if bom {
                b.extend_from_slice("\u{feff}".as_bytes());
            }
            b.extend_from_slice(t.as_bytes());
            for (i, byte) in damage {
                if !b.is_empty() {
                    let at = i.index(b.len());
                    b[at] = byte;
                }
            }
            Saved(b)
        })
        .boxed()
}

// ---- properties ---------------------------------------------------------------------------

/// Numbers: never a silently wrong figure. What parses is exactly what was written, and
/// Swedish formatting reads back to the same value.
#[test]
fn numbers_are_exact_or_refused() {
    run(
        "tal",
        1,
        prop_oneof![
            exact_number().prop_map(|(d, t)| (Some(d), t)),
            number_text(true).prop_map(|t| (None, t)),
            "\\PC{0,16}".prop_map(|t| (None, t))
        ],
        |(expected, text)| {
            let parsed = insyn::model::number::parse_number(&text);
            if let Some(d) = expected {
                let got = parsed
                    .clone()
                    .map_err(|e| TestCaseError::fail(format!("{text:?}: {}", e.message)))?;
                prop_assert_eq!(got, d, "{:?}", text);
            }
            match parsed {
                Ok(d) => {
                    let shown = insyn::render::format::number(d);
                    let back = insyn::model::number::parse_number(&shown)
                        .map_err(|e| TestCaseError::fail(format!("{shown:?} does not read back: {}", e.message)))?;
                    prop_assert_eq!(back, d);
                    prop_assert_eq!(back.scale(), d.scale(), "the shown decimals are kept");
                    prop_assert!(!(d.is_zero() && d.is_sign_negative()), "no negative zero: {:?}", text);
                }
                Err(e) => {
                    prop_assert!(!e.message.is_empty() && !e.hint.is_empty());
                }
            }
            Ok(())
        },
    );
}

/// Any bytes: decoded, or refused with the line and column of the first bad byte.
#[test]
fn any_bytes_decode_or_point_at_the_bad_byte() {
    run(
        "bytes",
        1,
        prop_oneof![
            either(|w| as_saved(document(false, w), w)),
            prop::collection::vec(any::<u8>(), 0..300).prop_map(Saved)
        ],
        |Saved(bytes)| {
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            match decode_text(bytes, Path::new("content/a.md")) {
                Ok(t) => {
                    prop_assert!(!t.contains('\r') && !t.starts_with('\u{feff}'), "normalised: {t:?}");
                    prop_assert_eq!(t.matches('\n').count(), norm(&lossy).matches('\n').count());
                }
                Err(d) => located(&[d], &Files::one("content/a.md", &lossy))?,
            }
            Ok(())
        },
    );
}

/// Front matter and blocks of one content file, as `load` reads them.
#[test]
fn front_matter_and_blocks_point_inside_the_file() {
    run(
        "front_matter",
        1,
        either(|w| {
            (as_saved(document(false, w), w), as_saved(document(true, w), w))
                .prop_map(|(a, b)| [a, b])
                .boxed()
        }),
        |docs| {
            for Saved(bytes) in docs {
                let name = "content/r/_index.md";
                let lossy = String::from_utf8_lossy(&bytes).into_owned();
                let files = Files::one(name, &lossy);
                let text = match decode_text(bytes, Path::new(name)) {
                    Ok(t) => t,
                    Err(d) => {
                        located(&[d], &files)?;
                        continue;
                    }
                };
                let mut diags = Vec::new();
                match front_matter::parse(Path::new(name), &text) {
                    Ok((_, first, body)) => {
                        if !body.is_empty() {
                            prop_assert_eq!(first, text[..text.len() - body.len()].matches('\n').count() + 1);
                        }
                        find_blocks(Path::new(name), body, first, &mut diags);
                    }
                    Err(d) => diags.push(d),
                }
                located(&diags, &files)?;
            }
            Ok(())
        },
    );
}

/// Every block type, read and checked by the model.
#[test]
fn blocks_are_checked_without_panic_and_located() {
    run("block", 1, (either(block_page), any::<bool>()), |(body, crlf)| {
        let name = "content/r.md";
        let text = format!("---\ntitle: R\n---\n{body}\n");
        let raw = if crlf { text.replace('\n', "\r\n") } else { text };
        let text = decode_text(raw.into_bytes(), Path::new(name)).map_err(|d| TestCaseError::fail(d.to_string()))?;
        let (_, first, body) =
            front_matter::parse(Path::new(name), &text).map_err(|d| TestCaseError::fail(d.to_string()))?;
        let mut diags = Vec::new();
        let blocks = find_blocks(Path::new(name), body, first, &mut diags);
        let found = blocks.len();
        let words = insyn::model::StatusWords::default();
        let period = insyn::model::Period::year(2023);
        let ctx = insyn::model::blocks::Context {
            period: Some(&period),
            words: &words,
        };
        let built = insyn::model::blocks::build_all(blocks, &ctx, &mut diags);
        prop_assert_eq!(built.len(), found);
        located(&diags, &Files::one(name, &text))?;
        if diags.is_empty() && !built.is_empty() {
            BLOCKS_CLEAN.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    let clean = BLOCKS_CLEAN.load(Ordering::Relaxed);
    eprintln!("hostile_props block: {clean} av de genererade sidorna hade block utan fel");
    // Half the pages are calm: most of their blocks must pass every check, or the deep
    // checks (sums, histories, statuses) were never reached.
    assert!(
        clean >= u64::from(cases(1) / 5),
        "only {clean} of {} generated block pages reached the checks without a problem",
        cases(1)
    );
}

/// A page with at least one report block, among other Markdown.
fn block_page(w: bool) -> BoxedStrategy<String> {
    (markdown_body(w), block(w), markdown_body(w))
        .prop_map(|(before, block, after)| format!("{before}\n\n{block}\n{after}"))
        .boxed()
}

fn link_targets() -> (HashMap<String, String>, HashMap<String, String>) {
    let mut d = HashMap::new();
    for (rel, path) in [
        ("_index.md", "/"),
        ("r/_index.md", "/r/"),
        ("r/resultat.md", "/r/resultat/"),
        ("r/sida.md", "/r/sida/"),
    ] {
        d.insert(rel.to_string(), path.to_string());
    }
    let mut f = HashMap::new();
    f.insert("r/bild.png".to_string(), "/r/bild.png".to_string());
    (d, f)
}

/// Markdown: links resolved or refused with a line; what editors typed stays text.
#[test]
fn markdown_is_text_and_links_stay_inside() {
    let (docs, files) = link_targets();
    run(
        "markdown",
        1,
        (either(markdown_body), pick(&["/", "/insyn/"])),
        |(body, base)| {
            let name = "content/r/sida.md";
            let site_paths: insyn::render::SitePaths = docs.values().chain(files.values()).cloned().collect();
            // Insyn's standard glossary marks terms in the hostile text too.
            let marker =
                insyn::render::glossary::Marker::new(&insyn::load::glossary::standard(), format!("{base}begrepp/"));
            let targets = LinkTargets {
                documents: &docs,
                files: &files,
                base_path: &base,
                site_paths: &site_paths,
                terms: Some(&marker),
            };
            let mut diags = Vec::new();
            let out = markdown::render(&body, 1, "r/sida.md", Path::new(name), &targets, &[], &mut diags);
            located(&diags, &Files::one(name, &body))?;
            for d in &diags {
                prop_assert!(d.line >= 1, "a link problem has its line: {d}");
            }
            if diags.is_empty() {
                // With a problem the build stops and writes nothing.
                html_is_safe(&out.html)?;
                MARKDOWN_CHECKED.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        },
    );
    exercised(
        "markdown",
        1,
        "gav HTML utan fel (och HTML:en granskades)",
        &MARKDOWN_CHECKED,
    );
}

/// `site.toml`: parsed or refused at a line of the file.
#[test]
fn site_toml_is_parsed_or_refused_at_a_line() {
    let value = prop_oneof![
        4 => quoted_text(true).prop_map(|t| if t.starts_with('"') || t.starts_with('\'') { t } else { format!("\"{t}\"") }),
        1 => pick(&["1", "true", "[]", "{}", "\"\"\"\nflera\nrader\"\"\"", "1e400", "nan", "\"https://example.se/insyn\"", "\"ftp://x\"", "\"https://\"", "\"https://a.se/../x\"", "\"https://a.se/<script>\""]),
        1 => hostile(),
    ];
    let line = (
        pick(&[
            "title",
            "base_url",
            "language",
            "theme",
            "description",
            "publisher",
            "titel",
            "[accessibility]",
            "contact_email",
            "contact_url",
            "compliance",
            "known_issues",
            "[extra]",
            "[[x]]",
            "",
        ]),
        value,
    )
        .prop_map(|(k, v)| {
            if k.starts_with('[') || k.is_empty() {
                k
            } else {
                format!("{k} = {v}")
            }
        });
    let toml = (
        prop::collection::vec(line, 0..8),
        prop::bool::weighted(0.7),
        mutations(),
        prop::option::of(pick(&[
            "https://example.se/",
            "http://localhost:8000/",
            "ftp://x",
            "https://a.se/?x",
        ])),
    )
        .prop_map(|(lines, valid_head, muts, over)| {
            let head = if valid_head {
                "title = \"Region\"\nbase_url = \"https://example.se/insyn/\"\n"
            } else {
                ""
            };
            (mutate(&format!("{head}{}\n", lines.join("\n")), &muts), over)
        });
    run(
        "site_toml",
        1,
        (
            as_saved(toml.prop_map(|(t, _)| t).boxed(), true),
            prop::option::of(pick(&["https://example.se/", "ftp://x"])),
        ),
        |(Saved(bytes), over)| {
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => return Ok(()),
            };
            if let Err(d) = SiteConfig::parse(&text, over.as_deref()) {
                located(&[d], &Files::one("site.toml", &lossy))?;
            }
            Ok(())
        },
    );
}

fn template_source() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        4 => text(true),
        2 => pick(&[
            "{{ page.title }}",
            "{{ page.title | upper }}",
            "{{ page.titel }}",
            "{{ page }}",
            "{{ page.title | safe }}",
            "{{ \"72704\" | tal }}",
            "{{ \"9.92\" | belopp(enhet=\"%\") }}",
            "{{ \"1e400\" | tal }}",
            "{{ 9.92 | tal }}",
            "{{ \"x\" | belopp(enhet=\"kronor\") }}",
            "{{ \"2023-02-30\" | datum }}",
            "{{ url(path=\"/a/\") }}",
            "{{ url() }}",
            "{{ asset(path=\"saknas.css\") }}",
            "{% if page.title %}ja{% endif %}",
            "{% for x in page.items %}{{ x }}{% endfor %}",
            "{% for x in 1 %}{% endfor %}",
            "{% include \"saknas.html\" %}",
            "{% include \"inc.html\" %}",
            "{% extends \"base.html\" %}",
            "{% extends \"saknas.html\" %}",
            "{% block content %}x{% endblock content %}",
            "{% macro m() %}x{% endmacro m %}",
            "{% set x = 1 / 0 %}{{ x }}",
            "{{ 1 / 0 }}",
            "{{ 99999999999999999999 * 99999999999999999999 }}",
            "{{ page.title[1000] }}",
            "{% raw %}{{ x }}{% endraw %}",
            "{#",
            "{%",
            "{{",
            "}}",
            "%}",
            "{% if %}",
            "{% endif %}",
            "{% for %}",
            "{{ page.title | truncate(length=-1) }}",
            "{{ \"x\" ~ page }}",
            "{% filter upper %}x{% endfilter %}",
        ]),
    ];
    (
        prop::collection::vec(piece, 0..8),
        prop::collection::vec(any::<bool>(), 8),
    )
        .prop_map(|(pieces, newlines)| {
            let mut s = String::new();
            for (i, p) in pieces.iter().enumerate() {
                s.push_str(p);
                if newlines[i % 8] {
                    s.push('\n');
                }
            }
            s
        })
        .boxed()
}

/// Templates: compiled and rendered, or refused at a line of the template file.
#[test]
fn templates_render_or_fail_at_a_line() {
    run(
        "templates",
        4,
        (
            // A third of the cases: a main template that shows the title among plain text and
            // an include that compiles, so that the autoescape check below runs on many
            // inputs, not by chance.
            prop_oneof![
                2 => (template_source(), template_source()),
                1 => ("[A-Za-zåäö ]{0,12}", "[A-Za-zåäö ]{0,12}")
                    .prop_map(|(a, b)| (format!("{a}{{{{ page.title }}}}{b}"), "inc".to_string())),
            ],
            prop_oneof![2 => quoted_text(true), 1 => "[a-zåäö ]{0,6}<[a-z/ =\"'&]{1,12}>?"],
        )
            .prop_map(|((main, inc), title)| (main, inc, title)),
        |(main, inc, title)| {
            let mut sources: Vec<TemplateSource> = REQUIRED
                .iter()
                .map(|n| TemplateSource {
                    name: n.to_string(),
                    file: PathBuf::from(format!("templates/{n}")),
                    text: "ok".into(),
                })
                .collect();
            sources.push(TemplateSource {
                name: "base.html".into(),
                file: "templates/base.html".into(),
                text: "<title>{{ page.title }}</title>{% block content %}{% endblock content %}".into(),
            });
            sources.push(TemplateSource {
                name: "x.html".into(),
                file: "templates/x.html".into(),
                text: main.clone(),
            });
            sources.push(TemplateSource {
                name: "inc.html".into(),
                file: "templates/inc.html".into(),
                text: inc.clone(),
            });
            let mut files = Files(HashMap::new());
            for s in &sources {
                files.0.insert(s.file.clone(), s.text.clone());
            }
            let tpl = match Templates::new(&sources, "/insyn/", BTreeMap::new()) {
                Ok(t) => t,
                Err(d) => return located(&d.sorted(), &files),
            };
            let mut ctx = tera::Context::new();
            ctx.insert(
                "page",
                &serde_json::json!({"title": title, "items": [1, "<script>", null]}),
            );
            match tpl.render("x.html", &ctx, Path::new("content/a.md")) {
                Ok(out) => {
                    if main.contains("{{ page.title }}") && title.contains('<') && !main.contains("safe") {
                        prop_assert!(!out.contains(&title), "autoescaped: {out}");
                        TEMPLATES_ESCAPED.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Err(d) => located(&[d], &files)?,
            }
            Ok(())
        },
    );
    exercised(
        "templates",
        4,
        "visade en titel med < genom {{ page.title }} (och den escapades)",
        &TEMPLATES_ESCAPED,
    );
}

// ---- whole sites --------------------------------------------------------------------------

const PAGE_PATHS: &[&str] = &[
    "_index.md",
    "org/_index.md",
    "org/sida.md",
    "org/2023-rapport/_index.md",
    "org/2023-rapport/resultat.md",
    "org/2023-rapport/02-sida.md",
    "annat/sida.md",
    "Åäö mapp/Sida med mellanslag.md",
];

/// `s` as a TOML basic string.
fn toml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A generated site: `site.toml`, content files by path, maybe the site's own `page.html`.
type Site = (String, Vec<(String, Saved)>, Option<String>);

fn site(w: bool) -> BoxedStrategy<Site> {
    let toml = (
        text(w),
        text(w),
        pick(&["https://example.se/", "https://example.se/insyn/"]),
        any::<bool>(),
    )
        .prop_map(move |(title, publisher, base, raw)| {
            // Wild, now and then unquoted: TOML that does not parse.
            let q = |s: &str| if w && raw { s.to_string() } else { toml_quote(s) };
            format!(
                "title = {}\nbase_url = \"{base}\"\npublisher = {}\ndescription = {}\n",
                q(&title),
                q(&publisher),
                q(&title)
            )
        });
    let file = prop::sample::select(PAGE_PATHS).prop_flat_map(move |p| {
        let report = p.ends_with("rapport/_index.md");
        (Just(p.to_string()), as_saved(document(report, w), w))
    });
    let template = if w {
        prop::option::weighted(0.15, template_source()).boxed()
    } else {
        Just(None).boxed()
    };
    (toml, prop::collection::vec(file, 1..6), template).boxed()
}

/// A whole site through load, model, render and the write plan: no panic, problems point
/// inside their files, and what is written keeps editors' text as text.
#[test]
fn whole_sites_build_or_fail_cleanly() {
    run("site", 8, either(site), |(toml, files, template)| {
        let tmp = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let root = tmp.path();
        let mut known = Files(HashMap::new());
        std::fs::write(root.join("site.toml"), &toml).unwrap();
        known.0.insert("site.toml".into(), norm(&toml));
        for (rel, Saved(bytes)) in &files {
            let path = root.join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
            known.0.insert(
                PathBuf::from("content").join(rel),
                norm(&String::from_utf8_lossy(bytes)),
            );
        }
        std::fs::write(root.join("content/org/bild.png").as_path(), b"png").ok();
        if let Some(t) = &template {
            std::fs::create_dir_all(root.join("templates")).unwrap();
            std::fs::write(root.join("templates/page.html"), t).unwrap();
            known.0.insert("templates/page.html".into(), norm(t));
        }
        // The build's own pipeline, as `build`, `check` and `serve` run it.
        let built = insyn::pipeline::run(
            &insyn::pipeline::Options {
                root: root.to_path_buf(),
                base_url: None,
                drafts: false,
                compress: false,
            },
            &mut insyn::pipeline::Memo::once(),
            &insyn::pipeline::Changed::Anything,
            None,
        );
        let plan = match built {
            Ok(b) => b.plan,
            Err(d) => return located(&d.sorted(), &known),
        };
        for f in &plan.files {
            output_is_safe(&f.path, &f.bytes)?;
        }
        SITES_BUILT.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    let built = SITES_BUILT.load(Ordering::Relaxed);
    eprintln!("hostile_props site: {built} av de genererade webbplatserna byggdes hela vägen");
    // Half the sites are calm, and a calm site builds unless a wild page of it stops it: about
    // three in ten build all the way (15 to 23 of 64 in six runs). The output checks must have
    // run on many: an eighth is far enough below that rate not to fail by chance.
    assert!(
        built >= u64::from(cases(8) / 8),
        "only {built} of {} generated sites were built all the way",
        cases(8)
    );
}

/// Generated sites that passed every check and were planned for writing (so the output
/// checks ran on them).
static SITES_BUILT: AtomicU64 = AtomicU64::new(0);
static BLOCKS_CLEAN: AtomicU64 = AtomicU64::new(0);
/// Generated Markdown without problems, whose HTML was checked.
static MARKDOWN_CHECKED: AtomicU64 = AtomicU64::new(0);
/// Generated templates that showed a title with `<` unescaped-if-broken.
static TEMPLATES_ESCAPED: AtomicU64 = AtomicU64::new(0);

// ---- what safe output means ---------------------------------------------------------------

/// HTML from editors' Markdown: only the tags Markdown makes, no event handlers, no script
/// URLs.
fn html_is_safe(html: &str) -> Result<(), TestCaseError> {
    const TAGS: &[&str] = &[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "img",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "div",
        "blockquote",
        "hr",
        "br",
        "sup",
        "section",
        // Insyn's own: language spans, glossary abbreviations, link text for screen readers.
        "span",
        "abbr",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--insyn-block-") {
            continue;
        }
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        prop_assert!(
            TAGS.contains(&name.to_ascii_lowercase().as_str()),
            "tag <{}> in Markdown output: {html}",
            &rest[..rest.len().min(40)]
        );
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        attributes_are_safe(tag, html)?;
    }
    Ok(())
}

/// The attributes of a tag's text (`a href="x" title='y'`), as (name, value).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_start_matches('/');
    rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &r[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    value = body[..close].to_string();
                    rest = body.get(close + 1..).unwrap_or("");
                }
                _ => {
                    let close = r.find(char::is_whitespace).unwrap_or(r.len());
                    value = r[..close].to_string();
                    rest = &r[close..];
                }
            }
        }
        out.push((name, value));
    }
}

fn attributes_are_safe(tag: &str, context: &str) -> Result<(), TestCaseError> {
    for (name, value) in attributes(tag) {
        prop_assert!(!name.starts_with("on"), "event handler in <{tag}>: {context}");
        if name == "href" || name == "src" {
            let seen: String = value
                .to_ascii_lowercase()
                .replace("&#x09;", "")
                .replace("&#9;", "")
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            for bad in ["javascript:", "vbscript:", "data:text"] {
                prop_assert!(!seen.starts_with(bad), "{bad} URL in <{tag}>: {context}");
            }
        }
    }
    Ok(())
}

fn output_is_safe(path: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => return Ok(()),
    };
    if path.ends_with(".html") || path.ends_with(".xml") {
        for bad in ["<script>alert", "<img src=x onerror", "<iframe", "<![CDATA[x"] {
            prop_assert!(!text.contains(bad), "{path} contains {bad}");
        }
        let mut rest = text;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let end = rest.find('>').unwrap_or(rest.len());
            attributes_are_safe(&rest[..end], path)?;
        }
        // Only the theme's own scripts, by file: the search page's, and the table cue's.
        let foreign = text
            .split("<script")
            .skip(1)
            .filter(|tag| {
                let src = tag
                    .strip_prefix(" src=\"")
                    .and_then(|t| t.split('"').next())
                    .unwrap_or("");
                let file = src.rsplit('/').next().unwrap_or("");
                let own = (file.starts_with("search.") && path == "sok/index.html") || file.starts_with("tabell.");
                !(own && file.ends_with(".js"))
            })
            .count();
        prop_assert!(
            foreign == 0,
            "{path} has {foreign} script tags that are not the theme's"
        );
    }
    if path.ends_with(".xml") {
        let bad = text.chars().find(
            |c| !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..),
        );
        prop_assert!(bad.is_none(), "{path} holds {bad:?}, which XML forbids");
    }
    if path.ends_with(".json") {
        prop_assert!(
            serde_json::from_str::<serde_json::Value>(text).is_ok(),
            "{path} is not JSON"
        );
    }
    if path.ends_with(".csv") {
        for cell in csv_cells(text.strip_prefix('\u{feff}').unwrap_or(text)) {
            // What a spreadsheet may skip before a formula: spaces, controls, invisible marks.
            let lead = cell.trim_start_matches(|c: char| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '\u{ad}' | '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}')
            });
            if lead.starts_with(['=', '+', '-', '@']) || cell.starts_with(['\t', '\r']) {
                let number = cell.strip_prefix('-').unwrap_or(&cell);
                prop_assert!(
                    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == ','),
                    "{path}: the cell {cell:?} could run as a formula"
                );
            }
        }
    }
    Ok(())
}

/// The cells of a `;`-separated CSV with `"` quoting.
fn csv_cells(text: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if cur.is_empty() => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            (';', false) | ('\n', false) => cells.push(std::mem::take(&mut cur)),
            ('\r', false) => {}
            (c, _) => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// The built-in theme has every template a build needs (the whole-site property relies on it).
#[test]
fn the_built_in_theme_is_complete() {
    let t = ThemeFiles::embedded();
    for r in REQUIRED {
        assert!(t.templates.iter().any(|x| x.name == *r), "{r}");
    }
}
