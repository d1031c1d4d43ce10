//! `kyso inspect`: certificates (subject, issuer, serial, validity, key, extensions, Vietnamese
//! identities) and CMS structure, for people or as JSON. Nothing is verified here.

use der::{Decode, Encode};
use kyso::crypto::KeyType;
use kyso::{Certificate, CryptoProvider, Lang, RustCryptoProvider, SignatureScheme};
use serde::Serialize;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};

use crate::files;
use crate::msg::{Msg, label};
use crate::{CmdResult, InspectArgs};

/// A certificate summarised for `inspect` (stable JSON field names).
#[derive(Debug, Serialize)]
pub struct CertView {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub version: u8,
    pub not_before: String,
    pub not_after: String,
    pub self_issued: bool,
    pub public_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_type: Option<KeyType>,
    pub signature_algorithm: String,
    pub sha256_fingerprint: String,
    pub identity: kyso::Identity,
    pub extensions: Vec<ExtView>,
}

#[derive(Debug, Serialize)]
pub struct ExtView {
    pub oid: String,
    pub name: &'static str,
    pub critical: bool,
    /// Decoded value for the extensions kyso knows, else hex.
    pub value: String,
}

pub fn run(args: &InspectArgs, lang: Lang) -> CmdResult {
    let bytes = files::read(&args.file, files::MAX_INPUT)?;
    let shown = args.file.display().to_string();
    // Certificates first (PEM `CERTIFICATE` blocks or one DER certificate), then CMS.
    let certs = match Certificate::load_any(&bytes) {
        Ok(c) if c.is_empty() => Err(kyso::CertError::Empty.message()),
        Ok(c) => Ok(c),
        Err(e) => Err(e.message()),
    };
    let not_certificate = match certs {
        Err(e) => e,
        Ok(certs) => {
            let views: Vec<CertView> = certs.iter().map(cert_view).collect();
            if args.json {
                outln!(
                    "{}",
                    to_json(&serde_json::json!({ "certificates": views }))?
                );
            } else {
                for (i, v) in views.iter().enumerate() {
                    out!("{}", cert_text(v, lang, i, views.len()));
                }
            }
            return Ok(0);
        }
    };
    crate::verify::inspect_cms(&bytes, &shown, args.json, lang, not_certificate)
}

pub fn to_json<T: Serialize>(v: &T) -> Result<String, Msg> {
    serde_json::to_string_pretty(v).map_err(|e| Msg::Internal {
        reason: e.to_string().into(),
    })
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn hex_colon(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

pub fn cert_view(c: &Certificate) -> CertView {
    let provider = RustCryptoProvider;
    let spki = c.public_key_info();
    let key_type = provider.key_type(spki).ok();
    let public_key = match key_type {
        Some(KeyType::Rsa { bits }) => format!("RSA {bits} bit"),
        Some(KeyType::EcP256) => "ECDSA P-256".into(),
        Some(KeyType::EcP384) => "ECDSA P-384".into(),
        Some(KeyType::EcP521) => "ECDSA P-521".into(),
        Some(KeyType::Ed25519) => "Ed25519".into(),
        _ => oid_display(&spki.algorithm.oid),
    };
    let sig_alg = c.x509().signature_algorithm();
    let signature_algorithm = match SignatureScheme::from_algorithm_identifier(sig_alg, None) {
        Ok(s) => s.name().to_owned(),
        Err(_) => oid_display(&sig_alg.oid),
    };
    CertView {
        subject: c.subject().to_string(),
        issuer: c.issuer().to_string(),
        serial: c.serial_hex(),
        version: c.version(),
        not_before: kyso::time::vietnam_iso8601(&c.not_before()),
        not_after: kyso::time::vietnam_iso8601(&c.not_after()),
        self_issued: c.is_self_issued(),
        public_key,
        key_type,
        signature_algorithm,
        sha256_fingerprint: hex_colon(&provider.digest(kyso::DigestAlgorithm::Sha256, c.der())),
        identity: c.identity(),
        extensions: c.extensions().iter().map(ext_view).collect(),
    }
}

fn oid_display(oid: &der::asn1::ObjectIdentifier) -> String {
    match const_oid::db::DB.by_oid(oid) {
        Some(name) => format!("{name} ({oid})"),
        None => oid.to_string(),
    }
}

fn general_name(g: &GeneralName) -> String {
    match g {
        GeneralName::Rfc822Name(s) => format!("email:{}", s.as_str()),
        GeneralName::DnsName(s) => format!("DNS:{}", s.as_str()),
        GeneralName::UniformResourceIdentifier(s) => format!("URI:{}", s.as_str()),
        GeneralName::DirectoryName(n) => format!("DirName:{}", kyso::DistinguishedName(n)),
        GeneralName::IpAddress(ip) => format!("IP:{}", hex(ip.as_bytes())),
        GeneralName::RegisteredId(o) => format!("RID:{o}"),
        GeneralName::OtherName(o) => format!("othername:{}", o.type_id),
        GeneralName::EdiPartyName(_) => "EdiPartyName".into(),
    }
}

fn eku_name(o: &der::asn1::ObjectIdentifier) -> String {
    use kyso::oid::*;
    match *o {
        EKU_ANY => "anyExtendedKeyUsage".into(),
        EKU_CLIENT_AUTH => "clientAuth".into(),
        EKU_EMAIL_PROTECTION => "emailProtection".into(),
        EKU_TIME_STAMPING => "timeStamping".into(),
        EKU_OCSP_SIGNING => "OCSPSigning".into(),
        EKU_DOCUMENT_SIGNING => "documentSigning".into(),
        EKU_MS_DOCUMENT_SIGNING => "msDocumentSigning".into(),
        EKU_ADOBE_PDF_SIGNING => "adobePdfSigning".into(),
        _ => oid_display(o),
    }
}

fn ext_view(e: &x509_cert::ext::Extension) -> ExtView {
    use x509_cert::ext::pkix::*;
    let bytes = e.extn_value.as_bytes();
    let oid = e.extn_id;
    let (name, value): (&'static str, Option<String>) = match oid.to_string().as_str() {
        "2.5.29.19" => (
            "basicConstraints",
            BasicConstraints::from_der(bytes)
                .ok()
                .map(|b| match b.path_len_constraint {
                    Some(p) => format!("CA={}, pathLen={p}", b.ca),
                    None => format!("CA={}", b.ca),
                }),
        ),
        "2.5.29.15" => (
            "keyUsage",
            KeyUsage::from_der(bytes).ok().map(|k| {
                let names = [
                    (KeyUsages::DigitalSignature, "digitalSignature"),
                    (KeyUsages::NonRepudiation, "nonRepudiation"),
                    (KeyUsages::KeyEncipherment, "keyEncipherment"),
                    (KeyUsages::DataEncipherment, "dataEncipherment"),
                    (KeyUsages::KeyAgreement, "keyAgreement"),
                    (KeyUsages::KeyCertSign, "keyCertSign"),
                    (KeyUsages::CRLSign, "cRLSign"),
                    (KeyUsages::EncipherOnly, "encipherOnly"),
                    (KeyUsages::DecipherOnly, "decipherOnly"),
                ];
                names
                    .iter()
                    .filter(|(f, _)| k.0.contains(*f))
                    .map(|(_, n)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        "2.5.29.37" => (
            "extKeyUsage",
            ExtendedKeyUsage::from_der(bytes)
                .ok()
                .map(|k| k.0.iter().map(eku_name).collect::<Vec<_>>().join(", ")),
        ),
        "2.5.29.17" => (
            "subjectAltName",
            SubjectAltName::from_der(bytes)
                .ok()
                .map(|s| s.0.iter().map(general_name).collect::<Vec<_>>().join(", ")),
        ),
        "2.5.29.14" => (
            "subjectKeyIdentifier",
            SubjectKeyIdentifier::from_der(bytes)
                .ok()
                .map(|s| hex_colon(s.0.as_bytes())),
        ),
        "2.5.29.35" => (
            "authorityKeyIdentifier",
            AuthorityKeyIdentifier::from_der(bytes).ok().map(|a| {
                a.key_identifier
                    .map(|k| hex_colon(k.as_bytes()))
                    .unwrap_or_default()
            }),
        ),
        "2.5.29.32" => (
            "certificatePolicies",
            CertificatePolicies::from_der(bytes).ok().map(|p| {
                p.0.iter()
                    .map(|i| i.policy_identifier.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        "2.5.29.31" => (
            "cRLDistributionPoints",
            CrlDistributionPoints::from_der(bytes).ok().map(|d| {
                d.0.iter()
                    .filter_map(|dp| match &dp.distribution_point {
                        Some(DistributionPointName::FullName(names)) => Some(
                            names
                                .iter()
                                .map(general_name)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        "1.3.6.1.5.5.7.1.1" => (
            "authorityInfoAccess",
            AuthorityInfoAccessSyntax::from_der(bytes).ok().map(|a| {
                a.0.iter()
                    .map(|d| {
                        let method = match d.access_method.to_string().as_str() {
                            "1.3.6.1.5.5.7.48.1" => "OCSP".to_owned(),
                            "1.3.6.1.5.5.7.48.2" => "caIssuers".to_owned(),
                            other => other.to_owned(),
                        };
                        format!("{method} {}", general_name(&d.access_location))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        "1.3.6.1.5.5.7.48.1.5" => ("ocspNoCheck", Some(String::new())),
        _ => ("", None),
    };
    let name = if name.is_empty() {
        const_oid::db::DB.by_oid(&oid).unwrap_or("")
    } else {
        name
    };
    ExtView {
        oid: oid.to_string(),
        name,
        critical: e.critical,
        value: value.unwrap_or_else(|| {
            hex(e
                .extn_value
                .to_der()
                .unwrap_or_default()
                .get(2..)
                .unwrap_or_default())
        }),
    }
}

pub fn cert_text(v: &CertView, lang: Lang, index: usize, total: usize) -> String {
    use std::fmt::Write;
    let l = |vi, en| label(lang, vi, en);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}/{}",
        l("Chứng thư số", "Certificate"),
        index.saturating_add(1),
        total
    );
    let id = &v.identity;
    let _ = writeln!(s, "  {:<22} {}", l("Chủ thể:", "Subject:"), v.subject);
    if let Some(cn) = &id.common_name {
        let _ = writeln!(s, "  {:<22} {cn}", l("Tên:", "Name:"));
    }
    for vid in &id.vn_ids {
        let kind = match (vid.kind(), lang) {
            ("CCCD", Lang::Vi) => "CCCD (căn cước công dân)",
            ("CMND", Lang::Vi) => "CMND (chứng minh nhân dân)",
            ("HC", Lang::Vi) => "HC (hộ chiếu)",
            ("MST", Lang::Vi) => "MST (mã số thuế)",
            ("MNS", Lang::Vi) => "MNS (mã ngân sách)",
            ("CCCD", _) => "CCCD (citizen ID)",
            ("CMND", _) => "CMND (ID card)",
            ("HC", _) => "HC (passport)",
            ("MST", _) => "MST (tax code)",
            ("MNS", _) => "MNS (budget unit code)",
            (k, _) => k,
        };
        let _ = writeln!(
            s,
            "  {:<22} {kind}: {}",
            l("Định danh:", "Identity:"),
            vid.value()
        );
    }
    if let Some(t) = &id.title {
        let _ = writeln!(s, "  {:<22} {t}", l("Chức danh:", "Title:"));
    }
    if let Some(o) = &id.organization {
        let _ = writeln!(s, "  {:<22} {o}", l("Cơ quan/tổ chức:", "Organisation:"));
    }
    for e in &id.emails {
        let _ = writeln!(s, "  {:<22} {e}", l("Thư điện tử:", "E-mail:"));
    }
    let _ = writeln!(s, "  {:<22} {}", l("Tổ chức cấp:", "Issuer:"), v.issuer);
    let _ = writeln!(s, "  {:<22} {}", l("Số hiệu:", "Serial:"), v.serial);
    let _ = writeln!(
        s,
        "  {:<22} {} → {}",
        l("Hiệu lực:", "Validity:"),
        v.not_before,
        v.not_after
    );
    let _ = writeln!(
        s,
        "  {:<22} {}",
        l("Khóa công khai:", "Public key:"),
        v.public_key
    );
    let _ = writeln!(
        s,
        "  {:<22} {}",
        l("Thuật toán ký:", "Signature:"),
        v.signature_algorithm
    );
    let _ = writeln!(s, "  {:<22} {}", "SHA-256:", v.sha256_fingerprint);
    if v.self_issued {
        let _ = writeln!(
            s,
            "  {}",
            l("(tự cấp — chứng thư gốc)", "(self-issued — a root)")
        );
    }
    if !v.extensions.is_empty() {
        let _ = writeln!(s, "  {}", l("Phần mở rộng:", "Extensions:"));
        for e in &v.extensions {
            let name = if e.name.is_empty() {
                e.oid.as_str()
            } else {
                e.name
            };
            let crit = if e.critical {
                l(" (bắt buộc)", " (critical)")
            } else {
                ""
            };
            let _ = writeln!(s, "    {name}{crit}: {}", e.value);
        }
    }
    s
}
