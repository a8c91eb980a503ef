//! Finding the site's files: folders walked in a fixed order; what may not be read refused
//! with the file named (links that lead out of the site or to its hidden files, files that
//! are not regular files, names that break on some systems); and a file read only while it
//! is still the file that was checked.

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use walkdir::WalkDir;

/// Which file a path led to when it was checked, and its size and times: the copy and the
/// read open the path again and go on only if it is still that file; `serve` reads a file
/// again only when its stamp has changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    pub fn of(m: &Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        }
    }

    #[cfg(not(unix))]
    pub fn of(m: &Metadata) -> Stamp {
        let nanos = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| (d.as_secs() as i64, d.subsec_nanos() as i64))
                .unwrap_or_default()
        };
        Stamp {
            dev: 0,
            ino: 0,
            len: m.len(),
            modified: nanos(m.modified()),
            changed: nanos(m.created()),
        }
    }

    /// The same file (on systems without inode numbers: the same size and time).
    fn same_file(&self, other: &Stamp) -> bool {
        if cfg!(unix) {
            (self.dev, self.ino) == (other.dev, other.ino)
        } else {
            (self.len, self.modified) == (other.len, other.modified)
        }
    }
}

/// A file the walk found and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Path below the walked folder, `/`-separated, in Unicode NFC.
    pub rel: String,
    pub abs: PathBuf,
    pub stamp: Stamp,
}

/// Open a path without waiting: a FIFO or a device opened for reading would otherwise block
/// the build for ever.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32 | rustix::fs::OFlags::NOCTTY.bits() as i32);
    }
    o.open(path)
}

fn refused(message: &str) -> std::io::Error {
    std::io::Error::other(message.to_string())
}

/// Open a file the walk found, only if the path still leads to the same regular file. A file
/// swapped for a link (or a FIFO) after it was checked is refused, not read.
pub fn open_found(abs: &Path, stamp: &Stamp) -> std::io::Result<File> {
    let f = open_nonblocking(abs)?;
    let m = f.metadata()?;
    if !m.is_file() {
        return Err(refused("är ingen vanlig fil"));
    }
    if !stamp.same_file(&Stamp::of(&m)) {
        return Err(refused("filen byttes ut under bygget; bygg igen"));
    }
    Ok(f)
}

/// The bytes of a file the walk found (see [`open_found`]).
pub fn read_found(abs: &Path, stamp: &Stamp) -> std::io::Result<Vec<u8>> {
    let f = open_found(abs, stamp)?;
    // One byte more than the stamp's length, so that the read that finds the end needs no
    // larger buffer. Read through `Take`: `File::read_to_end` would first ask the system for
    // the file's size and position again (two calls a file, 40,000 in a 10,000-page build),
    // which the stamp already says.
    let mut bytes = Vec::with_capacity(stamp.len as usize + 1);
    f.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The bytes of a regular file that was not walked (`site.toml`), without blocking on a FIFO.
pub fn read_regular(abs: &Path) -> std::io::Result<Vec<u8>> {
    let mut f = open_nonblocking(abs)?;
    if !f.metadata()?.is_file() {
        return Err(refused("är ingen vanlig fil"));
    }
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Where a path really leads, if that is inside the site and not in (or to) a hidden file
/// or folder of it (`.git/config`, `.env`).
pub fn inside_site(canonical_root: &Path, path: &Path) -> Result<PathBuf, &'static str> {
    let target = path
        .canonicalize()
        .map_err(|_| "pekar utanför webbplatsens mapp (eller till ingenting)")?;
    let rel = target
        .strip_prefix(canonical_root)
        .map_err(|_| "pekar utanför webbplatsens mapp (eller till ingenting)")?;
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err("pekar på en dold fil eller mapp i webbplatsen");
    }
    Ok(target)
}

/// The site root as the system names it, so that link targets can be compared with it.
pub fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Walk `dir` in sorted order, skipping hidden files and folders, reporting what may not be
/// read. Symbolic links to files inside the site are followed; to folders, not.
pub fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics, mut found: impl FnMut(Found)) {
    let canonical_root = canonical_root(root);
    let link_hint = "kopiera filen in i webbplatsen i stället för att länka till den";
    // The walk follows `dir` itself when it is a symbolic link, so it must lead inside too.
    if let Err(why) = inside_site(&canonical_root, dir) {
        let what = if dir.is_symlink() {
            "mappen är en symbolisk länk som "
        } else {
            "mappen "
        };
        diags.push(Diagnostic::new(display_path(root, dir), 0, format!("{what}{why}")).hint(link_hint));
        return;
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                diags.push(Diagnostic::new(p, 0, format!("kan inte läsas: {e}")));
                continue;
            }
        };
        let path = entry.path();
        // Only a problem names the file: most entries have none.
        let shown = || display_path(root, path);
        let stamp = if entry.path_is_symlink() {
            match inside_site(&canonical_root, path) {
                Ok(target) if target.is_dir() => continue,
                Ok(target) => match (std::fs::metadata(&target), std::fs::metadata(path)) {
                    // The link must still lead to the target that was checked.
                    (Ok(t), Ok(p)) if t.is_file() && Stamp::of(&t).same_file(&Stamp::of(&p)) => Stamp::of(&t),
                    (Ok(t), _) if !t.is_file() => {
                        diags.push(
                            Diagnostic::new(shown(), 0, "symbolisk länk pekar på något som inte är en vanlig fil")
                                .hint(link_hint),
                        );
                        continue;
                    }
                    _ => {
                        diags.push(Diagnostic::new(
                            shown(),
                            0,
                            "symbolisk länk ändrades under bygget; bygg igen",
                        ));
                        continue;
                    }
                },
                Err(why) => {
                    diags.push(Diagnostic::new(shown(), 0, format!("symbolisk länk {why}")).hint(link_hint));
                    continue;
                }
            }
        } else if entry.file_type().is_dir() {
            continue;
        } else if entry.file_type().is_file() {
            match entry.metadata() {
                Ok(m) => Stamp::of(&m),
                Err(e) => {
                    diags.push(Diagnostic::new(shown(), 0, format!("kan inte läsas: {e}")));
                    continue;
                }
            }
        } else {
            diags.push(
                Diagnostic::new(
                    shown(),
                    0,
                    "är ingen vanlig fil (utan till exempel en FIFO eller en enhet)",
                )
                .hint("ta bort den ur webbplatsens mapp, eller byt namn så att namnet börjar med punkt"),
            );
            continue;
        };
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let Some(rel) = rel_to_string(rel) else {
            diags.push(Diagnostic::new(shown(), 0, "filnamnet är inte giltig UTF-8").hint("byt namn på filen"));
            continue;
        };
        if let Some(problem) = unsafe_name(&rel) {
            diags.push(Diagnostic::new(shown(), 0, problem).hint("byt namn på filen eller mappen"));
            continue;
        }
        found(Found {
            rel,
            abs: path.to_path_buf(),
            stamp,
        });
    }
}

/// A path below a walked folder as the site names it: `/`-separated and in Unicode NFC, so
/// that a name saved decomposed (as macOS does) gives the same address as one saved composed.
fn rel_to_string(rel: &Path) -> Option<String> {
    let mut out = String::with_capacity(rel.as_os_str().len());
    for c in rel.components() {
        let part = c.as_os_str().to_str()?;
        if !out.is_empty() {
            out.push('/');
        }
        // Most names are NFC already (all of ASCII is): only the others are composed.
        if unicode_normalization::is_nfc(part) {
            out.push_str(part);
        } else {
            out.extend(part.nfc());
        }
    }
    Some(out)
}

/// Names that break on some web hosts or file systems.
fn unsafe_name(rel: &str) -> Option<String> {
    for part in rel.split('/') {
        if crate::policy::windows_reserved(part) {
            return Some(format!(
                "namnet \"{part}\" är reserverat i Windows och kan inte publiceras överallt"
            ));
        }
        if part.ends_with(['.', ' ']) {
            return Some(format!(
                "namnet \"{part}\" slutar med punkt eller mellanslag, vilket Windows inte tillåter"
            ));
        }
        if part.len() > 200 {
            return Some(format!(
                "namnet \"{}…\" är längre än 200 tecken",
                &part[..part.floor_char_boundary(40)]
            ));
        }
        if part.chars().any(|c| c.is_control() || "<>:\"\\|?*".contains(c)) {
            return Some(format!(
                "namnet \"{part}\" innehåller tecken som inte fungerar i webbadresser eller i Windows"
            ));
        }
    }
    None
}

/// The extension of a file name in lower case (`Sida.MD` → `md`): extensions decide what a
/// file is whatever their case.
pub fn extension(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_found_file_is_read_whole_at_any_size() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0usize, 1, 4095, 4096, 4097, 70_000, 1 << 20] {
            let path = dir.path().join(format!("f{len}.md"));
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
            assert_eq!(read_found(&path, &stamp).unwrap(), bytes, "{len} bytes");
        }
    }

    #[test]
    fn a_file_edited_after_the_walk_is_read_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "kort").unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
        let longer = "längre än förut ".repeat(1000);
        std::fs::write(&path, &longer).unwrap();
        assert_eq!(read_found(&path, &stamp).unwrap(), longer.as_bytes());
        std::fs::write(&path, "").unwrap();
        assert_eq!(read_found(&path, &stamp).unwrap(), b"");
    }

    #[test]
    fn reserved_and_odd_names() {
        assert!(unsafe_name("a/CON.md").is_some());
        assert!(unsafe_name("a/b?.md").is_some());
        assert!(unsafe_name("a/lpt1.tar.gz").is_some());
        assert!(unsafe_name("mapp./a.md").is_some());
        assert!(unsafe_name("console.md").is_none());
        assert!(unsafe_name("regionstyrelsen/2023-årsredovisning/_index.md").is_none());
    }

    #[test]
    fn names_are_composed() {
        let decomposed = "a\u{030a}rsredovisning/_index.md";
        assert_eq!(
            rel_to_string(Path::new(decomposed)).unwrap(),
            "årsredovisning/_index.md"
        );
        // Composed, plain and mixed names, at any depth, as composing each part would give.
        for rel in [
            "_index.md",
            "region-halland/2024-arsredovisning/01-forvaltning.md",
            "årsredovisning/Ekonomi och mål.md",
            "a\u{030a}r/o\u{0308}versikt/bild.png",
            "kommun/Ångström\u{212B}.md",
        ] {
            let composed: Vec<String> = rel.split('/').map(|p| p.nfc().collect()).collect();
            assert_eq!(rel_to_string(Path::new(rel)).unwrap(), composed.join("/"), "{rel}");
        }
    }

    #[test]
    fn extensions_ignore_case() {
        assert_eq!(extension("a/Sida.MD"), "md");
        assert_eq!(extension("a/.md"), "");
        assert_eq!(extension("bild.Png"), "png");
        assert_eq!(extension("README"), "");
    }
}
