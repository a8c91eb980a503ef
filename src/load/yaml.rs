//! YAML fragments (front matter and report blocks) read into typed values, with errors that
//! point at a line of the `.md` file and speak the editor's language.

use crate::diagnostics::Diagnostic;
use crate::model::number::{Figure, parse_figure, parse_number};
use crate::model::period::{PERIOD_HINT, Period};
use rust_decimal::Decimal;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::Path;

/// A YAML text cut out of a file, and where it starts there.
#[derive(Debug, Clone)]
pub struct Fragment<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// 1-based line of the file on which `text` begins.
    pub first_line: usize,
}

impl Fragment<'_> {
    /// Deserialize the whole fragment, turning any error into a located diagnostic.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        serde_yaml::from_str::<T>(self.text).map_err(|e| self.diagnostic(&e))
    }

    fn diagnostic(&self, e: &serde_yaml::Error) -> Diagnostic {
        let (line, column) = e.location().map(|l| self.position(&l)).unwrap_or((self.first_line, 0));
        let (message, hint) = humanize(&e.to_string());
        Diagnostic::new(self.file, line, message)
            .at(line, column)
            .maybe_hint(hint)
    }

    /// File line and column of a parser position, counted the way editors count: the YAML
    /// parser also breaks lines at U+0085, U+2028 and U+2029, which editors show inside a
    /// line, so the position is recounted from its byte offset.
    fn position(&self, l: &serde_yaml::Location) -> (usize, usize) {
        let at = self.text.floor_char_boundary(l.index().min(self.text.len()));
        let before = &self.text[..at];
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (self.first_line + before.matches('\n').count(), column)
    }

    /// The file line and column where the value at `path` starts, found by the YAML parser
    /// itself. Used for problems found after parsing (a sum that does not add up).
    pub fn locate(&self, path: &[PathSeg]) -> (usize, usize) {
        self.locate_exact(path).unwrap_or((self.first_line, 0))
    }

    /// Like [`Fragment::locate`], but `None` when the path leads nowhere (a key that is not
    /// there), so that a caller can try another.
    pub fn locate_exact(&self, path: &[PathSeg]) -> Option<(usize, usize)> {
        let probe = Probe { target: path };
        match probe.deserialize(serde_yaml::Deserializer::from_str(self.text)) {
            Err(e) if e.to_string().contains(PROBE_HIT) => e.location().map(|l| self.position(&l)),
            _ => None,
        }
    }
}

/// One step of a path into a YAML value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Key(&'static str),
    Index(usize),
}

const PROBE_HIT: &str = "\u{0}probe";
const PROBE_MISS: &str = "\u{0}miss";

/// Walks a YAML document along `target` and fails on arrival, so that the parser attaches
/// the position of the value reached.
struct Probe<'p> {
    target: &'p [PathSeg],
}

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.target.is_empty() {
            return Err(de::Error::custom(PROBE_HIT));
        }
        while let Some(key) = map.next_key::<String>()? {
            if matches!(&self.target[0], PathSeg::Key(k) if *k == key) {
                return map.next_value_seed(Probe {
                    target: &self.target[1..],
                });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::custom(PROBE_MISS))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.target.is_empty() {
            return Err(de::Error::custom(PROBE_HIT));
        }
        let mut i = 0;
        loop {
            if matches!(self.target[0], PathSeg::Index(n) if n == i) {
                return match seq.next_element_seed(Probe {
                    target: &self.target[1..],
                })? {
                    Some(()) => Ok(()),
                    None => Err(de::Error::custom(PROBE_MISS)),
                };
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom(PROBE_MISS));
            }
            i += 1;
        }
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
}

impl Probe<'_> {
    /// A scalar is the end of the way: the place sought, or a path that leads nowhere.
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        Err(E::custom(if self.target.is_empty() { PROBE_HIT } else { PROBE_MISS }))
    }
}

/// Translate yaml_serde's English into a Swedish message and a hint.
pub fn humanize(raw: &str) -> (String, Option<String>) {
    crate::messages::humanize(raw, crate::messages::Syntax::Yaml)
}

pub use crate::messages::HINT_SEP;

/// A custom deserialization error carrying a Swedish message and a hint.
pub fn custom<E: de::Error>(message: impl fmt::Display, hint: impl fmt::Display) -> E {
    E::custom(format!("{message}{HINT_SEP}{hint}"))
}

/// Read a scalar as its text and convert it with `f`. Errors raised here carry the position
/// of the scalar itself (not of the mapping around it), so editors are sent to the right line.
pub fn scalar<'de, D, T, F>(d: D, expecting: &'static str, f: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Result<T, (String, String)>,
{
    struct V<F>(F, &'static str);
    impl<'de, T, F: FnOnce(&str) -> Result<T, (String, String)>> Visitor<'de> for V<F> {
        type Value = T;
        fn expecting(&self, fm: &mut fmt::Formatter) -> fmt::Result {
            fm.write_str(self.1)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            (self.0)(s).map_err(|(m, h)| custom(m, h))
        }
    }
    d.deserialize_str(V(f, expecting))
}

/// A message and hint for [`scalar`].
pub fn pair(message: impl fmt::Display, hint: impl fmt::Display) -> (String, String) {
    (message.to_string(), hint.to_string())
}

/// An exact number in YAML: a plain scalar or a quoted string, never read through f64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num(pub Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s| {
            parse_number(s).map(Num).map_err(|e| (e.message, e.hint))
        })
    }
}

/// A figure in YAML, with a plus sign kept (`+13`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fig(pub Figure);

impl<'de> Deserialize<'de> for Fig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s| {
            if s.trim().ends_with('%') {
                return Err(pair(
                    format!("\"{}\" innehåller ett procenttecken", s.trim()),
                    "skriv talet utan % och ange enheten med enhet: \"%\"",
                ));
            }
            parse_figure(s).map(|(f, _)| Fig(f)).map_err(|e| (e.message, e.hint))
        })
    }
}

/// A period as editors write it (`2023`, `jan–apr 2024`, `t.o.m. april 2024`), kept with the
/// words they used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodText {
    pub text: String,
    pub period: Period,
}

impl<'de> Deserialize<'de> for PeriodText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s| {
            Period::parse(s)
                .map(|period| PeriodText {
                    text: s.trim().to_string(),
                    period,
                })
                .ok_or_else(|| pair(format!("\"{s}\" är ingen period"), PERIOD_HINT))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Row {
        namn: String,
        utfall: Option<Num>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Table {
        titel: String,
        rader: Vec<Row>,
    }

    fn frag(text: &str) -> Fragment<'_> {
        Fragment {
            file: Path::new("content/a.md"),
            text,
            first_line: 10,
        }
    }

    #[test]
    fn unknown_key_points_at_the_key_with_suggestion() {
        let d = frag("titel: x\nrader:\n  - namn: a\n    utfal: 3\n")
            .parse::<Table>()
            .unwrap_err();
        assert_eq!(d.line, 13);
        assert_eq!(d.message, "okänd nyckel \"utfal\" (i rader[0])");
        assert!(d.hint.unwrap().starts_with("menade du \"utfall\"?"));
    }

    #[test]
    fn decimal_comma_in_flow_mapping_is_explained() {
        let d = frag("titel: x\nrader:\n  - {namn: a, utfall: 72,7}\n")
            .parse::<Table>()
            .unwrap_err();
        assert_eq!(d.line, 12);
        assert!(d.hint.unwrap().contains("decimalkomma"), "hint explains the comma");
    }

    #[test]
    fn bad_number_is_located_at_the_value() {
        let d = frag("titel: x\nrader:\n  - namn: a\n    utfall: 1e400\n")
            .parse::<Table>()
            .unwrap_err();
        assert_eq!((d.line, d.column), (13, 13));
        assert!(d.message.contains("exponentform"), "{}", d.message);
    }

    #[test]
    fn numbers_are_exact_from_plain_scalars() {
        let t: Table = frag("titel: x\nrader:\n  - namn: a\n    utfall: 9.90\n")
            .parse()
            .unwrap();
        assert_eq!(t.rader[0].utfall.unwrap().0.to_string(), "9.90");
    }

    #[test]
    fn locate_finds_rows_and_keys() {
        let text = "titel: x\nrader:\n  - namn: a\n    utfall: 1\n  - namn: b\n    utfall: 2\n";
        let f = frag(text);
        assert_eq!(f.locate(&[PathSeg::Key("rader"), PathSeg::Index(1)]).0, 14);
        assert_eq!(
            f.locate(&[PathSeg::Key("rader"), PathSeg::Index(1), PathSeg::Key("utfall")])
                .0,
            15
        );
        assert_eq!(f.locate(&[PathSeg::Key("titel")]).0, 10);
        // a path that does not exist falls back to the start of the fragment
        assert_eq!(f.locate(&[PathSeg::Key("saknas")]).0, 10);
    }
}

#[cfg(test)]
mod upstream_messages;
