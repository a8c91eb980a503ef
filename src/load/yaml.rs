//! YAML fragments (front matter and report blocks) read into typed values, with errors that
//! point at a line of the `.md` file and speak the editor's language.

use crate::diagnostics::{Diagnostic, suggestion_hint};
use crate::load::number::parse_number;
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
        let probe = Probe { target: path };
        match probe.deserialize(serde_yaml::Deserializer::from_str(self.text)) {
            Err(e) if e.to_string().starts_with(PROBE_HIT) || e.location().is_some() => {
                e.location().map(|l| self.position(&l)).unwrap_or((self.first_line, 0))
            }
            _ => (self.first_line, 0),
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
        Err(de::Error::custom(PROBE_HIT))
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
                    None => Err(de::Error::custom(PROBE_HIT)),
                };
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom(PROBE_HIT));
            }
            i += 1;
        }
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(PROBE_HIT))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(PROBE_HIT))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(PROBE_HIT))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(PROBE_HIT))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(PROBE_HIT))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(PROBE_HIT))
    }
}

/// Translate serde's English into a Swedish message and a hint.
pub fn humanize(raw: &str) -> (String, Option<String>) {
    // yaml_serde writes "path: message at line L column C".
    let mut msg = raw.to_string();
    if let Some(i) = msg.rfind(" at line ") {
        msg.truncate(i);
    }
    let (path, body) = match msg.split_once(": ") {
        Some((p, b)) if !p.contains(' ') && !p.is_empty() => (Some(p.to_string()), b.to_string()),
        _ => (None, msg.clone()),
    };
    // A path inside lists and tables helps; a single top-level key is already on the line.
    let place = path
        .as_ref()
        .filter(|p| p.contains(['.', '[']))
        .map(|p| format!(" (i {p})"))
        .unwrap_or_default();
    let ticks = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    if let Some(rest) = body.strip_prefix("unknown field ") {
        let names = ticks(rest);
        if let Some((word, valid)) = names.split_first() {
            let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
            let mut hint = suggestion_hint(word, &valid, "nycklar");
            if word.chars().all(|c| c.is_ascii_digit()) {
                hint = format!(
                    "ett decimalkomma inom {{ }} delar talet i två; skriv talet inom citattecken (\"72,7\") eller en nyckel per rad. {hint}"
                );
            }
            return (format!("okänd nyckel \"{word}\"{place}"), Some(hint));
        }
    }
    if let Some(rest) = body.strip_prefix("unknown variant ") {
        let names = ticks(rest);
        if let Some((word, valid)) = names.split_first() {
            let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
            return (
                format!("okänt värde \"{word}\"{place}"),
                Some(suggestion_hint(word, &valid, "värden")),
            );
        }
    }
    if let Some(rest) = body.strip_prefix("missing field ") {
        let name = ticks(rest).into_iter().next().unwrap_or_default();
        return (
            format!("nyckeln \"{name}\" saknas{place}"),
            Some(format!("lägg till en rad \"{name}: …\"")),
        );
    }
    if let Some(rest) = body.strip_prefix("duplicate field ") {
        let name = ticks(rest).into_iter().next().unwrap_or_default();
        return (
            format!("nyckeln \"{name}\" står två gånger{place}"),
            Some("ta bort den ena".into()),
        );
    }
    if let Some(rest) = body.strip_prefix("invalid type: ")
        && let Some((got, want)) = rest.split_once(", expected ")
    {
        // An integer too large for its key: the same kind, another size.
        if sv_type(got) == sv_type(want) && got.trim_start().starts_with("integer") {
            let key = path.as_deref().unwrap_or("talet");
            return (
                format!(
                    "{key} är för stort{place}: {}",
                    got.trim_start_matches("integer ")
                        .split(" as ")
                        .next()
                        .unwrap_or("")
                        .trim_matches('`')
                ),
                Some("skriv ett heltal mellan -9223372036854775808 och 9223372036854775807".into()),
            );
        }
        return (
            format!(
                "fel sorts värde{place}: fick {}, väntade {}",
                sv_type(got),
                sv_type(want)
            ),
            None,
        );
    }
    if body.starts_with("invalid value: ") || body.starts_with("invalid length ") {
        return (format!("ogiltigt värde{place}: {body}"), None);
    }
    if let Some((m, h)) = body.split_once(HINT_SEP) {
        return (format!("{m}{place}"), Some(h.to_string()));
    }
    if path.is_none() && !body.is_ascii() {
        return (body, None);
    }
    (format!("YAML: {body}{place}"), yaml_syntax_hint(&body))
}

fn yaml_syntax_hint(body: &str) -> Option<String> {
    if body.contains("mapping values are not allowed") {
        Some("ett kolon följt av mellanslag i en text tolkas som en ny nyckel; sätt texten inom citattecken".into())
    } else if body.contains("did not find expected") || body.contains("found character that cannot start") {
        Some("kontrollera indrag (mellanslag, inte tabb) och citattecken".into())
    } else {
        None
    }
}

fn sv_type(t: &str) -> String {
    let t = t.trim();
    let words = [
        ("sequence", "en lista"),
        ("a sequence", "en lista"),
        ("map", "en tabell av nycklar"),
        ("a map", "en tabell av nycklar"),
        ("a string", "en text"),
        ("string", "en text"),
        ("unit value", "ett tomt värde"),
        ("a boolean", "true eller false"),
        ("boolean", "true eller false"),
        ("i64", "ett heltal"),
        ("u64", "ett heltal"),
        ("integer", "ett heltal"),
        ("floating point", "ett tal"),
    ];
    for (en, sv) in words {
        if t == en || t.starts_with(&format!("{en} ")) || t.starts_with(&format!("{en} `")) {
            return sv.to_string();
        }
    }
    if t.starts_with("struct ") {
        return "en tabell av nycklar".into();
    }
    t.to_string()
}

/// Separates message and hint in custom errors raised inside `Deserialize` impls.
pub const HINT_SEP: &str = "\u{1}";

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

/// A value of a table cell: a number, or one of the standard symbols for a missing value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawCell {
    Number(Decimal),
    Missing(MissingSymbol),
}

/// The symbols of official statistics (SCB, Kolada) for values that are not numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MissingSymbol {
    /// `-`: nothing to report (zero / no occurrence).
    Nothing,
    /// `.`: the value cannot occur.
    NotApplicable,
    /// `..`: not available or too uncertain to report.
    NotAvailable,
}

impl MissingSymbol {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "-" | "–" | "—" | "\u{2212}" => Some(Self::Nothing),
            "." => Some(Self::NotApplicable),
            ".." | "…" => Some(Self::NotAvailable),
            _ => None,
        }
    }
}

impl RawCell {
    pub fn parse(text: &str) -> Result<Self, crate::load::number::NumberError> {
        if let Some(m) = MissingSymbol::parse(text) {
            return Ok(RawCell::Missing(m));
        }
        parse_number(text).map(RawCell::Number)
    }
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s| {
            RawCell::parse(s).map_err(|e| {
                (e.message, format!("{}; saknas värdet, skriv .. (uppgift saknas), . (kan inte förekomma) eller - (inget att redovisa)", e.hint))
            })
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

    #[test]
    fn missing_symbols() {
        assert_eq!(
            RawCell::parse("..").unwrap(),
            RawCell::Missing(MissingSymbol::NotAvailable)
        );
        assert_eq!(RawCell::parse("-").unwrap(), RawCell::Missing(MissingSymbol::Nothing));
        assert!(matches!(RawCell::parse("-3").unwrap(), RawCell::Number(_)));
    }
}
