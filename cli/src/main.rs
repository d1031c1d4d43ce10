//! `kyso` — sign, verify and inspect CMS signatures; run a demo shaped like the Vietnamese
//! government PKI. The CLI only supplies the environment (files, clock, randomness) and prints;
//! every decision is made in the `kyso` core crate.

/// `print!`/`println!`/`eprintln!` panic when the reader has gone (`kyso inspect … | head`);
/// these write and ignore such errors, since there is nobody left to tell.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($t)*);
    }};
}
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}
macro_rules! errln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

#[cfg(feature = "demo")]
mod demo;
#[cfg(feature = "demo")]
mod demo_images;
#[cfg(feature = "demo")]
mod demo_pdf;
mod extend;
mod files;
mod http;
mod inspect;
mod layout_args;
mod msg;
mod sign;
mod sign_pdf;
mod timestamp;
mod tsa;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use kyso::Lang;

use crate::msg::Msg;

#[derive(Parser, Debug)]
#[command(name = "kyso", version, about = "Ký số: CMS signatures for Vietnamese e-government", long_about = None)]
struct Cli {
    /// Language of reports and messages: vi (Vietnamese, default) or en.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Sign a file into CMS SignedData (CAdES-B-B attributes).
    Sign(SignArgs),
    /// Verify a CMS/PKCS#7 signature. Exit 0 TOTAL-PASSED, 1 TOTAL-FAILED, 2 INDETERMINATE.
    Verify(VerifyArgs),
    /// Raise an existing CMS signature to a long-term level: b-t (signature time-stamp), b-lt
    /// (validation data embedded). The signed bytes are never touched; what could not be found
    /// is reported, and the output is still written.
    Extend(extend::ExtendArgs),
    /// Get an RFC 3161 time-stamp token over a file from a TSA (checked before it is written).
    Timestamp(timestamp::TimestampArgs),
    /// Validate a certificate's chain to a trust anchor, with revocation. Exit codes as verify.
    Chain(ChainArgs),
    /// Show certificates, CMS structure or a PDF's revisions, fields and signatures.
    Inspect(InspectArgs),
    /// Build a demo PKI shaped like the Vietnamese one, sign a sample official document,
    /// verify it, tamper with a copy and show the failure.
    #[cfg(feature = "demo")]
    Demo(DemoArgs),
}

/// `--digest` values: core's table of digests kyso signs with (`DigestAlgorithm::name`).
fn digest_arg() -> impl clap::builder::TypedValueParser<Value = kyso::DigestAlgorithm> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(
        kyso::DigestAlgorithm::signing_digests()
            .iter()
            .map(|d| d.name()),
    )
    .try_map(|name| kyso::DigestAlgorithm::from_signing_name(&name))
}

/// `--scheme` values: core's table of signature schemes (`SignatureScheme::name`).
fn scheme_arg() -> impl clap::builder::TypedValueParser<Value = kyso::SignatureScheme> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(
        kyso::SignatureScheme::signing_schemes().map(kyso::SignatureScheme::name),
    )
    .try_map(|name| {
        kyso::SignatureScheme::from_name(&name).ok_or(kyso::NameError::UnknownScheme { name })
    })
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// Private key: PKCS#12 (.p12/.pfx) or PEM (PKCS#8, PKCS#1, SEC1; may be encrypted).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// The file to sign.
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the signature (DER unless --pem).
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,
    /// Signer certificate (needed for PEM keys; overrides the one in a .p12).
    #[arg(long, value_name = "CERT")]
    pub cert: Option<PathBuf>,
    /// Extra certificates to include (e.g. the sub-CA), PEM or DER.
    #[arg(long, value_name = "CERTS")]
    pub chain: Option<PathBuf>,
    /// Detached signature: the content is not included (the default).
    #[arg(long, conflicts_with = "attached")]
    pub detached: bool,
    /// Include the content in the signature.
    #[arg(long)]
    pub attached: bool,
    /// Digest algorithm.
    #[arg(long, default_value = "sha256", value_parser = digest_arg())]
    pub digest: kyso::DigestAlgorithm,
    /// RSASSA-PSS instead of PKCS#1 v1.5 (RSA keys only).
    #[arg(long)]
    pub pss: bool,
    /// The whole signature scheme by name (`rsa-pss-sha256`, `ecdsa-sha384`, `ed25519`, …, the
    /// names the C and JS APIs use), instead of --digest and --pss.
    #[arg(long, value_name = "SCHEME", value_parser = scheme_arg(), conflicts_with_all = ["digest", "pss"])]
    pub scheme: Option<kyso::SignatureScheme>,
    /// Read the key password from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "password_file")]
    pub password_env: Option<String>,
    /// Read the key password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Write PEM (`-----BEGIN CMS-----`) instead of DER.
    #[arg(long)]
    pub pem: bool,
    #[command(flatten)]
    pub pdf: PdfSignArgs,
    #[command(flatten)]
    pub tsa: timestamp::TsaArgs,
}

/// Options for signing a PDF (`--in` starts with `%PDF-`): the output is the input followed
/// by an incremental update holding the signature (ISO 32000-2 §7.5.6, §12.8).
#[derive(Args, Debug, Default)]
pub struct PdfSignArgs {
    /// PDF: the signature field (an existing empty one, or a new one of this name).
    #[arg(long, value_name = "NAME")]
    pub field: Option<String>,
    /// PDF: page of a new visible field, or of a copy or appendix stamp (1-based).
    #[arg(long, value_name = "N")]
    pub page: Option<u32>,
    /// PDF: where a new field is shown, from the displayed page's bottom-left corner:
    /// X,Y,W,H in points, or with units (`20mm,30mm,60mm,25mm`; 1 mm = 72/25.4 pt). Wholly
    /// on the page.
    #[arg(long, value_name = "X,Y,W,H", value_parser = rect_arg)]
    pub rect: Option<kyso::PdfRect>,
    /// PDF: certify the document (DocMDP P: 1 no changes, 2 form filling and signing, 3 also
    /// annotations).
    #[arg(long, value_name = "P", value_parser = certify_arg)]
    pub certify: Option<kyso::DocMdpPermission>,
    /// PDF: /Reason.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// PDF: /Location.
    #[arg(long, value_name = "TEXT")]
    pub location: Option<String>,
    /// PDF: /ContactInfo.
    #[arg(long, value_name = "TEXT")]
    pub contact: Option<String>,
    /// PDF: pkcs7 (adbe.pkcs7.detached) or cades (ETSI.CAdES.detached, PAdES B-B).
    #[arg(long, value_name = "KIND", default_value = "pkcs7", value_parser = subfilter_arg)]
    pub subfilter: kyso::PdfSubFilter,
    /// PDF: a line of text shown in the visible field (repeat for more lines; needs --rect
    /// or an existing empty --field).
    #[arg(long = "text", value_name = "LINE", conflicts_with = "appearance")]
    pub text: Vec<String>,
    /// PDF: a PNG or JPEG image shown above the text in the visible field; with
    /// --appearance person, the handwritten signature (PNG, transparent background, blue).
    #[arg(long, value_name = "FILE")]
    pub image: Option<PathBuf>,
    /// PDF: the TrueType/OpenType font of the visible text (default: the built-in Liberation
    /// Serif, metric-compatible with Times New Roman).
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    #[command(flatten)]
    pub layout: Box<layout_args::LayoutArgs>,
}

/// `--certify P`: core's rule for certification levels (1, 2 or 3), the one the C and JS
/// options use too.
fn certify_arg(value: &str) -> Result<kyso::DocMdpPermission, String> {
    let level = value.trim().parse::<i64>().map_err(|e| e.to_string())?;
    kyso::DocMdpPermission::from_level(level).map_err(|e| e.to_string())
}

/// `--subfilter KIND`: core's names (`pkcs7`, `cades`, or the /SubFilter names themselves).
fn subfilter_arg(value: &str) -> Result<kyso::PdfSubFilter, String> {
    kyso::PdfSubFilter::from_name(value).map_err(|e| e.to_string())
}

/// `--rect X,Y,W,H`: core reads it (numbers in points unless suffixed `mm` or `pt`).
fn rect_arg(value: &str) -> Result<kyso::PdfRect, String> {
    kyso::PdfRect::parse(value, kyso::Unit::Pt).map_err(|e| e.to_string())
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The signature: CMS/PKCS#7, PEM or DER.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The signed content, for detached signatures.
    #[arg(long, value_name = "DETACHED")]
    pub content: Option<PathBuf>,
    #[command(flatten)]
    pub pdf_password: PdfPasswordArgs,
    #[command(flatten)]
    pub validation: ValidationArgs,
}

/// The password of an encrypted PDF (standard security handler, ISO 32000-2 §7.6.4), for
/// `verify` and `inspect`; without it the empty user password is tried. Never on the command
/// line itself (it would show in the process list), as for `sign`'s key password.
#[derive(Args, Debug, Default)]
pub struct PdfPasswordArgs {
    /// PDF: read the document's password from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "pdf_password_file")]
    pub pdf_password_env: Option<String>,
    /// PDF: read the document's password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    pub pdf_password_file: Option<PathBuf>,
}

/// Trust, revocation, time and policy: shared by `verify` and `chain`.
#[derive(Args, Debug)]
pub struct ValidationArgs {
    /// Trust anchors (root certificates): PEM, DER or PKCS#7. Repeatable.
    #[arg(long, value_name = "ANCHORS.pem", required_unless_present = "bundle")]
    pub trust: Vec<PathBuf>,
    /// A Vietnamese trust bundle compiled into kyso: vgca, neac or vn (both). Repeatable.
    #[arg(long, value_name = "NAME")]
    pub bundle: Vec<String>,
    /// Untrusted intermediate certificates, PEM or DER. Repeatable.
    #[arg(long, value_name = "CERTS.pem")]
    pub untrusted: Vec<PathBuf>,
    /// CRLs (DER or PEM) to check revocation with. Repeatable.
    #[arg(long, value_name = "CRL")]
    pub crl: Vec<PathBuf>,
    /// OCSP responses (DER) to check revocation with. Repeatable.
    #[arg(long, value_name = "RESPONSE")]
    pub ocsp: Vec<PathBuf>,
    /// Fetch CRLs and OCSP responses over HTTP from the URLs in the certificates when the
    /// data at hand does not decide.
    #[arg(long)]
    pub online: bool,
    /// Validate at this time (RFC 3339) instead of the policy's choice.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Take this as the current time (RFC 3339) instead of the clock: an archive checked "as
    /// of" a date, or ten years ahead. Unlike --at it fixes "now" (what revocation data may
    /// not postdate, what expiry is judged against), and the policy still chooses the
    /// validation time (a signature at its time-stamp).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Validation policy: vn-gov (default) or strict.
    #[arg(long, value_name = "NAME", default_value = "vn-gov")]
    pub policy: String,
    /// Do not check revocation (the report says so). Without CRL/OCSP data, revocation
    /// status is unknown and the result INDETERMINATE, never a pass.
    #[arg(long)]
    pub danger_no_revocation: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ChainArgs {
    /// The certificate to validate (PEM or DER); further certificates in a PEM file are used as
    /// untrusted intermediates.
    #[arg(value_name = "CERT")]
    pub cert: PathBuf,
    /// What the certificate must be good for (names from core's one table; `email` and
    /// `email-protection` are the same purpose).
    #[arg(long, default_value = "document-signing",
          value_parser = clap::builder::PossibleValuesParser::new(kyso::KeyPurpose::all_names()))]
    pub purpose: String,
    #[command(flatten)]
    pub validation: ValidationArgs,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// A certificate (PEM/DER, several allowed in PEM), CMS/PKCS#7 (PEM/DER) or a PDF.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub pdf_password: PdfPasswordArgs,
}

#[cfg(feature = "demo")]
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Directory to write the demo files to.
    #[arg(long, value_name = "DIR", default_value = "kyso-demo")]
    pub out: PathBuf,
}

/// What a command ends with: an exit status, or an error message.
pub type CmdResult = Result<u8, Msg>;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            let _ = e.print();
            return match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => ExitCode::from(
                    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                        64
                    } else {
                        0
                    },
                ),
                // sysexits EX_USAGE.
                _ => ExitCode::from(64),
            };
        }
    };
    let lang: Lang = cli.lang.into();
    // With --json, an error is JSON on stdout too (its exit status unchanged).
    let json = match &cli.command {
        Command::Verify(a) => a.validation.json,
        Command::Chain(a) => a.validation.json,
        Command::Inspect(a) => a.json,
        _ => false,
    };
    let result = match cli.command {
        Command::Sign(a) => sign::run(&a, lang),
        Command::Verify(a) => verify::run(&a, lang),
        Command::Extend(a) => extend::run(&a, lang),
        Command::Timestamp(a) => timestamp::run(&a, lang),
        Command::Chain(a) => verify::run_chain(&a, lang),
        Command::Inspect(a) => inspect::run(&a, lang),
        #[cfg(feature = "demo")]
        Command::Demo(a) => demo::run(&a, lang),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(m) if json => {
            outln!("{}", m.to_json());
            ExitCode::from(m.exit_code())
        }
        Err(m) => {
            errln!("kyso: {}", m.text(lang));
            ExitCode::from(m.exit_code())
        }
    }
}
