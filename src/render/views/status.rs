//! Status as text and shape: never told by colour alone.

use crate::model::{StatedStatus, Status};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// Insyn's word for the status: "delvis uppfyllt".
    pub name: &'static str,
    /// The report's own word, capitalised for display: "Delvis uppfyllt", "Klar".
    pub label: String,
    /// What the report's own word means, when it is not Insyn's: "uppfyllt" for "Klar".
    pub meaning: Option<&'static str>,
    /// CSS class: "status-delvis-uppfyllt".
    pub class: String,
    /// A shape that differs per status (shown beside the text, hidden from screen readers).
    pub icon: &'static str,
    /// True when the build derived it from outcome, target and direction.
    pub derived: bool,
}

pub fn view(stated: &StatedStatus, derived: bool) -> StatusView {
    let s = stated.status;
    let name = s.name();
    let own_word = stated.word.trim().to_lowercase() != name;
    StatusView {
        name,
        label: capitalise(stated.word.trim()),
        meaning: own_word.then_some(name),
        class: format!("status-{}", crate::model::slugify(name)),
        icon: match s {
            Status::Fulfilled => "✔",
            Status::PartlyFulfilled => "◐",
            Status::NotFulfilled => "✖",
            Status::InProgress => "➜",
            Status::NotStarted => "○",
            Status::Cancelled => "⊘",
        },
        derived,
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
