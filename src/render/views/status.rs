//! Status as text and shape: never told by colour alone.

use crate::model::Status;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// As written: "delvis uppfyllt".
    pub name: &'static str,
    /// Capitalised for display: "Delvis uppfyllt".
    pub label: String,
    /// CSS class: "status-delvis-uppfyllt".
    pub class: String,
    /// A shape that differs per status (shown beside the text, hidden from screen readers).
    pub icon: &'static str,
    /// True when the build derived it from outcome, target and direction.
    pub derived: bool,
}

pub fn view(s: Status, derived: bool) -> StatusView {
    let name = s.name();
    StatusView {
        name,
        label: capitalise(name),
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
