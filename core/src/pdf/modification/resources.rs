//! A signed page's entries judged by what the reader can see (ISO 32000-2 §7.8.3 resource
//! dictionaries, §7.3.10 indirect objects): an entry re-pointed at other objects whose
//! content is equal is no change (EU DSS `Signature-P-DE_SCI-4`: the time-stamping tool
//! rewrote page 1's `/Resources 35 0 R` as an identical `51 0 R`), and new resource names are
//! harmless only when no signed content stream already names them — a content stream may
//! refer to a name its resources lack (nothing is drawn) and a later revision could then
//! supply it (the incremental saving attack, R10).

use std::collections::HashSet;

use super::appearance::{Token, Tokens};
use super::roles::Role;
use super::{Analysis, dict_keys};
use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object, ObjectId};

/// Most values one comparison visits (R19): past this the values count as different.
const BUDGET: usize = 20_000;
const MAX_DEPTH: u32 = 32;

/// Deep comparison of an old and a new value, references followed on both sides.
struct Equivalence<'v, 'f, 's> {
    old: &'v RevisionView<'f, 's>,
    new: &'v RevisionView<'f, 's>,
    budget: usize,
    /// Pairs of objects already being compared (a cycle compares equal so far).
    pairs: HashSet<(ObjectId, ObjectId)>,
    /// The objects of the new side the comparison went through.
    reached: Vec<u32>,
}

impl<'v, 'f, 's> Equivalence<'v, 'f, 's> {
    fn new(old: &'v RevisionView<'f, 's>, new: &'v RevisionView<'f, 's>) -> Self {
        Self {
            old,
            new,
            budget: BUDGET,
            pairs: HashSet::new(),
            reached: Vec::new(),
        }
    }

    fn object(&mut self, a: &Object, b: &Object, depth: u32) -> bool {
        if depth > MAX_DEPTH || self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        let (x, y) = (a.as_reference(), b.as_reference());
        match (x, y) {
            // The same object on both sides: when a revision redefines it, it is judged on
            // its own, under its own role.
            (Some(x), Some(y)) if x == y => true,
            (None, None) => self.value(a, None, b, None, depth),
            _ => {
                if let (Some(x), Some(y)) = (x, y)
                    && !self.pairs.insert((x, y))
                {
                    return true;
                }
                if let Some(y) = y {
                    self.reached.push(y.number);
                }
                let (Ok(va), Ok(vb)) = (self.old.deref(a), self.new.deref(b)) else {
                    return false;
                };
                self.value(&va, x, &vb, y, depth)
            }
        }
    }

    fn value(
        &mut self,
        a: &Object,
        ida: Option<ObjectId>,
        b: &Object,
        idb: Option<ObjectId>,
        depth: u32,
    ) -> bool {
        match (a, b) {
            (Object::String(x), Object::String(y)) => x.bytes == y.bytes,
            (Object::Real(x), Object::Real(y)) => x.to_bits() == y.to_bits(),
            (Object::Array(x), Object::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(i, j)| self.object(i, j, depth + 1))
            }
            (Object::Dictionary(x), Object::Dictionary(y)) => self.dict(x, y, &[], depth),
            (Object::Stream(x), Object::Stream(y)) => {
                let (Some(ida), Some(idb)) = (ida, idb) else {
                    return false;
                };
                self.dict(&x.dict, &y.dict, &[b"Length"], depth)
                    && match (self.old.stream_data(ida, x), self.new.stream_data(idb, y)) {
                        (Ok(p), Ok(q)) => p == q,
                        _ => false,
                    }
            }
            _ => a == b,
        }
    }

    fn dict(&mut self, x: &Dictionary, y: &Dictionary, ignore: &[&[u8]], depth: u32) -> bool {
        // A repeated key reads differently in different viewers: never "the same".
        if !x.duplicate_keys().is_empty() || !y.duplicate_keys().is_empty() {
            return false;
        }
        dict_keys(x, y).iter().all(|key| {
            ignore.contains(&key.as_slice())
                || self.object(
                    x.get(key).unwrap_or(&Object::Null),
                    y.get(key).unwrap_or(&Object::Null),
                    depth + 1,
                )
        })
    }
}

impl Analysis<'_, '_, '_> {
    /// Whether the entry values `a` (at `old`) and `b` (at `new`) have equal content,
    /// references followed. When they do, the new objects reached get `role` (unless they
    /// have one), so that a later revision redefining them is judged like the objects they
    /// stand for.
    pub(super) fn equivalent(
        &mut self,
        old: &RevisionView<'_, '_>,
        a: &Object,
        new: &RevisionView<'_, '_>,
        b: &Object,
        role: &Role,
    ) -> bool {
        let mut e = Equivalence::new(old, new);
        let equal = e.object(a, b, 0);
        self.adopt(equal, e.reached, role)
    }

    /// [`Self::equivalent`] for an object's two definitions (`before` as object `ids.0` at
    /// `old`, `after` as `ids.1` at `new`).
    pub(super) fn equivalent_values(
        &mut self,
        old: &RevisionView<'_, '_>,
        before: (&Object, ObjectId),
        new: &RevisionView<'_, '_>,
        after: (&Object, ObjectId),
        role: &Role,
    ) -> bool {
        let mut e = Equivalence::new(old, new);
        let equal = e.value(before.0, Some(before.1), after.0, Some(after.1), 0);
        self.adopt(equal, e.reached, role)
    }

    fn adopt(&mut self, equal: bool, reached: Vec<u32>, role: &Role) -> bool {
        if equal {
            for n in reached {
                self.roles.entry(n).or_insert_with(|| role.clone());
            }
        }
        equal
    }
}

/// The names `b` adds to the resource dictionary `a` when it only adds (every entry of `a`
/// kept, direct dictionaries compared entry by entry): a new category contributes the names
/// it defines, a new entry in a category its own name. `None` when anything else changed.
pub(super) fn added_names(
    old: &RevisionView<'_, '_>,
    a: Option<&Object>,
    new: &RevisionView<'_, '_>,
    b: Option<&Object>,
    depth: u32,
) -> Option<Vec<Vec<u8>>> {
    if depth > 4 {
        return None;
    }
    let (a, b) = (a?, b?);
    if a == b {
        return Some(Vec::new());
    }
    // An indirect dictionary redefined is judged as its own object.
    if matches!(a, Object::Reference(_)) || matches!(b, Object::Reference(_)) {
        return None;
    }
    let (Ok(Some(x)), Ok(Some(y))) = (old.dict(a), new.dict(b)) else {
        return None;
    };
    if !x.duplicate_keys().is_empty() || !y.duplicate_keys().is_empty() {
        return None;
    }
    let mut added = Vec::new();
    for (k, v) in &x.entries {
        match y.get(&k.0) {
            Some(w) if v == w => {}
            Some(w) => added.extend(added_names(old, Some(v), new, Some(w), depth + 1)?),
            None => return None,
        }
    }
    for (k, w) in &y.entries {
        if x.get(&k.0).is_some() {
            continue;
        }
        if depth == 0 {
            // A whole new category (/Pattern, /Shading …): the names it defines.
            if let Ok(Some(category)) = new.dict(w) {
                added.extend(category.entries.iter().map(|(n, _)| n.0.clone()));
            }
        } else {
            added.push(k.0.clone());
        }
    }
    Some(added)
}

/// Every name operand in the signed content of a page (its content streams, and the form
/// XObjects its resources reach one level down, which may inherit the page's resources,
/// §8.10.1): what the content could look up in the resources. `None` when a stream cannot
/// be read (then any name may be in use).
pub(super) fn names_used(
    view: &RevisionView<'_, '_>,
    page: &Dictionary,
) -> Option<HashSet<Vec<u8>>> {
    let mut streams: Vec<Object> = match page.get(b"Contents") {
        Some(Object::Array(items)) => items.clone(),
        Some(other) => match view.deref(other) {
            Ok(Object::Array(items)) => items,
            _ => vec![other.clone()],
        },
        None => Vec::new(),
    };
    if let Ok(Some(resources)) = view.get(page, b"Resources")
        && let Some(resources) = resources.as_dict()
        && let Ok(Some(xobjects)) = view.get(resources, b"XObject")
        && let Some(xobjects) = xobjects.as_dict()
    {
        streams.extend(xobjects.entries.iter().map(|(_, v)| v.clone()));
    }
    let mut names = HashSet::new();
    for stream in streams.iter().take(4096) {
        let Some(id) = stream.as_reference() else {
            continue;
        };
        let Object::Stream(s) = view.resolve(id).ok()? else {
            continue;
        };
        if s.dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_some_and(|t| t.is(b"Image"))
        {
            continue;
        }
        let Ok(data) = view.stream_data(id, &s) else {
            return None;
        };
        names.extend(Tokens::new(&data).filter_map(|t| match t {
            Token::Name(n) => Some(n),
            _ => None,
        }));
    }
    Some(names)
}
