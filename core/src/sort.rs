//! One sort for all of core.
//!
//! `slice::sort_unstable_by` is compiled once per element type and comparator: about 3.5 KB of
//! WASM each, and core sorts six kinds of things (issue 5's size budget). The lists are short
//! (CRLs, issuer candidates, RDN attributes, policy OIDs, digest algorithms), so they all go
//! through a single instantiation that sorts indices through a `dyn` comparator.

use core::cmp::Ordering;

/// `items` sorted by `cmp`, stably (equal items keep their order).
pub(crate) fn sorted_by<T>(items: Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = sorted_indices(items.len(), &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => Ordering::Equal,
    });
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// `0..len` ordered by `cmp`, ties by index (which makes the unstable sort stable).
fn sorted_indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    indices.sort_unstable_by(|a, b| cmp(*a, *b).then(a.cmp(b)));
    indices
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        let sorted = sorted_by(items, |x, y| x.0.cmp(&y.0));
        assert_eq!(sorted, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        assert!(sorted_by(Vec::<u8>::new(), Ord::cmp).is_empty());
    }
}
