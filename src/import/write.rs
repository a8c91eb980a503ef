//! Writing the report folder: every file is new, or nothing is written.

use crate::diagnostics::Diagnostic;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder must not exist yet, or be empty.
pub fn check_free(folder: &Path) -> Result<(), Vec<Diagnostic>> {
    match std::fs::read_dir(folder).map(|mut e| e.next().is_some()) {
        Ok(true) => Err(vec![
            Diagnostic::new(folder, 0, "mappen finns redan och är inte tom; ingenting skrevs")
                .hint("ange en ny mapp för rapporten, till exempel content/regionstyrelsen/2024-arsredovisning"),
        ]),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if folder.exists() => Err(vec![
            Diagnostic::new(folder, 0, "finns redan och är ingen mapp; ingenting skrevs")
                .hint("ange en ny mapp för rapporten"),
        ]),
        Err(e) => Err(vec![Diagnostic::new(folder, 0, format!("kan inte läsas: {e}"))]),
    }
}

/// Write `files` (relative to `folder`), each as a new file. Returns the paths written.
pub fn write_all(folder: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    check_free(folder)?;
    std::fs::create_dir_all(folder)
        .map_err(|e| vec![Diagnostic::new(folder, 0, format!("kan inte skapa mappen: {e}"))])?;
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = folder.join(rel);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| vec![Diagnostic::new(&path, 0, format!("kan inte skapa filen: {e}"))])?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("rapport");
        let files = vec![(PathBuf::from("_index.md"), b"a".to_vec())];
        assert_eq!(write_all(&dir, &files).unwrap().len(), 1);
        let again = write_all(&dir, &files).unwrap_err();
        assert!(again[0].message.contains("inte tom"));
        assert_eq!(std::fs::read(dir.join("_index.md")).unwrap(), b"a");
    }
}
