//! The raw form of the list blocks (nyckeltal, indikatorer, uppdrag) as read from YAML, and
//! their conversion into the model's specs. Numbers are exact; statuses stay words until the
//! model reads them with the body's vocabulary.

use super::values::Text;
use crate::load::yaml::{Fig, PeriodText};
use crate::model::assignment::{ActivitySpec, AssignmentSetSpec, AssignmentSpec};
use crate::model::blocks::{KeyFigureSpec, KeyFiguresSpec};
use crate::model::indicator::{EarlierValue, IndicatorSetSpec, IndicatorSpec};
use crate::model::values::{Direction, Unit};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyFigures {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub period: Option<PeriodText>,
    pub poster: Vec<RawKeyFigure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyFigure {
    pub namn: String,
    pub värde: Fig,
    pub enhet: Option<Unit>,
    pub period: Option<PeriodText>,
    pub jämförelse: Option<RawComparison>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComparison {
    pub värde: Fig,
    pub period: PeriodText,
}

impl RawKeyFigures {
    pub fn spec(&self) -> KeyFiguresSpec {
        KeyFiguresSpec {
            title: self.titel.clone(),
            period: self.period.as_ref().map(|p| p.period.clone()),
            items: self
                .poster
                .iter()
                .map(|p| KeyFigureSpec {
                    name: p.namn.clone(),
                    value: p.värde.0,
                    unit: p.enhet,
                    period: p.period.as_ref().map(|x| x.period.clone()),
                    comparison: p.jämförelse.as_ref().map(|c| (c.värde.0, c.period.period.clone())),
                    text: p.text.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicators {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub period: Option<PeriodText>,
    pub indikatorer: Vec<RawIndicator>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Option<String>,
    pub namn: String,
    pub enhet: Option<Unit>,
    pub utfall: Option<Fig>,
    pub mål: Option<Fig>,
    /// The period the target is for, when it is not the outcome's (a full-year target beside
    /// a part-year outcome).
    pub målperiod: Option<PeriodText>,
    pub riktning: Option<Direction>,
    pub status: Option<Text>,
    pub period: Option<PeriodText>,
    pub kolada: Option<String>,
    #[serde(default)]
    pub tidigare: Vec<RawEarlierValue>,
    pub grupp: Option<String>,
    pub beskrivning: Option<String>,
    pub kommentar: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlierValue {
    pub period: PeriodText,
    pub utfall: Fig,
    pub mål: Option<Fig>,
}

impl RawIndicators {
    pub fn spec(&self) -> IndicatorSetSpec {
        IndicatorSetSpec {
            title: self.titel.clone(),
            period: self.period.as_ref().map(|p| p.period.clone()),
            items: self
                .indikatorer
                .iter()
                .map(|r| IndicatorSpec {
                    id: r.id.clone(),
                    name: r.namn.clone(),
                    unit: r.enhet,
                    outcome: r.utfall.map(|f| f.0),
                    target: r.mål.map(|f| f.0),
                    target_period: r.målperiod.as_ref().map(|p| p.period.clone()),
                    direction: r.riktning,
                    status: r.status.as_ref().map(|s| s.0.clone()),
                    period: r.period.as_ref().map(|p| p.period.clone()),
                    kolada: r.kolada.clone(),
                    earlier: r
                        .tidigare
                        .iter()
                        .map(|e| EarlierValue {
                            period: e.period.period.clone(),
                            outcome: e.utfall.0,
                            target: e.mål.map(|m| m.0),
                        })
                        .collect(),
                    group: r.grupp.clone(),
                    description: r.beskrivning.clone(),
                    comment: r.kommentar.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssignments {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub uppdrag: Vec<RawAssignment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssignment {
    pub id: Option<String>,
    pub kod: Option<Text>,
    pub titel: String,
    pub status: Option<Text>,
    pub ansvarig: Option<String>,
    #[serde(alias = "tidplan")]
    pub tidsplan: Option<Text>,
    pub text: Option<String>,
    pub kommentar: Option<String>,
    #[serde(default)]
    pub aktiviteter: Vec<RawActivity>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActivity {
    pub kod: Option<Text>,
    pub titel: String,
    pub status: Option<Text>,
    pub ansvarig: Option<String>,
    #[serde(alias = "tidplan")]
    pub tidsplan: Option<Text>,
    pub kommentar: Option<String>,
}

impl RawAssignments {
    pub fn spec(&self) -> AssignmentSetSpec {
        let text = |t: &Option<Text>| t.as_ref().map(|t| t.0.clone());
        AssignmentSetSpec {
            title: self.titel.clone(),
            items: self
                .uppdrag
                .iter()
                .map(|a| AssignmentSpec {
                    id: a.id.clone(),
                    code: text(&a.kod),
                    title: a.titel.clone(),
                    status: text(&a.status),
                    responsible: a.ansvarig.clone(),
                    timeline: text(&a.tidsplan),
                    text: a.text.clone(),
                    comment: a.kommentar.clone(),
                    activities: a
                        .aktiviteter
                        .iter()
                        .map(|x| ActivitySpec {
                            code: text(&x.kod),
                            title: x.titel.clone(),
                            status: text(&x.status),
                            responsible: x.ansvarig.clone(),
                            timeline: text(&x.tidsplan),
                            comment: x.kommentar.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
