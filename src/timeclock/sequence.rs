//! The in → break → out sequence, as a pure function of a person's punches in the order they
//! happened: the entries and breaks they make, and which punches do not fit (kept, flagged).

use serde::{Deserialize, Serialize};

/// What a punch does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ClockAction)]
pub enum Action {
    In,
    Out,
    BreakStart,
    BreakEnd,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::In => "in",
            Action::Out => "out",
            Action::BreakStart => "breakStart",
            Action::BreakEnd => "breakEnd",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "in" => Some(Action::In),
            "out" => Some(Action::Out),
            "breakStart" => Some(Action::BreakStart),
            "breakEnd" => Some(Action::BreakEnd),
            _ => None,
        }
    }
}

/// Where a person stands after their punches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ClockStatus)]
pub enum Status {
    Out,
    In,
    OnBreak,
}

/// One punch as the sequence sees it; `K` is whatever identifies it to the caller.
#[derive(Debug, Clone)]
pub struct Step<K> {
    pub key: K,
    pub action: Action,
    /// UTC seconds.
    pub at: i64,
}

/// An entry the punches make: opened by the punch `opened_by`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built<K> {
    pub opened_by: K,
    pub clock_in: i64,
    pub clock_out: Option<i64>,
    /// Start and end (none while on it).
    pub breaks: Vec<(i64, Option<i64>)>,
}

/// What became of each punch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate<K> {
    /// Part of the entry opened by this punch.
    Entry(K),
    /// Did not fit the sequence where it happened.
    OutOfSequence,
}

/// Whether `action` fits after `status`.
pub fn fits(status: Status, action: Action) -> bool {
    matches!(
        (status, action),
        (Status::Out, Action::In)
            | (Status::In, Action::BreakStart | Action::Out)
            | (Status::OnBreak, Action::BreakEnd | Action::Out)
    )
}

/// Replays `steps` (in the order they happened) from clocked out. Clocking out during a break
/// ends the break too.
pub fn replay<K: Clone>(steps: &[Step<K>]) -> (Vec<Built<K>>, Vec<Fate<K>>) {
    let mut entries: Vec<Built<K>> = Vec::new();
    let mut fates = Vec::with_capacity(steps.len());
    let mut status = Status::Out;
    for step in steps {
        if !fits(status, step.action) {
            fates.push(Fate::OutOfSequence);
            continue;
        }
        if step.action == Action::In {
            entries.push(Built { opened_by: step.key.clone(), clock_in: step.at, clock_out: None, breaks: Vec::new() });
        }
        let Some(entry) = entries.last_mut() else { continue };
        fates.push(Fate::Entry(entry.opened_by.clone()));
        status = match step.action {
            Action::In => Status::In,
            Action::BreakStart => {
                entry.breaks.push((step.at, None));
                Status::OnBreak
            }
            Action::BreakEnd => {
                if let Some(open) = entry.breaks.last_mut() {
                    open.1 = Some(step.at);
                }
                Status::In
            }
            Action::Out => {
                if let Some(open) = entry.breaks.last_mut().filter(|b| b.1.is_none()) {
                    open.1 = Some(step.at);
                }
                entry.clock_out = Some(step.at);
                Status::Out
            }
        };
    }
    (entries, fates)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The status at the end of an entry's punches.
    fn status_of<K>(entry: Option<&Built<K>>) -> Status {
        match entry {
            None => Status::Out,
            Some(e) if e.clock_out.is_some() => Status::Out,
            Some(e) if e.breaks.last().is_some_and(|b| b.1.is_none()) => Status::OnBreak,
            Some(_) => Status::In,
        }
    }

    fn steps(list: &[(Action, i64)]) -> Vec<Step<usize>> {
        list.iter().enumerate().map(|(key, &(action, at))| Step { key, action, at }).collect()
    }

    #[test]
    fn a_day_with_a_break() {
        use Action::*;
        let (entries, fates) = replay(&steps(&[(In, 100), (BreakStart, 200), (BreakEnd, 260), (Out, 400)]));
        assert_eq!(
            entries,
            vec![Built { opened_by: 0, clock_in: 100, clock_out: Some(400), breaks: vec![(200, Some(260))] }]
        );
        assert!(fates.iter().all(|f| *f == Fate::Entry(0)));
        assert_eq!(status_of(entries.last()), Status::Out);
    }

    #[test]
    fn punches_that_do_not_fit_are_flagged_and_the_rest_still_count() {
        use Action::*;
        let (entries, fates) = replay(&steps(&[
            (Out, 50),
            (In, 100),
            (In, 110),
            (BreakEnd, 120),
            (BreakStart, 200),
            (Out, 300),
            (In, 500),
        ]));
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].clock_out, Some(300));
        // Clocking out on a break ends the break.
        assert_eq!(entries[0].breaks, vec![(200, Some(300))]);
        assert_eq!(fates[0], Fate::OutOfSequence);
        assert_eq!(fates[2], Fate::OutOfSequence);
        assert_eq!(fates[3], Fate::OutOfSequence);
        assert_eq!(fates[6], Fate::Entry(6));
        assert_eq!(status_of(entries.last()), Status::In);
    }

    #[test]
    fn on_a_break_is_its_own_status() {
        use Action::*;
        let (entries, _) = replay(&steps(&[(In, 0), (BreakStart, 10)]));
        assert_eq!(status_of(entries.last()), Status::OnBreak);
        assert!(fits(Status::OnBreak, Out) && !fits(Status::OnBreak, BreakStart) && !fits(Status::Out, BreakEnd));
    }
}
