//! `kyso sign`: load a key (PKCS#12 or PEM/DER, password from the environment or a file —
//! never from the command line), build a CMS SignedData with the CAdES-B-B attributes.

use std::path::Path;

use kyso::{
    Certificate, CryptoError, DigestAlgorithm, KeyBundle, KeyError, KeyFormat, Lang,
    RustCryptoProvider, SignatureScheme, SignedDataBuilder, SignerOptions, SoftwareKey,
};

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
    files::read_password(args.password_env.as_deref(), args.password_file.as_deref())
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

/// Load KEY (any form core's `KeyFormat` knows) and the signer certificate (`--cert`, else
/// the one in the key file): core's `KeyBundle::from_key_and_certificates` decides.
pub fn load_key(
    key_path: &Path,
    cert_path: Option<&Path>,
    password: Option<&[u8]>,
) -> Result<LoadedKey, Msg> {
    let bytes = files::read(key_path, files::MAX_INPUT)?;
    let certificates = match cert_path {
        Some(p) => files::certificates(p)?,
        None => Vec::new(),
    };
    let no_certificate =
        certificates.is_empty() && KeyFormat::detect(&bytes) != Some(KeyFormat::Pkcs12);
    let bundle = KeyBundle::from_key_and_certificates(&bytes, password, certificates).map_err(
        |e| match e {
            // A PEM or DER key alone: the certificate must come from --cert.
            KeyError::NoMatchingCertificate if no_certificate => Msg::NoSignerCertificate {
                path: key_path.display().to_string(),
            },
            other => key_error(other, key_path),
        },
    )?;
    Ok(LoadedKey {
        key: bundle.key,
        certificate: bundle.certificate,
        chain: bundle.chain,
    })
}

/// The scheme for `key` given the CLI choices: `--scheme`, else `--digest` and `--pss` (core's
/// `SignatureScheme::for_key`); core's may-sign rule refuses what does not fit the key.
pub fn scheme_for(
    key: &SoftwareKey,
    scheme: Option<SignatureScheme>,
    digest: DigestAlgorithm,
    pss: bool,
) -> Result<SignatureScheme, Msg> {
    let chosen = match scheme {
        Some(s) => key.key_type().check_signing_scheme(s).map(|()| s),
        None => SignatureScheme::for_key(key.key_type(), digest, pss),
    };
    chosen.map_err(|e| match e {
        CryptoError::SchemeKeyMismatch if pss => Msg::PssNeedsRsa,
        other => Msg::SigningFailed {
            reason: other.message().into(),
        },
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
    let scheme = scheme_for(&loaded.key, args.scheme, args.digest, args.pss)?;
    let key = loaded
        .key
        .with_scheme(scheme)
        .map_err(|e| Msg::SigningFailed {
            reason: e.message().into(),
        })?;
    if files::is_pdf_file(&args.input) {
        return crate::sign_pdf::run(args, &key, &loaded.certificate, chain, lang);
    }
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
    let mut der = builder
        .build(&RustCryptoProvider, &mut rng)
        .map_err(|e| Msg::SigningFailed {
            reason: e.message().into(),
        })?;
    // CAdES B-T (ETSI EN 319 122-1): a time-stamp over the signature value, when asked for.
    if let Some(stamper) = crate::timestamp::Stamper::from_args(&args.tsa)? {
        let (stamped, report) = stamper.stamp(&der, 0, now, &mut rng)?;
        crate::timestamp::print_taken(&report, lang);
        der = stamped;
    }
    let out = if args.pem {
        kyso::pem_encode("CMS", &der).into_bytes()
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
