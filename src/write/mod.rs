//! Write: the rendered site (pages and data files), feeds and copied files go into a staging
//! directory beside the output, which replaces the output only when everything succeeded.
//! A failed or interrupted build leaves the previous output exactly as it was.

pub mod compress;
pub mod feeds;
pub mod links;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::render::{OutputFile, Rendered};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The file beside an output directory (`.public.insyn` for `public/`) that marks it as
/// insyn's own, so that it may be replaced. It lies outside the directory, so copying the
/// directory to a web host never publishes it.
pub fn marker(parent: &Path, name: &str) -> std::path::PathBuf {
    parent.join(format!(".{name}.insyn"))
}

/// Everything that goes into the output, in memory or as files to copy.
pub struct Plan {
    pub files: Vec<OutputFile>,
    pub copies: Vec<(String, PathBuf)>,
}

/// Assemble the output: rendered pages and data files, feeds, and files to copy; with `compress`, also
/// `.gz` and `.br` beside every text file worth compressing.
pub fn plan(site: &Site, rendered: Rendered, compress: bool) -> Result<Plan, Diagnostics> {
    let mut files = rendered.files;
    files.push(feeds::sitemap(site));
    files.push(feeds::atom(site));
    if !site.static_files.iter().any(|f| f.rel == "robots.txt") {
        files.push(feeds::robots(site));
    }
    let mut copies: Vec<(String, PathBuf)> = Vec::new();
    for (f, path) in &site.content_files {
        copies.push((path.trim_start_matches('/').to_string(), f.abs.clone()));
    }
    for f in &site.static_files {
        copies.push((f.rel.clone(), f.abs.clone()));
    }
    let mut seen = BTreeSet::new();
    let mut diags = Diagnostics::new();
    for p in files.iter().map(|f| &f.path).chain(copies.iter().map(|c| &c.0)) {
        if !safe_relative(p) {
            diags.push(Diagnostic::new(p, 0, "utdatafilens sökväg är inte säker").hint("byt namn på filen"));
        } else if !seen.insert(p.clone()) {
            diags.push(
                Diagnostic::new(p, 0, format!("två filer ska skrivas till {p}"))
                    .hint("en fil i static/ eller bredvid en sida har samma namn som en sida eller en genererad fil; byt namn på den"),
            );
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    copies.sort();
    diags.into_result(())?;
    let mut plan = Plan { files, copies };
    links::verify(&plan, &site.config.base_path)?;
    if compress {
        let extra = compress::companions(&plan.files);
        plan.files.extend(extra);
        plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(plan)
}

fn safe_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !crate::load::windows_reserved(s))
}

/// Write the plan to `output` atomically. Returns the number of files written.
pub fn write(plan: &Plan, output: &Path) -> Result<usize, Diagnostic> {
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
    recover(parent, name, output);
    if output.exists() {
        if !output.is_dir() {
            return Err(Diagnostic::new(&shown, 0, "utdatamappen finns redan men är en fil")
                .hint("ta bort filen eller välj en annan mapp med --output"));
        }
        let empty = fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !marker(parent, name).exists() {
            return Err(Diagnostic::new(
                &shown,
                0,
                "mappen finns redan och innehåller annat än en tidigare insyn-byggd webbplats",
            )
            .hint("insyn ersätter bara sin egen utdata; töm mappen eller välj en annan med --output"));
        }
    }
    let staging = parent.join(format!(".{name}.insyn-tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = write_into(plan, &staging);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail("kunde inte skriva utdata", e));
    }
    fs::write(
        marker(parent, name),
        "Mappen bredvid skapades av insyn build och ersätts vid nästa bygge.\n",
    )
    .map_err(|e| fail("kan inte skriva markeringsfilen", e))?;
    // Where the system can, the new output and the old change places in one step, so that
    // there is no moment without an output; the staging name then holds the old one.
    if output.is_dir() && exchange(&staging, output).is_ok() {
        let _ = fs::remove_dir_all(&staging);
        return Ok(plan.files.len() + plan.copies.len());
    }
    let old = parent.join(format!(".{name}.insyn-old-{}", std::process::id()));
    if output.exists() {
        fs::rename(output, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            fail("kunde inte flytta undan den tidigare utdatan", e)
        })?;
    }
    if let Err(e) = fs::rename(&staging, output) {
        let _ = fs::rename(&old, output);
        let _ = fs::remove_dir_all(&staging);
        return Err(fail("kunde inte byta in den nya utdatan", e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(plan.files.len() + plan.copies.len())
}

/// Swap two directories atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (a, b) = (
        CString::new(a.as_os_str().as_bytes())?,
        CString::new(b.as_os_str().as_bytes())?,
    );
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere the output is swapped by two renames, and [`recover`] mends an interruption
/// between them at the next build.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Clean up after a build that was killed: a missing output with an old copy beside it is
/// restored; leftover staging directories are removed.
fn recover(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut olds = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.insyn-tmp-")) {
            let _ = fs::remove_dir_all(e.path());
        } else if n.starts_with(&format!(".{name}.insyn-old-")) {
            olds.push(e.path());
        }
    }
    olds.sort();
    for old in olds {
        if !output.exists() {
            let _ = fs::rename(&old, output);
        } else {
            let _ = fs::remove_dir_all(&old);
        }
    }
}

fn write_into(plan: &Plan, dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for p in plan
        .files
        .iter()
        .map(|f| &f.path)
        .chain(plan.copies.iter().map(|c| &c.0))
    {
        if let Some((d, _)) = p.rsplit_once('/') {
            dirs.insert(dir.join(d));
        }
    }
    // Leaf directories in parallel; create_dir_all makes the parents and tolerates a sibling
    // thread having made them first.
    let leaves: Vec<&PathBuf> = dirs
        .iter()
        .filter(|d| {
            !dirs
                .range::<PathBuf, _>((std::ops::Bound::Excluded(*d), std::ops::Bound::Unbounded))
                .next()
                .is_some_and(|n| n.starts_with(d))
        })
        .collect();
    leaves.par_iter().try_for_each(fs::create_dir_all)?;
    plan.files
        .par_iter()
        .try_for_each(|f| fs::write(dir.join(&f.path), &f.bytes))?;
    plan.copies
        .par_iter()
        .try_for_each(|(to, from)| fs::copy(from, dir.join(to)).map(|_| ()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_only() {
        assert!(safe_relative("a/b/index.html"));
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(!safe_relative("a//b"));
    }
}
