//! Fetching of certificates (AIA caIssuers), CRLs (CRL distribution points), OCSP responses
//! and time-stamps. Core never fetches by itself: the caller passes an implementation (the CLI
//! over HTTP with time-outs and size caps, FFI through a C callback, WASM through `fetch`).

/// What is being fetched, so the implementation can pick time-outs, size caps and mirrors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchKind {
    /// GET of a DER CRL (CRL distribution point).
    Crl,
    /// POST of a DER OCSPRequest to a responder (`application/ocsp-request`).
    Ocsp,
    /// GET of a DER or PKCS#7 certificate (AIA caIssuers).
    Certificate,
    /// POST of an RFC 3161 TimeStampReq.
    Timestamp,
}

/// Why a fetch failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchError {
    /// The caller does not allow this fetch (offline mode or URL scheme not allowed).
    NotAllowed,
    /// Network error or time-out: try later (ETSI TRY_LATER).
    Unavailable,
    /// The response exceeded the size cap.
    TooLarge,
    /// Non-success HTTP status.
    Status { code: u16 },
}

/// Synchronous fetcher supplied by the caller.
pub trait Fetcher {
    fn fetch(&self, kind: FetchKind, url: &str, body: Option<&[u8]>)
    -> Result<Vec<u8>, FetchError>;
}
