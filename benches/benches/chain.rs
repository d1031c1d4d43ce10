//! Chain-validation throughput: kyso's `PathValidator` (pure RustCrypto provider) against
//! OpenSSL's `X509_verify_cert` (the `openssl` crate, `X509StoreContext::verify_cert`) in the
//! same run, on the same 3-certificate chains (root → sub-CA → person, from `kyso-testpki`):
//! RSA-2048 PKCS#1 v1.5 SHA-256 and ECDSA P-256 SHA-256.
//!
//! Like for like: one trust anchor, the sub-CA as an untrusted certificate, a fixed validation
//! time inside the validity periods, no purpose (kyso `KeyPurpose::Any`, OpenSSL's default), no
//! revocation. Each validation verifies two signatures on both sides (OpenSSL does not check a
//! trust anchor's self-signature; kyso never does; kyso's signature cache lives for one
//! validation only). Two groups per chain:
//! - `validate`: certificates already parsed (OpenSSL also caches each `X509`'s decoded
//!   extensions across calls; kyso decodes extensions during every validation);
//! - `parse+validate`: from DER bytes each time, then validate.
//!
//! `cargo bench -p kyso-benches --bench chain` runs criterion and then prints kyso/OpenSSL
//! time ratios; `cargo test -p kyso-benches --benches` runs each benchmark once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use kyso::{Certificate, RustCryptoProvider};
use kyso::{Indication, TimeSource, TimeUsed};
use kyso::{KeyPurpose, ValidationPolicy};
use kyso::{PathValidator, TrustStore};
use kyso_testpki::{DeterministicRng, KeyAlg, VnPki, VnPkiOptions};
use openssl::stack::Stack;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{X509, X509StoreContext};

struct Case {
    name: &'static str,
    /// DER of root, sub-CA, leaf.
    root_der: Vec<u8>,
    sub_der: Vec<u8>,
    leaf_der: Vec<u8>,
    // kyso, parsed
    leaf: Certificate,
    pool: Vec<Certificate>,
    validator: PathValidator<'static>,
    time: TimeUsed,
    policy: ValidationPolicy,
    // OpenSSL, parsed
    ossl_store: X509Store,
    ossl_leaf: X509,
    ossl_chain: Stack<X509>,
}

fn case(name: &'static str, opts: VnPkiOptions) -> Case {
    let now = opts.now;
    let pki = VnPki::generate(&opts, &mut DeterministicRng::from_seed(7)).unwrap();
    let (root_der, sub_der, leaf_der) = (
        pki.root.certificate.der().to_vec(),
        pki.sub_ca.certificate.der().to_vec(),
        pki.person.certificate.der().to_vec(),
    );
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let mut policy = ValidationPolicy::vn_gov().danger_without_revocation();
    policy.name = "bench".into();
    let mut sb = X509StoreBuilder::new().unwrap();
    sb.add_cert(X509::from_der(&root_der).unwrap()).unwrap();
    let mut params = openssl::x509::verify::X509VerifyParam::new().unwrap();
    params.set_time(i64::try_from(kyso::time::unix_seconds(&now)).unwrap());
    sb.set_param(&params).unwrap();
    let mut ossl_chain = Stack::new().unwrap();
    ossl_chain.push(X509::from_der(&sub_der).unwrap()).unwrap();
    Case {
        name,
        leaf: pki.person.certificate.clone(),
        pool: vec![pki.sub_ca.certificate.clone()],
        validator: PathValidator::new(store),
        time: TimeUsed::new(now, TimeSource::Fixed),
        policy,
        ossl_store: sb.build(),
        ossl_leaf: X509::from_der(&leaf_der).unwrap(),
        ossl_chain,
        root_der,
        sub_der,
        leaf_der,
    }
}

fn cases() -> Vec<Case> {
    let now = kyso::time::parse_rfc3339("2025-03-14T09:05:07+07:00").unwrap();
    vec![
        case("rsa2048-pkcs1v15-sha256", VnPkiOptions::fast(now)),
        case("p256-ecdsa-sha256", VnPkiOptions::all(now, KeyAlg::P256)),
    ]
}

fn kyso_validate(c: &Case, leaf: &Certificate, pool: &[Certificate]) -> Indication {
    c.validator
        .validate_detailed(
            leaf,
            pool,
            KeyPurpose::Any,
            &c.time,
            &c.policy,
            &RustCryptoProvider,
        )
        .report
        .indication
}

fn kyso_parse_validate(c: &Case) -> Indication {
    let leaf = Certificate::from_der(&c.leaf_der).unwrap();
    let pool = [Certificate::from_der(&c.sub_der).unwrap()];
    // The anchor is parsed too, as OpenSSL's store would be rebuilt: a fresh validator.
    let mut store = TrustStore::new();
    store.add_anchor(Certificate::from_der(&c.root_der).unwrap());
    PathValidator::new(store)
        .validate_detailed(
            &leaf,
            &pool,
            KeyPurpose::Any,
            &c.time,
            &c.policy,
            &RustCryptoProvider,
        )
        .report
        .indication
}

fn ossl_verify(store: &X509Store, leaf: &X509, chain: &Stack<X509>) -> bool {
    let mut ctx = X509StoreContext::new().unwrap();
    ctx.init(store, leaf, chain, |c| c.verify_cert()).unwrap()
}

fn ossl_parse_verify(c: &Case) -> bool {
    let mut sb = X509StoreBuilder::new().unwrap();
    sb.add_cert(X509::from_der(&c.root_der).unwrap()).unwrap();
    let mut params = openssl::x509::verify::X509VerifyParam::new().unwrap();
    params.set_time(i64::try_from(kyso::time::unix_seconds(&c.time.time)).unwrap());
    sb.set_param(&params).unwrap();
    let store = sb.build();
    let mut chain = Stack::new().unwrap();
    chain.push(X509::from_der(&c.sub_der).unwrap()).unwrap();
    ossl_verify(&store, &X509::from_der(&c.leaf_der).unwrap(), &chain)
}

/// Both sides must accept the chain, or the comparison means nothing.
fn check(c: &Case) {
    assert_eq!(
        kyso_validate(c, &c.leaf, &c.pool),
        Indication::TotalPassed,
        "{}",
        c.name
    );
    assert_eq!(
        kyso_parse_validate(c),
        Indication::TotalPassed,
        "{}",
        c.name
    );
    assert!(
        ossl_verify(&c.ossl_store, &c.ossl_leaf, &c.ossl_chain),
        "{}",
        c.name
    );
    assert!(ossl_parse_verify(c), "{}", c.name);
}

fn bench(cr: &mut Criterion) {
    for c in cases() {
        check(&c);
        let mut g = cr.benchmark_group(format!("chain-validate/{}", c.name));
        g.bench_function("kyso", |b| {
            b.iter(|| black_box(kyso_validate(&c, &c.leaf, &c.pool)))
        });
        g.bench_function("openssl", |b| {
            b.iter(|| black_box(ossl_verify(&c.ossl_store, &c.ossl_leaf, &c.ossl_chain)))
        });
        g.finish();
        let mut g = cr.benchmark_group(format!("chain-parse+validate/{}", c.name));
        g.bench_function("kyso", |b| b.iter(|| black_box(kyso_parse_validate(&c))));
        g.bench_function("openssl", |b| b.iter(|| black_box(ossl_parse_verify(&c))));
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

/// The ratio the issue asks for, measured in the same process right after criterion.
fn ratios() {
    println!(
        "\nchain validation, kyso / OpenSSL X509_verify_cert (same run; > 1 means kyso is slower)"
    );
    println!(
        "{:<26} {:>15} {:>12} {:>12} {:>8} {:>10}",
        "chain", "op", "kyso", "openssl", "ratio", "kyso/s"
    );
    for c in cases() {
        check(&c);
        let budget = Duration::from_secs(2);
        let rows = [
            (
                "validate",
                per_call(budget, || {
                    black_box(kyso_validate(&c, &c.leaf, &c.pool));
                }),
                per_call(budget, || {
                    black_box(ossl_verify(&c.ossl_store, &c.ossl_leaf, &c.ossl_chain));
                }),
            ),
            (
                "parse+validate",
                per_call(budget, || {
                    black_box(kyso_parse_validate(&c));
                }),
                per_call(budget, || {
                    black_box(ossl_parse_verify(&c));
                }),
            ),
        ];
        for (op, k, o) in rows {
            println!(
                "{:<26} {:>15} {:>9.1} µs {:>9.1} µs {:>7.2}× {:>10.0}",
                c.name,
                op,
                k.as_secs_f64() * 1e6,
                o.as_secs_f64() * 1e6,
                k.as_secs_f64() / o.as_secs_f64(),
                1.0 / k.as_secs_f64()
            );
        }
    }
}

criterion_group! {
    name = benches;
    // Shorter than criterion's defaults: 8 benchmarks on a shared 2-core machine.
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo bench` passes --bench; the quick test-mode run (`cargo test --benches`) does not.
    if std::env::args().any(|a| a == "--bench") {
        ratios();
    }
}
