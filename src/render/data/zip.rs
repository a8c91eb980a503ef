//! A zip of a package's files, the same bytes for the same files: every entry dated
//! 1980-01-01 (the format's first day, never the clock), the same permissions, the files in
//! the order given.

use std::io::Write;
use zip::write::SimpleFileOptions;

pub fn archive(files: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // The fastest level: the archives are a convenience beside files that are published
        // uncompressed anyway, and at the default level they took 4 % of a large build.
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(name.as_str(), options)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_files_same_bytes_and_readable() {
        let files = vec![
            ("datapackage.json".to_string(), b"{}\n".to_vec()),
            ("a.csv".to_string(), "\u{feff}a;b\r\n1;2\r\n".as_bytes().to_vec()),
        ];
        let a = archive(&files).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(a, archive(&files).unwrap(), "no clock in the archive");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
        assert_eq!(z.len(), 2);
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name("a.csv").unwrap(), &mut s).unwrap();
        assert_eq!(s, "\u{feff}a;b\r\n1;2\r\n");
        assert_eq!(z.by_index(0).unwrap().name().unwrap(), "datapackage.json");
    }
}
