//! Writing YAML scalars the way the docs do: plain where that reads the same, quoted where
//! YAML would read something else (a number, a key, a comment, a flow collection).

/// A scalar in block context (`titel: …`, `- …`).
pub fn scalar(s: &str) -> String {
    if plain_ok(s, false) { s.to_string() } else { quoted(s) }
}

/// A scalar inside `[…]` or `{…}`.
pub fn flow(s: &str) -> String {
    if plain_ok(s, true) { s.to_string() } else { quoted(s) }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace(['"', '\\'], "")))
}

fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.chars().any(|c| c.is_control()) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    let lower = s.to_lowercase();
    let special = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", ".nan", ".inf", "-.inf",
    ];
    if special.contains(&lower.as_str()) {
        return false;
    }
    // Numbers as YAML reads them (an editor's "2023" is text for a title or a heading).
    let numeric =
        s.chars().all(|c| c.is_ascii_digit() || "+-._eExXoO".contains(c)) && s.chars().any(|c| c.is_ascii_digit());
    !numeric
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_safe() {
        assert_eq!(
            scalar("Försäljning av tjänster | 42 | 41"),
            "Försäljning av tjänster | 42 | 41"
        );
        assert_eq!(scalar("2023"), "\"2023\"");
        assert_eq!(scalar("- 52 | 3"), "\"- 52 | 3\"");
        assert_eq!(scalar("Not: se nedan"), "\"Not: se nedan\"");
        assert_eq!(scalar("ja"), "ja");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("3,0"), "3,0");
        assert_eq!(flow("Arbetad tid, ack mars"), "\"Arbetad tid, ack mars\"");
        assert_eq!(scalar("Säg \"hej\" #1"), "\"Säg \\\"hej\\\" #1\"");
        assert_eq!(scalar(""), "\"\"");
    }
}
