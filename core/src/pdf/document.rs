//! The document structure the signature machinery walks (ISO 32000-2 §7.7.2 catalog,
//! §7.7.3 page tree with inherited attributes, §12.7 interactive forms): pages and terminal
//! form fields as one revision sees them. Walks are bounded (visited sets, depth, counts).

use std::collections::HashSet;

use super::PdfError;
use super::file::RevisionView;
use super::limits::PdfLimitKind;
use super::object::{Dictionary, Name, Object, ObjectId};

/// A page with its inherited attributes resolved (§7.7.3.4).
#[derive(Clone, Debug)]
pub(crate) struct PdfPage {
    pub id: ObjectId,
    pub dict: Dictionary,
    pub media_box: [f64; 4],
    pub crop_box: [f64; 4],
    pub rotate: i64,
    pub resources: Option<Object>,
}

/// A terminal form field (§12.7.4) with its inherited attributes.
#[derive(Clone, Debug)]
pub(crate) struct PdfField {
    pub id: ObjectId,
    /// The fully qualified name (`parent.child`, §12.7.4.2).
    pub name: String,
    pub field_type: Option<Name>,
    pub dict: Dictionary,
    pub value: Option<Object>,
    /// The widget annotations (the field itself when field and widget are merged).
    pub widgets: Vec<ObjectId>,
    pub lock: Option<Object>,
    pub seed: Option<Object>,
    pub flags: i64,
}

const MAX_TREE_DEPTH: usize = 64;

impl RevisionView<'_, '_> {
    /// The document catalog (`/Root`).
    pub(crate) fn catalog(&self) -> Result<(ObjectId, Dictionary), PdfError> {
        let Some(Object::Reference(id)) = self.trailer().get(b"Root") else {
            return Err(PdfError::NoCatalog);
        };
        match self.resolve(*id)? {
            Object::Dictionary(d) => Ok((*id, d)),
            _ => Err(PdfError::NoCatalog),
        }
    }

    /// The pages in document order.
    pub(crate) fn pages(&self) -> Result<Vec<PdfPage>, PdfError> {
        let (_, catalog) = self.catalog()?;
        let Some(root) = catalog.get(b"Pages").and_then(Object::as_reference) else {
            return Ok(Vec::new());
        };
        let mut pages = Vec::new();
        let mut visited = HashSet::new();
        let inherited = Inherited::default();
        self.walk_pages(root, &inherited, 0, &mut visited, &mut pages)?;
        Ok(pages)
    }

    fn walk_pages(
        &self,
        id: ObjectId,
        inherited: &Inherited,
        depth: usize,
        visited: &mut HashSet<ObjectId>,
        out: &mut Vec<PdfPage>,
    ) -> Result<(), PdfError> {
        if depth > MAX_TREE_DEPTH || !visited.insert(id) {
            return Ok(()); // A cycle or an absurd depth: the page tree ends here.
        }
        if visited.len() > usize::try_from(self.file().limits().max_objects).unwrap_or(usize::MAX) {
            return Err(PdfError::Limit(PdfLimitKind::Objects));
        }
        let Some(dict) = self.dict(&Object::Reference(id))? else {
            return Ok(());
        };
        let here = inherited.with(self, &dict)?;
        let is_pages = dict.type_name().is_some_and(|t| t.is(b"Pages"))
            || (dict.type_name().is_none() && dict.get(b"Kids").is_some());
        if is_pages {
            let kids = match self.get(&dict, b"Kids")? {
                Some(Object::Array(kids)) => kids,
                _ => Vec::new(),
            };
            for kid in kids {
                if let Object::Reference(kid) = kid {
                    self.walk_pages(kid, &here, depth + 1, visited, out)?;
                }
            }
        } else {
            let media_box = here.media_box.unwrap_or([0.0, 0.0, 612.0, 792.0]);
            out.push(PdfPage {
                id,
                crop_box: here
                    .crop_box
                    .map(|c| intersect(c, media_box))
                    .unwrap_or(media_box),
                media_box,
                rotate: here.rotate.unwrap_or(0).rem_euclid(360),
                resources: here.resources.clone(),
                dict,
            });
        }
        Ok(())
    }

    /// The terminal fields of the interactive form (`/AcroForm /Fields`).
    pub(crate) fn fields(&self) -> Result<Vec<PdfField>, PdfError> {
        let (_, catalog) = self.catalog()?;
        let Some(acroform) = self
            .get(&catalog, b"AcroForm")?
            .and_then(|a| a.as_dict().cloned())
        else {
            return Ok(Vec::new());
        };
        let roots = match self.get(&acroform, b"Fields")? {
            Some(Object::Array(items)) => items,
            _ => Vec::new(),
        };
        let mut out = Vec::new();
        let mut visited = HashSet::new();
        for root in roots {
            if let Object::Reference(id) = root {
                self.walk_field(id, &FieldInherited::default(), 0, &mut visited, &mut out)?;
            }
        }
        Ok(out)
    }

    fn walk_field(
        &self,
        id: ObjectId,
        inherited: &FieldInherited,
        depth: usize,
        visited: &mut HashSet<ObjectId>,
        out: &mut Vec<PdfField>,
    ) -> Result<(), PdfError> {
        if depth > MAX_TREE_DEPTH || !visited.insert(id) {
            return Ok(());
        }
        if visited.len() > usize::try_from(self.file().limits().max_objects).unwrap_or(usize::MAX) {
            return Err(PdfError::Limit(PdfLimitKind::Objects));
        }
        let Some(dict) = self.dict(&Object::Reference(id))? else {
            return Ok(());
        };
        let partial = match self.get(&dict, b"T")? {
            Some(Object::String(s)) => Some(super::text::decode_text_string(&s.bytes)),
            _ => None,
        };
        let name = match (&inherited.name, &partial) {
            (Some(parent), Some(own)) => Some(format!("{parent}.{own}")),
            (None, Some(own)) => Some(own.clone()),
            (parent, None) => parent.clone(),
        };
        let here = FieldInherited {
            name: name.clone(),
            field_type: dict
                .get(b"FT")
                .and_then(Object::as_name)
                .cloned()
                .or_else(|| inherited.field_type.clone()),
            value: match dict.get(b"V") {
                Some(v) => Some(v.clone()),
                None => inherited.value.clone(),
            },
            flags: self
                .get(&dict, b"Ff")?
                .and_then(|f| f.as_integer())
                .or(inherited.flags),
        };
        // Kids that have a /T are fields; kids without are its widgets (§12.7.4.1).
        let kids = match self.get(&dict, b"Kids")? {
            Some(Object::Array(kids)) => kids,
            _ => Vec::new(),
        };
        let mut widgets = Vec::new();
        let mut child_fields = Vec::new();
        for kid in kids {
            let Object::Reference(kid_id) = kid else {
                continue;
            };
            let Some(kid_dict) = self.dict(&Object::Reference(kid_id))? else {
                continue;
            };
            if kid_dict.get(b"T").is_some() {
                child_fields.push(kid_id);
            } else {
                widgets.push(kid_id);
            }
        }
        if child_fields.is_empty() {
            if dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_some_and(|s| s.is(b"Widget"))
            {
                widgets.insert(0, id);
            }
            out.push(PdfField {
                id,
                name: name.unwrap_or_default(),
                field_type: here.field_type.clone(),
                value: here.value.clone(),
                widgets,
                lock: dict.get(b"Lock").cloned(),
                seed: dict.get(b"SV").cloned(),
                flags: here.flags.unwrap_or(0),
                dict,
            });
        } else {
            for child in child_fields {
                self.walk_field(child, &here, depth + 1, visited, out)?;
            }
        }
        Ok(())
    }

    /// A number array of four (a rectangle, §7.9.5), dereferencing its items.
    pub(crate) fn rectangle(&self, object: &Object) -> Result<Option<[f64; 4]>, PdfError> {
        let Object::Array(items) = self.deref(object)? else {
            return Ok(None);
        };
        let mut out = [0.0; 4];
        if items.len() != 4 {
            return Ok(None);
        }
        for (slot, item) in out.iter_mut().zip(items.iter()) {
            *slot = match self.deref(item)? {
                Object::Integer(i) => integer_to_f64(i),
                Object::Real(r) => r,
                _ => return Ok(None),
            };
        }
        Ok(Some(normalise(out)))
    }
}

#[derive(Clone, Default)]
struct Inherited {
    media_box: Option<[f64; 4]>,
    crop_box: Option<[f64; 4]>,
    rotate: Option<i64>,
    resources: Option<Object>,
}

impl Inherited {
    fn with(&self, view: &RevisionView<'_, '_>, dict: &Dictionary) -> Result<Self, PdfError> {
        let mut next = self.clone();
        if let Some(b) = dict.get(b"MediaBox") {
            next.media_box = view.rectangle(b)?.or(next.media_box);
        }
        if let Some(b) = dict.get(b"CropBox") {
            next.crop_box = view.rectangle(b)?.or(next.crop_box);
        }
        if let Some(r) = view.get(dict, b"Rotate")? {
            next.rotate = r.as_integer().or(next.rotate);
        }
        if let Some(r) = dict.get(b"Resources") {
            next.resources = Some(r.clone());
        }
        Ok(next)
    }
}

#[derive(Clone, Default)]
struct FieldInherited {
    name: Option<String>,
    field_type: Option<Name>,
    value: Option<Object>,
    flags: Option<i64>,
}

fn normalise([a, b, c, d]: [f64; 4]) -> [f64; 4] {
    [a.min(c), b.min(d), a.max(c), b.max(d)]
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    if r[0] < r[2] && r[1] < r[3] { r } else { b }
}

/// PDF integers used as coordinates are far below 2^53, where the conversion is exact.
#[allow(clippy::as_conversions)]
pub(crate) fn integer_to_f64(i: i64) -> f64 {
    i as f64
}
