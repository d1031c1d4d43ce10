//! Certificates (RFC 5280 §4): a parsed wrapper that keeps the original DER, decodes names
//! from every string type used in Vietnamese certificates, and extracts the identities that
//! Vietnamese CAs put in `UID` (docs/vietnam.md §5).

use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};
use serde::Serialize;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::certificate::{CertificateInner, Raw};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName,
    SubjectKeyIdentifier, name::GeneralName,
};
use x509_cert::name::Name;

use crate::oid;
use crate::time::DateTime;

/// Largest certificate accepted (bounded work on hostile input). Real certificates are < 8 KiB;
/// the largest seen in VN chains is ~2 KiB.
pub const MAX_CERTIFICATE_LEN: usize = 64 * 1024;

/// A parsed X.509 certificate that keeps its original encoding.
///
/// Parsed with the lenient `Raw` profile: real certificates with serial numbers longer than
/// 20 bytes (RFC 5280 §4.1.2.2 says SHOULD NOT be, and they exist) still load; policy decides
/// what to think of them.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    /// Byte range of `tbsCertificate` within `der`: signatures are verified over these original
    /// bytes, never over a re-encoding.
    tbs_range: core::ops::Range<usize>,
    inner: CertificateInner<Raw>,
    /// Padding bytes that followed the DER in the input it was read from (`crate::trailing`),
    /// for the reports that use it to say so.
    trailing_padding: usize,
}

/// Errors parsing certificates.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertError {
    /// Not DER for a Certificate.
    Malformed {
        position: Option<u32>,
        kind: crate::error::DerProblem,
    },
    /// Larger than `MAX_CERTIFICATE_LEN` (64 KiB).
    TooLarge { len: usize },
    /// PEM armour is broken.
    BadPem,
    /// No certificate found in the input.
    Empty,
}

impl From<der::Error> for CertError {
    fn from(e: der::Error) -> Self {
        Self::Malformed {
            position: e.position().map(u32::from),
            kind: crate::error::DerProblem::from_kind(e.kind()),
        }
    }
}

impl core::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject().to_string())
            .field("issuer", &self.issuer().to_string())
            .field("serial", &self.serial_hex())
            .finish()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}
impl Eq for Certificate {}

impl Certificate {
    /// Parse one DER certificate. Padding after it (white space, zero bytes: a newline left by
    /// a text tool) is ignored; other trailing bytes are an error (`crate::trailing`).
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        if der.len() > MAX_CERTIFICATE_LEN {
            return Err(CertError::TooLarge { len: der.len() });
        }
        let (der, trailing_padding) = crate::trailing::padded(der);
        let inner = match CertificateInner::<Raw>::from_der(der) {
            Ok(inner) => inner,
            Err(first) => match clamp_pre_1970_validity(der) {
                Some(clamped) => CertificateInner::<Raw>::from_der(&clamped).map_err(|_| first)?,
                None => return Err(first.into()),
            },
        };
        let tbs_range = tbs_range(der)?;
        Ok(Self {
            der: der.to_vec(),
            tbs_range,
            inner,
            trailing_padding,
        })
    }

    /// Every `CERTIFICATE` block of a PEM text, in order.
    pub fn from_pem(pem: &[u8]) -> Result<Vec<Self>, CertError> {
        let mut out = Vec::new();
        for block in crate::pem::blocks(pem).map_err(|_| CertError::BadPem)? {
            if block.label == "CERTIFICATE" || block.label == "X509 CERTIFICATE" {
                out.push(Self::from_der(&block.der)?);
            }
        }
        Ok(out)
    }

    /// Certificates from PEM (any number) or a single DER certificate, sniffed.
    pub fn load_any(bytes: &[u8]) -> Result<Vec<Self>, CertError> {
        if crate::pem::looks_like_pem(bytes) {
            let v = Self::from_pem(bytes)?;
            if v.is_empty() {
                return Err(CertError::Empty);
            }
            Ok(v)
        } else {
            Ok(vec![Self::from_der(bytes)?])
        }
    }

    /// The original DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// How many padding bytes (white space, zero bytes) followed the DER in the input it was
    /// read from and were ignored; 0 for a certificate read from PEM or from a message.
    pub fn trailing_padding(&self) -> usize {
        self.trailing_padding
    }

    /// The original DER of `tbsCertificate` (what the issuer signed).
    pub fn tbs_der(&self) -> &[u8] {
        self.der.get(self.tbs_range.clone()).unwrap_or_default()
    }

    /// The parsed structure, for anything not wrapped here.
    pub fn x509(&self) -> &CertificateInner<Raw> {
        &self.inner
    }

    pub fn subject(&self) -> DistinguishedName<'_> {
        DistinguishedName(self.inner.tbs_certificate().subject())
    }

    pub fn issuer(&self) -> DistinguishedName<'_> {
        DistinguishedName(self.inner.tbs_certificate().issuer())
    }

    /// The raw subject `Name`.
    pub fn subject_name(&self) -> &Name {
        self.inner.tbs_certificate().subject()
    }

    /// The raw issuer `Name`.
    pub fn issuer_name(&self) -> &Name {
        self.inner.tbs_certificate().issuer()
    }

    /// Serial number content octets (two's complement, as encoded).
    pub fn serial_bytes(&self) -> &[u8] {
        self.inner.tbs_certificate().serial_number().as_bytes()
    }

    /// Serial number as upper-case hex, as CA portals print it.
    pub fn serial_hex(&self) -> String {
        hex_upper(self.serial_bytes())
    }

    pub fn public_key_info(&self) -> &SubjectPublicKeyInfoOwned {
        self.inner.tbs_certificate().subject_public_key_info()
    }

    /// DER of SubjectPublicKeyInfo.
    pub fn public_key_info_der(&self) -> Vec<u8> {
        self.public_key_info().to_der().unwrap_or_default()
    }

    pub fn not_before(&self) -> DateTime {
        self.inner
            .tbs_certificate()
            .validity()
            .not_before
            .to_date_time()
    }

    pub fn not_after(&self) -> DateTime {
        self.inner
            .tbs_certificate()
            .validity()
            .not_after
            .to_date_time()
    }

    /// Whether `t` lies within notBefore..=notAfter (RFC 5280 §4.1.2.5: both inclusive).
    pub fn is_valid_at(&self, t: &DateTime) -> bool {
        self.not_before() <= *t && *t <= self.not_after()
    }

    /// Version number as in the certificate (1, 2 or 3).
    pub fn version(&self) -> u8 {
        match self.inner.tbs_certificate().version() {
            x509_cert::certificate::Version::V1 => 1,
            x509_cert::certificate::Version::V2 => 2,
            x509_cert::certificate::Version::V3 => 3,
        }
    }

    /// All extensions (empty for v1/v2 certificates).
    pub fn extensions(&self) -> &[x509_cert::ext::Extension] {
        self.inner
            .tbs_certificate()
            .extensions()
            .map(|e| e.as_slice())
            .unwrap_or_default()
    }

    /// The extension with `oid`, if present exactly once; `Err` if present more than once
    /// (RFC 5280 §4.2: "MUST NOT include more than one instance").
    pub fn extension(
        &self,
        oid: der::asn1::ObjectIdentifier,
    ) -> Result<Option<&x509_cert::ext::Extension>, CertError> {
        let mut found = None;
        for e in self.extensions() {
            if e.extn_id == oid {
                if found.is_some() {
                    return Err(CertError::Malformed {
                        position: None,
                        kind: crate::error::DerProblem::DuplicateExtension,
                    });
                }
                found = Some(e);
            }
        }
        Ok(found)
    }

    fn decoded_extension<'a, T: Decode<'a> + const_oid::AssociatedOid>(
        &'a self,
    ) -> Result<Option<(bool, T)>, CertError>
    where
        CertError: From<T::Error>,
    {
        match self.extension(T::OID)? {
            None => Ok(None),
            Some(e) => Ok(Some((e.critical, T::from_der(e.extn_value.as_bytes())?))),
        }
    }

    /// SubjectKeyIdentifier value (RFC 5280 §4.2.1.2).
    pub fn subject_key_identifier(&self) -> Option<Vec<u8>> {
        self.decoded_extension::<SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .map(|(_, s)| s.0.as_bytes().to_vec())
    }

    /// AuthorityKeyIdentifier keyIdentifier (RFC 5280 §4.2.1.1).
    pub fn authority_key_identifier(&self) -> Option<Vec<u8>> {
        self.decoded_extension::<AuthorityKeyIdentifier>()
            .ok()
            .flatten()
            .and_then(|(_, a)| a.key_identifier.map(|k| k.as_bytes().to_vec()))
    }

    /// BasicConstraints (criticality, cA, pathLenConstraint).
    pub fn basic_constraints(&self) -> Result<Option<(bool, BasicConstraints)>, CertError> {
        self.decoded_extension::<BasicConstraints>()
    }

    /// KeyUsage (criticality, bits).
    pub fn key_usage(&self) -> Result<Option<(bool, KeyUsage)>, CertError> {
        self.decoded_extension::<KeyUsage>()
    }

    /// ExtendedKeyUsage (criticality, purposes).
    pub fn extended_key_usage(&self) -> Result<Option<(bool, ExtendedKeyUsage)>, CertError> {
        self.decoded_extension::<ExtendedKeyUsage>()
    }

    /// SubjectAltName (criticality, names).
    pub fn subject_alt_name(&self) -> Result<Option<(bool, SubjectAltName)>, CertError> {
        self.decoded_extension::<SubjectAltName>()
    }

    /// Whether the subject and issuer names match under RFC 5280 §7.1 comparison (self-issued,
    /// RFC 5280 §6.1: "the same DN appears in the subject and issuer fields", compared as §7.1
    /// says names are compared, not byte for byte).
    pub fn is_self_issued(&self) -> bool {
        crate::name::names_match(self.subject_name(), self.issuer_name())
    }

    /// The holder's identity: names, Vietnamese identifiers, e-mail.
    pub fn identity(&self) -> Identity {
        let mut id = Identity::from_name(self.subject_name());
        if let Ok(Some((_, san))) = self.subject_alt_name() {
            for gn in san.0 {
                if let GeneralName::Rfc822Name(m) = gn {
                    let m = m.to_string();
                    if !id.emails.contains(&m) {
                        id.emails.push(m);
                    }
                }
            }
        }
        id
    }
}

/// `der::DateTime` starts at 1970, but RFC 5280 §4.1.2.5.1 UTCTime covers 1950–2049 and real
/// certificates (PKITS 4.2.3, old roots) have notBefore dates in the 1950s–60s. Such a
/// certificate is parsed from a copy whose pre-1970 validity times are replaced by
/// 1970-01-01T00:00:00Z, same length, so every comparison with a representable validation time
/// (≥ 1970) gives the same answer. The original bytes are kept for signatures and output.
fn clamp_pre_1970_validity(der: &[u8]) -> Option<Vec<u8>> {
    // (tag, header length, value length) of the TLV at `at`.
    fn tlv(buf: &[u8], at: usize) -> Option<(Tag, usize, usize)> {
        let mut r = SliceReader::new(buf.get(at..)?).ok()?;
        let h = der::Header::decode(&mut r).ok()?;
        let hl = usize::try_from(u32::from(r.position())).ok()?;
        Some((h.tag(), hl, usize::try_from(u32::from(h.length())).ok()?))
    }
    let (_, cert_hl, _) = tlv(der, 0)?;
    let tbs_at = cert_hl;
    let (_, tbs_hl, _) = tlv(der, tbs_at)?;
    let mut at = tbs_at.checked_add(tbs_hl)?;
    // Skip [0] version (optional), serialNumber, signature, issuer.
    let mut skipped = 0;
    while skipped < 3 {
        let (tag, hl, vl) = tlv(der, at)?;
        at = at.checked_add(hl)?.checked_add(vl)?;
        if !matches!(tag, Tag::ContextSpecific { .. }) {
            skipped += 1;
        }
    }
    let (tag, validity_hl, _) = tlv(der, at)?;
    if tag != Tag::Sequence {
        return None;
    }
    let mut out = der.to_vec();
    let mut t_at = at.checked_add(validity_hl)?;
    let mut changed = false;
    for _ in 0..2 {
        let (tag, hl, vl) = tlv(der, t_at)?;
        let v_at = t_at.checked_add(hl)?;
        let value = out.get_mut(v_at..v_at.checked_add(vl)?)?;
        match (tag, value.len()) {
            (Tag::UtcTime, 13) if value.first().is_some_and(|d| (b'5'..=b'6').contains(d)) => {
                value.copy_from_slice(b"700101000000Z");
                changed = true;
            }
            (Tag::GeneralizedTime, 15) if value.get(..4).is_some_and(|y| y < &b"1970"[..]) => {
                value.copy_from_slice(b"19700101000000Z");
                changed = true;
            }
            _ => {}
        }
        t_at = v_at.checked_add(vl)?;
    }
    changed.then_some(out)
}

/// Locate `tbsCertificate` inside the outer `Certificate` SEQUENCE.
fn tbs_range(der: &[u8]) -> Result<core::ops::Range<usize>, CertError> {
    let mut outer = SliceReader::new(der)?;
    let header = der::Header::decode(&mut outer)?;
    if header.tag() != Tag::Sequence {
        return Err(CertError::Malformed {
            position: Some(0),
            kind: crate::error::DerProblem::UnexpectedTag,
        });
    }
    let start = usize::try_from(u32::from(outer.position())).map_err(|_| CertError::Empty)?;
    let tbs = der::Header::peek(&outer)?;
    let len = usize::try_from(u32::from(tbs.encoded_len()?))
        .map_err(|_| CertError::Empty)?
        .saturating_add(usize::try_from(u32::from(tbs.length())).map_err(|_| CertError::Empty)?);
    let end = start.saturating_add(len);
    if end > der.len() {
        return Err(CertError::Malformed {
            position: Some(0),
            kind: crate::error::DerProblem::Truncated,
        });
    }
    Ok(start..end)
}

/// Whether `spki` is a DSA key (`id-dsa`, RFC 3279 §2.3.2) whose domain parameters are absent
/// (or NULL): such a key inherits them from its issuer.
pub(crate) fn dsa_without_parameters(spki: &SubjectPublicKeyInfoOwned) -> bool {
    spki.algorithm.oid == crate::oid::DSA
        && spki
            .algorithm
            .parameters
            .as_ref()
            .is_none_or(|p| p.is_null())
}

/// The public key of `path[j]` (`path` runs from the end entity up to the anchor) as signatures
/// by it are verified: a DSA key without domain parameters takes those of the nearest DSA key
/// above it (RFC 3279 §2.3.2; RFC 5280 §6.1.4 (f) working_public_key_parameters), which
/// certificates and CRLs signed by such a key verify only with (NIST PKITS 4.1.5). The
/// parameters stay absent when no DSA key above has any. `None` when `j` is out of range.
pub(crate) fn working_public_key(
    path: &[&Certificate],
    j: usize,
) -> Option<SubjectPublicKeyInfoOwned> {
    let mut spki = path.get(j)?.public_key_info().clone();
    if dsa_without_parameters(&spki) {
        spki.algorithm.parameters = path
            .iter()
            .skip(j.saturating_add(1))
            .map(|c| c.public_key_info())
            .take_while(|s| s.algorithm.oid == crate::oid::DSA)
            .find_map(|s| s.algorithm.parameters.clone());
    }
    Some(spki)
}

pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    use core::fmt::Write;
    let mut s = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        let _ = write!(s, "{b:02X}");
    }
    s
}

/// Bytes from hex digits, for test vectors (panics on bad input).
#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
pub(crate) fn from_hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// A distinguished name for display: RFC 4514 order (most specific first), short names
/// including `UID`, every directory string type decoded (docs/vietnam.md §5: garbled `S? Y T?`
/// names are a known failure of other tools).
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct DistinguishedName<'a>(pub &'a Name);

impl DistinguishedName<'_> {
    /// (short name or dotted OID, decoded value) in encoded order (root-most first).
    pub fn attributes(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|atv| {
                (
                    attribute_short_name(&atv.oid),
                    decode_directory_string(&atv.value),
                )
            })
            .collect()
    }

    /// The first value of the attribute `oid`.
    pub fn first(&self, oid: der::asn1::ObjectIdentifier) -> Option<String> {
        self.0
            .iter()
            .find(|a| a.oid == oid)
            .map(|a| decode_directory_string(&a.value))
    }

    /// Every value of the attribute `oid`.
    pub fn all(&self, oid: der::asn1::ObjectIdentifier) -> Vec<String> {
        self.0
            .iter()
            .filter(|a| a.oid == oid)
            .map(|a| decode_directory_string(&a.value))
            .collect()
    }
}

impl core::fmt::Display for DistinguishedName<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let rdns: Vec<_> = self.0.iter_rdn().collect();
        for (i, rdn) in rdns.iter().rev().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            for (j, atv) in rdn.iter().enumerate() {
                if j > 0 {
                    f.write_str(" + ")?;
                }
                write!(
                    f,
                    "{}={}",
                    attribute_short_name(&atv.oid),
                    escape_rfc4514(&decode_directory_string(&atv.value))
                )?;
            }
        }
        Ok(())
    }
}

fn escape_rfc4514(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for (i, c) in v.chars().enumerate() {
        let leading = i == 0 && (c == ' ' || c == '#');
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';') || leading {
            out.push('\\');
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
        out.push_str("\\ ");
    }
    out
}

fn attribute_short_name(o: &der::asn1::ObjectIdentifier) -> String {
    oid::attribute_short_name(o)
        .map(str::to_owned)
        .unwrap_or_else(|| o.to_string())
}

/// Decode any DirectoryString / IA5String / … attribute value to text.
/// T61String is in theory ITU T.61; in practice CAs put Latin-1 or UTF-8 in it, so UTF-8 is
/// tried first, then Latin-1. Unknown types are shown as `#hex` (RFC 4514 §2.4).
pub fn decode_directory_string(value: &der::Any) -> String {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::NumericString => String::from_utf8_lossy(bytes).into_owned(),
        Tag::TeletexString => match core::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
        },
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| match c {
                    [a, b] => u16::from_be_bytes([*a, *b]),
                    _ => 0xFFFD,
                })
                .collect();
            char::decode_utf16(units)
                .map(|r| r.unwrap_or('\u{FFFD}'))
                .collect()
        }
        _ => format!("#{}", hex_upper(&value.to_der().unwrap_or_default())),
    }
}

/// A Vietnamese identifier carried in `UID` (OID 0.9.2342.19200300.100.1.1) as `PREFIX:value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value")]
#[non_exhaustive]
pub enum VnIdentity {
    /// Chứng minh nhân dân: 9 or 12 digits.
    #[serde(rename = "CMND")]
    Cmnd(String),
    /// Căn cước công dân: 12 digits.
    #[serde(rename = "CCCD")]
    Cccd(String),
    /// Hộ chiếu (passport).
    #[serde(rename = "HC")]
    Passport(String),
    /// Mã số thuế (tax code), branch suffix allowed (`0100686209-199`).
    #[serde(rename = "MST")]
    TaxCode(String),
    /// Mã ngân sách (budget unit code).
    #[serde(rename = "MNS")]
    BudgetUnit(String),
    /// A `UID` that is not one of the known forms, kept verbatim.
    #[serde(rename = "UID")]
    Other(String),
}

impl VnIdentity {
    /// Parse a `UID` value. Prefixes are matched case-insensitively and spaces around the colon
    /// are tolerated, since CA software is not uniform.
    pub fn parse(uid: &str) -> Self {
        let Some((prefix, value)) = uid.split_once(':') else {
            return Self::Other(uid.to_owned());
        };
        let value = value.trim().to_owned();
        match prefix.trim().to_ascii_uppercase().as_str() {
            "CMND" => Self::Cmnd(value),
            "CCCD" => Self::Cccd(value),
            "HC" => Self::Passport(value),
            "MST" => Self::TaxCode(value),
            "MNS" => Self::BudgetUnit(value),
            _ => Self::Other(uid.to_owned()),
        }
    }

    /// The short label as written in certificates (`CCCD`, `MST`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Cmnd(_) => "CMND",
            Self::Cccd(_) => "CCCD",
            Self::Passport(_) => "HC",
            Self::TaxCode(_) => "MST",
            Self::BudgetUnit(_) => "MNS",
            Self::Other(_) => "UID",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Self::Cmnd(v)
            | Self::Cccd(v)
            | Self::Passport(v)
            | Self::TaxCode(v)
            | Self::BudgetUnit(v)
            | Self::Other(v) => v,
        }
    }
}

/// Who a certificate names, decoded for people and for reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Identity {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    pub organizational_units: Vec<String>,
    pub title: Option<String>,
    pub locality: Option<String>,
    pub province: Option<String>,
    pub country: Option<String>,
    pub emails: Vec<String>,
    pub vn_ids: Vec<VnIdentity>,
    /// The whole subject DN in RFC 4514 form.
    pub subject: String,
}

impl Identity {
    pub fn from_name(name: &Name) -> Self {
        let dn = DistinguishedName(name);
        let mut emails = dn.all(oid::EMAIL_ADDRESS);
        emails.dedup();
        Identity {
            common_name: dn.first(oid::CN),
            organization: dn.first(oid::O),
            organizational_units: dn.all(oid::OU),
            title: dn.first(oid::TITLE),
            locality: dn.first(oid::L),
            province: dn.first(oid::ST),
            country: dn.first(oid::C),
            emails,
            vn_ids: dn
                .all(oid::UID)
                .iter()
                .map(|u| VnIdentity::parse(u))
                .collect(),
            subject: dn.to_string(),
        }
    }

    /// One line for people: `Name (CCCD 0010…, MST 0100…)`.
    pub fn display_name(&self) -> String {
        let base = self
            .common_name
            .clone()
            .or_else(|| self.organization.clone())
            .unwrap_or_else(|| self.subject.clone());
        if self.vn_ids.is_empty() {
            return base;
        }
        let ids: Vec<String> = self
            .vn_ids
            .iter()
            .map(|i| format!("{} {}", i.kind(), i.value()))
            .collect();
        format!("{base} ({})", ids.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_forms() {
        assert_eq!(
            VnIdentity::parse("CCCD:001099012345"),
            VnIdentity::Cccd("001099012345".into())
        );
        assert_eq!(
            VnIdentity::parse("mst: 0100686209-199"),
            VnIdentity::TaxCode("0100686209-199".into())
        );
        assert_eq!(
            VnIdentity::parse("CMND:123456789"),
            VnIdentity::Cmnd("123456789".into())
        );
        assert_eq!(
            VnIdentity::parse("HC:B1234567"),
            VnIdentity::Passport("B1234567".into())
        );
        assert_eq!(
            VnIdentity::parse("MNS:1234567"),
            VnIdentity::BudgetUnit("1234567".into())
        );
        assert_eq!(VnIdentity::parse("xyz"), VnIdentity::Other("xyz".into()));
    }

    #[test]
    fn pre_1970_utctime_not_before_parses() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/testdata/pkits/certs/Validpre2000UTCnotBeforeDateTest3EE.crt"
        );
        let der = std::fs::read(path).unwrap();
        let cert = Certificate::from_der(&der).unwrap();
        assert_eq!(cert.not_before().year(), 1970);
        assert_eq!(cert.der(), &der[..]);
    }

    #[test]
    fn bmp_and_t61_decode() {
        let bmp = der::Any::new(Tag::BmpString, vec![0x1E, 0xA1, 0x00, 0x41]).unwrap();
        assert_eq!(decode_directory_string(&bmp), "\u{1EA1}A");
        let t61 = der::Any::new(Tag::TeletexString, vec![0xE9]).unwrap();
        assert_eq!(decode_directory_string(&t61), "é");
    }
}
