//! Differential check of `kyso::PathValidator` against `openssl verify` (the OpenSSL 3
//! CLI at /usr/bin/openssl, `kyso_tests::OPENSSL`) on chains generated here with `openssl ca` (EC P-256,
//! ECDSA-SHA256, fixed validity dates so that `-attime` decides): name constraints (dNSName,
//! rfc822Name, directoryName, iPAddress v4/v6, URI; permitted and excluded), certificate
//! policies (explicit policy, policy mapping, inhibit mapping, anyPolicy, inhibit anyPolicy),
//! pathLenConstraint, keyUsage / purpose, validity, and CRLs (`-crl_check_all` with CRLs made
//! by `openssl ca -gencrl`; kyso gets the same CRLs through its revocation `Checker`).
//!
//! Each case is run through both; the verdicts (valid / refused) are compared and printed as a
//! table. Every disagreement must be listed in `tests/exceptions/differential-openssl.toml`
//! (`expected` = OpenSSL's verdict, `ours` = kyso's) with the reason kyso is right; an
//! unlisted disagreement or a listed case that now agrees fails the run. Nothing is skipped:
//! the test needs the OpenSSL CLI and fails without it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod revocation_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use kyso::{Certificate, RustCryptoProvider};
use kyso::{Checker, EvidenceOrigin, RevocationEvidence};
use kyso::{Indication, TimeSource, TimeUsed};
use kyso::{KeyPurpose, RevocationMode, RevocationSources, ValidationPolicy};
use kyso::{PathValidator, TrustStore};
use revocation_support::{Tally, load_exceptions};

/// Run the OpenSSL CLI in `dir`; panics (with stderr) if it fails.
fn ossl(dir: &Path, args: &[&str]) {
    let out = Command::new(kyso_tests::OPENSSL)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (the differential test needs it): {e}",
                kyso_tests::OPENSSL
            )
        });
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

const CA_CNF: &str = "\
[ca]
default_ca = CA_default
[CA_default]
database = ./index.txt
new_certs_dir = ./new
serial = ./serial
default_md = sha256
policy = pol
unique_subject = no
email_in_dn = yes
[pol]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
emailAddress = optional
[req]
distinguished_name = dn
[dn]
";

/// A scratch directory with an `openssl ca` database shared by every certificate issued (one
/// serial sequence, so serials never collide).
struct Env {
    dir: PathBuf,
    n: std::cell::Cell<u32>,
}

/// A certificate made by [`Env::issue`].
#[derive(Clone)]
struct Issued {
    pem: PathBuf,
    key: PathBuf,
    serial: String,
    subject: String,
}

/// Validity of a generated certificate (`YYYYMMDDHHMMSSZ`).
#[derive(Clone, Copy)]
struct Dates(&'static str, &'static str);
const ROOT_DATES: Dates = Dates("20200101000000Z", "20400101000000Z");
const INT_DATES: Dates = Dates("20210101000000Z", "20350101000000Z");
const LEAF_DATES: Dates = Dates("20220101000000Z", "20300101000000Z");

impl Env {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("kyso-diff-openssl-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(dir.join("new")).unwrap();
        std::fs::write(dir.join("ca.cnf"), CA_CNF).unwrap();
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("serial"), "1000\n").unwrap();
        Self {
            dir,
            n: std::cell::Cell::new(0),
        }
    }

    fn fresh(&self, stem: &str) -> String {
        let n = self.n.get() + 1;
        self.n.set(n);
        format!("{stem}-{n}")
    }

    fn key(&self) -> PathBuf {
        let name = format!("{}.key", self.fresh("k"));
        ossl(
            &self.dir,
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                &name,
            ],
        );
        self.dir.join(name)
    }

    /// Issue `subject` (OpenSSL `/C=…/CN=…` form) with extension lines `ext` (an `[ext]`
    /// section; further sections such as dirName bodies may follow), signed by `issuer` (or
    /// self-signed), with a fresh key unless `key` is given.
    fn issue(
        &self,
        subject: &str,
        ext: &str,
        issuer: Option<&Issued>,
        dates: Dates,
        key: Option<&Path>,
    ) -> Issued {
        let stem = self.fresh("c");
        let key = key.map(Path::to_path_buf).unwrap_or_else(|| self.key());
        let (csr, pem, extf) = (
            format!("{stem}.csr"),
            format!("{stem}.pem"),
            format!("{stem}.ext"),
        );
        std::fs::write(self.dir.join(&extf), format!("[ext]\n{ext}\n")).unwrap();
        let serial = std::fs::read_to_string(self.dir.join("serial"))
            .unwrap()
            .trim()
            .to_owned();
        let k = key.to_str().unwrap();
        ossl(
            &self.dir,
            &[
                "req", "-new", "-key", k, "-subj", subject, "-config", "ca.cnf", "-out", &csr,
            ],
        );
        let mut args = vec![
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-in",
            &csr,
            "-out",
            &pem,
            "-startdate",
            dates.0,
            "-enddate",
            dates.1,
            "-extfile",
            &extf,
            "-extensions",
            "ext",
            "-notext",
            "-preserveDN",
        ];
        let (ik, ic);
        match issuer {
            Some(i) => {
                ik = i.key.to_str().unwrap().to_owned();
                ic = i.pem.to_str().unwrap().to_owned();
                args.extend(["-cert", &ic, "-keyfile", &ik]);
            }
            None => args.extend(["-selfsign", "-keyfile", k]),
        }
        ossl(&self.dir, &args);
        Issued {
            pem: self.dir.join(pem),
            key,
            serial,
            subject: subject.to_owned(),
        }
    }

    /// A CRL by `issuer` (signed with its key) listing `revoked`
    /// with their revocation dates (`YYMMDDHHMMSSZ`), thisUpdate/nextUpdate as given.
    fn crl(&self, issuer: &Issued, revoked: &[(&Issued, &str)], last: &str, next: &str) -> PathBuf {
        let stem = self.fresh("crl");
        let db = format!("{stem}.index");
        let mut index = String::new();
        for (c, when) in revoked {
            index.push_str(&format!(
                "R\t300101000000Z\t{when},keyCompromise\t{}\tunknown\t{}\n",
                c.serial, c.subject
            ));
        }
        std::fs::write(self.dir.join(&db), index).unwrap();
        std::fs::write(self.dir.join(format!("{stem}.num")), "01\n").unwrap();
        let cnf = CA_CNF.replace("./index.txt", &format!("./{db}")).replace(
            "default_md = sha256",
            &format!("default_md = sha256\ncrlnumber = ./{stem}.num\ncrl_extensions = crl_ext"),
        ) + "[crl_ext]\nauthorityKeyIdentifier = keyid:always\n";
        std::fs::write(self.dir.join(format!("{stem}.cnf")), cnf).unwrap();
        let out = format!("{stem}.pem");
        let key = issuer.key.to_str().unwrap().to_owned();
        ossl(
            &self.dir,
            &[
                "ca",
                "-gencrl",
                "-config",
                &format!("{stem}.cnf"),
                "-cert",
                issuer.pem.to_str().unwrap(),
                "-keyfile",
                &key,
                "-crl_lastupdate",
                last,
                "-crl_nextupdate",
                next,
                "-out",
                &out,
            ],
        );
        self.dir.join(out)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One generated chain: anchor, untrusted intermediates (any order), leaf, CRLs.
struct Built {
    root: Issued,
    ints: Vec<Issued>,
    leaf: Issued,
    crls: Vec<PathBuf>,
}

const ROOT_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash";
const INT_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid";
const LEAF_EXT: &str = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nauthorityKeyIdentifier=keyid";

/// Root → one intermediate (with `int_extra` lines) → leaf (`leaf_subject`, `leaf_extra`).
fn simple(env: &Env, int_extra: &str, leaf_subject: &str, leaf_extra: &str) -> Built {
    let root = env.issue("/CN=Diff Root", ROOT_EXT, None, ROOT_DATES, None);
    let int = env.issue(
        "/C=VN/O=Diff Gov/CN=Diff Int",
        &format!("{INT_EXT}\n{int_extra}"),
        Some(&root),
        INT_DATES,
        None,
    );
    let leaf = env.issue(
        leaf_subject,
        &format!("{LEAF_EXT}\n{leaf_extra}"),
        Some(&int),
        LEAF_DATES,
        None,
    );
    Built {
        root,
        ints: vec![int],
        leaf,
        crls: vec![],
    }
}

/// Root (with `root_extra`) → intermediate → leaf.
fn root_with(env: &Env, root_extra: &str, leaf_subject: &str, leaf_extra: &str) -> Built {
    let root = env.issue(
        "/CN=Diff Root",
        &format!("{ROOT_EXT}\n{root_extra}"),
        None,
        ROOT_DATES,
        None,
    );
    let int = env.issue(
        "/C=VN/O=Diff Gov/CN=Diff Int",
        INT_EXT,
        Some(&root),
        INT_DATES,
        None,
    );
    let leaf = env.issue(
        leaf_subject,
        &format!("{LEAF_EXT}\n{leaf_extra}"),
        Some(&int),
        LEAF_DATES,
        None,
    );
    Built {
        root,
        ints: vec![int],
        leaf,
        crls: vec![],
    }
}

/// Policy chain: root → int (`int_pol` lines) → leaf (`leaf_pol` lines).
fn policy_chain(env: &Env, int_pol: &str, leaf_pol: &str) -> Built {
    simple(env, int_pol, "/CN=Diff Leaf", leaf_pol)
}

/// Root → int1 → int2 → leaf with extra lines on each intermediate.
fn two_ints(env: &Env, int1_extra: &str, int2_extra: &str) -> Built {
    let root = env.issue("/CN=Diff Root", ROOT_EXT, None, ROOT_DATES, None);
    let i1 = env.issue(
        "/CN=Diff Int 1",
        &format!("{INT_EXT}\n{int1_extra}"),
        Some(&root),
        INT_DATES,
        None,
    );
    let i2 = env.issue(
        "/CN=Diff Int 2",
        &format!("{INT_EXT}\n{int2_extra}"),
        Some(&i1),
        INT_DATES,
        None,
    );
    let leaf = env.issue("/CN=Diff Leaf", LEAF_EXT, Some(&i2), LEAF_DATES, None);
    Built {
        root,
        ints: vec![i1, i2],
        leaf,
        crls: vec![],
    }
}

/// Root → int → leaf with CRLs; `f` picks revocations and CRL dates.
fn with_crls(env: &Env, f: impl Fn(&Env, &Issued, &Issued, &Issued) -> Vec<PathBuf>) -> Built {
    let mut b = simple(env, "", "/CN=Diff Leaf", "");
    b.crls = f(env, &b.root, &b.ints[0], &b.leaf);
    b
}

/// How kyso is configured for a case (the OpenSSL flags' counterparts).
#[derive(Clone, Copy, Default)]
struct KysoOpts {
    policy_set: &'static [&'static str],
    explicit: bool,
    inhibit_map: bool,
    inhibit_any: bool,
    constrained_anchor: bool,
    purpose: Option<KeyPurpose>,
    crl: bool,
}

struct Case {
    name: &'static str,
    build: Box<dyn Fn(&Env) -> Built>,
    /// Validation time (RFC 3339), passed to OpenSSL as `-attime`.
    at: &'static str,
    flags: &'static [&'static str],
    kyso: KysoOpts,
}

fn case(
    name: &'static str,
    at: &'static str,
    flags: &'static [&'static str],
    kyso: KysoOpts,
    build: impl Fn(&Env) -> Built + 'static,
) -> Case {
    Case {
        name,
        build: Box::new(build),
        at,
        flags,
        kyso,
    }
}

const AT: &str = "2025-01-01T00:00:00Z";
const K: KysoOpts = KysoOpts {
    policy_set: &[],
    explicit: false,
    inhibit_map: false,
    inhibit_any: false,
    constrained_anchor: false,
    purpose: None,
    crl: false,
};

fn cases() -> Vec<Case> {
    let pol = |set: &'static [&'static str], explicit: bool| KysoOpts {
        policy_set: set,
        explicit,
        ..K
    };
    vec![
        // --- baseline, validity (RFC 5280 §6.1.3 (a)(2)) ---
        case("basic-ok", AT, &[], K, |e| {
            simple(e, "", "/CN=Diff Leaf", "")
        }),
        case(
            "validity-leaf-expired",
            "2031-01-01T00:00:00Z",
            &[],
            K,
            |e| simple(e, "", "/CN=Diff Leaf", ""),
        ),
        case(
            "validity-leaf-not-yet-valid",
            "2021-06-01T00:00:00Z",
            &[],
            K,
            |e| simple(e, "", "/CN=Diff Leaf", ""),
        ),
        case(
            "validity-at-notafter-inclusive",
            "2030-01-01T00:00:00Z",
            &[],
            K,
            |e| simple(e, "", "/CN=Diff Leaf", ""),
        ),
        case(
            "validity-one-second-after-notafter",
            "2030-01-01T00:00:01Z",
            &[],
            K,
            |e| simple(e, "", "/CN=Diff Leaf", ""),
        ),
        case("validity-intermediate-expired", AT, &[], K, |e| {
            let root = e.issue("/CN=Diff Root", ROOT_EXT, None, ROOT_DATES, None);
            let int = e.issue(
                "/CN=Diff Int",
                INT_EXT,
                Some(&root),
                Dates("20210101000000Z", "20240101000000Z"),
                None,
            );
            let leaf = e.issue("/CN=Diff Leaf", LEAF_EXT, Some(&int), LEAF_DATES, None);
            Built {
                root,
                ints: vec![int],
                leaf,
                crls: vec![],
            }
        }),
        case("validity-root-expired", AT, &[], K, |e| {
            let root = e.issue(
                "/CN=Diff Root",
                ROOT_EXT,
                None,
                Dates("20200101000000Z", "20240101000000Z"),
                None,
            );
            let int = e.issue("/CN=Diff Int", INT_EXT, Some(&root), INT_DATES, None);
            let leaf = e.issue("/CN=Diff Leaf", LEAF_EXT, Some(&int), LEAF_DATES, None);
            Built {
                root,
                ints: vec![int],
                leaf,
                crls: vec![],
            }
        }),
        // --- basic constraints, pathLenConstraint (§6.1.4 (k)–(m)) ---
        case("pathlen0-one-intermediate", AT, &[], K, |e| {
            simple(
                e,
                "basicConstraints=critical,CA:TRUE,pathlen:0",
                "/CN=Diff Leaf",
                "",
            )
        }),
        case("pathlen0-two-intermediates", AT, &[], K, |e| {
            two_ints(e, "basicConstraints=critical,CA:TRUE,pathlen:0", "")
        }),
        case("pathlen1-two-intermediates", AT, &[], K, |e| {
            two_ints(e, "basicConstraints=critical,CA:TRUE,pathlen:1", "")
        }),
        case("pathlen0-self-issued-not-counted", AT, &[], K, |e| {
            let root = e.issue("/CN=Diff Root", ROOT_EXT, None, ROOT_DATES, None);
            let int = e.issue(
                "/CN=Diff Int",
                &format!("{INT_EXT}\nbasicConstraints=critical,CA:TRUE,pathlen:0"),
                Some(&root),
                INT_DATES,
                None,
            );
            // Key roll-over: the intermediate certifies its new key under the same name.
            let rolled = e.issue(
                "/CN=Diff Int",
                &format!("{INT_EXT}\nbasicConstraints=critical,CA:TRUE,pathlen:0"),
                Some(&int),
                INT_DATES,
                None,
            );
            let leaf = e.issue("/CN=Diff Leaf", LEAF_EXT, Some(&rolled), LEAF_DATES, None);
            Built {
                root,
                ints: vec![int, rolled],
                leaf,
                crls: vec![],
            }
        }),
        case("pathlen0-on-root-anchor", AT, &[], K, |e| {
            root_with(
                e,
                "basicConstraints=critical,CA:TRUE,pathlen:0",
                "/CN=Diff Leaf",
                "",
            )
        }),
        case(
            "pathlen0-on-root-constrained-anchor",
            AT,
            &[],
            KysoOpts {
                constrained_anchor: true,
                ..K
            },
            |e| {
                root_with(
                    e,
                    "basicConstraints=critical,CA:TRUE,pathlen:0",
                    "/CN=Diff Leaf",
                    "",
                )
            },
        ),
        case("intermediate-ca-false", AT, &[], K, |e| {
            simple(e, "basicConstraints=critical,CA:FALSE", "/CN=Diff Leaf", "")
        }),
        case("intermediate-no-basic-constraints", AT, &[], K, |e| {
            let root = e.issue("/CN=Diff Root", ROOT_EXT, None, ROOT_DATES, None);
            let int = e.issue(
                "/CN=Diff Int",
                "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash",
                Some(&root),
                INT_DATES,
                None,
            );
            let leaf = e.issue("/CN=Diff Leaf", LEAF_EXT, Some(&int), LEAF_DATES, None);
            Built {
                root,
                ints: vec![int],
                leaf,
                crls: vec![],
            }
        }),
        // --- key usage (§6.1.4 (n), §4.2.1.3) and purposes ---
        case("ku-intermediate-without-keycertsign", AT, &[], K, |e| {
            simple(
                e,
                "keyUsage=critical,digitalSignature,cRLSign",
                "/CN=Diff Leaf",
                "",
            )
        }),
        case("ku-intermediate-absent", AT, &[], K, |e| {
            let root = e.issue("/CN=Diff Root", ROOT_EXT, None, ROOT_DATES, None);
            let int = e.issue(
                "/CN=Diff Int",
                "basicConstraints=critical,CA:TRUE\nsubjectKeyIdentifier=hash",
                Some(&root),
                INT_DATES,
                None,
            );
            let leaf = e.issue("/CN=Diff Leaf", LEAF_EXT, Some(&int), LEAF_DATES, None);
            Built {
                root,
                ints: vec![int],
                leaf,
                crls: vec![],
            }
        }),
        case(
            "ku-leaf-digitalsignature-smimesign",
            AT,
            &["-purpose", "smimesign"],
            KysoOpts {
                purpose: Some(KeyPurpose::EmailProtection),
                ..K
            },
            |e| simple(e, "", "/CN=Diff Leaf", ""),
        ),
        case(
            "ku-leaf-nonrepudiation-smimesign",
            AT,
            &["-purpose", "smimesign"],
            KysoOpts {
                purpose: Some(KeyPurpose::EmailProtection),
                ..K
            },
            |e| simple(e, "", "/CN=Diff Leaf", "keyUsage=critical,nonRepudiation"),
        ),
        case(
            "ku-leaf-keyencipherment-smimesign",
            AT,
            &["-purpose", "smimesign"],
            KysoOpts {
                purpose: Some(KeyPurpose::EmailProtection),
                ..K
            },
            |e| simple(e, "", "/CN=Diff Leaf", "keyUsage=critical,keyEncipherment"),
        ),
        case(
            "eku-leaf-serverauth-smimesign",
            AT,
            &["-purpose", "smimesign"],
            KysoOpts {
                purpose: Some(KeyPurpose::EmailProtection),
                ..K
            },
            |e| simple(e, "", "/CN=Diff Leaf", "extendedKeyUsage=serverAuth"),
        ),
        case(
            "eku-leaf-emailprotection-smimesign",
            AT,
            &["-purpose", "smimesign"],
            KysoOpts {
                purpose: Some(KeyPurpose::EmailProtection),
                ..K
            },
            |e| {
                simple(
                    e,
                    "",
                    "/CN=Diff Leaf",
                    "extendedKeyUsage=emailProtection,clientAuth",
                )
            },
        ),
        case(
            "eku-leaf-clientauth-sslclient",
            AT,
            &["-purpose", "sslclient"],
            KysoOpts {
                purpose: Some(KeyPurpose::ClientAuth),
                ..K
            },
            |e| simple(e, "", "/CN=Diff Leaf", "extendedKeyUsage=clientAuth"),
        ),
        case(
            "eku-leaf-clientauth-sslserver",
            AT,
            &["-purpose", "sslserver"],
            KysoOpts {
                purpose: Some(KeyPurpose::ServerAuth),
                ..K
            },
            |e| simple(e, "", "/CN=Diff Leaf", "extendedKeyUsage=clientAuth"),
        ),
        // --- name constraints (§4.2.1.10, §6.1.3 (b)(c), §6.1.4 (g)) ---
        case("nc-dns-permitted", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:www.example.com",
            )
        }),
        case("nc-dns-permitted-exact", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:example.com",
            )
        }),
        case("nc-dns-outside-permitted", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:www.example.org",
            )
        }),
        case("nc-dns-label-boundary", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:badexample.com",
            )
        }),
        case("nc-dns-excluded", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,excluded;DNS:bad.example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:x.bad.example.com",
            )
        }),
        case("nc-dns-excluded-sibling", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,excluded;DNS:bad.example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:notbad.example.com",
            )
        }),
        case("nc-dns-one-of-several-sans-outside", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:a.example.com,DNS:b.example.net",
            )
        }),
        case("nc-dns-cn-hostname-no-san", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=www.example.org",
                "",
            )
        }),
        case("nc-email-permitted-domain", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;email:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=email:alice@example.com",
            )
        }),
        case("nc-email-outside-domain", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;email:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=email:alice@example.org",
            )
        }),
        case("nc-email-subdomain-constraint", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;email:.example.com",
                "/CN=Diff Leaf",
                "subjectAltName=email:alice@mail.example.com",
            )
        }),
        case("nc-email-subdomain-constraint-host", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;email:.example.com",
                "/CN=Diff Leaf",
                "subjectAltName=email:alice@example.com",
            )
        }),
        case("nc-email-mailbox-excluded", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,excluded;email:eve@example.com",
                "/CN=Diff Leaf",
                "subjectAltName=email:eve@example.com",
            )
        }),
        case("nc-email-in-subject-dn", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;email:example.com",
                "/CN=Diff Leaf/emailAddress=alice@example.org",
                "",
            )
        }),
        case("nc-dirname-permitted", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;dirName:dn_ok\n[dn_ok]\nC=VN\nO=Diff Gov",
                "/C=VN/O=Diff Gov/CN=Diff Leaf",
                "",
            )
        }),
        case("nc-dirname-outside", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;dirName:dn_ok\n[dn_ok]\nC=VN\nO=Diff Gov",
                "/C=VN/O=Other Org/CN=Diff Leaf",
                "",
            )
        }),
        case("nc-dirname-excluded", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,excluded;dirName:dn_bad\n[dn_bad]\nC=VN\nO=Diff Gov\nOU=Bad",
                "/C=VN/O=Diff Gov/OU=Bad/CN=Diff Leaf",
                "",
            )
        }),
        case("nc-dirname-san", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;dirName:dn_ok\n[dn_ok]\nC=VN\nO=Diff Gov",
                "/C=VN/O=Diff Gov/CN=Diff Leaf",
                "subjectAltName=dirName:dn_san\n[dn_san]\nC=VN\nO=Other Org\nCN=x",
            )
        }),
        case("nc-ipv4-permitted", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;IP:10.0.0.0/255.0.0.0",
                "/CN=Diff Leaf",
                "subjectAltName=IP:10.1.2.3",
            )
        }),
        case("nc-ipv4-outside", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;IP:10.0.0.0/255.0.0.0",
                "/CN=Diff Leaf",
                "subjectAltName=IP:192.168.1.1",
            )
        }),
        case("nc-ipv6-excluded", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,excluded;IP:2001:db8::/ffff:ffff::",
                "/CN=Diff Leaf",
                "subjectAltName=IP:2001:db8::1",
            )
        }),
        case("nc-ipv6-vs-ipv4-constraint", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;IP:10.0.0.0/255.0.0.0",
                "/CN=Diff Leaf",
                "subjectAltName=IP:2001:db8::1",
            )
        }),
        case("nc-uri-subdomains", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;URI:.example.com",
                "/CN=Diff Leaf",
                "subjectAltName=URI:https://www.example.com/doc",
            )
        }),
        case("nc-uri-host-exact", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;URI:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=URI:https://example.com/doc",
            )
        }),
        case("nc-uri-outside", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;URI:.example.com",
                "/CN=Diff Leaf",
                "subjectAltName=URI:https://example.org/doc",
            )
        }),
        case("nc-uri-excluded-host", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,excluded;URI:evil.example.com",
                "/CN=Diff Leaf",
                "subjectAltName=URI:http://evil.example.com/",
            )
        }),
        case("nc-other-form-unconstrained", AT, &[], K, |e| {
            simple(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=IP:192.0.2.1",
            )
        }),
        case("nc-self-issued-intermediate-exempt", AT, &[], K, |e| {
            // RFC 5280 §6.1.3 (b): self-issued intermediates are not checked against name
            // constraints (the roll-over certificate's subject is outside the subtree).
            let root = e.issue("/CN=Diff Root", ROOT_EXT, None, ROOT_DATES, None);
            let int = e.issue(
                "/C=VN/O=Other/CN=Diff Int",
                &format!("{INT_EXT}\nnameConstraints=critical,permitted;dirName:dn_ok\n[dn_ok]\nC=VN\nO=Diff Gov"),
                Some(&root),
                INT_DATES,
                None,
            );
            let rolled = e.issue(
                "/C=VN/O=Other/CN=Diff Int",
                INT_EXT,
                Some(&int),
                INT_DATES,
                None,
            );
            let leaf = e.issue(
                "/C=VN/O=Diff Gov/CN=Diff Leaf",
                LEAF_EXT,
                Some(&rolled),
                LEAF_DATES,
                None,
            );
            Built {
                root,
                ints: vec![int, rolled],
                leaf,
                crls: vec![],
            }
        }),
        case("nc-on-root-anchor", AT, &[], K, |e| {
            root_with(
                e,
                "nameConstraints=critical,permitted;DNS:example.com",
                "/CN=Diff Leaf",
                "subjectAltName=DNS:www.example.org",
            )
        }),
        case(
            "nc-on-root-constrained-anchor",
            AT,
            &[],
            KysoOpts {
                constrained_anchor: true,
                ..K
            },
            |e| {
                root_with(
                    e,
                    "nameConstraints=critical,permitted;DNS:example.com",
                    "/CN=Diff Leaf",
                    "subjectAltName=DNS:www.example.org",
                )
            },
        ),
        // --- certificate policies (§6.1.3 (d)–(f), §6.1.4 (a)(b)(h)–(j), §6.1.5) ---
        case(
            "policy-explicit-ok",
            AT,
            &["-policy_check", "-policy", "1.2.3.4", "-explicit_policy"],
            pol(&["1.2.3.4"], true),
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        case(
            "policy-explicit-leaf-without-policies",
            AT,
            &["-policy_check", "-explicit_policy"],
            pol(&[], true),
            |e| policy_chain(e, "certificatePolicies=1.2.3.4", ""),
        ),
        case(
            "policy-user-set-mismatch-explicit",
            AT,
            &["-policy_check", "-policy", "1.2.3.5", "-explicit_policy"],
            pol(&["1.2.3.5"], true),
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        case(
            "policy-user-set-mismatch-not-explicit",
            AT,
            &["-policy_check", "-policy", "1.2.3.5"],
            pol(&["1.2.3.5"], false),
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        case(
            "policy-require-explicit-in-intermediate",
            AT,
            &["-policy_check"],
            K,
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyConstraints=critical,requireExplicitPolicy:0",
                    "",
                )
            },
        ),
        case(
            "policy-require-explicit-satisfied-any-user-set",
            AT,
            &["-policy_check", "-policy", "2.5.29.32.0"],
            K,
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyConstraints=critical,requireExplicitPolicy:0",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        case(
            "policy-require-explicit-without-policy-check",
            AT,
            &[],
            K,
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyConstraints=critical,requireExplicitPolicy:0",
                    "",
                )
            },
        ),
        case(
            "policy-require-explicit-satisfied",
            AT,
            &["-policy_check"],
            K,
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyConstraints=critical,requireExplicitPolicy:0",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        case(
            "policy-mapping",
            AT,
            &["-policy_check", "-policy", "1.2.3.4", "-explicit_policy"],
            pol(&["1.2.3.4"], true),
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyMappings=1.2.3.4:1.2.3.5",
                    "certificatePolicies=1.2.3.5",
                )
            },
        ),
        case(
            "policy-mapping-inhibited-by-caller",
            AT,
            &[
                "-policy_check",
                "-policy",
                "1.2.3.4",
                "-explicit_policy",
                "-inhibit_map",
            ],
            KysoOpts {
                inhibit_map: true,
                ..pol(&["1.2.3.4"], true)
            },
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyMappings=1.2.3.4:1.2.3.5",
                    "certificatePolicies=1.2.3.5",
                )
            },
        ),
        case(
            "policy-mapping-inhibited-by-root",
            AT,
            &["-policy_check", "-policy", "1.2.3.4", "-explicit_policy"],
            pol(&["1.2.3.4"], true),
            |e| {
                // inhibitPolicyMapping:0 in the root's policyConstraints binds only when the anchor
                // is constrained; here it is issued in a first intermediate instead.
                two_ints(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyConstraints=critical,inhibitPolicyMapping:0",
                    "certificatePolicies=1.2.3.4\npolicyMappings=1.2.3.4:1.2.3.5",
                )
            },
        ),
        case(
            "policy-anypolicy-intermediate",
            AT,
            &["-policy_check", "-policy", "1.2.3.4", "-explicit_policy"],
            pol(&["1.2.3.4"], true),
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=2.5.29.32.0",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        case(
            "policy-anypolicy-inhibited-by-caller",
            AT,
            &[
                "-policy_check",
                "-policy",
                "1.2.3.4",
                "-explicit_policy",
                "-inhibit_any",
            ],
            KysoOpts {
                inhibit_any: true,
                ..pol(&["1.2.3.4"], true)
            },
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=2.5.29.32.0",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        case(
            "policy-inhibit-anypolicy-extension",
            AT,
            &["-policy_check", "-explicit_policy"],
            pol(&[], true),
            |e| {
                two_ints(
                    e,
                    "certificatePolicies=2.5.29.32.0\ninhibitAnyPolicy=critical,0",
                    "certificatePolicies=2.5.29.32.0",
                )
            },
        ),
        case(
            "policy-leaf-anypolicy-explicit",
            AT,
            &["-policy_check", "-policy", "1.2.3.4", "-explicit_policy"],
            pol(&["1.2.3.4"], true),
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4",
                    "certificatePolicies=2.5.29.32.0",
                )
            },
        ),
        case(
            "policy-mapping-to-anypolicy",
            AT,
            &["-policy_check"],
            K,
            |e| {
                policy_chain(
                    e,
                    "certificatePolicies=1.2.3.4\npolicyMappings=1.2.3.4:2.5.29.32.0",
                    "certificatePolicies=1.2.3.4",
                )
            },
        ),
        // --- CRLs (§6.3.3; `-crl_check_all`: every certificate including the root needs a CRL) ---
        case(
            "crl-none-revoked",
            AT,
            &["-crl_check_all"],
            KysoOpts { crl: true, ..K },
            |e| {
                with_crls(e, |e, root, int, _| {
                    vec![
                        e.crl(root, &[], "20241201000000Z", "20250301000000Z"),
                        e.crl(int, &[], "20241201000000Z", "20250301000000Z"),
                    ]
                })
            },
        ),
        case(
            "crl-leaf-revoked",
            AT,
            &["-crl_check_all"],
            KysoOpts { crl: true, ..K },
            |e| {
                with_crls(e, |e, root, int, leaf| {
                    vec![
                        e.crl(root, &[], "20241201000000Z", "20250301000000Z"),
                        e.crl(
                            int,
                            &[(leaf, "240601000000Z")],
                            "20241201000000Z",
                            "20250301000000Z",
                        ),
                    ]
                })
            },
        ),
        case(
            "crl-intermediate-revoked",
            AT,
            &["-crl_check_all"],
            KysoOpts { crl: true, ..K },
            |e| {
                with_crls(e, |e, root, int, _| {
                    vec![
                        e.crl(
                            root,
                            &[(int, "240601000000Z")],
                            "20241201000000Z",
                            "20250301000000Z",
                        ),
                        e.crl(int, &[], "20241201000000Z", "20250301000000Z"),
                    ]
                })
            },
        ),
        case(
            "crl-missing-for-leaf",
            AT,
            &["-crl_check_all"],
            KysoOpts { crl: true, ..K },
            |e| {
                with_crls(e, |e, root, _, _| {
                    vec![e.crl(root, &[], "20241201000000Z", "20250301000000Z")]
                })
            },
        ),
        case(
            "crl-expired",
            AT,
            &["-crl_check_all"],
            KysoOpts { crl: true, ..K },
            |e| {
                with_crls(e, |e, root, int, _| {
                    vec![
                        e.crl(root, &[], "20241201000000Z", "20250301000000Z"),
                        e.crl(int, &[], "20241101000000Z", "20241201000000Z"),
                    ]
                })
            },
        ),
        case(
            "crl-bad-signature",
            AT,
            &["-crl_check_all"],
            KysoOpts { crl: true, ..K },
            |e| {
                // The leaf's CRL names the intermediate as issuer but is signed by another key
                // (an impostor CA certificate with the intermediate's name).
                with_crls(e, |e, root, _, _| {
                    let impostor = e.issue(
                        "/C=VN/O=Diff Gov/CN=Diff Int",
                        INT_EXT,
                        None,
                        INT_DATES,
                        None,
                    );
                    vec![
                        e.crl(root, &[], "20241201000000Z", "20250301000000Z"),
                        e.crl(&impostor, &[], "20241201000000Z", "20250301000000Z"),
                    ]
                })
            },
        ),
        case(
            "crl-leaf-revoked-after-validation-time",
            AT,
            &["-crl_check_all"],
            KysoOpts { crl: true, ..K },
            |e| {
                // Revoked 2025-06-01 on a CRL of 2025-07-01; validated at 2025-01-01 (e.g. the
                // signing time of a document).
                with_crls(e, |e, root, int, leaf| {
                    vec![
                        e.crl(root, &[], "20250701000000Z", "20251001000000Z"),
                        e.crl(
                            int,
                            &[(leaf, "250601000000Z")],
                            "20250701000000Z",
                            "20251001000000Z",
                        ),
                    ]
                })
            },
        ),
    ]
}

/// `openssl verify`: Ok(()) or Err(first error line).
fn run_openssl(dir: &Path, b: &Built, c: &Case) -> Result<(), String> {
    let at = kyso::time::unix_seconds(&kyso::time::parse_rfc3339(c.at).unwrap()).to_string();
    let untrusted = dir.join(format!("{}-untrusted.pem", c.name));
    let mut pems = String::new();
    for i in &b.ints {
        pems.push_str(&std::fs::read_to_string(&i.pem).unwrap());
    }
    std::fs::write(&untrusted, pems).unwrap();
    let mut cmd = Command::new(kyso_tests::OPENSSL);
    cmd.current_dir(dir)
        .args(["verify", "-no-CApath", "-no-CAstore", "-CAfile"])
        .arg(&b.root.pem);
    if !b.ints.is_empty() {
        cmd.arg("-untrusted").arg(&untrusted);
    }
    cmd.args(["-attime", &at]).args(c.flags);
    for crl in &b.crls {
        cmd.arg("-CRLfile").arg(crl);
    }
    cmd.arg(&b.leaf.pem);
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        return Ok(());
    }
    // A refusal counts only as a verification error ("error N at D depth lookup: …"), never a
    // usage or file error, so that "both refuse" cannot hide a broken case.
    let verification_error = text.lines().find(|l| {
        l.strip_prefix("error ")
            .and_then(|r| r.split_once(" at "))
            .is_some_and(|(n, rest)| {
                n.bytes().all(|b| b.is_ascii_digit()) && rest.contains("depth lookup:")
            })
    });
    match verification_error {
        Some(line) => Err(line.to_owned()),
        None => panic!(
            "{}: openssl verify failed without a verification error:\n{text}",
            c.name
        ),
    }
}

fn load(p: &Path) -> Certificate {
    Certificate::from_pem(&std::fs::read(p).unwrap())
        .unwrap()
        .remove(0)
}

/// kyso's verdict: Ok(()) or Err(reason).
fn run_kyso(b: &Built, c: &Case) -> Result<(), String> {
    let mut store = TrustStore::new();
    let root = load(&b.root.pem);
    if c.kyso.constrained_anchor {
        store.add_constrained_anchor(root);
    } else {
        store.add_anchor(root);
    }
    let pool: Vec<Certificate> = b.ints.iter().map(|i| load(&i.pem)).collect();
    let leaf = load(&b.leaf.pem);
    let time = kyso::time::parse_rfc3339(c.at).unwrap();
    let mut policy = ValidationPolicy::vn_gov().danger_without_revocation();
    policy.name = "differential-openssl".into();
    policy.chain.initial_policy_set = c
        .kyso
        .policy_set
        .iter()
        .map(|o| der::asn1::ObjectIdentifier::new(o).unwrap())
        .collect();
    policy.chain.initial_explicit_policy = c.kyso.explicit;
    policy.chain.initial_policy_mapping_inhibit = c.kyso.inhibit_map;
    policy.chain.initial_any_policy_inhibit = c.kyso.inhibit_any;
    let evidence = RevocationEvidence::new(
        b.crls
            .iter()
            .map(|p| {
                revocation_support::pem_sections(&std::fs::read_to_string(p).unwrap())["X509 CRL"]
                    .clone()
            })
            .collect(),
        vec![],
    );
    let checker = Checker::new()
        .with_evidence(&evidence, EvidenceOrigin::Caller)
        .with_current_time(time);
    if c.kyso.crl {
        // `-crl_check_all`: status required for every certificate, from CRLs.
        policy.revocation = RevocationMode::Require;
        policy.revocation_sources = RevocationSources::CrlOnly;
    }
    let validator = PathValidator::new(store);
    let validator = if c.kyso.crl {
        validator.with_revocation(&checker)
    } else {
        validator
    };
    let r = validator.validate_detailed(
        &leaf,
        &pool,
        c.kyso.purpose.unwrap_or(KeyPurpose::Any),
        &TimeUsed::new(time, TimeSource::Fixed),
        &policy,
        &RustCryptoProvider,
    );
    if r.report.indication == Indication::TotalPassed {
        Ok(())
    } else {
        Err(r
            .error
            .map(|e| format!("{e:?}"))
            .unwrap_or_else(|| format!("{:?}", r.report.indication)))
    }
}

fn verdict(r: &Result<(), String>) -> &'static str {
    if r.is_ok() { "VALID" } else { "REFUSED" }
}

#[test]
fn differential_openssl_verify() {
    let env = Env::new();
    let exceptions = load_exceptions(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("exceptions/differential-openssl.toml"),
    );
    let mut tally = Tally::default();
    println!("{:<46} {:<8} {:<8} agree", "case", "openssl", "kyso");
    for c in cases() {
        let b = (c.build)(&env);
        let o = run_openssl(&env.dir, &b, &c);
        let k = run_kyso(&b, &c);
        let agree = verdict(&o) == verdict(&k);
        let listed = exceptions.iter().any(|e| e.test == c.name);
        println!(
            "{:<46} {:<8} {:<8} {}{}{}",
            c.name,
            verdict(&o),
            verdict(&k),
            if agree {
                "yes"
            } else if listed {
                "NO (listed)"
            } else {
                "NO"
            },
            o.as_ref()
                .err()
                .map(|e| format!("  [openssl: {e}]"))
                .unwrap_or_default(),
            k.as_ref()
                .err()
                .map(|e| format!("  [kyso: {e}]"))
                .unwrap_or_default(),
        );
        // Tally: "expected" is OpenSSL's verdict, "ours" kyso's.
        tally.record(c.name, verdict(&o), verdict(&k), &exceptions);
    }
    tally.finish("differential openssl verify", &exceptions);
}
