//! The message catalogue: every user-facing text has a stable id (serialised as its `code`,
//! e.g. `cms.message-digest-mismatch`) and one entry per language. Parameters are named
//! `{like_this}` and substituted by [`render`]. Modelled on age's i18n (architecture.md §4).

use serde::Serialize;

/// Report language. Vietnamese is the default: the primary readers are Vietnamese clerks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `vi` or `en` (case-insensitive); anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" => Some(Self::Vi),
            "en" | "en-us" | "en-gb" => Some(Self::En),
            _ => None,
        }
    }
}

macro_rules! catalogue {
    ($( $id:ident = $code:literal { vi: $vi:literal, en: $en:literal } ),* $(,)?) => {
        /// Stable message identifiers. The serialised form (`code`) never changes once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum MessageId { $( $id ),* }

        impl MessageId {
            /// The stable string code.
            pub fn code(self) -> &'static str {
                match self { $( Self::$id => $code ),* }
            }

            /// The template in `lang`.
            pub fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Self::$id, Lang::Vi) => $vi, (Self::$id, Lang::En) => $en, )*
                }
            }

            /// Every id, for catalogue completeness tests.
            pub const ALL: &'static [MessageId] = &[ $( Self::$id ),* ];
        }
    };
}

catalogue! {
    // Indications (used for headings).
    IndicationTotalPassed = "indication.total-passed" {
        vi: "HỢP LỆ: chữ ký số hợp lệ",
        en: "VALID: the signature is valid"
    },
    IndicationTotalFailed = "indication.total-failed" {
        vi: "KHÔNG HỢP LỆ: chữ ký số không hợp lệ",
        en: "INVALID: the signature is not valid"
    },
    IndicationIndeterminate = "indication.indeterminate" {
        vi: "CHƯA XÁC ĐỊNH: chưa đủ căn cứ để kết luận chữ ký hợp lệ",
        en: "INDETERMINATE: not enough evidence to conclude that the signature is valid"
    },
    // Format.
    CmsMalformed = "cms.malformed" {
        vi: "Dữ liệu ký số không đúng định dạng CMS/PKCS#7: {detail}",
        en: "The signed data is not well-formed CMS/PKCS#7: {detail}"
    },
    CmsNoSigners = "cms.no-signers" {
        vi: "Dữ liệu không chứa chữ ký nào",
        en: "The data contains no signature"
    },
    CmsNoContent = "cms.no-content" {
        vi: "Chữ ký tách rời nhưng không có nội dung gốc để kiểm tra",
        en: "The signature is detached but no content was supplied to check it against"
    },
    // Signer checks.
    SignerCertNotFound = "signer.certificate-not-found" {
        vi: "Không tìm thấy chứng thư số của người ký",
        en: "The signer's certificate was not found"
    },
    MessageDigestMismatch = "cms.message-digest-mismatch" {
        vi: "Nội dung đã bị thay đổi sau khi ký (giá trị băm không khớp)",
        en: "The content was changed after signing (message digest mismatch)"
    },
    SignatureInvalid = "cms.signature-invalid" {
        vi: "Giá trị chữ ký không đúng với khóa công khai của người ký",
        en: "The signature value does not verify with the signer's public key"
    },
    ContentTypeMismatch = "cms.content-type-mismatch" {
        vi: "Thuộc tính content-type không khớp với loại nội dung được ký",
        en: "The content-type attribute does not match the signed content type"
    },
    MissingSignedAttribute = "cms.missing-signed-attribute" {
        vi: "Thiếu thuộc tính bắt buộc: {attribute}",
        en: "A required signed attribute is missing: {attribute}"
    },
    SigningCertificateMismatch = "cms.signing-certificate-mismatch" {
        vi: "Thuộc tính signing-certificate không khớp với chứng thư số của người ký",
        en: "The signing-certificate attribute does not match the signer's certificate"
    },
    AlgorithmProtectionMismatch = "cms.algorithm-protection-mismatch" {
        vi: "Thuộc tính CMSAlgorithmProtection không khớp với thuật toán đã dùng",
        en: "The CMSAlgorithmProtection attribute does not match the algorithms used"
    },
    UnsupportedAlgorithm = "crypto.unsupported-algorithm" {
        vi: "Thuật toán không được hỗ trợ: {alg}",
        en: "Unsupported algorithm: {alg}"
    },
    WeakAlgorithm = "crypto.weak-algorithm" {
        vi: "Thuật toán yếu {alg} được chấp nhận theo chính sách cho chữ ký cũ",
        en: "Weak algorithm {alg} accepted by policy for historic signatures"
    },
    AlgorithmNotAllowed = "crypto.algorithm-not-allowed" {
        vi: "Thuật toán {alg} không được chính sách cho phép",
        en: "Algorithm {alg} is not allowed by the policy"
    },
    KeyTooSmall = "crypto.key-too-small" {
        vi: "Khóa {bits} bit nhỏ hơn mức tối thiểu {min} bit của chính sách",
        en: "Key of {bits} bits is below the policy minimum of {min} bits"
    },
    NoSigningTime = "cms.no-signing-time" {
        vi: "Chữ ký không có thời điểm ký",
        en: "The signature carries no signing time"
    },
    ChainNotValidated = "chain.not-validated" {
        vi: "Chưa kiểm tra chuỗi chứng thư số (chưa cung cấp bộ kiểm tra chuỗi)",
        en: "The certificate chain was not validated (no chain validator was supplied)"
    },
    ChainSkipped = "chain.skipped" {
        vi: "Việc kiểm tra chuỗi chứng thư số đã bị tắt theo yêu cầu",
        en: "Certificate chain validation was turned off by the caller"
    },
    CounterSignatureInvalid = "cms.counter-signature-invalid" {
        vi: "Chữ ký đối chứng (counter-signature) số {index} không hợp lệ",
        en: "Counter-signature {index} is not valid"
    },
    UnprotectedSignedAttributes = "cms.no-signed-attributes" {
        vi: "Chữ ký không có thuộc tính được ký (PKCS#7 cơ bản)",
        en: "The signature has no signed attributes (basic PKCS#7)"
    },
    // Certificate path validation (RFC 5280 §6). `{cert}` is the index in the chain, leaf = 0.
    ChainValid = "chain.valid" {
        vi: "Chuỗi chứng thư số hợp lệ đến chứng thư gốc tin cậy {anchor}",
        en: "The certificate chain is valid up to the trust anchor {anchor}"
    },
    ChainNoIssuer = "chain.no-issuer" {
        vi: "Không tìm thấy chứng thư số của tổ chức cấp cho chứng thư {cert} ({subject}); không xây dựng được chuỗi đến chứng thư gốc tin cậy",
        en: "No issuer certificate found for certificate {cert} ({subject}); no chain to a trust anchor could be built"
    },
    ChainMaxDepth = "chain.max-depth" {
        vi: "Chuỗi chứng thư số dài hơn mức tối đa {max} của chính sách",
        en: "The certificate chain is longer than the policy maximum of {max}"
    },
    ChainBudgetExhausted = "chain.budget-exhausted" {
        vi: "Dừng xây dựng chuỗi chứng thư số: vượt giới hạn công việc ({limit}); dữ liệu đầu vào có thể độc hại",
        en: "Path building stopped: work limit exceeded ({limit}); the input may be hostile"
    },
    ChainSignatureInvalid = "chain.signature-invalid" {
        vi: "Chữ ký trên chứng thư {cert} không đúng với khóa công khai của tổ chức cấp",
        en: "The signature on certificate {cert} does not verify with the issuer's public key"
    },
    ChainUnsupportedAlgorithm = "chain.unsupported-algorithm" {
        vi: "Chứng thư {cert} dùng thuật toán chữ ký không được hỗ trợ: {alg}",
        en: "Certificate {cert} uses an unsupported signature algorithm: {alg}"
    },
    ChainAlgorithmNotAllowed = "chain.algorithm-not-allowed" {
        vi: "Chứng thư {cert} được ký bằng thuật toán {alg} mà chính sách không cho phép",
        en: "Certificate {cert} is signed with {alg}, which the policy does not allow"
    },
    ChainKeyTooSmall = "chain.key-too-small" {
        vi: "Chứng thư {cert} được ký bằng khóa {bits} bit, nhỏ hơn mức tối thiểu {min} bit",
        en: "Certificate {cert} is signed with a {bits}-bit key, below the minimum of {min} bits"
    },
    ChainWeakAlgorithm = "crypto.weak-algorithm.chain" {
        vi: "Chứng thư {cert} được ký bằng thuật toán yếu {alg}, chấp nhận theo chính sách cho chữ ký cũ",
        en: "Certificate {cert} is signed with the weak algorithm {alg}, accepted by policy for historic signatures"
    },
    ChainExpired = "chain.expired" {
        vi: "Chứng thư {cert} đã hết hạn lúc {not_after} (thời điểm kiểm tra {time})",
        en: "Certificate {cert} expired at {not_after} (validation time {time})"
    },
    ChainNotYetValid = "chain.not-yet-valid" {
        vi: "Chứng thư {cert} chưa có hiệu lực trước {not_before} (thời điểm kiểm tra {time})",
        en: "Certificate {cert} is not valid before {not_before} (validation time {time})"
    },
    ChainNotCa = "chain.not-ca" {
        vi: "Chứng thư {cert} không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (thiếu basicConstraints cA)",
        en: "Certificate {cert} is not a CA certificate (basicConstraints cA missing or false)"
    },
    ChainPathLength = "chain.path-length" {
        vi: "Chuỗi vi phạm ràng buộc độ dài đường dẫn (pathLenConstraint) tại chứng thư {cert}",
        en: "The chain violates a path length constraint at certificate {cert}"
    },
    ChainKeyUsage = "chain.key-usage" {
        vi: "Chứng thư {cert} không cho phép mục đích sử dụng khóa {usage}",
        en: "Certificate {cert} does not allow the key usage {usage}"
    },
    ChainExtendedKeyUsage = "chain.extended-key-usage" {
        vi: "Chứng thư {cert} không cho phép mục đích {purpose} (extendedKeyUsage)",
        en: "Certificate {cert} does not allow the purpose {purpose} (extendedKeyUsage)"
    },
    ChainNameConstraints = "chain.name-constraints" {
        vi: "Tên {name} trong chứng thư {cert} vi phạm ràng buộc tên (nameConstraints)",
        en: "The name {name} in certificate {cert} violates the name constraints"
    },
    ChainPolicy = "chain.policy" {
        vi: "Chuỗi chứng thư không thỏa mãn chính sách chứng thư yêu cầu (lỗi tại chứng thư {cert})",
        en: "The chain does not satisfy the required certificate policies (failure at certificate {cert})"
    },
    ChainUnknownCriticalExtension = "chain.unknown-critical-extension" {
        vi: "Chứng thư {cert} có phần mở rộng bắt buộc (critical) không xử lý được: {oid}",
        en: "Certificate {cert} has a critical extension that cannot be processed: {oid}"
    },
    ChainMalformedExtension = "chain.malformed-extension" {
        vi: "Chứng thư {cert} có phần mở rộng sai định dạng: {oid}",
        en: "Certificate {cert} has a malformed extension: {oid}"
    },
    ChainNameChaining = "chain.name-chaining" {
        vi: "Tên tổ chức cấp của chứng thư {cert} không khớp với tên chủ thể của chứng thư cấp trên",
        en: "The issuer name of certificate {cert} does not match the subject of its issuer"
    },
    ChainRevoked = "chain.revoked" {
        vi: "Chứng thư {cert} đã bị thu hồi lúc {revocation_time} (lý do: {reason})",
        en: "Certificate {cert} was revoked at {revocation_time} (reason: {reason})"
    },
    ChainRevokedAfter = "chain.revoked-after-validation-time" {
        vi: "Chứng thư {cert} bị thu hồi lúc {revocation_time} (lý do: {reason}), sau thời điểm kiểm tra nên không ảnh hưởng",
        en: "Certificate {cert} was revoked at {revocation_time} (reason: {reason}), after the validation time, so it does not invalidate"
    },
    ChainRevocationUnknown = "chain.revocation-unknown" {
        vi: "Không xác định được tình trạng thu hồi của chứng thư {cert} (thiếu CRL/OCSP hợp lệ)",
        en: "The revocation status of certificate {cert} could not be determined (no valid CRL/OCSP)"
    },
    ChainRevocationSkipped = "chain.revocation-skipped" {
        vi: "Việc kiểm tra tình trạng thu hồi đã bị tắt theo yêu cầu",
        en: "Revocation checking was turned off by the caller"
    },
    ChainTimeUsed = "chain.time-used" {
        vi: "Thời điểm kiểm tra: {time} ({source})",
        en: "Validation time: {time} ({source})"
    },
    // Revocation (RFC 5280 §5, §6.3; RFC 6960). `{kind}` is `CRL` or `OCSP`.
    RevocationRevoked = "revocation.revoked" {
        vi: "Chứng thư số đã bị thu hồi lúc {time} (lý do: {reason})",
        en: "The certificate was revoked at {time} (reason: {reason})"
    },
    RevocationRevokedAfter = "revocation.revoked-after-validation-time" {
        vi: "Chứng thư số bị thu hồi lúc {time} (lý do: {reason}), sau thời điểm kiểm tra {validation_time}: không ảnh hưởng đến chữ ký tạo trước thời điểm thu hồi",
        en: "The certificate was revoked at {time} (reason: {reason}), after the validation time {validation_time}: this does not affect signatures made before the revocation"
    },
    RevocationNoData = "revocation.no-data" {
        vi: "Không có dữ liệu (CRL hoặc OCSP) để xác định tình trạng thu hồi của chứng thư số",
        en: "No revocation data (CRL or OCSP) determines the status of the certificate"
    },
    RevocationIncompleteScope = "revocation.incomplete-scope" {
        vi: "Các CRL hiện có không bao quát mọi lý do thu hồi cho chứng thư số này",
        en: "The available CRLs do not cover every revocation reason for this certificate"
    },
    RevocationResponderUnknown = "revocation.ocsp-unknown" {
        vi: "Máy chủ OCSP trả lời không biết chứng thư số này",
        en: "The OCSP responder answered that it does not know the certificate"
    },
    RevocationFetchFailed = "revocation.fetch-failed" {
        vi: "Không tải được dữ liệu thu hồi từ {url}: {detail}",
        en: "Could not fetch revocation data from {url}: {detail}"
    },
    RevocationMalformed = "revocation.malformed" {
        vi: "Dữ liệu {kind} không đúng định dạng: {detail}",
        en: "The {kind} data is not well-formed: {detail}"
    },
    RevocationBadSignature = "revocation.bad-signature" {
        vi: "Không xác minh được chữ ký trên {kind} của {issuer}",
        en: "The signature on the {kind} from {issuer} does not verify"
    },
    RevocationSignerNotFound = "revocation.signer-not-found" {
        vi: "Không tìm thấy chứng thư số hợp lệ của bên ký {kind} {issuer}",
        en: "No valid certificate was found for the {kind} signer {issuer}"
    },
    RevocationStale = "revocation.stale" {
        vi: "{kind} phát hành lúc {this_update} đã hết hiệu lực hoặc quá cũ so với thời điểm kiểm tra",
        en: "The {kind} issued at {this_update} has expired or is too old for the validation time"
    },
    RevocationNotYetValid = "revocation.not-yet-valid" {
        vi: "{kind} ghi thời điểm phát hành {this_update}, muộn hơn thời điểm hiện tại",
        en: "The {kind} claims to be issued at {this_update}, later than the current time"
    },
    RevocationUnknownCriticalExtension = "revocation.unknown-critical-extension" {
        vi: "{kind} có phần mở rộng bắt buộc không hỗ trợ ({oid}) nên không được dùng",
        en: "The {kind} has an unsupported critical extension ({oid}) and cannot be used"
    },
    RevocationOutOfScope = "revocation.out-of-scope" {
        vi: "{kind} của {issuer} không áp dụng cho chứng thư số này ({detail})",
        en: "The {kind} from {issuer} does not cover this certificate ({detail})"
    },
    RevocationAlgorithmRefused = "revocation.algorithm-refused" {
        vi: "Thuật toán ký {alg} của {kind} không được chính sách cho phép",
        en: "The {kind} signature algorithm {alg} is not allowed by the policy"
    },
    RevocationOcspErrorStatus = "revocation.ocsp-error-status" {
        vi: "Máy chủ OCSP trả về lỗi: {status}",
        en: "The OCSP responder returned an error: {status}"
    },
    RevocationOcspBadProducedAt = "revocation.ocsp-bad-produced-at" {
        vi: "Phản hồi OCSP tạo lúc {produced_at}, ngoài thời hạn hiệu lực của chứng thư số",
        en: "The OCSP response was produced at {produced_at}, outside the certificate's validity period"
    },
    RevocationResponderUnchecked = "revocation.ocsp-responder-unchecked" {
        vi: "Chưa xác định được tình trạng thu hồi của chứng thư số máy chủ OCSP {responder}",
        en: "The revocation status of the OCSP responder certificate {responder} could not be determined"
    },
    RevocationUnparsedEvidence = "revocation.unparsed-evidence" {
        vi: "{count} dữ liệu {kind} được cung cấp không đọc được và đã bị bỏ qua",
        en: "{count} supplied {kind} item(s) could not be parsed and were ignored"
    },
}

/// The template for `id` in `lang` with `{name}` parameters substituted.
pub fn render(id: MessageId, lang: Lang, params: &[(String, String)]) -> String {
    let mut out = id.template(lang).to_owned();
    for (k, v) in params {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

impl Serialize for MessageId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Human-readable report (TODO(cms helper): full layout).
pub fn render_report(report: &crate::report::Report, lang: Lang) -> String {
    let _ = (report, lang);
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_templates_agree_on_parameters() {
        let mut seen = std::collections::HashSet::new();
        for id in MessageId::ALL {
            assert!(seen.insert(id.code()), "duplicate code {}", id.code());
            let params = |t: &str| {
                let mut v: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(params(id.template(Lang::Vi)), params(id.template(Lang::En)), "{}", id.code());
        }
    }
}
