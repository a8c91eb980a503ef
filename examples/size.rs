//! The README's size claims, measured: a 50 MB page, and 100 000 files (50 000 pages, 50 000
//! pictures and static files), each built in a process of its own, with its time and peak
//! memory.
//!
//! ```text
//! cargo run --release --example size           # the full sizes
//! cargo run --release --example size -- 100    # a hundredth of them
//! ```
//!
//! The tests build the same sites at a hundredth of the size in every run
//! (`tests/it/hostile.rs`, which includes this file).

use std::path::Path;
use std::time::Instant;

/// The full size of the long page, in bytes.
pub const PAGE_BYTES: usize = 50 * 1024 * 1024;
/// The full number of files.
pub const FILES: usize = 100_000;

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

/// A site with one long report page of about `bytes` bytes (text, links, a table every so
/// often, and HTML that must come out as text). Returns how many sections the page has.
pub fn page_site(root: &Path, bytes: usize) -> usize {
    write(
        &root.join("site.toml"),
        "title = \"Testregionen\"\nbase_url = \"https://example.se/insyn/\"\n",
    );
    write(
        &root.join("content/_index.md"),
        "---\ntitle: Start\n---\n[Stor](stor.md)\n",
    );
    let mut text = String::with_capacity(bytes + 512);
    text.push_str("---\ntitle: Stor\n---\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "## Avsnitt {i}\n\nLöptext med **fetstil**, en [länk](_index.md) och <script>alert({i})</script> som text. Årets resultat blev 72,7 mnkr.\n\n| Post | Utfall |\n|---|--:|\n| A | {i} |\n\n"
        ));
        i += 1;
    }
    write(&root.join("content/stor.md"), &text);
    i
}

/// A site of about `files` files: pages with a picture beside each, and static files.
pub fn many_files_site(root: &Path, files: usize) {
    write(
        &root.join("site.toml"),
        "title = \"Testregionen\"\nbase_url = \"https://example.se/insyn/\"\n",
    );
    write(&root.join("content/_index.md"), "---\ntitle: Start\n---\n");
    let sections = files.div_ceil(1000).max(1);
    let per_section = files / 2 / sections;
    let mut count = 1;
    for s in 0..sections {
        write(
            &root.join(format!("content/s{s}/_index.md")),
            format!("---\ntitle: Avsnitt {s}\n---\n"),
        );
        count += 1;
        for p in 0..per_section {
            write(
                &root.join(format!("content/s{s}/p{p}.md")),
                format!("---\ntitle: Sida {s}.{p}\n---\n![Bild](p{p}.png)\n"),
            );
            write(&root.join(format!("content/s{s}/p{p}.png")), "png");
            count += 2;
        }
    }
    while count < files {
        write(&root.join(format!("static/f/{count}.txt")), "x");
        count += 1;
    }
}

/// Peak memory of this process (Linux), in bytes.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    // A child: build one site and say how long it took and how much memory it used.
    if let Some(i) = args.iter().position(|a| a == "--bygg") {
        let root = Path::new(&args[i + 1]);
        let start = Instant::now();
        let summary = insyn::build(&insyn::BuildOptions {
            root: root.to_path_buf(),
            output: Some(root.join("public")),
            base_url: None,
            drafts: false,
            compress: false,
            progress: false,
        })
        .unwrap_or_else(|d| panic!("{d}"));
        println!(
            "{} filer på {:.1} s, högst {:.2} GB minne",
            summary.files,
            start.elapsed().as_secs_f64(),
            peak_memory().unwrap_or(0) as f64 / 1e9
        );
        return;
    }
    let scale: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
    let tmp = std::env::temp_dir().join(format!("insyn-size-{}", std::process::id()));
    type Make = Box<dyn Fn(&Path)>;
    let cases: [(&str, Make); 2] = [
        (
            "en sida på 50 MB",
            Box::new(move |r: &Path| {
                page_site(r, PAGE_BYTES / scale);
            }),
        ),
        (
            "100 000 filer",
            Box::new(move |r: &Path| many_files_site(r, FILES / scale)),
        ),
    ];
    for (name, make) in cases {
        let root = tmp.join(name.replace(' ', "-"));
        make(&root);
        let out = std::process::Command::new(std::env::current_exe().expect("this program"))
            .args(["--bygg", &root.to_string_lossy()])
            .output()
            .expect("start a build");
        let scaled = if scale > 1 {
            format!(" (1/{scale})")
        } else {
            String::new()
        };
        println!(
            "{name}{scaled}: {}{}",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        let _ = std::fs::remove_dir_all(&root);
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
