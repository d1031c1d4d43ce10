//! Distribution points (RFC 5280 §4.2.1.13, §5.2.5, §6.3.3) and access locations
//! (RFC 5280 §4.2.2.1): which CRLs cover a certificate, and where to fetch CRLs and OCSP.

use der::Decode;
use x509_cert::ext::pkix::AuthorityInfoAccessSyntax;
use x509_cert::ext::pkix::crl::dp::{DistributionPoint, ReasonFlags};
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName, GeneralNames};
use x509_cert::name::{Name, RdnSequence};

use crate::cert::Certificate;
use crate::name::names_match;
use crate::oid;

/// A distribution point as RFC 5280 §6.3.3 processes it: names already expanded to full
/// names, reasons as a bit set.
#[derive(Clone, Debug)]
pub(crate) struct Dp {
    /// Full names of the distribution point (`None`: the field is absent).
    pub names: Option<Vec<GeneralName>>,
    /// ReasonFlags bits (`None`: all reasons).
    pub reasons: Option<u16>,
    /// cRLIssuer (`None`: the certificate issuer issues the CRL).
    pub crl_issuer: Option<GeneralNames>,
}

/// The certificate's cRLDistributionPoints, then the point RFC 5280 §6.3.3 assumes for "any
/// available CRLs not specified in a distribution point but issued by the certificate issuer":
/// no reasons, no cRLIssuer, and a full name made of the certificate issuer (plus its
/// issuerAltName, which kyso does not need: a CRL naming it would name the issuer DN too).
///
/// `Err(())` when the extension is present but malformed: then no distribution point can be
/// trusted and status stays undetermined.
pub(crate) fn distribution_points(cert: &Certificate) -> Result<Vec<Dp>, ()> {
    let mut out = Vec::new();
    if let Some(ext) = cert
        .extension(oid::EXT_CRL_DISTRIBUTION_POINTS)
        .map_err(|_| ())?
    {
        let dps = Vec::<DistributionPoint>::from_der(ext.extn_value.as_bytes()).map_err(|_| ())?;
        for dp in dps {
            // A relative name is relative to the cRLIssuer if present, else to the
            // certificate issuer (RFC 5280 §4.2.1.13).
            let base = dp
                .crl_issuer
                .as_ref()
                .and_then(|names| first_directory_name(names))
                .unwrap_or_else(|| cert.issuer_name());
            out.push(Dp {
                names: dp.distribution_point.as_ref().map(|n| full_names(n, base)),
                reasons: dp.reasons.map(reason_bits),
                crl_issuer: dp.crl_issuer.clone(),
            });
        }
    }
    out.push(Dp {
        names: Some(vec![GeneralName::DirectoryName(cert.issuer_name().clone())]),
        reasons: None,
        crl_issuer: None,
    });
    Ok(out)
}

/// HTTP URLs of the certificate's CRL distribution points, in order (fetching: only `http:`
/// — LDAP is not supported, and HTTPS for CRLs would need the validation being done).
pub(crate) fn crl_urls(cert: &Certificate) -> Vec<String> {
    let Ok(Some(ext)) = cert.extension(oid::EXT_CRL_DISTRIBUTION_POINTS) else {
        return Vec::new();
    };
    let Ok(dps) = Vec::<DistributionPoint>::from_der(ext.extn_value.as_bytes()) else {
        return Vec::new();
    };
    http_uris(
        dps.iter()
            .filter_map(|dp| match &dp.distribution_point {
                Some(DistributionPointName::FullName(names)) => Some(names.iter()),
                _ => None,
            })
            .flatten(),
    )
}

/// HTTP URLs of FreshestCRL points (delta CRLs) of a certificate or CRL.
pub(crate) fn freshest_urls(points: &[DistributionPoint]) -> Vec<String> {
    http_uris(
        points
            .iter()
            .filter_map(|dp| match &dp.distribution_point {
                Some(DistributionPointName::FullName(names)) => Some(names.iter()),
                _ => None,
            })
            .flatten(),
    )
}

/// HTTP URLs of the OCSP responders in the certificate's authorityInfoAccess.
pub(crate) fn ocsp_urls(cert: &Certificate) -> Vec<String> {
    let Ok(Some(ext)) = cert.extension(oid::EXT_AUTHORITY_INFO_ACCESS) else {
        return Vec::new();
    };
    let Ok(aia) = AuthorityInfoAccessSyntax::from_der(ext.extn_value.as_bytes()) else {
        return Vec::new();
    };
    http_uris(
        aia.0
            .iter()
            .filter(|a| a.access_method == oid::AD_OCSP)
            .map(|a| &a.access_location),
    )
}

fn http_uris<'a>(names: impl Iterator<Item = &'a GeneralName>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if let GeneralName::UniformResourceIdentifier(uri) = n {
            let s = uri.to_string();
            if s.get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
                && !out.contains(&s)
            {
                out.push(s);
            }
        }
    }
    out
}

/// Expand a DistributionPointName to full names; `nameRelativeToCRLIssuer` is appended to
/// `base` (RFC 5280 §4.2.1.13, §5.2.5).
pub(crate) fn full_names(name: &DistributionPointName, base: &Name) -> Vec<GeneralName> {
    match name {
        DistributionPointName::FullName(names) => names.clone(),
        DistributionPointName::NameRelativeToCRLIssuer(rdn) => {
            let mut seq: RdnSequence = base.as_ref().clone();
            seq.push(rdn.clone());
            vec![GeneralName::DirectoryName(Name::hazmat_from_rdn_sequence(
                seq,
            ))]
        }
    }
}

pub(crate) fn first_directory_name(names: &[GeneralName]) -> Option<&Name> {
    names.iter().find_map(|n| match n {
        GeneralName::DirectoryName(d) => Some(d),
        _ => None,
    })
}

/// Whether some name of `a` equals some name of `b` (directory names under RFC 5280 §7.1
/// matching, URIs exactly, anything else by encoding).
pub(crate) fn any_name_matches(a: &[GeneralName], b: &[GeneralName]) -> bool {
    a.iter()
        .any(|x| b.iter().any(|y| general_names_equal(x, y)))
}

pub(crate) fn general_names_equal(a: &GeneralName, b: &GeneralName) -> bool {
    match (a, b) {
        (GeneralName::DirectoryName(x), GeneralName::DirectoryName(y)) => names_match(x, y),
        _ => a == b,
    }
}

/// Whether `name` (a certificate issuer DN) is among `names` as a directoryName.
pub(crate) fn names_contain_dn(names: &[GeneralName], name: &Name) -> bool {
    names
        .iter()
        .any(|n| matches!(n, GeneralName::DirectoryName(d) if names_match(d, name)))
}

pub(crate) fn reason_bits(flags: ReasonFlags) -> u16 {
    flags.bits()
}
