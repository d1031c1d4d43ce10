//! PAdES long-term levels on an existing PDF (ETSI EN 319 142-1; issue 12 item 4), each an
//! incremental update that leaves every earlier byte as it is:
//! - validation data in the document security store (`/DSS` in the catalog with `/Certs`,
//!   `/CRLs`, `/OCSPs` streams; §5.4.2), what a verification used ([`ValidationData`]); no
//!   `/VRI` is written (optional in PAdES and ignored by current validators; the verifier reads
//!   VRI entries' data whichever way their keys were derived — shared/brief/pdf-ltv-login.md
//!   T2);
//! - a document time-stamp (`/Type /DocTimeStamp`, SubFilter `ETSI.RFC3161`, §5.4.3): an
//!   RFC 3161 token over the ByteRange, in a new invisible signature field.
//!
//! Both are changes the modification analysis permits after earlier signatures. A document
//! certified with DocMDP P=1 is refused: Acrobat invalidates it after any byte, DSS and
//! document time-stamps included (T1).

use super::PdfSource;
use super::file::{PdfFile, RevisionView};
use super::object::{Dictionary, Name, Object};
use super::sign::{PdfSignError, PdfUpdate, digest_byte_range, docmdp_permission, open};
use super::sign_options::PdfSignOptions;
use super::write::{Body, IncrementalUpdate};
use crate::cms::ValidationData;
use crate::tsp::{TimestampClient, TimestampReport};
use crate::verifier::Verifier;

/// Room for a token with its TSA chain (3–8 KB in practice, T11); a larger one is retried.
const TOKEN_ROOM: usize = 12 * 1024;

/// Adds `data` to the document security store in an incremental update: the catalog's
/// `/DSS` gains streams for what it does not hold yet (an existing store is kept and
/// extended). `None` when there is nothing new to add.
pub fn add_pdf_validation_data(
    source: &dyn PdfSource,
    data: &ValidationData,
    options: &PdfSignOptions,
) -> Result<Option<PdfUpdate>, PdfSignError> {
    let file = open(source, options)?;
    let view = file.latest();
    let (catalog_id, catalog) = view.catalog()?;
    if docmdp_permission(&view, &catalog)? == Some(1) {
        return Err(PdfSignError::DocMdpForbids);
    }
    let mut update = IncrementalUpdate::new(&file)?;
    let (dss_id, mut dss) = match catalog.get(b"DSS") {
        Some(Object::Reference(id)) => (
            Some(*id),
            match view.resolve(*id)? {
                Object::Dictionary(d) => d,
                _ => Dictionary::new(),
            },
        ),
        Some(Object::Dictionary(d)) => (None, d.clone()),
        _ => (None, Dictionary::new()),
    };
    let mut added = 0usize;
    for (key, items) in [
        (&b"Certs"[..], &data.certificates),
        (b"CRLs", &data.crls),
        (b"OCSPs", &data.ocsp_responses),
    ] {
        let existing = existing_streams(&view, &dss, key);
        let mut array = match view.get(&dss, key)? {
            Some(Object::Array(a)) => a,
            _ => Vec::new(),
        };
        for der in items {
            if existing.iter().any(|e| e == der) {
                continue;
            }
            let id = update.allocate()?;
            update.set(
                id,
                Body::Stream {
                    dict: Dictionary::new(),
                    data: der.clone(),
                },
            );
            array.push(Object::Reference(id));
            added = added.saturating_add(1);
        }
        if !array.is_empty() {
            dss.set(key, Object::Array(array));
        }
    }
    if added == 0 {
        return Ok(None);
    }
    dss.set(b"Type", Object::Name(Name::new(b"DSS")));
    let dss_id = match dss_id {
        Some(id) => id,
        None => update.allocate()?,
    };
    update.set(dss_id, Body::Object(Object::Dictionary(dss)));
    let mut catalog = match update.current(catalog_id)? {
        Object::Dictionary(d) => d,
        _ => catalog,
    };
    catalog.set(b"DSS", Object::Reference(dss_id));
    update.set(catalog_id, Body::Object(Object::Dictionary(catalog)));
    let written = update.write()?;
    Ok(Some(PdfUpdate {
        bytes: written.bytes,
        input_len: file.len(),
    }))
}

/// The decoded streams an existing `/DSS` array holds (to add nothing twice).
fn existing_streams(view: &RevisionView<'_, '_>, dss: &Dictionary, key: &[u8]) -> Vec<Vec<u8>> {
    let Ok(Some(Object::Array(items))) = view.get(dss, key) else {
        return Vec::new();
    };
    items
        .iter()
        .take(10_000)
        .filter_map(|item| {
            let id = item.as_reference()?;
            let Ok(Object::Stream(stream)) = view.resolve(id) else {
                return None;
            };
            view.stream_data(id, &stream).ok()
        })
        .collect()
}

/// Adds a document time-stamp from `client` in an incremental update (PAdES B-LTA when the
/// validation data is in the DSS; the time-stamp alone is a proof of existence of everything
/// before it). The token is checked by `verifier` against the request before it is embedded.
pub fn timestamp_pdf(
    source: &dyn PdfSource,
    options: &PdfSignOptions,
    client: &TimestampClient<'_>,
    verifier: &Verifier<'_>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<(PdfUpdate, TimestampReport), PdfSignError> {
    let mut reserve = TOKEN_ROOM;
    for _ in 0..3 {
        let file = open(source, options)?;
        let placed = place_document_timestamp(&file, options, reserve)?;
        let digest = digest_byte_range(
            source,
            placed.input_len,
            &placed.update,
            placed.contents.clone(),
            client.digest_algorithm(),
            verifier.crypto(),
        )?;
        let (token, report) = client
            .timestamp_imprint(digest, verifier, rng)
            .map_err(PdfSignError::Timestamp)?;
        match super::sign::fill_contents(&placed.update, placed.contents.clone(), reserve, &token) {
            Ok(bytes) => {
                return Ok((
                    PdfUpdate {
                        bytes,
                        input_len: placed.input_len,
                    },
                    report,
                ));
            }
            Err(PdfSignError::ContentsTooSmall { needed, .. }) => {
                reserve = needed.saturating_add(1024);
            }
            Err(e) => return Err(e),
        }
    }
    Err(PdfSignError::TooLarge)
}

/// The update with a document time-stamp field and dictionary whose `/Contents` has room for
/// `reserve` bytes of token.
fn place_document_timestamp(
    file: &PdfFile<'_>,
    options: &PdfSignOptions,
    reserve: usize,
) -> Result<super::sign::Placeholder, PdfSignError> {
    let view = file.latest();
    let (_, catalog) = view.catalog()?;
    if docmdp_permission(&view, &catalog)? == Some(1) {
        return Err(PdfSignError::DocMdpForbids);
    }
    // A new invisible field: no certification, no lock, no appearance.
    let mut plain = options.clone();
    plain.certify = None;
    plain.lock = None;
    plain.rect = None;
    let fields = view.fields()?;
    let target = super::sign::field::choose(&fields, &plain)?;
    super::sign::placeholder(
        file,
        &view,
        &target,
        &plain,
        None,
        super::sign::sigdict::build(
            &plain,
            reserve,
            Vec::new(),
            super::sign::sigdict::Kind::DocumentTimestamp,
        ),
    )
}
