//! Native CMS sign and verify, kyso (pure RustCrypto provider) against OpenSSL (the `openssl`
//! crate, `CMS_sign` / `CMS_verify`) in the same run, for RSA-2048 PKCS#1 v1.5 SHA-256 and
//! ECDSA P-256 SHA-256.
//!
//! Like for like: both sign detached with signed attributes (content-type, message-digest,
//! signing-time; kyso adds ESS signing-certificate-v2 and CMSAlgorithmProtection, OpenSSL 3
//! adds CMSAlgorithmProtection) and include the signer certificate; both verify the signature
//! and build and validate the chain to the same root, without revocation.
//!
//! `cargo bench -p kyso-benches` runs criterion and then prints kyso/OpenSSL time ratios;
//! `cargo test -p kyso-benches --benches` (the test command) runs each benchmark once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use kyso::{DetachedContent, SignedDataBuilder, SignerOptions, VerifyOptions};
use kyso::{PathValidator, TrustStore};
use kyso::{RustCryptoProvider, SoftwareKey, ValidationPolicy};
use kyso_testpki::{DeterministicRng, KeyAlg, VnPki, VnPkiOptions};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::pkey::{PKey, Private};
use openssl::stack::Stack;
use openssl::x509::X509;
use openssl::x509::store::{X509Store, X509StoreBuilder};

const CONTENT: &[u8] = include_bytes!("../../cli/assets/cong-van.txt");

struct Case {
    name: &'static str,
    pki: VnPki,
    now: kyso::DateTime,
    key: SoftwareKey,
    ossl_key: PKey<Private>,
    ossl_cert: X509,
    ossl_store: X509Store,
    ossl_chain: Stack<X509>,
    store: TrustStore,
}

fn case(name: &'static str, alg: KeyAlg) -> Case {
    let now = kyso::time::parse_rfc3339("2025-03-14T09:05:07+07:00").unwrap();
    let mut opts = VnPkiOptions::fast(now);
    opts.leaf_key = alg;
    let pki = VnPki::generate(&opts, &mut DeterministicRng::from_seed(1)).unwrap();
    let key_pem = pki.person.key_pem().unwrap();
    let key = SoftwareKey::from_pem(key_pem.as_bytes(), None).unwrap();
    let ossl_key = PKey::private_key_from_pem(key_pem.as_bytes()).unwrap();
    let ossl_cert = X509::from_der(pki.person.certificate.der()).unwrap();
    let mut sb = X509StoreBuilder::new().unwrap();
    sb.add_cert(X509::from_der(pki.root.certificate.der()).unwrap())
        .unwrap();
    // Validate at the PKI's time, as kyso does (policy vn-gov: the claimed signing time).
    let mut params = openssl::x509::verify::X509VerifyParam::new().unwrap();
    params.set_time(
        i64::try_from(kyso::time::unix_seconds(
            &kyso_testpki::shift(now, 60).unwrap(),
        ))
        .unwrap(),
    );
    sb.set_param(&params).unwrap();
    let ossl_store = sb.build();
    let mut ossl_chain = Stack::new().unwrap();
    ossl_chain
        .push(X509::from_der(pki.sub_ca.certificate.der()).unwrap())
        .unwrap();
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    Case {
        name,
        pki,
        now,
        key,
        ossl_key,
        ossl_cert,
        ossl_store,
        ossl_chain,
        store,
    }
}

fn kyso_sign(c: &Case, rng: &mut DeterministicRng) -> Vec<u8> {
    let chain = [c.pki.sub_ca.certificate.clone()];
    SignedDataBuilder::new(CONTENT)
        .detached()
        .add_signer(
            SignerOptions::new(&c.key, &c.pki.person.certificate)
                .signing_time(c.now)
                .chain(&chain),
        )
        .build(&kyso::RustCryptoProvider, rng)
        .unwrap()
}

fn ossl_sign(c: &Case) -> Vec<u8> {
    let flags = CMSOptions::DETACHED | CMSOptions::BINARY | CMSOptions::NOSMIMECAP;
    CmsContentInfo::sign(
        Some(&c.ossl_cert),
        Some(&c.ossl_key),
        Some(&c.ossl_chain),
        Some(CONTENT),
        flags,
    )
    .unwrap()
    .to_der()
    .unwrap()
}

fn kyso_verify(c: &Case, validator: &PathValidator<'_>, sig: &[u8]) -> kyso::Indication {
    let crypto = RustCryptoProvider;
    let policy = ValidationPolicy::vn_gov().danger_without_revocation();
    let options = VerifyOptions::new(policy, c.now, &crypto).with_chain_validator(validator);
    kyso::verify_signed_data(sig, Some(DetachedContent::Bytes(CONTENT)), &options).indication
}

fn ossl_verify(c: &Case, sig: &[u8]) -> bool {
    let mut cms = CmsContentInfo::from_der(sig).unwrap();
    cms.verify(
        None,
        Some(&c.ossl_store),
        Some(CONTENT),
        None,
        CMSOptions::BINARY,
    )
    .is_ok()
}

fn cases() -> Vec<Case> {
    vec![
        case("rsa2048-pkcs1v15-sha256", KeyAlg::Rsa2048),
        case("p256-ecdsa-sha256", KeyAlg::P256),
    ]
}

fn bench(cr: &mut Criterion) {
    for c in cases() {
        let mut rng = DeterministicRng::from_seed(2);
        let validator = PathValidator::new(c.store.clone());
        let kyso_sig = kyso_sign(&c, &mut rng);
        let ossl_sig = ossl_sign(&c);
        // Each verifies what it signed and what the other signed: the comparison is only fair
        // if both actually succeed.
        for sig in [&kyso_sig, &ossl_sig] {
            assert_eq!(
                kyso_verify(&c, &validator, sig),
                kyso::Indication::TotalPassed,
                "{}",
                c.name
            );
            assert!(ossl_verify(&c, sig), "{}", c.name);
        }
        let mut g = cr.benchmark_group(format!("cms-sign/{}", c.name));
        g.bench_function("kyso", |b| b.iter(|| black_box(kyso_sign(&c, &mut rng))));
        g.bench_function("openssl", |b| b.iter(|| black_box(ossl_sign(&c))));
        g.finish();
        let mut g = cr.benchmark_group(format!("cms-verify/{}", c.name));
        g.bench_function("kyso", |b| {
            b.iter(|| black_box(kyso_verify(&c, &validator, &kyso_sig)))
        });
        g.bench_function("openssl", |b| {
            b.iter(|| black_box(ossl_verify(&c, &ossl_sig)))
        });
        g.finish();
    }
}

/// Mean time per call of `f`, over about `budget`.
fn per_call(budget: Duration, mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut n: u32 = 0;
    while start.elapsed() < budget || n < 5 {
        f();
        n = n.saturating_add(1);
    }
    start.elapsed() / n
}

/// The ratios the issue asks for, measured in the same process right after criterion.
fn ratios() {
    println!("\nkyso / OpenSSL (same run; > 1 means kyso is slower)");
    println!(
        "{:<26} {:>8} {:>12} {:>12} {:>7}",
        "case", "op", "kyso", "openssl", "ratio"
    );
    for c in cases() {
        let mut rng = DeterministicRng::from_seed(3);
        let validator = PathValidator::new(c.store.clone());
        let ks = kyso_sign(&c, &mut rng);
        let os = ossl_sign(&c);
        let budget = Duration::from_secs(2);
        let rows = [
            (
                "sign",
                per_call(budget, || {
                    black_box(kyso_sign(&c, &mut rng));
                }),
                per_call(budget, || {
                    black_box(ossl_sign(&c));
                }),
            ),
            (
                "verify",
                per_call(budget, || {
                    black_box(kyso_verify(&c, &validator, &ks));
                }),
                per_call(budget, || {
                    black_box(ossl_verify(&c, &os));
                }),
            ),
        ];
        for (op, k, o) in rows {
            println!(
                "{:<26} {:>8} {:>9.1} µs {:>9.1} µs {:>6.2}×",
                c.name,
                op,
                k.as_secs_f64() * 1e6,
                o.as_secs_f64() * 1e6,
                k.as_secs_f64() / o.as_secs_f64()
            );
        }
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo bench` passes --bench; the quick test-mode run (`cargo test --benches`) does not.
    if std::env::args().any(|a| a == "--bench") {
        ratios();
    }
}
