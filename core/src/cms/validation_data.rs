//! Long-term validation data (CAdES B-LT, ETSI EN 319 122-1; issue 12 item 3): the
//! certificates and revocation data a verification used, taken from its report, and their
//! embedding into the SignedData.
//!
//! Encoding: in `SignedData.certificates` and `SignedData.crls` (RFC 5652 §10.2.1), OCSP
//! responses as RFC 5940 `id-ri-ocsp-response` other revocation info. Every CMS verifier reads
//! these fields (OpenSSL, pyHanko, kyso's own `cms/revinfo.rs`), no signed byte changes, and an
//! archive time-stamp's hash index covers them; the TS 101 733 `certificate-values` /
//! `revocation-values` attributes are an older alternative no tested peer reads.

use serde::Serialize;

use super::CmsError;
use super::parts::Parts;
use crate::i18n::MessageId;
use crate::report::{ChainReport, Finding, Report, RevocationStatus, Severity, SignerReport};

/// What a long-term signature must carry to be validated later from its own data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ValidationData {
    /// DER certificates of every chain (signers', counter-signers', TSAs'), anchors included.
    #[serde(skip)]
    pub certificates: Vec<Vec<u8>>,
    /// DER CRLs that decided a status.
    #[serde(skip)]
    pub crls: Vec<Vec<u8>>,
    /// DER OCSPResponses that decided a status.
    #[serde(skip)]
    pub ocsp_responses: Vec<Vec<u8>>,
    /// What is missing: a chain that was not built, a certificate whose status nothing decided.
    pub missing: Vec<Finding>,
}

impl ValidationData {
    /// The data a verification used, from its report: each chain's certificates and each
    /// certificate's deciding CRL or OCSP response, for every signer, counter-signer and
    /// signature time-stamp.
    pub fn from_report(report: &Report) -> Self {
        let mut out = Self::default();
        for signer in &report.signers {
            out.add_signer(signer);
        }
        out
    }

    /// The data a PDF verification used: every signature's (and document time-stamp's)
    /// chains and deciding revocation data, for the document security store (PAdES B-LT).
    pub fn from_pdf_report(report: &crate::pdf::PdfReport) -> Self {
        let mut out = Self::default();
        for signature in &report.signatures {
            for signer in signature.cms.iter().flat_map(|c| c.signers.iter()) {
                out.add_signer(signer);
            }
            if let Some(tsa) = signature.timestamp.as_ref().and_then(|t| t.tsa.as_ref()) {
                out.add_signer(tsa);
            }
        }
        out
    }

    /// The data one signer's verification used (its chain, counter-signers, time-stamps).
    pub(crate) fn from_signer(signer: &SignerReport) -> Self {
        let mut out = Self::default();
        out.add_signer(signer);
        out
    }

    fn add_signer(&mut self, signer: &SignerReport) {
        match &signer.chain {
            Some(chain) => self.add_chain(chain),
            None => self.missing.push(
                Finding::new(MessageId::LtvNoChain, Severity::Warning)
                    .with("signer", signer_name(signer)),
            ),
        }
        for cs in &signer.counter_signatures {
            self.add_signer(cs);
        }
        for ts in &signer.timestamps {
            if let Some(tsa) = &ts.tsa {
                self.add_signer(tsa);
            }
        }
    }

    pub(crate) fn add_chain(&mut self, chain: &ChainReport) {
        if chain.certificates.is_empty() {
            self.missing
                .push(Finding::new(MessageId::LtvNoChain, Severity::Warning).with("signer", "?"));
        }
        for cert in &chain.certificates {
            push_unique(&mut self.certificates, &cert.der);
            if cert.is_trust_anchor {
                continue;
            }
            let evidence = cert.revocation.as_ref().and_then(|r| {
                let der = r.evidence.as_ref()?;
                let ocsp = r.source.as_deref().is_some_and(|s| s.starts_with("ocsp"));
                Some((der, ocsp, r.status))
            });
            match evidence {
                Some((der, true, _)) => push_unique(&mut self.ocsp_responses, der),
                Some((der, false, _)) => push_unique(&mut self.crls, der),
                None if cert
                    .revocation
                    .as_ref()
                    .is_some_and(|r| r.status == RevocationStatus::NotChecked) =>
                {
                    // An OCSP responder marked id-pkix-ocsp-nocheck, or revocation turned
                    // off by name: nothing to embed, and said.
                    self.missing.push(
                        Finding::new(MessageId::LtvRevocationNotChecked, Severity::Info)
                            .with("subject", cert.subject.clone()),
                    );
                }
                None => self.missing.push(
                    Finding::new(MessageId::LtvNoRevocationData, Severity::Warning)
                        .with("subject", cert.subject.clone()),
                ),
            }
        }
    }

    /// Whether everything needed was found (no warning among `missing`).
    pub fn is_complete(&self) -> bool {
        !self
            .missing
            .iter()
            .any(|f| f.severity == Severity::Warning || f.severity == Severity::Error)
    }
}

fn push_unique(list: &mut Vec<Vec<u8>>, der: &[u8]) {
    if !der.is_empty() && !list.iter().any(|d| d.as_slice() == der) {
        list.push(der.to_vec());
    }
}

fn signer_name(signer: &SignerReport) -> String {
    signer
        .certificate
        .as_ref()
        .map(|c| c.subject.clone())
        .unwrap_or_else(|| (signer.index.saturating_add(1)).to_string())
}

/// `cms` with `data` added to its certificates and crls (what is already there is kept, byte
/// for byte, and not repeated); signed bytes are untouched.
pub fn add_validation_data(cms: &[u8], data: &ValidationData) -> Result<Vec<u8>, CmsError> {
    let mut parts = Parts::parse(cms)?;
    for c in &data.certificates {
        parts.add_certificate(c);
    }
    for crl in &data.crls {
        parts.add_crl(crl)?;
    }
    for response in &data.ocsp_responses {
        parts.add_ocsp_response(response);
    }
    Ok(parts.encode())
}
