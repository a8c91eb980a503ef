//! A table's rows read from a spreadsheet beside the page, so that the controller's export is
//! the source and no figure is retyped:
//!
//! ````text
//! ```tabell
//! titel: Resultaträkning
//! kolumner: [Post, Utfall, Budget]
//! rader: {fil: resultat.xlsx, blad: Blad1, område: A2:C20}
//! ```
//! ````
//!
//! `.xlsx`, `.ods` and `.csv` are read. The file must lie in the page's folder or below it
//! (no `..`, no absolute path, no symbolic link out of the site). In an `.xlsx` file, bold rows
//! are sums and "Varav" rows are varav rows, as in pasted text (see [`super::rows`]).
//!
//! **Numbers are exact.** Spreadsheets store numbers as binary floating point: a cell that
//! shows `0,3` may hold 0.30000000000000004 (the sum 0.1 + 0.2), and the `<v>` text in an
//! `.xlsx` file is that same double written out, so reading the text instead would not help.
//! What the report publishes is what the cell *shows*. So a value is first rounded to 15
//! significant digits — all that a spreadsheet keeps exactly (Excel and LibreOffice compute
//! and show at most 15); the digits past them are the noise of the binary form — which gives
//! back the decimal that was typed or computed (0.3). Then, when the cell's number format
//! fixes the decimals (`0,0`, `# ##0,00`, `0,0 %`), it is rounded half away from zero to those
//! decimals and keeps them (`72,70` stays two decimals), as the page and the rounding checks
//! need. A percent format gives the percent figure (`0,0403` shown as `4,0 %` is 4,0 %).
//! `.ods` files are read through the same reader without their formats: their values are
//! taken to 15 significant digits. `.csv` files are text and read as written.

use super::rows::{MarkedLine, shape};
use super::tables::RawRows;
use calamine::{Data, Reader};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};

/// `rader: {fil: …, blad: …, område: …}`
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SheetRef {
    pub fil: String,
    pub blad: Option<String>,
    #[serde(rename = "område")]
    pub omrade: Option<String>,
}

/// Where the rows of a table came from: the spreadsheet (as messages name it) and the column
/// of the row labels, for locating a problem in a cell.
#[derive(Debug, Clone)]
pub struct SheetSource {
    pub file: PathBuf,
    pub first_col: usize,
}

/// Read the rows a reference names, for the page `page` (its path as messages name it,
/// relative to `root`). Errors name the page's line of `rader:`, which the caller adds.
pub fn read(sheet: &SheetRef, root: &Path, page: &Path) -> Result<(RawRows, SheetSource), (String, String)> {
    let (abs, shown) = resolve(&sheet.fil, root, page)?;
    let ext = abs
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let area = match &sheet.omrade {
        Some(a) => Some(Area::parse(a).ok_or_else(|| {
            (
                format!("området \"{a}\" går inte att läsa"),
                "skriv området som i kalkylprogrammet, från cellen uppe till vänster till cellen nere till höger: A2:F20".to_string(),
            )
        })?),
        None => None,
    };
    let grid = match ext.as_str() {
        "xlsx" | "xlsm" => xlsx(&abs, sheet.blad.as_deref()),
        "ods" => ods(&abs, sheet.blad.as_deref()),
        "csv" | "txt" => {
            if sheet.blad.is_some() {
                return Err((
                    "en csv-fil har inga blad".into(),
                    "ta bort blad: (bara .xlsx och .ods har blad)".into(),
                ));
            }
            csv(&abs, &shown)
        }
        _ => Err((
            format!("Insyn kan inte läsa tabeller ur filen \"{}\"", sheet.fil),
            "ange en fil som slutar på .xlsx, .ods eller .csv".into(),
        )),
    }?;
    let area = area.unwrap_or(Area {
        rows: (0, grid.cells.len().saturating_sub(1)),
        cols: (0, grid.cells.iter().map(Vec::len).max().unwrap_or(1).saturating_sub(1)),
    });
    let mut lines = Vec::new();
    for r in area.rows.0..=area.rows.1 {
        let row = grid.cells.get(r).map(Vec::as_slice).unwrap_or(&[]);
        let field = |c: usize| row.get(c).cloned().unwrap_or_default();
        let fields: Vec<GridCell> = (area.cols.0..=area.cols.1).map(field).collect();
        if fields.iter().all(|f| f.text.trim().is_empty()) {
            continue;
        }
        let label = &fields[0];
        lines.push(MarkedLine {
            label: label.text.trim().to_string(),
            cells: fields[1..].iter().map(|f| f.text.trim().to_string()).collect(),
            bold: label.bold,
            italic: label.italic,
            line: r,
        });
    }
    if lines.is_empty() {
        return Err((
            format!("området i \"{}\" har inga rader med text eller tal", sheet.fil),
            "kontrollera blad: och område: mot filen".into(),
        ));
    }
    if lines.len() > super::MAX_TABLE_ROWS {
        return Err((
            format!(
                "området har {} rader; högst {} ryms i en tabell",
                lines.len(),
                super::MAX_TABLE_ROWS
            ),
            "välj ett mindre område".into(),
        ));
    }
    Ok((
        RawRows(shape(&lines), None),
        SheetSource {
            file: shown,
            first_col: area.cols.0,
        },
    ))
}

/// The file, inside the page's folder: (on disk, as messages name it).
fn resolve(name: &str, root: &Path, page: &Path) -> Result<(PathBuf, PathBuf), (String, String)> {
    let rel = Path::new(name);
    let outside = || {
        (
            format!("filen \"{name}\" ligger inte bredvid sidan"),
            "lägg filen i sidans mapp och skriv bara dess namn, till exempel fil: resultat.xlsx".to_string(),
        )
    };
    if name.trim().is_empty()
        || rel.is_absolute()
        || name.contains('\\')
        || rel.components().any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(outside());
    }
    let page_dir = page.parent().unwrap_or(Path::new(""));
    let shown = page_dir.join(rel);
    let abs = root.join(&shown);
    let site = root.canonicalize().map_err(|_| outside())?;
    let real = abs.canonicalize().map_err(|_| {
        (
            format!("filen \"{name}\" finns inte bredvid sidan"),
            format!("lägg filen i {} (eller rätta namnet)", page_dir.display()),
        )
    })?;
    if !real.starts_with(site.join("content")) || !real.is_file() {
        return Err(outside());
    }
    Ok((abs, shown))
}

/// A rectangle of cells, 0-based and inclusive: `A2:F20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Area {
    rows: (usize, usize),
    cols: (usize, usize),
}

impl Area {
    fn parse(text: &str) -> Option<Area> {
        let (a, b) = text.trim().split_once(':')?;
        let (r0, c0) = cell_ref(a)?;
        let (r1, c1) = cell_ref(b)?;
        (r0 <= r1 && c0 <= c1).then_some(Area {
            rows: (r0, r1),
            cols: (c0, c1),
        })
    }
}

/// `B7` → (6, 1); `$B$7` too.
fn cell_ref(text: &str) -> Option<(usize, usize)> {
    let t: String = text.trim().chars().filter(|c| *c != '$').collect();
    let split = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = t.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize);
    let row: usize = digits.parse().ok().filter(|r| (1..=1_048_576).contains(r))?;
    Some((row - 1, col - 1))
}

/// The name of a column: 0 → A, 27 → AB.
pub fn column_name(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[derive(Debug, Clone, Default)]
struct GridCell {
    text: String,
    bold: bool,
    italic: bool,
}

/// A sheet's cells as the text they show, by 0-based row and column.
struct Grid {
    cells: Vec<Vec<GridCell>>,
}

fn sheet_name(names: Vec<String>, wanted: Option<&str>) -> Result<String, (String, String)> {
    match wanted {
        None => names.into_iter().next().ok_or_else(|| {
            (
                "filen har inga blad".to_string(),
                "kontrollera att filen är ett kalkylark".to_string(),
            )
        }),
        Some(w) if names.iter().any(|n| n == w) => Ok(w.to_string()),
        Some(w) => Err((
            format!("filen har inget blad som heter \"{w}\""),
            format!("bladen heter {}", names.join(", ")),
        )),
    }
}

fn unreadable(e: impl std::fmt::Display) -> (String, String) {
    (
        format!("kalkylarket kan inte läsas: {e}"),
        "spara filen på nytt från kalkylprogrammet (som .xlsx, .ods eller .csv)".to_string(),
    )
}

fn xlsx(path: &Path, wanted: Option<&str>) -> Result<Grid, (String, String)> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(unreadable)?;
    let name = sheet_name(book.sheet_names(), wanted)?;
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    let styles = book.worksheet_style(&name).map_err(unreadable)?;
    Ok(grid(&range, |pos| {
        let style = styles.get(pos);
        let font = style.and_then(|s| s.font.as_ref());
        let format = style
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.as_str());
        (
            format.map(Shown::from_format).unwrap_or(Shown::General),
            font.is_some_and(|f| f.is_bold()),
            font.is_some_and(|f| f.is_italic()),
        )
    }))
}

fn ods(path: &Path, wanted: Option<&str>) -> Result<Grid, (String, String)> {
    let mut book: calamine::Ods<_> = calamine::open_workbook(path).map_err(unreadable)?;
    let name = sheet_name(book.sheet_names(), wanted)?;
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    Ok(grid(&range, |_| (Shown::General, false, false)))
}

fn grid(range: &calamine::Range<Data>, style: impl Fn((u32, u32)) -> (Shown, bool, bool)) -> Grid {
    let mut cells: Vec<Vec<GridCell>> = Vec::new();
    let Some(end) = range.end() else {
        return Grid { cells };
    };
    for (r, c, value) in range.used_cells() {
        let (r, c) = (
            r + range.start().map_or(0, |s| s.0 as usize),
            c + range.start().map_or(0, |s| s.1 as usize),
        );
        let (shown, bold, italic) = style((r as u32, c as u32));
        let text = match value {
            Data::Float(f) => shown.text(*f),
            Data::Int(i) => shown.text(*i as f64),
            Data::Empty => String::new(),
            other => other.to_string(),
        };
        if cells.len() <= r {
            cells.resize(r + 1, Vec::new());
        }
        if cells[r].len() <= c {
            cells[r].resize(c + 1, GridCell::default());
        }
        cells[r][c] = GridCell { text, bold, italic };
    }
    cells.resize(cells.len().max(end.0 as usize + 1), Vec::new());
    Grid { cells }
}

fn csv(path: &Path, shown: &Path) -> Result<Grid, (String, String)> {
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let text = crate::load::decode_text(bytes, shown).map_err(|d| (d.message, d.hint.unwrap_or_default()))?;
    // Swedish spreadsheet programs export with semicolons (the comma is the decimal sign);
    // others with commas or tabs. The first line tells.
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| (first.matches(*d as char).count(), *d == b';'))
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        cells.push(
            record
                .iter()
                .map(|f| GridCell {
                    text: f.to_string(),
                    ..Default::default()
                })
                .collect(),
        );
    }
    Ok(Grid { cells })
}

/// How a number format shows a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// As many digits as the value needs (the `General` format, and `.ods`).
    General,
    /// A fixed number of decimals, maybe as a percent.
    Fixed { decimals: u32, percent: bool },
}

impl Shown {
    /// From a format code such as `#,##0.0`, `0.00%` or `#,##0;[Red]-#,##0` (the first
    /// section shows positive numbers and sets the decimals for all of them).
    fn from_format(code: &str) -> Shown {
        let mut section = String::new();
        let (mut quoted, mut bracket, mut escaped) = (false, false, false);
        for c in code.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = !quoted,
                '[' if !quoted => bracket = true,
                ']' if !quoted => bracket = false,
                ';' if !quoted && !bracket => break,
                _ if quoted || bracket => {}
                c => section.push(c),
            }
        }
        let lower = section.to_lowercase();
        if lower.trim() == "general" || lower.contains('e') || !section.contains(['0', '#', '?']) {
            return Shown::General;
        }
        let decimals = section
            .split_once('.')
            .map(|(_, d)| {
                d.chars()
                    .take_while(|c| matches!(c, '0' | '#' | '?' | ','))
                    .filter(|c| *c != ',')
                    .count()
            })
            .unwrap_or(0) as u32;
        Shown::Fixed {
            decimals,
            percent: section.contains('%'),
        }
    }

    /// The value as the cell shows it, in a form the number parser reads (`-5259`, `4.0%`).
    fn text(self, value: f64) -> String {
        let Some(exact) = fifteen_digits(value) else {
            return value.to_string();
        };
        match self {
            Shown::General => exact.normalize().to_string(),
            Shown::Fixed { decimals, percent } => {
                let v = if percent { exact * Decimal::ONE_HUNDRED } else { exact };
                let mut v = v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
                v.rescale(decimals);
                if v.is_zero() {
                    v.set_sign_positive(true);
                }
                if percent { format!("{v}%") } else { v.to_string() }
            }
        }
    }
}

/// A double as the decimal it stands for: rounded to 15 significant digits.
fn fifteen_digits(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    Decimal::from_scientific(&format!("{value:.14e}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_computed_float_is_the_decimal_it_shows() {
        let sum = 0.1 + 0.2;
        assert_ne!(sum, 0.3);
        assert_eq!(Shown::General.text(sum), "0.3");
        assert_eq!(Shown::from_format("0.0").text(sum), "0.3");
        assert_eq!(
            Shown::from_format("0.00").text(72.7),
            "72.70",
            "the shown decimals are kept"
        );
        assert_eq!(Shown::from_format("#,##0").text(-5259.4), "-5259");
        assert_eq!(Shown::from_format("#,##0").text(0.5), "1", "half away from zero");
        assert_eq!(Shown::from_format("#,##0").text(-0.4), "0", "no negative zero");
        assert_eq!(Shown::from_format("0.0%").text(-0.0403), "-4.0%");
        assert_eq!(Shown::from_format("#,##0.0;[Red]-#,##0.0").text(-8.45), "-8.5");
        assert_eq!(Shown::from_format("0.00E+00"), Shown::General);
        assert_eq!(Shown::from_format("General"), Shown::General);
        assert_eq!(Shown::from_format("\"kr\" 0.0").text(3.0), "3.0");
        assert_eq!(Shown::General.text(1234567.891), "1234567.891");
        assert_eq!(Shown::General.text(130555.0), "130555");
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("$F$20"), Some((19, 5)));
        assert_eq!(cell_ref("ab3"), Some((2, 27)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("1A"), None);
        assert_eq!(
            Area::parse("A2:F20"),
            Some(Area {
                rows: (1, 19),
                cols: (0, 5)
            })
        );
        assert_eq!(Area::parse("F20:A2"), None);
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn only_files_beside_the_page() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/r")).unwrap();
        std::fs::write(root.join("content/r/a.csv"), "A;1\n").unwrap();
        std::fs::write(root.join("hemlig.csv"), "A;1\n").unwrap();
        let page = Path::new("content/r/sida.md");
        assert!(resolve("a.csv", root, page).is_ok());
        for bad in ["../../hemlig.csv", "/etc/passwd", "./a.csv", "", "saknas.csv"] {
            assert!(resolve(bad, root, page).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("hemlig.csv"), root.join("content/r/lank.csv")).unwrap();
            let e = resolve("lank.csv", root, page).unwrap_err();
            assert!(e.0.contains("ligger inte bredvid sidan"), "{e:?}");
        }
    }

    #[test]
    fn csv_rows_with_semicolons_and_decimal_commas() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(
            root.join("content/a.csv"),
            "\u{feff}Post;Utfall\r\nA;1,5\r\n;;\r\nVarav B;0,5\r\nC;\"2 000\"\r\n",
        )
        .unwrap();
        let r = SheetRef {
            fil: "a.csv".into(),
            blad: None,
            omrade: Some("A2:B5".into()),
        };
        let (rows, src) = read(&r, root, Path::new("content/sida.md")).unwrap();
        assert_eq!(src.file, Path::new("content/a.csv"));
        assert_eq!(rows.0.len(), 2);
        assert_eq!(rows.0[0].split().unwrap(), ("A".to_string(), vec!["1,5".to_string()]));
        assert_eq!(rows.0[0].varav.len(), 1);
        assert_eq!(rows.0[1].line, Some(4));
    }
}
