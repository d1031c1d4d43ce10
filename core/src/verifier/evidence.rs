//! Evidence intake: what a caller hands a [`Verifier`](super::Verifier) besides the message —
//! CRLs (RFC 5280 §5), OCSP responses (RFC 6960 §4.2.1) and untrusted certificates — checked
//! on arrival, so that every surface (CLI, C, WASM) refuses the same wrong file with the same
//! typed error instead of letting it silently become "status unknown" later (issue 10).

use crate::cert::Certificate;
use crate::error::ErrorText;
use crate::i18n::{Lang, MessageId};
use crate::revocation::{Crl, OcspResponse, RevocationEvidence};

/// What a piece of evidence is (see [`Evidence::sniff`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EvidenceKind {
    /// A CRL (DER or PEM `X509 CRL`), full or delta.
    Crl,
    /// A DER `OCSPResponse`.
    OcspResponse,
    /// One or more certificates (DER, PEM, or a PKCS#7 certs-only bundle).
    Certificates,
}

impl EvidenceKind {
    /// The stable name (`crl`, `ocsp-response`, `certificates`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Crl => "crl",
            Self::OcspResponse => "ocsp-response",
            Self::Certificates => "certificates",
        }
    }
}

/// Evidence refused on intake. Each variant has one stable code ([`EvidenceError::code`]) and a
/// sentence in Vietnamese and English from the catalogue ([`EvidenceError::message`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvidenceError {
    /// Given as a CRL, but does not parse as one (`revocation.bad-crl`).
    NotCrl {
        /// Why the CRL parser refused it.
        reason: ErrorText,
    },
    /// Given as an OCSP response, but does not parse as one (`revocation.bad-ocsp`).
    NotOcspResponse { reason: ErrorText },
    /// Given as certificates, but none could be read (`trust.bad-certificate`).
    NotCertificate { reason: ErrorText },
    /// Neither a CRL, an OCSP response nor certificates (`evidence.unrecognised`).
    Unrecognised,
}

impl EvidenceError {
    /// The sentence, from the catalogue, with the parser's reason in the same language.
    pub fn message(&self) -> ErrorText {
        match self {
            Self::NotCrl { reason } => {
                ErrorText::new(MessageId::EvidenceNotCrl).with_phrase("reason", reason.clone())
            }
            Self::NotOcspResponse { reason } => ErrorText::new(MessageId::EvidenceNotOcspResponse)
                .with_phrase("reason", reason.clone()),
            Self::NotCertificate { reason } => ErrorText::new(MessageId::EvidenceNotCertificate)
                .with_phrase("reason", reason.clone()),
            Self::Unrecognised => ErrorText::new(MessageId::EvidenceUnrecognised),
        }
    }

    /// The stable string code (also the WASM package's `KysoError.code`).
    pub fn code(&self) -> &'static str {
        self.message().code()
    }

    /// The parser's own reason, when there is one (for surfaces that name the file first).
    pub fn reason(&self) -> Option<&ErrorText> {
        match self {
            Self::NotCrl { reason }
            | Self::NotOcspResponse { reason }
            | Self::NotCertificate { reason } => Some(reason),
            Self::Unrecognised => None,
        }
    }

    /// The sentence in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        self.message().render(lang)
    }
}

impl core::fmt::Display for EvidenceError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.to_text(Lang::En))
    }
}

impl std::error::Error for EvidenceError {}

/// The caller's evidence, each item checked when it is added. Revocation data is kept as given
/// (the revocation checker parses it again per validation, as it does the message's own).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Evidence {
    revocation: RevocationEvidence,
    certificates: Vec<Certificate>,
}

impl Evidence {
    pub fn new() -> Self {
        Self::default()
    }

    /// What `bytes` is, tried in the order CRL, OCSP response, certificates; `None` for none of
    /// them. Used by [`Evidence::add`] and by tools that take files without being told what
    /// they are.
    pub fn sniff(bytes: &[u8]) -> Option<EvidenceKind> {
        if Crl::load_any(bytes).is_ok() {
            Some(EvidenceKind::Crl)
        } else if OcspResponse::from_der(bytes).is_ok() {
            Some(EvidenceKind::OcspResponse)
        } else if crate::path::load_certificates(bytes).is_ok() {
            Some(EvidenceKind::Certificates)
        } else {
            None
        }
    }

    /// Add a CRL (DER or PEM, any number of PEM blocks). Refused unless it parses.
    pub fn add_crl(&mut self, bytes: &[u8]) -> Result<(), EvidenceError> {
        Crl::load_any(bytes).map_err(|e| EvidenceError::NotCrl {
            reason: e.message(),
        })?;
        self.revocation.crls.push(bytes.to_vec());
        Ok(())
    }

    /// Add a DER OCSPResponse. Refused unless it parses.
    pub fn add_ocsp_response(&mut self, bytes: &[u8]) -> Result<(), EvidenceError> {
        OcspResponse::from_der(bytes).map_err(|e| EvidenceError::NotOcspResponse {
            reason: e.message(),
        })?;
        self.revocation.ocsp_responses.push(bytes.to_vec());
        Ok(())
    }

    /// Add untrusted certificates (intermediate CAs): PEM, DER or PKCS#7. Returns how many were
    /// new (a certificate already held is not added twice).
    pub fn add_certificates(&mut self, bytes: &[u8]) -> Result<usize, EvidenceError> {
        let certs =
            crate::path::load_certificates(bytes).map_err(|e| EvidenceError::NotCertificate {
                reason: e.message(),
            })?;
        Ok(self.extend_certificates(certs))
    }

    /// Add certificates already parsed; returns how many were new.
    pub fn extend_certificates(&mut self, certs: impl IntoIterator<Item = Certificate>) -> usize {
        let mut added = 0usize;
        for c in certs {
            if !self.certificates.contains(&c) {
                self.certificates.push(c);
                added = added.saturating_add(1);
            }
        }
        added
    }

    /// Add `bytes` as whatever [`Evidence::sniff`] says it is, and say what that was.
    pub fn add(&mut self, bytes: &[u8]) -> Result<EvidenceKind, EvidenceError> {
        let kind = Self::sniff(bytes).ok_or(EvidenceError::Unrecognised)?;
        match kind {
            EvidenceKind::Crl => self.add_crl(bytes)?,
            EvidenceKind::OcspResponse => self.add_ocsp_response(bytes)?,
            EvidenceKind::Certificates => {
                self.add_certificates(bytes)?;
            }
        }
        Ok(kind)
    }

    /// The CRLs and OCSP responses added.
    pub fn revocation(&self) -> &RevocationEvidence {
        &self.revocation
    }

    /// The untrusted certificates added.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }
}
