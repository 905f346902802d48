//! The orders a lawyer expects: claim ids in the complaint's numbering ("1-2" before "1-10") and
//! events in date order, with undated events placed after the events the data says they follow.

use std::cmp::Ordering;
use std::collections::HashMap;

/// Compares ids such as "1-2" and "1-10" piece by piece, numbers as numbers ("natural" order).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (pa, pb) = (pieces(a), pieces(b));
    for (x, y) in pa.iter().zip(&pb) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len()).then_with(|| a.cmp(b))
}

/// Runs of digits and runs of everything else.
fn pieces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit = None;
    for (i, c) in s.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|prev| prev != d) {
            out.push(&s[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// What [`chronological`] needs of an event.
pub trait Dated {
    fn id(&self) -> &str;
    /// The start as an ISO 8601 lexical form (`2020`, `2020-03-01`, `2023-03-21T01:00:00`), if known.
    fn start(&self) -> Option<&str>;
    /// Ids of the events this one is recorded as coming after (`time:after`).
    fn after(&self) -> &[String];
    /// Ids of the events this one is recorded as coming before (`time:before`).
    fn before(&self) -> &[String];
}

/// Sorts events by date. An event without a date of its own, or one recorded as coming after a
/// later-dated event, goes right after the latest event it follows; an undated event recorded only
/// as coming before another goes right before it; events with no date and no such relation go
/// last. The sort is stable, so ties keep the data's order.
pub fn chronological<T: Dated>(events: Vec<T>) -> Vec<T> {
    let index: HashMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id(), i))
        .collect();
    let mut memo = vec![None; events.len()];
    let keys: Vec<Option<(String, i64)>> = (0..events.len())
        .map(|i| key(&events, &index, &mut memo, i, 0))
        .collect();
    drop(index);
    let mut tagged: Vec<_> = keys.into_iter().zip(events).collect();
    tagged.sort_by(|(x, _), (y, _)| match (x, y) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    tagged.into_iter().map(|(_, e)| e).collect()
}

/// The sort key of event `i`: the date it is anchored to and how many steps it follows that date.
fn key<T: Dated>(
    events: &[T],
    index: &HashMap<&str, usize>,
    memo: &mut [Option<Option<(String, i64)>>],
    i: usize,
    depth: usize,
) -> Option<(String, i64)> {
    if let Some(k) = &memo[i] {
        return k.clone();
    }
    // A cycle of "after" relations (bad data) must not recurse forever.
    if depth > events.len() {
        return events[i].start().map(|s| (s.to_owned(), 0));
    }
    let own = events[i].start().map(|s| (s.to_owned(), 0));
    let mut best = own;
    for prev in events[i].after() {
        if let Some(&j) = index.get(prev.as_str()) {
            if let Some((anchor, steps)) = key(events, index, memo, j, depth + 1) {
                let candidate = (anchor, steps + 1);
                if best.as_ref().is_none_or(|b| candidate > *b) {
                    best = Some(candidate);
                }
            }
        }
    }
    if best.is_none() {
        for next in events[i].before() {
            if let Some(&j) = index.get(next.as_str()) {
                if let Some((anchor, steps)) = key(events, index, memo, j, depth + 1) {
                    let candidate = (anchor, steps - 1);
                    if best.as_ref().is_none_or(|b| candidate < *b) {
                        best = Some(candidate);
                    }
                }
            }
        }
    }
    memo[i] = Some(best.clone());
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_ids_in_the_complaints_numbering() {
        let mut ids = vec!["1-10", "2-1", "1-2", "h-1", "1-1", "1-15", "h-10", "h-2"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            ["1-1", "1-2", "1-10", "1-15", "2-1", "h-1", "h-2", "h-10"]
        );
    }

    struct E(&'static str, Option<&'static str>, Vec<String>, Vec<String>);
    impl Dated for E {
        fn id(&self) -> &str {
            self.0
        }
        fn start(&self) -> Option<&str> {
            self.1
        }
        fn after(&self) -> &[String] {
            &self.2
        }
        fn before(&self) -> &[String] {
            &self.3
        }
    }

    fn ids(events: &[E]) -> Vec<&str> {
        events.iter().map(|e| e.0).collect()
    }

    #[test]
    fn undated_events_follow_what_they_come_after() {
        let events = vec![
            E("undated", None, vec![], vec![]),
            E("third-day", None, vec!["chat".into()], vec![]),
            E("chat", None, vec!["incident".into()], vec![]),
            E(
                "next-day",
                Some("2023-03-22"),
                vec!["incident".into()],
                vec![],
            ),
            E("incident", Some("2023-03-21T01:00:00"), vec![], vec![]),
            E(
                "same-day",
                Some("2023-03-21"),
                vec!["incident".into()],
                vec![],
            ),
            E("founded", Some("2020"), vec![], vec![]),
            E("intrusion", None, vec![], vec!["incident".into()]),
            E("c2c", Some("2020-03-01"), vec![], vec![]),
        ];
        let events = chronological(events);
        assert_eq!(
            ids(&events),
            [
                "founded",
                "c2c",
                "intrusion",
                "incident",
                "chat",
                "same-day",
                "third-day",
                "next-day",
                "undated"
            ]
        );
    }

    #[test]
    fn a_cycle_of_after_relations_terminates() {
        let events = vec![
            E("a", None, vec!["b".into()], vec![]),
            E("b", None, vec!["a".into()], vec![]),
            E("c", Some("2020-01-01"), vec![], vec![]),
        ];
        let events = chronological(events);
        assert_eq!(ids(&events), ["c", "a", "b"]);
    }
}
