// Type definitions for kyso-wasm (hand-written and checked with `tsc --noEmit` by
// wasm/run-tests.sh; TypeScript ≥ 5.7 for `Uint8Array<ArrayBuffer>`). Field names of reports are those of kyso's JSON report (snake_case).

/**
 * Binary input: a `Uint8Array`, an `ArrayBuffer` or any other `ArrayBufferView`. Where a
 * certificate, CRL or signature is expected, a `string` is read as UTF-8 text (PEM).
 */
export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Content of a detached signature. Bytes and small `Blob`s are read whole; a `ReadableStream`
 * (e.g. `blob.stream()`, `Readable.toWeb(fs.createReadStream(path))`) and `Blob`s over 8 MiB
 * are streamed once through incremental digests, so memory stays bounded whatever the size.
 */
export type ContentSource = Bytes | Blob | ReadableStream<Uint8Array>;

/** Trust bundles compiled into kyso: `vgca` (Ban Cơ yếu Chính phủ), `neac` (national public CAs), `vn` (both). */
export type BundleName = 'vgca' | 'neac' | 'vn';

/**
 * Validation policy: `vn-gov` (Vietnamese government practice: SHA-1 only for historic
 * signatures, validation at the signing time, revocation used when available) or `strict`
 * (no SHA-1, revocation required, validation now unless a time-stamp proves otherwise).
 */
export type PolicyName = 'vn-gov' | 'strict';

/** Report language: Vietnamese (default) or English. */
export type Lang = 'vi' | 'en';

/** What trust anchors to use. */
export interface TrustOptions {
  /** Bundles compiled into kyso. */
  bundles?: BundleName[];
  /** More trust anchors: PEM text (any number of certificates), DER, or a PKCS#7 `.p7b`. */
  certificates?: (string | Bytes)[];
}

/** A request the validation needs answered from the network. */
export interface FetchRequest {
  /** `crl`: GET a CRL; `ocsp`: POST an OCSP request; `certificate`: GET a CA certificate; `timestamp`: POST a time-stamp request. */
  kind: 'crl' | 'ocsp' | 'certificate' | 'timestamp';
  /** The URL from the certificate (CRL distribution point, AIA). */
  url: string;
  /** The request body for POST (`ocsp`, `timestamp`); absent for GET. */
  body?: Uint8Array;
}

/**
 * Answers a {@link FetchRequest} with the response body. Throw to report a failure; an error
 * with a numeric `status` (HTTP status; 0 network error; 403 refused; 413 too large) is
 * reported with it. Returning a `Response` is accepted too.
 */
export type Fetcher = (request: FetchRequest) => Promise<Uint8Array | ArrayBuffer | Response>;

/** Options shared by {@link verify} and {@link validateChain}. */
export interface ValidationOptions {
  /**
   * Trust anchors. Omitted: the `vn` bundle. Given: exactly what it lists (so
   * `{ certificates: [myRootPem] }` trusts only that root).
   */
  trust?: TrustOptions;
  /** Untrusted certificates that may complete a path (intermediate CAs). */
  intermediates?: (string | Bytes)[];
  /** Validation policy; default `vn-gov`. */
  policy?: PolicyName;
  /**
   * The instant certificates are validated at: a fixed `Date`, `"signing-time"` (the policy's
   * choice, the default: a verified time-stamp, else under `vn-gov` the claimed signing time),
   * or `"current"`.
   */
  time?: Date | 'signing-time' | 'current';
  /** The current time (kyso has no clock of its own); default `new Date()`. */
  now?: Date;
  /** CRLs (DER or PEM) to check revocation with. */
  crls?: (string | Bytes)[];
  /** DER OCSP responses to check revocation with. */
  ocspResponses?: Bytes[];
  /**
   * Lets validation fetch CRLs / OCSP responses named in the certificates. Without it nothing
   * is fetched: verification is offline. See {@link httpFetcher}.
   */
  fetcher?: Fetcher;
  /** How many rounds of fetching to allow (each round re-runs validation); default 3. */
  maxFetchRounds?: number;
  /** Language of `verdict` and `message` texts; default `vi`. */
  lang?: Lang;
  /** Turn revocation checking off. The report says so; never use it to hide missing CRLs. */
  dangerWithoutRevocation?: boolean;
}

/** Options of {@link verify}. */
export interface VerifyOptions extends ValidationOptions {
  /** The signed content, for a detached signature (ignored, with a warning, when the signature encapsulates its content). */
  content?: ContentSource;
}

/** Options of {@link validateChain}. */
export interface ChainOptions extends ValidationOptions {
  /** What the certificate is validated for; default `document-signing`. */
  purpose?: KeyPurpose;
}

/**
 * Key purposes (RFC 5280 §4.2.1.12): kyso's one table of names, shared with the CLI's
 * `kyso chain --purpose` (`email` is the same purpose as `email-protection`).
 */
export type KeyPurpose =
  | 'document-signing'
  | 'email-protection'
  | 'email'
  | 'server-auth'
  | 'client-auth'
  | 'time-stamping'
  | 'ocsp-signing'
  | 'crl-signing'
  | 'any';

/** ETSI EN 319 102-1 main indication. */
export type Indication = 'TOTAL-PASSED' | 'TOTAL-FAILED' | 'INDETERMINATE';

/** ETSI EN 319 102-1 sub-indications (names as in the standard). */
export type SubIndication =
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'EXPIRED_OR_NOT_YET_VALID'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'POLICY_PROCESSING_ERROR'
  | 'SIGNATURE_POLICY_NOT_AVAILABLE'
  | 'TIMESTAMP_ORDER_FAILURE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'REVOKED_NO_POE'
  | 'REVOKED_CA_NO_POE'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'OUT_OF_BOUNDS_NOT_REVOKED'
  | 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'
  | 'NO_POE'
  | 'TRY_LATER'
  | 'SIGNED_DATA_NOT_FOUND'
  | 'GENERIC';

/** One finding of a check. */
export interface Finding {
  /** Stable message code, e.g. `cms.message-digest-mismatch`. */
  code: string;
  /** How serious it is. */
  severity: 'info' | 'warning' | 'error';
  /** Named parameters of the message, as `[name, value]` pairs. */
  params?: [string, string][];
  /** The message in the report's language, parameters filled in. */
  message: string;
}

/** Result of one check. `indeterminate` is never counted as a pass. */
export type CheckStatus = 'passed' | 'failed' | 'indeterminate' | 'skipped' | 'not-applicable';

/** Which instant validation used, and why. */
export interface TimeUsed {
  /** RFC 3339, UTC. */
  time: string;
  /** `current` (the `now` given), `fixed` (`time` given), `claimed-signing-time`, `pdf-signing-time` (a PDF signature's /M), `timestamp`. */
  source: 'current' | 'fixed' | 'claimed-signing-time' | 'pdf-signing-time' | 'timestamp';
}

/** Revocation status of one certificate. */
export interface RevocationReport {
  /** `revoked-after-validation-time` does not invalidate a signature made before (Decree 68/2024). */
  status: 'good' | 'revoked' | 'revoked-after-validation-time' | 'unknown' | 'not-checked';
  /** `crl` / `ocsp` and where it came from (`caller`, `message`, `fetched`). */
  source?: string;
  /** When the certificate was revoked (RFC 3339). */
  revocation_time?: string;
  /** CRL reason code name, e.g. `keyCompromise`. */
  reason?: string;
  /** thisUpdate of the evidence used (RFC 3339). */
  this_update?: string;
  /** Why evidence was refused or missing. */
  findings?: Finding[];
}

/** One certificate of a chain. */
export interface CertReport {
  /** Subject DN (RFC 4514). */
  subject: string;
  /** Issuer DN (RFC 4514). */
  issuer: string;
  /** Serial number, upper-case hex. */
  serial: string;
  /** SHA-256 fingerprint of the DER certificate, lower-case hex. */
  sha256: string;
  /** Validity start (RFC 3339). */
  not_before: string;
  /** Validity end (RFC 3339). */
  not_after: string;
  /** Whether this is the trust anchor the path ends at. */
  is_trust_anchor: boolean;
  /** Result of the checks on this certificate. */
  status: CheckStatus;
  /** Revocation status, when checked. */
  revocation?: RevocationReport;
  /** What was found on this certificate. */
  findings?: Finding[];
}

/** Certificate-path validation result (RFC 5280 §6). */
export interface ChainReport {
  /** Indication of the path validation. */
  indication: Indication;
  /** Why, when not passed. */
  sub_indication?: SubIndication;
  /** The indication as a sentence in the report's language. */
  verdict: string;
  /** Leaf first, trust anchor last; empty when no path was found. */
  certificates: CertReport[];
  /** The instant the path was validated at. */
  time_used: TimeUsed;
  /** Findings on the path as a whole. */
  findings?: Finding[];
}

/** A Vietnamese identity number from a certificate's `UID` (`PREFIX:value`). */
export interface VnIdentity {
  /** CMND (old ID card), CCCD (citizen ID), HC (passport), MST (tax code), MNS (budget unit code), or UID (another form, kept verbatim). */
  kind: 'CMND' | 'CCCD' | 'HC' | 'MST' | 'MNS' | 'UID';
  /** The number (a UID of another form: the whole value). */
  value: string;
}

/** Who a certificate names. */
export interface Identity {
  /** CN: the person's or agency's name. */
  common_name: string | null;
  /** O: the agency or company. */
  organization: string | null;
  /** OU values. */
  organizational_units: string[];
  /** T: job title. */
  title: string | null;
  /** L. */
  locality: string | null;
  /** ST: province or city. */
  province: string | null;
  /** C. */
  country: string | null;
  /** E-mail addresses. */
  emails: string[];
  /** Vietnamese identity numbers (CCCD, MST, …). */
  vn_ids: VnIdentity[];
  /** The whole subject DN (RFC 4514). */
  subject: string;
}

/** A signature scheme as reported. */
export type SignatureSchemeReport =
  | { scheme: 'rsa-pkcs1v15'; digest: DigestName }
  | { scheme: 'rsa-pss'; digest: DigestName; salt_len: number }
  | { scheme: 'ecdsa'; digest: DigestName }
  | { scheme: 'ed25519' }
  | { scheme: 'dsa'; digest: DigestName };

/** Digest algorithm names (SHA-224 is verified, not offered for signing). */
export type DigestName =
  | 'sha1'
  | 'sha224'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'sha3-224'
  | 'sha3-256'
  | 'sha3-384'
  | 'sha3-512';

/** A public key's family and size. */
export type KeyTypeReport =
  | { type: 'rsa'; bits: number }
  | { type: 'ec-p256' }
  | { type: 'ec-p384' }
  | { type: 'ec-p521' }
  | { type: 'ed25519' }
  | { type: 'dsa'; bits: number };

/** The result for one signer (one SignerInfo). */
export interface SignerReport {
  /** Position in the SignedData's signerInfos (0-based). */
  index: number;
  /** This signer's indication. */
  indication: Indication;
  /** Why, when not passed. */
  sub_indication?: SubIndication;
  /** The indication as a sentence in the report's language. */
  verdict: string;
  /** Who signed, when the signer's certificate was found. */
  signer?: Identity;
  /** The signer's certificate. */
  certificate?: CertReport;
  /** The signing-time attribute as claimed by the signer (RFC 3339; not proof of time). */
  claimed_signing_time?: string;
  /** Digest algorithm of the signer. */
  digest_algorithm?: DigestName;
  /** Signature scheme of the signer. */
  signature_scheme?: SignatureSchemeReport;
  /** Key type of the signer's certificate. */
  key_type?: KeyTypeReport;
  /** Each check by name (`message-digest`, `signature`, …) and its result. */
  checks: [string, CheckStatus][];
  /** Path validation of the signer's certificate, if it was run. */
  chain?: ChainReport;
  /** What was found on this signer. */
  findings: Finding[];
  /** Counter-signatures on this signer, each validated. */
  counter_signatures?: SignerReport[];
  /** Signature time-stamps on this signer (CAdES B-T, ETSI EN 319 122-1 §5.3), each verified. */
  timestamps?: TimestampReport[];
  /** The CAdES baseline level reached: `CAdES-B-B`, `CAdES-B-T`, `CAdES-B-LT`. */
  level?: string;
}

/** The verification of one RFC 3161 time-stamp token (core's `TimestampReport`, plus texts). */
export interface TimestampReport {
  /** `token` (on its own), `signature` (a signer's signature time-stamp), `document` (a PDF document time-stamp). */
  kind: 'token' | 'signature' | 'document' | 'archive';
  indication: Indication;
  sub_indication?: SubIndication;
  /** `indication` as a sentence in the report's language. */
  verdict: string;
  /** genTime to the second (RFC 3339, UTC): the instant the token proves. */
  gen_time?: string;
  /** genTime as the TSA wrote it (fractions kept). */
  gen_time_exact?: string;
  /** The TSA's stated accuracy in microseconds. */
  accuracy_micros?: number;
  ordering: boolean;
  /** The TSA policy (dotted OID). */
  policy?: string;
  serial?: string;
  imprint_algorithm?: DigestName;
  /** The TSTInfo `tsa` name, when present. */
  tsa_name?: string;
  /** The TSA's signature, certificate and chain (validated at genTime). */
  tsa?: SignerReport;
  findings: Finding[];
  /** Language of `verdict` and `message` texts (on a report returned by {@link verifyTimestamp} or carried by an error). */
  lang?: Lang;
}

/** The report for one signed object. */
export interface Report {
  /** Overall indication: the worst of the signers'. */
  indication: Indication;
  /** Why, when not passed. */
  sub_indication?: SubIndication;
  /** The overall indication as a sentence in the report's language (e.g. `HỢP LỆ: chữ ký số hợp lệ`). */
  verdict: string;
  /** `cms`. */
  format: string;
  /** Encapsulated content type OID (`1.2.840.113549.1.7.1` for data). */
  content_type: string;
  /** Whether the signature is detached (content not inside). */
  detached: boolean;
  /** One entry per signer. */
  signers: SignerReport[];
  /** The policy applied. */
  policy: string;
  /** Findings on the whole object (format problems, ignored content, …). */
  findings: Finding[];
  /** Language of `verdict` and `message` texts. */
  lang: Lang;
}

/** Options of {@link verifyPdf}. */
export interface PdfVerifyOptions extends ValidationOptions {
  /** The password of an encrypted PDF (UTF-8 text or bytes); the empty user password is tried without it. */
  password?: string | Bytes;
}

/** How much a document changed after a signature (ISO 32000-2 §12.8.2.2 DocMDP levels). */
export type ModificationLevel = 'none' | 'signature-maintenance' | 'form-filling' | 'annotations' | 'other';

/** What a PDF signature is: an approval, a certification (DocMDP) or a document time-stamp. */
export type PdfSignatureKind = 'approval' | 'certification' | 'document-timestamp';

/** One signature of a PDF. */
export interface PdfSignatureReport {
  /** The signature field's fully qualified name. */
  field: string;
  kind: PdfSignatureKind;
  /** `adbe.pkcs7.detached`, `ETSI.CAdES.detached`, `ETSI.RFC3161`, … */
  sub_filter: string;
  /** The revision the signature covers, 1-based; `null` when its coverage ends inside one. */
  revision: number | null;
  /** Whether the signature covers the whole file as it is. */
  covers_whole_document: boolean;
  byte_range: number[];
  /** The DocMDP permission of a certification signature (1, 2 or 3). */
  docmdp?: number;
  /** The highest change after this signature. */
  modification_level: ModificationLevel;
  /** `modification_level` as a sentence in the report's language (`Thay đổi sau khi ký: không có`). */
  modification: string;
  /** `kind` in the report's language (`chữ ký phê duyệt`). */
  kind_text: string;
  /** Whether those changes are permitted by the certification's DocMDP and the field locks. */
  changes_permitted: boolean;
  /** `/M`, the claimed signing time (RFC 3339). */
  claimed_time?: string;
  name?: string;
  reason?: string;
  location?: string;
  contact_info?: string;
  /** The verdict on this signature in this document (the CMS verdict made worse by container problems and changes not permitted). */
  indication: Indication;
  sub_indication?: SubIndication;
  /** `indication` as a sentence in the report's language. */
  verdict: string;
  /** The cryptographic verdict on the CMS signature over the covered bytes, unchanged. */
  cms?: Report;
  /** The level reached: `PAdES-B-B` … `PAdES-B-LTA` for `ETSI.CAdES.detached`, a description otherwise. */
  level?: string;
  /** A document time-stamp's token (`kind: 'document-timestamp'`), verified over the covered bytes. */
  timestamp?: TimestampReport;
  findings: Finding[];
}

/** The report for one PDF: the same JSON as the CLI's `kyso verify --json` on a PDF, plus texts. */
export interface PdfReport {
  /** The document's verdict: the worst of its signatures' (none: INDETERMINATE / SIGNED_DATA_NOT_FOUND). */
  indication: Indication;
  sub_indication?: SubIndication;
  /** The indication as a sentence in the report's language. */
  verdict: string;
  /** `pdf`. */
  format: 'pdf';
  policy: string;
  /** How many revisions the file has (the original plus incremental updates). */
  revisions: number;
  encrypted: boolean;
  signatures: PdfSignatureReport[];
  /** Document-level findings (structure, reading). */
  findings: Finding[];
  /** Language of `verdict` and `message` texts. */
  lang: Lang;
}

/**
 * Stable error codes. Verification problems are never errors (they are in the report); errors
 * are for inputs kyso cannot use.
 */
export type ErrorCode =
  | 'input.bad-type'
  | 'input.bad-time'
  | 'input.bad-lang'
  | 'input.bad-digest-algorithm'
  | 'input.bad-purpose'
  | 'input.bad-fetch-kind'
  | 'input.bad-scheme'
  | 'input.missing-certificate'
  | 'input.missing-scheme'
  | 'input.webcrypto-unsupported-digest'
  | 'input.missing-content'
  | 'input.read-failed'
  | 'policy.unknown'
  | 'trust.unknown-bundle'
  | 'trust.bad-certificate'
  | 'revocation.bad-crl'
  | 'revocation.bad-ocsp'
  | 'build.verify-only'
  | 'fetch.not-allowed'
  | 'fetch.status'
  | 'fetch.too-large'
  | 'cms.malformed'
  | 'cms.not-signed-data'
  | 'cms.too-large'
  | 'cms.no-such-signer'
  | 'cms.external-signature-invalid'
  | 'cms.certificate-key-mismatch'
  | 'cms.content-missing'
  | 'cms.encoding'
  | 'cms.external-signer-needs-prepare'
  | 'cms.prepare-needs-one-signer'
  | 'cms.digest-algorithm-mismatch'
  | 'cms.invalid-digest-length'
  | 'cms.duplicate-attribute'
  | 'cms.no-subject-key-identifier'
  | 'cms.content-already-attached'
  | 'cms.error'
  | 'crypto.unsupported-algorithm'
  | 'crypto.invalid-parameters'
  | 'crypto.invalid-public-key'
  | 'crypto.invalid-private-key'
  | 'crypto.scheme-key-mismatch'
  | 'crypto.bad-signature'
  | 'crypto.signing-failed'
  | 'crypto.sha1-signing-refused'
  | 'crypto.error'
  | 'pdf.sign.read'
  | 'pdf.sign.encrypted'
  | 'pdf.sign.damaged'
  | 'pdf.sign.needs-repair'
  | 'pdf.sign.page-out-of-range'
  | 'pdf.sign.bad-rect'
  | 'pdf.sign.field-not-signature'
  | 'pdf.sign.field-already-signed'
  | 'pdf.sign.field-name-invalid'
  | 'pdf.sign.certification-not-first'
  | 'pdf.sign.docmdp-forbids'
  | 'pdf.sign.seed-value'
  | 'pdf.sign.contents-too-small'
  | 'pdf.sign.too-large'
  | 'pdf.sign.bad-state'
  | 'input.missing-tsa'
  | 'input.bad-random'
  | 'tsp.sha1-not-allowed'
  | 'tsp.imprint-length'
  | 'tsp.bad-response'
  | 'tsp.bad-request'
  | 'tsp.unreachable'
  | 'tsp.not-taken'
  | 'input.bad-level'
  | 'extend.needs-tsa'
  | 'pdf.sign.input-mismatch'
  | 'pdf.sign.bad-certification-level'
  | 'pdf.sign.unknown-subfilter';

/** The errors kyso-wasm throws: real `Error` objects with a stable `code`. */
export interface KysoError extends Error {
  /** Always `KysoError`. */
  name: 'KysoError';
  /** Stable code; switch on this, not on `message`. */
  code: ErrorCode;
  /** English text, for logs (unchanged for compatibility). */
  message: string;
  /**
   * The same failure as a sentence of kyso's message catalogue, wholly in Vietnamese and
   * wholly in English: what to show to people. Present on errors about the input (a CRL or
   * certificate that does not parse, an unreadable prepared signature, `cms.*`, `crypto.*`);
   * absent on errors about the call itself (`input.*`, `policy.unknown`, `build.verify-only`).
   */
  messages?: { vi: string; en: string };
  /** On `tsp.not-taken`: the report on the TSA's answer that was refused (why, in the call's language). */
  report?: TimestampReport;
}

/** Whether `e` is a {@link KysoError}. */
export function isKysoError(e: unknown): e is KysoError;

/**
 * Load the WebAssembly engine. Optional: every function calls it on first use. Pass a
 * `source` (URL, `Response`, bytes or `WebAssembly.Module`) to load it from elsewhere than
 * next to the package's JS (strict CSP, service-worker cache).
 */
export function init(source?: URL | string | Response | BufferSource | WebAssembly.Module): Promise<void>;

/**
 * Verify a CMS / PKCS#7 SignedData (`.p7s`, `.p7m`, `.p7b`; DER, BER or PEM) and validate
 * each signer's certificate chain. Never throws for a bad signature: the report says why.
 *
 * ```js
 * const report = await verify(p7s, { content: file });  // file: a Blob or ReadableStream
 * if (report.indication === 'TOTAL-PASSED') show(report.signers[0].signer.common_name);
 * ```
 * @param signature The SignedData: bytes, a `Blob`, or PEM text.
 * @throws {KysoError} for unusable options (unknown bundle, a CRL that is not one, …).
 */
export function verify(signature: Bytes | Blob | string, options?: VerifyOptions): Promise<Report>;

/**
 * Verify every signature of a PDF (ISO 32000-2 §12.8, PAdES): its CMS over the covered bytes,
 * the ByteRange and /Contents rules, and what changed after it (modification level against
 * DocMDP and field locks). Never throws for a bad PDF: the report says why.
 *
 * The PDF is read whole into memory: a `Blob` or `ReadableStream` is read fully first (core's
 * reader needs random access, which a stream does not give and a Blob gives only
 * asynchronously). For very large files use the CLI or the C library, which read at offsets.
 * @param pdf The PDF: bytes, a `Blob` (e.g. a dropped `File`) or a `ReadableStream`.
 */
export function verifyPdf(
  pdf: Bytes | Blob | ReadableStream<Uint8Array>,
  options?: PdfVerifyOptions,
): Promise<PdfReport>;

/**
 * Whether the input is a PDF by kyso's rule (`%PDF-` within the first KiB, ISO 32000-2
 * §7.5.2), the rule the CLI uses to route a file to the PDF verifier. Reads only the head of a Blob.
 */
export function isPdf(input: Bytes | Blob): Promise<boolean>;

/**
 * Validate a certificate path (RFC 5280 §6) with revocation.
 * @param certificates The certificate to validate first, then any untrusted intermediates
 *   (PEM text with several certificates works too).
 */
export function validateChain(
  certificates: string | Bytes | (string | Bytes)[],
  options?: ChainOptions,
): Promise<ChainReport>;

/** A signature scheme to sign with: a name (`ecdsa-sha256`, `rsa-pkcs1v15-sha256`, `rsa-pss-sha3-256`, `ed25519`) or its parts. */
export type SchemeSpec =
  | string
  | {
      /** Key family and padding. */
      kind: 'rsa-pkcs1v15' | 'rsa-pss' | 'ecdsa' | 'ed25519';
      /** Digest; default `sha256` (`sha512` for Ed25519). SHA-1 is refused. SHA-3 works with
       * `prepare`/`finish`, not with WebCrypto (which has no SHA-3). */
      digest?: 'sha256' | 'sha384' | 'sha512' | 'sha3-224' | 'sha3-256' | 'sha3-384' | 'sha3-512';
      /** RSA-PSS salt length in bytes; default the digest length. */
      saltLength?: number;
    };

/** What to sign, and how. */
export interface PrepareRequest {
  /** The content. A `ReadableStream` or large `Blob` is digested on the fly and the signature is then detached. */
  content: ContentSource;
  /** Leave the content out of the SignedData (a detached `.p7s`); default false. */
  detached?: boolean;
  /** The signer's certificate (PEM or DER); more certificates in the same PEM go into the chain. */
  certificate: string | Bytes;
  /** Intermediate CA certificates to include. */
  chain?: (string | Bytes)[];
  /** CRLs (DER) to include. */
  crls?: Bytes[];
  /** The signature scheme; must fit the certificate's key. */
  scheme: SchemeSpec;
  /** The claimed signing time; default now; `null` for none. */
  signingTime?: Date | null;
}

/** The first phase's result: sign `toBeSigned`, then call {@link finish}. A plain object: it can be stored or sent to a server. */
export interface PreparedSignature {
  /** The exact bytes to sign (DER of the signed attributes). WebCrypto and tokens that hash themselves sign these. */
  toBeSigned: Uint8Array<ArrayBuffer>;
  /** The digest of `toBeSigned`, for signers that take a hash. */
  digest: Uint8Array<ArrayBuffer>;
  /** DER DigestInfo of the digest, for raw RSA PKCS#1 v1.5 signers (`CKM_RSA_PKCS`). */
  digestInfo: Uint8Array<ArrayBuffer>;
  /** Scheme name, e.g. `ecdsa-sha256`. */
  scheme: string;
  /** Digest algorithm name, e.g. `sha256`. */
  digestAlgorithm: string;
  /** Parameters for `crypto.subtle.sign`; `null` for SHA-3 schemes (WebCrypto has no SHA-3). */
  webCrypto: AlgorithmIdentifier | RsaPssParams | EcdsaParams | null;
  /** Opaque state for {@link finish}. Not secret; protect it against tampering (e.g. a MAC) if a server hands it out. */
  state: Uint8Array<ArrayBuffer>;
}

/** First phase of two-phase signing: everything but the signature. Not in the verify-only build. */
export function prepare(request: PrepareRequest): Promise<PreparedSignature>;

/**
 * Second phase: check `signature` (over `toBeSigned`; ECDSA as DER or WebCrypto's raw
 * `r ‖ s`) against the certificate, and return the DER SignedData.
 * @throws {KysoError} `cms.external-signature-invalid` when the signature does not verify with the certificate's key.
 */
export function finish(prepared: PreparedSignature, signature: Bytes): Promise<Uint8Array<ArrayBuffer>>;

/**
 * Sign with a WebCrypto private key: `prepare`, `crypto.subtle.sign`, `finish`. The scheme
 * defaults to the key's ({@link schemeForKey}).
 * @throws {KysoError} `input.webcrypto-unsupported-digest` for a SHA-3 scheme: WebCrypto has no
 * SHA-3 (sign those with `prepare`/`finish` and another signer).
 */
export function signWithWebCrypto(
  key: CryptoKey,
  request: Omit<PrepareRequest, 'scheme'> & { scheme?: SchemeSpec; subtle?: SubtleCrypto },
): Promise<Uint8Array<ArrayBuffer>>;

/** How to sign a PDF, and with what certificate. */
export interface PdfSignRequest {
  /** The signer's certificate (PEM or DER); more certificates in the same PEM go into the chain. */
  certificate: string | Bytes;
  /** Intermediate CA certificates to include. */
  chain?: (string | Bytes)[];
  /** The signature scheme; must fit the certificate's key. */
  scheme: SchemeSpec;
  /** The signing time (`/M`, and the signing-time attribute with `pkcs7`); default now. */
  signingTime?: Date;
  /**
   * `/SubFilter`: `pkcs7` (`adbe.pkcs7.detached`, what Ban Cơ yếu's tools write; the default)
   * or `cades` (`ETSI.CAdES.detached`, PAdES B-B); the full names are accepted too.
   */
  subFilter?: 'pkcs7' | 'cades' | 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached';
  /**
   * Certify the document (DocMDP): 1 no changes, 2 form filling and signing (Vietnamese
   * e-documents), 3 also annotations. Only for the document's first signature.
   */
  certify?: 1 | 2 | 3;
  /** An existing empty signature field of this name, else a new field so named; default a new `SignatureN`. */
  field?: string;
  /** Page of a visible field (1-based; default 1). Used with `rect`. */
  page?: number;
  /** Where a new field is shown: points from the bottom-left corner of the page as displayed (CropBox and /Rotate applied). Default invisible. */
  rect?: { x: number; y: number; width: number; height: number };
  /** `/Reason`. */
  reason?: string;
  /** `/Location`. */
  location?: string;
  /** `/ContactInfo`. */
  contact?: string;
  /**
   * Reserve room for a signature time-stamp, to finish with
   * {@link finishPdfSignatureTimestamped} (default false).
   */
  timestamp?: boolean;
}

/**
 * The first phase's result for a PDF: sign `toBeSigned`, then call {@link finishPdfSignature}.
 * `state` holds the incremental update (not the PDF); `pdf` is the input, needed again to finish.
 */
export interface PreparedPdfSignature extends PreparedSignature {
  /** The PDF that was prepared (the same bytes must be given to finish). */
  pdf: Uint8Array | Blob;
}

/**
 * First phase of two-phase PDF signing (ISO 32000-2 §12.8): the incremental update with a
 * `/Contents` placeholder, and the bytes to sign. The PDF is read whole. Not in the verify-only build.
 * @throws {KysoError} `pdf.sign.read` (not a PDF), `pdf.sign.encrypted` (encrypted PDFs are not
 * signed), `pdf.sign.certification-not-first`, `pdf.sign.bad-certification-level`, … with `messages`.
 */
export function preparePdfSignature(pdf: Bytes | Blob, request: PdfSignRequest): Promise<PreparedPdfSignature>;

/**
 * Second phase: check `signature` against the certificate and return the signed PDF: the
 * prepared PDF, byte for byte, followed by the update holding the signature.
 * @throws {KysoError} `cms.external-signature-invalid` (wrong key or scheme; the prepared state
 * stays usable), `pdf.sign.input-mismatch` (another PDF than the prepared one).
 */
export function finishPdfSignature(
  prepared: Pick<PreparedPdfSignature, 'state' | 'pdf'>,
  signature: Bytes,
): Promise<Uint8Array<ArrayBuffer>>;

/**
 * Sign a PDF with a WebCrypto private key: `preparePdfSignature`, `crypto.subtle.sign`,
 * `finishPdfSignature`. The scheme defaults to the key's ({@link schemeForKey}).
 */
export function signPdfWithWebCrypto(
  key: CryptoKey,
  pdf: Bytes | Blob,
  request: Omit<PdfSignRequest, 'scheme'> & { scheme?: SchemeSpec; subtle?: SubtleCrypto },
): Promise<Uint8Array<ArrayBuffer>>;

/** The scheme a WebCrypto key implies (RSA hash from the key; ECDSA digest by curve: P-256 → SHA-256, P-384 → SHA-384, P-521 → SHA-512). */
export function schemeForKey(key: CryptoKey): Exclude<SchemeSpec, string>;

/** Options of {@link httpFetcher}. */
export interface HttpFetcherOptions {
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per-request time-out; default 10 000 ms. */
  timeoutMs?: number;
  /** Largest response accepted; default 20 MiB. */
  maxBytes?: number;
  /** Which URLs may be fetched; default http(s) only. Rewrite URLs to a proxy with a custom `fetch`. */
  allow?: (url: string) => boolean;
}

/** A {@link Fetcher} over `fetch` with a time-out and a size cap. */
export function httpFetcher(options?: HttpFetcherOptions): Fetcher;

/** The kyso version of the engine. */
export function version(): Promise<string>;

/** Whether this build can sign (`kyso-wasm`) or only verify (`kyso-wasm/verify`). */
export function canSign(): Promise<boolean>;

/** Options of {@link verifyTimestamp}: trust for the TSA's certificate, revocation data, `now`, `lang`. */
export type VerifyTimestampOptions = ValidationOptions;

/**
 * Verify an RFC 3161 time-stamp token (or a whole TimeStampResp, `.tsr`) over `data`: the
 * TSA's signature and chain (at genTime), the imprint, the TSA certificate's fitness. Never
 * throws for a bad token: the report says what is wrong. Full build only.
 */
export function verifyTimestamp(token: Bytes | Blob, data: Bytes | Blob, options?: VerifyTimestampOptions): Promise<TimestampReport>;

/** Options of {@link timestamp} and {@link timestampSignature}. */
export interface TimestampOptions extends ValidationOptions {
  /** The time-stamp authority's URL (RFC 3161 over HTTP: a POST of `application/timestamp-query`). */
  tsa: string;
  /** The `fetch` to POST with (default `globalThis.fetch`): a proxy's, or a stand-in in tests. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Imprint digest (default `sha256`; SHA-1 is refused). */
  digest?: DigestName;
  /** Time-out of the POST (default 10 000 ms). */
  timeoutMs?: number;
  /** Largest answer accepted (default 1 MiB). */
  maxBytes?: number;
}

/**
 * A time-stamp token over `data` from the TSA at `options.tsa`, taken only when it is the
 * genuine answer to kyso's request (imprint, nonce, the TSA's signature and certificate; its
 * chain may be undecided only for want of revocation data or a trust anchor). Errors:
 * `tsp.unreachable` (network, HTTP status), `tsp.not-taken` (with `report`). Full build only.
 */
export function timestamp(data: Bytes | Blob, options: TimestampOptions): Promise<Uint8Array<ArrayBuffer>>;

/** Options of {@link timestampSignature}. */
export interface TimestampSignatureOptions extends TimestampOptions {
  /** Which signer to time-stamp (position in signerInfos, default 0). */
  signerIndex?: number;
}

/**
 * CAdES B-T: a time-stamp over signer `signerIndex`'s signature value, added as its
 * signature-time-stamp attribute; every other byte of the SignedData is kept. Returns the new
 * SignedData (DER). Errors as {@link timestamp}, and `cms.*` for a signature kyso cannot edit.
 * Full build only.
 */
export function timestampSignature(signature: Bytes | Blob, options: TimestampSignatureOptions): Promise<Uint8Array<ArrayBuffer>>;

/** A baseline level to raise a signature to (ETSI EN 319 122-1 CAdES, EN 319 142-1 PAdES). */
export type ExtendLevel = 'b-t' | 'b-lt' | 'b-lta';

/** Options of {@link extendCms} and {@link extendPdf}. */
export interface ExtendOptions extends ValidationOptions {
  /** The level to reach (default `b-t`). */
  level?: ExtendLevel;
  /** The time-stamp authority's URL: needed when a time-stamp has to be added. */
  tsa?: string;
  /**
   * Answers the TSA request (`kind: 'timestamp'`) and, for B-LT, the CRL / OCSP / certificate
   * requests. Default: {@link httpFetcher} over `fetch`.
   */
  fetcher?: Fetcher;
  /** The `fetch` the default fetcher uses (default `globalThis.fetch`). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Imprint digest of the time-stamps (default `sha256`). */
  digest?: DigestName;
  /** Time-out of each request of the default fetcher (default 10 000 ms). */
  timeoutMs?: number;
  /** Runs of the extension, each followed by a round of fetches (default 4). */
  maxFetchRounds?: number;
}

/** Options of {@link extendCms}. */
export interface ExtendCmsOptions extends ExtendOptions {
  /** The detached content of the signature, if it is detached. */
  content?: Bytes | Blob;
}

/** What an extension did (core's `Extended` JSON, plus texts). */
export interface ExtensionReport {
  level: 'B-T' | 'B-LT' | 'B-LTA';
  /** Whether every validation data step found everything it needed. */
  complete: boolean;
  /** The time-stamps taken, in the order they were added. */
  timestamps: TimestampReport[];
  /** Per B-LT step: how much was embedded, and what could not be found (`missing`). */
  validation_data: { certificates: number; crls: number; ocsp_responses: number; missing: Finding[] }[];
  lang: Lang;
}

/** The result of {@link extendCms} / {@link extendPdf}. */
export interface Extension {
  /** The new SignedData (DER), or the whole new PDF (the input unchanged, then incremental updates). */
  data: Uint8Array<ArrayBuffer>;
  report: ExtensionReport;
}

/**
 * Raise a CMS signature to CAdES B-T (a signature time-stamp on every signer without one), B-LT
 * (also the certificates and revocation data a verification used, embedded) or B-LTA (then an
 * archive time-stamp on every signer and its TSA's data; a detached signature needs `content`).
 * Which steps a level takes is kyso's rule (core `extend_cms`). Errors: `extend.needs-tsa`,
 * `tsp.*`, `cms.*`. Full build only.
 */
export function extendCms(signature: Bytes | Blob, options: ExtendCmsOptions): Promise<Extension>;

/**
 * Raise a PDF to PAdES B-T (a document time-stamp when nothing is time-stamped yet), B-LT (the
 * validation data in the document security store) or B-LTA (then a document time-stamp and its
 * TSA's data), each step an incremental update (core `extend_pdf`). Errors as
 * {@link extendCms}, and `pdf.sign.*` for a PDF that cannot take an update. Full build only.
 */
export function extendPdf(pdf: Bytes | Blob, options: ExtendOptions): Promise<Extension>;

/** Options of {@link finishPdfSignatureTimestamped}: the TSA is required. */
export interface PdfTimestampOptions extends Omit<ExtendOptions, 'level' | 'tsa'> {
  /** The time-stamp authority's URL. */
  tsa: string;
}

/**
 * Second phase of PDF signing with a signature time-stamp (prepared with `timestamp: true`):
 * check `signature`, get a time-stamp over it from the TSA through the fetcher (its answer
 * checked with the options' trust) and embed the time-stamped signature (core
 * `finish_timestamped`): PAdES B-T with `cades`, a time-stamped signature with `pkcs7`.
 * `data` is the signed PDF (the prepared PDF, byte for byte, then the update); `report` the
 * token's. Errors: `tsp.*` (nothing signed without its time-stamp), `pdf.sign.contents-too-small`
 * (prepared without `timestamp: true`), and those of {@link finishPdfSignature}. Full build only.
 */
export function finishPdfSignatureTimestamped(
  prepared: Pick<PreparedPdfSignature, 'state' | 'pdf'>,
  signature: Bytes,
  options: PdfTimestampOptions,
): Promise<{ data: Uint8Array<ArrayBuffer>; report: TimestampReport }>;
