//! Signing a PDF with a signature time-stamp, in one call for every surface (the CLI's
//! `kyso sign --tsa`, C's `kyso_sign_pdf_timestamped`, the npm package's time-stamped finish):
//! the CMS gets its signature-time-stamp (ETSI EN 319 122-1 §5.3, RFC 3161 Appendix A) before
//! it goes into `/Contents`. With `ETSI.CAdES.detached` that is PAdES B-T (ETSI EN 319 142-1
//! §6.3 Table 1: a signature-time-stamp in the CMS, or a document time-stamp); with
//! `adbe.pkcs7.detached` the Adobe-style time-stamped signature. The token has to be in the CMS
//! before embedding: `/Contents` is the one part of the file the ByteRange leaves out, and its
//! room is fixed once the ByteRange is (ISO 32000-2 §12.8.1).

use crate::cert::Certificate;
use crate::crypto::{CryptoProvider, SignatureScheme};
use crate::extend::Stamping;
use crate::tsp::{TimestampReport, timestamp_signer};

use super::{
    EXTENSION_ROOM, PdfSignError, PdfSignOptions, PdfSource, PdfUpdate, PreparedPdfSignature,
    sign_pdf_extended, sign_pdf_with,
};

/// Where a PDF signature's time-stamp comes from: the TSA client and the session that checks
/// its answer ([`Stamping`]), and the randomness for the request's nonce (RFC 3161 §2.4.1).
pub struct PdfTimestamping<'a> {
    stamping: Stamping<'a>,
    rng: &'a mut dyn rand_core::CryptoRng,
}

impl<'a> PdfTimestamping<'a> {
    pub fn new(stamping: Stamping<'a>, rng: &'a mut dyn rand_core::CryptoRng) -> Self {
        Self { stamping, rng }
    }
}

/// [`sign_pdf_with`], and with `timestamping` a signature time-stamp on the CMS before it is
/// embedded (room is reserved for it; when the token turns out larger, the signature is
/// prepared, signed and time-stamped again with more). Returns the update and the report of
/// the token in it (`None` without `timestamping`). A TSA that cannot be reached or whose
/// answer is not the token asked for fails the signing ([`PdfSignError::Timestamp`]): nothing
/// is embedded without the time-stamp that was asked for.
pub fn sign_pdf_timestamped<E: From<PdfSignError>>(
    source: &dyn PdfSource,
    certificate: &Certificate,
    scheme: SignatureScheme,
    options: &PdfSignOptions,
    crypto: &dyn CryptoProvider,
    sign: &mut dyn FnMut(&PreparedPdfSignature) -> Result<Vec<u8>, E>,
    timestamping: Option<PdfTimestamping<'_>>,
) -> Result<(PdfUpdate, Option<TimestampReport>), E> {
    let Some(PdfTimestamping { stamping, rng }) = timestamping else {
        return sign_pdf_with(source, certificate, scheme, options, crypto, sign)
            .map(|update| (update, None));
    };
    // A retry with more room takes a new token (it covers a new signature value): the report
    // kept is that of the token embedded, the last one.
    let mut taken = None;
    let mut stamp = |cms: Vec<u8>| -> Result<Vec<u8>, E> {
        let (stamped, report) = stamp_first_signer(&cms, stamping, rng)?;
        taken = Some(report);
        Ok(stamped)
    };
    let update = sign_pdf_extended(
        source,
        certificate,
        scheme,
        options,
        crypto,
        sign,
        Some(&mut stamp),
    )?;
    Ok((update, taken))
}

impl PdfSignOptions {
    /// Reserves room in `/Contents` for a signature time-stamp added at the second phase
    /// ([`PreparedPdfSignature::finish_timestamped`]): what the one-shot
    /// [`sign_pdf_timestamped`] reserves by itself. Leaves a larger allowance the caller set.
    pub fn reserve_timestamp_room(&mut self) {
        self.extra_unsigned_bytes = self.extra_unsigned_bytes.max(EXTENSION_ROOM);
    }
}

impl PreparedPdfSignature {
    /// [`finish`](Self::finish) with a signature time-stamp from `stamping` added to the CMS
    /// before it is embedded: the two-phase form of [`sign_pdf_timestamped`] (WebCrypto,
    /// remote signers). Prepare with [`PdfSignOptions::reserve_timestamp_room`];
    /// [`PdfSignError::ContentsTooSmall`] when the token does not fit the room prepared.
    pub fn finish_timestamped(
        &self,
        signature: &[u8],
        crypto: &dyn CryptoProvider,
        stamping: Stamping<'_>,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<(PdfUpdate, TimestampReport), PdfSignError> {
        let cms = self.finish_cms(signature, crypto)?;
        let (stamped, report) = stamp_first_signer(&cms, stamping, rng)?;
        Ok((self.embed(&stamped)?, report))
    }
}

/// The PDF signature's CMS has one signer, the one just made (index 0): its signature value
/// is time-stamped, the token checked by the stamping's session against the request.
fn stamp_first_signer(
    cms: &[u8],
    stamping: Stamping<'_>,
    rng: &mut dyn rand_core::CryptoRng,
) -> Result<(Vec<u8>, TimestampReport), PdfSignError> {
    timestamp_signer(cms, 0, stamping.client(), stamping.verifier(), rng)
        .map_err(PdfSignError::Timestamp)
}

#[cfg(test)]
mod tests;
