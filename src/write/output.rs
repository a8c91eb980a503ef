//! The output folder. The new site is written into a staging folder beside it and swapped in
//! whole; one build writes at a time (a lock beside the output); and nothing is deleted that
//! Insyn did not write: the file beside the output (`.public.insyn` for `public/`) lists what
//! the last build wrote, and a build stops, naming them, when the output holds anything else.
//! That list lies outside the output, so it is never published.

use super::Plan;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file beside an output directory (`.public.insyn` for `public/`) that marks it as
/// Insyn's own and lists the files the last build wrote into it.
pub fn marker(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.insyn"))
}

const MANIFEST_HEAD: &str = "# insyn: mappen bredvid skrevs av insyn build och ersätts vid nästa bygge. \
Insyn skrev filerna nedan; finns något annat i mappen stannar bygget i stället för att ta bort det.\n";

/// What writing did.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    /// What could not be cleaned up (the site itself was written).
    pub warnings: Vec<String>,
}

/// Write the plan to `output` atomically.
pub fn write(plan: &Plan, output: &Path) -> Result<Written, Diagnostic> {
    let staging = Staging::open(output)?;
    plan.files.par_iter().for_each(|f| staging.put(&f.path, &f.bytes));
    staging.finish(plan)
}

/// The new output while it is being made: a folder beside the output, under the output's
/// lock, into which files are written as they are rendered. [`Staging::finish`] swaps it in;
/// dropped without that (a build with problems), it is removed and the output is as it was.
pub struct Staging {
    output: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    before: BTreeSet<String>,
    warnings: Vec<String>,
    /// Folders made in the staging folder.
    made: Mutex<HashSet<String>>,
    /// The first file that could not be written (said only when the paths had no problem).
    failed: Mutex<Option<Diagnostic>>,
    finished: bool,
    _lock: fs::File,
}

impl Staging {
    /// Take the output's lock, mend what a killed build left, refuse an output that holds
    /// anything Insyn did not write, and make an empty staging folder.
    pub fn open(output: &Path) -> Result<Staging, Diagnostic> {
        let shown = output.display().to_string();
        let fail = |what: &str, e: std::io::Error| Diagnostic::new(&shown, 0, format!("{what}: {e}"));
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Diagnostic::new(&shown, 0, "ogiltig utdatamapp"))?;
        fs::create_dir_all(parent).map_err(|e| fail("kan inte skapa mappen för utdata", e))?;
        let lock = lock(parent, name, &shown)?;
        let warnings = recover(parent, name, output);
        let marker = marker(parent, name);
        let mut before = BTreeSet::new();
        if output.exists() {
            if !output.is_dir() {
                return Err(Diagnostic::new(&shown, 0, "utdatamappen finns redan men är en fil")
                    .hint("ta bort filen eller välj en annan mapp med --output"));
            }
            let empty = fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
            if !empty && !marker.exists() {
                return Err(Diagnostic::new(
                    &shown,
                    0,
                    "mappen finns redan och innehåller annat än en tidigare insyn-byggd webbplats",
                )
                .hint("insyn ersätter bara sin egen utdata; töm mappen eller välj en annan med --output"));
            }
            if let Some(listed) = manifest(&marker) {
                let foreign = foreign(output, &listed);
                if !foreign.is_empty() {
                    return Err(foreign_files(output, &foreign));
                }
                before = listed;
            }
        }
        let dir = parent.join(format!(".{name}.insyn-tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| fail("kunde inte skriva utdata", e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            parent: parent.to_path_buf(),
            name: name.to_string(),
            dir,
            before,
            warnings,
            made: Mutex::new(HashSet::new()),
            failed: Mutex::new(None),
            finished: false,
            _lock: lock,
        })
    }

    /// Write one file (from any thread). A path that is not safe is not written (the plan's
    /// check names it); a file that cannot be written is remembered and said at the end.
    pub fn put(&self, path: &str, bytes: &[u8]) {
        if !super::safe_relative(path) {
            return;
        }
        let result = self
            .folder_for(path)
            .and_then(|()| fs::write(self.dir.join(path), bytes));
        if let Err(e) = result {
            let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
            failed.get_or_insert_with(|| {
                Diagnostic::new(
                    self.output.display().to_string(),
                    0,
                    format!("kunde inte skriva utdata ({path}): {e}"),
                )
            });
        }
    }

    /// The file at `path` as it was written, for messages about it.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        fs::read(self.dir.join(path)).ok()
    }

    fn folder_for(&self, path: &str) -> std::io::Result<()> {
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        if self.made.lock().unwrap_or_else(|p| p.into_inner()).contains(folder) {
            return Ok(());
        }
        // create_dir_all makes the parents and tolerates another thread having made them.
        fs::create_dir_all(self.dir.join(folder))?;
        self.made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(folder.to_string());
        Ok(())
    }

    /// Copy the plan's copied files, then swap the staging folder in for the output.
    pub fn finish(mut self, plan: &Plan) -> Result<Written, Diagnostic> {
        let shown = self.output.display().to_string();
        let fail = |what: &str, e: std::io::Error| Diagnostic::new(&shown, 0, format!("{what}: {e}"));
        if let Some(d) = self.failed.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(d);
        }
        self.copy(plan)?;
        let (parent, name, output) = (self.parent.clone(), self.name.clone(), self.output.clone());
        let staging = self.dir.clone();
        let mut warnings = std::mem::take(&mut self.warnings);
        let marker = marker(&parent, &name);
        // Sorted on both cores (a portal's 400,000 paths took a third of a second in a set).
        let mut now: Vec<String> = plan.paths().map(|p| p.into_owned()).collect();
        now.par_sort_unstable();
        now.dedup();
        // Until the swap, both the old and the new files are Insyn's.
        let mut both: Vec<&str> = self.before.iter().chain(&now).map(String::as_str).collect();
        if !self.before.is_empty() {
            both.par_sort_unstable();
            both.dedup();
        }
        write_manifest(&marker, &both).map_err(|e| fail("kan inte skriva listan över utdatan", e))?;
        // From here on the staging folder is the new output or removed below, never by Drop.
        self.finished = true;
        let removed = |old: &Path, warnings: &mut Vec<String>| {
            if let Err(e) = fs::remove_dir_all(old) {
                warnings.push(format!(
                    "kunde inte ta bort den förra utdatan {}: {e}; nästa bygge försöker igen (eller ta bort mappen själv)",
                    old.display()
                ));
            }
        };
        // Where the system can, the new output and the old change places in one step, so that
        // there is no moment without an output; the staging name then holds the old one.
        if output.is_dir() && exchange(&staging, &output).is_ok() {
            removed(&staging, &mut warnings);
        } else {
            let old = parent.join(format!(".{name}.insyn-old-{}", std::process::id()));
            if output.exists() {
                fs::rename(&output, &old).map_err(|e| {
                    let _ = fs::remove_dir_all(&staging);
                    fail("kunde inte flytta undan den tidigare utdatan", e)
                })?;
            }
            if let Err(e) = fs::rename(&staging, &output) {
                let _ = fs::rename(&old, &output);
                let _ = fs::remove_dir_all(&staging);
                return Err(fail("kunde inte byta in den nya utdatan", e));
            }
            if old.exists() {
                removed(&old, &mut warnings);
            }
        }
        let now: Vec<&str> = now.iter().map(String::as_str).collect();
        if let Err(e) = write_manifest(&marker, &now) {
            warnings.push(format!("kunde inte skriva {}: {e}", marker.display()));
        }
        Ok(Written {
            files: plan.len(),
            warnings,
        })
    }

    /// Copies come from the files that were checked, opened once: a file swapped for a link
    /// after the check is refused, not followed.
    fn copy(&self, plan: &Plan) -> Result<(), Diagnostic> {
        let shown = self.dir.display().to_string();
        let fail = |e: std::io::Error| Diagnostic::new(&shown, 0, format!("kunde inte skriva utdata: {e}"));
        plan.copies.par_iter().try_for_each(|c| {
            let mut from = crate::load::files::open_found(&c.from, &c.stamp)
                .map_err(|e| Diagnostic::new(&c.shown, 0, format!("kan inte kopieras: {e}")))?;
            self.folder_for(&c.to).map_err(fail)?;
            let mut to = fs::File::create(self.dir.join(&c.to)).map_err(fail)?;
            std::io::copy(&mut from, &mut to)
                .map(|_| ())
                .map_err(|e| Diagnostic::new(&c.shown, 0, format!("kan inte kopieras: {e}")))
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// One build at a time per output: a second one stops instead of pulling the first one's
/// staging folder away from under it.
fn lock(parent: &Path, name: &str, shown: &str) -> Result<fs::File, Diagnostic> {
    let path = parent.join(format!(".{name}.insyn.lock"));
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            Diagnostic::new(
                shown,
                0,
                format!("kan inte låsa utdatamappen ({}): {e}", path.display()),
            )
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            Err(
                Diagnostic::new(shown, 0, "ett annat bygge skriver redan till den här utdatamappen")
                    .hint("vänta tills det bygget är klart och bygg sedan igen, eller välj en annan mapp med --output"),
            )
        }
        Err(fs::TryLockError::Error(e)) => Err(Diagnostic::new(shown, 0, format!("kan inte låsa utdatamappen: {e}"))),
    }
}

/// The files the last build wrote, as listed beside the output; `None` for a marker from a
/// version of Insyn that did not list them.
fn manifest(marker: &Path) -> Option<BTreeSet<String>> {
    let text = fs::read_to_string(marker).ok()?;
    let rest = text.strip_prefix(MANIFEST_HEAD)?;
    Some(rest.lines().filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// Write the list of the output's files (`files` sorted, each once).
fn write_manifest(marker: &Path, files: &[&str]) -> std::io::Result<()> {
    let mut text = String::with_capacity(MANIFEST_HEAD.len() + files.len() * 40);
    text.push_str(MANIFEST_HEAD);
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    let tmp = marker.with_extension("insyn-ny");
    let mut f = fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    fs::rename(&tmp, marker)
}

/// What lies in the output that the last build did not write (folders once, not their
/// contents).
fn foreign(output: &Path, listed: &BTreeSet<String>) -> Vec<String> {
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for f in listed {
        let mut at = 0;
        while let Some(i) = f[at..].find('/') {
            dirs.insert(&f[..at + i]);
            at += i + 1;
        }
    }
    let mut out = Vec::new();
    let mut walk = walkdir::WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        let rel = entry
            .path()
            .strip_prefix(output)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let ours = if entry.file_type().is_dir() {
            dirs.contains(rel.as_str())
        } else {
            listed.contains(&rel)
        };
        if !ours {
            out.push(rel);
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
        }
    }
    out
}

fn foreign_files(output: &Path, foreign: &[String]) -> Diagnostic {
    let mut names: Vec<String> = foreign
        .iter()
        .take(10)
        .map(|f| output.join(f).display().to_string())
        .collect();
    if foreign.len() > 10 {
        names.push(format!("och {} till", foreign.len() - 10));
    }
    Diagnostic::new(
        output.display().to_string(),
        0,
        format!(
            "utdatamappen innehåller filer som insyn inte har skrivit: {}",
            names.join(", ")
        ),
    )
    .hint(
        "insyn tar aldrig bort det som insyn inte skrev. Filer som ska finnas på webbplatsen (till exempel CNAME) \
         läggs i static/, så kopieras de vid varje bygge; flytta annat (till exempel .git) till en annan mapp, \
         eller välj en annan utdatamapp med --output",
    )
}

/// Swap two directories atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere the output is swapped by two renames, and [`recover`] mends an interruption
/// between them at the next build.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Clean up after a build that was killed (or whose old output could not be removed): a
/// missing output with an old copy beside it is restored; leftover staging directories are
/// removed. Runs under the lock, so no other build is using them. What cannot be removed is
/// said.
fn recover(parent: &Path, name: &str, output: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return warnings;
    };
    let mut olds = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.insyn-tmp-")) {
            if let Err(err) = fs::remove_dir_all(e.path()) {
                warnings.push(format!(
                    "kunde inte ta bort {}, som ett tidigare bygge lämnade: {err}; ta bort mappen själv",
                    e.path().display()
                ));
            }
        } else if n.starts_with(&format!(".{name}.insyn-old-")) {
            olds.push(e.path());
        } else if n == format!(".{name}.insyn-ny") {
            // A list of written files that a killed build never put in place.
            let _ = fs::remove_file(e.path());
        }
    }
    olds.sort();
    for old in olds {
        if !output.exists() {
            let _ = fs::rename(&old, output);
        } else if let Err(err) = fs::remove_dir_all(&old) {
            warnings.push(format!(
                "kunde inte ta bort {}, som ett tidigare bygge lämnade: {err}; ta bort mappen själv",
                old.display()
            ));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_interrupted_between_its_two_renames_is_mended() {
        let tmp = tempfile::tempdir().unwrap();
        let parent = tmp.path();
        // Killed after the old output was moved aside and before the new one was moved in.
        fs::create_dir_all(parent.join(".public.insyn-old-7")).unwrap();
        fs::write(parent.join(".public.insyn-old-7/index.html"), "förra").unwrap();
        fs::create_dir_all(parent.join(".public.insyn-tmp-7")).unwrap();
        let output = parent.join("public");
        assert!(recover(parent, "public", &output).is_empty());
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "förra");
        assert!(!parent.join(".public.insyn-tmp-7").exists());
    }

    #[test]
    fn the_manifest_names_what_is_foreign() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("a/b")).unwrap();
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join("a/b/index.html"), "").unwrap();
        fs::write(out.join("CNAME"), "").unwrap();
        let listed: BTreeSet<String> = ["a/b/index.html".to_string()].into();
        assert_eq!(foreign(&out, &listed), [".git", "CNAME"]);
        let marker = marker(tmp.path(), "public");
        write_manifest(&marker, &["a/b/index.html"]).unwrap();
        assert_eq!(manifest(&marker), Some(listed));
    }
}
