//! The success criteria of WCAG 2.1 at levels A and AA, which the Swedish law on accessible
//! digital public services (lagen 2018:1937, through EN 301 549) requires: the accessibility
//! statement ties each known problem to one of them.

/// One success criterion: number, level, name (English, as W3C publishes it) and its anchor
/// in the recommendation (`https://www.w3.org/TR/WCAG21/#…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Criterion {
    pub number: &'static str,
    pub level: &'static str,
    pub name: &'static str,
    pub anchor: &'static str,
}

const fn c(number: &'static str, level: &'static str, name: &'static str, anchor: &'static str) -> Criterion {
    Criterion {
        number,
        level,
        name,
        anchor,
    }
}

pub const CRITERIA: &[Criterion] = &[
    c("1.1.1", "A", "Non-text Content", "non-text-content"),
    c(
        "1.2.1",
        "A",
        "Audio-only and Video-only (Prerecorded)",
        "audio-only-and-video-only-prerecorded",
    ),
    c("1.2.2", "A", "Captions (Prerecorded)", "captions-prerecorded"),
    c(
        "1.2.3",
        "A",
        "Audio Description or Media Alternative (Prerecorded)",
        "audio-description-or-media-alternative-prerecorded",
    ),
    c("1.2.4", "AA", "Captions (Live)", "captions-live"),
    c(
        "1.2.5",
        "AA",
        "Audio Description (Prerecorded)",
        "audio-description-prerecorded",
    ),
    c("1.3.1", "A", "Info and Relationships", "info-and-relationships"),
    c("1.3.2", "A", "Meaningful Sequence", "meaningful-sequence"),
    c("1.3.3", "A", "Sensory Characteristics", "sensory-characteristics"),
    c("1.3.4", "AA", "Orientation", "orientation"),
    c("1.3.5", "AA", "Identify Input Purpose", "identify-input-purpose"),
    c("1.4.1", "A", "Use of Color", "use-of-color"),
    c("1.4.2", "A", "Audio Control", "audio-control"),
    c("1.4.3", "AA", "Contrast (Minimum)", "contrast-minimum"),
    c("1.4.4", "AA", "Resize Text", "resize-text"),
    c("1.4.5", "AA", "Images of Text", "images-of-text"),
    c("1.4.10", "AA", "Reflow", "reflow"),
    c("1.4.11", "AA", "Non-text Contrast", "non-text-contrast"),
    c("1.4.12", "AA", "Text Spacing", "text-spacing"),
    c("1.4.13", "AA", "Content on Hover or Focus", "content-on-hover-or-focus"),
    c("2.1.1", "A", "Keyboard", "keyboard"),
    c("2.1.2", "A", "No Keyboard Trap", "no-keyboard-trap"),
    c("2.1.4", "A", "Character Key Shortcuts", "character-key-shortcuts"),
    c("2.2.1", "A", "Timing Adjustable", "timing-adjustable"),
    c("2.2.2", "A", "Pause, Stop, Hide", "pause-stop-hide"),
    c(
        "2.3.1",
        "A",
        "Three Flashes or Below Threshold",
        "three-flashes-or-below-threshold",
    ),
    c("2.4.1", "A", "Bypass Blocks", "bypass-blocks"),
    c("2.4.2", "A", "Page Titled", "page-titled"),
    c("2.4.3", "A", "Focus Order", "focus-order"),
    c("2.4.4", "A", "Link Purpose (In Context)", "link-purpose-in-context"),
    c("2.4.5", "AA", "Multiple Ways", "multiple-ways"),
    c("2.4.6", "AA", "Headings and Labels", "headings-and-labels"),
    c("2.4.7", "AA", "Focus Visible", "focus-visible"),
    c("2.5.1", "A", "Pointer Gestures", "pointer-gestures"),
    c("2.5.2", "A", "Pointer Cancellation", "pointer-cancellation"),
    c("2.5.3", "A", "Label in Name", "label-in-name"),
    c("2.5.4", "A", "Motion Actuation", "motion-actuation"),
    c("3.1.1", "A", "Language of Page", "language-of-page"),
    c("3.1.2", "AA", "Language of Parts", "language-of-parts"),
    c("3.2.1", "A", "On Focus", "on-focus"),
    c("3.2.2", "A", "On Input", "on-input"),
    c("3.2.3", "AA", "Consistent Navigation", "consistent-navigation"),
    c("3.2.4", "AA", "Consistent Identification", "consistent-identification"),
    c("3.3.1", "A", "Error Identification", "error-identification"),
    c("3.3.2", "A", "Labels or Instructions", "labels-or-instructions"),
    c("3.3.3", "AA", "Error Suggestion", "error-suggestion"),
    c(
        "3.3.4",
        "AA",
        "Error Prevention (Legal, Financial, Data)",
        "error-prevention-legal-financial-data",
    ),
    c("4.1.1", "A", "Parsing", "parsing"),
    c("4.1.2", "A", "Name, Role, Value", "name-role-value"),
    c("4.1.3", "AA", "Status Messages", "status-messages"),
];

/// The criterion with this number (`1.4.10`), if WCAG 2.1 has it at level A or AA.
pub fn criterion(number: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.number == number.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_criteria_at_a_and_aa() {
        assert_eq!(CRITERIA.len(), 50);
        assert_eq!(criterion(" 1.4.10").map(|c| c.name), Some("Reflow"));
        assert!(criterion("1.4.6").is_none(), "AAA is not required");
        let mut numbers: Vec<&str> = CRITERIA.iter().map(|c| c.number).collect();
        numbers.dedup();
        assert_eq!(numbers.len(), 50);
    }
}
