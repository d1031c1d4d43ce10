//! Time-stamps from the command line: `--tsa URL|vgca` on `kyso sign` and `kyso extend`.
//! Core builds the request, checks the answer and adds the token (`kyso::TimestampClient`,
//! `kyso::timestamp_signer`); this file only turns flags into those values and prints.

use std::path::PathBuf;

use clap::Args;
use kyso::{
    Lang, RustCryptoProvider, TimestampClient, TimestampReport, TrustStore, ValidationPolicy,
    Verifier,
};

use crate::files;
use crate::http::HttpFetcher;
use crate::msg::{Msg, label};
use crate::tsa::{BasicCredentials, Tsa};

#[derive(Args, Debug, Default)]
pub struct TsaArgs {
    /// Add a signature time-stamp from this time-stamp authority (RFC 3161): an http:// URL,
    /// or `vgca` (Ban Cơ yếu's TSA, with its mirror).
    #[arg(long, value_name = "URL|vgca", value_parser = crate::tsa::tsa_arg)]
    pub tsa: Option<Tsa>,
    /// HTTP Basic credentials for a commercial TSA: a file holding `user:password`.
    #[arg(long, value_name = "FILE", requires = "tsa")]
    pub tsa_credentials: Option<PathBuf>,
    /// Ask for a TSA policy (an OID).
    #[arg(long, value_name = "OID", requires = "tsa")]
    pub tsa_policy: Option<String>,
    /// Trust anchors for the TSA's certificate, besides the Vietnamese bundles. The token is
    /// taken when it answers the request; its TSA chain verdict is printed.
    #[arg(long, value_name = "ANCHORS.pem", requires = "tsa")]
    pub tsa_trust: Vec<PathBuf>,
    /// Ask for a SHA-1 imprint, for TSAs that still expect one: verifiers accept the token
    /// only under their legacy gate.
    #[arg(long, requires = "tsa")]
    pub danger_tsa_sha1: bool,
}

/// What `--tsa` and its companions resolve to: the fetcher, the session that checks answers,
/// and the client.
pub struct Stamper {
    fetcher: HttpFetcher,
    store: TrustStore,
    tsa: Tsa,
    policy: Option<kyso::oid::Oid>,
    legacy_sha1: bool,
}

impl Stamper {
    /// `None` without `--tsa`.
    pub fn from_args(args: &TsaArgs) -> Result<Option<Self>, Msg> {
        let Some(tsa) = &args.tsa else {
            return Ok(None);
        };
        let mut fetcher = HttpFetcher::default();
        if let Some(path) = &args.tsa_credentials {
            fetcher.tsa_credentials = Some(BasicCredentials::read(path)?);
        }
        let mut store =
            TrustStore::vn_bundle("vn").map_err(|e| Msg::UnknownBundle { error: e.message() })?;
        for p in &args.tsa_trust {
            let anchors =
                TrustStore::from_bundle(&files::read(p, files::MAX_INPUT)?).map_err(|e| {
                    Msg::NotCertificate {
                        path: p.display().to_string(),
                        reason: e.message().into(),
                    }
                })?;
            store.extend(&anchors);
        }
        let policy = match &args.tsa_policy {
            Some(text) => Some(text.parse::<kyso::oid::Oid>().map_err(|_| Msg::BadOid {
                value: text.clone(),
            })?),
            None => None,
        };
        Ok(Some(Self {
            fetcher,
            store,
            tsa: tsa.clone(),
            policy,
            legacy_sha1: args.danger_tsa_sha1,
        }))
    }

    /// The session that checks the TSA's answers: the Vietnamese bundles and `--tsa-trust`.
    fn verifier(&self, now: kyso::DateTime) -> Verifier<'_> {
        Verifier::borrowing(
            &self.store,
            ValidationPolicy::vn_gov(),
            now,
            &RustCryptoProvider,
        )
        .with_fetcher(&self.fetcher)
    }

    fn client(&self) -> TimestampClient<'_> {
        // The fetcher rounds over the TSA's mirrors itself (with its retries and back-off):
        // core is given the first URL only.
        let first = self.tsa.urls().first().cloned().unwrap_or_default();
        let mut client = TimestampClient::new(&self.fetcher, vec![first]);
        if let Some(p) = self.policy {
            client = client.with_policy(p);
        }
        if self.legacy_sha1 {
            client = client.danger_legacy_sha1();
        }
        client
    }

    /// Time-stamps signer `index` of `cms` (CAdES B-T); the new SignedData and the token's
    /// report.
    pub fn stamp(
        &self,
        cms: &[u8],
        index: usize,
        now: kyso::DateTime,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<(Vec<u8>, TimestampReport), Msg> {
        let verifier = self.verifier(now);
        kyso::timestamp_signer(cms, index, &self.client(), &verifier, rng).map_err(|e| {
            Msg::TimestampFailed {
                reason: e.message().into(),
            }
        })
    }
}

impl Stamper {
    /// Run `f` with this TSA as core's [`kyso::Stamping`]: the client and the session that
    /// checks its answers (the Vietnamese bundles and `--tsa-trust`).
    pub fn with_stamping<R>(
        &self,
        now: kyso::DateTime,
        f: impl FnOnce(kyso::Stamping<'_>) -> R,
    ) -> R {
        let verifier = self.verifier(now);
        let client = self.client();
        f(kyso::Stamping::new(&client, &verifier))
    }
}

impl Stamper {
    /// A token over `data` itself (`kyso timestamp`), checked against its request.
    pub fn token(
        &self,
        data: &[u8],
        now: kyso::DateTime,
        rng: &mut dyn rand_core::CryptoRng,
    ) -> Result<(Vec<u8>, TimestampReport), Msg> {
        let verifier = self.verifier(now);
        self.client()
            .timestamp(data, &verifier, rng)
            .map_err(|e| Msg::TimestampFailed {
                reason: e.message().into(),
            })
    }
}

#[derive(Args, Debug)]
pub struct TimestampArgs {
    /// The file to time-stamp.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the token (DER ContentInfo; `openssl ts -verify -token_in` reads it).
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,
    #[command(flatten)]
    pub tsa: TsaArgs,
}

/// `kyso timestamp FILE --tsa URL|vgca --out TOKEN`: an RFC 3161 token over a file.
pub fn run(args: &TimestampArgs, lang: Lang) -> crate::CmdResult {
    let stamper = Stamper::from_args(&args.tsa)?.ok_or(Msg::ExtendNeedsTsa)?;
    let data = files::read(&args.file, files::MAX_CONTENT)?;
    let mut rng = files::os_rng()?;
    let (token, report) = stamper.token(&data, files::now()?, &mut rng)?;
    files::write(&args.out, &token)?;
    print_taken(&report, lang);
    errln!(
        "{} {}",
        label(lang, "Đã ghi:", "Written:"),
        args.out.display()
    );
    Ok(0)
}

/// One line per token taken: when, from whom, and the TSA chain's verdict.
pub fn print_taken(report: &TimestampReport, lang: Lang) {
    let when = report
        .gen_time
        .as_ref()
        .map(kyso::time::rfc3339)
        .unwrap_or_default();
    let tsa = report
        .tsa
        .as_ref()
        .and_then(|s| s.certificate.as_ref())
        .map(|c| c.subject.clone())
        .unwrap_or_default();
    let chain = match report.indication {
        kyso::Indication::TotalPassed => label(lang, "đã kiểm tra", "verified"),
        _ => label(
            lang,
            "chuỗi chứng thư của đơn vị cấp chưa kiểm tra được, sẽ kiểm tra lại khi xác minh",
            "its TSA chain is not verified yet; verification checks it again",
        ),
    };
    errln!(
        "{} {when} ({tsa}; {chain})",
        label(lang, "Dấu thời gian:", "Time-stamp:"),
    );
}
