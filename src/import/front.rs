//! The report's `rapport:` front matter, guessed from the document's title and asked for
//! where it cannot be guessed.

use crate::load::front_matter::ReportKind;
use crate::model::period::{Period, Span};

/// What the editor said on the command line; each overrides the guess.
#[derive(Debug, Clone, Default)]
pub struct Given {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub year: Option<String>,
    pub organisation: Option<String>,
    pub period: Option<String>,
    pub publisher: Option<String>,
}

/// The report's front matter, complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFront {
    pub title: String,
    pub kind: ReportKind,
    pub year: i32,
    pub organisation: String,
    /// For a report over part of a year: the months, as the docs write them.
    pub period: Option<String>,
    pub publisher: Option<String>,
}

impl ReportFront {
    /// The months of the year the report covers, if it covers part of one.
    pub fn months(&self) -> Option<(u8, u8)> {
        let p = Period::parse(self.period.as_deref()?)?;
        match p.span {
            Span::Months(a, b) => Some((a, b)),
            _ => None,
        }
    }
}

/// What could be guessed from a title: "Delårsrapport 1 2024" → delårsrapport, 2024,
/// jan–apr 2024.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guess {
    pub kind: Option<ReportKind>,
    pub year: Option<i32>,
    pub period: Option<String>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

pub fn month_range(a: u8, b: u8, year: i32) -> String {
    format!("{}–{} {year}", MONTHS[(a - 1) as usize], MONTHS[(b - 1) as usize])
}

pub fn guess(title: &str) -> Guess {
    let t = title.to_lowercase();
    // "delårsrapport" before "årsrapport", which it contains.
    let kind = [
        ("delårsrapport", ReportKind::InterimReport),
        ("delårsbokslut", ReportKind::InterimReport),
        ("tertialrapport", ReportKind::InterimReport),
        ("årsredovisning", ReportKind::AnnualReport),
        ("årsrapport", ReportKind::AnnualReport),
        ("verksamhetsberättelse", ReportKind::AnnualReport),
        ("månadsrapport", ReportKind::FollowUpReport),
        ("uppföljning", ReportKind::FollowUpReport),
        ("verksamhetsplan", ReportKind::OperationalPlan),
        ("förvaltningsplan", ReportKind::OperationalPlan),
        ("budget", ReportKind::OperationalPlan),
    ]
    .into_iter()
    .find(|(w, _)| t.contains(w))
    .map(|(_, k)| k);
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year = words
        .iter()
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1900..=2200).contains(y));
    let period = match (kind, year) {
        (Some(ReportKind::InterimReport | ReportKind::FollowUpReport), Some(y)) => {
            interim_months(&t, &words).map(|(a, b)| month_range(a, b, y))
        }
        _ => None,
    };
    Guess { kind, year, period }
}

/// "delårsrapport 1" is January–April and "delårsrapport 2" January–August (as regions and
/// municipalities report by tertial); "tertial 2" the same; a named month is the period up
/// to it ("delårsrapport augusti").
fn interim_months(t: &str, words: &[&str]) -> Option<(u8, u8)> {
    for (i, w) in words.iter().enumerate() {
        if (w.starts_with("delårs") || w.starts_with("tertial"))
            && let Some(n) = words.get(i + 1)
        {
            match *n {
                "1" | "i" => return Some((1, 4)),
                "2" | "ii" => return Some((1, 8)),
                _ => {}
            }
        }
    }
    let full = crate::model::period::MONTH_NAMES;
    let last = words
        .iter()
        .filter_map(|w| full.iter().position(|m| m == w))
        .max()
        .map(|m| m as u8 + 1)?;
    (last < 12 && t.contains(full[last as usize - 1])).then_some((1, last))
}

/// Ask on the terminal: `None` when the answer is empty or nobody can answer.
pub trait Ask {
    fn ask(&mut self, question: &str) -> Option<String>;
}

/// Nobody to ask (standard input is not a terminal): what is missing must come as flags.
pub struct NoAnswers;

impl Ask for NoAnswers {
    fn ask(&mut self, _: &str) -> Option<String> {
        None
    }
}

/// Fill in the front matter: what was given, else what was guessed, else what the editor
/// answers (when `ask` is there). Err names what is still missing, with the flag to give it.
pub fn complete(doc_title: Option<&str>, given: &Given, ask: &mut dyn Ask) -> Result<ReportFront, Vec<String>> {
    let mut question = |q: &str| ask.ask(q);
    let title = given
        .title
        .clone()
        .or_else(|| doc_title.map(str::to_string))
        .or_else(|| question("Rapportens titel (till exempel Årsredovisning 2024): "));
    let g = guess(title.as_deref().unwrap_or(""));
    let mut missing = Vec::new();
    let kind = match &given.kind {
        Some(k) => ReportKind::parse(k).or_else(|| {
            missing.push(format!("okänd rapporttyp \"{k}\" (--typ): skriv arsredovisning, delarsrapport, uppfoljningsrapport eller verksamhetsplan"));
            None
        }),
        None => g.kind.or_else(|| {
            question("Vilken typ av rapport? (årsredovisning, delårsrapport, uppföljningsrapport, verksamhetsplan): ")
                .and_then(|a| ReportKind::parse(&a))
        }),
    };
    let year = match &given.year {
        Some(y) => y.trim().parse().ok().filter(|y| (1900..=2200).contains(y)),
        None => g
            .year
            .or_else(|| question("Vilket år gäller rapporten? ").and_then(|a| a.trim().parse().ok())),
    };
    let organisation = given
        .organisation
        .clone()
        .or_else(|| question("Vilken organisation (nämnd, styrelse, förvaltning) är rapporten från? "));
    let needs_period = matches!(kind, Some(ReportKind::InterimReport));
    let period = match &given.period {
        Some(p) => Some(p.clone()),
        None if needs_period => g
            .period
            .clone()
            .or_else(|| question("Vilken del av året täcker rapporten? (till exempel jan–apr 2024): ")),
        None => g.period.clone(),
    };
    if let Some(p) = &period
        && Period::parse(p).is_none()
    {
        missing.push(format!(
            "perioden \"{p}\" går inte att läsa (--period): skriv till exempel jan–apr 2024"
        ));
    }
    let title = title.filter(|t| !t.trim().is_empty());
    if title.is_none() {
        missing.push("rapportens titel: ge den med --titel".into());
    }
    if kind.is_none() && given.kind.is_none() {
        missing.push(
            "rapportens typ: ge den med --typ (arsredovisning, delarsrapport, uppfoljningsrapport, verksamhetsplan)"
                .into(),
        );
    }
    if year.is_none() {
        missing.push("rapportens år: ge det med --ar, till exempel --ar 2024".into());
    }
    let organisation = organisation.filter(|o| !o.trim().is_empty());
    if organisation.is_none() {
        missing.push("organisationen: ge den med --organisation, till exempel --organisation Regionstyrelsen".into());
    }
    if needs_period && period.is_none() {
        missing.push(
            "delen av året som delårsrapporten täcker: ge den med --period, till exempel --period \"jan–apr 2024\""
                .into(),
        );
    }
    match (title, kind, year, organisation) {
        (Some(title), Some(kind), Some(year), Some(organisation)) if missing.is_empty() => Ok(ReportFront {
            title: title.trim().to_string(),
            kind,
            year,
            organisation: organisation.trim().to_string(),
            period,
            publisher: given.publisher.clone(),
        }),
        _ => Err(missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_kind_year_and_the_part_of_the_year() {
        let g = guess("Delårsrapport 1 2024");
        assert_eq!(g.kind, Some(ReportKind::InterimReport));
        assert_eq!(g.year, Some(2024));
        assert_eq!(g.period.as_deref(), Some("jan–apr 2024"));
        assert_eq!(guess("Delårsrapport 2, 2023").period.as_deref(), Some("jan–aug 2023"));
        assert_eq!(
            guess("Delårsrapport januari–augusti 2023").period.as_deref(),
            Some("jan–aug 2023")
        );
        let g = guess("Årsredovisning 2023 Regionstyrelsen");
        assert_eq!(
            (g.kind, g.year, g.period),
            (Some(ReportKind::AnnualReport), Some(2023), None)
        );
        assert_eq!(
            guess("Verksamhetsplan med budget 2023").kind,
            Some(ReportKind::OperationalPlan)
        );
        assert_eq!(guess("Protokoll").kind, None);
    }

    struct Answers(Vec<&'static str>);
    impl Ask for Answers {
        fn ask(&mut self, _: &str) -> Option<String> {
            (!self.0.is_empty()).then(|| self.0.remove(0).to_string())
        }
    }

    #[test]
    fn asks_for_what_cannot_be_guessed_or_names_the_flags() {
        let f = complete(
            Some("Delårsrapport 1 2024"),
            &Given::default(),
            &mut Answers(vec!["Regionkontoret"]),
        )
        .unwrap();
        assert_eq!(f.organisation, "Regionkontoret");
        assert_eq!(f.period.as_deref(), Some("jan–apr 2024"));
        assert_eq!(f.months(), Some((1, 4)));
        let missing = complete(Some("Protokoll"), &Given::default(), &mut NoAnswers).unwrap_err();
        assert_eq!(missing.len(), 3, "{missing:?}");
        assert!(missing.iter().any(|m| m.contains("--typ")) && missing.iter().any(|m| m.contains("--organisation")));
        let given = Given {
            kind: Some("arsredovisning".into()),
            year: Some("2023".into()),
            organisation: Some("Regionstyrelsen".into()),
            ..Default::default()
        };
        let f = complete(Some("Protokoll"), &given, &mut NoAnswers).unwrap();
        assert_eq!((f.kind, f.year), (ReportKind::AnnualReport, 2023));
    }
}
