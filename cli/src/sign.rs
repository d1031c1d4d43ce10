//! `kyso sign`: load a key (PKCS#12 or PEM/DER, password from the environment or a file —
//! never from the command line), build a CMS SignedData with the CAdES-B-B attributes.

use std::path::Path;

use kyso::KeyType;
use kyso::{Certificate, DigestAlgorithm, KeyError, Lang, SignatureScheme, SoftwareKey};
use kyso::{SignedDataBuilder, SignerOptions};

use crate::files;
use crate::msg::{Msg, label};
use crate::{CmdResult, SignArgs};

/// A key with the certificate it signs for and any extra certificates that came with it.
pub struct LoadedKey {
    pub key: SoftwareKey,
    pub certificate: Certificate,
    pub chain: Vec<Certificate>,
}

fn password(args: &SignArgs) -> Result<Option<Vec<u8>>, Msg> {
    if let Some(var) = &args.password_env {
        let v =
            std::env::var_os(var).ok_or_else(|| Msg::PasswordEnvMissing { var: var.clone() })?;
        return Ok(Some(v.into_encoded_bytes()));
    }
    if let Some(p) = &args.password_file {
        let mut bytes = files::read(p, 64 * 1024)?;
        // First line only, without its line ending (files written by `echo` end in "\n").
        if let Some(end) = bytes.iter().position(|b| *b == b'\n') {
            bytes.truncate(end);
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        return Ok(Some(bytes));
    }
    Ok(None)
}

fn key_error(e: KeyError, path: &Path) -> Msg {
    let path = path.display().to_string();
    match e {
        KeyError::PasswordRequired => Msg::PasswordRequired { path },
        KeyError::WrongPassword => Msg::WrongPassword { path },
        KeyError::CertificateKeyMismatch | KeyError::NoMatchingCertificate => {
            Msg::CertificateKeyMismatch
        }
        other => Msg::NotKey {
            path,
            reason: other.message().into(),
        },
    }
}

/// Load KEY (PKCS#12, or PEM/DER private key) and the signer certificate.
pub fn load_key(
    key_path: &Path,
    cert_path: Option<&Path>,
    password: Option<&[u8]>,
) -> Result<LoadedKey, Msg> {
    let bytes = files::read(key_path, files::MAX_INPUT)?;
    let (key, mut certificate, mut chain) = match kyso::KeyBundle::from_bytes(&bytes, password) {
        Ok(b) => (b.key, Some(b.certificate), b.chain),
        // A PEM or DER private key without its certificate: the certificate comes from --cert.
        Err(KeyError::NoMatchingCertificate) if !is_pkcs12(&bytes) => {
            let key = if bytes.windows(11).any(|w| w == b"-----BEGIN ") {
                SoftwareKey::from_pem(&bytes, password)
            } else {
                SoftwareKey::from_der(&bytes, password)
            }
            .map_err(|e| key_error(e, key_path))?;
            let others = Certificate::from_pem(&bytes).unwrap_or_default();
            (key, None, others)
        }
        Err(e) => return Err(key_error(e, key_path)),
    };
    if let Some(p) = cert_path {
        let certs = files::certificates(p)?;
        let mut it = certs.into_iter();
        if let Some(first) = it.next()
            && let Some(old) = certificate.replace(first)
        {
            chain.push(old);
        }
        chain.extend(it);
    }
    let certificate = certificate.ok_or_else(|| Msg::NoSignerCertificate {
        path: key_path.display().to_string(),
    })?;
    if !key.matches_certificate(&certificate) {
        return Err(Msg::CertificateKeyMismatch);
    }
    chain.retain(|c| c != &certificate);
    Ok(LoadedKey {
        key,
        certificate,
        chain,
    })
}

/// PKCS#12 PFX (RFC 7292 §4): `SEQUENCE { INTEGER 3, ContentInfo, … }`.
fn is_pkcs12(bytes: &[u8]) -> bool {
    // After the outer SEQUENCE header (2–6 bytes) comes INTEGER 3: 02 01 03.
    (2usize..=6).any(|off| bytes.get(off..off.saturating_add(3)) == Some(&[0x02, 0x01, 0x03][..]))
        && bytes.first() == Some(&0x30)
}

/// The scheme for `key` given the CLI choices.
pub fn scheme_for(
    key: &SoftwareKey,
    digest: DigestAlgorithm,
    pss: bool,
) -> Result<SignatureScheme, Msg> {
    Ok(match key.key_type() {
        KeyType::Rsa { .. } if pss => SignatureScheme::RsaPss {
            digest,
            salt_len: digest.output_len(),
        },
        KeyType::Rsa { .. } => SignatureScheme::RsaPkcs1v15 { digest },
        _ if pss => return Err(Msg::PssNeedsRsa),
        KeyType::EcP256 | KeyType::EcP384 | KeyType::EcP521 => SignatureScheme::Ecdsa { digest },
        // Ed25519 fixes its own digest (RFC 8419: SHA-512 in CMS).
        _ => key.default_scheme(),
    })
}

pub fn run(args: &SignArgs, lang: Lang) -> CmdResult {
    let pw = password(args)?;
    let loaded = load_key(&args.key, args.cert.as_deref(), pw.as_deref())?;
    // Loading has no report: what it noticed (padding after a DER key file) is said here.
    for f in loaded.key.findings() {
        errln!("{}", f.message(lang));
    }
    let mut chain = loaded.chain;
    if let Some(p) = &args.chain {
        for c in files::certificates(p)? {
            if c != loaded.certificate && !chain.contains(&c) {
                chain.push(c);
            }
        }
    }
    let scheme = scheme_for(&loaded.key, args.digest.into(), args.pss)?;
    let key = loaded
        .key
        .with_scheme(scheme)
        .map_err(|e| Msg::SigningFailed {
            reason: e.message().into(),
        })?;
    let content = files::read(&args.input, files::MAX_CONTENT)?;
    let mut rng = files::os_rng()?;
    let now = files::now()?;
    let signer = SignerOptions::new(&key, &loaded.certificate)
        .signing_time(now)
        .chain(&chain);
    let mut builder = SignedDataBuilder::new(&content).add_signer(signer);
    if !args.attached {
        builder = builder.detached();
    }
    let der = builder.build(&mut rng).map_err(|e| Msg::SigningFailed {
        reason: e.message().into(),
    })?;
    let out = if args.pem {
        kyso_testpki::pem("CMS", &der).into_bytes()
    } else {
        der
    };
    files::write(&args.out, &out)?;
    let who = loaded.certificate.identity().display_name();
    errln!(
        "{} {} ({}: {who}; {})",
        label(lang, "Đã ký:", "Signed:"),
        args.out.display(),
        label(lang, "người ký", "signer"),
        if args.attached {
            label(lang, "kèm nội dung", "attached")
        } else {
            label(lang, "tách rời", "detached")
        },
    );
    Ok(0)
}
