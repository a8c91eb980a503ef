//! Assignments (uppdrag): what a body was asked to do, with the code the report gives it, its
//! activities, and a status stated by the report or rolled up from the activities.

use crate::diagnostics::Diagnostic;
use crate::model::origin::{At, Field, Origin};
use crate::model::values::{StatedStatus, Status, StatusWords};
use crate::policy::{ID_HINT, valid_id};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default)]
pub struct AssignmentSetSpec {
    pub title: Option<String>,
    pub items: Vec<AssignmentSpec>,
}

#[derive(Debug, Clone, Default)]
pub struct AssignmentSpec {
    pub id: Option<String>,
    pub code: Option<String>,
    pub title: String,
    pub status: Option<String>,
    pub responsible: Option<String>,
    pub timeline: Option<String>,
    pub text: Option<String>,
    pub comment: Option<String>,
    pub activities: Vec<ActivitySpec>,
}

#[derive(Debug, Clone, Default)]
pub struct ActivitySpec {
    pub code: Option<String>,
    pub title: String,
    pub status: Option<String>,
    pub responsible: Option<String>,
    pub timeline: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AssignmentSet {
    pub key: String,
    pub title: Option<String>,
    pub items: Vec<Assignment>,
}

#[derive(Debug, Clone)]
pub struct Assignment {
    /// Stable id that ties a plan's assignment to its follow-up.
    pub id: Option<String>,
    /// The code the report prints (`2024-22`, `RF24-25`); two assignments may share one.
    pub code: Option<String>,
    pub title: String,
    pub status: Option<StatedStatus>,
    /// True when the status was rolled up from the activities, not stated.
    pub status_derived: bool,
    pub responsible: Option<String>,
    pub timeline: Option<String>,
    pub text: Option<String>,
    pub comment: Option<String>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone)]
pub struct Activity {
    /// The label the report gives the activity (`a)`), if any.
    pub code: Option<String>,
    pub title: String,
    pub status: Option<StatedStatus>,
    pub responsible: Option<String>,
    pub timeline: Option<String>,
    pub comment: Option<String>,
}

impl Assignment {
    pub fn status(&self) -> Option<Status> {
        self.status.as_ref().map(|s| s.status)
    }
}

/// An assignment's status from its activities: only when every activity has one.
pub fn roll_up(activities: &[Activity]) -> Option<Status> {
    let all: Vec<Status> = activities
        .iter()
        .map(|a| a.status.as_ref().map(|s| s.status))
        .collect::<Option<_>>()?;
    let first = *all.first()?;
    if all.iter().all(|s| *s == first) {
        return Some(first);
    }
    let begun = all
        .iter()
        .any(|s| matches!(s, Status::Fulfilled | Status::PartlyFulfilled | Status::InProgress));
    let open = all.iter().any(|s| matches!(s, Status::InProgress | Status::NotStarted));
    Some(match (begun, open) {
        (true, true) => Status::InProgress,
        (true, false) => Status::PartlyFulfilled,
        (false, _) => Status::NotFulfilled,
    })
}

pub fn build(
    spec: AssignmentSetSpec,
    key: String,
    words: &StatusWords,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) -> AssignmentSet {
    let mut seen = BTreeSet::new();
    let mut items = Vec::with_capacity(spec.items.len());
    for (i, a) in spec.items.into_iter().enumerate() {
        if let Some(id) = &a.id {
            let at = At::ItemField(i, Field::Id);
            if !valid_id(id) {
                diags.push(origin.error(&at, format!("ogiltigt id \"{id}\"")).hint(ID_HINT));
            }
            if !seen.insert(id.clone()) {
                diags.push(
                    origin
                        .error(&at, format!("uppdraget \"{id}\" står två gånger i samma block"))
                        .hint("id binder ihop plan och uppföljning och måste vara unikt; har rapporten samma kod två gånger, skriv koden med kod: och ge bara det ena ett id"),
                );
            }
        }
        let activities: Vec<Activity> = a
            .activities
            .into_iter()
            .enumerate()
            .map(|(j, act)| Activity {
                status: act
                    .status
                    .as_deref()
                    .and_then(|w| words.read_or_report(w, origin, At::SubField(i, j, Field::Status), diags)),
                code: act.code,
                title: act.title,
                responsible: act.responsible,
                timeline: act.timeline,
                comment: act.comment,
            })
            .collect();
        let stated = a
            .status
            .as_deref()
            .and_then(|w| words.read_or_report(w, origin, At::ItemField(i, Field::Status), diags));
        let (status, status_derived) = match stated {
            Some(s) => (Some(s), false),
            None => match roll_up(&activities) {
                Some(s) => (Some(StatedStatus::own(s)), true),
                None => (None, false),
            },
        };
        items.push(Assignment {
            id: a.id,
            code: a.code,
            title: a.title,
            status,
            status_derived,
            responsible: a.responsible,
            timeline: a.timeline,
            text: a.text,
            comment: a.comment,
            activities,
        });
    }
    AssignmentSet {
        key,
        title: spec.title,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(s: Option<Status>) -> Activity {
        Activity {
            code: None,
            title: "a".into(),
            status: s.map(StatedStatus::own),
            responsible: None,
            timeline: None,
            comment: None,
        }
    }

    #[test]
    fn status_rolls_up_only_from_complete_activities() {
        use Status::*;
        assert_eq!(roll_up(&[act(Some(Fulfilled)), act(Some(Fulfilled))]), Some(Fulfilled));
        assert_eq!(
            roll_up(&[act(Some(Fulfilled)), act(Some(InProgress))]),
            Some(InProgress)
        );
        assert_eq!(
            roll_up(&[act(Some(Fulfilled)), act(Some(NotFulfilled))]),
            Some(PartlyFulfilled)
        );
        assert_eq!(roll_up(&[act(Some(Fulfilled)), act(None)]), None);
        assert_eq!(roll_up(&[]), None);
    }
}
