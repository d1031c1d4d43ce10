//! The Vietnamese trust bundle compiled into kyso (issue 7): VGCA (Ban Cơ yếu Chính phủ, G1
//! and G2) and NEAC (national public-CA roots 2008 and 2014), with provenance and fingerprints
//! in `core/trust/vn/README.md`. Anchors are the roots; sub-CAs are shipped as intermediates
//! because real PDFs often carry only the signer's certificate (docs/vietnam.md §4).

use super::store::{StoreError, TrustStore};
use crate::cert::Certificate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Vgca,
    Neac,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Anchor,
    Intermediate,
}

/// One certificate of the bundle: its PEM file under `core/trust/vn`, embedded as DER
/// (converted by `build.rs`).
struct Entry {
    der: &'static [u8],
    role: Role,
    family: Family,
}

macro_rules! entry {
    ($path:literal, $role:ident, $family:ident) => {
        Entry {
            der: include_bytes!(concat!(env!("OUT_DIR"), "/trust/vn/", $path, ".der")),
            role: Role::$role,
            family: Family::$family,
        }
    };
}

const FILES: &[Entry] = &[
    entry!("neac/mic-national-root-2008", Anchor, Neac),
    entry!("neac/sub/bkavca-2008root", Intermediate, Neac),
    entry!("neac/sub/ca2-2008root", Intermediate, Neac),
    entry!("neac/sub/fptca-2008root", Intermediate, Neac),
    entry!("neac/sub/newtelca-2008root", Intermediate, Neac),
    entry!("neac/sub/safeca-2008root", Intermediate, Neac),
    entry!("neac/sub/smartsign-2008root", Intermediate, Neac),
    entry!("neac/sub/viettelca-2008root", Intermediate, Neac),
    entry!("neac/sub/vnpt-ca-sha2", Intermediate, Neac),
    entry!("neac/sub/vnptca-2008root", Intermediate, Neac),
    entry!("neac/vietnam-national-root-2014", Anchor, Neac),
    entry!("vgca-g1/ca-bo-cong-an", Intermediate, Vgca),
    entry!("vgca-g1/ca-bo-ngoai-giao", Intermediate, Vgca),
    entry!("vgca-g1/ca-bo-tai-chinh", Intermediate, Vgca),
    entry!("vgca-g1/ca-chinh-phu", Intermediate, Vgca),
    entry!("vgca-g1/ca-dang-cong-san", Intermediate, Vgca),
    entry!("vgca-g1/root", Anchor, Vgca),
    entry!("vgca-g2/ca-co-quan-nha-nuoc", Intermediate, Vgca),
    entry!("vgca-g2/root", Anchor, Vgca),
];

/// The store for `name`: `vgca`, `neac` or `vn` (both).
pub(crate) fn bundle(name: &str) -> Result<TrustStore, StoreError> {
    let families: &[Family] = match name.to_ascii_lowercase().as_str() {
        "vgca" => &[Family::Vgca],
        "neac" => &[Family::Neac],
        "vn" => &[Family::Vgca, Family::Neac],
        _ => {
            return Err(StoreError::UnknownBundle {
                name: name.to_owned(),
            });
        }
    };
    let mut store = TrustStore::new();
    for entry in FILES.iter().filter(|e| families.contains(&e.family)) {
        let cert = Certificate::from_der(entry.der)?;
        match entry.role {
            Role::Anchor => store.add_anchor(cert),
            Role::Intermediate => store.add_intermediate(cert),
        };
    }
    Ok(store)
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
    use sha2::Digest;

    /// SHA-256 of each certificate (also in the README, with its provenance).
    const FINGERPRINTS: &[(&str, &str)] = &[
        (
            "neac/mic-national-root-2008",
            "ca918d635bb130bec97639e6aabf7edbc4eb1310f8058b9419f467ae0230ad8c",
        ),
        (
            "neac/sub/bkavca-2008root",
            "ddab3aa11600215c08ca4ccbc18be5204c171a48081a6cd73a95aa868e1258af",
        ),
        (
            "neac/sub/ca2-2008root",
            "22a088dedd18b017409157ccdce931236492df259459e7fac424574dd06380e2",
        ),
        (
            "neac/sub/fptca-2008root",
            "406ba8be66ead6d01672f1e137cc35a778e2f289edd3f9e7580964190b83c761",
        ),
        (
            "neac/sub/newtelca-2008root",
            "27ab09408347ee182186d2a21e82feda0a4e0f84441525ba1de74a7e87401eba",
        ),
        (
            "neac/sub/safeca-2008root",
            "4e66e0073c9c217dbfa80697b0096fa61d71c1f32b29a12c2e2c37c0cac35881",
        ),
        (
            "neac/sub/smartsign-2008root",
            "591e6796472780fcf98d2e6797c8249457726dee54a264307d9b51193cdbd5fd",
        ),
        (
            "neac/sub/viettelca-2008root",
            "684caf190176d13158808ef193b2d20575399a87fd9e8c5bedc09065a184841a",
        ),
        (
            "neac/sub/vnpt-ca-sha2",
            "7d6ba5245317f9ed5d8bc765a4634d26ac6340d36b9f584df3b52d9c4a81a306",
        ),
        (
            "neac/sub/vnptca-2008root",
            "068927b4c1a38ae4db1e8f59a71a8c643d9dfbb53a674862387bd5aa7386247b",
        ),
        (
            "neac/vietnam-national-root-2014",
            "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7",
        ),
        (
            "vgca-g1/ca-bo-cong-an",
            "ecbf8428266c549eb1bfdc2715270d5b9dff3bbbe2d3f0c33e0fd91f70b2d943",
        ),
        (
            "vgca-g1/ca-bo-ngoai-giao",
            "3c4281296f92d292cc952295fe41ad7d0b37438ff1d143b56c4642cc1b14bd93",
        ),
        (
            "vgca-g1/ca-bo-tai-chinh",
            "a262cfa489dbbe666f8b89fab832547809874d5a06fa9f7a38fc227ebdf40514",
        ),
        (
            "vgca-g1/ca-chinh-phu",
            "75e969c07ba35c29c72bbc1bfb880f20f3891a619b00b77eb02ca6160736a1fe",
        ),
        (
            "vgca-g1/ca-dang-cong-san",
            "6e218b3ebc2f31b0d03205c64fd7e8920fb47187d37afcdb4cb2bb4178bf4635",
        ),
        (
            "vgca-g1/root",
            "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90",
        ),
        (
            "vgca-g2/ca-co-quan-nha-nuoc",
            "d8cab7a4aef92e6bb2509d7c61cee7b44f3731b2d21074963530277b366fae4b",
        ),
        (
            "vgca-g2/root",
            "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8",
        ),
    ];

    /// Every embedded certificate (in `FILES` order) is its PEM file's certificate, with the
    /// fingerprint listed here and in the README.
    #[test]
    fn fingerprints() {
        let readme = include_str!("../../trust/vn/README.md")
            .to_ascii_lowercase()
            .replace(':', "");
        assert_eq!(FILES.len(), 19);
        assert_eq!(FINGERPRINTS.len(), FILES.len());
        for (entry, (path, fp)) in FILES.iter().zip(FINGERPRINTS) {
            let pem = std::fs::read(format!(
                "{}/trust/vn/{path}.pem",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let certs = Certificate::from_pem(&pem).unwrap();
            assert_eq!(certs.len(), 1, "{path}");
            assert_eq!(certs[0].der(), entry.der, "{path}");
            let got: String = sha2::Sha256::digest(entry.der)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(&got, fp, "{path}");
            assert!(readme.contains(fp), "{path} fingerprint not in README");
        }
    }

    #[test]
    fn bundles_by_name() {
        let v = bundle("vgca").unwrap();
        assert_eq!((v.anchors().len(), v.intermediates().len()), (2, 6));
        let n = bundle("neac").unwrap();
        assert_eq!((n.anchors().len(), n.intermediates().len()), (2, 9));
        let all = bundle("VN").unwrap();
        assert_eq!((all.anchors().len(), all.intermediates().len()), (4, 15));
        assert!(matches!(bundle("x"), Err(StoreError::UnknownBundle { .. })));
    }
}
