//! A page's text left on disk. A build that keeps nothing for a next run does not hold every
//! page's text from reading to rendering (at 100,000 pages, about half a GiB): it reads the
//! text when it reads the page, keeps what it needs of it (front matter, blocks) and a mark
//! of the text, and reads the text again when it renders the page. The file read then must be
//! the same file, unchanged: otherwise the build stops and says so.

use super::files::Found;
use crate::diagnostics::Diagnostic;
use std::hash::Hasher;
use std::path::PathBuf;

/// What a page's text was when it was read: its length and a hash of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    len: usize,
    hash: u64,
}

impl Mark {
    pub fn of(text: &str) -> Mark {
        let mut h = rustc_hash::FxHasher::default();
        h.write(text.as_bytes());
        Mark {
            len: text.len(),
            hash: h.finish(),
        }
    }
}

/// Where to read a page's text again.
#[derive(Debug, Clone)]
pub struct OnDisk {
    pub found: Found,
    /// The file as messages name it.
    pub shown: PathBuf,
    pub mark: Mark,
}

impl OnDisk {
    /// The page's text (after its front matter), as it was when the page was read.
    pub fn read(&self) -> Result<String, Diagnostic> {
        let changed = || {
            Diagnostic::new(&self.shown, 0, "filen ändrades medan webbplatsen byggdes")
                .hint("bygg igen när filen är sparad")
        };
        let mut text = super::read_text(&self.found, &self.shown).map_err(|_| changed())?;
        let body = super::front_matter::split(&text).map(|s| s.body).unwrap_or("");
        if Mark::of(body) != self.mark {
            return Err(changed());
        }
        // The body is the end of the file: the front matter is cut off in place.
        let start = text.len() - body.len();
        text.drain(..start);
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_read_again_only_when_it_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let abs = dir.path().join("sida.md");
        std::fs::write(&abs, "---\ntitle: A\n---\nTexten.\n").unwrap();
        let found = |abs: &std::path::Path| Found {
            rel: "sida.md".into(),
            abs: abs.to_path_buf(),
            stamp: super::super::Stamp::of(&std::fs::symlink_metadata(abs).unwrap()),
        };
        let on_disk = OnDisk {
            found: found(&abs),
            shown: "content/sida.md".into(),
            mark: Mark::of("Texten.\n"),
        };
        assert_eq!(on_disk.read().unwrap(), "Texten.\n");
        // Another text of the same length, written since.
        std::fs::write(&abs, "---\ntitle: A\n---\nTexter.\n").unwrap();
        let err = on_disk.read().unwrap_err();
        assert_eq!(err.message, "filen ändrades medan webbplatsen byggdes");
        assert_eq!(err.file.to_str().unwrap(), "content/sida.md");
        // Even were the file's stamp the same, the text is compared.
        let restamped = OnDisk {
            found: found(&abs),
            ..on_disk
        };
        assert!(restamped.read().is_err());
    }
}
