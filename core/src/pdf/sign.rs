//! Signing a PDF (ISO 32000-2 §12.8, ETSI EN 319 142-1 PAdES B-B; issue 11 items 2 and 3):
//! an incremental update holding the signature dictionary (with fixed-width placeholders),
//! the field and the objects that point to it; the ByteRange digest streamed over the file;
//! a detached CMS from core's builder over that digest; the CMS hex-encoded into `/Contents`.
//!
//! Two-phase like [`crate::PreparedSignature`]: [`prepare_pdf_signature`] gives a
//! [`PreparedPdfSignature`] (the update with its placeholder, and what to sign) for tokens,
//! remote services and WebCrypto; [`PreparedPdfSignature::finish`] puts the signature in.
//! [`sign_pdf`] does both with a [`Signer`] and retries with more room when the CMS does not
//! fit (never truncates). The result is a [`PdfUpdate`]: the bytes to append to the input.
//! `sign/timestamped.rs` adds a signature time-stamp before embedding ([`sign_pdf_timestamped`],
//! [`PreparedPdfSignature::finish_timestamped`]).

mod error;
pub(crate) mod field;
mod form_fill;
#[cfg(all(test, feature = "appearance"))]
mod layout_tests;
mod lint;
#[cfg(test)]
mod lint_tests;
pub(crate) mod placement;
mod seed;
mod seed_cert;
#[cfg(test)]
mod seed_tests;
pub(crate) mod sigdict;
#[cfg(test)]
mod tests;
mod timestamped;

use core::ops::Range;

pub use error::{PdfDefect, PdfSignError, SeedRequirement};
pub use timestamped::{PdfTimestamping, sign_pdf_timestamped};

use crate::cert::Certificate;
use crate::cms::{self, CmsError, PreparedSignature, SignedDataBuilder, SignerOptions};
use crate::crypto::{CryptoError, CryptoProvider, DigestAlgorithm, SignatureScheme};
use crate::key::Signer;
use crate::names::SignInput;

use super::PdfError;
use super::file::{PdfFile, ReadOptions, RevisionView};
use super::object::{Dictionary, Object, ObjectId};
use super::serialize::hex_upper;
use super::sign_options::{PdfSignOptions, PdfSubFilter};
use super::source::{PdfSource, SourceError};
use super::write::{Body, IncrementalUpdate};
use field::{Target, name_object};

/// What to append to the input to get the signed PDF (the input itself is never changed: it
/// is a byte-identical prefix of the result, ISO 32000-2 §7.5.6).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PdfUpdate {
    pub bytes: Vec<u8>,
    /// The length of the input the update was made for: its offsets (xref, `/ByteRange`)
    /// count from the input's first byte, so it fits that input only.
    pub input_len: u64,
}

impl PdfUpdate {
    /// The signed PDF: `input` followed by the update. [`PdfSignError::InputMismatch`] when
    /// `input` is not as long as the input the update was made for (appended to another file
    /// the update's offsets and ByteRange would point to the wrong bytes).
    pub fn signed_pdf(&self, input: &[u8]) -> Result<Vec<u8>, PdfSignError> {
        if u64::try_from(input.len()).ok() != Some(self.input_len) {
            return Err(PdfSignError::InputMismatch {
                expected: self.input_len,
                actual: u64::try_from(input.len()).unwrap_or(u64::MAX),
            });
        }
        let mut out = Vec::new();
        out.try_reserve_exact(input.len().saturating_add(self.bytes.len()))
            .map_err(|_| PdfSignError::TooLarge)?;
        out.extend_from_slice(input);
        out.extend_from_slice(&self.bytes);
        Ok(out)
    }
}

/// The first phase of two-phase PDF signing: the update with its `/Contents` placeholder and
/// the CMS waiting for its signature value. Self-contained: [`finish`](Self::finish) does not
/// need the input again.
#[derive(Clone, Debug)]
pub struct PreparedPdfSignature {
    update: Vec<u8>,
    /// Length of the input the update follows.
    input_len: u64,
    /// `<`…`>` of `/Contents` in `update`.
    contents: Range<usize>,
    /// Room for the DER CMS, in bytes.
    reserved: usize,
    cms: PreparedSignature,
}

/// Prepares a signature with `certificate`'s key, made outside with `scheme` (token, remote
/// service, WebCrypto): sign [`PreparedPdfSignature::to_be_signed`] (or its digest), then call
/// [`PreparedPdfSignature::finish`].
pub fn prepare_pdf_signature(
    source: &dyn PdfSource,
    certificate: &Certificate,
    scheme: SignatureScheme,
    options: &PdfSignOptions,
    crypto: &dyn CryptoProvider,
) -> Result<PreparedPdfSignature, PdfSignError> {
    prepare(source, certificate, scheme, options, crypto, None)
}

/// Signs in one go with `signer`; retries with a larger `/Contents` when the CMS turns out
/// larger than estimated.
pub fn sign_pdf(
    source: &dyn PdfSource,
    signer: &dyn Signer,
    certificate: &Certificate,
    options: &PdfSignOptions,
    crypto: &dyn CryptoProvider,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<PdfUpdate, PdfSignError> {
    sign_pdf_with(
        source,
        certificate,
        signer.scheme(),
        options,
        crypto,
        &mut |prepared: &PreparedPdfSignature| {
            signer
                .sign(prepared.to_be_signed(), rng)
                .map_err(|e| PdfSignError::from(CmsError::from(e)))
        },
    )
}

/// Signs in one go with a signer that is called back (a token or a remote service that signs
/// in the form it needs: [`PreparedPdfSignature::input`]); like [`sign_pdf`], retries with a
/// larger `/Contents` when the CMS does not fit. `sign`'s own error type passes through.
pub fn sign_pdf_with<E: From<PdfSignError>>(
    source: &dyn PdfSource,
    certificate: &Certificate,
    scheme: SignatureScheme,
    options: &PdfSignOptions,
    crypto: &dyn CryptoProvider,
    sign: &mut dyn FnMut(&PreparedPdfSignature) -> Result<Vec<u8>, E>,
) -> Result<PdfUpdate, E> {
    sign_pdf_extended(source, certificate, scheme, options, crypto, sign, None)
}

/// What [`sign_pdf_extended`] applies to the finished CMS before embedding it.
pub type CmsExtension<'a, E> = &'a mut dyn FnMut(Vec<u8>) -> Result<Vec<u8>, E>;

/// Room for what an extension adds to the CMS before it is embedded: a signature time-stamp
/// with its TSA chain is typically 3–8 KB (shared/brief/pdf-ltv-login.md T11: too small a
/// placeholder is a known failure); more is found by the retry.
const EXTENSION_ROOM: usize = 12 * 1024;

/// [`sign_pdf_with`], with `extend` applied to the finished CMS before it goes into
/// `/Contents` — to add unsigned attributes, e.g. a signature time-stamp
/// ([`crate::timestamp_signer`]: PAdES B-T with `ETSI.CAdES.detached`, the Adobe-style
/// time-stamped signature with `adbe.pkcs7.detached`). Room is reserved for what it adds;
/// when the result does not fit, the signature is prepared again with more.
pub fn sign_pdf_extended<E: From<PdfSignError>>(
    source: &dyn PdfSource,
    certificate: &Certificate,
    scheme: SignatureScheme,
    options: &PdfSignOptions,
    crypto: &dyn CryptoProvider,
    sign: &mut dyn FnMut(&PreparedPdfSignature) -> Result<Vec<u8>, E>,
    mut extend: Option<CmsExtension<'_, E>>,
) -> Result<PdfUpdate, E> {
    // The caller's own allowance for unsigned attributes, else kyso's.
    let mut reserve = match extend {
        Some(_) if options.extra_unsigned_bytes == 0 => {
            Some(estimate(certificate, scheme, options, crypto)?.saturating_add(EXTENSION_ROOM))
        }
        _ => None,
    };
    for _ in 0..3 {
        let prepared = prepare(source, certificate, scheme, options, crypto, reserve)?;
        let signature = sign(&prepared)?;
        let mut cms = prepared.finish_cms(&signature, crypto)?;
        if let Some(extend) = extend.as_mut() {
            cms = extend(cms)?;
        }
        match prepared.embed(&cms) {
            Err(PdfSignError::ContentsTooSmall { needed, .. }) => {
                reserve = Some(needed.saturating_add(1024));
            }
            other => return other.map_err(E::from),
        }
    }
    Err(PdfSignError::TooLarge.into())
}

impl PreparedPdfSignature {
    /// The exact bytes to sign (the DER signed attributes, RFC 5652 §5.4).
    pub fn to_be_signed(&self) -> &[u8] {
        self.cms.to_be_signed()
    }

    /// The digest of [`to_be_signed`](Self::to_be_signed), for signers that take a hash.
    pub fn digest(&self) -> &[u8] {
        self.cms.digest()
    }

    /// The `DigestInfo` for raw RSA PKCS#1 v1.5 mechanisms.
    pub fn digest_info(&self) -> &[u8] {
        self.cms.digest_info()
    }

    /// What to sign in the form `input` asks for.
    pub fn input(&self, input: SignInput) -> Result<&[u8], CryptoError> {
        self.cms.input(input)
    }

    /// The scheme the signature must be made with.
    pub fn scheme(&self) -> SignatureScheme {
        self.cms.scheme()
    }

    /// The digest algorithm of the scheme (also the ByteRange digest's).
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        self.cms.digest_algorithm()
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> &Certificate {
        self.cms.certificate()
    }

    /// The room reserved for the CMS in `/Contents`, in bytes.
    pub fn reserved(&self) -> usize {
        self.reserved
    }

    /// The length of the input this signature was prepared for.
    pub fn input_len(&self) -> u64 {
        self.input_len
    }

    /// Checks `signature` against the certificate, assembles the CMS and puts it into
    /// `/Contents`. [`PdfSignError::ContentsTooSmall`] when it does not fit: prepare again.
    pub fn finish(
        &self,
        signature: &[u8],
        crypto: &dyn CryptoProvider,
    ) -> Result<PdfUpdate, PdfSignError> {
        self.embed(&self.finish_cms(signature, crypto)?)
    }

    /// The CMS with `signature` checked and filled in, not yet embedded: for callers that
    /// add unsigned attributes first (a signature time-stamp), then [`embed`](Self::embed).
    pub fn finish_cms(
        &self,
        signature: &[u8],
        crypto: &dyn CryptoProvider,
    ) -> Result<Vec<u8>, PdfSignError> {
        Ok(cms::finish(&self.cms, signature, crypto)?)
    }

    /// Puts `der`, this prepared signature's CMS as [`finish_cms`](Self::finish_cms) made it
    /// (unsigned attributes may have been added), into `/Contents`. A CMS whose first signer
    /// did not sign this signature's attributes is refused ([`PdfSignError::BadState`]): it
    /// would not be this document's signature.
    pub fn embed(&self, der: &[u8]) -> Result<PdfUpdate, PdfSignError> {
        if !cms::signs_attributes(der, self.cms.to_be_signed()) {
            return Err(PdfSignError::BadState);
        }
        Ok(PdfUpdate {
            bytes: fill_contents(&self.update, self.contents.clone(), self.reserved, der)?,
            input_len: self.input_len,
        })
    }

    /// [`finish`](Self::finish), then [`PdfUpdate::signed_pdf`]: the signed PDF, given the
    /// input that was prepared (refused when its length differs).
    pub fn finish_pdf(
        &self,
        input: &[u8],
        signature: &[u8],
        crypto: &dyn CryptoProvider,
    ) -> Result<Vec<u8>, PdfSignError> {
        self.finish(signature, crypto)?.signed_pdf(input)
    }

    /// The state as bytes, to keep between requests (not secret; protect it against
    /// tampering when it travels, e.g. with a MAC).
    pub fn to_bytes(&self) -> Vec<u8> {
        let cms = self.cms.to_bytes();
        let mut out = STATE_MAGIC.to_vec();
        for n in [
            self.contents.start,
            self.contents.end,
            self.reserved,
            self.update.len(),
        ] {
            out.extend_from_slice(&u64::try_from(n).unwrap_or(u64::MAX).to_be_bytes());
        }
        out.extend_from_slice(&self.input_len.to_be_bytes());
        out.extend_from_slice(&self.update);
        out.extend_from_slice(&cms);
        out
    }

    /// Reads back [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8], crypto: &dyn CryptoProvider) -> Result<Self, PdfSignError> {
        let rest = bytes
            .strip_prefix(STATE_MAGIC)
            .ok_or(PdfSignError::BadState)?;
        let mut numbers = [0usize; 4];
        let mut rest = rest;
        for n in &mut numbers {
            let (head, tail) = rest
                .split_first_chunk::<8>()
                .ok_or(PdfSignError::BadState)?;
            *n = usize::try_from(u64::from_be_bytes(*head)).map_err(|_| PdfSignError::BadState)?;
            rest = tail;
        }
        let [start, end, reserved, update_len] = numbers;
        let (input_len, rest) = rest
            .split_first_chunk::<8>()
            .ok_or(PdfSignError::BadState)?;
        let input_len = u64::from_be_bytes(*input_len);
        let (update, cms) = rest
            .split_at_checked(update_len)
            .ok_or(PdfSignError::BadState)?;
        let contents_ok = start < end
            && end <= update.len()
            && update.get(start) == Some(&b'<')
            && end
                .checked_sub(start)
                .is_some_and(|l| l >= reserved.saturating_mul(2).saturating_add(2));
        if !contents_ok {
            return Err(PdfSignError::BadState);
        }
        let cms = PreparedSignature::from_bytes(cms, crypto).map_err(|_| PdfSignError::BadState)?;
        Ok(Self {
            update: update.to_vec(),
            input_len,
            contents: start..end,
            reserved,
            cms,
        })
    }
}

// Version 2 adds the input's length (version 1 states, from before the bindings, are refused
// as not valid rather than finished without the check).
const STATE_MAGIC: &[u8] = b"kyso-pdf-prepared-2\n";

/// Reads the input for signing: damaged files (cross-reference rebuilt), files with defects
/// viewers repair (`lint`) and encrypted files are refused.
pub(crate) fn open<'s>(
    source: &'s dyn PdfSource,
    options: &PdfSignOptions,
) -> Result<PdfFile<'s>, PdfSignError> {
    let read = ReadOptions {
        limits: options.limits,
        allow_reconstruction: true,
        password: None,
    };
    let file = PdfFile::open(source, &read)?;
    if file.is_encrypted() {
        return Err(PdfSignError::Encrypted);
    }
    if file.reconstructed() {
        return Err(PdfSignError::Damaged);
    }
    lint::check(&file)?;
    Ok(file)
}

fn prepare(
    source: &dyn PdfSource,
    certificate: &Certificate,
    scheme: SignatureScheme,
    options: &PdfSignOptions,
    crypto: &dyn CryptoProvider,
    reserve: Option<usize>,
) -> Result<PreparedPdfSignature, PdfSignError> {
    let file = open(source, options)?;
    let view = file.latest();
    let (catalog_id, catalog) = view.catalog()?;
    let fields = view.fields()?;

    // Certification only as the first signature; nothing after DocMDP P=1 (§12.8.2.2.1).
    let certified = docmdp_permission(&view, &catalog)?;
    if certified == Some(1) {
        return Err(PdfSignError::DocMdpForbids);
    }
    let signed = fields.iter().any(|f| {
        f.field_type.as_ref().is_some_and(|t| t.is(b"Sig"))
            && f.value.as_ref().is_some_and(|v| *v != Object::Null)
    });

    let target = field::choose(&fields, options)?;
    let digest_alg = scheme.digest();
    // An existing field's seed values may refuse the signature or fill options left open.
    let seeded;
    let options = match &target {
        Target::Existing(f) => {
            seeded =
                seed::apply_seed_values(&view, f.seed.as_ref(), options, digest_alg, certificate)?;
            &seeded
        }
        Target::New(_) => options,
    };
    // A Decree 30 layout made concrete: appearance, page and rectangle, fields to fill.
    let laid_out;
    let options = match &options.layout {
        Some(layout) => {
            laid_out = placement::apply(&view, &fields, &target, options, layout, certificate)?;
            &laid_out
        }
        None => options,
    };
    if options.certify.is_some() && (signed || certified.is_some()) {
        return Err(PdfSignError::CertificationNotFirst);
    }
    let (lock_dict, lock_params) = match &target {
        Target::Existing(f) => (None, seed::existing_lock_params(&view, f.lock.as_ref())?),
        Target::New(_) => match &options.lock {
            Some(lock) => {
                let (d, p) = seed::new_lock(lock);
                (Some(d), Some(p))
            }
            None => (None, None),
        },
    };
    let mut reference = Vec::new();
    if let Some(p) = options.certify {
        let mut params = Dictionary::new();
        params.set(b"Type", name_object(b"TransformParams"));
        params.set(b"P", Object::Integer(i64::from(p.value())));
        params.set(b"V", name_object(b"1.2"));
        reference.push(sig_ref(b"DocMDP", params, None));
    }
    if let Some(params) = lock_params {
        // ISO 32000-1 Table 253 requires /Data for FieldMDP (the object analysed: the catalog).
        reference.push(sig_ref(b"FieldMDP", params, Some(catalog_id)));
    }

    let reserved = match reserve {
        Some(r) => r,
        None => estimate(certificate, scheme, options, crypto)?,
    };
    let placed = placeholder(
        &file,
        &view,
        &target,
        options,
        lock_dict.as_ref(),
        sigdict::build(options, reserved, reference, sigdict::Kind::Signature),
    )?;
    let (base_len, contents) = (placed.input_len, placed.contents.clone());
    let written_bytes = placed.update;
    let digest = digest_byte_range(
        source,
        base_len,
        &written_bytes,
        contents.clone(),
        digest_alg,
        crypto,
    )?;
    let cms = SignedDataBuilder::from_digest(digest_alg, &digest)
        .add_signer(signer_options(certificate, scheme, options))
        .prepare(crypto)?;
    Ok(PreparedPdfSignature {
        update: written_bytes,
        input_len: base_len,
        contents,
        reserved,
        cms,
    })
}

/// `update` with `der` written in hex into its `/Contents` placeholder `contents` (room for
/// `reserved` bytes; the rest stays zeros).
pub(crate) fn fill_contents(
    update: &[u8],
    contents: Range<usize>,
    reserved: usize,
    der: &[u8],
) -> Result<Vec<u8>, PdfSignError> {
    if der.len() > reserved {
        return Err(PdfSignError::ContentsTooSmall {
            needed: der.len(),
            reserved,
        });
    }
    let hex = hex_upper(der);
    let mut bytes = update.to_vec();
    let start = contents.start.saturating_add(1);
    let slot = start
        .checked_add(hex.len())
        .filter(|end| *end < contents.end)
        .and_then(|end| bytes.get_mut(start..end))
        .ok_or(PdfSignError::BadState)?;
    slot.copy_from_slice(hex.as_bytes());
    Ok(bytes)
}

/// The update with its signature dictionary `sig` placed in `target`'s field and the
/// ByteRange filled in; `/Contents` is still zeros.
pub(crate) struct Placeholder {
    pub update: Vec<u8>,
    pub input_len: u64,
    /// `<`…`>` of `/Contents` in `update`.
    pub contents: Range<usize>,
}

pub(crate) fn placeholder(
    file: &PdfFile<'_>,
    view: &super::file::RevisionView<'_, '_>,
    target: &Target,
    options: &PdfSignOptions,
    lock_dict: Option<&Dictionary>,
    sig: sigdict::SigDict,
) -> Result<Placeholder, PdfSignError> {
    let (catalog_id, _) = view.catalog()?;
    let mut update = IncrementalUpdate::new(file)?;
    let sig_id = update.allocate()?;
    update.set(sig_id, Body::Raw(sig.bytes.clone()));
    field::place(&mut update, view, target, sig_id, lock_dict, options)?;
    form_fill::fill(&mut update, view, &options.fills)?;
    if options.certify.is_some() {
        field::set_docmdp(&mut update, catalog_id, sig_id)?;
    }
    let mut written = update.write()?;

    // The ByteRange: everything but the /Contents string with its delimiters (§12.8.1).
    let body = *written
        .body_offsets
        .get(&sig_id.number)
        .ok_or(PdfSignError::BadState)?;
    let contents_start = body
        .checked_add(sig.contents_at)
        .ok_or(PdfSignError::TooLarge)?;
    let contents = contents_start
        ..contents_start
            .checked_add(sig.contents_len)
            .ok_or(PdfSignError::TooLarge)?;
    let base_len = file.len();
    let abs = |relative: usize| {
        u64::try_from(relative)
            .ok()
            .and_then(|r| base_len.checked_add(r))
            .ok_or(PdfSignError::TooLarge)
    };
    let (b, c, total) = (
        abs(contents.start)?,
        abs(contents.end)?,
        abs(written.bytes.len())?,
    );
    let text = sigdict::byte_range_text([0, b, c, total.saturating_sub(c)], sig.byte_range_width)
        .ok_or(PdfSignError::TooLarge)?;
    let at = body
        .checked_add(sig.byte_range_at)
        .ok_or(PdfSignError::TooLarge)?;
    written
        .bytes
        .get_mut(at..at.saturating_add(text.len()))
        .ok_or(PdfSignError::BadState)?
        .copy_from_slice(&text);

    Ok(Placeholder {
        update: written.bytes,
        input_len: base_len,
        contents,
    })
}

/// The CMS signer: detached over the ByteRange digest; `adbe.pkcs7.detached` with the
/// signing-time attribute, `ETSI.CAdES.detached` without (ETSI EN 319 142-1 §5.3: "the
/// signing-time attribute shall not be present", the time is `/M`); ESS
/// signing-certificate-v2 in both (§5.2.2.3 for PAdES; harmless for PKCS #7 readers).
fn signer_options<'a>(
    certificate: &'a Certificate,
    scheme: SignatureScheme,
    options: &'a PdfSignOptions,
) -> SignerOptions<'a> {
    let signer = SignerOptions::external(scheme, certificate).chain(&options.chain);
    match options.sub_filter {
        PdfSubFilter::Pkcs7Detached => signer.signing_time(options.time),
        PdfSubFilter::CadesDetached => signer,
    }
}

/// Room for the CMS: a dry run of the CMS without its signature value, plus the largest
/// signature the key can make (bounded by its SubjectPublicKeyInfo length for RSA and ECDSA
/// — the modulus, or two coordinates' worth of DER — and 64 bytes for Ed25519), margin for
/// length octets, and the caller's estimate of unsigned attributes to come.
fn estimate(
    certificate: &Certificate,
    scheme: SignatureScheme,
    options: &PdfSignOptions,
    crypto: &dyn CryptoProvider,
) -> Result<usize, PdfSignError> {
    let alg = scheme.digest();
    let dummy = vec![0u8; alg.output_len()];
    let dry = SignedDataBuilder::from_digest(alg, &dummy)
        .add_signer(signer_options(certificate, scheme, options))
        .prepare(crypto)?;
    let signature = certificate.public_key_info_der().len().max(64);
    Ok(dry
        .unsigned_len()
        .saturating_add(signature)
        .saturating_add(64)
        .saturating_add(options.extra_unsigned_bytes))
}

/// A signature reference dictionary (§12.8.1 Table 256).
fn sig_ref(method: &[u8], params: Dictionary, data: Option<ObjectId>) -> Object {
    let mut d = Dictionary::new();
    d.set(b"Type", name_object(b"SigRef"));
    d.set(b"TransformMethod", name_object(method));
    d.set(b"TransformParams", Object::Dictionary(params));
    if let Some(data) = data {
        d.set(b"Data", Object::Reference(data));
    }
    Object::Dictionary(d)
}

/// The DocMDP `/P` of the document's certification signature, if it has one (§12.8.4: the
/// catalog's `/Perms /DocMDP` signature, its `/Reference` DocMDP entry; `/P` defaults to 2).
pub(crate) fn docmdp_permission(
    view: &RevisionView<'_, '_>,
    catalog: &Dictionary,
) -> Result<Option<i64>, PdfSignError> {
    let Some(perms) = view
        .get(catalog, b"Perms")?
        .and_then(|p| p.as_dict().cloned())
    else {
        return Ok(None);
    };
    let Some(sig) = view
        .get(&perms, b"DocMDP")?
        .and_then(|s| s.as_dict().cloned())
    else {
        return Ok(None);
    };
    let refs = match view.get(&sig, b"Reference")? {
        Some(Object::Array(items)) => items,
        _ => Vec::new(),
    };
    for r in refs {
        let Some(r) = view.dict(&r)? else { continue };
        let is_docmdp = view
            .get(&r, b"TransformMethod")?
            .is_some_and(|m| m.as_name().is_some_and(|n| n.is(b"DocMDP")));
        if is_docmdp {
            let p = match view.get(&r, b"TransformParams")? {
                Some(params) => match params.as_dict() {
                    Some(params) => view.get(params, b"P")?.and_then(|p| p.as_integer()),
                    None => None,
                },
                None => None,
            };
            return Ok(Some(p.unwrap_or(2)));
        }
    }
    Ok(Some(2))
}

/// Hashes the ByteRange: the input (in 64 KiB reads, so a 1 GB file needs no 1 GB buffer)
/// and the update around `/Contents`.
pub(crate) fn digest_byte_range(
    source: &dyn PdfSource,
    base_len: u64,
    update: &[u8],
    contents: Range<usize>,
    alg: DigestAlgorithm,
    crypto: &dyn CryptoProvider,
) -> Result<Vec<u8>, PdfSignError> {
    const CHUNK: usize = 64 * 1024;
    let mut digester = crypto.digester(alg);
    let mut buf = vec![0u8; CHUNK];
    let mut offset = 0u64;
    while offset < base_len {
        let want = usize::try_from(base_len - offset)
            .unwrap_or(CHUNK)
            .min(CHUNK);
        let slot = buf.get_mut(..want).ok_or(PdfSignError::BadState)?;
        let n = source.read_at(offset, slot).map_err(PdfError::from)?;
        if n == 0 {
            return Err(PdfSignError::Read(PdfError::Source(SourceError {
                detail: "the file became shorter while it was being signed".into(),
            })));
        }
        digester.update(slot.get(..n).ok_or(PdfSignError::BadState)?);
        offset = offset.saturating_add(u64::try_from(n).map_err(|_| PdfSignError::TooLarge)?);
    }
    digester.update(update.get(..contents.start).ok_or(PdfSignError::BadState)?);
    digester.update(update.get(contents.end..).ok_or(PdfSignError::BadState)?);
    Ok(digester.finalize())
}
