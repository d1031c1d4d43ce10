//! Certificate-policy processing (RFC 5280 §6.1.2 (a), §6.1.3 (d)–(f), §6.1.4 (a)–(b),
//! §6.1.5 (g)) on RFC 9618's policy *graph*: a node per (depth, policy) with several parents,
//! instead of RFC 5280's tree, whose size is exponential in the path length on hostile input
//! (CVE-2023-0464). Qualifiers are not tracked: kyso does not output them (RFC 9618 §5.3).
//!
//! Each level holds the nodes of one depth; a node links to its parents by index in the level
//! above. The anyPolicy node of a level, if any, is kept apart. Nodes are never removed, only
//! marked dead by pruning, so indices stay valid.

use der::asn1::ObjectIdentifier as Oid;

pub(crate) use crate::oid::ANY_POLICY;

#[derive(Clone, Debug)]
enum Parent {
    Node(usize),
    Any,
}

#[derive(Clone, Debug)]
struct Node {
    policy: Oid,
    expected: Vec<Oid>,
    parents: Vec<Parent>,
    alive: bool,
}

#[derive(Clone, Debug, Default)]
struct Level {
    nodes: Vec<Node>,
    /// The anyPolicy node of this depth (its expected_policy_set is always {anyPolicy}),
    /// with whether its parent was the anyPolicy node above (always, except at depth 0).
    any: bool,
}

impl Level {
    fn is_empty(&self) -> bool {
        !self.any && !self.nodes.iter().any(|n| n.alive)
    }

    fn find(&self, p: &Oid) -> Option<usize> {
        self.nodes.iter().position(|n| n.alive && n.policy == *p)
    }
}

/// valid_policy_graph; `None` once it becomes NULL.
#[derive(Clone, Debug)]
pub(crate) struct PolicyGraph {
    levels: Vec<Level>,
}

impl PolicyGraph {
    /// §6.1.2 (a): a single anyPolicy node at depth 0.
    pub(crate) fn new() -> Self {
        Self {
            levels: vec![Level {
                nodes: Vec::new(),
                any: true,
            }],
        }
    }

    fn last(&self) -> Option<&Level> {
        self.levels.last()
    }

    /// §6.1.3 (d) for a certificate with policies `policies` (anyPolicy included as is).
    /// `any_allowed`: inhibit_anyPolicy > 0, or (i < n and the certificate is self-issued).
    /// Returns false if the graph becomes NULL.
    pub(crate) fn process_certificate(&mut self, policies: &[Oid], any_allowed: bool) -> bool {
        let Some(prev) = self.last() else {
            return false;
        };
        let mut level = Level::default();
        // (d)(1): each policy P ≠ anyPolicy joins every node above expecting P, else the
        // anyPolicy node above.
        for p in policies.iter().filter(|p| **p != ANY_POLICY) {
            if level.find(p).is_some() {
                continue;
            }
            let mut parents: Vec<Parent> = prev
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.alive && n.expected.contains(p))
                .map(|(i, _)| Parent::Node(i))
                .collect();
            if parents.is_empty() && prev.any {
                parents.push(Parent::Any);
            }
            if !parents.is_empty() {
                level.nodes.push(Node {
                    policy: *p,
                    expected: vec![*p],
                    parents,
                    alive: true,
                });
            }
        }
        // (d)(2): anyPolicy in the certificate matches every expected policy not yet matched.
        if any_allowed && policies.contains(&ANY_POLICY) {
            for (i, n) in prev.nodes.iter().enumerate().filter(|(_, n)| n.alive) {
                for e in &n.expected {
                    match level.find(e) {
                        Some(j) => {
                            // Created in (d)(2) from another parent: add this one too. A node
                            // created in (d)(1) already lists every parent expecting it.
                            if let Some(node) = level.nodes.get_mut(j)
                                && !policies.contains(e)
                                && !node
                                    .parents
                                    .iter()
                                    .any(|p| matches!(p, Parent::Node(k) if *k == i))
                            {
                                node.parents.push(Parent::Node(i));
                            }
                        }
                        None => level.nodes.push(Node {
                            policy: *e,
                            expected: vec![*e],
                            parents: vec![Parent::Node(i)],
                            alive: true,
                        }),
                    }
                }
            }
            if prev.any {
                level.any = true;
            }
        }
        self.levels.push(level);
        // (d)(3): prune nodes without children.
        self.prune();
        !self.is_null()
    }

    /// §6.1.3 (e): a certificate without policies makes the graph NULL.
    pub(crate) fn set_null(&mut self) {
        self.levels.clear();
    }

    pub(crate) fn is_null(&self) -> bool {
        self.last().is_none_or(Level::is_empty)
    }

    /// §6.1.4 (b): apply policyMappings (issuerDomainPolicy, subjectDomainPolicy) at the
    /// current depth. `mapping_allowed` is policy_mapping > 0.
    pub(crate) fn apply_mappings(&mut self, mappings: &[(Oid, Oid)], mapping_allowed: bool) {
        let mut issuers =
            crate::sort::sorted_by(mappings.iter().map(|(i, _)| *i).collect(), Ord::cmp);
        issuers.dedup();
        let depth = self.levels.len();
        let Some(level) = self.levels.last_mut() else {
            return;
        };
        for idp in issuers {
            let subjects: Vec<Oid> = mappings
                .iter()
                .filter(|(i, _)| *i == idp)
                .map(|(_, s)| *s)
                .collect();
            if mapping_allowed {
                // (b)(1)
                if let Some(j) = level.find(&idp) {
                    if let Some(n) = level.nodes.get_mut(j) {
                        n.expected = subjects;
                    }
                } else if level.any && depth > 1 {
                    // "…generate a child node of the node of depth i-1 that has a valid_policy
                    // of anyPolicy": a sibling of this depth's anyPolicy node.
                    level.nodes.push(Node {
                        policy: idp,
                        expected: subjects,
                        parents: vec![Parent::Any],
                        alive: true,
                    });
                }
            } else {
                // (b)(2): delete the node for the issuer-domain policy, then prune.
                for n in level.nodes.iter_mut().filter(|n| n.policy == idp) {
                    n.alive = false;
                }
            }
        }
        self.prune();
    }

    /// Mark dead every node (above the last level) with no living child, level by level up.
    fn prune(&mut self) {
        let mut d = self.levels.len();
        while d > 1 {
            d = d.saturating_sub(1);
            let (upper, lower) = self.levels.split_at_mut(d);
            let (Some(parent_level), Some(child_level)) = (upper.last_mut(), lower.first()) else {
                return;
            };
            let mut has_child = vec![false; parent_level.nodes.len()];
            let mut any_has_child = false;
            for c in child_level.nodes.iter().filter(|n| n.alive) {
                for p in &c.parents {
                    match p {
                        Parent::Node(i) => {
                            if let Some(h) = has_child.get_mut(*i) {
                                *h = true;
                            }
                        }
                        Parent::Any => any_has_child = true,
                    }
                }
            }
            if child_level.any {
                any_has_child = true;
            }
            for (n, h) in parent_level.nodes.iter_mut().zip(has_child) {
                if !h {
                    n.alive = false;
                }
            }
            if !any_has_child {
                parent_level.any = false;
            }
        }
    }

    /// §6.1.5 (g) as RFC 9618 §4.? computes it: the authorities-constrained policy set
    /// (policies whose node hangs directly off an anyPolicy node, plus anyPolicy if the last
    /// depth has an anyPolicy node), intersected with the user-initial-policy-set
    /// (`user` empty = any-policy).
    pub(crate) fn user_constrained_policy_set(&self, user: &[Oid]) -> Vec<Oid> {
        if self.is_null() {
            return Vec::new();
        }
        let mut authority: Vec<Oid> = Vec::new();
        for level in self.levels.iter().skip(1) {
            for n in level.nodes.iter().filter(|n| n.alive) {
                if n.parents.iter().any(|p| matches!(p, Parent::Any))
                    && !authority.contains(&n.policy)
                {
                    authority.push(n.policy);
                }
            }
        }
        let any_at_end = self.last().is_some_and(|l| l.any);
        if any_at_end {
            authority.push(ANY_POLICY);
        }
        if user.is_empty() || user.contains(&ANY_POLICY) {
            return authority;
        }
        let mut out: Vec<Oid> = authority
            .iter()
            .filter(|p| user.contains(p))
            .copied()
            .collect();
        if any_at_end {
            for u in user {
                if !out.contains(u) {
                    out.push(*u);
                }
            }
        }
        out
    }
}
