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

/// Translate serde's English into a Swedish message and a hint.
pub fn humanize(raw: &str, syntax: Syntax) -> (String, Option<String>) {
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
            Some(match syntax {
                Syntax::Yaml => format!("lägg till en rad \"{name}: …\""),
                Syntax::Toml => format!("lägg till en rad {name} = \"…\""),
            }),
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
            let value = got
                .trim_start_matches("integer ")
                .split(" as ")
                .next()
                .unwrap_or("")
                .trim_matches('`');
            if value.starts_with('-') && want.trim().starts_with('u') {
                return (
                    format!("{key} får inte vara negativt{place}: {value}"),
                    Some("skriv ett heltal som är 0 eller större".into()),
                );
            }
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
    match syntax {
        Syntax::Yaml => (format!("YAML: {body}{place}"), yaml_syntax_hint(&body)),
        Syntax::Toml => toml_syntax(&body),
    }
}

/// The toml crate's syntax errors that editors meet most, in Swedish.
fn toml_syntax(body: &str) -> (String, Option<String>) {
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
