//! The certificate profile path processing enforces: one line per extension kyso recognises,
//! saying per role (trust anchor, CA, end entity) whether it is required, allowed or not
//! allowed, and what its criticality must be, each line citing its rule (RFC 5280 §4.2, and
//! `docs/architecture.md` for where path processing sits). Modelled on pyca/cryptography's
//! `ExtensionPolicy` tables. `process.rs` consults this table; what an extension *means*
//! (cA set, keyCertSign, pathLen, …) stays in the step of RFC 5280 §6.1 that uses it.
//!
//! An extension not in the table is unknown: non-critical ones are ignored, critical ones
//! refused (§6.1.4 (o), §6.1.5 (f)).
//!
//! Where the RFC puts a MUST on *issuers* that validators do not check (SKI in CA certificates,
//! criticality of name or policy constraints), the line's comment says so and kyso does not
//! refuse: NIST PKITS and x509-limbo issue such certificates as valid, and refusing them would
//! only make kyso disagree with every other validator without making a path safer (the
//! constraint is processed either way).

use der::asn1::ObjectIdentifier as Oid;

use super::error::PathError;
use crate::oid;

/// The role a certificate plays in the path being processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// The trust anchor's certificate: its constraints are read only when the user asks for
    /// RFC 5937 processing (RFC 5280 §6.1.1 (d): an anchor is a name and a key).
    TrustAnchor,
    /// An intermediate certificate, or a target that asserts cA.
    Ca,
    /// The target certificate when it is not a CA.
    EndEntity,
}

/// Whether a role may carry the extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Presence {
    /// MUST be present (what it must then say is checked where §6.1 uses it).
    Required,
    /// MAY be present.
    Allowed,
    /// MUST NOT be present.
    NotAllowed,
    /// MUST be present, and critical, when the subject is an empty name (§4.2.1.6).
    RequiredIfSubjectEmpty,
}

/// What the extension's critical flag must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Criticality {
    /// The RFC leaves it to the issuer.
    Either,
    /// MUST be non-critical: a critical one is refused (`path.critical-not-allowed`).
    MustNotBe,
    /// The RFC asks issuers for critical (MUST or SHOULD); kyso processes it either way
    /// (the line's comment says why it is not refused).
    CriticalExpected,
    /// The RFC asks issuers for non-critical (MUST or SHOULD); kyso reads it either way.
    NonCriticalExpected,
}

/// One line of the profile.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ExtensionRule {
    pub(crate) oid: Oid,
    /// The RFC's title for the extension (shown in `path.critical-not-allowed`).
    pub(crate) name: &'static str,
    pub(crate) anchor: Presence,
    pub(crate) ca: Presence,
    pub(crate) end_entity: Presence,
    pub(crate) criticality: Criticality,
    /// The section that defines the extension and these rules (the comment above each line
    /// says why a rule of the RFC is not enforced as written, or where the rest is checked).
    pub(crate) rule: &'static str,
}

impl ExtensionRule {
    pub(crate) fn presence(&self, role: Role) -> Presence {
        match role {
            Role::TrustAnchor => self.anchor,
            Role::Ca => self.ca,
            Role::EndEntity => self.end_entity,
        }
    }
}

use Criticality as C;
use Presence as P;

/// RFC 5280 §4.2 (and RFC 6960 for ocsp-nocheck), one line per extension.
pub(crate) const PROFILE: &[ExtensionRule] = &[
    // MUST be included except in self-signed certificates: an issuer rule; path building uses it as
    // a hint only (§4.2.1.1, build.rs)
    ExtensionRule {
        oid: oid::EXT_AUTHORITY_KEY_IDENTIFIER,
        name: "Authority Key Identifier",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::MustNotBe,
        rule: "§4.2.1.1",
    },
    // MUST appear in CA certificates: an issuer rule, not a §6.1 input
    ExtensionRule {
        oid: oid::EXT_SUBJECT_KEY_IDENTIFIER,
        name: "Subject Key Identifier",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::MustNotBe,
        rule: "§4.2.1.2",
    },
    // SHOULD be critical; when present keyCertSign is checked for CAs (§6.1.4 (n)) and the
    // purpose's bits for the target (process::check_purpose)
    ExtensionRule {
        oid: oid::EXT_KEY_USAGE,
        name: "Key Usage",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::CriticalExpected,
        rule: "§4.2.1.3",
    },
    // when critical, a qualifier other than CPS / user notice is refused (process::extensions)
    ExtensionRule {
        oid: oid::EXT_CERTIFICATE_POLICIES,
        name: "Certificate Policies",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::Either,
        rule: "§4.2.1.4",
    },
    // SHOULD be critical; processed in §6.1.4 (a), (b) either way
    ExtensionRule {
        oid: oid::EXT_POLICY_MAPPINGS,
        name: "Policy Mappings",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::CriticalExpected,
        rule: "§4.2.1.5",
    },
    // with an empty subject it MUST be present and critical; a CA's subject MUST not be empty
    // (§4.1.2.6, process §6.1.4)
    ExtensionRule {
        oid: oid::EXT_SUBJECT_ALT_NAME,
        name: "Subject Alternative Name",
        anchor: P::RequiredIfSubjectEmpty,
        ca: P::RequiredIfSubjectEmpty,
        end_entity: P::RequiredIfSubjectEmpty,
        criticality: C::Either,
        rule: "§4.2.1.6",
    },
    // SHOULD be non-critical; informational
    ExtensionRule {
        oid: oid::EXT_ISSUER_ALT_NAME,
        name: "Issuer Alternative Name",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::NonCriticalExpected,
        rule: "§4.2.1.7",
    },
    // a v3 CA MUST assert cA (§6.1.4 (k)); v1/v2 CAs only when the policy allows; MUST be critical
    // in CA certificates is an issuer rule PKITS does not follow
    ExtensionRule {
        oid: oid::EXT_BASIC_CONSTRAINTS,
        name: "Basic Constraints",
        anchor: P::Allowed,
        ca: P::Required,
        end_entity: P::Allowed,
        criticality: C::CriticalExpected,
        rule: "§4.2.1.9",
    },
    // MUST be used only in a CA certificate; MUST be critical is an issuer rule: the constraints
    // are applied either way
    ExtensionRule {
        oid: oid::EXT_NAME_CONSTRAINTS,
        name: "Name Constraints",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::NotAllowed,
        criticality: C::CriticalExpected,
        rule: "§4.2.1.10",
    },
    // MUST be critical, but NIST PKITS itself issues it non-critical; a non-critical constraint is
    // still processed (§6.1.4 (i), §6.1.5 (b))
    ExtensionRule {
        oid: oid::EXT_POLICY_CONSTRAINTS,
        name: "Policy Constraints",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::CriticalExpected,
        rule: "§4.2.1.11",
    },
    // checked against the purpose for the target (process::check_purpose; RFC 3161 §2.3 wants it
    // critical for time-stamping)
    ExtensionRule {
        oid: oid::EXT_EXTENDED_KEY_USAGE,
        name: "Extended Key Usage",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::Either,
        rule: "§4.2.1.12",
    },
    // SHOULD be non-critical; read by revocation checking
    ExtensionRule {
        oid: oid::EXT_CRL_DISTRIBUTION_POINTS,
        name: "CRL Distribution Points",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::NonCriticalExpected,
        rule: "§4.2.1.13",
    },
    // MUST be critical is an issuer rule; processed in §6.1.4 (j) either way
    ExtensionRule {
        oid: oid::EXT_INHIBIT_ANY_POLICY,
        name: "Inhibit anyPolicy",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::CriticalExpected,
        rule: "§4.2.1.14",
    },
    // MUST be non-critical (issuer rule); kyso does not use delta CRLs
    ExtensionRule {
        oid: oid::EXT_FRESHEST_CRL,
        name: "Freshest CRL",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::NonCriticalExpected,
        rule: "§4.2.1.15",
    },
    // must decode (process::extensions); read by revocation and path building
    ExtensionRule {
        oid: oid::EXT_AUTHORITY_INFO_ACCESS,
        name: "Authority Information Access",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::MustNotBe,
        rule: "§4.2.2.1",
    },
    // MUST be non-critical (issuer rule); informational
    ExtensionRule {
        oid: oid::EXT_SUBJECT_INFO_ACCESS,
        name: "Subject Information Access",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::NonCriticalExpected,
        rule: "§4.2.2.2",
    },
    // read by revocation checking of delegated OCSP responders
    ExtensionRule {
        oid: oid::EXT_OCSP_NO_CHECK,
        name: "OCSP No Check",
        anchor: P::Allowed,
        ca: P::Allowed,
        end_entity: P::Allowed,
        criticality: C::Either,
        rule: "RFC 6960 §4.2.2.2.1",
    },
];

/// The profile line of `oid`, if kyso recognises the extension.
pub(crate) fn rule(oid: &Oid) -> Option<&'static ExtensionRule> {
    PROFILE.iter().find(|r| r.oid == *oid)
}

/// The criticality check of one extension of certificate `cert` (index in the path): a known
/// extension marked critical against a MUST NOT, or an unknown one marked critical
/// (§6.1.4 (o), §6.1.5 (f)).
pub(crate) fn check_criticality(oid: &Oid, critical: bool, cert: usize) -> Result<(), PathError> {
    match (rule(oid), critical) {
        (_, false) => Ok(()),
        (None, true) => Err(PathError::UnknownCriticalExtension {
            cert,
            oid: oid.to_string(),
        }),
        (Some(r), true) if r.criticality == Criticality::MustNotBe => {
            Err(PathError::CriticalNotAllowed {
                cert,
                extension: r.name,
                rule: r.rule,
            })
        }
        (Some(_), true) => Ok(()),
    }
}

/// The first extension `role` requires that `present` says is absent.
pub(crate) fn missing(
    role: Role,
    present: impl Fn(&Oid) -> bool,
) -> Option<&'static ExtensionRule> {
    PROFILE
        .iter()
        .find(|r| r.presence(role) == Presence::Required && !present(&r.oid))
}

/// The first extension `role` may not carry that `present` says is there.
pub(crate) fn forbidden(
    role: Role,
    present: impl Fn(&Oid) -> bool,
) -> Option<&'static ExtensionRule> {
    PROFILE
        .iter()
        .find(|r| r.presence(role) == Presence::NotAllowed && present(&r.oid))
}

/// The extensions `role` must carry, critical, when the subject is empty (§4.2.1.6).
pub(crate) fn required_if_subject_empty(
    role: Role,
) -> impl Iterator<Item = &'static ExtensionRule> {
    PROFILE
        .iter()
        .filter(move |r| r.presence(role) == Presence::RequiredIfSubjectEmpty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_extension_each_citing_its_rule() {
        for (i, r) in PROFILE.iter().enumerate() {
            assert!(
                PROFILE.iter().skip(i + 1).all(|o| o.oid != r.oid),
                "{} twice",
                r.name
            );
            assert!(r.rule.contains('§'), "{} cites no section", r.name);
            assert!(oid::extension_name(&r.oid).is_some(), "{} unnamed", r.name);
        }
    }

    #[test]
    fn the_rfc_must_not_be_critical_extensions_are_refused_critical() {
        let e = check_criticality(&oid::EXT_AUTHORITY_INFO_ACCESS, true, 2).unwrap_err();
        assert_eq!(
            e,
            PathError::CriticalNotAllowed {
                cert: 2,
                extension: "Authority Information Access",
                rule: "§4.2.2.1",
            }
        );
        assert!(check_criticality(&oid::EXT_POLICY_CONSTRAINTS, false, 0).is_ok());
        assert!(check_criticality(&oid::EXT_POLICY_CONSTRAINTS, true, 0).is_ok());
        let unknown = Oid::new_unwrap("1.2.3.4");
        assert!(check_criticality(&unknown, false, 0).is_ok());
        assert_eq!(
            check_criticality(&unknown, true, 1).unwrap_err(),
            PathError::UnknownCriticalExtension {
                cert: 1,
                oid: "1.2.3.4".into(),
            }
        );
    }

    #[test]
    fn roles_require_and_forbid_what_rfc_5280_says() {
        let none = |_: &Oid| false;
        let all = |_: &Oid| true;
        assert_eq!(
            missing(Role::Ca, none).map(|r| r.oid),
            Some(oid::EXT_BASIC_CONSTRAINTS)
        );
        assert!(missing(Role::EndEntity, none).is_none());
        assert!(missing(Role::TrustAnchor, none).is_none());
        assert_eq!(
            forbidden(Role::EndEntity, all).map(|r| r.oid),
            Some(oid::EXT_NAME_CONSTRAINTS)
        );
        assert!(forbidden(Role::Ca, all).is_none());
        assert_eq!(
            required_if_subject_empty(Role::EndEntity)
                .map(|r| r.oid)
                .collect::<Vec<_>>(),
            [oid::EXT_SUBJECT_ALT_NAME]
        );
    }
}
