//! Grounded semantics of abstract argumentation (Dung 1995), as Carneades uses it for statuses.
//!
//! An argument framework is a set of arguments and an attack relation. The grounded labelling is
//! the least fixed point of: an argument is IN when all its attackers are OUT; OUT when some
//! attacker is IN; UNDEC otherwise. It is unique and sceptical: odd and even cycles, and
//! self-attacking arguments, stay UNDEC unless something outside the cycle decides them.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// IN: accepted.
    Accepted,
    /// OUT: rejected (defeated by an accepted attacker).
    Rejected,
    /// UNDEC: undecided.
    Undecided,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Accepted => "accepted",
            Label::Rejected => "rejected",
            Label::Undecided => "undecided",
        }
    }
}

/// Arguments are `0..n`; `attacks` holds `(attacker, target)` pairs.
#[derive(Debug, Clone, Default)]
pub struct Framework {
    n: usize,
    attackers: Vec<Vec<usize>>,
}

impl Framework {
    pub fn new(n: usize) -> Self {
        Framework {
            n,
            attackers: vec![Vec::new(); n],
        }
    }

    pub fn attack(&mut self, attacker: usize, target: usize) {
        if !self.attackers[target].contains(&attacker) {
            self.attackers[target].push(attacker);
        }
    }

    pub fn attackers(&self, target: usize) -> &[usize] {
        &self.attackers[target]
    }

    /// The grounded labelling, by iterating the characteristic function to its least fixed point.
    pub fn grounded(&self) -> Vec<Label> {
        let mut label: Vec<Option<Label>> = vec![None; self.n];
        loop {
            let mut changed = false;
            for a in 0..self.n {
                if label[a].is_some() {
                    continue;
                }
                let attackers = &self.attackers[a];
                if attackers.iter().all(|&b| label[b] == Some(Label::Rejected)) {
                    label[a] = Some(Label::Accepted);
                    changed = true;
                } else if attackers.iter().any(|&b| label[b] == Some(Label::Accepted)) {
                    label[a] = Some(Label::Rejected);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        label
            .into_iter()
            .map(|l| l.unwrap_or(Label::Undecided))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Label::*;
    use super::*;

    fn labels(n: usize, attacks: &[(usize, usize)]) -> Vec<Label> {
        let mut f = Framework::new(n);
        for &(a, b) in attacks {
            f.attack(a, b);
        }
        f.grounded()
    }

    #[test]
    fn unattacked_is_accepted() {
        assert_eq!(labels(1, &[]), vec![Accepted]);
    }

    #[test]
    fn chain_alternates() {
        // 0 → 1 → 2 → 3
        assert_eq!(
            labels(4, &[(0, 1), (1, 2), (2, 3)]),
            vec![Accepted, Rejected, Accepted, Rejected]
        );
    }

    #[test]
    fn odd_cycle_is_undecided() {
        assert_eq!(labels(3, &[(0, 1), (1, 2), (2, 0)]), vec![Undecided; 3]);
    }

    #[test]
    fn even_cycle_is_undecided_in_grounded() {
        assert_eq!(labels(2, &[(0, 1), (1, 0)]), vec![Undecided; 2]);
    }

    #[test]
    fn even_cycle_broken_from_outside() {
        // 2 attacks 1, so 1 is out and 0 (attacked only by 1) is in.
        assert_eq!(
            labels(3, &[(0, 1), (1, 0), (2, 1)]),
            vec![Accepted, Rejected, Accepted]
        );
    }

    #[test]
    fn self_attack_is_undecided_and_taints_its_target() {
        assert_eq!(labels(2, &[(0, 0), (0, 1)]), vec![Undecided, Undecided]);
    }

    #[test]
    fn self_attacker_defeated_from_outside() {
        assert_eq!(
            labels(3, &[(0, 0), (0, 1), (2, 0)]),
            vec![Rejected, Accepted, Accepted]
        );
    }

    #[test]
    fn reinstatement() {
        // claim 0 attacked by defense 1, which is attacked by rebuttal 2: 0 is reinstated.
        assert_eq!(
            labels(3, &[(1, 0), (2, 1)]),
            vec![Accepted, Rejected, Accepted]
        );
    }
}
