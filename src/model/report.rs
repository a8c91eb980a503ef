//! What kind of report a body publishes, and the calendar dates reports carry.

/// The kinds of report a Swedish public body publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportKind {
    AnnualReport,
    InterimReport,
    FollowUpReport,
    OperationalPlan,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [
        ReportKind::AnnualReport,
        ReportKind::InterimReport,
        ReportKind::FollowUpReport,
        ReportKind::OperationalPlan,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ReportKind::AnnualReport => "årsredovisning",
            ReportKind::InterimReport => "delårsrapport",
            ReportKind::FollowUpReport => "uppföljningsrapport",
            ReportKind::OperationalPlan => "verksamhetsplan",
        }
    }

    /// The name without å, ä, ö, as used in folder names and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::AnnualReport => "arsredovisning",
            ReportKind::InterimReport => "delarsrapport",
            ReportKind::FollowUpReport => "uppfoljningsrapport",
            ReportKind::OperationalPlan => "verksamhetsplan",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        let t = s.trim().to_lowercase();
        ReportKind::ALL.into_iter().find(|k| k.name() == t || k.slug() == t)
    }

    /// Plans look forward; the others report outcomes.
    pub fn is_plan(self) -> bool {
        self == ReportKind::OperationalPlan
    }
}

/// A calendar date, `2024-03-15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let date = s.split(['T', ' ']).next()?;
        let mut it = date.split('-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if !(1..=12).contains(&month) || day < 1 || day > days[(month - 1) as usize] {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// `2024-03-15`
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a report says about its publication: who decided it and when, whom to ask, and
/// when the web version last changed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Publication {
    pub decided_on: Option<Date>,
    pub decided_by: Option<String>,
    pub contact: Option<crate::config::Contact>,
    pub updated_on: Option<Date>,
}
