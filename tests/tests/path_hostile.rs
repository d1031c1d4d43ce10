//! Hostile path-building input: a pool of 1,024 certificates with the same subject that all
//! cross-sign each other (32 P-256 keys, one certificate for every (subject key, issuer key)
//! pair), and no anchor for that subject. Depth-first search over it is exponential; the
//! budget must stop it with the distinct budget result (never "no path", never a hang).
//! Certificates are generated here (deterministic keys, RFC 6979 ECDSA), not checked in.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use der::asn1::{BitString, GeneralizedTime, ObjectIdentifier, OctetString, Uint};
use der::{Encode, Sequence};
use kyso::{BudgetKind, BudgetLimits, PathError, PathValidator, TrustStore};
use kyso::{Certificate, DateTime, RustCryptoProvider};
use kyso::{Indication, SubIndication, TimeSource, TimeUsed};
use kyso::{KeyPurpose, ValidationPolicy};
use p256::ecdsa::{DerSignature, SigningKey, signature::Signer};
use p256::pkcs8::EncodePublicKey;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use std::str::FromStr;
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::time::Time;

/// TBSCertificate (RFC 5280 §4.1), v3.
#[derive(Sequence)]
struct Tbs {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    version: u8,
    serial: Uint,
    signature: AlgorithmIdentifierOwned,
    issuer: Name,
    validity: Validity,
    subject: Name,
    spki: SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Vec<Extension>>,
}

#[derive(Sequence)]
struct Validity {
    not_before: Time,
    not_after: Time,
}

#[derive(Sequence)]
struct Cert {
    tbs: Tbs,
    alg: AlgorithmIdentifierOwned,
    sig: BitString,
}

fn key(i: u32) -> SigningKey {
    let mut b = [0x11u8; 32];
    b[28..].copy_from_slice(&(i + 1).to_be_bytes());
    SigningKey::from_slice(&b).unwrap()
}

fn spki(k: &SigningKey) -> SubjectPublicKeyInfoOwned {
    let der = k.verifying_key().to_public_key_der().unwrap();
    SubjectPublicKeyInfoOwned::try_from(der.as_bytes()).unwrap()
}

fn ext(extn_id: ObjectIdentifier, critical: bool, value: Vec<u8>) -> Extension {
    Extension {
        extn_id,
        critical,
        extn_value: OctetString::new(value).unwrap(),
    }
}

fn cert(
    serial: u32,
    subject: &str,
    issuer: &str,
    subject_key: &SigningKey,
    issuer_key: &SigningKey,
    ca: bool,
) -> Certificate {
    let t = |y| {
        Time::GeneralTime(GeneralizedTime::from_date_time(
            DateTime::new(y, 1, 1, 0, 0, 0).unwrap(),
        ))
    };
    let alg = AlgorithmIdentifierOwned {
        oid: kyso::oid::ECDSA_SHA256,
        parameters: None,
    };
    // basicConstraints: SEQUENCE { BOOLEAN TRUE } for CAs, empty SEQUENCE otherwise.
    let bc = if ca {
        vec![0x30, 0x03, 0x01, 0x01, 0xFF]
    } else {
        vec![0x30, 0x00]
    };
    let tbs = Tbs {
        version: 2,
        serial: Uint::new(&serial.to_be_bytes()).unwrap(),
        signature: alg.clone(),
        issuer: Name::from_str(issuer).unwrap(),
        validity: Validity {
            not_before: t(2020),
            not_after: t(2040),
        },
        subject: Name::from_str(subject).unwrap(),
        spki: spki(subject_key),
        extensions: Some(vec![ext(kyso::oid::EXT_BASIC_CONSTRAINTS, true, bc)]),
    };
    let sig: DerSignature = issuer_key.sign(&tbs.to_der().unwrap());
    let c = Cert {
        tbs,
        alg,
        sig: BitString::from_bytes(sig.as_bytes()).unwrap(),
    };
    Certificate::from_der(&c.to_der().unwrap()).unwrap()
}

#[test]
fn cross_signed_pool_hits_the_budget() {
    const KEYS: u32 = 32;
    let keys: Vec<SigningKey> = (0..KEYS).map(key).collect();
    let mut pool = Vec::new();
    for i in 0..KEYS {
        for j in 0..KEYS {
            pool.push(cert(
                i * KEYS + j,
                "CN=Hostile CA",
                "CN=Hostile CA",
                &keys[i as usize],
                &keys[j as usize],
                true,
            ));
        }
    }
    assert_eq!(pool.len(), 1024);
    let leaf_key = key(1000);
    let leaf = cert(
        99_999,
        "CN=Victim",
        "CN=Hostile CA",
        &leaf_key,
        &keys[0],
        false,
    );
    // An anchor that is never reached (different name, different key).
    let root_key = key(2000);
    let mut store = TrustStore::new();
    store.add_anchor(cert(
        1,
        "CN=Real Root",
        "CN=Real Root",
        &root_key,
        &root_key,
        true,
    ));

    let time = TimeUsed::new(
        DateTime::new(2025, 1, 1, 0, 0, 0).unwrap(),
        TimeSource::Fixed,
    );
    let policy = ValidationPolicy::vn_gov().danger_without_revocation();
    let crypto = RustCryptoProvider;

    // Default budget: the signature limit (128, pyca's figure) ends the search.
    let v = PathValidator::new(store.clone());
    let started = std::time::Instant::now();
    let r = v.validate_detailed(&leaf, &pool, KeyPurpose::Any, &time, &policy, &crypto);
    let elapsed = started.elapsed();
    assert_eq!(
        r.error,
        Some(PathError::BudgetExhausted {
            kind: BudgetKind::Signatures
        })
    );
    assert_eq!(r.report.indication, Indication::Indeterminate);
    assert_eq!(
        r.report.sub_indication,
        Some(SubIndication::CertificateChainGeneralFailure)
    );
    assert!(
        r.report
            .findings
            .iter()
            .any(|f| f.code.code() == "chain.budget-exhausted")
    );
    println!(
        "hostile pool (1024 certs), default budget: {:?} after {elapsed:?}",
        r.error
    );

    // With signatures unlimited in practice, the candidate-visit limit ends it instead.
    let limits = BudgetLimits::default().with_signatures(1_000_000);
    let v = PathValidator::new(store).with_budget(limits);
    let started = std::time::Instant::now();
    let r = v.validate_detailed(&leaf, &pool, KeyPurpose::Any, &time, &policy, &crypto);
    let elapsed = started.elapsed();
    assert_eq!(
        r.error,
        Some(PathError::BudgetExhausted {
            kind: BudgetKind::Candidates
        })
    );
    println!(
        "hostile pool (1024 certs), candidate budget {}: {:?} after {elapsed:?}",
        limits.candidates, r.error
    );
}

#[test]
fn good_path_through_cross_signed_intermediates() {
    // Root → A; A cross-signed by a distractor B (no anchor): the builder backtracks from
    // B's dead end to the A ← Root link.
    let (root, a, b, leaf) = (key(1), key(2), key(3), key(4));
    let mut store = TrustStore::new();
    store.add_anchor(cert(1, "CN=Root", "CN=Root", &root, &root, true));
    let pool = vec![
        cert(2, "CN=A", "CN=B", &a, &b, true), // A certified by B (tried first: pool order)
        cert(3, "CN=B", "CN=Nowhere", &b, &b, true),
        cert(4, "CN=A", "CN=Root", &a, &root, true),
    ];
    let ee = cert(5, "CN=Leaf", "CN=A", &leaf, &a, false);
    let time = TimeUsed::new(
        DateTime::new(2025, 1, 1, 0, 0, 0).unwrap(),
        TimeSource::Fixed,
    );
    let policy = ValidationPolicy::vn_gov().danger_without_revocation();
    let r = PathValidator::new(store).validate_detailed(
        &ee,
        &pool,
        KeyPurpose::Any,
        &time,
        &policy,
        &RustCryptoProvider,
    );
    assert_eq!(
        r.report.indication,
        Indication::TotalPassed,
        "{:?}",
        r.error
    );
    assert_eq!(r.path.len(), 3);
    assert_eq!(r.report.certificates[2].subject, "CN=Root");
}

/// A CA certificate valid until `not_after` (a year) whose signature is `signature` when
/// given (a copy of another certificate's, to forge) or `issuer_key`'s over its own TBS.
fn ca_until(
    not_after: u16,
    subject_key: &SigningKey,
    issuer_key: &SigningKey,
    signature: Option<&[u8]>,
) -> (Certificate, Vec<u8>) {
    let t = |y| {
        Time::GeneralTime(GeneralizedTime::from_date_time(
            DateTime::new(y, 1, 1, 0, 0, 0).unwrap(),
        ))
    };
    let alg = AlgorithmIdentifierOwned {
        oid: kyso::oid::ECDSA_SHA256,
        parameters: None,
    };
    let tbs = Tbs {
        version: 2,
        serial: Uint::new(&7u32.to_be_bytes()).unwrap(),
        signature: alg.clone(),
        issuer: Name::from_str("CN=Real Root").unwrap(),
        validity: Validity {
            not_before: t(2020),
            not_after: t(not_after),
        },
        subject: Name::from_str("CN=Expired CA").unwrap(),
        spki: spki(subject_key),
        extensions: Some(vec![ext(
            kyso::oid::EXT_BASIC_CONSTRAINTS,
            true,
            vec![0x30, 0x03, 0x01, 0x01, 0xFF],
        )]),
    };
    let sig = match signature {
        Some(s) => s.to_vec(),
        None => {
            let s: DerSignature = issuer_key.sign(&tbs.to_der().unwrap());
            s.as_bytes().to_vec()
        }
    };
    let c = Cert {
        tbs,
        alg,
        sig: BitString::from_bytes(&sig).unwrap(),
    };
    (Certificate::from_der(&c.to_der().unwrap()).unwrap(), sig)
}

/// The path builder caches verified certificate signatures; a cache keyed on less than the
/// exact signed bytes would let a forgery — an expired intermediate's TBS with a later
/// notAfter and the genuine certificate's signature copied — inherit the genuine link's
/// verdict once the builder backtracks from the expired one (RFC 5280 §6.1.3 (a)(1): every
/// link's signature is over that certificate's own TBSCertificate).
#[test]
fn a_copied_signature_never_reuses_a_cached_verdict() {
    let root_key = key(3000);
    let ca_key = key(3001);
    let leaf_key = key(3002);
    let mut store = TrustStore::new();
    store.add_anchor(cert(
        1,
        "CN=Real Root",
        "CN=Real Root",
        &root_key,
        &root_key,
        true,
    ));
    // Expired in 2024; validated at 2025-01-01.
    let (expired, signature) = ca_until(2024, &ca_key, &root_key, None);
    let (forged, _) = ca_until(2040, &ca_key, &root_key, Some(&signature));
    let leaf = cert(9, "CN=Victim", "CN=Expired CA", &leaf_key, &ca_key, false);
    let time = TimeUsed::new(
        DateTime::new(2025, 1, 1, 0, 0, 0).unwrap(),
        TimeSource::Fixed,
    );
    let policy = ValidationPolicy::vn_gov().danger_without_revocation();
    let v = PathValidator::new(store);
    // Both orders: the genuine certificate verified first, and the forgery first.
    for pool in [
        vec![expired.clone(), forged.clone()],
        vec![forged.clone(), expired.clone()],
    ] {
        let r = v.validate_detailed(
            &leaf,
            &pool,
            KeyPurpose::Any,
            &time,
            &policy,
            &RustCryptoProvider,
        );
        assert_ne!(
            r.report.indication,
            Indication::TotalPassed,
            "{:?}",
            r.error
        );
        // The forged path is refused on its signature, the genuine one on its expiry.
        assert!(
            matches!(
                r.error,
                Some(PathError::SignatureInvalid { .. } | PathError::Expired { .. })
            ),
            "{:?}",
            r.error
        );
    }
}
