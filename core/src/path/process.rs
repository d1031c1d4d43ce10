//! RFC 5280 §6.1 basic path processing of one complete candidate path, leaf first and trust
//! anchor last. Signatures are verified while the path is built ([`super::build`]); everything
//! else of §6.1.2–§6.1.5 is here, in the RFC's order, each step citing its letter.
//!
//! Indices: the RFC numbers certificates 1..n from the one the anchor issued to the target;
//! kyso's paths are leaf first, so RFC certificate i is `path[n - i]` and the anchor `path[n]`.

use der::Decode;
use der::asn1::ObjectIdentifier as Oid;
use x509_cert::ext::pkix::{
    BasicConstraints, CertificatePolicies, ExtendedKeyUsage, InhibitAnyPolicy, KeyUsage,
    NameConstraints, PolicyConstraints, PolicyMappings, SubjectAltName,
};

use super::budget::Budget;
use super::error::PathError;
use super::name_constraints::{NameConstraintsState, NcViolation};
use super::policies::{ANY_POLICY, PolicyGraph};
use super::profile::{self, Role};
use crate::cert::{Certificate, working_public_key};
use crate::crypto::CryptoProvider;
use crate::i18n::MessageId;
use crate::policy::{AlgorithmVerdict, KeyPurpose, ValidationPolicy};
use crate::report::{Finding, Severity};
use crate::time::DateTime;

/// What a successful processing returns besides "valid".
#[derive(Clone, Debug, Default)]
pub(crate) struct Processed {
    /// Warnings (weak algorithms accepted under the legacy gate), with the certificate index.
    pub(crate) warnings: Vec<Finding>,
    /// §6.1.6 user-constrained policy set (`anyPolicy` alone when unconstrained).
    pub(crate) policies: Vec<Oid>,
}

/// The decoded extensions of one certificate that path processing uses.
#[derive(Default)]
pub(crate) struct Exts {
    pub(crate) bc: Option<BasicConstraints>,
    pub(crate) ku: Option<KeyUsage>,
    pub(crate) eku: Option<(bool, ExtendedKeyUsage)>,
    pub(crate) san: Option<SubjectAltName>,
    pub(crate) nc: Option<NameConstraints>,
    pub(crate) cp: Option<CertificatePolicies>,
    pub(crate) pm: Option<PolicyMappings>,
    pub(crate) pc: Option<PolicyConstraints>,
    pub(crate) iap: Option<InhibitAnyPolicy>,
    /// Every extension the certificate carries, for the profile's presence rules.
    pub(crate) present: Vec<Oid>,
}

impl Exts {
    fn has(&self, oid: &Oid) -> bool {
        self.present.contains(oid)
    }
}

fn dec<'a, T: Decode<'a>>(bytes: &'a [u8], cert: usize, oid: &Oid) -> Result<T, PathError> {
    T::from_der(bytes).map_err(|_| PathError::MalformedExtension {
        cert,
        oid: oid.to_string(),
    })
}

/// Decode the extensions, refusing duplicates (§4.2), criticality the profile forbids and
/// unknown critical ones (§6.1.4 (o), §6.1.5 (f); `profile::PROFILE`).
pub(crate) fn extensions(cert: &Certificate, idx: usize) -> Result<Exts, PathError> {
    use crate::oid::{
        EXT_AUTHORITY_INFO_ACCESS as AIA, EXT_BASIC_CONSTRAINTS as BC,
        EXT_CERTIFICATE_POLICIES as CP, EXT_EXTENDED_KEY_USAGE as EKU,
        EXT_INHIBIT_ANY_POLICY as IAP, EXT_KEY_USAGE as KU, EXT_NAME_CONSTRAINTS as NC,
        EXT_POLICY_CONSTRAINTS as PC, EXT_POLICY_MAPPINGS as PM, EXT_SUBJECT_ALT_NAME as SAN,
        QT_CPS, QT_UNOTICE,
    };
    let mut x = Exts::default();
    for e in cert.extensions() {
        let oid = &e.extn_id;
        if x.has(oid) {
            return Err(PathError::MalformedExtension {
                cert: idx,
                oid: oid.to_string(),
            });
        }
        x.present.push(*oid);
        // Criticality the profile fixes (a certificate breaking a MUST is malformed), and
        // unknown critical extensions.
        profile::check_criticality(oid, e.critical, idx)?;
        let v = e.extn_value.as_bytes();
        match *oid {
            BC => x.bc = Some(dec(v, idx, oid)?),
            KU => x.ku = Some(dec(v, idx, oid)?),
            EKU => x.eku = Some((e.critical, dec(v, idx, oid)?)),
            SAN => x.san = Some(dec(v, idx, oid)?),
            NC => x.nc = Some(dec(v, idx, oid)?),
            CP => {
                let cp: CertificatePolicies = dec(v, idx, oid)?;
                // §4.2.1.4: "If this extension is critical, the path validation software MUST
                // be able to interpret this extension (including the optional qualifier), or
                // MUST reject the certificate." kyso knows the two qualifiers RFC 5280 defines
                // (CPS pointer, user notice), which do not affect validation; any other in a
                // critical extension is refused (BoringSSL pki
                // `unknown-critical-policy-qualifier`).
                let unknown_qualifier =
                    cp.0.iter()
                        .flat_map(|pi| pi.policy_qualifiers.iter().flatten())
                        .any(|q| {
                            q.policy_qualifier_id != QT_CPS && q.policy_qualifier_id != QT_UNOTICE
                        });
                if e.critical && unknown_qualifier {
                    return Err(PathError::UnknownCriticalExtension {
                        cert: idx,
                        oid: oid.to_string(),
                    });
                }
                x.cp = Some(cp);
            }
            PM => x.pm = Some(dec(v, idx, oid)?),
            PC => x.pc = Some(dec(v, idx, oid)?),
            IAP => x.iap = Some(dec(v, idx, oid)?),
            AIA => {
                dec::<x509_cert::ext::pkix::AuthorityInfoAccessSyntax>(v, idx, oid)?;
            }
            // The other extensions of the profile are read elsewhere (revocation, building)
            // or informational; unknown ones are non-critical here.
            _ => {}
        }
    }
    // ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) (§4.2.1.12).
    if x.eku.as_ref().is_some_and(|(_, e)| e.0.is_empty()) {
        return Err(PathError::MalformedExtension {
            cert: idx,
            oid: EKU.to_string(),
        });
    }
    // §4.2.1.10: "Conforming CAs MUST NOT issue certificates where name constraints is an
    // empty sequence"; iPAddress bases are address + mask (8 or 32 octets).
    if let Some(nc) = &x.nc {
        let p = nc.permitted_subtrees.as_ref().map_or(0, Vec::len);
        let e = nc.excluded_subtrees.as_ref().map_or(0, Vec::len);
        let bad_ip = nc
            .permitted_subtrees
            .iter()
            .chain(nc.excluded_subtrees.iter())
            .flatten()
            .any(|st| matches!(&st.base, x509_cert::ext::pkix::name::GeneralName::IpAddress(o) if ![8, 32].contains(&o.as_bytes().len())));
        if p.saturating_add(e) == 0 || bad_ip {
            return Err(PathError::MalformedExtension {
                cert: idx,
                oid: NC.to_string(),
            });
        }
    }
    // §4.2.1.6: with an empty subject, subjectAltName MUST be present and critical (every
    // role: the profile's `RequiredIfSubjectEmpty`).
    if cert.subject_name().is_empty() {
        for r in profile::required_if_subject_empty(Role::EndEntity) {
            let critical = cert
                .extensions()
                .iter()
                .any(|e| e.extn_id == r.oid && e.critical);
            if !critical {
                return Err(PathError::MalformedExtension {
                    cert: idx,
                    oid: r.oid.to_string(),
                });
            }
        }
    }
    Ok(x)
}

/// Self-issued (RFC 5280 §6.1: subject and issuer match under §7.1 comparison).
pub(crate) fn is_self_issued(cert: &Certificate) -> bool {
    cert.is_self_issued()
}

/// Inputs of one processing run.
pub(crate) struct Inputs<'a> {
    pub(crate) policy: &'a ValidationPolicy,
    pub(crate) crypto: &'a dyn CryptoProvider,
    pub(crate) time: &'a DateTime,
    pub(crate) purpose: KeyPurpose,
    pub(crate) budget: &'a Budget,
    /// Enforce the anchor certificate's constraints (RFC 5937).
    pub(crate) constrained_anchor: bool,
}

/// RFC 5280 §6.1 over `path` (leaf first, anchor last). Signatures were checked by the builder.
pub(crate) fn process(path: &[&Certificate], inp: &Inputs<'_>) -> Result<Processed, PathError> {
    let n = path.len().saturating_sub(1);
    let Some(anchor) = path.last() else {
        return Err(PathError::NoIssuer { cert: 0 });
    };
    let cp = &inp.policy.chain;
    let mut out = Processed::default();

    // §6.1.2 initialisation. Counters hold "n + 1" as the RFC says; u64 avoids overflow.
    let n1 = u64::try_from(n).unwrap_or(u64::MAX).saturating_add(1);
    let mut explicit_policy = if cp.initial_explicit_policy { 0 } else { n1 };
    let mut inhibit_any = if cp.initial_any_policy_inhibit { 0 } else { n1 };
    let mut policy_mapping = if cp.initial_policy_mapping_inhibit {
        0
    } else {
        n1
    };
    let mut max_path_length = n1.saturating_sub(1);
    let mut graph = PolicyGraph::new();
    let mut ncs = NameConstraintsState::default();
    let mut user_set: Vec<Oid> = cp.initial_policy_set.clone();

    if inp.constrained_anchor {
        // RFC 5937 §3: the anchor's own constraints initialise the state variables.
        let ax = extensions(anchor, n)?;
        if let Some(r) = profile::forbidden(Role::TrustAnchor, |o| ax.has(o)) {
            return Err(PathError::MalformedExtension {
                cert: n,
                oid: r.oid.to_string(),
            });
        }
        if let Some(nc) = &ax.nc {
            ncs.add(nc);
        }
        if let Some(p) = &ax.cp {
            let anchor_set: Vec<Oid> = p.0.iter().map(|pi| pi.policy_identifier).collect();
            if !anchor_set.contains(&ANY_POLICY) {
                user_set = if user_set.is_empty() || user_set.contains(&ANY_POLICY) {
                    anchor_set
                } else {
                    user_set
                        .into_iter()
                        .filter(|o| anchor_set.contains(o))
                        .collect()
                };
                if user_set.is_empty() {
                    // Empty intersection: no policy can satisfy both; require one so the
                    // path fails policy processing rather than passing unconstrained.
                    explicit_policy = 0;
                    user_set.push(Oid::new_unwrap("0.0"));
                }
            }
        }
        if let Some(pc) = &ax.pc {
            if let Some(r) = pc.require_explicit_policy {
                explicit_policy = explicit_policy.min(u64::from(r));
            }
            if let Some(r) = pc.inhibit_policy_mapping {
                policy_mapping = policy_mapping.min(u64::from(r));
            }
        }
        if let Some(i) = &ax.iap {
            inhibit_any = inhibit_any.min(u64::from(i.0));
        }
        if let Some(l) = ax.bc.as_ref().and_then(|bc| bc.path_len_constraint) {
            max_path_length = max_path_length.min(u64::from(l));
        }
    }

    for i in 1..=n {
        let k = n.saturating_sub(i); // index in `path`
        let (Some(cert), Some(issuer)) = (path.get(k), path.get(k.saturating_add(1))) else {
            return Err(PathError::NoIssuer { cert: k });
        };
        let x = extensions(cert, k)?;
        let self_issued = is_self_issued(cert);

        // §6.1.3 (a)(1): the signature was verified while building; the algorithm policy
        // (SHA-1 legacy gate, RSA key size) is applied here.
        let issuer_key = working_public_key(path, k.saturating_add(1))
            .unwrap_or_else(|| issuer.public_key_info().clone());
        check_algorithm(cert, &issuer_key, k, inp, &mut out)?;
        // (a)(2) validity at the validation time (both bounds inclusive, §4.1.2.5).
        if *inp.time < cert.not_before() {
            return Err(PathError::NotYetValid {
                cert: k,
                not_before: cert.not_before(),
            });
        }
        if *inp.time > cert.not_after() {
            return Err(PathError::Expired {
                cert: k,
                not_after: cert.not_after(),
            });
        }
        // (a)(3) revocation: after the whole path is accepted (super::build).
        // (a)(4) name chaining: guaranteed by the builder's candidate selection.

        // (b), (c) name constraints, except for self-issued intermediates.
        if !(self_issued && i < n) {
            let san = x.san.as_ref().map(|s| s.0.as_slice());
            ncs.check(cert, san, inp.budget).map_err(|v| match v {
                NcViolation::Outside(name) => PathError::NameConstraints { cert: k, name },
                NcViolation::Unprocessable => PathError::UnprocessableNameConstraint { cert: k },
                NcViolation::Budget(kind) => PathError::BudgetExhausted { kind },
            })?;
        }

        // (d), (e) certificate policies.
        match &x.cp {
            Some(p) if !graph.is_null() => {
                let oids: Vec<Oid> = p.0.iter().map(|pi| pi.policy_identifier).collect();
                let any_ok = inhibit_any > 0 || (i < n && self_issued);
                graph.process_certificate(&oids, any_ok);
            }
            Some(_) => {}
            None => graph.set_null(),
        }
        // (f)
        if explicit_policy == 0 && graph.is_null() {
            return Err(PathError::Policy { cert: k });
        }

        if i < n {
            // §6.1.4 preparation for certificate i + 1.
            if let Some(pm) = &x.pm {
                let maps: Vec<(Oid, Oid)> =
                    pm.0.iter()
                        .map(|m| (m.issuer_domain_policy, m.subject_domain_policy))
                        .collect();
                // (a) anyPolicy may not be mapped, either way.
                if maps
                    .iter()
                    .any(|(a, b)| *a == ANY_POLICY || *b == ANY_POLICY)
                {
                    return Err(PathError::Policy { cert: k });
                }
                // (b)
                if !graph.is_null() {
                    graph.apply_mappings(&maps, policy_mapping > 0);
                }
            }
            // (c)–(f): working issuer name and key are `path[k]` itself (see build).
            // (g) name constraints.
            if let Some(nc) = &x.nc {
                ncs.add(nc);
            }
            // (h)
            if !self_issued {
                explicit_policy = explicit_policy.saturating_sub(1);
                policy_mapping = policy_mapping.saturating_sub(1);
                inhibit_any = inhibit_any.saturating_sub(1);
            }
            // (i)
            if let Some(pc) = &x.pc {
                if let Some(r) = pc.require_explicit_policy {
                    explicit_policy = explicit_policy.min(u64::from(r));
                }
                if let Some(r) = pc.inhibit_policy_mapping {
                    policy_mapping = policy_mapping.min(u64::from(r));
                }
            }
            // (j)
            if let Some(iap) = &x.iap {
                inhibit_any = inhibit_any.min(u64::from(iap.0));
            }
            // §4.1.2.6: a CA's subject MUST be a non-empty distinguished name.
            if cert.subject_name().is_empty() {
                return Err(PathError::NotCa { cert: k });
            }
            // (k) a CA: basicConstraints (the profile's required extensions) with cA for v3;
            // v1/v2 only if the policy allows.
            if cert.version() == 3 {
                let missing = profile::missing(Role::Ca, |o| x.has(o)).is_some();
                if missing || !x.bc.as_ref().is_some_and(|b| b.ca) {
                    return Err(PathError::NotCa { cert: k });
                }
            } else if !cp.allow_v1_intermediates {
                return Err(PathError::NotCa { cert: k });
            }
            // (l)
            if !self_issued {
                if max_path_length == 0 {
                    return Err(PathError::PathLength { cert: k });
                }
                max_path_length = max_path_length.saturating_sub(1);
            }
            // (m)
            if let Some(l) = x.bc.as_ref().and_then(|b| b.path_len_constraint) {
                max_path_length = max_path_length.min(u64::from(l));
            }
            // (n)
            if x.ku.as_ref().is_some_and(|ku| !ku.key_cert_sign()) {
                return Err(PathError::KeyUsage {
                    cert: k,
                    usage: "keyCertSign",
                });
            }
            // (o) unknown critical extensions: refused in `extensions`.
        } else {
            // §6.1.5 wrap-up. (a)
            explicit_policy = explicit_policy.saturating_sub(1);
            // (b)
            if x.pc.as_ref().and_then(|pc| pc.require_explicit_policy) == Some(0) {
                explicit_policy = 0;
            }
            // (f) unknown critical extensions: refused in `extensions`.
            // (g) intersection with the user-initial-policy-set.
            out.policies = graph.user_constrained_policy_set(&user_set);
            if explicit_policy == 0 && out.policies.is_empty() {
                return Err(PathError::Policy { cert: k });
            }
            let leaf_is_ca = x.bc.as_ref().is_some_and(|b| b.ca);
            // The profile's extensions not allowed in the target's role (§4.2.1.10: name
            // constraints only in a CA certificate).
            let role = if leaf_is_ca {
                Role::Ca
            } else {
                Role::EndEntity
            };
            if let Some(r) = profile::forbidden(role, |o| x.has(o)) {
                return Err(PathError::MalformedExtension {
                    cert: k,
                    oid: r.oid.to_string(),
                });
            }
            // §4.2.1.3: keyCertSign set ⇒ cA MUST be set.
            if !leaf_is_ca && x.ku.as_ref().is_some_and(|ku| ku.key_cert_sign()) {
                return Err(PathError::KeyUsage {
                    cert: k,
                    usage: "keyCertSign without cA",
                });
            }
            out.warnings
                .extend(check_purpose(&x, k, inp.purpose, inp.policy)?);
            check_subject_key(cert, k, inp)?;
        }
    }
    Ok(out)
}

/// The checks that still apply when the target certificate itself is a trust anchor the
/// user gave (RFC 5280 §6.1: the anchor is an input, not part of the path, so the path is
/// empty and no signature is checked). An anchor is a name and a key, but the certificate
/// that carries them still says for what and until when the key may be used: its validity
/// at the validation time (§6.1.3 (a)(2)), its keyUsage / extendedKeyUsage for the purpose
/// (§4.2.1.3, §4.2.1.12), unknown critical extensions (§6.1.5 (f)) and the policy's key size
/// are checked, as OpenSSL's `-partial_chain` keeps checking a trusted leaf's time and
/// purpose. Revocation is not checked: no issuer is known, and the user vouched for the
/// certificate directly (the report says so).
pub(crate) fn process_trusted_target(
    cert: &Certificate,
    inp: &Inputs<'_>,
) -> Result<Processed, PathError> {
    let x = extensions(cert, 0)?;
    if *inp.time < cert.not_before() {
        return Err(PathError::NotYetValid {
            cert: 0,
            not_before: cert.not_before(),
        });
    }
    if *inp.time > cert.not_after() {
        return Err(PathError::Expired {
            cert: 0,
            not_after: cert.not_after(),
        });
    }
    let warnings: Vec<Finding> = check_purpose(&x, 0, inp.purpose, inp.policy)?
        .into_iter()
        .collect();
    check_subject_key(cert, 0, inp)?;
    // §6.1.6 with an empty path: the certificate's own policies, limited to the
    // user-initial-policy-set; required only under initial-explicit-policy.
    let user_set = &inp.policy.chain.initial_policy_set;
    let unconstrained = user_set.is_empty() || user_set.contains(&ANY_POLICY);
    let policies: Vec<Oid> =
        x.cp.iter()
            .flat_map(|p| p.0.iter().map(|pi| pi.policy_identifier))
            .filter(|o| unconstrained || *o == ANY_POLICY || user_set.contains(o))
            .collect();
    if inp.policy.chain.initial_explicit_policy && policies.is_empty() {
        return Err(PathError::Policy { cert: 0 });
    }
    Ok(Processed { warnings, policies })
}

/// §6.1.3 (a)(1) algorithm policy: the scheme of `cert`'s signature with the issuer's key
/// (DSA domain parameters inherited, `cert::working_public_key`).
fn check_algorithm(
    cert: &Certificate,
    issuer_key: &spki::SubjectPublicKeyInfoOwned,
    k: usize,
    inp: &Inputs<'_>,
    out: &mut Processed,
) -> Result<(), PathError> {
    let alg = &cert.x509().signature_algorithm();
    let scheme = super::sigalg::scheme(alg).map_err(|_| PathError::UnsupportedAlgorithm {
        cert: k,
        oid: alg.oid.to_string(),
    })?;
    let key = inp
        .crypto
        .key_type(issuer_key)
        .map_err(|_| PathError::UnsupportedAlgorithm {
            cert: k,
            oid: alg.oid.to_string(),
        })?;
    let name = scheme_name(scheme);
    match inp.policy.algorithms.check(scheme, key) {
        AlgorithmVerdict::Accepted => Ok(()),
        AlgorithmVerdict::AcceptedWeak => {
            out.warnings.push(
                Finding::new(MessageId::ChainWeakAlgorithm, Severity::Warning)
                    .with("cert", k.to_string())
                    .with("alg", name),
            );
            Ok(())
        }
        AlgorithmVerdict::KeyTooSmall { bits, min } => {
            Err(PathError::KeyTooSmall { cert: k, bits, min })
        }
        _ => Err(PathError::AlgorithmNotAllowed { cert: k, alg: name }),
    }
}

/// The target's own RSA key against `min_rsa_bits`. §6.1.3 (a)(1) checks every other key in
/// the path through the signature it makes on the next certificate; the target's key signs
/// nothing inside the path, so without this a 512-bit end-entity key would validate (BoringSSL
/// pki `target-has-512bit-rsa-key`). Key types the provider does not know are left to the
/// signature check that uses them.
fn check_subject_key(cert: &Certificate, k: usize, inp: &Inputs<'_>) -> Result<(), PathError> {
    let min = inp.policy.algorithms.min_rsa_bits;
    match inp.crypto.key_type(cert.public_key_info()) {
        Ok(crate::crypto::KeyType::Rsa { bits }) if bits < min => {
            Err(PathError::SubjectKeyTooSmall { cert: k, bits, min })
        }
        _ => Ok(()),
    }
}

pub(crate) fn scheme_name(s: crate::crypto::SignatureScheme) -> String {
    s.name().to_owned()
}

/// The end-entity's keyUsage and extendedKeyUsage against the purpose (§4.2.1.3, §4.2.1.12);
/// a warning when the certificate deviates in a way the policy accepts (a TSA certificate's
/// sole timeStamping EKU not marked critical: shared/brief/pdf-ltv-login.md T9).
pub(crate) fn check_purpose(
    x: &Exts,
    k: usize,
    purpose: KeyPurpose,
    policy: &crate::policy::ValidationPolicy,
) -> Result<Option<Finding>, PathError> {
    use crate::oid::*;
    let (ku_ok, ku_name): (fn(&KeyUsage) -> bool, &'static str) = match purpose {
        KeyPurpose::DocumentSigning
        | KeyPurpose::EmailProtection
        | KeyPurpose::TimeStamping
        | KeyPurpose::OcspSigning => (
            |u| u.digital_signature() || u.non_repudiation(),
            "digitalSignature/nonRepudiation",
        ),
        KeyPurpose::ClientAuth => (
            |u| u.digital_signature() || u.key_agreement(),
            "digitalSignature",
        ),
        // RFC 5280 §4.2.1.12: "id-kp-serverAuth -- Key usage bits that may be consistent:
        // digitalSignature, keyEncipherment or keyAgreement".
        KeyPurpose::ServerAuth => (
            |u| u.digital_signature() || u.key_encipherment() || u.key_agreement(),
            "digitalSignature/keyEncipherment/keyAgreement",
        ),
        KeyPurpose::CrlSigning => (|u| u.crl_sign(), "cRLSign"),
        _ => (|_| true, ""),
    };
    if x.ku.as_ref().is_some_and(|ku| !ku_ok(ku)) {
        return Err(PathError::KeyUsage {
            cert: k,
            usage: ku_name,
        });
    }
    // Which EKU values satisfy each purpose. Document signing accepts e-mail protection too:
    // VGCA and public-CA subscriber certificates used for documents carry clientAuth +
    // emailProtection and no document-signing EKU (vietnam.md §3, ../testdata/vn-real).
    let (allowed, name): (&[Oid], &'static str) = match purpose {
        KeyPurpose::DocumentSigning => (
            &[
                EKU_DOCUMENT_SIGNING,
                EKU_EMAIL_PROTECTION,
                EKU_MS_DOCUMENT_SIGNING,
                EKU_ADOBE_PDF_SIGNING,
            ],
            "documentSigning",
        ),
        KeyPurpose::EmailProtection => (&[EKU_EMAIL_PROTECTION], "emailProtection"),
        KeyPurpose::ServerAuth => (&[EKU_SERVER_AUTH], "serverAuth"),
        KeyPurpose::ClientAuth => (&[EKU_CLIENT_AUTH], "clientAuth"),
        KeyPurpose::TimeStamping => (&[EKU_TIME_STAMPING], "timeStamping"),
        KeyPurpose::OcspSigning => (&[EKU_OCSP_SIGNING], "OCSPSigning"),
        _ => return Ok(None),
    };
    match (&x.eku, purpose) {
        // RFC 3161 §2.3: a TSA certificate MUST have exactly one, critical, EKU timeStamping.
        // Graded (T9): without timeStamping it is not a TSA certificate; with other purposes
        // too it is refused; a sole timeStamping not marked critical is a warning unless the
        // policy requires criticality (`strict`).
        (Some((critical, eku)), KeyPurpose::TimeStamping) => {
            if !eku.0.contains(&EKU_TIME_STAMPING) {
                return Err(PathError::ExtendedKeyUsage {
                    cert: k,
                    purpose: name,
                });
            }
            if eku.0.len() != 1 {
                return Err(PathError::TsaEkuNotSole { cert: k });
            }
            if !*critical {
                if policy.require_critical_tsa_eku {
                    return Err(PathError::TsaEkuNotCritical { cert: k });
                }
                return Ok(Some(
                    Finding::new(MessageId::ChainTsaEkuNotCritical, Severity::Warning)
                        .with("cert", k.to_string()),
                ));
            }
        }
        (None, KeyPurpose::TimeStamping) => {
            return Err(PathError::ExtendedKeyUsage {
                cert: k,
                purpose: name,
            });
        }
        // RFC 6960 §4.2.2.2: a delegated responder MUST have id-kp-OCSPSigning.
        (None, KeyPurpose::OcspSigning) => {
            return Err(PathError::ExtendedKeyUsage {
                cert: k,
                purpose: name,
            });
        }
        (Some((_, eku)), _) => {
            let ok = eku.0.iter().any(|o| *o == EKU_ANY || allowed.contains(o));
            // id-kp-OCSPSigning must be asserted explicitly, not via anyExtendedKeyUsage.
            let ok = if purpose == KeyPurpose::OcspSigning {
                eku.0.contains(&EKU_OCSP_SIGNING)
            } else {
                ok
            };
            if !ok {
                return Err(PathError::ExtendedKeyUsage {
                    cert: k,
                    purpose: name,
                });
            }
        }
        (None, _) => {}
    }
    Ok(None)
}
