//! Why a certification path was refused. Each error names the certificate (its index in the
//! path: leaf = 0, the trust anchor last) and carries a rank: when several candidate paths
//! fail, the most specific reason is reported (as rustls-webpki does in `src/error.rs`): a
//! failure found deep in an otherwise good path says more than "no issuer".

use crate::i18n::MessageId;
use crate::path::budget::BudgetKind;
use crate::report::{Finding, Indication, Severity, SubIndication};
use crate::time::DateTime;

/// A path-validation failure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathError {
    /// No candidate issuer for `cert` (the top of the partial chain) in the store or pool.
    NoIssuer {
        cert: usize,
    },
    /// The path would exceed the policy's `max_path_len`.
    MaxDepth {
        max: u8,
    },
    /// The work budget ran out: fatal, the search stopped.
    BudgetExhausted {
        kind: BudgetKind,
    },
    /// The issuer's key does not verify the signature of `cert`.
    SignatureInvalid {
        cert: usize,
    },
    /// `signatureAlgorithm` differs from `tbsCertificate.signature` (RFC 5280 §4.1.1.2).
    SignatureAlgorithmMismatch {
        cert: usize,
    },
    /// The signature algorithm is not one kyso implements.
    UnsupportedAlgorithm {
        cert: usize,
        oid: String,
    },
    /// The algorithm policy refuses the algorithm (e.g. SHA-1 under `strict()`).
    AlgorithmNotAllowed {
        cert: usize,
        alg: String,
    },
    /// The issuer's RSA key is below the policy minimum.
    KeyTooSmall {
        cert: usize,
        bits: u32,
        min: u32,
    },
    /// The certificate's own (subject) RSA key is below the policy minimum: checked for the
    /// target, whose key signs nothing inside the path (BoringSSL pki
    /// `target-has-512bit-rsa-key`).
    SubjectKeyTooSmall {
        cert: usize,
        bits: u32,
        min: u32,
    },
    /// Outside notBefore..=notAfter at the validation time (RFC 5280 §6.1.3 (a)(2)).
    Expired {
        cert: usize,
        not_after: DateTime,
    },
    NotYetValid {
        cert: usize,
        not_before: DateTime,
    },
    /// Issuer of a later certificate but not a CA (§6.1.4 (k)), or a v1/v2 intermediate the
    /// policy does not accept.
    NotCa {
        cert: usize,
    },
    /// pathLenConstraint exceeded (§6.1.4 (l)).
    PathLength {
        cert: usize,
    },
    /// keyUsage lacks a bit the role needs (§6.1.4 (n), §4.2.1.3).
    KeyUsage {
        cert: usize,
        usage: &'static str,
    },
    /// extendedKeyUsage does not allow the purpose (§4.2.1.12).
    ExtendedKeyUsage {
        cert: usize,
        purpose: &'static str,
    },
    /// A TSA certificate whose extendedKeyUsage lists other purposes besides timeStamping
    /// (RFC 3161 §2.3: "only one instance").
    TsaEkuNotSole {
        cert: usize,
    },
    /// A TSA certificate whose timeStamping extendedKeyUsage is not critical (RFC 3161 §2.3:
    /// "MUST be critical"), refused where the policy requires it.
    TsaEkuNotCritical {
        cert: usize,
    },
    /// A name is outside the permitted or inside the excluded subtrees (§6.1.3 (b), (c)).
    NameConstraints {
        cert: usize,
        name: String,
    },
    /// A name constraint of a form kyso cannot process applies to a name of that form.
    UnprocessableNameConstraint {
        cert: usize,
    },
    /// Policy processing failed (§6.1.3 (f), §6.1.4 (a), §6.1.5 (g)).
    Policy {
        cert: usize,
    },
    /// A critical extension kyso does not process (§6.1.4 (o), §6.1.5 (f)).
    UnknownCriticalExtension {
        cert: usize,
        oid: String,
    },
    /// An extension could not be decoded, or appears twice (§4.2).
    MalformedExtension {
        cert: usize,
        oid: String,
    },
    /// An extension RFC 5280 requires to be non-critical is marked critical: `extension` is
    /// its name, `rule` the section that says so (AKI §4.2.1.1, SKI §4.2.1.2, AIA §4.2.2.1).
    CriticalNotAllowed {
        cert: usize,
        extension: &'static str,
        rule: &'static str,
    },
    /// Revoked at or before the validation time.
    Revoked {
        cert: usize,
        time: Option<DateTime>,
        reason: Option<String>,
    },
    /// No usable revocation status where the policy requires it.
    RevocationUnknown {
        cert: usize,
    },
}

impl PathError {
    /// How specific the error is (higher wins when several paths fail).
    pub fn rank(&self) -> u32 {
        match self {
            Self::NoIssuer { .. } => 0,
            Self::MaxDepth { .. } => 10,
            Self::UnsupportedAlgorithm { .. } => 20,
            Self::SignatureInvalid { .. } | Self::SignatureAlgorithmMismatch { .. } => 30,
            Self::AlgorithmNotAllowed { .. }
            | Self::KeyTooSmall { .. }
            | Self::SubjectKeyTooSmall { .. } => 40,
            Self::MalformedExtension { .. }
            | Self::CriticalNotAllowed { .. }
            | Self::UnknownCriticalExtension { .. } => 50,
            Self::NotCa { .. }
            | Self::PathLength { .. }
            | Self::KeyUsage { .. }
            | Self::ExtendedKeyUsage { .. }
            | Self::TsaEkuNotSole { .. }
            | Self::TsaEkuNotCritical { .. }
            | Self::NameConstraints { .. }
            | Self::UnprocessableNameConstraint { .. }
            | Self::Policy { .. } => 60,
            Self::Expired { .. } | Self::NotYetValid { .. } => 70,
            Self::RevocationUnknown { .. } => 80,
            Self::Revoked { .. } => 90,
            Self::BudgetExhausted { .. } => 100,
        }
    }

    /// The certificate the error is about (index in the path, leaf = 0).
    pub fn cert(&self) -> Option<usize> {
        match self {
            Self::MaxDepth { .. } | Self::BudgetExhausted { .. } => None,
            Self::NoIssuer { cert }
            | Self::SignatureInvalid { cert }
            | Self::SignatureAlgorithmMismatch { cert }
            | Self::UnsupportedAlgorithm { cert, .. }
            | Self::AlgorithmNotAllowed { cert, .. }
            | Self::KeyTooSmall { cert, .. }
            | Self::SubjectKeyTooSmall { cert, .. }
            | Self::Expired { cert, .. }
            | Self::NotYetValid { cert, .. }
            | Self::NotCa { cert }
            | Self::PathLength { cert }
            | Self::KeyUsage { cert, .. }
            | Self::ExtendedKeyUsage { cert, .. }
            | Self::TsaEkuNotSole { cert }
            | Self::TsaEkuNotCritical { cert }
            | Self::NameConstraints { cert, .. }
            | Self::UnprocessableNameConstraint { cert }
            | Self::Policy { cert }
            | Self::UnknownCriticalExtension { cert, .. }
            | Self::MalformedExtension { cert, .. }
            | Self::CriticalNotAllowed { cert, .. }
            | Self::Revoked { cert, .. }
            | Self::RevocationUnknown { cert } => Some(*cert),
        }
    }

    /// ETSI EN 319 102-1 §5.2.6 (X.509 certificate validation) indication for this error.
    pub fn indication(&self) -> (Indication, SubIndication) {
        use Indication::*;
        use SubIndication::*;
        match self {
            Self::NoIssuer { .. } | Self::MaxDepth { .. } => {
                (Indeterminate, NoCertificateChainFound)
            }
            Self::BudgetExhausted { .. }
            | Self::SignatureInvalid { .. }
            | Self::SignatureAlgorithmMismatch { .. }
            | Self::UnsupportedAlgorithm { .. }
            | Self::MalformedExtension { .. }
            | Self::CriticalNotAllowed { .. } => (Indeterminate, CertificateChainGeneralFailure),
            Self::AlgorithmNotAllowed { .. }
            | Self::KeyTooSmall { .. }
            | Self::SubjectKeyTooSmall { .. } => (Indeterminate, CryptoConstraintsFailureNoPoe),
            Self::Expired { .. } => (Indeterminate, OutOfBoundsNoPoe),
            Self::NotYetValid { .. } => (Indeterminate, NotYetValid),
            Self::NotCa { .. }
            | Self::PathLength { .. }
            | Self::KeyUsage { .. }
            | Self::ExtendedKeyUsage { .. }
            | Self::TsaEkuNotSole { .. }
            | Self::TsaEkuNotCritical { .. }
            | Self::NameConstraints { .. }
            | Self::UnprocessableNameConstraint { .. }
            | Self::Policy { .. }
            | Self::UnknownCriticalExtension { .. } => (Indeterminate, ChainConstraintsFailure),
            // ETSI EN 319 102-1 §5.2.6.4: the signer's certificate revoked at the validation
            // time fails the signature; a revoked CA certificate leaves it indeterminate
            // until proof of existence before the revocation is found.
            Self::Revoked { cert: 0, .. } => (TotalFailed, Revoked),
            Self::Revoked { .. } => (Indeterminate, RevokedCaNoPoe),
            Self::RevocationUnknown { .. } => (Indeterminate, TryLater),
        }
    }

    /// The report finding for this error.
    pub fn finding(&self) -> Finding {
        let f = |id| Finding::new(id, Severity::Error);
        let with_cert = |fi: Finding| match self.cert() {
            Some(c) => fi.with("cert", c.to_string()),
            None => fi,
        };
        let t = crate::time::rfc3339;
        with_cert(match self {
            Self::NoIssuer { .. } => f(MessageId::ChainNoIssuer),
            Self::MaxDepth { max } => f(MessageId::ChainMaxDepth).with("max", max.to_string()),
            Self::BudgetExhausted { kind } => {
                f(MessageId::ChainBudgetExhausted).with("limit", kind.as_str())
            }
            Self::SignatureInvalid { .. } => f(MessageId::ChainSignatureInvalid),
            Self::SignatureAlgorithmMismatch { .. } => f(MessageId::ChainSignatureInvalid),
            Self::UnsupportedAlgorithm { oid, .. } => {
                f(MessageId::ChainUnsupportedAlgorithm).with("alg", oid.clone())
            }
            Self::AlgorithmNotAllowed { alg, .. } => {
                f(MessageId::ChainAlgorithmNotAllowed).with("alg", alg.clone())
            }
            Self::KeyTooSmall { bits, min, .. } => f(MessageId::ChainKeyTooSmall)
                .with("bits", bits.to_string())
                .with("min", min.to_string()),
            Self::SubjectKeyTooSmall { bits, min, .. } => f(MessageId::KeyTooSmall)
                .with("bits", bits.to_string())
                .with("min", min.to_string()),
            Self::Expired { not_after, .. } => {
                f(MessageId::ChainExpired).with("not_after", t(not_after))
            }
            Self::NotYetValid { not_before, .. } => {
                f(MessageId::ChainNotYetValid).with("not_before", t(not_before))
            }
            Self::NotCa { .. } => f(MessageId::ChainNotCa),
            Self::PathLength { .. } => f(MessageId::ChainPathLength),
            Self::KeyUsage { usage, .. } => f(MessageId::ChainKeyUsage).with("usage", *usage),
            Self::ExtendedKeyUsage { purpose, .. } => {
                f(MessageId::ChainExtendedKeyUsage).with("purpose", *purpose)
            }
            Self::TsaEkuNotSole { .. } => f(MessageId::ChainTsaEkuNotSole),
            Self::TsaEkuNotCritical { .. } => f(MessageId::ChainTsaEkuNotCriticalRefused),
            Self::NameConstraints { name, .. } => {
                f(MessageId::ChainNameConstraints).with("name", name.clone())
            }
            // RFC 5280 §4.2.1.10: a constrained name form that cannot be processed means the
            // certificate is rejected; said in a sentence of its own, not as a pseudo-name.
            Self::UnprocessableNameConstraint { .. } => {
                f(MessageId::ChainUnprocessableNameConstraint)
            }
            Self::Policy { .. } => f(MessageId::ChainPolicy),
            Self::UnknownCriticalExtension { oid, .. } => {
                f(MessageId::ChainUnknownCriticalExtension).with("oid", oid.clone())
            }
            Self::MalformedExtension { oid, .. } => {
                f(MessageId::ChainMalformedExtension).with("oid", oid.clone())
            }
            Self::CriticalNotAllowed {
                extension, rule, ..
            } => f(MessageId::ChainCriticalNotAllowed)
                .with("extension", *extension)
                .with("rule", *rule),
            Self::Revoked { time, reason, .. } => f(MessageId::ChainRevoked)
                .with(
                    "revocation_time",
                    time.as_ref().map(t).unwrap_or_else(|| "?".into()),
                )
                .with(
                    "reason",
                    reason.clone().unwrap_or_else(|| "unspecified".into()),
                ),
            Self::RevocationUnknown { .. } => f(MessageId::ChainRevocationUnknown),
        })
    }
}
