//! Serde's English error messages (from yaml_serde and toml) in Swedish, with a hint. Both
//! YAML (front matter, blocks) and TOML (`site.toml`) errors come through here, each with the
//! hints of its own syntax.

use crate::diagnostics::suggestion_hint;

/// Which syntax an error message is about, for hints in that syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// Separates message and hint in custom errors raised inside `Deserialize` impls.
pub const HINT_SEP: &str = "\u{1}";

/// A Swedish message and, where there is one, a hint.
type Humanized = (String, Option<String>);

/// Translate serde's English into a Swedish message and a hint.
pub fn humanize(raw: &str, syntax: Syntax) -> Humanized {
    let msg = without_position(raw);
    let (path, body) = match msg.split_once(": ") {
        Some((p, b)) if !p.contains(' ') && !p.is_empty() => (Some(p), b),
        _ => (None, msg.as_str()),
    };
    // A path inside lists and tables helps; a single top-level key is already on the line.
    let place = path
        .filter(|p| p.contains(['.', '[']))
        .map(|p| format!(" (i {p})"))
        .unwrap_or_default();
    let serde_message = unknown_field(body, &place)
        .or_else(|| unknown_variant(body, &place))
        .or_else(|| missing_field(body, &place, syntax))
        .or_else(|| duplicate_field(body, &place))
        .or_else(|| invalid_type(body, path, &place))
        .or_else(|| invalid_value(body, &place));
    if let Some(found) = serde_message {
        return found;
    }
    if let Some((m, h)) = body.split_once(HINT_SEP) {
        return (format!("{m}{place}"), Some(h.to_string()));
    }
    if path.is_none() && !body.is_ascii() {
        return (body.to_string(), None);
    }
    match syntax {
        Syntax::Yaml => (format!("YAML: {body}{place}"), yaml_syntax_hint(body)),
        Syntax::Toml => toml_syntax(body),
    }
}

/// The message without the position at its end: the caller places it in the file.
fn without_position(raw: &str) -> String {
    // yaml_serde writes "path: message at line L column C".
    let mut msg = raw.to_string();
    if let Some(i) = msg.rfind(" at line ") {
        msg.truncate(i);
    }
    // libyaml's syntax errors go on ", while scanning … at line L column C": the first
    // position counts from the fragment, not the file, so it goes too.
    if let Some((problem, _)) = msg.split_once(", while ")
        && let Some(i) = problem.rfind(" at line ")
        && problem[i + " at line ".len()..]
            .split(" column ")
            .all(|n| n.parse::<usize>().is_ok())
    {
        msg.truncate(i);
    }
    msg
}

/// The names serde quotes in backticks, in order.
fn ticks(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn unknown_field(body: &str, place: &str) -> Option<Humanized> {
    let names = ticks(body.strip_prefix("unknown field ")?);
    let (word, valid) = names.split_first()?;
    let mut hint = suggestion_hint(word, valid, "nycklar");
    if word.chars().all(|c| c.is_ascii_digit()) {
        hint = format!(
            "ett decimalkomma inom {{ }} delar talet i två; skriv talet inom citattecken (\"72,7\") eller en nyckel per rad. {hint}"
        );
    }
    Some((format!("okänd nyckel \"{word}\"{place}"), Some(hint)))
}

fn unknown_variant(body: &str, place: &str) -> Option<Humanized> {
    let names = ticks(body.strip_prefix("unknown variant ")?);
    let (word, valid) = names.split_first()?;
    Some((
        format!("okänt värde \"{word}\"{place}"),
        Some(suggestion_hint(word, valid, "värden")),
    ))
}

fn missing_field(body: &str, place: &str, syntax: Syntax) -> Option<Humanized> {
    let name = ticks(body.strip_prefix("missing field ")?)
        .first()
        .copied()
        .unwrap_or_default();
    let hint = match syntax {
        Syntax::Yaml => format!("lägg till en rad \"{name}: …\""),
        Syntax::Toml => format!("lägg till en rad {name} = \"…\""),
    };
    Some((format!("nyckeln \"{name}\" saknas{place}"), Some(hint)))
}

fn duplicate_field(body: &str, place: &str) -> Option<Humanized> {
    let name = ticks(body.strip_prefix("duplicate field ")?)
        .first()
        .copied()
        .unwrap_or_default();
    Some((
        format!("nyckeln \"{name}\" står två gånger{place}"),
        Some("ta bort den ena".into()),
    ))
}

fn invalid_type(body: &str, path: Option<&str>, place: &str) -> Option<Humanized> {
    let (got, want) = body.strip_prefix("invalid type: ")?.split_once(", expected ")?;
    // An integer too large for its key: the same kind, another size.
    if sv_type(got) == sv_type(want) && got.trim_start().starts_with("integer") {
        let key = path.unwrap_or("talet");
        let value = got
            .trim_start()
            .trim_start_matches("integer ")
            .split(" as ")
            .next()
            .unwrap_or("")
            .trim_matches('`');
        if value.starts_with('-') && want.trim().starts_with('u') {
            return Some((
                format!("{key} får inte vara negativt{place}: {value}"),
                Some("skriv ett heltal som är 0 eller större".into()),
            ));
        }
        return Some((
            format!("{key} är för stort{place}: {value}"),
            Some("skriv ett heltal mellan -9223372036854775808 och 9223372036854775807".into()),
        ));
    }
    Some((
        format!(
            "fel sorts värde{place}: fick {}, väntade {}",
            sv_type(got),
            sv_type(want)
        ),
        None,
    ))
}

fn invalid_value(body: &str, place: &str) -> Option<Humanized> {
    (body.starts_with("invalid value: ") || body.starts_with("invalid length "))
        .then(|| (format!("ogiltigt värde{place}: {body}"), None))
}

/// The toml crate's syntax errors that editors meet most, in Swedish.
fn toml_syntax(body: &str) -> Humanized {
    if body.contains("invalid unquoted key") {
        return (
            "en nyckel har tecken som måste stå inom citattecken".into(),
            Some("skriv nyckeln inom citattecken, till exempel \"Grön\" = \"uppfyllt\"".into()),
        );
    }
    if body.contains("duplicate key") {
        return ("en nyckel står två gånger".into(), Some("ta bort den ena".into()));
    }
    if body.contains("invalid string") || body.contains("unterminated") {
        return (
            "en text avslutas inte".into(),
            Some("kontrollera att texten börjar och slutar med \"".into()),
        );
    }
    (
        format!("TOML: {body}"),
        Some("se exemplen i docs/ för hur site.toml skrivs".into()),
    )
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
