//! Certificate revocation lists (RFC 5280 §5): parsing into [`Crl`], which keeps the original
//! `tbsCertList` bytes for signature verification and decodes every extension it knows, and
//! (`check`) the RFC 5280 §6.3.3 algorithm.
//!
//! Parsing enforces the structural rules of RFC 5280 §5.1–§5.3 (version rules, a non-empty
//! `revokedCertificates` when present, inner and outer signature algorithms equal, a
//! well-formed issuing distribution point, no duplicate extensions). An unknown **critical**
//! extension does not fail parsing — a CRL with one can still be displayed — but the CRL is
//! never used to decide status (RFC 5280 §5.2 and §5.3: "MUST NOT use that CRL").

pub(crate) mod check;

use der::asn1::{BitString, ObjectIdentifier, Uint};
use der::{Decode, Reader, Sequence, SliceReader, Tag};
use spki::AlgorithmIdentifierOwned;
use x509_cert::certificate::{Raw, Version};
use x509_cert::crl::RevokedCert;
use x509_cert::ext::pkix::AuthorityKeyIdentifier;
use x509_cert::ext::pkix::crl::dp::{DistributionPoint, IssuingDistributionPoint};
use x509_cert::ext::pkix::name::{GeneralName, GeneralNames};
use x509_cert::ext::{Extension, Extensions};
use x509_cert::name::Name;
use x509_cert::time::Time;

use super::status::RevocationReason;
use crate::oid;
use crate::time::DateTime;

/// Largest CRL accepted (bounded memory on hostile input). Large national CAs publish CRLs of
/// a few megabytes; 32 MiB leaves room while refusing absurd inputs.
pub const MAX_CRL_LEN: usize = 32 * 1024 * 1024;

/// Why bytes are not a usable CRL structure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CrlError {
    /// Larger than `MAX_CRL_LEN` (32 MiB).
    TooLarge { len: usize },
    /// Not DER for a CertificateList.
    Malformed {
        position: Option<u32>,
        kind: crate::error::DerProblem,
    },
    /// PEM armour is broken or holds no `X509 CRL` block.
    BadPem,
    /// `version` is present but not v2 (RFC 5280 §5.1.2.1: "if present, MUST be v2").
    BadVersion,
    /// CRL or entry extensions in a v1 CRL (RFC 5280 §5.1.2.1).
    ExtensionsInV1,
    /// `revokedCertificates` present but empty (RFC 5280 §5.1.2.6: "MUST be absent").
    EmptyRevokedList,
    /// `signatureAlgorithm` differs from `tbsCertList.signature` (RFC 5280 §5.1.1.2).
    SignatureAlgorithmMismatch,
    /// The signature BIT STRING has unused bits. Not returned by [`Crl::from_der`] (such a
    /// CRL parses and is refused as evidence, see [`Crl::has_well_formed_signature`]); kept
    /// for callers that name the defect.
    BadSignatureEncoding,
    /// An extension appears twice in the same list.
    DuplicateExtension { oid: String },
    /// A known extension does not decode or breaks its own rules (e.g. an empty issuing
    /// distribution point, RFC 5280 §5.2.5).
    BadExtension { oid: String },
}

impl From<der::Error> for CrlError {
    fn from(e: der::Error) -> Self {
        Self::Malformed {
            position: e.position().map(u32::from),
            kind: crate::error::DerProblem::from_kind(e.kind()),
        }
    }
}

/// `TBSCertList` (RFC 5280 §5.1):
///
/// ```text
/// TBSCertList  ::=  SEQUENCE  {
///      version                 Version OPTIONAL,
///                                   -- if present, MUST be v2
///      signature               AlgorithmIdentifier,
///      issuer                  Name,
///      thisUpdate              Time,
///      nextUpdate              Time OPTIONAL,
///      revokedCertificates     SEQUENCE OF SEQUENCE  {
///           userCertificate         CertificateSerialNumber,
///           revocationDate          Time,
///           crlEntryExtensions      Extensions OPTIONAL
///                                    -- if present, version MUST be v2
///                                }  OPTIONAL,
///      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL
///                                    -- if present, version MUST be v2
///                                }
/// ```
///
/// Written here rather than using `x509_cert::crl::TbsCertList` because that type declares
/// `version` mandatory and so rejects every v1 CRL (which omits it). The entries are
/// x509-cert's `RevokedCert` with the lenient `Raw` profile (negative and long serial numbers
/// exist: PKITS 4.4.14–4.4.18).
#[derive(Clone, Debug, Sequence)]
struct TbsCertList {
    version: Option<Version>,
    signature: AlgorithmIdentifierOwned,
    issuer: Name,
    this_update: Time,
    next_update: Option<Time>,
    revoked_certificates: Option<Vec<RevokedCert<Raw>>>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    crl_extensions: Option<Extensions>,
}

/// `CertificateList` (RFC 5280 §5.1) with `tbsCertList` kept as raw bytes (what the issuer
/// signed; verified over the original bytes, never over a re-encoding).
///
/// ```text
/// CertificateList  ::=  SEQUENCE  {
///      tbsCertList          TBSCertList,
///      signatureAlgorithm   AlgorithmIdentifier,
///      signatureValue       BIT STRING  }
/// ```
struct CertificateListRaw<'a> {
    tbs: &'a [u8],
    /// Offset of `tbs` in the input.
    tbs_start: usize,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

impl<'a> CertificateListRaw<'a> {
    fn parse(der: &'a [u8]) -> Result<Self, der::Error> {
        let (tbs_start, tbs, mut reader) = open_signed_sequence(der)?;
        let signature_algorithm = reader.decode()?;
        let signature = reader.decode()?;
        reader.finish()?;
        Ok(Self {
            tbs,
            tbs_start,
            signature_algorithm,
            signature,
        })
    }
}

/// Open `SEQUENCE { tbs, … }` (the shape of every signed PKIX structure): returns the offset
/// and bytes of the first element and a reader positioned after it, limited to the SEQUENCE.
/// Trailing bytes after the SEQUENCE are an error.
pub(crate) fn open_signed_sequence(
    der: &[u8],
) -> Result<(usize, &[u8], SliceReader<'_>), der::Error> {
    let mut reader = SliceReader::new(der)?;
    let header = der::Header::decode(&mut reader)?;
    header.tag().assert_eq(Tag::Sequence)?;
    if header.length() != reader.remaining_len() {
        return Err(der::ErrorKind::TrailingData {
            decoded: reader.position(),
            remaining: reader.remaining_len(),
        }
        .into());
    }
    let tbs_start = usize::try_from(u32::from(reader.position()))
        .map_err(|_| der::Error::from(der::ErrorKind::Overflow))?;
    let tbs = reader.tlv_bytes()?;
    Ok((tbs_start, tbs, reader))
}

/// One revoked certificate (RFC 5280 §5.1.2.6 entry with its §5.3 extensions decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CrlEntry {
    serial: Vec<u8>,
    revocation_date: DateTime,
    reason: Option<RevocationReason>,
    invalidity_date: Option<DateTime>,
    hold_instruction: Option<ObjectIdentifier>,
    /// Index into [`Crl::entry_issuers`] of the certificate issuer in force for this entry
    /// (RFC 5280 §5.3.3: carried forward from the previous entry); `None`: the CRL issuer.
    issuer: Option<usize>,
}

impl CrlEntry {
    /// Serial number content octets, as encoded (two's complement).
    pub fn serial_bytes(&self) -> &[u8] {
        &self.serial
    }

    /// revocationDate (RFC 5280 §5.1.2.6).
    pub fn revocation_date(&self) -> DateTime {
        self.revocation_date
    }

    /// reasonCode (RFC 5280 §5.3.1); absent means `unspecified` for status purposes.
    pub fn reason(&self) -> Option<RevocationReason> {
        self.reason
    }

    /// invalidityDate (RFC 5280 §5.3.2).
    pub fn invalidity_date(&self) -> Option<DateTime> {
        self.invalidity_date
    }

    /// holdInstructionCode (RFC 5280 §5.3 history, RFC 3280 §5.3.2), if any.
    pub fn hold_instruction(&self) -> Option<ObjectIdentifier> {
        self.hold_instruction
    }
}

/// A parsed CRL, full or delta, that keeps its original DER.
#[derive(Clone)]
#[non_exhaustive]
pub struct Crl {
    der: Vec<u8>,
    tbs_range: core::ops::Range<usize>,
    version: u8,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: Vec<u8>,
    /// False when the signature BIT STRING has unused bits: no key can have made it.
    signature_well_formed: bool,
    issuer: Name,
    this_update: DateTime,
    next_update: Option<DateTime>,
    entries: Vec<CrlEntry>,
    entry_issuers: Vec<GeneralNames>,
    crl_number: Option<Vec<u8>>,
    base_crl_number: Option<Vec<u8>>,
    idp: Option<IssuingDistributionPoint>,
    /// The IDP extension value as encoded, for the delta/complete scope comparison of
    /// RFC 5280 §6.3.3 (c)(2).
    idp_der: Option<Vec<u8>>,
    authority_key_identifier: Option<Vec<u8>>,
    issuer_alt_names: GeneralNames,
    freshest_crl: Vec<DistributionPoint>,
    expired_certs_on_crl: Option<DateTime>,
    unsupported_critical: Vec<ObjectIdentifier>,
    /// Padding bytes that followed the DER in the input it was read from (`crate::trailing`).
    trailing_padding: usize,
    /// `revokedCertificates` was present and empty, which RFC 5280 §5.1.2.6 forbids ("MUST be
    /// absent") but whose meaning is not in doubt (nothing revoked). asn1crypto-based CAs
    /// write it (the CRLs in pyHanko's PAdES-LTA test files): the CRL is read, and the
    /// checker says so whenever it decides with it.
    empty_revoked_list: bool,
}

/// How many distinct unsupported critical entry extensions a [`Crl`] records.
pub const MAX_UNSUPPORTED_REPORTED: usize = 8;

impl core::fmt::Debug for Crl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Crl")
            .field(
                "issuer",
                &crate::cert::DistinguishedName(&self.issuer).to_string(),
            )
            .field("this_update", &crate::time::rfc3339(&self.this_update))
            .field("entries", &self.entries.len())
            .field("delta", &self.is_delta())
            .finish()
    }
}

impl Crl {
    /// Parse one DER CRL. Padding after it (white space, zero bytes) is ignored; other
    /// trailing bytes are an error (`crate::trailing`).
    pub fn from_der(der: &[u8]) -> Result<Self, CrlError> {
        if der.len() > MAX_CRL_LEN {
            return Err(CrlError::TooLarge { len: der.len() });
        }
        let (der, trailing_padding) = crate::trailing::padded(der);
        let outer = CertificateListRaw::parse(der)?;
        let tbs = TbsCertList::from_der(outer.tbs)?;
        // RFC 5280 §5.1.1.2: "MUST contain the same algorithm identifier as the signature
        // field in the sequence tbsCertList".
        if outer.signature_algorithm != tbs.signature {
            return Err(CrlError::SignatureAlgorithmMismatch);
        }
        // A signature BIT STRING with unused bits cannot hold a signature value (RFC 5280
        // §4.1.1.3, §5.1.1.3 encode it in whole octets), but the CRL is still a readable CRL:
        // it is kept as evidence that the revocation checker refuses with a reason naming its
        // issuer (PKITS 4.4.4), rather than refused as input that is not a CRL at all.
        let (signature, signature_well_formed) = match outer.signature.as_bytes() {
            Some(b) => (b.to_vec(), true),
            None => (outer.signature.raw_bytes().to_vec(), false),
        };
        let tbs_range = outer.tbs_start..outer.tbs_start.saturating_add(outer.tbs.len());

        // RFC 5280 §5.1.2.1: absent means v1; if present MUST be v2.
        let version = match tbs.version {
            None => 1,
            Some(Version::V2) => 2,
            Some(_) => return Err(CrlError::BadVersion),
        };
        let empty_revoked_list = tbs.revoked_certificates.as_ref().is_some_and(Vec::is_empty);
        let revoked = tbs.revoked_certificates.unwrap_or_default();
        let extensions = tbs.crl_extensions.unwrap_or_default();
        if version == 1
            && (!extensions.is_empty() || revoked.iter().any(|r| r.crl_entry_extensions.is_some()))
        {
            return Err(CrlError::ExtensionsInV1);
        }

        let mut crl = Self {
            der: der.to_vec(),
            tbs_range,
            version,
            signature_algorithm: outer.signature_algorithm,
            signature,
            signature_well_formed,
            issuer: tbs.issuer,
            this_update: tbs.this_update.to_date_time(),
            next_update: tbs.next_update.map(|t| t.to_date_time()),
            entries: Vec::with_capacity(revoked.len()),
            entry_issuers: Vec::new(),
            crl_number: None,
            base_crl_number: None,
            idp: None,
            idp_der: None,
            authority_key_identifier: None,
            issuer_alt_names: Vec::new(),
            freshest_crl: Vec::new(),
            expired_certs_on_crl: None,
            unsupported_critical: Vec::new(),
            trailing_padding,
            empty_revoked_list,
        };
        crl.decode_crl_extensions(&extensions)?;
        for r in revoked {
            crl.push_entry(r)?;
        }
        Ok(crl)
    }

    /// Every `X509 CRL` block of a PEM text, in order.
    pub fn from_pem(pem: &[u8]) -> Result<Vec<Self>, CrlError> {
        let mut out = Vec::new();
        for block in crate::pem::blocks(pem).map_err(|_| CrlError::BadPem)? {
            if block.label == "X509 CRL" || block.label == "CRL" {
                out.push(Self::from_der(&block.der)?);
            }
        }
        if out.is_empty() {
            return Err(CrlError::BadPem);
        }
        Ok(out)
    }

    /// CRLs from PEM (any number) or one DER CRL, sniffed.
    pub fn load_any(bytes: &[u8]) -> Result<Vec<Self>, CrlError> {
        if crate::pem::looks_like_pem(bytes) {
            Self::from_pem(bytes)
        } else {
            Ok(vec![Self::from_der(bytes)?])
        }
    }

    fn decode_crl_extensions(&mut self, extensions: &[Extension]) -> Result<(), CrlError> {
        check_unique(extensions)?;
        for ext in extensions {
            let value = ext.extn_value.as_bytes();
            let bad = || CrlError::BadExtension {
                oid: ext.extn_id.to_string(),
            };
            match ext.extn_id {
                oid::CRL_NUMBER => {
                    self.crl_number = Some(uint_bytes(&Uint::from_der(value).map_err(|_| bad())?))
                }
                oid::DELTA_CRL_INDICATOR => {
                    self.base_crl_number =
                        Some(uint_bytes(&Uint::from_der(value).map_err(|_| bad())?))
                }
                oid::ISSUING_DISTRIBUTION_POINT => {
                    let idp = IssuingDistributionPoint::from_der(value).map_err(|_| bad())?;
                    // RFC 5280 §5.2.5: the DER of the extension MUST NOT be an empty
                    // sequence, and at most one of the only* booleans may be TRUE.
                    let only_count = [
                        idp.only_contains_user_certs,
                        idp.only_contains_ca_certs,
                        idp.only_contains_attribute_certs,
                    ]
                    .iter()
                    .filter(|b| **b)
                    .count();
                    let empty = idp.distribution_point.is_none()
                        && only_count == 0
                        && idp.only_some_reasons.is_none()
                        && !idp.indirect_crl;
                    if empty || only_count > 1 {
                        return Err(bad());
                    }
                    self.idp = Some(idp);
                    self.idp_der = Some(value.to_vec());
                }
                oid::EXT_AUTHORITY_KEY_IDENTIFIER => {
                    let aki = AuthorityKeyIdentifier::from_der(value).map_err(|_| bad())?;
                    self.authority_key_identifier =
                        aki.key_identifier.map(|k| k.as_bytes().to_vec());
                }
                oid::EXT_ISSUER_ALT_NAME => {
                    self.issuer_alt_names = GeneralNames::from_der(value).map_err(|_| bad())?;
                }
                oid::EXT_FRESHEST_CRL => {
                    self.freshest_crl =
                        Vec::<DistributionPoint>::from_der(value).map_err(|_| bad())?;
                }
                oid::EXPIRED_CERTS_ON_CRL => {
                    self.expired_certs_on_crl = Some(DateTime::from_der(value).map_err(|_| bad())?);
                }
                // Where to fetch the CRL issuer's certificate: informational only.
                oid::EXT_AUTHORITY_INFO_ACCESS => {}
                _ if ext.critical => self.unsupported_critical.push(ext.extn_id),
                _ => {}
            }
        }
        Ok(())
    }

    fn push_entry(&mut self, r: RevokedCert<Raw>) -> Result<(), CrlError> {
        // RFC 5280 §5.3.3: without certificateIssuer, an entry belongs to the same issuer as
        // the preceding entry (the CRL issuer for the first).
        let mut entry = CrlEntry {
            serial: r.serial_number.as_bytes().to_vec(),
            revocation_date: r.revocation_date.to_date_time(),
            reason: None,
            invalidity_date: None,
            hold_instruction: None,
            issuer: self.entries.last().and_then(|e| e.issuer),
        };
        let extensions = r.crl_entry_extensions.unwrap_or_default();
        check_unique(&extensions)?;
        for ext in &extensions {
            let value = ext.extn_value.as_bytes();
            let bad = || CrlError::BadExtension {
                oid: ext.extn_id.to_string(),
            };
            match ext.extn_id {
                oid::REASON_CODE => {
                    // A well-formed ENUMERATED outside CRLReason (7 is unused, > 10 undefined,
                    // RFC 5280 §5.3.1) still lists the certificate as revoked: the entry is kept
                    // with its reason unspecified rather than the whole CRL — and with it every
                    // other certificate's status — thrown away (a French plugtest CA writes 7;
                    // OpenSSL keeps such CRLs too). A malformed value refuses the CRL.
                    entry.reason = Some(match x509_cert::ext::pkix::CrlReason::from_der(value) {
                        Ok(code) => RevocationReason::from(code),
                        Err(_) => match value {
                            [0x0a, 0x01, v] if *v < 0x80 => RevocationReason::Unspecified,
                            _ => return Err(bad()),
                        },
                    });
                }
                oid::INVALIDITY_DATE => {
                    entry.invalidity_date = Some(DateTime::from_der(value).map_err(|_| bad())?);
                }
                oid::HOLD_INSTRUCTION_CODE => {
                    entry.hold_instruction =
                        Some(ObjectIdentifier::from_der(value).map_err(|_| bad())?);
                }
                oid::CERTIFICATE_ISSUER => {
                    let names = GeneralNames::from_der(value).map_err(|_| bad())?;
                    if names.is_empty() {
                        return Err(bad());
                    }
                    self.entry_issuers.push(names);
                    entry.issuer = Some(self.entry_issuers.len().saturating_sub(1));
                }
                // Bounded: one is enough to refuse the CRL, a few name the problem; scanning
                // an ever longer list would be quadratic in a hostile CRL's entries.
                _ if ext.critical
                    && self.unsupported_critical.len() < MAX_UNSUPPORTED_REPORTED
                    && !self.unsupported_critical.contains(&ext.extn_id) =>
                {
                    self.unsupported_critical.push(ext.extn_id);
                }
                _ => {}
            }
        }
        self.entries.push(entry);
        Ok(())
    }

    /// The original DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// How many padding bytes (white space, zero bytes) followed the DER in the input it was
    /// read from and were ignored; 0 for a CRL read from PEM or from a message.
    pub fn trailing_padding(&self) -> usize {
        self.trailing_padding
    }

    /// Whether `revokedCertificates` was present but empty (see the field).
    pub fn has_empty_revoked_list(&self) -> bool {
        self.empty_revoked_list
    }

    /// The original DER of `tbsCertList` (what the issuer signed).
    pub fn tbs_der(&self) -> &[u8] {
        self.der.get(self.tbs_range.clone()).unwrap_or_default()
    }

    /// 1 or 2.
    pub fn version(&self) -> u8 {
        self.version
    }

    pub fn issuer_name(&self) -> &Name {
        &self.issuer
    }

    pub fn issuer(&self) -> crate::cert::DistinguishedName<'_> {
        crate::cert::DistinguishedName(&self.issuer)
    }

    pub fn this_update(&self) -> DateTime {
        self.this_update
    }

    pub fn next_update(&self) -> Option<DateTime> {
        self.next_update
    }

    pub fn signature_algorithm(&self) -> &AlgorithmIdentifierOwned {
        &self.signature_algorithm
    }

    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// Whether the signature value is a whole number of octets; a CRL whose signature is not
    /// is never accepted as evidence ([`CrlError::BadSignatureEncoding`] names the defect).
    pub fn has_well_formed_signature(&self) -> bool {
        self.signature_well_formed
    }

    /// The revoked certificates, in CRL order.
    pub fn entries(&self) -> &[CrlEntry] {
        &self.entries
    }

    /// The certificateIssuer names in force for `entry` (RFC 5280 §5.3.3); `None` means the
    /// CRL issuer.
    pub fn entry_issuer(&self, entry: &CrlEntry) -> Option<&GeneralNames> {
        entry.issuer.and_then(|i| self.entry_issuers.get(i))
    }

    /// cRLNumber (RFC 5280 §5.2.3), unsigned big-endian without leading zeros.
    pub fn crl_number(&self) -> Option<&[u8]> {
        self.crl_number.as_deref()
    }

    /// BaseCRLNumber of the deltaCRLIndicator (RFC 5280 §5.2.4): `Some` iff a delta CRL.
    pub fn base_crl_number(&self) -> Option<&[u8]> {
        self.base_crl_number.as_deref()
    }

    pub fn is_delta(&self) -> bool {
        self.base_crl_number.is_some()
    }

    /// IssuingDistributionPoint (RFC 5280 §5.2.5).
    pub fn issuing_distribution_point(&self) -> Option<&IssuingDistributionPoint> {
        self.idp.as_ref()
    }

    /// Whether the IDP asserts indirectCRL (RFC 5280 §5.2.5).
    pub fn is_indirect(&self) -> bool {
        self.idp.as_ref().is_some_and(|i| i.indirect_crl)
    }

    /// keyIdentifier of the authorityKeyIdentifier (RFC 5280 §5.2.1).
    pub fn authority_key_identifier(&self) -> Option<&[u8]> {
        self.authority_key_identifier.as_deref()
    }

    /// issuerAltName (RFC 5280 §5.2.2).
    pub fn issuer_alt_names(&self) -> &[GeneralName] {
        &self.issuer_alt_names
    }

    /// FreshestCRL: where delta CRLs for this CRL are published (RFC 5280 §5.2.6).
    pub fn freshest_crl(&self) -> &[DistributionPoint] {
        &self.freshest_crl
    }

    /// expiredCertsOnCRL: entries of certificates that expired at or after this date are
    /// kept on the CRL (X.509 §9.6.2.8).
    pub fn expired_certs_on_crl(&self) -> Option<DateTime> {
        self.expired_certs_on_crl
    }

    /// Critical CRL or entry extensions kyso does not process (entry extensions: the first
    /// `MAX_UNSUPPORTED_REPORTED` (8) distinct ones): while non-empty the CRL is never used to
    /// decide status (RFC 5280 §5.2, §5.3).
    pub fn unsupported_critical_extensions(&self) -> &[ObjectIdentifier] {
        &self.unsupported_critical
    }
}

/// Unsigned integer bytes without leading zeros (so numbers compare by length then bytes).
fn uint_bytes(u: &Uint) -> Vec<u8> {
    let b = u.as_bytes();
    let start = b.iter().position(|x| *x != 0).unwrap_or(b.len());
    b.get(start..).unwrap_or_default().to_vec()
}

/// Compare two unsigned numbers as produced by [`uint_bytes`].
pub(crate) fn cmp_uint(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// RFC 5280 §4.2: an extension appears at most once (O(n log n): a hostile CRL may carry
/// millions).
fn check_unique(extensions: &[Extension]) -> Result<(), CrlError> {
    let mut seen = std::collections::BTreeSet::new();
    match extensions.iter().find(|e| !seen.insert(e.extn_id)) {
        Some(e) => Err(CrlError::DuplicateExtension {
            oid: e.extn_id.to_string(),
        }),
        None => Ok(()),
    }
}
