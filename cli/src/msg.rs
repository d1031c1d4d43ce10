//! CLI messages in Vietnamese and English. Report texts come from core's catalogue
//! (`kyso::render_message`); these are the tool's own (files, passwords, usage).

use kyso::Lang;

/// Why something failed, in the user's language: a core error's catalogue sentence, or a
/// text that has no translation (the operating system's I/O message, a JSON encoder error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    Core(kyso::ErrorText),
    Plain(String),
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Self::Core(t) => t.render(lang),
            Self::Plain(s) => s.clone(),
        }
    }
}

impl From<kyso::ErrorText> for Reason {
    fn from(t: kyso::ErrorText) -> Self {
        Self::Core(t)
    }
}

impl From<&str> for Reason {
    fn from(s: &str) -> Self {
        Self::Plain(s.to_owned())
    }
}

impl From<String> for Reason {
    fn from(s: String) -> Self {
        Self::Plain(s)
    }
}

/// A message of the CLI, with its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Msg {
    CannotRead {
        path: String,
        reason: String,
    },
    CannotWrite {
        path: String,
        reason: String,
    },
    TooLarge {
        path: String,
        limit: usize,
    },
    NotCertificate {
        path: String,
        reason: Reason,
    },
    NoCertificates {
        path: String,
    },
    NotCms {
        path: String,
        reason: Reason,
    },
    NotKey {
        path: String,
        reason: Reason,
    },
    NotCrl {
        path: String,
        reason: Reason,
    },
    NotOcsp {
        path: String,
        reason: Reason,
    },
    /// Evidence core refused on intake (`--crl`, `--ocsp`, `--untrusted`), kept whole so that
    /// `--json` gives core's code and sentence, as C and the npm package do (issue 10 item 4).
    Refused {
        path: String,
        error: kyso::EvidenceError,
    },
    PasswordRequired {
        path: String,
    },
    WrongPassword {
        path: String,
    },
    PasswordEnvMissing {
        var: String,
    },
    NoSignerCertificate {
        path: String,
    },
    CertificateKeyMismatch,
    PssNeedsRsa,
    /// `--content` given with a PDF (a PDF carries what it signs).
    PdfWithContent,
    UnknownPolicy {
        name: String,
    },
    /// `--bundle` names no compiled-in bundle: core's `StoreError`, its code and sentence.
    UnknownBundle {
        error: kyso::ErrorText,
    },
    BadTime {
        value: String,
    },
    /// `--tsa` names no known TSA and is no `http://` URL (cli/src/tsa.rs).
    UnknownTsa {
        value: String,
    },
    /// A TSA credentials file without `user:password` on its first line.
    BadTsaCredentials {
        path: String,
    },
    NotInspectable {
        path: String,
        certificate: Reason,
        cms: Reason,
    },
    SigningFailed {
        reason: Reason,
    },
    /// A PDF core cannot read (structure, password, limits): core's sentence.
    PdfUnreadable {
        path: String,
        reason: Reason,
    },
    RandomUnavailable,
    NotAvailable {
        what: &'static str,
    },
    /// No time-stamp was taken (`--tsa`): core's sentence (unreachable, refused, not the
    /// answer to the request).
    TimestampFailed {
        reason: Reason,
    },
    BadOid {
        value: String,
    },
    /// `kyso extend --to LEVEL` names no level kyso writes for this input.
    ExtendLevel {
        level: String,
        format: &'static str,
    },
    /// `kyso extend --to b-t` (or higher) on a signer without a time-stamp needs `--tsa`.
    ExtendNeedsTsa,
    /// `kyso verify TOKEN` without `--content`: a token is checked against the data.
    TokenNeedsContent,
    Internal {
        reason: Reason,
    },
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        use Msg::*;
        let vi = lang == Lang::Vi;
        match self {
            CannotRead { path, reason } => {
                if vi {
                    format!("Không đọc được tệp {path}: {reason}")
                } else {
                    format!("Cannot read {path}: {reason}")
                }
            }
            CannotWrite { path, reason } => {
                if vi {
                    format!("Không ghi được tệp {path}: {reason}")
                } else {
                    format!("Cannot write {path}: {reason}")
                }
            }
            TooLarge { path, limit } => {
                if vi {
                    format!("Tệp {path} lớn hơn giới hạn {limit} byte")
                } else {
                    format!("{path} is larger than the limit of {limit} bytes")
                }
            }
            NotCertificate { path, reason } => {
                if vi {
                    format!(
                        "Tệp {path} không phải chứng thư số đọc được (PEM hoặc DER): {}",
                        reason.text(lang)
                    )
                } else {
                    format!(
                        "{path} is not a readable certificate (PEM or DER): {}",
                        reason.text(lang)
                    )
                }
            }
            NoCertificates { path } => {
                if vi {
                    format!("Tệp {path} không chứa chứng thư số nào")
                } else {
                    format!("{path} contains no certificate")
                }
            }
            NotCms { path, reason } => {
                if vi {
                    format!(
                        "Tệp {path} không phải dữ liệu ký số CMS/PKCS#7 đọc được: {}",
                        reason.text(lang)
                    )
                } else {
                    format!(
                        "{path} is not readable CMS/PKCS#7 signed data: {}",
                        reason.text(lang)
                    )
                }
            }
            NotCrl { path, reason } => {
                if vi {
                    format!(
                        "Tệp {path} không phải danh sách thu hồi (CRL) đọc được: {}",
                        reason.text(lang)
                    )
                } else {
                    format!("{path} is not a readable CRL: {}", reason.text(lang))
                }
            }
            Refused { path, error } => {
                // The text output names the file, then the parser's reason, as before.
                let path = path.clone();
                let reason =
                    Reason::from(error.reason().cloned().unwrap_or_else(|| error.message()));
                match error {
                    kyso::EvidenceError::NotCrl { .. } => NotCrl { path, reason },
                    kyso::EvidenceError::NotOcspResponse { .. } => NotOcsp { path, reason },
                    _ => NotCertificate { path, reason },
                }
                .text(lang)
            }
            NotOcsp { path, reason } => {
                if vi {
                    format!(
                        "Tệp {path} không phải phản hồi OCSP (DER) đọc được: {}",
                        reason.text(lang)
                    )
                } else {
                    format!(
                        "{path} is not a readable OCSP response (DER): {}",
                        reason.text(lang)
                    )
                }
            }
            NotKey { path, reason } => {
                if vi {
                    format!(
                        "Tệp {path} không phải khóa bí mật đọc được (.p12/.pfx hoặc PEM): {}",
                        reason.text(lang)
                    )
                } else {
                    format!(
                        "{path} is not a readable private key (.p12/.pfx or PEM): {}",
                        reason.text(lang)
                    )
                }
            }
            PasswordRequired { path } => {
                if vi {
                    format!(
                        "Khóa {path} được bảo vệ bằng mật khẩu: hãy dùng --password-env BIẾN hoặc --password-file TỆP"
                    )
                } else {
                    format!(
                        "The key {path} is password-protected: use --password-env VAR or --password-file FILE"
                    )
                }
            }
            WrongPassword { path } => {
                if vi {
                    format!("Sai mật khẩu cho khóa {path}")
                } else {
                    format!("Wrong password for the key {path}")
                }
            }
            PasswordEnvMissing { var } => {
                if vi {
                    format!("Biến môi trường {var} chưa được đặt")
                } else {
                    format!("The environment variable {var} is not set")
                }
            }
            NoSignerCertificate { path } => {
                if vi {
                    format!("Khóa {path} không kèm chứng thư số: hãy chỉ ra bằng --cert")
                } else {
                    format!("The key {path} comes without a certificate: give one with --cert")
                }
            }
            CertificateKeyMismatch => {
                if vi {
                    "Chứng thư số không khớp với khóa bí mật".to_owned()
                } else {
                    "The certificate does not match the private key".to_owned()
                }
            }
            PssNeedsRsa => {
                if vi {
                    "--pss chỉ dùng được với khóa RSA".to_owned()
                } else {
                    "--pss needs an RSA key".to_owned()
                }
            }
            PdfWithContent => {
                if vi {
                    "Tệp PDF tự chứa nội dung được ký: không dùng --content với PDF".to_owned()
                } else {
                    "A PDF carries its signed content: --content is not used with a PDF".to_owned()
                }
            }
            UnknownPolicy { name } => {
                if vi {
                    format!("Chính sách không tồn tại: {name} (có: vn-gov, strict)")
                } else {
                    format!("Unknown policy: {name} (known: vn-gov, strict)")
                }
            }
            UnknownBundle { error } => error.render(lang),
            UnknownTsa { value } => {
                if vi {
                    format!(
                        "Không biết máy chủ cấp dấu thời gian {value}: hãy ghi tên (vgca) hoặc một địa chỉ http://"
                    )
                } else {
                    format!(
                        "Unknown time-stamp authority {value}: give a name (vgca) or an http:// URL"
                    )
                }
            }
            BadTsaCredentials { path } => {
                if vi {
                    format!(
                        "Dòng đầu của tệp {path} phải có dạng tên-người-dùng:mật-khẩu cho máy chủ cấp dấu thời gian"
                    )
                } else {
                    format!(
                        "The first line of {path} must be user:password for the time-stamp authority"
                    )
                }
            }
            BadTime { value } => {
                if vi {
                    format!(
                        "Thời điểm không đúng định dạng RFC 3339: {value} (ví dụ 2025-03-14T09:05:07+07:00)"
                    )
                } else {
                    format!("Not an RFC 3339 time: {value} (e.g. 2025-03-14T09:05:07+07:00)")
                }
            }
            NotInspectable {
                path,
                certificate,
                cms,
            } => {
                let (cert, cms) = (certificate.text(lang), cms.text(lang));
                if vi {
                    format!(
                        "Tệp {path} không phải chứng thư số hay dữ liệu CMS/PKCS#7 đọc được. Đọc như chứng thư số (PEM hoặc DER): {cert}. Đọc như dữ liệu ký số CMS/PKCS#7: {cms}"
                    )
                } else {
                    format!(
                        "{path} is neither a certificate nor CMS/PKCS#7 data kyso can read. As a certificate (PEM or DER): {cert}. As CMS/PKCS#7 signed data: {cms}"
                    )
                }
            }
            SigningFailed { reason } => {
                if vi {
                    format!("Ký số thất bại: {}", reason.text(lang))
                } else {
                    format!("Signing failed: {}", reason.text(lang))
                }
            }
            RandomUnavailable => {
                if vi {
                    "Không lấy được số ngẫu nhiên từ hệ điều hành".to_owned()
                } else {
                    "The operating system's random generator is unavailable".to_owned()
                }
            }
            TimestampFailed { reason } => {
                if vi {
                    format!("Không lấy được dấu thời gian: {}", reason.text(lang))
                } else {
                    format!("No time-stamp was obtained: {}", reason.text(lang))
                }
            }
            BadOid { value } => {
                if vi {
                    format!("Không phải định danh đối tượng (OID) dạng số chấm: {value}")
                } else {
                    format!("Not a dotted object identifier (OID): {value}")
                }
            }
            ExtendLevel { level, format } => {
                if vi {
                    format!(
                        "kyso chưa nâng chữ ký {format} lên mức {level} (có: b-t, b-lt cho CMS)"
                    )
                } else {
                    format!(
                        "kyso does not yet raise a {format} signature to {level} (available: b-t, b-lt for CMS)"
                    )
                }
            }
            ExtendNeedsTsa => {
                if vi {
                    "Chữ ký chưa có dấu thời gian: hãy chỉ ra máy chủ cấp dấu thời gian bằng --tsa URL|vgca".to_owned()
                } else {
                    "The signature has no time-stamp yet: name a time-stamp authority with --tsa URL|vgca".to_owned()
                }
            }
            TokenNeedsContent => {
                if vi {
                    "Dấu thời gian được kiểm tra với dữ liệu: hãy chỉ ra tệp bằng --content"
                        .to_owned()
                } else {
                    "A time-stamp is checked against its data: name the file with --content"
                        .to_owned()
                }
            }
            NotAvailable { what } => {
                if vi {
                    format!("Chức năng chưa có trong bản dựng này: {what}")
                } else {
                    format!("Not available in this build yet: {what}")
                }
            }
            PdfUnreadable { path, reason } => {
                if vi {
                    format!("Không đọc được tệp PDF {path}: {}", reason.text(lang))
                } else {
                    format!("Cannot read the PDF {path}: {}", reason.text(lang))
                }
            }
            Internal { reason } => {
                if vi {
                    format!("Lỗi nội bộ: {}", reason.text(lang))
                } else {
                    format!("Internal error: {}", reason.text(lang))
                }
            }
        }
    }

    /// Exit status (sysexits.h): 64 usage, 65 data, 66 no input, 70 software, 73 can't create.
    pub fn exit_code(&self) -> u8 {
        use Msg::*;
        match self {
            PssNeedsRsa
            | PdfWithContent
            | UnknownPolicy { .. }
            | UnknownBundle { .. }
            | UnknownTsa { .. }
            | BadTime { .. }
            | PasswordEnvMissing { .. }
            | NoSignerCertificate { .. } => 64,
            CannotRead { .. } => 66,
            CannotWrite { .. } => 73,
            NotAvailable { .. } | Internal { .. } | RandomUnavailable | SigningFailed { .. } => 70,
            _ => 65,
        }
    }
}

impl Msg {
    /// The stable code of the error, for `--json`: the code of the core error it reports
    /// (`revocation.bad-crl`, `cms.malformed`, …, from core's catalogue, the same as C's
    /// `kyso_last_error_code` and npm's `KysoError.code`), or, for the CLI's own errors (files,
    /// passwords, usage), a `cli.*` code. A code never changes meaning once released.
    pub fn code(&self) -> &'static str {
        match self.core_error() {
            Some(t) => t.code(),
            None => self.own_code(),
        }
    }

    /// The core error this message reports, when there is one.
    fn core_error(&self) -> Option<kyso::ErrorText> {
        use Msg::*;
        match self {
            Refused { error, .. } => Some(error.message()),
            UnknownBundle { error } => Some(error.clone()),
            NotCertificate { reason, .. }
            | NotCms { reason, .. }
            | NotKey { reason, .. }
            | NotCrl { reason, .. }
            | NotOcsp { reason, .. }
            | SigningFailed { reason }
            | TimestampFailed { reason }
            | PdfUnreadable { reason, .. }
            | Internal { reason } => match reason {
                Reason::Core(t) => Some(t.clone()),
                Reason::Plain(_) => None,
            },
            _ => None,
        }
    }

    /// Codes of the errors that are the CLI's own (no core error behind them).
    fn own_code(&self) -> &'static str {
        use Msg::*;
        match self {
            CannotRead { .. } => "cli.cannot-read",
            CannotWrite { .. } => "cli.cannot-write",
            TooLarge { .. } => "cli.too-large",
            NotCertificate { .. } => "cli.not-certificate",
            NoCertificates { .. } => "cli.no-certificates",
            NotCms { .. } => "cli.not-cms",
            NotKey { .. } => "cli.not-key",
            NotCrl { .. } => "cli.not-crl",
            NotOcsp { .. } => "cli.not-ocsp",
            Refused { .. } => "cli.refused",
            PasswordRequired { .. } => "cli.password-required",
            WrongPassword { .. } => "cli.wrong-password",
            PasswordEnvMissing { .. } => "cli.password-env-missing",
            NoSignerCertificate { .. } => "cli.no-signer-certificate",
            CertificateKeyMismatch => "cli.certificate-key-mismatch",
            PssNeedsRsa => "cli.pss-needs-rsa",
            PdfWithContent => "cli.pdf-with-content",
            UnknownPolicy { .. } => "cli.unknown-policy",
            UnknownBundle { .. } => "cli.unknown-bundle",
            UnknownTsa { .. } => "cli.unknown-tsa",
            BadTsaCredentials { .. } => "cli.bad-tsa-credentials",
            BadTime { .. } => "cli.bad-time",
            NotInspectable { .. } => "cli.not-inspectable",
            SigningFailed { .. } => "cli.signing-failed",
            PdfUnreadable { .. } => "cli.pdf-unreadable",
            RandomUnavailable => "cli.random-unavailable",
            NotAvailable { .. } => "cli.not-available",
            TimestampFailed { .. } => "cli.timestamp-failed",
            BadOid { .. } => "cli.bad-oid",
            ExtendLevel { .. } => "cli.extend-level",
            ExtendNeedsTsa => "cli.extend-needs-tsa",
            TokenNeedsContent => "cli.token-needs-content",
            Internal { .. } => "cli.internal",
        }
    }

    /// The sentence for `--json`: the text output's, except for refused evidence, where it is
    /// core's whole sentence after the file's name (the one C and npm give, named).
    fn json_text(&self, lang: Lang) -> String {
        match self {
            Msg::Refused { path, error } => {
                let file = if lang == Lang::Vi {
                    format!("Tệp {path}")
                } else {
                    path.clone()
                };
                format!("{file}: {}", error.to_text(lang))
            }
            _ => self.text(lang),
        }
    }

    /// The error as JSON, for `--json` (on stdout; the exit status is unchanged), in the shape
    /// of the npm package's `KysoError`: `{"error":{"code":…,"messages":{"vi":…,"en":…}}}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "error": {
                "code": self.code(),
                "messages": { "vi": self.json_text(Lang::Vi), "en": self.json_text(Lang::En) },
            }
        })
        .to_string()
    }
}

/// Labels used in human-readable output.
pub fn label(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Vi { vi } else { en }
}

/// A PDF signing error from core, as the sentence `kyso sign` prints; a signature time-stamp
/// that could not be obtained is told as such (`kyso sign --tsa`).
impl From<kyso::PdfSignError> for Msg {
    fn from(e: kyso::PdfSignError) -> Self {
        match e {
            kyso::PdfSignError::Timestamp(t) => Self::TimestampFailed {
                reason: t.message().into(),
            },
            other => Self::SigningFailed {
                reason: other.message().into(),
            },
        }
    }
}
