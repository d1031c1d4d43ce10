//! CRLs (RFC 5280 §5): v2 lists with cRLNumber and authorityKeyIdentifier, entries with a
//! reasonCode (§5.3.1) and optional invalidityDate (§5.3.2).

use der::asn1::{GeneralizedTime, OctetString, Uint};
use x509_cert::crl::{RevokedCert, TbsCertList};
use x509_cert::ext::pkix::crl::CrlNumber;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, CrlReason};
use x509_cert::serial_number::SerialNumber;

use crate::PkiError;
use crate::cert::{Issued, extension, sign_structure};
use crate::key::der_of;

/// One revoked certificate.
#[derive(Clone, Debug)]
pub struct Revoked {
    /// Serial number content octets, as in the certificate (`Certificate::serial_bytes`).
    pub serial: Vec<u8>,
    pub revocation_time: kyso::DateTime,
    pub reason: Option<CrlReason>,
    /// RFC 5280 §5.3.2 invalidityDate: when the key is known or suspected to have been compromised.
    pub invalidity_date: Option<kyso::DateTime>,
}

impl Revoked {
    pub fn new(
        cert: &kyso::Certificate,
        revocation_time: kyso::DateTime,
        reason: Option<CrlReason>,
    ) -> Self {
        Self {
            serial: cert.serial_bytes().to_vec(),
            revocation_time,
            reason,
            invalidity_date: None,
        }
    }
}

/// What a CRL says.
#[derive(Clone, Debug)]
pub struct CrlSpec {
    pub this_update: kyso::DateTime,
    pub next_update: Option<kyso::DateTime>,
    pub number: u64,
    pub revoked: Vec<Revoked>,
}

impl Issued {
    /// A CRL signed by this (CA) certificate's key with its default scheme.
    pub fn crl(
        &self,
        spec: &CrlSpec,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<Vec<u8>, PkiError> {
        let scheme = self.key.default_scheme();
        let algorithm = self.key.algorithm_identifier(scheme)?;
        let enc = |what| PkiError::Encoding { what };
        let mut entries: Vec<RevokedCert> = Vec::new();
        for r in &spec.revoked {
            let mut exts = Vec::new();
            if let Some(reason) = r.reason {
                exts.push(extension(&reason, false)?);
            }
            if let Some(t) = r.invalidity_date {
                exts.push(x509_cert::ext::Extension {
                    extn_id: kyso::oid::INVALIDITY_DATE,
                    critical: false,
                    extn_value: OctetString::new(der_of(
                        &GeneralizedTime::from_date_time(t),
                        "invalidityDate",
                    )?)
                    .map_err(|_| enc("invalidityDate"))?,
                });
            }
            entries.push(RevokedCert {
                serial_number: SerialNumber::new(&r.serial).map_err(|_| enc("serial"))?,
                revocation_date: r.revocation_time.into(),
                crl_entry_extensions: if exts.is_empty() { None } else { Some(exts) },
            });
        }
        let ski = self.certificate.subject_key_identifier();
        let aki = AuthorityKeyIdentifier {
            key_identifier: match ski {
                Some(k) => Some(OctetString::new(k).map_err(|_| enc("AKI"))?),
                None => None,
            },
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        };
        let number = Uint::new(&spec.number.to_be_bytes()).map_err(|_| enc("cRLNumber"))?;
        let tbs = TbsCertList {
            version: x509_cert::Version::V2,
            signature: algorithm.clone(),
            issuer: self.name().clone(),
            this_update: spec.this_update.into(),
            next_update: spec.next_update.map(Into::into),
            // RFC 5280 §5.1.2.6: when there are no revoked certificates the list is absent.
            revoked_certificates: if entries.is_empty() {
                None
            } else {
                Some(entries)
            },
            crl_extensions: Some(vec![
                extension(&aki, false)?,
                extension(&CrlNumber(number), false)?,
            ]),
        };
        let tbs_der = der_of(&tbs, "TBSCertList")?;
        sign_structure(&tbs_der, &self.key, algorithm, scheme, rng)
    }
}
