//! `--compress`: `.gz` and `.br` beside every text file above a small size, for hosts that
//! serve precompressed files. Byte-identical across builds (no timestamps, no file names).

use crate::render::OutputFile;
use rayon::prelude::*;
use std::io::Write;

/// Files smaller than this gain little from compression.
pub const MIN_SIZE: usize = 1024;

const TEXT_TYPES: [&str; 8] = [".html", ".css", ".js", ".svg", ".json", ".csv", ".xml", ".txt"];

pub fn is_text(path: &str) -> bool {
    TEXT_TYPES.iter().any(|e| path.ends_with(e))
}

/// Whether a file gets compressed companions.
pub fn worth(path: &str, len: usize) -> bool {
    is_text(path) && len >= MIN_SIZE
}

/// The compressed companions of `files`.
pub fn companions(files: &[std::sync::Arc<OutputFile>]) -> Vec<OutputFile> {
    files
        .par_iter()
        .filter(|f| worth(&f.path, f.bytes.len()))
        .flat_map_iter(|f| companions_of(f))
        .collect()
}

/// The `.gz` and `.br` of one file.
pub fn companions_of(f: &OutputFile) -> [OutputFile; 2] {
    [
        OutputFile {
            path: format!("{}.gz", f.path),
            bytes: gzip(&f.bytes),
        },
        OutputFile {
            path: format!("{}.br", f.path),
            bytes: brotli(&f.bytes),
        },
    ]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // GzBuilder writes mtime 0 and no file name unless told to: the output depends on the bytes only.
    let mut enc = flate2::GzBuilder::new().write(Vec::with_capacity(bytes.len() / 3), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        w.write_all(bytes).expect("writing to memory");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn round_trips_and_is_deterministic() {
        let text = "<p>Regionkontoret −599,8</p>".repeat(100);
        let files = vec![
            OutputFile {
                path: "a/index.html".into(),
                bytes: text.clone().into_bytes(),
            },
            OutputFile {
                path: "liten.css".into(),
                bytes: b"body{}".to_vec(),
            },
            OutputFile {
                path: "bild.png".into(),
                bytes: vec![0; 5000],
            },
        ]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect::<Vec<_>>();
        let c = companions(&files);
        assert_eq!(
            c.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["a/index.html.gz", "a/index.html.br"]
        );
        let mut back = String::new();
        flate2::read::GzDecoder::new(&c[0].bytes[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let mut back = String::new();
        brotli::Decompressor::new(&c[1].bytes[..], 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert_eq!(companions(&files), c, "same bytes every time");
    }
}
