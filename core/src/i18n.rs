//! The message catalogue: every user-facing text has a stable id (serialised as its `code`,
//! e.g. `cms.message-digest-mismatch`) and one entry per language. Parameters are named
//! `{like_this}` and substituted by [`render`]. Modelled on age's i18n.

use serde::Serialize;

/// Report language. Vietnamese is the default: the primary readers are Vietnamese clerks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
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

// A catalogue entry marked `signing` is a sentence of the signing side only (building and
// editing CMS, private keys, PDF signing and its seed values, time-stamp requests, long-term
// validation data). Without the feature `sign-messages` its template is its code (a
// one-character placeholder in the catalogue, read as the code): builds that do not sign (the WASM verify-only engine, whose size is budgeted) leave those texts out.
macro_rules! text {
    ($text:literal, $code:literal) => {
        $text
    };
    (signing $text:literal, $code:literal) => {
        signing_text!($text, $code)
    };
    (archive $text:literal, $code:literal) => {
        archive_text!($text, $code)
    };
}

// An entry marked `archive` is said only by the verification of CAdES archive time-stamps
// (feature `cades-archive`); without it its template is its code.
#[cfg(feature = "cades-archive")]
macro_rules! archive_text {
    ($text:literal, $code:literal) => {
        $text
    };
}

#[cfg(not(feature = "cades-archive"))]
macro_rules! archive_text {
    ($text:literal, $code:literal) => {
        "\x01"
    };
}

#[cfg(feature = "sign-messages")]
macro_rules! signing_text {
    ($text:literal, $code:literal) => {
        $text
    };
}

#[cfg(not(feature = "sign-messages"))]
macro_rules! signing_text {
    ($text:literal, $code:literal) => {
        "\x01"
    };
}

macro_rules! catalogue {
    ($( $id:ident = $code:literal $($side:ident)? { vi: $vi:literal, en: $en:literal } ),* $(,)?) => {
        /// Stable message identifiers. The serialised form (`code`) never changes once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum MessageId { $( $id ),* }

        impl MessageId {
            /// Every code in one string, each ended by a NUL (as for `template`).
            const CODES: &'static str = concat!( $( $code, "\0" ),* );

            /// The stable string code.
            pub fn code(self) -> &'static str {
                nth(Self::CODES, self.index())
            }

            /// The template in `lang`.
            pub fn template(self, lang: Lang) -> &'static str {
                // Every template in one string, NUL-separated, not a `match`: a match on
                // (id, lang) compiled to a ~10 KB jump table in the size-budgeted WASM build
                // (issue 11), and so did one on the id alone returning the (vi, en) pair; a
                // table of offsets cost 2 KB gzip more than scanning the ~50 KB for the NULs
                // (memchr): 2–40 µs per rendered message in Node (issue 12).
                const TEXT: &str = concat!( $( text!($($side)? $vi, $code), "\0", text!($($side)? $en, $code), "\0" ),* );
                // A sentence left out of this build is a lone U+0001 there: it reads as its code
                // (kept once, in `CODES`, rather than twice more in `TEXT`).
                match nth(TEXT, 2 * self.index() + match lang { Lang::Vi => 0, Lang::En => 1 }) {
                    "\x01" => self.code(),
                    text => text,
                }
            }

            /// The id's position in the catalogue (and in [`Self::ALL`]). A search rather than
            /// `self as usize`: core has no `as` conversions, and this is a few hundred byte
            /// compares per rendered message.
            fn index(self) -> usize {
                Self::ALL.iter().position(|id| *id == self).unwrap_or_default()
            }

            /// Every id, for catalogue completeness tests.
            pub const ALL: &'static [MessageId] = &[ $( Self::$id ),* ];
        }
    };
}

/// Piece `i` of `text`, whose pieces each end with a NUL.
fn nth(text: &'static str, i: usize) -> &'static str {
    text.split('\0').nth(i).unwrap_or_default()
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
    CmsRevocationInfoSkipped = "cms.revocation-info-skipped" {
        vi: "Bỏ qua một mục thông tin thu hồi trong dữ liệu ký số không dùng được ({kind})",
        en: "An item of revocation information in the signed data was skipped as unusable ({kind})"
    },
    // Issue 11 — PDF reader (pdf.xref.*, pdf.parse.*, pdf.limit.*, pdf.crypt.*): add entries below this line.
    PdfCryptUnsupported = "pdf.crypt.unsupported" {
        vi: "Tệp PDF được mã hóa theo cách kyso chưa hỗ trợ ({what}); không đọc được nội dung để kiểm tra chữ ký",
        en: "The PDF is encrypted in a way kyso does not support ({what}); its content cannot be read to check the signatures"
    },
    PdfCryptWrongPassword = "pdf.crypt.wrong-password" {
        vi: "Tệp PDF được mã hóa bằng mật khẩu; mật khẩu đã cho (hoặc mật khẩu trống, nếu không cho) không mở được tệp",
        en: "The PDF is password-protected; the password given (or the empty password, when none was given) does not open it"
    },
    PdfCryptMalformed = "pdf.crypt.malformed" {
        vi: "Từ điển mã hóa (/Encrypt) của tệp PDF không hợp lệ ở mục {entry}",
        en: "The PDF's encryption dictionary (/Encrypt) is invalid at entry {entry}"
    },
    PdfCryptBadData = "pdf.crypt.bad-data" {
        vi: "Không giải mã được dữ liệu của đối tượng PDF {object}: độ dài hoặc phần đệm AES không đúng (dữ liệu bị hỏng)",
        en: "The data of PDF object {object} cannot be decrypted: its AES length or padding is wrong (the data is damaged)"
    },
    PdfCryptNotInThisBuild = "pdf.crypt.not-in-this-build" {
        vi: "Tệp PDF được mã hóa; bản kyso này được dựng không kèm chức năng giải mã PDF nên không đọc được các chữ ký (hãy dùng bản đầy đủ)",
        en: "The PDF is encrypted; this build of kyso was made without PDF decryption, so its signatures cannot be read (use the full build)"
    },
    PdfSourceError = "pdf.source" {
        vi: "Không đọc được tệp: {detail}",
        en: "The file could not be read: {detail}"
    },
    PdfNotPdf = "pdf.parse.not-pdf" {
        vi: "Tệp không phải tài liệu PDF (không có phần đầu %PDF-)",
        en: "The file is not a PDF document (no %PDF- header)"
    },
    PdfXrefUnreadable = "pdf.xref.unreadable" {
        vi: "Không đọc được bảng tham chiếu chéo của PDF tại vị trí {offset}: {what}",
        en: "The PDF cross-reference information at offset {offset} is unreadable: {what}"
    },
    PdfObjectUnreadable = "pdf.parse.bad-object" {
        vi: "Không đọc được đối tượng PDF {object} (vị trí {offset}): {what}",
        en: "PDF object {object} (offset {offset}) is unreadable: {what}"
    },
    PdfStreamUnreadable = "pdf.parse.bad-stream" {
        vi: "Không giải mã được luồng dữ liệu của đối tượng PDF {object}: {what}",
        en: "The stream of PDF object {object} cannot be decoded: {what}"
    },
    PdfLimitExceeded = "pdf.limit.exceeded" {
        vi: "Tệp PDF vượt giới hạn an toàn ({what}); dừng đọc để tránh cạn tài nguyên",
        en: "The PDF exceeds a safety limit ({what}); reading stopped to protect resources"
    },
    PdfNoCatalog = "pdf.parse.no-catalog" {
        vi: "Tệp PDF không có danh mục tài liệu (/Root)",
        en: "The PDF has no document catalog (/Root)"
    },
    PdfXrefReconstructed = "pdf.xref.reconstructed" {
        vi: "Bảng tham chiếu chéo của PDF bị hỏng và đã được dựng lại bằng cách quét tệp ({detail}); trình xem khác có thể hiển thị nội dung khác",
        en: "The PDF cross-reference information is damaged and was rebuilt by scanning the file ({detail}); other viewers may show different content"
    },
    PdfXrefPrevLoop = "pdf.xref.prev-loop" {
        vi: "Chuỗi bảng tham chiếu chéo của PDF quay vòng ({detail})",
        en: "The PDF cross-reference chain loops ({detail})"
    },
    PdfXrefNoEof = "pdf.xref.no-eof" {
        vi: "Một phiên bản của PDF không kết thúc bằng %%EOF ({detail})",
        en: "A PDF revision does not end with %%EOF ({detail})"
    },
    PdfXrefHybridMismatch = "pdf.xref.hybrid-mismatch" {
        vi: "Bảng tham chiếu chéo và luồng tham chiếu chéo (/XRefStm) của cùng một phiên bản chỉ đến các đối tượng khác nhau ({detail}): trình xem cũ và mới sẽ thấy tài liệu khác nhau",
        en: "The cross-reference table and the cross-reference stream (/XRefStm) of one revision point to different objects ({detail}): older and newer viewers see different documents"
    },
    PdfXrefDataAfterEof = "pdf.xref.data-after-eof" {
        vi: "Có dữ liệu sau dấu kết thúc %%EOF cuối cùng của PDF ({detail})",
        en: "There is data after the PDF's last %%EOF marker ({detail})"
    },
    PdfXrefWrongSize = "pdf.xref.wrong-size" signing {
        vi: "Giá trị /Size của phần trailer không lớn hơn số hiệu đối tượng lớn nhất ({detail})",
        en: "The trailer's /Size is not larger than the highest object number ({detail})"
    },
    PdfXrefGaps = "pdf.xref.gaps" signing {
        vi: "Bảng tham chiếu chéo của phiên bản gốc bỏ sót số hiệu đối tượng ({detail})",
        en: "The original revision's cross-reference information skips object numbers ({detail})"
    },
    PdfXrefBadOffset = "pdf.xref.bad-offset" {
        vi: "Bảng tham chiếu chéo chỉ sai vị trí đối tượng ({detail})",
        en: "The cross-reference information points to the wrong place for an object ({detail})"
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
        vi: "Thuộc tính content-type ({attribute}) không khớp với loại nội dung được ký ({econtent})",
        en: "The content-type attribute ({attribute}) does not match the signed content type ({econtent})"
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
    // Time-stamps (RFC 3161, RFC 5816; issue 12).
    TspSha1NotAllowed = "tsp.sha1-not-allowed" signing {
        vi: "Không yêu cầu dấu thời gian với mã băm SHA-1 trừ khi được yêu cầu rõ ràng theo chế độ tương thích cũ",
        en: "A time-stamp with a SHA-1 imprint is only requested when legacy SHA-1 is asked for by name"
    },
    TspImprintLength = "tsp.imprint-length" signing {
        vi: "Giá trị băm cần gắn dấu thời gian dài {got} byte, thuật toán băm cho {expected} byte",
        en: "The imprint to time-stamp is {got} bytes long where the digest gives {expected} bytes"
    },
    TspBadResponse = "tsp.bad-response" {
        vi: "Câu trả lời của máy chủ cấp dấu thời gian không phải là TimeStampResp (RFC 3161 §2.4.2)",
        en: "The time-stamp authority's answer is not a TimeStampResp (RFC 3161 §2.4.2)"
    },
    TspBadRequest = "tsp.bad-request" signing {
        vi: "Dữ liệu không phải là yêu cầu cấp dấu thời gian (TimeStampReq, RFC 3161 §2.4.1) mà kyso kiểm tra được",
        en: "The data is not a time-stamp request (TimeStampReq, RFC 3161 §2.4.1) kyso can check against"
    },
    TspUnreachable = "tsp.unreachable" signing {
        vi: "Không lấy được dấu thời gian từ {url}: {reason}",
        en: "No time-stamp could be obtained from {url}: {reason}"
    },
    TspNotTaken = "tsp.not-taken" signing {
        vi: "Câu trả lời của máy chủ cấp dấu thời gian không được dùng: {reason}",
        en: "The time-stamp authority's answer was not taken: {reason}"
    },
    TspNotTakenGeneric = "tsp.not-taken-generic" signing {
        vi: "dấu thời gian không kiểm tra được",
        en: "the time-stamp did not verify"
    },
    LtvNoChain = "ltv.no-chain" signing {
        vi: "Không xây dựng được chuỗi chứng thư số cho {signer}: không có dữ liệu kiểm tra dài hạn nào cho chuỗi này",
        en: "No certificate chain was built for {signer}: no long-term validation data for it"
    },
    LtvNoRevocationData = "ltv.no-revocation-data" signing {
        vi: "Không có dữ liệu thu hồi (CRL hoặc OCSP) quyết định được trạng thái của {subject}: thiếu trong dữ liệu kiểm tra dài hạn",
        en: "No revocation data (CRL or OCSP) decided the status of {subject}: it is missing from the long-term validation data"
    },
    LtvRevocationNotChecked = "ltv.revocation-not-checked" signing {
        vi: "Trạng thái thu hồi của {subject} không được kiểm tra (theo chính sách hoặc id-pkix-ocsp-nocheck): không có dữ liệu để đưa vào",
        en: "The revocation status of {subject} was not checked (by policy or id-pkix-ocsp-nocheck): nothing to embed"
    },
    ExtendNeedsTsa = "extend.needs-tsa" signing {
        vi: "Chữ ký chưa có dấu thời gian: cần chỉ ra máy chủ cấp dấu thời gian (TSA) để nâng lên mức {level}",
        en: "The signature has no time-stamp yet: a time-stamp authority (TSA) is needed to raise it to {level}"
    },
    ChainTsaEkuNotSole = "chain.tsa-eku-not-sole" {
        vi: "Chứng thư số của đơn vị cấp dấu thời gian khai thêm mục đích sử dụng khác ngoài timeStamping, điều RFC 3161 §2.3 không cho phép",
        en: "The time-stamp authority's certificate lists other extended key usages besides timeStamping, which RFC 3161 §2.3 does not allow"
    },
    ChainTsaEkuNotCriticalRefused = "chain.tsa-eku-not-critical-refused" {
        vi: "Mục đích timeStamping trong chứng thư số của đơn vị cấp dấu thời gian không được đánh dấu critical như RFC 3161 §2.3 yêu cầu, và chính sách này không chấp nhận",
        en: "The time-stamp authority's certificate does not mark its timeStamping extended key usage critical as RFC 3161 §2.3 requires, which this policy does not accept"
    },
    ChainTsaEkuNotCritical = "chain.tsa-eku-not-critical" {
        vi: "Mục đích timeStamping trong chứng thư số {cert} của đơn vị cấp dấu thời gian không được đánh dấu critical như RFC 3161 §2.3 yêu cầu; được chấp nhận theo chính sách này",
        en: "Certificate {cert} of the time-stamp authority does not mark its timeStamping extended key usage critical as RFC 3161 §2.3 requires; accepted under this policy"
    },
    TspRefused = "tsp.refused" {
        vi: "Máy chủ cấp dấu thời gian từ chối cấp (trạng thái {status}{failure}{text})",
        en: "The time-stamp authority refused the request (status {status}{failure}{text})"
    },
    TspNoToken = "tsp.no-token" {
        vi: "Câu trả lời của máy chủ cấp dấu thời gian báo đã cấp nhưng không chứa dấu thời gian",
        en: "The time-stamp authority's answer says granted but holds no time-stamp token"
    },
    TspNotTstInfo = "tsp.not-tst-info" {
        vi: "Dấu thời gian không chứa TSTInfo (loại nội dung {content_type}, RFC 3161 §2.4.2)",
        en: "The time-stamp token does not hold a TSTInfo (content type {content_type}, RFC 3161 §2.4.2)"
    },
    TspBadTstInfo = "tsp.bad-tst-info" {
        vi: "Không đọc được TSTInfo của dấu thời gian (RFC 3161 §2.4.2)",
        en: "The time-stamp token's TSTInfo cannot be read (RFC 3161 §2.4.2)"
    },
    TspVersion = "tsp.version" {
        vi: "TSTInfo có phiên bản {version}, RFC 3161 chỉ định nghĩa phiên bản 1",
        en: "The TSTInfo has version {version}; RFC 3161 defines version 1 only"
    },
    TspSignerCount = "tsp.signer-count" {
        vi: "Dấu thời gian có {count} chữ ký, RFC 3161 §2.4.2 chỉ cho phép đúng một chữ ký của đơn vị cấp dấu thời gian",
        en: "The time-stamp token carries {count} signatures; RFC 3161 §2.4.2 allows only the one of the time-stamp authority"
    },
    TspNoSigningCertificate = "tsp.no-signing-certificate" {
        vi: "Chữ ký của đơn vị cấp dấu thời gian thiếu thuộc tính ESS signing-certificate(-v2) ràng buộc chứng thư số đã ký (RFC 3161 §2.4.1, RFC 5816)",
        en: "The time-stamp authority's signature lacks the ESS signing-certificate(-v2) attribute binding the certificate that signed (RFC 3161 §2.4.1, RFC 5816)"
    },
    TspImprintMismatch = "tsp.imprint-mismatch" {
        vi: "Giá trị băm trong dấu thời gian không khớp với dữ liệu được gắn dấu thời gian",
        en: "The time-stamp's imprint does not match the time-stamped data"
    },
    TspImprintUnsupported = "tsp.imprint-algorithm-not-allowed" {
        vi: "Thuật toán băm {alg} của dấu thời gian không được hỗ trợ hoặc không được chính sách cho phép",
        en: "The time-stamp's imprint algorithm {alg} is not supported or not allowed by the policy"
    },
    TspImprintWeak = "tsp.imprint-weak" {
        vi: "Dấu thời gian dùng thuật toán băm yếu {alg}, chỉ được chấp nhận theo chế độ tương thích cũ",
        en: "The time-stamp uses the weak imprint algorithm {alg}, accepted only under the legacy gate"
    },
    TspNonceMismatch = "tsp.nonce-mismatch" {
        vi: "Số nonce trong dấu thời gian khác số nonce của yêu cầu: đây không phải câu trả lời cho yêu cầu này",
        en: "The time-stamp's nonce differs from the request's: it is not the answer to this request"
    },
    TspNonceMissing = "tsp.nonce-missing" {
        vi: "Yêu cầu có số nonce nhưng dấu thời gian không có (RFC 3161 §2.4.2)",
        en: "The request carried a nonce but the time-stamp does not (RFC 3161 §2.4.2)"
    },
    TspPolicyMismatch = "tsp.policy-mismatch" {
        vi: "Dấu thời gian được cấp theo chính sách {policy}, không phải chính sách {expected} đã yêu cầu",
        en: "The time-stamp was issued under policy {policy}, not the requested {expected}"
    },
    TspNameMismatch = "tsp.name-mismatch" {
        vi: "Tên đơn vị cấp dấu thời gian trong TSTInfo ({tsa}) không khớp chứng thư số đã ký ({subject}), RFC 3161 §2.4.2",
        en: "The TSA name in the TSTInfo ({tsa}) does not match the certificate that signed ({subject}), RFC 3161 §2.4.2"
    },
    TspInFuture = "tsp.in-future" {
        vi: "Thời điểm của dấu thời gian ({time}) muộn hơn thời điểm hiện tại",
        en: "The time-stamp's time ({time}) is later than the current time"
    },
    SignatureTimestampFailed = "cms.signature-timestamp-failed" {
        vi: "Dấu thời gian số {index} trên chữ ký không hợp lệ nên không chứng minh thời điểm tồn tại của chữ ký",
        en: "Signature time-stamp {index} does not verify, so it proves nothing about when the signature existed"
    },
    ArchiveTimestampFailed = "cms.archive-timestamp-failed" {
        vi: "Dấu thời gian lưu trữ số {index} không hợp lệ nên không chứng minh được gì",
        en: "Archive time-stamp {index} does not verify, so it proves nothing"
    },
    ArchiveTimestampNoHashIndex = "cms.archive-timestamp.no-hash-index" archive {
        vi: "Dấu thời gian lưu trữ thiếu ats-hash-index-v3 dùng được (ETSI EN 319 122-1 §5.5.2)",
        en: "The archive time-stamp lacks a usable ats-hash-index-v3 (ETSI EN 319 122-1 §5.5.2)"
    },
    ArchiveTimestampNotInThisBuild = "cms.archive-timestamp.not-in-this-build" {
        vi: "Bản kyso này không kiểm tra dấu thời gian lưu trữ CAdES",
        en: "This build of kyso does not check CAdES archive time-stamps"
    },
    ArchiveTimestampDataMissing = "cms.archive-timestamp.data-missing" archive {
        vi: "Dữ liệu mà dấu thời gian lưu trữ bao phủ đã bị gỡ bỏ hoặc sửa đổi",
        en: "Data the archive time-stamp covers has been removed or altered"
    },
    SigningTimeAfterTimestamp = "cms.signing-time-after-timestamp" {
        vi: "Thời điểm ký người ký khai ({claimed}) muộn hơn dấu thời gian trên chữ ký ({time})",
        en: "The claimed signing time ({claimed}) is later than the time-stamp on the signature ({time})"
    },
    SigningTimeInFuture = "cms.signing-time-in-future" {
        vi: "Thời điểm ký người ký khai ({time}) muộn hơn thời điểm hiện tại: không dùng làm thời điểm kiểm tra",
        en: "The claimed signing time ({time}) is later than the current time: it is not used as the validation time"
    },
    NoSigningTime = "cms.no-signing-time" {
        vi: "Chữ ký không có thời điểm ký",
        en: "The signature carries no signing time"
    },
    SigningTimeUnsigned = "cms.signing-time-unsigned" {
        vi: "Thuộc tính signing-time nằm ngoài phần được ký, điều mà RFC 5652 §11.3 không cho phép: thời điểm này không được chữ ký bảo vệ nên không được coi là thời điểm ký",
        en: "A signing-time attribute is unsigned, which RFC 5652 §11.3 forbids: the signature does not protect it, so it is not taken as the signing time"
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
    CmsNotSignedData = "cms.not-signed-data" {
        vi: "Dữ liệu không phải là SignedData (loại nội dung {content_type})",
        en: "The data is not SignedData (content type {content_type})"
    },
    CmsTooLarge = "cms.too-large" {
        vi: "Dữ liệu {len} byte vượt quá giới hạn {limit} byte nên không được kiểm tra",
        en: "The data of {len} bytes exceeds the limit of {limit} bytes and was not checked"
    },
    InputTrailingPadding = "input.trailing-padding" {
        vi: "Đã bỏ qua {count} byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của dữ liệu",
        en: "{count} padding byte(s) (white space or zero bytes) after the end of the data were ignored"
    },
    InputTrailingData = "input.trailing-data" {
        vi: "Sau phần cuối của dữ liệu (byte {offset}) còn {count} byte không phải khoảng trắng hay byte 0 nên dữ liệu bị từ chối",
        en: "{count} byte(s) other than white space or zero bytes follow the end of the data (at byte {offset}), so the data is refused"
    },
    // Padding after a certificate, CRL, OCSP response or key read from a file (issue 9
    // defect 5; the rule: `crate::trailing`).
    InputTrailingPaddingCertificate = "input.trailing-padding-certificate" {
        vi: "Đã bỏ qua {count} byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của chứng thư số {subject}",
        en: "{count} padding byte(s) (white space or zero bytes) after the end of the certificate {subject} were ignored"
    },
    InputTrailingPaddingRevocation = "input.trailing-padding-revocation" {
        vi: "Đã bỏ qua {count} byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của dữ liệu thu hồi {kind} về các chứng thư số do {issuer} cấp",
        en: "{count} padding byte(s) (white space or zero bytes) after the end of the {kind} revocation data for certificates issued by {issuer} were ignored"
    },
    InputTrailingDataRevocation = "input.trailing-data-revocation" {
        vi: "Sau phần cuối của một dữ liệu thu hồi {kind} (byte {offset}) còn {count} byte không phải khoảng trắng hay byte 0 nên dữ liệu này bị bỏ qua",
        en: "{count} byte(s) other than white space or zero bytes follow the end of a {kind} revocation item (at byte {offset}), so it was ignored"
    },
    InputTrailingPaddingKey = "input.trailing-padding-key" signing {
        vi: "Đã bỏ qua {count} byte đệm (khoảng trắng hoặc byte 0) sau phần cuối của tệp khóa",
        en: "{count} padding byte(s) (white space or zero bytes) after the end of the key file were ignored"
    },
    CertificateEntrySkipped = "cms.certificate-skipped" {
        vi: "Bỏ qua mục số {index} trong tập chứng thư số ({kind}): {detail}",
        en: "Skipped entry {index} of the certificate set ({kind}): {detail}"
    },
    SuppliedContentDiffers = "cms.supplied-content-differs" {
        vi: "Nội dung được cung cấp khác với nội dung gắn trong chữ ký: nội dung được cung cấp chưa được ký",
        en: "The supplied content differs from the content inside the signature: the supplied content was not signed"
    },
    ContentNeeded = "cms.content-needed" {
        vi: "Chữ ký không có thuộc tính được ký nên cần chính nội dung gốc, không chỉ giá trị băm",
        en: "The signature has no signed attributes, so the content itself is needed, not only its digest"
    },
    DigestNotSupplied = "cms.digest-not-supplied" {
        vi: "Không có giá trị băm {alg} của nội dung để kiểm tra",
        en: "No {alg} digest of the content was supplied"
    },
    AttributeMalformed = "cms.attribute-malformed" {
        vi: "Thuộc tính được ký {attribute} sai định dạng hoặc xuất hiện nhiều lần",
        en: "The signed attribute {attribute} is malformed or occurs more than once"
    },
    CounterSignatureContentType = "cms.counter-signature-content-type" {
        vi: "Chữ ký đối chứng không được chứa thuộc tính content-type (RFC 5652 §11.4)",
        en: "A counter-signature must not carry a content-type attribute (RFC 5652 §11.4)"
    },
    CounterSignatureDigestMismatch = "cms.counter-signature-digest-mismatch" {
        vi: "Chữ ký đối chứng số {index} không hợp lệ: thuộc tính message-digest không khớp với giá trị băm của chữ ký được đối chứng (RFC 5652 §11.4)",
        en: "Counter-signature {index} is not valid: its message-digest attribute does not match the digest of the signature value it countersigns (RFC 5652 §11.4)"
    },
    CounterSignatureSignatureInvalid = "cms.counter-signature-signature-invalid" {
        vi: "Chữ ký đối chứng số {index} không hợp lệ: giá trị chữ ký không đúng với khóa công khai của người ký đối chứng",
        en: "Counter-signature {index} is not valid: its signature value does not verify with the countersigner's public key"
    },
    CounterSignatureHasContentType = "cms.counter-signature-has-content-type" {
        vi: "Chữ ký đối chứng số {index} không hợp lệ: có thuộc tính content-type, điều mà RFC 5652 §11.4 không cho phép",
        en: "Counter-signature {index} is not valid: it carries a content-type attribute, which RFC 5652 §11.4 forbids"
    },
    CounterSignatureMissingAttribute = "cms.counter-signature-missing-attribute" {
        vi: "Chữ ký đối chứng số {index} không hợp lệ: thiếu thuộc tính được ký bắt buộc {attribute} (RFC 5652 §11.4)",
        en: "Counter-signature {index} is not valid: the required signed attribute {attribute} is missing (RFC 5652 §11.4)"
    },
    CounterSignatureSignerNotFound = "cms.counter-signature-signer-not-found" {
        vi: "Chưa kiểm tra được chữ ký đối chứng số {index}: không tìm thấy chứng thư số của người ký đối chứng",
        en: "Counter-signature {index} could not be verified: the countersigner's certificate was not found"
    },
    CounterSignatureIndeterminate = "cms.counter-signature-indeterminate" {
        vi: "Chưa đủ căn cứ để kết luận chữ ký đối chứng số {index} hợp lệ (xem các ghi chú của chữ ký đối chứng)",
        en: "There is not enough evidence to conclude that counter-signature {index} is valid (see the counter-signature's own notes)"
    },
    SigningCertificateIssuerSerialMismatch = "cms.signing-certificate-issuer-serial-mismatch" {
        vi: "Tên tổ chức cấp hoặc số hiệu trong thuộc tính signing-certificate không khớp với chứng thư số của người ký",
        en: "The issuer or serial number in the signing-certificate attribute does not match the signer's certificate"
    },
    InvalidAlgorithmParameters = "crypto.invalid-parameters" {
        vi: "Tham số của thuật toán {alg} không hợp lệ",
        en: "Invalid parameters for algorithm {alg}"
    },
    DigestAlgorithmIsSignatureAlgorithm = "cms.digest-algorithm-is-signature-algorithm" {
        vi: "Trường digestAlgorithm chứa thuật toán chữ ký {alg} thay vì thuật toán băm (lỗi của phần mềm tạo chữ ký); đã dùng hàm băm {digest} của thuật toán đó",
        en: "The digestAlgorithm field holds the signature algorithm {alg} instead of a digest algorithm (a bug of the signing software); its hash {digest} was used"
    },
    DigestAlgorithmWithoutHash = "cms.digest-algorithm-without-hash" {
        vi: "Trường digestAlgorithm chứa {alg}, một thuật toán chữ ký không chỉ rõ hàm băm, nên không xác định được hàm băm đã dùng",
        en: "The digestAlgorithm field holds {alg}, a signature algorithm that names no hash function, so the digest algorithm used is unknown"
    },
    InvalidPublicKey = "crypto.invalid-public-key" {
        vi: "Không đọc được khóa công khai trong chứng thư số của người ký",
        en: "The public key in the signer's certificate could not be read"
    },
    SignerIdentifiedBy = "signer.identified-by" {
        vi: "Người ký được xác định bởi: {sid}",
        en: "The signer is identified by: {sid}"
    },
    UnprotectedSignedAttributes = "cms.no-signed-attributes" {
        vi: "Chữ ký không có thuộc tính được ký (PKCS#7 cơ bản)",
        en: "The signature has no signed attributes (basic PKCS#7)"
    },
    // Issue 11 — PDF signing and writer (pdf.sign.*): add entries below this line.
    PdfSignRead = "pdf.sign.read" signing {
        vi: "Không ký được tệp PDF vì không đọc được tệp: {detail}",
        en: "The PDF cannot be signed because it cannot be read: {detail}"
    },
    PdfSignEncrypted = "pdf.sign.encrypted" signing {
        vi: "Tài liệu PDF đã được mã hóa; kyso chưa hỗ trợ ký tài liệu mã hóa. Hãy gỡ mã hóa rồi ký lại",
        en: "The PDF is encrypted; kyso does not sign encrypted PDFs. Remove the encryption and sign again"
    },
    PdfSignDamaged = "pdf.sign.damaged" signing {
        vi: "Tệp PDF bị lỗi cấu trúc và phải sửa mới đọc được; ký lên tệp này sẽ làm chữ ký trước đó bị báo sai trong Acrobat. Hãy lưu lại tệp bằng phần mềm soạn thảo rồi ký",
        en: "The PDF is structurally damaged and can only be read after repair; signing it would make earlier signatures show as invalid in Acrobat. Save it again with an editor, then sign"
    },
    PdfSignNeedsRepair = "pdf.sign.needs-repair" signing {
        vi: "Tệp PDF có lỗi mà trình xem sẽ tự sửa khi mở ({defect}); ký lên tệp này sẽ làm chữ ký bị báo sai trong Acrobat. Hãy lưu lại tệp bằng phần mềm soạn thảo rồi ký",
        en: "The PDF has a defect viewers repair when they open it ({defect}); signing it would make signatures show as invalid in Acrobat. Save it again with an editor, then sign"
    },
    PdfSignPageOutOfRange = "pdf.sign.page-out-of-range" signing {
        vi: "Không có trang {page}: tài liệu có {pages} trang",
        en: "There is no page {page}: the document has {pages} pages"
    },
    PdfSignBadRect = "pdf.sign.bad-rect" signing {
        vi: "Vùng đặt chữ ký không hợp lệ (chiều rộng và chiều cao phải là số dương)",
        en: "The signature area is not valid (width and height must be positive numbers)"
    },
    PdfSignFieldNotSignature = "pdf.sign.field-not-signature" signing {
        vi: "Trường \"{name}\" đã có trong tài liệu nhưng không phải trường chữ ký",
        en: "The field \"{name}\" exists in the document but is not a signature field"
    },
    PdfSignFieldAlreadySigned = "pdf.sign.field-already-signed" signing {
        vi: "Trường chữ ký \"{name}\" đã được ký; hãy chọn trường khác hoặc để kyso tạo trường mới",
        en: "The signature field \"{name}\" is already signed; choose another field or let kyso create a new one"
    },
    PdfSignFieldNameInvalid = "pdf.sign.field-name-invalid" signing {
        vi: "Tên trường \"{name}\" không dùng được (không được để trống hoặc chứa dấu chấm)",
        en: "The field name \"{name}\" cannot be used (it must not be empty or contain a period)"
    },
    PdfSignCertificationNotFirst = "pdf.sign.certification-not-first" signing {
        vi: "Chỉ chữ ký đầu tiên của tài liệu mới được là chữ ký chứng thực (DocMDP); tài liệu này đã có chữ ký",
        en: "Only the first signature of a document can certify it (DocMDP); this document is already signed"
    },
    PdfSignDocMdpForbids = "pdf.sign.docmdp-forbids" signing {
        vi: "Tài liệu đã được chứng thực với mức không cho phép thay đổi (DocMDP P=1); ký thêm sẽ làm chữ ký chứng thực mất hiệu lực",
        en: "The document is certified with no changes allowed (DocMDP P=1); another signature would invalidate the certification"
    },
    PdfSignSeedValue = "pdf.sign.seed-value" signing {
        vi: "Trường chữ ký yêu cầu điều kiện mà chữ ký này không đáp ứng: {what}",
        en: "The signature field requires something this signature does not meet: {what}"
    },
    PdfSeedFilter = "pdf.seed.filter" signing {
        vi: "bộ xử lý chữ ký /Filter {values} (kyso dùng Adobe.PPKLite)",
        en: "the signature handler /Filter {values} (kyso uses Adobe.PPKLite)"
    },
    PdfSeedSubFilter = "pdf.seed.subfilter" signing {
        vi: "một trong các kiểu chữ ký /SubFilter: {values}",
        en: "one of the signature encodings /SubFilter: {values}"
    },
    PdfSeedVersion = "pdf.seed.version" signing {
        vi: "trình đọc giá trị gợi ý phiên bản {values}, mới hơn phiên bản kyso hỗ trợ (3, PDF 2.0)",
        en: "a seed value reader of version {values}, newer than the one kyso supports (3, PDF 2.0)"
    },
    PdfSeedReasons = "pdf.seed.reasons" signing {
        vi: "lý do ký là một trong: {values} (danh sách chỉ có chuỗi rỗng nghĩa là không được ghi lý do)",
        en: "a signing reason among: {values} (a list of one empty string means no reason may be given)"
    },
    PdfSeedLegalAttestation = "pdf.seed.legal-attestation" signing {
        vi: "một cam kết pháp lý (/LegalAttestation: {values}); kyso chưa ghi cam kết pháp lý",
        en: "a legal attestation (/LegalAttestation: {values}); kyso does not write legal attestations"
    },
    PdfSeedAddRevInfo = "pdf.seed.add-rev-info" signing {
        vi: "dữ liệu thu hồi chứng thư nằm trong chữ ký (/AddRevInfo); kyso chưa nhúng dữ liệu này",
        en: "revocation data inside the signature (/AddRevInfo); kyso does not embed it yet"
    },
    PdfSeedDigestMethod = "pdf.seed.digest-method" signing {
        vi: "một trong các thuật toán băm /DigestMethod: {values}",
        en: "one of the digest algorithms /DigestMethod: {values}"
    },
    PdfSeedLockDocument = "pdf.seed.lock-document" signing {
        vi: "khóa tài liệu sau khi ký (/LockDocument {values}); kyso chưa làm việc này",
        en: "locking the document after signing (/LockDocument {values}); kyso does not do this yet"
    },
    PdfSeedCertification = "pdf.seed.certification" signing {
        vi: "chữ ký chứng thực với quyền thay đổi DocMDP P = {values}",
        en: "a certification signature with DocMDP permission P = {values}"
    },
    PdfSeedApproval = "pdf.seed.approval" signing {
        vi: "chữ ký phê duyệt, không phải chữ ký chứng thực (/MDP /P {values})",
        en: "an approval signature, not a certification (/MDP /P {values})"
    },
    PdfSeedTimeStamp = "pdf.seed.timestamp" signing {
        vi: "dấu thời gian từ {values}; kyso chưa gắn dấu thời gian vào chữ ký PDF",
        en: "a time-stamp from {values}; kyso does not time-stamp PDF signatures yet"
    },
    PdfSeedCertSubject = "pdf.seed.cert-subject" signing {
        vi: "chứng thư ký là một trong {values} chứng thư được trường chỉ định (/Cert /Subject)",
        en: "a signing certificate among the {values} the field lists (/Cert /Subject)"
    },
    PdfSeedCertIssuer = "pdf.seed.cert-issuer" signing {
        vi: "chứng thư ký do một trong {values} CA được trường chỉ định cấp (/Cert /Issuer)",
        en: "a signing certificate issued by one of the {values} CAs the field lists (/Cert /Issuer)"
    },
    PdfSeedCertPolicy = "pdf.seed.cert-policy" signing {
        vi: "chứng thư ký có một trong các chính sách chứng thư: {values}",
        en: "a signing certificate with one of the certificate policies {values}"
    },
    PdfSeedCertSubjectDn = "pdf.seed.cert-subject-dn" signing {
        vi: "chứng thư ký có tên chủ thể khớp với: {values}",
        en: "a signing certificate whose subject name matches {values}"
    },
    PdfSeedCertKeyUsage = "pdf.seed.cert-key-usage" signing {
        vi: "chứng thư ký có mục đích sử dụng khóa theo mẫu: {values} (thứ tự digitalSignature … decipherOnly; 1 bắt buộc, 0 cấm, X tùy ý)",
        en: "a signing certificate whose key usage matches {values} (bits digitalSignature … decipherOnly; 1 required, 0 forbidden, X any)"
    },
    PdfSignContentsTooSmall = "pdf.sign.contents-too-small" signing {
        vi: "Chữ ký ({needed} byte) lớn hơn chỗ đã dành trong tài liệu ({reserved} byte); hãy chuẩn bị lại với chỗ lớn hơn",
        en: "The signature ({needed} bytes) is larger than the space reserved in the document ({reserved} bytes); prepare again with more space"
    },
    PdfSignCms = "pdf.sign.cms" signing {
        vi: "Không tạo được chữ ký CMS cho tài liệu PDF: {detail}",
        en: "The CMS signature for the PDF could not be built: {detail}"
    },
    PdfSignTooLarge = "pdf.sign.too-large" signing {
        vi: "Tệp PDF quá lớn hoặc có quá nhiều đối tượng để ghi thêm bản cập nhật",
        en: "The PDF is too large or has too many objects for an incremental update"
    },
    PdfSignBadState = "pdf.sign.bad-state" signing {
        vi: "Dữ liệu chữ ký đã chuẩn bị không hợp lệ",
        en: "The prepared signature state is not valid"
    },
    PdfSignInputMismatch = "pdf.sign.input-mismatch" signing {
        vi: "Tệp PDF đưa vào để hoàn tất chữ ký không phải tệp đã chuẩn bị ký (dài {actual} byte thay vì {expected} byte)",
        en: "The PDF given to finish the signature is not the one that was prepared ({actual} bytes instead of {expected})"
    },
    PdfSignBadCertificationLevel = "pdf.sign.bad-certification-level" signing {
        vi: "Mức chứng thực {level} không hợp lệ: chỉ có 1 (không cho thay đổi), 2 (điền biểu mẫu và ký) hoặc 3 (thêm cả chú thích)",
        en: "Certification level {level} is not valid: it is 1 (no changes), 2 (form filling and signing) or 3 (also annotations)"
    },
    PdfSignUnknownSubFilter = "pdf.sign.unknown-subfilter" signing {
        vi: "Không ký được với kiểu chữ ký \"{name}\": kyso ký theo adbe.pkcs7.detached (pkcs7) hoặc ETSI.CAdES.detached (cades)",
        en: "kyso cannot sign with the SubFilter \"{name}\": it signs with adbe.pkcs7.detached (pkcs7) or ETSI.CAdES.detached (cades)"
    },
    PdfSignAppearance = "pdf.sign.appearance" signing {
        vi: "Không tạo được hình hiển thị của chữ ký: {detail}",
        en: "The signature's visible appearance could not be made: {detail}"
    },
    PdfAppearanceFontUnreadable = "pdf.appearance.font-unreadable" signing {
        vi: "tệp phông chữ không phải phông TrueType/OpenType đọc được",
        en: "the font file is not a readable TrueType/OpenType font"
    },
    PdfAppearanceFontNotEmbeddable = "pdf.appearance.font-not-embeddable" signing {
        vi: "giấy phép của phông chữ (fsType trong bảng OS/2) không cho phép nhúng hoặc cắt nhỏ phông vào tài liệu",
        en: "the font's licence (OS/2 fsType) does not allow embedding or subsetting it"
    },
    PdfAppearanceFontSubset = "pdf.appearance.font-subset" signing {
        vi: "không cắt được tập con của phông chữ (cấu trúc phông không hợp lệ)",
        en: "the font could not be subset (its tables are not valid)"
    },
    PdfAppearanceMissingGlyph = "pdf.appearance.missing-glyph" signing {
        vi: "phông chữ không có ký tự \"{char}\" ({code}); hãy chọn phông có đủ chữ tiếng Việt",
        en: "the font has no glyph for \"{char}\" ({code}); choose a font that covers the text"
    },
    PdfAppearanceTextDoesNotFit = "pdf.appearance.text-does-not-fit" signing {
        vi: "nội dung chữ không vừa vùng chữ ký kể cả ở cỡ chữ {size} pt; hãy mở rộng vùng hoặc rút gọn nội dung",
        en: "the text does not fit the signature area even at {size} pt; enlarge the area or shorten the text"
    },
    PdfAppearanceImageFormat = "pdf.appearance.image-format" signing {
        vi: "ảnh phải ở định dạng PNG hoặc JPEG",
        en: "the image must be a PNG or a JPEG"
    },
    PdfAppearanceImageUnreadable = "pdf.appearance.image-unreadable" signing {
        vi: "tệp ảnh {kind} bị hỏng hoặc không đầy đủ",
        en: "the {kind} image is corrupt or truncated"
    },
    PdfAppearanceJpegUnsupported = "pdf.appearance.jpeg-unsupported" signing {
        vi: "kiểu JPEG này (mã hoá số học, không tổn hao, 12 bit hoặc số kênh màu lạ) không được mọi trình đọc PDF hiển thị; hãy lưu lại thành JPEG thông thường hoặc PNG",
        en: "this kind of JPEG (arithmetic coding, lossless, 12-bit or an unusual number of components) is not shown by every PDF reader; save it as a baseline JPEG or a PNG"
    },
    PdfAppearanceImageTooLarge = "pdf.appearance.image-too-large" signing {
        vi: "ảnh quá lớn để nhúng vào hình chữ ký",
        en: "the image is too large to embed in the signature appearance"
    },
    PdfAppearanceEmpty = "pdf.appearance.empty" signing {
        vi: "không có gì để hiển thị: cần ít nhất một dòng chữ hoặc một ảnh",
        en: "there is nothing to show: give at least one line of text or an image"
    },
    PdfAppearanceNeedsRect = "pdf.appearance.needs-rect" signing {
        vi: "chữ ký hiển thị cần vùng đặt chữ ký trên trang",
        en: "a visible signature needs an area on the page"
    },
    PdfAppearanceFieldHasNoArea = "pdf.appearance.field-has-no-area" signing {
        vi: "ô chữ ký \"{name}\" có sẵn trong tài liệu không có vùng hiển thị trên trang nào để vẽ chữ ký",
        en: "the signature field \"{name}\" already in the document has no area on a page to draw the signature in"
    },
    PdfAppearanceBadLength = "pdf.appearance.bad-length" signing {
        vi: "\"{value}\" không phải kích thước hợp lệ: hãy ghi số kèm đơn vị mm hoặc pt (ví dụ 20mm), vùng ghi X,Y,R,C với chiều rộng và chiều cao dương",
        en: "\"{value}\" is not a valid size: write a number with mm or pt (e.g. 20mm), an area as X,Y,W,H with a positive width and height"
    },
    PdfAppearanceRectOffPage = "pdf.appearance.rect-off-page" signing {
        vi: "vùng chữ ký nằm (một phần) ngoài phần hiển thị của trang {page}; hãy đặt vùng nằm trọn trong trang",
        en: "the signature area lies (partly) outside the displayed area of page {page}; place it wholly on the page"
    },
    PdfAppearanceNoPersonSignature = "pdf.appearance.no-person-signature" signing {
        vi: "tài liệu chưa có chữ ký của người có thẩm quyền với hình hiển thị trên trang để đóng dấu chồng lên; hãy ký phê duyệt trước, hoặc chỉ ra trang và vùng đặt dấu",
        en: "the document has no signature of the person with authority with a visible box to place the seal over; have the person sign first, or give the page and area of the seal"
    },
    PdfAppearancePersonFieldUnusable = "pdf.appearance.person-field-unusable" signing {
        vi: "ô \"{name}\" không phải ô chữ ký đã ký có hình hiển thị trên trang, nên không đặt dấu theo nó được",
        en: "the field \"{name}\" is not a signed signature field with a visible box on a page, so the seal cannot be placed beside it"
    },
    PdfAppearanceFormFieldUnusable = "pdf.appearance.form-field-unusable" signing {
        vi: "tài liệu không có ô nhập chữ \"{name}\" có vùng hiển thị trên trang để điền vào",
        en: "the document has no text field \"{name}\" with a box on a page to fill in"
    },
    PdfAppearanceNeedsImage = "pdf.appearance.needs-image" signing {
        vi: "kiểu hiển thị này cần ảnh: ảnh chữ ký tay (PNG nền trong suốt, màu xanh) hoặc ảnh con dấu (màu đỏ)",
        en: "this layout needs an image: the handwritten signature (PNG, transparent background, blue) or the seal (red)"
    },
    PdfAppearanceNotInThisBuild = "pdf.appearance.not-in-this-build" signing {
        vi: "bản kyso này không vẽ được chữ ký hiển thị (tính năng appearance không được bật khi biên dịch)",
        en: "this build of kyso cannot draw visible signatures (built without the appearance feature)"
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
    ChainCriticalNotAllowed = "chain.extension-must-not-be-critical" {
        vi: "Trong chứng thư {cert}, phần mở rộng {extension} được đánh dấu là bắt buộc (critical), điều mà RFC 5280 {rule} không cho phép",
        en: "In certificate {cert}, the {extension} extension is marked critical, which RFC 5280 {rule} forbids"
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
    ChainRevocationFreshness = "chain.revocation-freshness" {
        vi: "Quy tắc về độ mới của dữ liệu thu hồi: CRL và phản hồi OCSP phải còn hiệu lực (chưa qua nextUpdate) tại thời điểm kiểm tra; tuổi tối đa tính bằng giây (- là không giới hạn): CRL {crl_max_age}, OCSP {ocsp_max_age}",
        en: "Revocation freshness rule: CRLs and OCSP responses must be valid (nextUpdate not passed) at the validation time; maximum age in seconds (- for none): CRL {crl_max_age}, OCSP {ocsp_max_age}"
    },
    ChainTimeUsed = "chain.time-used" {
        vi: "Thời điểm kiểm tra: {time} ({source})",
        en: "Validation time: {time} ({source})"
    },
    // Issue 11 — PDF signature verification and report (pdf.sig.*, pdf.byterange.*, pdf.report.*): add entries below this line.
    PdfSigDuplicateField = "pdf.sig.duplicate-field-name" {
        vi: "Hai trường chữ ký cùng tên hoặc cùng dùng một chữ ký ({field}): trình xem khác nhau sẽ hiển thị khác nhau",
        en: "Two signature fields share a name or one signature ({field}): viewers will disagree on which is shown"
    },
    PdfSigContentsMissing = "pdf.sig.contents-missing" {
        vi: "Chữ ký không có giá trị /Contents là chuỗi trực tiếp (giả mạo chữ ký phổ quát)",
        en: "The signature has no direct /Contents string (universal signature forgery)"
    },
    PdfSigContentsNotCms = "pdf.sig.contents-not-cms" {
        vi: "Giá trị /Contents của chữ ký không phải dữ liệu ký CMS (giả mạo chữ ký phổ quát)",
        en: "The signature's /Contents is not a CMS signature (universal signature forgery)"
    },
    PdfSigContentsPadding = "pdf.sig.contents-padding" {
        vi: "Sau dữ liệu ký trong /Contents còn {bytes} byte không phải số 0 (dữ liệu ẩn trong vùng không được ký)",
        en: "The {bytes} bytes after the CMS in /Contents are not all zero (data hidden in the unsigned gap)"
    },
    PdfByteRangeMalformed = "pdf.byterange.malformed" {
        vi: "/ByteRange của chữ ký không hợp lệ ({detail}): phải là [0 a b c] bao phủ tệp trừ đúng giá trị /Contents",
        en: "The signature's /ByteRange is invalid ({detail}): it must be [0 a b c] covering the file except exactly the /Contents value"
    },
    PdfByteRangeGapNotContents = "pdf.byterange.gap-not-contents" {
        vi: "Khoảng không được ký {detail} không đúng là giá trị /Contents của chữ ký (tấn công bao bọc chữ ký)",
        en: "The unsigned gap {detail} is not exactly the signature's /Contents value (signature wrapping attack)"
    },
    PdfByteRangeNotRevisionEnd = "pdf.byterange.not-revision-end" {
        vi: "Phạm vi ký kết thúc tại byte {end}, không phải cuối một phiên bản của tài liệu",
        en: "The signed range ends at byte {end}, which is not the end of a revision of the document"
    },
    PdfSigDictOutsideSigned = "pdf.sig.dict-outside-signed" {
        vi: "Từ điển chữ ký không nằm trong phần dữ liệu được ký (tấn công bao bọc chữ ký)",
        en: "The signature dictionary is not inside the signed bytes (signature wrapping attack)"
    },
    PdfSigEncapsulatedContent = "pdf.sig.encapsulated-content" {
        vi: "Chữ ký {subfilter} phải tách rời nhưng dữ liệu ký lại chứa nội dung bên trong",
        en: "A {subfilter} signature must be detached but its CMS encapsulates content"
    },
    PdfSigSubFilterUnsupported = "pdf.sig.subfilter-unsupported" {
        vi: "Kiểu chữ ký PDF /SubFilter {subfilter} không được hỗ trợ",
        en: "The PDF signature /SubFilter {subfilter} is not supported"
    },
    PdfSigSha1Legacy = "pdf.sig.sha1-subfilter-legacy" {
        vi: "Chữ ký kiểu cũ adbe.pkcs7.sha1 (đã bị bãi bỏ trong PDF 2.0) chỉ gắn với tài liệu bằng SHA-1; được chấp nhận theo ngoại lệ SHA-1 cho chữ ký cũ của chính sách {policy}",
        en: "The legacy adbe.pkcs7.sha1 signature (deprecated in PDF 2.0) binds the document by SHA-1 only; accepted under the SHA-1 legacy allowance of policy {policy}"
    },
    PdfSigSha1NotAllowed = "pdf.sig.sha1-subfilter-not-allowed" {
        vi: "Chữ ký kiểu cũ adbe.pkcs7.sha1 chỉ gắn với tài liệu bằng SHA-1, thuật toán mà chính sách {policy} không cho phép: không thể coi là hợp lệ",
        en: "The legacy adbe.pkcs7.sha1 signature binds the document by SHA-1 only, which policy {policy} does not allow: it cannot pass"
    },
    PdfSigSha1DigestMismatch = "pdf.sig.sha1-digest-mismatch" {
        vi: "Nội dung được ký của chữ ký adbe.pkcs7.sha1 không phải là giá trị băm SHA-1 của phần tài liệu được ký ({detail})",
        en: "The signed content of the adbe.pkcs7.sha1 signature is not the SHA-1 digest of the signed bytes ({detail})"
    },
    PdfSigTimeMismatch = "pdf.sig.time-mismatch" {
        vi: "Thời điểm ký trong từ điển chữ ký (/M {m}) khác thời điểm ký trong dữ liệu ký ({signing_time})",
        en: "The signing time in the signature dictionary (/M {m}) differs from the one in the CMS ({signing_time})"
    },
    PdfSigCertificationNotFirst = "pdf.sig.certification-not-first" {
        vi: "Chữ ký chứng thực (DocMDP) không phải chữ ký đầu tiên của tài liệu, hoặc có nhiều hơn một",
        en: "The certification (DocMDP) signature is not the document's first signature, or there is more than one"
    },
    PdfNoSignatures = "pdf.report.no-signatures" {
        vi: "Tài liệu PDF không có chữ ký số nào",
        en: "The PDF document has no signature"
    },
    PdfModUnanalysed = "pdf.mod.unanalysed" {
        vi: "Tài liệu có {count} phiên bản sau chữ ký này; các thay đổi chưa được phân tích",
        en: "The document has {count} revisions after this signature; the changes were not analysed"
    },
    PdfReportResult = "pdf.report.result" {
        vi: "Kết quả kiểm tra tài liệu: {verdict}",
        en: "Document result: {verdict}"
    },
    PdfReportDocument = "pdf.report.document" {
        vi: "Tài liệu PDF: {revisions} phiên bản, {signatures} chữ ký; chính sách kiểm tra: {policy}",
        en: "PDF document: {revisions} revisions, {signatures} signatures; validation policy: {policy}"
    },
    PdfReportSignature = "pdf.report.signature" {
        vi: "Chữ ký {number} — trường \"{field}\" ({kind}, {subfilter}): {verdict}",
        en: "Signature {number} — field \"{field}\" ({kind}, {subfilter}): {verdict}"
    },
    PdfReportCoversWhole = "pdf.report.covers-whole" {
        vi: "Phạm vi ký: toàn bộ tài liệu (phiên bản {revision})",
        en: "Coverage: the whole document (revision {revision})"
    },
    PdfReportCoversRevision = "pdf.report.covers-revision" {
        vi: "Phạm vi ký: phiên bản {revision} trên {revisions}; các phiên bản sau đã được phân tích thay đổi",
        en: "Coverage: revision {revision} of {revisions}; the later revisions were analysed for changes"
    },
    PdfReportCoversNothing = "pdf.report.covers-nothing" {
        vi: "Phạm vi ký: không xác định được phiên bản được ký",
        en: "Coverage: no signed revision could be determined"
    },
    PdfReportLevel = "pdf.report.level" {
        vi: "Mức chữ ký: {level}",
        en: "Signature level: {level}"
    },
    PdfReportDocMdp = "pdf.report.docmdp" {
        vi: "Chữ ký chứng thực, quyền thay đổi DocMDP P = {p}",
        en: "Certification signature, DocMDP permission P = {p}"
    },
    PdfReportModification = "pdf.report.modification" {
        vi: "Thay đổi sau khi ký: {level}",
        en: "Changes after signing: {level}"
    },
    PdfLevelNone = "pdf.level.none" {
        vi: "không có",
        en: "none"
    },
    PdfLevelSignatureMaintenance = "pdf.level.signature-maintenance" {
        vi: "chỉ bổ sung dữ liệu kiểm tra chữ ký (DSS, dấu thời gian)",
        en: "signature maintenance only (DSS, time-stamps)"
    },
    PdfLevelFormFilling = "pdf.level.form-filling" {
        vi: "điền biểu mẫu và ký",
        en: "form filling and signing"
    },
    PdfLevelAnnotations = "pdf.level.annotations" {
        vi: "thêm chú thích",
        en: "annotations"
    },
    PdfLevelOther = "pdf.level.other" {
        vi: "thay đổi khác",
        en: "other changes"
    },
    PdfKindApproval = "pdf.kind.approval" {
        vi: "chữ ký phê duyệt",
        en: "approval signature"
    },
    PdfKindCertification = "pdf.kind.certification" {
        vi: "chữ ký chứng thực",
        en: "certification signature"
    },
    PdfKindDocumentTimestamp = "pdf.kind.document-timestamp" {
        vi: "dấu thời gian tài liệu",
        en: "document time-stamp"
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
    RevocationWorkLimit = "revocation.work-limit" {
        vi: "Dừng kiểm tra {kind}: vượt giới hạn công việc ({limit}); dữ liệu đầu vào có thể độc hại",
        en: "{kind} checking stopped: work limit exceeded ({limit}); the input may be hostile"
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
    RevocationAfterExpiryAccepted = "revocation.after-expiry-accepted" {
        vi: "{kind} phát hành lúc {this_update}, sau khi chứng thư số hết hạn ({not_after}); chính sách vẫn chấp nhận kết quả này, coi như tổ chức cấp vẫn lưu thông tin thu hồi của chứng thư đã hết hạn",
        en: "The {kind} was issued at {this_update}, after the certificate expired ({not_after}); the policy accepts it, assuming the CA keeps the revocation records of expired certificates"
    },
    RevocationUnparsedEvidence = "revocation.unparsed-evidence" {
        vi: "{count} dữ liệu {kind} được cung cấp không đọc được và đã bị bỏ qua",
        en: "{count} supplied {kind} item(s) could not be parsed and were ignored"
    },
    ChainAnchorRoot = "chain.anchor-root" {
        vi: "Chứng thư gốc tin cậy được dùng: {anchor} (chứng thư tự cấp; SHA-256 {sha256})",
        en: "Trust anchor used: {anchor} (self-issued; SHA-256 {sha256})"
    },
    ChainAnchorNotSelfIssued = "chain.anchor-not-self-issued" {
        vi: "Chứng thư tin cậy được dùng: {anchor}, do {issuer} cấp (không phải chứng thư tự cấp; SHA-256 {sha256}); chuỗi dừng tại chứng thư này, các chứng thư cấp trên nó không được kiểm tra",
        en: "Trust anchor used: {anchor}, issued by {issuer} (not self-issued; SHA-256 {sha256}); the chain ends at this certificate and the certificates above it were not checked"
    },
    ChainTargetIsAnchor = "chain.target-is-anchor" {
        vi: "Chính chứng thư {anchor} được chỉ định là chứng thư tin cậy (SHA-256 {sha256}): không xây dựng chuỗi; đã kiểm tra thời hạn hiệu lực và mục đích sử dụng khóa, không kiểm tra tình trạng thu hồi",
        en: "The certificate {anchor} itself was given as a trust anchor (SHA-256 {sha256}): no chain was built; its validity period and key usage were checked, its revocation status was not"
    },
    // Errors (issue 9: every user-facing error is a sentence of this catalogue; the codes of
    // `CryptoError`/`CmsError` are their `code()`). `{at}` is the `error.at-byte` phrase.
    AtByte = "error.at-byte" {
        vi: " (tại byte {position})",
        en: " (at byte {position})"
    },
    NoPosition = "error.no-position" {
        vi: "",
        en: ""
    },
    Unnamed = "error.unknown" {
        vi: "không rõ",
        en: "unknown"
    },
    DerTruncated = "der.truncated" {
        vi: "dữ liệu bị cắt cụt, thiếu phần cuối",
        en: "the data is truncated"
    },
    DerLength = "der.length" {
        vi: "độ dài khai báo của một phần tử không đúng",
        en: "an element has a wrong length"
    },
    DerUnexpectedTag = "der.unexpected-tag" {
        vi: "gặp một loại phần tử ASN.1 không đúng chỗ",
        en: "an ASN.1 element of an unexpected type was found"
    },
    DerTrailingData = "der.trailing-data" {
        vi: "có dữ liệu thừa sau cấu trúc",
        en: "there are extra bytes after the structure"
    },
    DerValue = "der.value" {
        vi: "một giá trị không hợp lệ",
        en: "a value is invalid"
    },
    DerNotDer = "der.not-der" {
        vi: "cách mã hóa không đúng quy tắc DER",
        en: "the encoding breaks the DER rules"
    },
    DerTooLarge = "der.too-large" {
        vi: "dữ liệu quá dài hoặc lồng nhau quá sâu",
        en: "the data is too long or too deeply nested"
    },
    DerTime = "der.time" {
        vi: "một giá trị ngày giờ không hợp lệ",
        en: "a date or time is invalid"
    },
    DerText = "der.text" {
        vi: "một chuỗi ký tự không hợp lệ",
        en: "a text string is invalid"
    },
    DerOid = "der.oid" {
        vi: "một mã định danh đối tượng (OID) sai định dạng",
        en: "an object identifier (OID) is malformed"
    },
    DerDuplicateExtension = "der.duplicate-extension" {
        vi: "một phần mở rộng xuất hiện hai lần",
        en: "an extension appears twice"
    },
    DerUnusedBits = "der.unused-bits" {
        vi: "chuỗi bit chữ ký có bit thừa",
        en: "the signature bit string has unused bits"
    },
    DerEmptyList = "der.empty-list" {
        vi: "một danh sách bắt buộc bị rỗng",
        en: "a required list is empty"
    },
    DerOther = "der.other" {
        vi: "cấu trúc ASN.1 không hợp lệ",
        en: "the ASN.1 structure is invalid"
    },
    CmsStructure = "cms.structure" {
        vi: "{flaw}{at}",
        en: "{flaw}{at}"
    },
    CryptoInvalidPrivateKey = "crypto.invalid-private-key" signing {
        vi: "Không dùng được khóa bí mật",
        en: "The private key cannot be used"
    },
    CryptoSchemeKeyMismatch = "crypto.scheme-key-mismatch" {
        vi: "Thuật toán ký không phù hợp với loại khóa",
        en: "The signature algorithm does not fit the key"
    },
    CryptoBadSignature = "crypto.bad-signature" {
        vi: "Chữ ký không đúng với khóa công khai",
        en: "The signature does not verify with the public key"
    },
    CryptoSigningFailed = "crypto.signing-failed" signing {
        vi: "Tạo chữ ký thất bại",
        en: "Signing failed"
    },
    CryptoSha1SigningRefused = "crypto.sha1-signing-refused" signing {
        vi: "Không ký bằng SHA-1: thuật toán này không còn an toàn",
        en: "Signing with SHA-1 is refused: the algorithm is no longer safe"
    },
    CmsNoSuchSigner = "cms.no-such-signer" signing {
        vi: "Không có người ký thứ {index}",
        en: "There is no signer number {index}"
    },
    CmsExternalSignatureInvalid = "cms.external-signature-invalid" signing {
        vi: "Chữ ký tạo từ bên ngoài không đúng với chứng thư số của người ký",
        en: "The external signature does not verify with the signer's certificate"
    },
    CmsCertificateKeyMismatch = "cms.certificate-key-mismatch" signing {
        vi: "Chứng thư số không thuộc về khóa ký",
        en: "The certificate does not belong to the signing key"
    },
    CmsContentMissing = "cms.content-missing" signing {
        vi: "Thiếu nội dung cần ký hoặc cần kiểm tra",
        en: "The content is missing"
    },
    CmsEncoding = "cms.encoding" signing {
        vi: "Không mã hóa được {what}",
        en: "Cannot encode {what}"
    },
    CmsExternalSignerNeedsPrepare = "cms.external-signer-needs-prepare" signing {
        vi: "Khóa ký bên ngoài phải dùng quy trình hai bước (chuẩn bị rồi hoàn tất)",
        en: "An external signer needs the two-step prepare/finish process"
    },
    CmsPrepareNeedsOneSigner = "cms.prepare-needs-one-signer" signing {
        vi: "Quy trình ký hai bước nhận đúng một người ký, không phải {signers}",
        en: "Two-step signing takes exactly one signer, not {signers}"
    },
    CmsDigestAlgorithmMismatch = "cms.digest-algorithm-mismatch" signing {
        vi: "Giá trị băm của nội dung dùng {content} nhưng người ký dùng {signer}",
        en: "The content digest uses {content} but the signer uses {signer}"
    },
    CmsInvalidDigestLength = "cms.invalid-digest-length" signing {
        vi: "Giá trị băm {alg} không thể dài {len} byte",
        en: "A {alg} digest cannot be {len} bytes long"
    },
    CmsDuplicateAttribute = "cms.duplicate-attribute" signing {
        vi: "Thuộc tính {oid} bị lặp lại hoặc không được phép ở đây",
        en: "The attribute {oid} is given twice or not allowed here"
    },
    CmsNoSubjectKeyIdentifier = "cms.no-subject-key-identifier" signing {
        vi: "Chứng thư số không có mã định danh khóa (subjectKeyIdentifier)",
        en: "The certificate has no subject key identifier"
    },
    CmsContentAlreadyAttached = "cms.content-already-attached" signing {
        vi: "Dữ liệu ký số đã chứa sẵn nội dung",
        en: "The signed data already carries its content"
    },
    KeyUnrecognizedFormat = "key.unrecognized-format" signing {
        vi: "Không phải định dạng khóa mà kyso đọc được (PKCS#12, PKCS#8, PKCS#1, SEC1)",
        en: "Not a key format kyso reads (PKCS#12, PKCS#8, PKCS#1, SEC1)"
    },
    KeyMalformed = "key.malformed" signing {
        vi: "Tệp khóa sai cấu trúc: {what}",
        en: "The key file is malformed: {what}"
    },
    KeyPasswordRequired = "key.password-required" signing {
        vi: "Khóa được bảo vệ bằng mật khẩu: cần nhập mật khẩu",
        en: "The key is encrypted: a password is required"
    },
    KeyWrongPassword = "key.wrong-password" signing {
        vi: "Sai mật khẩu",
        en: "Wrong password"
    },
    KeyUnsupportedEncryption = "key.unsupported-encryption" signing {
        vi: "Thuật toán mã hóa khóa {oid} không được hỗ trợ",
        en: "The key encryption algorithm {oid} is not supported"
    },
    KeyUnsupportedKeyAlgorithm = "key.unsupported-key-algorithm" signing {
        vi: "Loại khóa {oid} không được hỗ trợ",
        en: "The key algorithm {oid} is not supported"
    },
    KeyNoPrivateKey = "key.no-private-key" signing {
        vi: "Tệp không chứa khóa bí mật",
        en: "The file holds no private key"
    },
    KeyNoMatchingCertificate = "key.no-matching-certificate" signing {
        vi: "Không có chứng thư số nào khớp với khóa bí mật",
        en: "No certificate matches the private key"
    },
    KeyCertificateKeyMismatch = "key.certificate-key-mismatch" signing {
        vi: "Chứng thư số không thuộc về khóa bí mật",
        en: "The certificate does not belong to the private key"
    },
    KeyLimitExceeded = "key.limit-exceeded" signing {
        vi: "Vượt giới hạn xử lý: {what}; tệp có thể độc hại",
        en: "A processing limit was exceeded: {what}; the file may be hostile"
    },
    FetchNotAllowed = "fetch.not-allowed" {
        vi: "Không được phép tải dữ liệu qua mạng",
        en: "Fetching over the network is not allowed"
    },
    FetchUnavailable = "fetch.unavailable" {
        vi: "Không kết nối được máy chủ; hãy thử lại sau",
        en: "The server could not be reached; try later"
    },
    FetchTooLarge = "fetch.too-large" {
        vi: "Phản hồi của máy chủ vượt quá giới hạn kích thước",
        en: "The server's response exceeded the size limit"
    },
    FetchStatus = "fetch.status" {
        vi: "Máy chủ trả về mã lỗi HTTP {status}",
        en: "The server answered with HTTP status {status}"
    },
    CertMalformed = "cert.malformed" {
        vi: "Chứng thư số không đúng định dạng: {problem}{at}",
        en: "The certificate is not well-formed: {problem}{at}"
    },
    CertTooLarge = "cert.too-large" {
        vi: "Chứng thư số dài {len} byte, vượt quá giới hạn",
        en: "The certificate of {len} bytes exceeds the limit"
    },
    CertBadPem = "cert.bad-pem" {
        vi: "Khối PEM bị hỏng",
        en: "The PEM armour is broken"
    },
    CertEmpty = "cert.empty" {
        vi: "Không tìm thấy chứng thư số nào",
        en: "No certificate was found"
    },
    StoreMalformedPkcs7 = "store.malformed-pkcs7" {
        vi: "Gói chứng thư PKCS#7 sai cấu trúc",
        en: "The PKCS#7 certificate bundle is malformed"
    },
    StoreEmpty = "store.empty" {
        vi: "Gói không chứa chứng thư số nào",
        en: "The bundle holds no certificate"
    },
    StoreUnknownBundle = "store.unknown-bundle" {
        vi: "Không có bộ chứng thư gốc tên {name} (có: vgca, neac, vn)",
        en: "There is no trust bundle named {name} (known: vgca, neac, vn)"
    },
    CrlTooLarge = "crl.too-large" {
        vi: "CRL dài {len} byte, vượt quá giới hạn",
        en: "The CRL of {len} bytes exceeds the limit"
    },
    CrlMalformed = "crl.malformed" {
        vi: "Danh sách thu hồi (CRL) không đúng định dạng: {problem}{at}",
        en: "The CRL is not well-formed: {problem}{at}"
    },
    CrlBadPem = "crl.bad-pem" {
        vi: "Khối PEM bị hỏng hoặc không có khối X509 CRL",
        en: "The PEM armour is broken or holds no X509 CRL block"
    },
    CrlBadVersion = "crl.bad-version" {
        vi: "Phiên bản CRL phải để trống (v1) hoặc là v2",
        en: "The CRL version must be absent (v1) or v2"
    },
    CrlExtensionsInV1 = "crl.extensions-in-v1" {
        vi: "CRL phiên bản 1 không được có phần mở rộng",
        en: "A version 1 CRL must not carry extensions"
    },
    CrlEmptyRevokedListAccepted = "revocation.crl-empty-revoked-list" {
        vi: "CRL của {issuer} có danh sách chứng thư bị thu hồi rỗng thay vì bỏ trống trường này như RFC 5280 §5.1.2.6 yêu cầu; ý nghĩa không đổi (không chứng thư nào bị thu hồi) nên CRL vẫn được dùng",
        en: "The CRL of {issuer} carries an empty list of revoked certificates where RFC 5280 §5.1.2.6 requires the field to be absent; the meaning is the same (nothing revoked), so the CRL is used"
    },
    CrlEmptyRevokedList = "crl.empty-revoked-list" {
        vi: "Danh sách chứng thư bị thu hồi có mặt nhưng rỗng",
        en: "The list of revoked certificates is present but empty"
    },
    CrlSignatureAlgorithmMismatch = "crl.signature-algorithm-mismatch" {
        vi: "Thuật toán chữ ký ghi ở hai chỗ trong CRL không giống nhau",
        en: "The two signature algorithm fields of the CRL differ"
    },
    CrlBadSignatureEncoding = "crl.bad-signature-encoding" {
        vi: "Chuỗi bit chữ ký của CRL có bit thừa",
        en: "The CRL's signature bit string has unused bits"
    },
    CrlDuplicateExtension = "crl.duplicate-extension" {
        vi: "Phần mở rộng {oid} xuất hiện hai lần trong CRL",
        en: "The extension {oid} appears twice in the CRL"
    },
    CrlBadExtension = "crl.bad-extension" {
        vi: "Phần mở rộng {oid} của CRL sai định dạng",
        en: "The CRL extension {oid} is malformed"
    },
    OcspTooLarge = "ocsp.too-large" {
        vi: "Dữ liệu OCSP dài {len} byte, vượt quá giới hạn",
        en: "The OCSP data of {len} bytes exceeds the limit"
    },
    OcspMalformed = "ocsp.malformed" {
        vi: "Dữ liệu OCSP ({part}) không đúng định dạng: {problem}{at}",
        en: "The OCSP data ({part}) is not well-formed: {problem}{at}"
    },
    OcspBadVersion = "ocsp.bad-version" {
        vi: "Phiên bản của {part} không phải v1",
        en: "The version of {part} is not v1"
    },
    OcspUnsupportedResponseType = "ocsp.unsupported-response-type" {
        vi: "Loại phản hồi OCSP {oid} không được hỗ trợ",
        en: "The OCSP response type {oid} is not supported"
    },
    OcspMissingResponseBytes = "ocsp.missing-response-bytes" {
        vi: "Phản hồi OCSP báo thành công nhưng không có nội dung",
        en: "The OCSP response reports success but carries no response"
    },
    OcspDuplicateExtension = "ocsp.duplicate-extension" {
        vi: "Phần mở rộng {oid} xuất hiện hai lần trong dữ liệu OCSP",
        en: "The extension {oid} appears twice in the OCSP data"
    },
    OcspBadNonce = "ocsp.bad-nonce" {
        vi: "Giá trị nonce phải dài từ 1 đến 32 byte",
        en: "The nonce must be 1 to 32 bytes long"
    },
    OcspBadIssuer = "ocsp.bad-issuer" {
        vi: "Không tính được mã định danh chứng thư (CertID) từ chứng thư của tổ chức cấp",
        en: "No certificate identifier (CertID) can be computed from the issuer's certificate"
    },
    OcspUnknownCriticalExtension = "ocsp.unknown-critical-extension" {
        vi: "Phản hồi OCSP có phần mở rộng bắt buộc không hỗ trợ: {oid}",
        en: "The OCSP response has an unsupported critical extension: {oid}"
    },
    OcspResponderNotFound = "ocsp.responder-not-found" {
        vi: "Không tìm thấy chứng thư số được ủy quyền của máy chủ OCSP",
        en: "No authorised certificate of the OCSP responder was found"
    },
    OcspBadSignature = "ocsp.bad-signature" {
        vi: "Chữ ký trên phản hồi OCSP không đúng",
        en: "The signature on the OCSP response does not verify"
    },
    OcspAlgorithmRefused = "ocsp.algorithm-refused" {
        vi: "Thuật toán ký {alg} của phản hồi OCSP không được chính sách cho phép",
        en: "The OCSP response's signature algorithm {alg} is not allowed by the policy"
    },
    OcspNotYetValid = "ocsp.not-yet-valid" {
        vi: "Phản hồi OCSP ghi thời điểm {this_update}, muộn hơn thời điểm hiện tại",
        en: "The OCSP response is dated {this_update}, later than the current time"
    },
    OcspStale = "ocsp.stale" {
        vi: "Phản hồi OCSP lúc {this_update} đã hết hiệu lực hoặc quá cũ",
        en: "The OCSP response of {this_update} has expired or is too old"
    },
    OcspNoMatchingResponse = "ocsp.no-matching-response" {
        vi: "Phản hồi OCSP không có kết quả cho chứng thư số này",
        en: "The OCSP response has no answer for this certificate"
    },
    RevocationSignatureMalformed = "revocation.signature-malformed" {
        vi: "Chữ ký trên {kind} của {issuer} sai cấu trúc (chuỗi bit chữ ký có bit thừa) nên không thể xác minh; {kind} này không được dùng",
        en: "The signature on the {kind} from {issuer} is malformed (its bit string has unused bits) and cannot be verified; this {kind} is not used"
    },
    // Structural flaws (`crate::Flaw`, issue 9): what is wrong in a CMS, BER or key structure,
    // as a phrase inside `cms.malformed`, `key.malformed`, `key.limit-exceeded`. `{field}`,
    // `{parent}` and `{expected}` are ASN.1 names (SignerInfo, digestAlgorithm, INTEGER),
    // shown as they are.
    FlawEmpty = "flaw.empty" {
        vi: "dữ liệu rỗng",
        en: "the data is empty"
    },
    FlawTagNumber = "flaw.tag-number" {
        vi: "số hiệu thẻ (tag) ASN.1 không hợp lệ",
        en: "an ASN.1 tag number is invalid"
    },
    FlawBer = "flaw.ber" {
        vi: "cách mã hóa BER không hợp lệ",
        en: "the BER encoding is invalid"
    },
    FlawMissing = "flaw.missing" {
        vi: "{parent} thiếu trường {field}",
        en: "{parent} has no {field}"
    },
    FlawWrongType = "flaw.wrong-type" {
        vi: "{field} không thuộc kiểu {expected}",
        en: "{field} is not of type {expected}"
    },
    FlawInvalid = "flaw.invalid" {
        vi: "{field} không hợp lệ",
        en: "{field} is invalid"
    },
    FlawTooMany = "flaw.too-many" {
        vi: "quá nhiều phần tử trong {field}",
        en: "too many elements in {field}"
    },
    FlawTooLarge = "flaw.too-large" {
        vi: "{field} quá lớn",
        en: "{field} is too large"
    },
    FlawUnknownChoice = "flaw.unknown-choice" {
        vi: "{field} thuộc một dạng không được hỗ trợ",
        en: "{field} has a form that is not supported"
    },
    FlawUnexpectedElement = "flaw.unexpected-element" {
        vi: "{parent} có phần tử thừa",
        en: "{parent} has an unexpected element"
    },
    FlawBadPem = "flaw.bad-pem" {
        vi: "lớp bọc PEM không hợp lệ",
        en: "the PEM armour is invalid"
    },
    FlawNoPemBlock = "flaw.no-pem-block" {
        vi: "văn bản PEM không có khối {labels}",
        en: "the PEM text has no {labels} block"
    },
    FlawLegacyPemEncryption = "flaw.legacy-pem-encryption" {
        vi: "PEM mã hóa kiểu cũ (Proc-Type: 4,ENCRYPTED) không được hỗ trợ",
        en: "legacy encrypted PEM (Proc-Type: 4,ENCRYPTED) is not supported"
    },
    FlawKeyMismatch = "flaw.key-mismatch" {
        vi: "{field} không khớp với khóa bí mật",
        en: "{field} does not match the private key"
    },
    FlawDisagree = "flaw.disagree" {
        vi: "hai giá trị {field} mâu thuẫn nhau",
        en: "the two {field} values disagree"
    },
    CmsCounterSignaturesTooDeep = "cms.counter-signatures-too-deep" {
        vi: "Chữ ký đối chứng (counter-signature) lồng nhau quá sâu nên không được kiểm tra",
        en: "Counter-signatures are nested too deep and were not verified"
    },
    CmsTooManySignatures = "cms.too-many-signatures" {
        vi: "Số chữ ký vượt quá giới hạn cho một thông điệp; các chữ ký đối chứng còn lại không được kiểm tra",
        en: "More signatures than the limit for one message; the remaining counter-signatures were not verified"
    },
    ChainUnprocessableNameConstraint = "chain.unprocessable-name-constraint" {
        vi: "Chứng thư {cert} chứa một tên thuộc dạng mà kyso không kiểm tra được theo ràng buộc tên (nameConstraints), nên bị từ chối",
        en: "Certificate {cert} holds a name of a form kyso cannot check against the name constraints, so it is refused"
    },
    RevocationIssuedAfterExpiry = "revocation.issued-after-expiry" {
        vi: "được phát hành sau khi chứng thư số hết hạn",
        en: "issued after the certificate expired"
    },
    RevocationNoSingleResponse = "revocation.no-single-response" {
        vi: "không có SingleResponse nào cho chứng thư số này",
        en: "no SingleResponse for this certificate"
    },
    RevocationCrlLookups = "revocation.crl-lookups" {
        vi: "đã kiểm tra {count} CRL cho một chứng thư số",
        en: "{count} CRLs checked for one certificate"
    },
    FlawKdfWork = "flaw.kdf-work" {
        vi: "khối lượng tính toán dẫn xuất khóa cho một mật khẩu quá lớn",
        en: "the key derivation work for one password is too large"
    },
    // Issue 11 — PDF modification analysis (pdf.mod.*): add entries below this line.
    PdfModPageContentChanged = "pdf.mod.page-content-changed" {
        vi: "Phiên bản {revision} thay đổi nội dung hoặc tài nguyên (phông chữ, hình ảnh) của trang {page} đã được ký ({object}): tấn công lưu gia tăng",
        en: "Revision {revision} changes the content or resources (fonts, images) of signed page {page} ({object}): an incremental saving attack"
    },
    PdfModShadowHide = "pdf.mod.shadow-hide" {
        vi: "Phiên bản {revision} làm hiện nội dung đã bị che giấu khi ký (đối tượng {object}): tấn công bóng (che giấu)",
        en: "Revision {revision} reveals content that was hidden when signed (object {object}): a shadow hide attack"
    },
    PdfModShadowReplace = "pdf.mod.shadow-replace" {
        vi: "Phiên bản {revision} thay hình hiển thị hoặc phông chữ mà không thay giá trị ({object}): tấn công bóng (thay thế)",
        en: "Revision {revision} changes what is displayed or a font without changing the value ({object}): a shadow replace attack"
    },
    PdfModShadowHideReplace = "pdf.mod.shadow-hide-replace" {
        vi: "Phiên bản {revision} trỏ tới đối tượng {object} có sẵn nhưng không được dùng trong phần đã ký: tấn công bóng (che giấu và thay thế)",
        en: "Revision {revision} references object {object}, present but unused in the signed part: a shadow hide-and-replace attack"
    },
    PdfModSharedAppearance = "pdf.mod.shared-appearance" {
        vi: "Phiên bản {revision} thay hình hiển thị của một trường qua đối tượng {object}, nhưng đối tượng này còn được dùng ở chỗ khác trong phần đã ký (chú thích, trang hoặc trailer khác): thay một chỗ là thay cả chỗ kia",
        en: "Revision {revision} changes a field's appearance through object {object}, which the signed part also uses elsewhere (another annotation, a page or the trailer): changing it for one changes the other"
    },
    PdfModAnnotationOverlay = "pdf.mod.annotation-overlay" {
        vi: "Phiên bản {revision} thêm chú thích loại {subtype} có thể che nội dung trang {page} sau khi tài liệu được chứng nhận",
        en: "Revision {revision} adds a {subtype} annotation that can cover the content of page {page} after certification"
    },
    PdfModSneakySignature = "pdf.mod.sneaky-signature" {
        vi: "Phiên bản {revision} thêm trường chữ ký {field} có hình hiển thị che phủ, bị ẩn hoặc nằm ngoài trang sau khi tài liệu được chứng nhận",
        en: "Revision {revision} adds signature field {field} whose appearance overlays content, is hidden or lies off the page after certification"
    },
    PdfModNeedAppearances = "pdf.mod.need-appearances" {
        vi: "Phiên bản {revision} bật /NeedAppearances: trình xem sẽ vẽ lại các trường biểu mẫu khác với bản đã ký",
        en: "Revision {revision} switches /NeedAppearances on: viewers will redraw form fields differently from what was signed"
    },
    PdfModActiveContent = "pdf.mod.active-content" {
        vi: "Phiên bản {revision} thêm nội dung chủ động ({what}) sau khi ký",
        en: "Revision {revision} adds active content ({what}) after signing"
    },
    PdfModCatalogChanged = "pdf.mod.catalog-changed" {
        vi: "Phiên bản {revision} thay đổi mục {key} của danh mục hoặc phần trailer của tài liệu",
        en: "Revision {revision} changes the document catalog or trailer entry {key}"
    },
    PdfModFormFieldChanged = "pdf.mod.form-field-changed" {
        vi: "Phiên bản {revision} thay đổi trường biểu mẫu {field} vượt quá việc điền biểu mẫu",
        en: "Revision {revision} changes form field {field} beyond filling it in"
    },
    PdfModFieldLocked = "pdf.mod.field-locked" {
        vi: "Phiên bản {revision} thay đổi trường {field} đã bị khóa bởi chữ ký {signature}",
        en: "Revision {revision} changes field {field}, locked by signature {signature}"
    },
    PdfModNotPermitted = "pdf.mod.not-permitted" {
        vi: "Tài liệu đã bị thay đổi sau khi ký theo cách không được phép (mức thay đổi: {level}; được phép: {allowed})",
        en: "The document was changed after signing in a way that is not permitted (changes: {level}; permitted: {allowed})"
    },
    PdfModObjectRedefined = "pdf.mod.object-redefined" {
        vi: "Phiên bản {revision} định nghĩa lại đối tượng {object} của phần đã ký",
        en: "Revision {revision} redefines object {object} of the signed part"
    },
    PdfModPermitted = "pdf.mod.permitted" {
        vi: "Nội dung đã ký số chưa bị thay đổi. Tuy nhiên, tài liệu đã có những thay đổi trong giới hạn cho phép ({level})",
        en: "The signed content has not been changed. However, the document has changes within the permitted limits ({level})"
    },
    PdfModUnreadable = "pdf.mod.unreadable" {
        vi: "Phiên bản {revision}: không đọc được đối tượng {object} để so sánh: {reason}",
        en: "Revision {revision}: object {object} could not be read for comparison: {reason}"
    },
    PdfParseDuplicateKey = "pdf.parse.duplicate-key" {
        vi: "Phiên bản {revision}: từ điển {object} có khóa /{key} lặp lại; trình xem đọc giá trị đầu và trình xem đọc giá trị cuối có thể thấy hai tài liệu khác nhau",
        en: "Revision {revision}: dictionary {object} repeats the key /{key}; viewers that read the first value and viewers that read the last one can see different documents"
    },
    PdfModIncomplete = "pdf.mod.incomplete" {
        vi: "Tài liệu quá lớn để phân tích hết các thay đổi sau phiên bản {revision}",
        en: "The document is too large to analyse every change after revision {revision}"
    },

    // Verification session (issue 10): evidence refused on intake, the same on every surface.
    EvidenceNotCrl = "revocation.bad-crl" {
        vi: "Dữ liệu được đưa vào làm danh sách thu hồi (CRL) không phải CRL đọc được: {reason}",
        en: "The data given as a certificate revocation list (CRL) is not a readable CRL: {reason}"
    },
    EvidenceNotOcspResponse = "revocation.bad-ocsp" {
        vi: "Dữ liệu được đưa vào làm phản hồi OCSP không phải phản hồi OCSP (DER) đọc được: {reason}",
        en: "The data given as an OCSP response is not a readable (DER) OCSP response: {reason}"
    },
    EvidenceNotCertificate = "trust.bad-certificate" {
        vi: "Dữ liệu được đưa vào làm chứng thư số không đọc được: {reason}",
        en: "The data given as certificates cannot be read: {reason}"
    },
    EvidenceUnrecognised = "evidence.unrecognised" {
        vi: "Không nhận ra dữ liệu: đây không phải CRL, phản hồi OCSP hay chứng thư số",
        en: "The data is not recognised: it is neither a CRL, an OCSP response nor a certificate"
    },
    // Chain report as text (`ChainReport::to_text`).
    ChainTextHeading = "text.chain-heading" {
        vi: "Chuỗi chứng thư số: {verdict} [{indication}]",
        en: "Certificate chain: {verdict} [{indication}]"
    },
    ChainTextTime = "text.chain-time" {
        vi: "Thời điểm kiểm tra: {time} ({source})",
        en: "Validated at: {time} ({source})"
    },
    ChainTextCertificate = "text.chain-certificate" {
        vi: "{number}. {subject}: {status}",
        en: "{number}. {subject}: {status}"
    },
    ChainTextAnchor = "text.chain-anchor" {
        vi: "{number}. {subject} (chứng thư gốc tin cậy): {status}",
        en: "{number}. {subject} (trust anchor): {status}"
    },
    // Issue 11 — PDF surfaces (cli.pdf.*): add entries below this line.
    PdfInspectDocument = "pdf.inspect.document" {
        vi: "Tài liệu PDF: {length} byte, {revisions} phiên bản, {fields} trường biểu mẫu, {signatures} chữ ký; mã hoá: {encrypted}",
        en: "PDF document: {length} bytes, {revisions} revisions, {fields} form fields, {signatures} signatures; encrypted: {encrypted}"
    },
    PdfInspectReconstructed = "pdf.inspect.reconstructed" {
        vi: "Bảng tham chiếu chéo đã phải dựng lại bằng cách quét tệp",
        en: "The cross-reference data had to be rebuilt by scanning the file"
    },
    PdfInspectRevision = "pdf.inspect.revision" {
        vi: "Phiên bản {number}: byte {start}–{end}, tham chiếu chéo dạng {form}, {entries} mục",
        en: "Revision {number}: bytes {start}–{end}, cross-reference {form}, {entries} entries"
    },
    PdfInspectField = "pdf.inspect.field" {
        vi: "Trường \"{name}\" (loại {type}): có giá trị: {value}; {widgets} ô hiển thị",
        en: "Field \"{name}\" (type {type}): has a value: {value}; {widgets} widgets"
    },
    PdfInspectSignature = "pdf.inspect.signature" {
        vi: "Chữ ký {number} — trường \"{field}\" ({kind}, {subfilter})",
        en: "Signature {number} — field \"{field}\" ({kind}, {subfilter})"
    },
    PdfInspectByteRange = "pdf.inspect.byte-range" {
        vi: "ByteRange {range}; kết thúc ở cuối phiên bản {revision}",
        en: "ByteRange {range}; ends at the end of revision {revision}"
    },
    PdfInspectSigner = "pdf.inspect.signer" {
        vi: "Người ký: {subject}; thời điểm ghi trong chữ ký: {time}",
        en: "Signer: {subject}; time written in the signature: {time}"
    },
    PdfInspectReason = "pdf.inspect.reason" {
        vi: "Lý do: {value}",
        en: "Reason: {value}"
    },
    PdfInspectLocation = "pdf.inspect.location" {
        vi: "Nơi ký: {value}",
        en: "Location: {value}"
    },
    PdfInspectYes = "pdf.inspect.yes" {
        vi: "có",
        en: "yes"
    },
    PdfInspectNo = "pdf.inspect.no" {
        vi: "không",
        en: "no"
    },
    PdfInspectAbsent = "pdf.inspect.absent" {
        vi: "(không có)",
        en: "(none)"
    },

    // Signing names and inputs (issue 10, signing side).
    CryptoInputSchemeMismatch = "crypto.input-scheme-mismatch" signing {
        vi: "Thuật toán ký này không ký được dạng dữ liệu đã chọn (Ed25519 ký chính thông điệp, chỉ RSA PKCS#1 v1.5 ký DigestInfo)",
        en: "This signature algorithm cannot sign the chosen input (Ed25519 signs the message itself; only RSA PKCS#1 v1.5 signs a DigestInfo)"
    },
    NameUnknownScheme = "name.unknown-scheme" signing {
        vi: "Không có thuật toán ký tên '{name}' (có: {known})",
        en: "There is no signature scheme named '{name}' (known: {known})"
    },
    NameUnknownDigest = "name.unknown-digest" signing {
        vi: "Không ký được bằng hàm băm '{name}' (có: {known})",
        en: "Cannot sign with the digest '{name}' (known: {known})"
    },
}

/// The template for `id` in `lang` with `{name}` parameters substituted.
///
/// A parameter named `@name` is a phrase: its value is a catalogue code whose template, in the
/// same `lang`, takes the place of `{name}` (phrases may hold phrases, a few levels deep); the
/// phrase's own parameters are in the same list (so names are unique across levels). This is
/// how a finding's flat parameter list carries a whole sentence in one language, e.g. a
/// structural flaw inside `cms.malformed` ([`crate::report::Finding::with_phrase`], issue 9).
pub fn render(id: MessageId, lang: Lang, params: &[(String, String)]) -> String {
    let mut out = id.template(lang).to_owned();
    for _ in 0..MAX_PHRASE_DEPTH {
        let mut expanded = false;
        for (k, v) in params {
            let Some(name) = k.strip_prefix('@') else {
                continue;
            };
            let slot = format!("{{{name}}}");
            if let Some(phrase) = MessageId::from_code(v).filter(|_| out.contains(&slot)) {
                out = out.replace(&slot, phrase.template(lang));
                expanded = true;
            }
        }
        if !expanded {
            break;
        }
    }
    fill_slots(&out, params)
}

/// One pass over the template: each `{name}` slot takes its parameter's value, and a value is
/// never scanned again, so a certificate subject or file name that contains `{time}` is shown
/// as written instead of taking another parameter's value (a report must not let a signer's
/// own text rewrite it). Slots without a parameter stay as they are.
fn fill_slots(template: &str, params: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let value = after.split_once('}').and_then(|(name, tail)| {
            params
                .iter()
                .find(|(k, _)| k == name && !k.starts_with('@'))
                .map(|(_, v)| (v, tail))
        });
        match value {
            Some((v, tail)) => {
                out.push_str(v);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Phrases inside phrases rendered by [`render`]: the catalogue nests three deep at most
/// (`cms.malformed` → `cms.structure` → `flaw.*`, `error.at-byte`).
const MAX_PHRASE_DEPTH: usize = 4;

impl MessageId {
    /// The id of a stable string code, if the catalogue has it.
    pub fn from_code(code: &str) -> Option<Self> {
        let i = Self::CODES.split('\0').position(|c| c == code)?;
        Self::ALL.get(i).copied()
    }
}

impl Serialize for MessageId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Fixed labels of the human-readable report, per language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Result,
    Format,
    ContentType,
    Detached,
    Yes,
    No,
    Policy,
    Signatures,
    Signature,
    CounterSignature,
    Signer,
    Ids,
    Organization,
    Title,
    Email,
    ClaimedTime,
    Algorithms,
    Certificate,
    Issuer,
    Serial,
    Validity,
    Checks,
    Chain,
    ChainTime,
    Notes,
    Unknown,
    Revocation,
    Updated,
    RevokedAt,
    Timestamp,
    ArchiveTimestamp,
    TimestampAuthority,
    TimestampTime,
    Accuracy,
    TsaPolicy,
    Level,
}

fn label(l: Label, lang: Lang) -> &'static str {
    use Label::*;
    match (l, lang) {
        (Result, Lang::Vi) => "Kết quả",
        (Result, Lang::En) => "Result",
        (Format, Lang::Vi) => "Định dạng",
        (Format, Lang::En) => "Format",
        (ContentType, Lang::Vi) => "Loại nội dung",
        (ContentType, Lang::En) => "Content type",
        (Detached, Lang::Vi) => "Chữ ký tách rời",
        (Detached, Lang::En) => "Detached signature",
        (Yes, Lang::Vi) => "có",
        (Yes, Lang::En) => "yes",
        (No, Lang::Vi) => "không",
        (No, Lang::En) => "no",
        (Policy, Lang::Vi) => "Chính sách kiểm tra",
        (Policy, Lang::En) => "Validation policy",
        (Signatures, Lang::Vi) => "Số chữ ký",
        (Signatures, Lang::En) => "Signatures",
        (Signature, Lang::Vi) => "Chữ ký",
        (Signature, Lang::En) => "Signature",
        (CounterSignature, Lang::Vi) => "Chữ ký đối chứng",
        (CounterSignature, Lang::En) => "Counter-signature",
        (Timestamp, Lang::Vi) => "Dấu thời gian",
        (Timestamp, Lang::En) => "Time-stamp",
        (ArchiveTimestamp, Lang::Vi) => "Dấu thời gian lưu trữ",
        (ArchiveTimestamp, Lang::En) => "Archive time-stamp",
        (TimestampAuthority, Lang::Vi) => "Chữ ký của đơn vị cấp dấu thời gian",
        (TimestampAuthority, Lang::En) => "Time-stamp authority's signature",
        (TimestampTime, Lang::Vi) => "Thời điểm được chứng nhận (giờ Việt Nam)",
        (TimestampTime, Lang::En) => "Time attested (Vietnam time)",
        (Level, Lang::Vi) => "Mức chữ ký",
        (Level, Lang::En) => "Signature level",
        (TsaPolicy, Lang::Vi) => "Chính sách cấp dấu thời gian",
        (TsaPolicy, Lang::En) => "TSA policy",
        (Accuracy, Lang::Vi) => "độ chính xác",
        (Accuracy, Lang::En) => "accuracy",
        (Signer, Lang::Vi) => "Người ký",
        (Signer, Lang::En) => "Signer",
        (Ids, Lang::Vi) => "Mã định danh",
        (Ids, Lang::En) => "Identifiers",
        (Organization, Lang::Vi) => "Cơ quan, tổ chức",
        (Organization, Lang::En) => "Organisation",
        (Title, Lang::Vi) => "Chức danh",
        (Title, Lang::En) => "Title",
        (Email, Lang::Vi) => "Thư điện tử",
        (Email, Lang::En) => "E-mail",
        (ClaimedTime, Lang::Vi) => "Thời điểm ký (người ký tự khai, giờ Việt Nam)",
        (ClaimedTime, Lang::En) => "Signing time (claimed by the signer, Vietnam time)",
        (Algorithms, Lang::Vi) => "Thuật toán",
        (Algorithms, Lang::En) => "Algorithms",
        (Certificate, Lang::Vi) => "Chứng thư số",
        (Certificate, Lang::En) => "Certificate",
        (Issuer, Lang::Vi) => "Tổ chức cấp",
        (Issuer, Lang::En) => "Issuer",
        (Serial, Lang::Vi) => "Số hiệu",
        (Serial, Lang::En) => "Serial number",
        (Validity, Lang::Vi) => "Hiệu lực",
        (Validity, Lang::En) => "Valid",
        (Checks, Lang::Vi) => "Các bước kiểm tra",
        (Checks, Lang::En) => "Checks",
        (Chain, Lang::Vi) => "Chuỗi chứng thư số",
        (Chain, Lang::En) => "Certificate chain",
        (ChainTime, Lang::Vi) => "kiểm tra tại thời điểm",
        (ChainTime, Lang::En) => "validated at",
        (Notes, Lang::Vi) => "Ghi chú",
        (Notes, Lang::En) => "Notes",
        (Unknown, Lang::Vi) => "không xác định",
        (Unknown, Lang::En) => "unknown",
        (Revocation, Lang::Vi) => "Tình trạng thu hồi",
        (Revocation, Lang::En) => "Revocation",
        (Updated, Lang::Vi) => "dữ liệu phát hành",
        (Updated, Lang::En) => "issued",
        (RevokedAt, Lang::Vi) => "thu hồi lúc",
        (RevokedAt, Lang::En) => "revoked at",
    }
}

fn revocation_status_text(s: crate::report::RevocationStatus, lang: Lang) -> &'static str {
    use crate::report::RevocationStatus::*;
    match (s, lang) {
        (Good, Lang::Vi) => "chưa bị thu hồi",
        (Good, Lang::En) => "not revoked",
        (Revoked, Lang::Vi) => "ĐÃ BỊ THU HỒI",
        (Revoked, Lang::En) => "REVOKED",
        (RevokedAfterValidationTime, Lang::Vi) => "bị thu hồi sau thời điểm kiểm tra",
        (RevokedAfterValidationTime, Lang::En) => "revoked after the validation time",
        (Unknown, Lang::Vi) => "chưa xác định",
        (Unknown, Lang::En) => "unknown",
        (_, Lang::Vi) => "không kiểm tra",
        (_, Lang::En) => "not checked",
    }
}

/// One line on a certificate's revocation evidence: status, source (`crl/message`, …), when
/// the evidence was issued, and the revocation time and reason.
fn revocation_line(r: &crate::report::RevocationReport, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(src) = &r.source {
        parts.push(src.clone());
    }
    if let Some(t) = &r.this_update {
        parts.push(format!(
            "{} {}",
            label(Label::Updated, lang),
            crate::time::vietnam_iso8601(t)
        ));
    }
    if let Some(t) = &r.revocation_time {
        let reason = r.reason.as_deref().unwrap_or("unspecified");
        parts.push(format!(
            "{} {} ({reason})",
            label(Label::RevokedAt, lang),
            crate::time::vietnam_iso8601(t)
        ));
    }
    let detail = if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    };
    format!(
        "{}: {}{detail}",
        label(Label::Revocation, lang),
        revocation_status_text(r.status, lang)
    )
}

/// The name of a check (`SignerReport::checks`) for people.
fn check_name(name: &str, lang: Lang) -> String {
    let t = match (name, lang) {
        ("format", Lang::Vi) => "Định dạng chữ ký",
        ("format", Lang::En) => "Signature format",
        ("signer-certificate", Lang::Vi) => "Tìm chứng thư số của người ký",
        ("signer-certificate", Lang::En) => "Signer's certificate found",
        ("content-type", Lang::Vi) => "Loại nội dung được ký (content-type)",
        ("content-type", Lang::En) => "Signed content type (content-type)",
        ("message-digest", Lang::Vi) => "Toàn vẹn nội dung (message-digest)",
        ("message-digest", Lang::En) => "Content integrity (message-digest)",
        ("signing-time", Lang::Vi) => "Thời điểm ký (signing-time)",
        ("signing-time", Lang::En) => "Signing time (signing-time)",
        ("signing-certificate", Lang::Vi) => "Liên kết chứng thư số (signing-certificate)",
        ("signing-certificate", Lang::En) => "Certificate binding (signing-certificate)",
        ("algorithm-protection", Lang::Vi) => "Bảo vệ thuật toán (CMSAlgorithmProtection)",
        ("algorithm-protection", Lang::En) => "Algorithm protection (CMSAlgorithmProtection)",
        ("signature", Lang::Vi) => "Giá trị chữ ký",
        ("signature", Lang::En) => "Signature value",
        ("algorithm-policy", Lang::Vi) => "Thuật toán theo chính sách",
        ("algorithm-policy", Lang::En) => "Algorithms allowed by policy",
        ("chain", Lang::Vi) => "Chuỗi chứng thư số",
        ("chain", Lang::En) => "Certificate chain",
        _ => return name.to_owned(),
    };
    t.to_owned()
}

fn status_text(s: crate::report::CheckStatus, lang: Lang) -> &'static str {
    use crate::report::CheckStatus::*;
    match (s, lang) {
        (Passed, Lang::Vi) => "đạt",
        (Passed, Lang::En) => "passed",
        (Failed, Lang::Vi) => "KHÔNG ĐẠT",
        (Failed, Lang::En) => "FAILED",
        (Indeterminate, Lang::Vi) => "chưa xác định",
        (Indeterminate, Lang::En) => "indeterminate",
        (Skipped, Lang::Vi) => "bỏ qua (đã tắt theo yêu cầu)",
        (Skipped, Lang::En) => "skipped (turned off by the caller)",
        (NotApplicable, Lang::Vi) => "không áp dụng",
        (NotApplicable, Lang::En) => "not applicable",
    }
}

fn severity_text(s: crate::report::Severity, lang: Lang) -> &'static str {
    use crate::report::Severity::*;
    match (s, lang) {
        (Info, Lang::Vi) => "thông tin",
        (Info, Lang::En) => "info",
        (Warning, Lang::Vi) => "cảnh báo",
        (Warning, Lang::En) => "warning",
        (Error, Lang::Vi) => "lỗi",
        (Error, Lang::En) => "error",
    }
}

fn indication_text(i: crate::report::Indication, lang: Lang) -> &'static str {
    use crate::report::Indication::*;
    let id = match i {
        TotalPassed => MessageId::IndicationTotalPassed,
        TotalFailed => MessageId::IndicationTotalFailed,
        Indeterminate => MessageId::IndicationIndeterminate,
    };
    id.template(lang)
}

pub(crate) fn verdict_line(
    i: crate::report::Indication,
    sub: Option<crate::report::SubIndication>,
    lang: Lang,
) -> String {
    match sub {
        Some(s) => format!(
            "{} [{} / {}]",
            indication_text(i, lang),
            i.as_str(),
            s.as_str()
        ),
        None => format!("{} [{}]", indication_text(i, lang), i.as_str()),
    }
}

fn key_type_text(k: crate::crypto::KeyType) -> String {
    use crate::crypto::KeyType::*;
    match k {
        Rsa { bits } => format!("RSA {bits} bit"),
        EcP256 => "EC P-256".to_owned(),
        EcP384 => "EC P-384".to_owned(),
        EcP521 => "EC P-521".to_owned(),
        Ed25519 => "Ed25519".to_owned(),
        Dsa { bits } => format!("DSA {bits} bit"),
    }
}

fn time_source_text(s: crate::report::TimeSource, lang: Lang) -> &'static str {
    use crate::report::TimeSource::*;
    match (s, lang) {
        (Current, Lang::Vi) => "thời điểm hiện tại",
        (Current, Lang::En) => "current time",
        (Fixed, Lang::Vi) => "thời điểm được chỉ định",
        (Fixed, Lang::En) => "fixed time",
        (ClaimedSigningTime, Lang::Vi) => "thời điểm ký do người ký khai",
        (ClaimedSigningTime, Lang::En) => "signing time claimed by the signer",
        (PdfSigningTime, Lang::Vi) => {
            "thời điểm ký /M người ký tự ghi trong từ điển chữ ký PDF, chưa có dấu thời gian xác nhận"
        }
        (PdfSigningTime, Lang::En) => {
            "signing time /M the signer wrote in the PDF signature dictionary, not attested by a time-stamp"
        }
        (Timestamp, Lang::Vi) => "dấu thời gian",
        (Timestamp, Lang::En) => "time-stamp",
    }
}

pub(crate) fn push_findings(
    out: &mut String,
    indent: &str,
    findings: &[crate::report::Finding],
    lang: Lang,
) {
    use core::fmt::Write;
    for f in findings {
        let _ = writeln!(
            out,
            "{indent}- [{}] {}",
            severity_text(f.severity, lang),
            f.message(lang)
        );
    }
}

/// A readable multi-line report in `lang`: the overall verdict, then per signer who signed
/// (name, Vietnamese identifiers, organisation, e-mail), the claimed signing time in Vietnam
/// time, the algorithms, each check, the chain summary and the findings.
pub fn render_report(report: &crate::report::Report, lang: Lang) -> String {
    use core::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}",
        label(Label::Result, lang),
        verdict_line(report.indication, report.sub_indication, lang)
    );
    let mut format_line = format!(
        "{}: {}",
        label(Label::Format, lang),
        report.format.to_ascii_uppercase()
    );
    if !report.content_type.is_empty() {
        let name = report
            .content_type
            .parse::<der::asn1::ObjectIdentifier>()
            .ok()
            .and_then(|o| crate::cms::parse::oid_name(&o));
        let _ = match name {
            Some(n) => write!(
                format_line,
                "; {}: {n} ({})",
                label(Label::ContentType, lang),
                report.content_type
            ),
            None => write!(
                format_line,
                "; {}: {}",
                label(Label::ContentType, lang),
                report.content_type
            ),
        };
        let yes_no = if report.detached {
            Label::Yes
        } else {
            Label::No
        };
        let _ = write!(
            format_line,
            "; {}: {}",
            label(Label::Detached, lang),
            label(yes_no, lang)
        );
    }
    let _ = writeln!(out, "{format_line}");
    let _ = writeln!(out, "{}: {}", label(Label::Policy, lang), report.policy);
    let _ = writeln!(
        out,
        "{}: {}",
        label(Label::Signatures, lang),
        report.signers.len()
    );
    if !report.findings.is_empty() {
        let _ = writeln!(out, "{}:", label(Label::Notes, lang));
        push_findings(&mut out, "  ", &report.findings, lang);
    }
    for s in &report.signers {
        out.push('\n');
        render_signer(&mut out, s, lang, "", Label::Signature);
    }
    out
}

fn render_signer(
    out: &mut String,
    s: &crate::report::SignerReport,
    lang: Lang,
    indent: &str,
    kind: Label,
) {
    use core::fmt::Write;
    let i2 = format!("{indent}  ");
    let _ = writeln!(
        out,
        "{indent}{} {}: {}",
        label(kind, lang),
        s.index.saturating_add(1),
        verdict_line(s.indication, s.sub_indication, lang)
    );
    match &s.signer {
        Some(id) => {
            let name = id
                .common_name
                .clone()
                .or_else(|| id.organization.clone())
                .unwrap_or_else(|| id.subject.clone());
            let _ = writeln!(out, "{i2}{}: {name}", label(Label::Signer, lang));
            if !id.vn_ids.is_empty() {
                let ids: Vec<String> = id
                    .vn_ids
                    .iter()
                    .map(|v| format!("{} {}", v.kind(), v.value()))
                    .collect();
                let _ = writeln!(out, "{i2}{}: {}", label(Label::Ids, lang), ids.join(", "));
            }
            if let Some(t) = &id.title {
                let _ = writeln!(out, "{i2}{}: {t}", label(Label::Title, lang));
            }
            let mut org: Vec<String> = id.organizational_units.clone();
            if let Some(o) = &id.organization {
                org.push(o.clone());
            }
            if !org.is_empty() && id.common_name.is_some() {
                let _ = writeln!(
                    out,
                    "{i2}{}: {}",
                    label(Label::Organization, lang),
                    org.join(", ")
                );
            }
            if !id.emails.is_empty() {
                let _ = writeln!(
                    out,
                    "{i2}{}: {}",
                    label(Label::Email, lang),
                    id.emails.join(", ")
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "{i2}{}: {}",
                label(Label::Signer, lang),
                label(Label::Unknown, lang)
            );
        }
    }
    if let Some(level) = s.level {
        let _ = writeln!(out, "{i2}{}: {level}", label(Label::Level, lang));
    }
    if let Some(t) = &s.claimed_signing_time {
        let _ = writeln!(
            out,
            "{i2}{}: {}",
            label(Label::ClaimedTime, lang),
            crate::time::vietnam_iso8601(t)
        );
    }
    let mut algs = Vec::new();
    if let Some(sc) = s.signature_scheme {
        algs.push(sc.name().to_owned());
    }
    if let Some(d) = s.digest_algorithm
        && s.signature_scheme.is_none_or(|sc| sc.digest() != d)
    {
        algs.push(d.name().to_owned());
    }
    if let Some(k) = s.key_type {
        algs.push(key_type_text(k));
    }
    if !algs.is_empty() {
        let _ = writeln!(
            out,
            "{i2}{}: {}",
            label(Label::Algorithms, lang),
            algs.join(", ")
        );
    }
    if let Some(c) = &s.certificate {
        let _ = writeln!(
            out,
            "{i2}{}: {}",
            label(Label::Certificate, lang),
            c.subject
        );
        let _ = writeln!(out, "{i2}  {}: {}", label(Label::Issuer, lang), c.issuer);
        let _ = writeln!(out, "{i2}  {}: {}", label(Label::Serial, lang), c.serial);
        let _ = writeln!(
            out,
            "{i2}  {}: {} – {}",
            label(Label::Validity, lang),
            crate::time::vietnam_iso8601(&c.not_before),
            crate::time::vietnam_iso8601(&c.not_after)
        );
    }
    let _ = writeln!(out, "{i2}{}:", label(Label::Checks, lang));
    for (name, status) in &s.checks {
        let _ = writeln!(
            out,
            "{i2}  - {}: {}",
            check_name(name, lang),
            status_text(*status, lang)
        );
    }
    if let Some(ch) = &s.chain {
        let _ = writeln!(
            out,
            "{i2}{}: {} ({} {}, {})",
            label(Label::Chain, lang),
            verdict_line(ch.indication, ch.sub_indication, lang),
            label(Label::ChainTime, lang),
            crate::time::vietnam_iso8601(&ch.time_used.time),
            time_source_text(ch.time_used.source, lang)
        );
        for c in &ch.certificates {
            let _ = writeln!(
                out,
                "{i2}  - {} ({})",
                c.subject,
                status_text(c.status, lang)
            );
            if let Some(r) = c.revocation.as_ref().filter(|_| !c.is_trust_anchor) {
                let _ = writeln!(out, "{i2}      {}", revocation_line(r, lang));
                push_findings(out, &format!("{i2}      "), &r.findings, lang);
            }
        }
        push_findings(out, &format!("{i2}  "), &ch.findings, lang);
    }
    if !s.findings.is_empty() {
        let _ = writeln!(out, "{i2}{}:", label(Label::Notes, lang));
        push_findings(out, &format!("{i2}  "), &s.findings, lang);
    }
    for cs in &s.counter_signatures {
        render_signer(out, cs, lang, &i2, Label::CounterSignature);
    }
    for (n, t) in s.timestamps.iter().enumerate() {
        render_timestamp(out, t, n, lang, &i2);
    }
}

/// One time-stamp: its verdict, the time it attests (with the TSA's accuracy and policy), the
/// TSA's signature as a signer, and its own findings.
pub(crate) fn render_timestamp(
    out: &mut String,
    t: &crate::tsp::TimestampReport,
    index: usize,
    lang: Lang,
    indent: &str,
) {
    use core::fmt::Write;
    let i2 = format!("{indent}  ");
    let _ = writeln!(
        out,
        "{indent}{} {}: {}",
        label(
            if t.kind == crate::tsp::TimestampKind::Archive {
                Label::ArchiveTimestamp
            } else {
                Label::Timestamp
            },
            lang
        ),
        index.saturating_add(1),
        verdict_line(t.indication, t.sub_indication, lang)
    );
    if let Some(time) = &t.gen_time {
        let mut line = format!(
            "{i2}{}: {}",
            label(Label::TimestampTime, lang),
            crate::time::vietnam_iso8601(time)
        );
        if let Some(micros) = t.accuracy_micros {
            let _ = write!(
                line,
                " ({} ±{} s)",
                label(Label::Accuracy, lang),
                accuracy_text(micros)
            );
        }
        let _ = writeln!(out, "{line}");
    }
    if let Some(policy) = &t.policy {
        let _ = writeln!(out, "{i2}{}: {policy}", label(Label::TsaPolicy, lang));
    }
    if let Some(serial) = &t.serial {
        let _ = writeln!(out, "{i2}{}: {serial}", label(Label::Serial, lang));
    }
    if let Some(tsa) = &t.tsa {
        render_signer(out, tsa, lang, &i2, Label::TimestampAuthority);
    }
    if !t.findings.is_empty() {
        let _ = writeln!(out, "{i2}{}:", label(Label::Notes, lang));
        push_findings(out, &format!("{i2}  "), &t.findings, lang);
    }
}

/// Microseconds as seconds with the digits they need (`1`, `0.5`, `0.000001`).
fn accuracy_text(micros: u64) -> String {
    let whole = micros / 1_000_000;
    let fraction = micros % 1_000_000;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:06}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// A chain report as text in `lang` (issue 10 item 2: the CLI, the C ABI and the WASM package
/// print this). The verdict heading, the validation time and its source, each certificate of
/// the path (leaf first) with its status, revocation line and findings, then the chain's
/// findings not already said under a certificate: a finding is printed once (issue 9).
pub(crate) fn render_chain_report(report: &crate::report::ChainReport, lang: Lang) -> String {
    use core::fmt::Write;
    let p = |k: &str, v: String| (k.to_owned(), v);
    let mut out = String::new();
    let verdict = indication_text(report.indication, lang)
        .split(':')
        .next()
        .unwrap_or_default()
        .to_owned();
    let indication = match report.sub_indication {
        Some(s) => format!("{} / {}", report.indication.as_str(), s.as_str()),
        None => report.indication.as_str().to_owned(),
    };
    let _ = writeln!(
        out,
        "{}",
        render(
            MessageId::ChainTextHeading,
            lang,
            &[p("verdict", verdict), p("indication", indication)]
        )
    );
    let _ = writeln!(
        out,
        "{}",
        render(
            MessageId::ChainTextTime,
            lang,
            &[
                p("time", crate::time::vietnam_iso8601(&report.time_used.time)),
                p(
                    "source",
                    time_source_text(report.time_used.source, lang).to_owned()
                ),
            ]
        )
    );
    for (i, c) in report.certificates.iter().enumerate() {
        let id = if c.is_trust_anchor {
            MessageId::ChainTextAnchor
        } else {
            MessageId::ChainTextCertificate
        };
        let params = [
            p("number", i.saturating_add(1).to_string()),
            p("subject", c.subject.clone()),
            p("status", status_text(c.status, lang).to_owned()),
        ];
        let _ = writeln!(out, "  {}", render(id, lang, &params));
        if let Some(r) = &c.revocation {
            let _ = writeln!(out, "     {}", revocation_line(r, lang));
            for f in &r.findings {
                let _ = writeln!(out, "       - {}", f.message(lang));
            }
        }
        for f in &c.findings {
            let _ = writeln!(out, "     - {}", f.message(lang));
        }
    }
    for f in report.findings_not_under_a_certificate() {
        let _ = writeln!(out, "  - {}", f.message(lang));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Labels of `inspect` views (certificates, CMS structure): crate::inspect renders with these.
// ---------------------------------------------------------------------------------------------

/// Fixed labels of the inspection views, per language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InspectLabel {
    Certificate,
    Subject,
    Name,
    Identity,
    Title,
    Organization,
    Email,
    Issuer,
    Serial,
    Validity,
    PublicKey,
    SignatureAlgorithm,
    SelfIssued,
    Extensions,
    Critical,
    ContentType,
    ContentAttached,
    AttachedInside,
    Yes,
    DetachedNo,
    DigestAlgorithms,
    CertificateCount,
    Signers,
    Signer,
    SignerId,
    Digest,
    NoSignedAttributes,
    SignedAttributes,
    UnsignedAttributes,
    Values,
    CounterSignature,
    ThisUpdate,
    NextUpdate,
    CrlNumber,
    RevokedCount,
}

pub(crate) fn inspect_label(l: InspectLabel, lang: Lang) -> &'static str {
    use InspectLabel::*;
    match (l, lang) {
        (Certificate, Lang::Vi) => "Chứng thư số",
        (Certificate, Lang::En) => "Certificate",
        (Subject, Lang::Vi) => "Chủ thể:",
        (Subject, Lang::En) => "Subject:",
        (Name, Lang::Vi) => "Tên:",
        (Name, Lang::En) => "Name:",
        (Identity, Lang::Vi) => "Định danh:",
        (Identity, Lang::En) => "Identity:",
        (Title, Lang::Vi) => "Chức danh:",
        (Title, Lang::En) => "Title:",
        (Organization, Lang::Vi) => "Cơ quan/tổ chức:",
        (Organization, Lang::En) => "Organisation:",
        (Email, Lang::Vi) => "Thư điện tử:",
        (Email, Lang::En) => "E-mail:",
        (Issuer, Lang::Vi) => "Tổ chức cấp:",
        (Issuer, Lang::En) => "Issuer:",
        (Serial, Lang::Vi) => "Số hiệu:",
        (Serial, Lang::En) => "Serial:",
        (Validity, Lang::Vi) => "Hiệu lực:",
        (Validity, Lang::En) => "Validity:",
        (PublicKey, Lang::Vi) => "Khóa công khai:",
        (PublicKey, Lang::En) => "Public key:",
        (SignatureAlgorithm, Lang::Vi) => "Thuật toán ký:",
        (SignatureAlgorithm, Lang::En) => "Signature:",
        (SelfIssued, Lang::Vi) => "(tự cấp — chứng thư gốc)",
        (SelfIssued, Lang::En) => "(self-issued — a root)",
        (Extensions, Lang::Vi) => "Phần mở rộng:",
        (Extensions, Lang::En) => "Extensions:",
        (Critical, Lang::Vi) => " (bắt buộc)",
        (Critical, Lang::En) => " (critical)",
        (ContentType, Lang::Vi) => "Loại nội dung:",
        (ContentType, Lang::En) => "Content type:",
        (ContentAttached, Lang::Vi) => "Nội dung đính kèm:",
        (ContentAttached, Lang::En) => "Content attached:",
        (AttachedInside, Lang::Vi) => "có, kèm trong chữ ký",
        (AttachedInside, Lang::En) => "yes, inside the signature",
        (Yes, Lang::Vi) => "có",
        (Yes, Lang::En) => "yes",
        (DetachedNo, Lang::Vi) => "không (chữ ký tách rời)",
        (DetachedNo, Lang::En) => "no (detached signature)",
        (DigestAlgorithms, Lang::Vi) => "Thuật toán băm:",
        (DigestAlgorithms, Lang::En) => "Digest algorithms:",
        (CertificateCount, Lang::Vi) => "Số chứng thư số:",
        (CertificateCount, Lang::En) => "Certificates:",
        (Signers, Lang::Vi) => "Số người ký:",
        (Signers, Lang::En) => "Signers:",
        (Signer, Lang::Vi) => "Người ký",
        (Signer, Lang::En) => "Signer",
        (SignerId, Lang::Vi) => "Định danh chứng thư:",
        (SignerId, Lang::En) => "Certificate id:",
        (Digest, Lang::Vi) => "Thuật toán băm:",
        (Digest, Lang::En) => "Digest:",
        (NoSignedAttributes, Lang::Vi) => "Không có thuộc tính được ký",
        (NoSignedAttributes, Lang::En) => "No signed attributes",
        (SignedAttributes, Lang::Vi) => "Thuộc tính được ký:",
        (SignedAttributes, Lang::En) => "Signed attributes:",
        (UnsignedAttributes, Lang::Vi) => "Thuộc tính không ký:",
        (UnsignedAttributes, Lang::En) => "Unsigned attributes:",
        (Values, Lang::Vi) => "giá trị",
        (Values, Lang::En) => "value(s)",
        (CounterSignature, Lang::Vi) => "Chữ ký đối chứng (counter-signature):",
        (CounterSignature, Lang::En) => "Counter-signature:",
        (ThisUpdate, Lang::Vi) => "Ngày phát hành:",
        (ThisUpdate, Lang::En) => "This update:",
        (NextUpdate, Lang::Vi) => "Lần cập nhật tiếp theo:",
        (NextUpdate, Lang::En) => "Next update:",
        (CrlNumber, Lang::Vi) => "Số CRL:",
        (CrlNumber, Lang::En) => "CRL number:",
        (RevokedCount, Lang::Vi) => "Số chứng thư bị thu hồi:",
        (RevokedCount, Lang::En) => "Certificates revoked:",
    }
}

/// A Vietnamese identity's kind (`VnIdentity::kind`) explained for people (vietnam.md §5).
pub(crate) fn vn_identity_kind(kind: &'static str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("CCCD", Lang::Vi) => "CCCD (căn cước công dân)",
        ("CMND", Lang::Vi) => "CMND (chứng minh nhân dân)",
        ("HC", Lang::Vi) => "HC (hộ chiếu)",
        ("MST", Lang::Vi) => "MST (mã số thuế)",
        ("MNS", Lang::Vi) => "MNS (mã ngân sách)",
        ("CCCD", Lang::En) => "CCCD (citizen ID)",
        ("CMND", Lang::En) => "CMND (ID card)",
        ("HC", Lang::En) => "HC (passport)",
        ("MST", Lang::En) => "MST (tax code)",
        ("MNS", Lang::En) => "MNS (budget unit code)",
        (k, _) => k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_parameters_render_in_the_same_language() {
        let p = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        // cms.malformed → cms.structure → flaw.missing + error.at-byte, as a finding holds it.
        let params = [
            p("@detail", "cms.structure"),
            p("@flaw", "flaw.missing"),
            p("parent", "SignerInfo"),
            p("field", "digestAlgorithm"),
            p("@at", "error.at-byte"),
            p("position", "42"),
        ];
        assert_eq!(
            render(MessageId::CmsMalformed, Lang::Vi, &params),
            "Dữ liệu ký số không đúng định dạng CMS/PKCS#7: SignerInfo thiếu trường digestAlgorithm (tại byte 42)"
        );
        assert_eq!(
            render(MessageId::CmsMalformed, Lang::En, &params),
            "The signed data is not well-formed CMS/PKCS#7: SignerInfo has no digestAlgorithm (at byte 42)"
        );
        // Only `@` keys name phrases: a plain value that is a code stays text, and an unknown
        // code is not expanded.
        let plain = [p("detail", "flaw.empty")];
        assert!(render(MessageId::CmsMalformed, Lang::Vi, &plain).ends_with(": flaw.empty"));
        let unknown = [p("@detail", "no.such-code")];
        assert!(render(MessageId::CmsMalformed, Lang::En, &unknown).ends_with(": {detail}"));
    }

    #[test]
    fn a_value_is_never_read_as_a_slot() {
        // A signer's own text (here in `{extension}`) that names another slot is shown as
        // written; the old sequential replacement put the `{rule}` value inside it.
        let p = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let params = [
            p("cert", "0"),
            p("extension", "X {rule} Y"),
            p("rule", "§4.2.1.1"),
        ];
        assert_eq!(
            render(MessageId::ChainCriticalNotAllowed, Lang::En, &params),
            "In certificate 0, the X {rule} Y extension is marked critical, which RFC 5280 §4.2.1.1 forbids"
        );
        // A slot with no parameter, and braces with no slot, stay as they are.
        assert_eq!(fill_slots("{a} {b} {", &[p("a", "1")]), "1 {b} {");
    }

    #[test]
    fn codes_are_unique_and_templates_agree_on_parameters() {
        let mut seen = std::collections::BTreeSet::new();
        for id in MessageId::ALL {
            assert!(seen.insert(id.code()), "duplicate code {}", id.code());
            assert_eq!(MessageId::from_code(id.code()), Some(*id));
            let params = |t: &str| {
                let mut v: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                params(id.template(Lang::Vi)),
                params(id.template(Lang::En)),
                "{}",
                id.code()
            );
            // Only a signing-side sentence built without `sign-messages` is its code.
            #[cfg(feature = "sign-messages")]
            assert_ne!(id.template(Lang::En), id.code());
        }
    }
}
