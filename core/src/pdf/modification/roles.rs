//! The role every object reachable in the signed revision plays (catalog, page, page
//! content, form field, appearance, DSS, …): a later change to an object is judged by its role.
//! Walks run most sensitive first — page content before appearances and form resources — so an
//! object shared by both (a font) keeps the stricter role. Bounded by [`BUDGET`].
//!
//! The walk also records who refers to each object ([`Referrer`]): an object the signed
//! revision uses in two places — an appearance stream that is also another annotation's, or
//! one a trailer key points at — cannot be redefined for one of them without changing the
//! other (pyHanko's "used in multiple contexts" rule, `pdf.mod.shared-appearance`).

use std::collections::{HashMap, HashSet, VecDeque};

use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object};

/// Most objects one walk resolves (R19): past this the analysis says it is incomplete.
const BUDGET: usize = 500_000;
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Role {
    Catalog,
    PageTree,
    /// A page (0-based index in document order).
    Page(usize),
    /// A page's content streams, resources, fonts, XObjects (R10).
    PageContent(usize),
    /// An indirect `/Annots` array of a page.
    AnnotsArray(usize),
    /// A non-widget annotation with its subtype.
    Annotation {
        page: usize,
        subtype: Vec<u8>,
    },
    /// A form field node or its widget: full name, whether it is a signature field, and
    /// whether that signature field has a value.
    Field {
        name: String,
        sig: bool,
        signed: bool,
    },
    /// Reachable from the appearance (`/AP`) of object `owner` (a field or an annotation).
    Appearance {
        owner: u32,
    },
    AcroForm,
    FieldsArray,
    /// `/AcroForm /DR` and what it reaches.
    FormResources,
    /// A signature dictionary (`/V` of a signature field) and what it reaches.
    SigValue,
    /// `/DSS` (ETSI EN 319 142-1 §5.4) and what it reaches.
    Dss,
    /// `/Metadata`, the trailer's `/Info`.
    Metadata,
    Other,
}

/// Where a reference to an object sits: inside another object, or in the trailer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Referrer {
    Object(u32),
    Trailer,
}

/// What the walk of the signed revision found.
pub(super) struct Walk {
    pub roles: HashMap<u32, Role>,
    /// For every object reachable from the trailer, the objects (or the trailer) whose values
    /// refer to it.
    pub referrers: HashMap<u32, HashSet<Referrer>>,
    /// Whether the walk finished within [`BUDGET`].
    pub complete: bool,
}

struct Walker<'v, 'f, 's> {
    view: &'v RevisionView<'f, 's>,
    roles: HashMap<u32, Role>,
    referrers: HashMap<u32, HashSet<Referrer>>,
    resolved: usize,
}

/// The roles of everything reachable at `view`, who refers to what, and whether the walk
/// finished in budget.
pub(super) fn build(view: &RevisionView<'_, '_>) -> Walk {
    let mut w = Walker {
        view,
        roles: HashMap::new(),
        referrers: HashMap::new(),
        resolved: 0,
    };
    w.refers(
        Referrer::Trailer,
        &Object::Dictionary(view.trailer().clone()),
    );
    let root = view.trailer().get(b"Root").cloned().unwrap_or(Object::Null);
    let catalog = w
        .claim(&root, Role::Catalog)
        .and_then(|o| o.as_dict().cloned());
    let catalog = catalog.unwrap_or_default();
    let mut annots = Vec::new();
    if let Some(pages) = catalog.get(b"Pages") {
        let mut index = 0;
        w.pages(pages, 0, &mut index, &mut annots);
    }
    if let Some(form) = catalog.get(b"AcroForm") {
        w.acroform(form);
    }
    for (page, list) in annots {
        w.annotations(page, &list);
    }
    for (key, role) in [(&b"DSS"[..], Role::Dss), (b"Metadata", Role::Metadata)] {
        if let Some(v) = catalog.get(key) {
            w.closure(v, &role);
        }
    }
    if let Some(info) = view.trailer().get(b"Info") {
        w.closure(info, &Role::Metadata);
    }
    for (_, v) in &catalog.entries {
        w.closure(v, &Role::Other);
    }
    // What the trailer reaches beyond the catalog and /Info (/Encrypt, or a private key such
    // as pyHanko's `form-update-ap-indirect-sneaky-trailer` /FooBar) is part of the signed
    // revision too: redefining it later is a change like any other.
    for (_, v) in &view.trailer().entries {
        w.closure(v, &Role::Other);
    }
    let complete = w.resolved <= BUDGET;
    Walk {
        roles: w.roles,
        referrers: w.referrers,
        complete,
    }
}

impl Walker<'_, '_, '_> {
    /// Records that `from` refers to every object `value` references directly (nested direct
    /// dictionaries and arrays included).
    fn refers(&mut self, from: Referrer, value: &Object) {
        let mut refs = HashSet::new();
        super::collect_refs(value, &mut refs, 0);
        for id in refs {
            self.referrers.entry(id.number).or_default().insert(from);
        }
    }

    /// Gives `object` (when a reference not yet seen) `role`; returns what it resolves to.
    /// A direct value is returned as it is.
    fn claim(&mut self, object: &Object, role: Role) -> Option<Object> {
        match object {
            Object::Reference(id) => {
                if self.roles.contains_key(&id.number) || self.resolved > BUDGET {
                    return None;
                }
                self.roles.insert(id.number, role);
                self.resolved += 1;
                let value = self.view.resolve(*id).ok();
                if let Some(v) = &value {
                    self.refers(Referrer::Object(id.number), v);
                }
                value
            }
            other => Some(other.clone()),
        }
    }

    /// Everything reachable from `object` not yet claimed gets `role`.
    fn closure(&mut self, object: &Object, role: &Role) {
        let mut queue = VecDeque::from([object.clone()]);
        while let Some(next) = queue.pop_front() {
            if self.resolved > BUDGET {
                return;
            }
            let value = match &next {
                Object::Reference(_) => match self.claim(&next, role.clone()) {
                    Some(v) => v,
                    None => continue,
                },
                other => other.clone(),
            };
            match value {
                Object::Reference(_) => queue.push_back(value),
                Object::Array(items) => queue.extend(items),
                Object::Dictionary(d) => queue.extend(d.entries.into_iter().map(|(_, v)| v)),
                Object::Stream(s) => queue.extend(s.dict.entries.into_iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }

    fn dict_of(&mut self, object: &Object, role: Role) -> Option<Dictionary> {
        self.claim(object, role).and_then(|o| o.as_dict().cloned())
    }

    fn pages(
        &mut self,
        node: &Object,
        depth: usize,
        index: &mut usize,
        annots: &mut Vec<(usize, Object)>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        // Claimed as a tree node first; a leaf is re-labelled once known to be a page.
        let Some(dict) = self.dict_of(node, Role::PageTree) else {
            return;
        };
        let is_tree = dict.type_name().is_some_and(|t| t.is(b"Pages"))
            || (dict.type_name().is_none() && dict.get(b"Kids").is_some());
        if is_tree {
            if let Some(r) = dict.get(b"Resources") {
                self.closure(r, &Role::PageContent(*index));
            }
            let kids = self
                .claim(dict.get(b"Kids").unwrap_or(&Object::Null), Role::PageTree)
                .and_then(|k| k.as_array().map(<[Object]>::to_vec))
                .unwrap_or_default();
            for kid in kids {
                self.pages(&kid, depth + 1, index, annots);
            }
            return;
        }
        let page = *index;
        *index += 1;
        if let Object::Reference(id) = node {
            self.roles.insert(id.number, Role::Page(page));
        }
        for key in [&b"Contents"[..], b"Resources", b"Group", b"Thumb"] {
            if let Some(v) = dict.get(key) {
                self.closure(v, &Role::PageContent(page));
            }
        }
        if let Some(list) = dict.get(b"Annots") {
            annots.push((page, list.clone()));
        }
    }

    fn acroform(&mut self, form: &Object) {
        let Some(dict) = self.dict_of(form, Role::AcroForm) else {
            return;
        };
        if let Some(dr) = dict.get(b"DR") {
            self.closure(dr, &Role::FormResources);
        }
        let fields = self
            .claim(
                dict.get(b"Fields").unwrap_or(&Object::Null),
                Role::FieldsArray,
            )
            .and_then(|f| f.as_array().map(<[Object]>::to_vec))
            .unwrap_or_default();
        for field in fields {
            self.field(&field, None, false, 0);
        }
    }

    fn field(&mut self, node: &Object, parent: Option<&str>, parent_sig: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Object::Reference(id) = node else { return };
        if self.roles.contains_key(&id.number) {
            return;
        }
        let Ok(Object::Dictionary(dict)) = self.view.resolve(*id) else {
            return;
        };
        self.resolved += 1;
        self.refers(
            Referrer::Object(id.number),
            &Object::Dictionary(dict.clone()),
        );
        let own = match dict.get(b"T") {
            Some(Object::String(s)) => Some(crate::pdf::text::decode_text_string(&s.bytes)),
            _ => None,
        };
        let name = match (parent, own) {
            (Some(p), Some(o)) => format!("{p}.{o}"),
            (None, Some(o)) => o,
            (Some(p), None) => p.to_owned(),
            (None, None) => String::new(),
        };
        let sig = match dict.get(b"FT").and_then(Object::as_name) {
            Some(ft) => ft.is(b"Sig"),
            None => parent_sig,
        };
        let value = dict.get(b"V").filter(|v| **v != Object::Null);
        self.roles.insert(
            id.number,
            Role::Field {
                name: name.clone(),
                sig,
                signed: sig && value.is_some(),
            },
        );
        if let Some(ap) = dict.get(b"AP") {
            self.closure(ap, &Role::Appearance { owner: id.number });
        }
        if let (true, Some(v)) = (sig, value) {
            self.closure(v, &Role::SigValue);
        }
        if let Ok(Object::Array(kids)) = self.view.deref(dict.get(b"Kids").unwrap_or(&Object::Null))
        {
            for kid in kids {
                self.field(&kid, Some(&name), sig, depth + 1);
            }
        }
    }

    fn annotations(&mut self, page: usize, list: &Object) {
        let items = self
            .claim(list, Role::AnnotsArray(page))
            .and_then(|a| a.as_array().map(<[Object]>::to_vec))
            .unwrap_or_default();
        for item in items {
            let Object::Reference(id) = item else {
                continue;
            };
            if self.roles.contains_key(&id.number) {
                continue;
            }
            let Some(dict) = self
                .claim(&item, Role::Other)
                .and_then(|d| d.as_dict().cloned())
            else {
                continue;
            };
            let subtype = dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .map(|n| n.0.clone())
                .unwrap_or_default();
            let role = if subtype == b"Widget" {
                // A widget outside the form's field tree.
                Role::Field {
                    name: String::new(),
                    sig: false,
                    signed: false,
                }
            } else {
                Role::Annotation { page, subtype }
            };
            self.roles.insert(id.number, role);
            if let Some(ap) = dict.get(b"AP") {
                self.closure(ap, &Role::Appearance { owner: id.number });
            }
            if let Some(popup) = dict.get(b"Popup") {
                self.closure(
                    popup,
                    &Role::Annotation {
                        page,
                        subtype: b"Popup".to_vec(),
                    },
                );
            }
        }
    }
}
