//! Test tiers. `cargo test` installs nothing. The pure-Rust tier needs only Rust and always
//! runs; two tiers check the site with real tools:
//!
//! - `browser` (`browser.rs`): Chromium, Node.js 20+, a Java runtime and the npm packages of
//!   `tests/browser` (`npm ci`);
//! - `nginx` (`nginx.rs`): nginx with Debian's brotli_static module;
//! - `libreoffice` (`libreoffice.rs`): LibreOffice Writer, to make a `.docx` of a real report
//!   for the importer.
//! - `opendata` (`opendata.rs`): the Frictionless validator (`frictionless`, PyPI), installed
//!   from `tests/opendata/requirements.txt` into `tests/opendata/.venv`.
//!
//! When a tier's tools are missing, its tests return at once and say so on stderr, past the
//! output capture, and once more after the test summary: which tier did not run, what is
//! missing and how to run it. `INSYN_REQUIRE_TIERS=browser,nginx` (or `all`) makes a missing
//! tool a failure instead; `.ci/run` installs the tools and sets it.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::io::Write;
use std::sync::Mutex;

/// The variable that makes tiers mandatory: tier names separated by commas, or `all`.
pub const REQUIRE: &str = "INSYN_REQUIRE_TIERS";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Browser,
    Nginx,
    Libreoffice,
    OpenData,
}

impl Tier {
    const ALL: [Tier; 4] = [Tier::Browser, Tier::Nginx, Tier::Libreoffice, Tier::OpenData];

    pub fn name(self) -> &'static str {
        match self {
            Tier::Browser => "browser",
            Tier::Nginx => "nginx",
            Tier::Libreoffice => "libreoffice",
            Tier::OpenData => "opendata",
        }
    }

    /// The tests of the tier.
    fn tests(self) -> &'static str {
        match self {
            Tier::Browser => "browser:: (WCAG 2.1 AA with axe and vnu in headless Chromium)",
            Tier::Nginx => "nginx:: (the documented nginx config, gzip and brotli, against a real nginx)",
            Tier::Libreoffice => {
                "libreoffice:: (a real report made into a .docx by LibreOffice, imported and measured)"
            }
            Tier::OpenData => "opendata::frictionless (every datapackage.json and zip validated by frictionless)",
        }
    }

    fn how_to_run(self) -> &'static str {
        match self {
            Tier::Browser => {
                "sudo apt-get install chromium default-jre-headless   # and Node.js 20+ with npm\n\
                 (cd tests/browser && npm ci --ignore-scripts)\n\
                 INSYN_REQUIRE_TIERS=browser cargo test --test it browser::"
            }
            Tier::Nginx => {
                "sudo apt-get install --no-install-recommends nginx libnginx-mod-http-brotli-static\n\
                 INSYN_REQUIRE_TIERS=nginx cargo test --test it nginx::"
            }
            Tier::Libreoffice => {
                "sudo apt-get install --no-install-recommends libreoffice-writer-nogui\n\
                 INSYN_REQUIRE_TIERS=libreoffice cargo test --test it libreoffice:: -- --nocapture"
            }
            Tier::OpenData => {
                "python3 -m venv tests/opendata/.venv\n\
                 tests/opendata/.venv/bin/pip install -r tests/opendata/requirements.txt\n\
                 INSYN_REQUIRE_TIERS=opendata cargo test --test it opendata::"
            }
        }
    }
}

/// Whether `INSYN_REQUIRE_TIERS` names `tier`. An unknown name is an error, so that a typo in
/// CI cannot turn a tier off.
fn required(tier: Tier) -> bool {
    let value = std::env::var(REQUIRE).unwrap_or_default();
    let mut names = value.split(',').map(str::trim).filter(|n| !n.is_empty());
    names.any(|n| {
        assert!(
            n == "all" || Tier::ALL.iter().any(|t| t.name() == n),
            "{REQUIRE}={value}: unknown tier {n:?}; the tiers are browser, nginx, libreoffice, opendata (or all)"
        );
        n == "all" || n == tier.name()
    })
}

/// Call first in every test of `tier`, with what is missing for it (empty: everything is
/// there). True: run the test. False: return at once; the tier is reported as not run. A
/// required tier with something missing fails the test here.
pub fn ready(tier: Tier, missing: &[String]) -> bool {
    let required = required(tier);
    if missing.is_empty() {
        return true;
    }
    let list: String = missing.iter().map(|m| format!("  - {m}\n")).collect();
    let how = tier.how_to_run().replace('\n', "\n  ");
    if required {
        panic!(
            "the {} tier is required ({REQUIRE}) but cannot run; missing:\n{list}To run it:\n  {how}",
            tier.name()
        );
    }
    let mut skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    if skipped.is_empty() {
        at_exit_summary();
    }
    if let Entry::Vacant(entry) = skipped.entry(tier) {
        let text = format!(
            "the {} tier did NOT run: {}\nMissing:\n{list}To run it (.ci/run installs all of it and sets {REQUIRE}=browser,nginx,libreoffice,opendata):\n  {how}\n",
            tier.name(),
            tier.tests()
        );
        loud(&text);
        entry.insert(text);
    }
    false
}

/// Tiers that did not run, with their report.
static SKIPPED: Mutex<BTreeMap<Tier, String>> = Mutex::new(BTreeMap::new());

/// Straight to the process's stderr: the test harness captures `eprintln!`, not this.
fn loud(text: &str) {
    let bar = "=".repeat(78);
    let _ = write!(std::io::stderr(), "\n{bar}\n{text}{bar}\n");
}

/// Repeat the reports after the harness's own summary, where they cannot be missed.
#[cfg(target_os = "linux")]
fn at_exit_summary() {
    extern "C" fn summary() {
        let skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
        let text: String = skipped.values().map(String::as_str).collect::<Vec<_>>().join("\n");
        loud(&format!("NOT ALL TEST TIERS RAN.\n\n{text}"));
    }
    // SAFETY: `summary` is a plain function that neither unwinds (no panicking call: the lock
    // takes over a poisoned mutex, write errors are ignored) nor depends on anything that
    // exit() has already torn down (a static and the process's stderr).
    unsafe {
        libc::atexit(summary);
    }
}

#[cfg(not(target_os = "linux"))]
fn at_exit_summary() {}
