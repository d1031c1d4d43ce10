//! Name constraints (RFC 5280 §4.2.1.10, processed per §6.1.3 (b)–(c) and §6.1.4 (g)) in every
//! form kyso can compare: directoryName, rfc822Name (also the emailAddress attributes of the
//! subject DN, as §4.2.1.10 requires), dNSName, uniformResourceIdentifier (host part) and
//! iPAddress. A constraint of another form (otherName, x400Address, ediPartyName,
//! registeredID) that meets a name of the same form cannot be processed and rejects the path
//! (§4.2.1.10: "MUST either process the constraint or reject the certificate").
//!
//! Permitted subtrees are kept as layers, one per certificate that set them: a name must fall
//! within every layer that has subtrees of its form. That is exactly the intersection
//! §6.1.4 (g)(1) asks for, without computing set intersections of subtrees.

use x509_cert::ext::pkix::constraints::name::{GeneralSubtree, NameConstraints};
use x509_cert::ext::pkix::name::GeneralName;

use super::budget::{Budget, BudgetKind};
use crate::cert::Certificate;
use crate::name::NormName;

/// One name or subtree base, prepared for comparison.
#[derive(Clone, Debug)]
enum Form {
    Dn(NormName),
    Email(String),
    Dns(String),
    Uri(String),
    Ip(Vec<u8>),
    /// A form kyso does not compare, by its GeneralName CHOICE tag number.
    Other(u8),
}

impl Form {
    fn kind(&self) -> u8 {
        match self {
            Self::Dn(_) => 4,
            Self::Email(_) => 1,
            Self::Dns(_) => 2,
            Self::Uri(_) => 6,
            Self::Ip(_) => 7,
            Self::Other(k) => *k,
        }
    }

    fn from_general_name(gn: &GeneralName) -> Self {
        match gn {
            GeneralName::DirectoryName(n) => Self::Dn(NormName::new(n)),
            GeneralName::Rfc822Name(s) => Self::Email(s.to_string()),
            GeneralName::DnsName(s) => Self::Dns(s.to_string()),
            GeneralName::UniformResourceIdentifier(s) => Self::Uri(s.to_string()),
            GeneralName::IpAddress(o) => Self::Ip(o.as_bytes().to_vec()),
            GeneralName::OtherName(_) => Self::Other(0),
            GeneralName::EdiPartyName(_) => Self::Other(5),
            GeneralName::RegisteredId(_) => Self::Other(8),
        }
    }

    fn display(&self) -> String {
        match self {
            Self::Dn(_) => "directoryName".into(),
            Self::Email(s) | Self::Dns(s) | Self::Uri(s) => s.clone(),
            // RFC 5280 §4.2.1.6: 4 octets IPv4, 16 octets IPv6 (shown in RFC 5952 form, not
            // as 16 dotted decimals); anything else as hex.
            Self::Ip(b) => {
                if let Ok(a) = <[u8; 4]>::try_from(b.as_slice()) {
                    core::net::Ipv4Addr::from(a).to_string()
                } else if let Ok(a) = <[u8; 16]>::try_from(b.as_slice()) {
                    core::net::Ipv6Addr::from(a).to_string()
                } else {
                    b.iter().map(|x| format!("{x:02x}")).collect()
                }
            }
            Self::Other(k) => format!("GeneralName [{k}]"),
        }
    }
}

/// Outcome of checking one certificate's names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NcViolation {
    Outside(String),
    Unprocessable,
    Budget(BudgetKind),
}

/// permitted_subtrees / excluded_subtrees state variables of §6.1.2 (b), (c).
#[derive(Clone, Debug, Default)]
pub(crate) struct NameConstraintsState {
    permitted: Vec<Vec<Form>>,
    excluded: Vec<Form>,
}

fn bases(subtrees: &[GeneralSubtree]) -> Vec<Form> {
    subtrees
        .iter()
        .map(|s| Form::from_general_name(&s.base))
        .collect()
}

impl NameConstraintsState {
    /// §6.1.4 (g): add a certificate's nameConstraints.
    pub(crate) fn add(&mut self, nc: &NameConstraints) {
        if let Some(p) = &nc.permitted_subtrees {
            self.permitted.push(bases(p));
        }
        if let Some(e) = &nc.excluded_subtrees {
            self.excluded.extend(bases(e));
        }
    }

    pub(crate) fn is_unconstrained(&self) -> bool {
        self.permitted.is_empty() && self.excluded.is_empty()
    }

    /// §6.1.3 (b), (c): the subject DN, the emailAddress attributes in it and every
    /// subjectAltName must be within the permitted and outside the excluded subtrees.
    pub(crate) fn check(
        &self,
        cert: &Certificate,
        san: Option<&[GeneralName]>,
        budget: &Budget,
    ) -> Result<(), NcViolation> {
        if self.is_unconstrained() {
            return Ok(());
        }
        let mut names = Vec::new();
        let subject = NormName::new(cert.subject_name());
        if !subject.is_empty() {
            names.push(Form::Dn(subject));
        }
        // §4.2.1.10: "legacy implementations exist where an electronic mail address is
        // embedded in the subject distinguished name as an emailAddress attribute … rfc822Name
        // constraints MUST be applied to the attribute of type emailAddress in the subject DN".
        for atv in cert.subject_name().iter() {
            if atv.oid == crate::oid::EMAIL_ADDRESS {
                names.push(Form::Email(crate::cert::decode_directory_string(
                    &atv.value,
                )));
            }
        }
        for gn in san.unwrap_or_default() {
            names.push(Form::from_general_name(gn));
        }
        for name in &names {
            self.check_name(name, budget)?;
        }
        Ok(())
    }

    fn check_name(&self, name: &Form, budget: &Budget) -> Result<(), NcViolation> {
        let kind = name.kind();
        for layer in &self.permitted {
            let mut relevant = false;
            let mut ok = false;
            for base in layer.iter().filter(|b| b.kind() == kind) {
                relevant = true;
                budget.name_constraints(1).map_err(NcViolation::Budget)?;
                if matches(name, base)? {
                    ok = true;
                    break;
                }
            }
            if relevant && !ok {
                return Err(NcViolation::Outside(name.display()));
            }
        }
        for base in self.excluded.iter().filter(|b| b.kind() == kind) {
            budget.name_constraints(1).map_err(NcViolation::Budget)?;
            if matches(name, base)? {
                return Err(NcViolation::Outside(name.display()));
            }
        }
        Ok(())
    }
}

/// Whether `name` is within the subtree `base` (both of the same form).
fn matches(name: &Form, base: &Form) -> Result<bool, NcViolation> {
    Ok(match (name, base) {
        (Form::Dn(n), Form::Dn(b)) => n.within(b),
        (Form::Email(n), Form::Email(b)) => email_matches(n, b),
        (Form::Dns(n), Form::Dns(b)) => dns_matches(n, b),
        (Form::Uri(n), Form::Uri(b)) => match uri_host(n) {
            Some(host) => host_matches(&host, b),
            // A URI without an authority has no host to compare: it cannot be shown to be
            // inside a permitted subtree, and is not inside an excluded one.
            None => false,
        },
        (Form::Ip(n), Form::Ip(b)) => ip_matches(n, b),
        (Form::Other(_), Form::Other(_)) => return Err(NcViolation::Unprocessable),
        _ => false,
    })
}

/// rfc822Name constraints (§4.2.1.10): a full mailbox matches exactly, a host matches every
/// mailbox at that host, a name starting with "." matches every mailbox in subdomains.
fn email_matches(name: &str, base: &str) -> bool {
    let Some((local, host)) = name.rsplit_once('@') else {
        return false;
    };
    if let Some((blocal, bhost)) = base.rsplit_once('@') {
        local == blocal && host.eq_ignore_ascii_case(bhost)
    } else if base.starts_with('.') {
        ends_with_ci(host, base)
    } else {
        host.eq_ignore_ascii_case(base)
    }
}

/// dNSName: adding zero or more labels on the left of the constraint satisfies it (§4.2.1.10).
/// A leading "." (common in practice, not in the RFC) restricts to proper subdomains.
fn dns_matches(name: &str, base: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let base = base.strip_suffix('.').unwrap_or(base);
    if base.is_empty() {
        return true;
    }
    if base.starts_with('.') {
        return ends_with_ci(name, base);
    }
    name.eq_ignore_ascii_case(base) || ends_with_ci(name, &format!(".{base}"))
}

/// URI constraints compare the host part: a host matches exactly, ".domain" matches hosts in
/// subdomains (§4.2.1.10).
fn host_matches(host: &str, base: &str) -> bool {
    if base.starts_with('.') {
        ends_with_ci(host, base)
    } else {
        host.eq_ignore_ascii_case(base)
    }
}

fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.get(s.len().saturating_sub(suffix.len())..)
            .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
}

/// The host of `scheme://[userinfo@]host[:port]/…` (RFC 3986 §3.2).
fn uri_host(uri: &str) -> Option<String> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = hostport.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        hostport.split(':').next()?
    };
    if host.is_empty() {
        None
    } else {
        Some(host.to_owned())
    }
}

/// iPAddress constraints are address and mask, 8 octets for IPv4, 32 for IPv6 (§4.2.1.10).
fn ip_matches(name: &[u8], base: &[u8]) -> bool {
    if base.len() != name.len().saturating_mul(2) {
        return false;
    }
    let (addr, mask) = base.split_at(name.len());
    name.iter()
        .zip(addr)
        .zip(mask)
        .all(|((n, a), m)| n & m == a & m)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert!(dns_matches("a.example.com", "example.com"));
        assert!(dns_matches("example.com", "example.com"));
        assert!(!dns_matches("badexample.com", "example.com"));
        assert!(!dns_matches("example.com", ".example.com"));
        assert!(email_matches("x@mail.example.com", ".example.com"));
        assert!(!email_matches("x@example.com", ".example.com"));
        assert!(email_matches("x@Example.com", "example.com"));
        assert!(email_matches("x@example.com", "x@example.com"));
        assert_eq!(
            uri_host("http://u@host.test:80/x").as_deref(),
            Some("host.test")
        );
        assert_eq!(uri_host("urn:x"), None);
        assert!(ip_matches(
            &[192, 168, 1, 7],
            &[192, 168, 0, 0, 255, 255, 0, 0]
        ));
        assert!(!ip_matches(
            &[10, 0, 0, 1],
            &[192, 168, 0, 0, 255, 255, 0, 0]
        ));
    }
}
