//! The CLI's [`Fetcher`] for `--online` and for time-stamps: plain HTTP/1.1 GET and POST over
//! `std::net`, with time-outs, a size cap and a few redirects. CRL distribution points, OCSP
//! responders and time-stamp authorities are `http://` by design (RFC 5280 §4.2.1.13, RFC 6960
//! Appendix A, RFC 3161 §3.4: the data is signed, so no TLS is needed and none is assumed);
//! other schemes are refused. A small hand-written client keeps the binary free of a TLS stack
//! it would not use.
//!
//! Time-stamp requests (RFC 3161 §3.4) differ from the rest: national TSAs have taken minutes
//! to answer, so their time-out is longer; a TSA that is unavailable or answers 5xx is asked
//! again after a back-off, its mirrors in between (`crate::tsa`); and they alone carry HTTP
//! Basic credentials when some were given.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use kyso::{FetchError, FetchKind, Fetcher};

use crate::tsa::BasicCredentials;

/// HTTP fetching with bounds on time and size.
pub struct HttpFetcher {
    /// Time-out of each connect, write and read, for CRLs, OCSP and certificates.
    pub timeout: Duration,
    /// The same for time-stamp requests: long, since a national TSA's round trip can take
    /// minutes.
    pub timestamp_timeout: Duration,
    pub max_redirects: u8,
    /// Pauses before the second, third, … round of a time-stamp request: one round asks every
    /// URL of the TSA once (its mirrors after it), so there are `len() + 1` rounds. Tests
    /// shrink them.
    pub timestamp_retry_delays: Vec<Duration>,
    /// HTTP Basic credentials (RFC 7617) for a commercial TSA, sent with time-stamp requests
    /// only: never to CRL, OCSP or certificate locations, which are public. Over plain HTTP
    /// they travel in clear text, as the TSA's own `http://` URL implies.
    pub tsa_credentials: Option<BasicCredentials>,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(15),
            timestamp_timeout: Duration::from_secs(180),
            max_redirects: 3,
            timestamp_retry_delays: vec![Duration::from_secs(2), Duration::from_secs(8)],
            tsa_credentials: None,
        }
    }
}

fn cap(kind: FetchKind) -> usize {
    match kind {
        // National CRLs reach a few MB; leave room.
        FetchKind::Crl => 64 * 1024 * 1024,
        // A TimeStampResp is a few KB (the token and perhaps the TSA's chain).
        FetchKind::Timestamp => 1024 * 1024,
        _ => 1024 * 1024,
    }
}

struct Url<'a> {
    host: &'a str,
    port: u16,
    path: &'a str,
}

fn parse_url(url: &str) -> Option<Url<'_>> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("HTTP://"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, "/"),
    };
    let (host, port_text) = if authority.starts_with('[') {
        // [IPv6]:port (RFC 3986 §3.2.2).
        let close = authority.find(']')?;
        (
            authority.get(..=close)?,
            authority.get(close.saturating_add(1)..)?.strip_prefix(':'),
        )
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port_text {
        Some(p) => p.parse().ok()?,
        None => 80,
    };
    if host.is_empty() || authority.contains('@') {
        return None;
    }
    Some(Url { host, port, path })
}

impl HttpFetcher {
    fn once(
        &self,
        url: &str,
        kind: FetchKind,
        body: Option<&[u8]>,
    ) -> Result<Response, FetchError> {
        let u = parse_url(url).ok_or(FetchError::NotAllowed)?;
        let host = u.host.trim_start_matches('[').trim_end_matches(']');
        let addrs = (host, u.port)
            .to_socket_addrs()
            .map_err(|_| FetchError::Unavailable)?;
        let timeout = match kind {
            FetchKind::Timestamp => self.timestamp_timeout,
            _ => self.timeout,
        };
        let mut stream = None;
        for a in addrs {
            if let Ok(s) = TcpStream::connect_timeout(&a, timeout) {
                stream = Some(s);
                break;
            }
        }
        let mut s = stream.ok_or(FetchError::Unavailable)?;
        s.set_read_timeout(Some(timeout))
            .map_err(|_| FetchError::Unavailable)?;
        s.set_write_timeout(Some(timeout))
            .map_err(|_| FetchError::Unavailable)?;
        let host_header = if u.port == 80 {
            u.host.to_owned()
        } else {
            format!("{}:{}", u.host, u.port)
        };
        // RFC 3161 §3.4: a TSA answers application/timestamp-reply; say it is what we take.
        // Credentials go to TSAs only (see `tsa_credentials`).
        let extra = match (kind, &self.tsa_credentials) {
            (FetchKind::Timestamp, Some(c)) => format!(
                "Accept: application/timestamp-reply\r\nAuthorization: {}\r\n",
                c.header_value()
            ),
            (FetchKind::Timestamp, None) => "Accept: application/timestamp-reply\r\n".to_owned(),
            _ => String::new(),
        };
        let mut req = match body {
            Some(b) => {
                let ct = match kind {
                    FetchKind::Ocsp => "application/ocsp-request",
                    FetchKind::Timestamp => "application/timestamp-query",
                    _ => "application/octet-stream",
                };
                format!(
                    "POST {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: kyso\r\nConnection: close\r\nContent-Type: {ct}\r\n{extra}Content-Length: {}\r\n\r\n",
                    u.path,
                    b.len()
                )
                .into_bytes()
            }
            None => format!("GET {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: kyso\r\nConnection: close\r\n\r\n", u.path)
                .into_bytes(),
        };
        if let Some(b) = body {
            req.extend_from_slice(b);
        }
        s.write_all(&req).map_err(|_| FetchError::Unavailable)?;
        let limit = cap(kind);
        let mut raw = Vec::new();
        // Headers are small; the cap covers headers plus body.
        let read_cap = u64::try_from(limit.saturating_add(64 * 1024)).unwrap_or(u64::MAX);
        (&mut s)
            .take(read_cap.saturating_add(1))
            .read_to_end(&mut raw)
            .map_err(|_| FetchError::Unavailable)?;
        if u64::try_from(raw.len()).unwrap_or(u64::MAX) > read_cap {
            return Err(FetchError::TooLarge);
        }
        parse_response(&raw, limit)
    }
}

struct Response {
    status: u16,
    location: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

fn parse_response(raw: &[u8], limit: usize) -> Result<Response, FetchError> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or(FetchError::Unavailable)?;
    let head = std::str::from_utf8(raw.get(..end).ok_or(FetchError::Unavailable)?)
        .map_err(|_| FetchError::Unavailable)?;
    let body = raw.get(end.saturating_add(4)..).unwrap_or_default();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or(FetchError::Unavailable)?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or(FetchError::Unavailable)?;
    let mut chunked = false;
    let mut length = None;
    let mut location = None;
    let mut content_type = None;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim().to_ascii_lowercase().as_str() {
            "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
            "content-length" => length = v.parse::<usize>().ok(),
            "location" => location = Some(v.to_owned()),
            "content-type" => content_type = Some(v.to_owned()),
            _ => {}
        }
    }
    let body = if chunked {
        dechunk(body, limit)?
    } else if let Some(n) = length {
        body.get(..n).ok_or(FetchError::Unavailable)?.to_vec()
    } else {
        body.to_vec()
    };
    if body.len() > limit {
        return Err(FetchError::TooLarge);
    }
    Ok(Response {
        status,
        location,
        content_type,
        body,
    })
}

/// RFC 9112 §7.1 chunked transfer coding (extensions and trailers ignored).
fn dechunk(mut data: &[u8], limit: usize) -> Result<Vec<u8>, FetchError> {
    let mut out = Vec::new();
    loop {
        let eol = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or(FetchError::Unavailable)?;
        let line = std::str::from_utf8(data.get(..eol).ok_or(FetchError::Unavailable)?)
            .map_err(|_| FetchError::Unavailable)?;
        let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| FetchError::Unavailable)?;
        data = data
            .get(eol.saturating_add(2)..)
            .ok_or(FetchError::Unavailable)?;
        if size == 0 {
            return Ok(out);
        }
        if out.len().saturating_add(size) > limit {
            return Err(FetchError::TooLarge);
        }
        out.extend_from_slice(data.get(..size).ok_or(FetchError::Unavailable)?);
        data = data
            .get(size.saturating_add(2)..)
            .ok_or(FetchError::Unavailable)?;
    }
}

/// VGCA publishes each CRL on two hosts (docs/vietnam.md §4): `ca.gov.vn` and its mirror
/// `pub.ca.gov.vn`, same path. Certificates name one of them; when it cannot be reached the
/// other is tried. CRLs are signed, so the mirror needs no more trust than the original.
fn vgca_crl_mirror(url: &str) -> Option<String> {
    const PAIRS: [(&str, &str); 2] = [
        ("http://ca.gov.vn/", "http://pub.ca.gov.vn/"),
        ("http://pub.ca.gov.vn/", "http://ca.gov.vn/"),
    ];
    PAIRS
        .iter()
        .find_map(|(from, to)| url.strip_prefix(from).map(|path| format!("{to}{path}")))
}

impl Fetcher for HttpFetcher {
    fn fetch(
        &self,
        kind: FetchKind,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<Vec<u8>, FetchError> {
        if kind == FetchKind::Timestamp {
            // A TimeStampReq is POSTed (RFC 3161 §3.4); without one there is nothing to ask.
            let body = body.ok_or(FetchError::NotAllowed)?;
            return self.timestamp(&crate::tsa::urls_for(url), body);
        }
        let first = self.fetch_one(kind, url, body);
        match (&first, kind, vgca_crl_mirror(url)) {
            (
                Err(FetchError::Unavailable | FetchError::Status { .. }),
                FetchKind::Crl,
                Some(mirror),
            ) => self.fetch_one(kind, &mirror, body).or(first),
            _ => first,
        }
    }
}

/// Whether a time-stamp request that failed so is worth asking again: the TSA was not reached,
/// timed out, or had a server error (RFC 9110 §15.6). A 4xx is the request's or the
/// credentials' fault and would fail the same way; a too-large answer would be as large again.
fn retryable(e: &FetchError) -> bool {
    match e {
        FetchError::Unavailable => true,
        FetchError::Status { code } => (500..600).contains(code),
        _ => false,
    }
}

/// Which failure to report when several URLs or attempts failed: the most telling one (a
/// definite answer over a server error over no answer), the first of its rank.
fn rank(e: &FetchError) -> u8 {
    match e {
        FetchError::Unavailable => 0,
        e if retryable(e) => 1,
        _ => 2,
    }
}

/// RFC 3161 §3.4 says the answer is `application/timestamp-reply`. Strict about what matters,
/// lenient about labels: deployed TSAs also send `application/timestamp-response` (the
/// drafts' name), `application/octet-stream` or no Content-Type at all, and the body is parsed
/// and its signature verified by core whatever its label, so refusing those would lose
/// time-stamps and buy no security. What is refused is an answer that evidently is no
/// TimeStampResp: a body that does not open a DER SEQUENCE (RFC 3161 §2.4.2) under any other
/// label — the HTML page of a proxy, a captive portal or a maintenance screen, sent with 200.
/// That counts as the TSA being unavailable (`FetchError` has no "wrong content" case, and it
/// was not the TSA that answered): a retry or the mirror may reach it.
fn plausible_timestamp_reply(content_type: Option<&str>, body: &[u8]) -> bool {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    mime.as_deref() == Some("application/timestamp-reply") || body.first() == Some(&0x30)
}

impl HttpFetcher {
    /// POST the DER TimeStampReq `body` to a TSA (RFC 3161 §3.4) and return the answer's body
    /// (a DER TimeStampResp, unverified). `urls` are the TSA and its mirrors, in order. Each
    /// round asks them in turn until one answers 200; a URL that failed in a way worth
    /// retrying ([`retryable`]: unreachable, timed out, 5xx) is asked again in the next round,
    /// after the pause `timestamp_retry_delays` gives, so a mirror is tried at once when the
    /// TSA before it is unavailable and no URL waits behind another's back-off. Any other
    /// failure (4xx, too large, not allowed) drops that URL. The error returned is the most
    /// telling of those met ([`rank`]).
    pub fn timestamp(&self, urls: &[String], body: &[u8]) -> Result<Vec<u8>, FetchError> {
        let mut live: Vec<&str> = urls.iter().map(String::as_str).collect();
        let mut reported: Option<FetchError> = None;
        let rounds = self.timestamp_retry_delays.len().saturating_add(1);
        for round in 0..rounds {
            if live.is_empty() {
                break;
            }
            if let Some(pause) = round
                .checked_sub(1)
                .and_then(|i| self.timestamp_retry_delays.get(i))
            {
                std::thread::sleep(*pause);
            }
            let mut again = Vec::new();
            for url in live {
                match self.timestamp_once(url, body) {
                    Ok(reply) => return Ok(reply),
                    Err(e) => {
                        if retryable(&e) {
                            again.push(url);
                        }
                        if reported.as_ref().is_none_or(|r| rank(&e) > rank(r)) {
                            reported = Some(e);
                        }
                    }
                }
            }
            live = again;
        }
        Err(reported.unwrap_or(FetchError::NotAllowed))
    }

    /// One POST of a TimeStampReq to one URL. No redirects: RFC 9110 §15.4 lets a client turn
    /// a redirected POST into a GET, which a TSA cannot answer, so a 3xx is reported as it is.
    fn timestamp_once(&self, url: &str, body: &[u8]) -> Result<Vec<u8>, FetchError> {
        let r = self.once(url, FetchKind::Timestamp, Some(body))?;
        match r.status {
            200 if plausible_timestamp_reply(r.content_type.as_deref(), &r.body) => Ok(r.body),
            200 => Err(FetchError::Unavailable),
            code => Err(FetchError::Status { code }),
        }
    }

    fn fetch_one(
        &self,
        kind: FetchKind,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<Vec<u8>, FetchError> {
        let mut url = url.to_owned();
        for _ in 0..=self.max_redirects {
            let r = self.once(&url, kind, body)?;
            match r.status {
                200 => return Ok(r.body),
                301 | 302 | 303 | 307 | 308 if body.is_none() => {
                    url = r.location.ok_or(FetchError::Status { code: r.status })?;
                }
                code => return Err(FetchError::Status { code }),
            }
        }
        Err(FetchError::Unavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vgca_mirrors() {
        assert_eq!(
            vgca_crl_mirror("http://ca.gov.vn/pki/pub/crl/cp.crl").as_deref(),
            Some("http://pub.ca.gov.vn/pki/pub/crl/cp.crl")
        );
        assert_eq!(
            vgca_crl_mirror("http://pub.ca.gov.vn/pki/pub/crl/cp.crl").as_deref(),
            Some("http://ca.gov.vn/pki/pub/crl/cp.crl")
        );
        assert_eq!(vgca_crl_mirror("http://crl.vnpt-ca.vn/x.crl"), None);
    }

    #[test]
    fn urls() {
        let u = parse_url("http://ca.gov.vn/pki/pub/crl/cp.crl").unwrap();
        assert_eq!(
            (u.host, u.port, u.path),
            ("ca.gov.vn", 80, "/pki/pub/crl/cp.crl")
        );
        let u = parse_url("http://127.0.0.1:8080").unwrap();
        assert_eq!((u.host, u.port, u.path), ("127.0.0.1", 8080, "/"));
        assert!(parse_url("https://ca.gov.vn/x.crl").is_none());
        assert!(parse_url("ldap://x/").is_none());
        assert!(parse_url("http://user@host/").is_none());
    }

    #[test]
    fn responses() {
        let r = parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", 100).unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, &b"abc"[..]));
        let r = parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", 100).unwrap();
        assert_eq!(r.body, b"abcde");
        assert_eq!(
            parse_response(b"HTTP/1.1 200 OK\r\n\r\n0123456789", 5).err(),
            Some(FetchError::TooLarge)
        );
        assert!(parse_response(b"garbage", 5).is_err());
        assert!(
            parse_response(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                5
            )
            .is_err()
        );
        let r = parse_response(b"HTTP/1.1 302 Found\r\nLocation: http://b/\r\n\r\n", 5).unwrap();
        assert_eq!((r.status, r.location.as_deref()), (302, Some("http://b/")));
    }

    // ------------------------------------------------------------ time-stamp requests, against
    // a tiny HTTP server on 127.0.0.1 (no real network).

    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    use crate::tsa::{BasicCredentials, Tsa};

    /// One scripted answer of the test server.
    struct Canned {
        status: u16,
        content_type: Option<&'static str>,
        body: Vec<u8>,
        delay: Duration,
    }

    fn answer(status: u16) -> Canned {
        Canned {
            status,
            content_type: Some("text/plain"),
            body: b"no".to_vec(),
            delay: Duration::ZERO,
        }
    }

    /// A stand-in TimeStampResp: a DER SEQUENCE (the fetcher does not parse it).
    const REPLY: &[u8] = b"\x30\x03\x02\x01\x00";

    fn reply() -> Canned {
        Canned {
            status: 200,
            content_type: Some("application/timestamp-reply"),
            body: REPLY.to_vec(),
            delay: Duration::ZERO,
        }
    }

    /// A request the server received: the head (request line and headers) and the body.
    struct Seen {
        head: String,
        body: Vec<u8>,
    }

    impl Seen {
        fn header(&self, name: &str) -> Option<String> {
            self.head.split("\r\n").skip(1).find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
        }
    }

    type Log = Arc<Mutex<Vec<Seen>>>;

    /// Serves the script's answers, one connection each, in order; returns the base URL and
    /// the log of requests (a request is logged before it is answered).
    fn serve(script: Vec<Canned>) -> (String, Log) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Log = Arc::default();
        let seen = Arc::clone(&log);
        std::thread::spawn(move || {
            for canned in script {
                let Ok((mut s, _)) = listener.accept() else {
                    return;
                };
                let mut raw = Vec::new();
                let mut buf = [0u8; 4096];
                let head_end = loop {
                    if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i;
                    }
                    let n = s.read(&mut buf).unwrap();
                    assert!(n > 0, "the client closed early");
                    raw.extend_from_slice(&buf[..n]);
                };
                let head = String::from_utf8(raw[..head_end].to_vec()).unwrap();
                let mut seen_req = Seen {
                    head,
                    body: Vec::new(),
                };
                let len: usize = seen_req
                    .header("content-length")
                    .map_or(0, |v| v.parse().unwrap());
                let mut body = raw[head_end + 4..].to_vec();
                while body.len() < len {
                    let n = s.read(&mut buf).unwrap();
                    assert!(n > 0, "the client closed early");
                    body.extend_from_slice(&buf[..n]);
                }
                seen_req.body = body;
                seen.lock().unwrap().push(seen_req);
                std::thread::sleep(canned.delay);
                let ct = canned
                    .content_type
                    .map(|c| format!("Content-Type: {c}\r\n"))
                    .unwrap_or_default();
                let head = format!(
                    "HTTP/1.1 {} X\r\n{ct}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    canned.status,
                    canned.body.len()
                );
                // The client may have timed out and gone: nothing to do then.
                let _ = s.write_all(head.as_bytes());
                let _ = s.write_all(&canned.body);
            }
        });
        (url, log)
    }

    /// A URL nobody listens on (connection refused at once).
    fn dead_url() -> String {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/tsa", l.local_addr().unwrap());
        drop(l);
        url
    }

    fn quick() -> HttpFetcher {
        HttpFetcher {
            timestamp_retry_delays: vec![Duration::from_millis(30), Duration::from_millis(60)],
            ..HttpFetcher::default()
        }
    }

    const QUERY: &[u8] = b"\x30\x05query";

    #[test]
    fn timestamp_defaults() {
        let f = HttpFetcher::default();
        assert_eq!(f.timestamp_timeout, Duration::from_secs(180));
        assert_eq!(f.timeout, Duration::from_secs(15));
        assert_eq!(
            f.timestamp_retry_delays,
            [Duration::from_secs(2), Duration::from_secs(8)]
        );
        assert!(f.tsa_credentials.is_none());
        assert_eq!(cap(FetchKind::Timestamp), 1024 * 1024);
    }

    #[test]
    fn timestamp_request_shape() {
        let (url, log) = serve(vec![reply()]);
        let f = quick();
        let got = f
            .fetch(FetchKind::Timestamp, &format!("{url}/good"), Some(QUERY))
            .unwrap();
        assert_eq!(got, REPLY);
        let log = log.lock().unwrap();
        let r = &log[0];
        assert!(r.head.starts_with("POST /good HTTP/1.1\r\n"), "{}", r.head);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/timestamp-query")
        );
        assert_eq!(
            r.header("accept").as_deref(),
            Some("application/timestamp-reply")
        );
        assert_eq!(r.header("authorization"), None);
        assert_eq!(r.body, QUERY);
        // Nothing to POST: refused before any connection.
        assert_eq!(
            f.fetch(FetchKind::Timestamp, &url, None),
            Err(FetchError::NotAllowed)
        );
    }

    #[test]
    fn timestamp_retries_5xx_with_back_off() {
        let (url, log) = serve(vec![answer(503), answer(500), reply()]);
        let start = Instant::now();
        assert_eq!(quick().timestamp(&[url], QUERY).unwrap(), REPLY);
        // Both pauses were taken (30 ms + 60 ms).
        assert!(start.elapsed() >= Duration::from_millis(90));
        let log = log.lock().unwrap();
        assert_eq!(log.len(), 3);
        assert!(log.iter().all(|r| r.body == QUERY));
    }

    #[test]
    fn timestamp_gives_up_after_three_attempts() {
        let (url, log) = serve(vec![answer(503), answer(502), answer(504), reply()]);
        // The first of equally telling failures is reported.
        assert_eq!(
            quick().timestamp(&[url], QUERY),
            Err(FetchError::Status { code: 503 })
        );
        assert_eq!(log.lock().unwrap().len(), 3);
        // Unreachable three times: Unavailable, after both pauses.
        let start = Instant::now();
        assert_eq!(
            quick().timestamp(&[dead_url()], QUERY),
            Err(FetchError::Unavailable)
        );
        assert!(start.elapsed() >= Duration::from_millis(90));
    }

    #[test]
    fn timestamp_never_retries_4xx() {
        for code in [400, 401, 404, 415] {
            let (url, log) = serve(vec![answer(code), reply()]);
            let start = Instant::now();
            assert_eq!(
                quick().timestamp(&[url], QUERY),
                Err(FetchError::Status { code })
            );
            assert_eq!(log.lock().unwrap().len(), 1, "{code}");
            assert!(
                start.elapsed() < Duration::from_millis(30),
                "{code}: no pause"
            );
        }
        // Nor a redirect: a TSA's POST is not replayed elsewhere.
        let (url, log) = serve(vec![answer(307), reply()]);
        assert_eq!(
            quick().timestamp(&[url], QUERY),
            Err(FetchError::Status { code: 307 })
        );
        assert_eq!(log.lock().unwrap().len(), 1);
    }

    #[test]
    fn timestamp_size_cap() {
        let big = Canned {
            body: vec![0x30; 1024 * 1024 + 1],
            ..reply()
        };
        let (url, log) = serve(vec![big, reply()]);
        assert_eq!(quick().timestamp(&[url], QUERY), Err(FetchError::TooLarge));
        assert_eq!(log.lock().unwrap().len(), 1, "not retried");
        let (url, _) = serve(vec![Canned {
            body: vec![0x30; 1024 * 1024],
            ..reply()
        }]);
        assert_eq!(quick().timestamp(&[url], QUERY).unwrap().len(), 1024 * 1024);
    }

    #[test]
    fn timestamp_content_types() {
        // Lenient labels on a DER body pass; core parses and verifies what comes.
        for ct in [
            Some("application/timestamp-reply; charset=binary"),
            Some("application/timestamp-response"),
            Some("application/octet-stream"),
            None,
        ] {
            let (url, _) = serve(vec![Canned {
                content_type: ct,
                ..reply()
            }]);
            assert_eq!(
                quick().timestamp(&[url], QUERY).unwrap(),
                REPLY,
                "content type {}",
                ct.unwrap_or("(none)")
            );
        }
        // The right label on anything: the fetcher passes it on (core refuses garbage).
        let (url, _) = serve(vec![Canned {
            body: b"garbage".to_vec(),
            ..reply()
        }]);
        assert_eq!(quick().timestamp(&[url], QUERY).unwrap(), b"garbage");
        // An HTML page answered with 200 is not the TSA: retried, then the real answer.
        let page = Canned {
            content_type: Some("text/html"),
            body: b"<html>maintenance</html>".to_vec(),
            ..reply()
        };
        let (url, log) = serve(vec![page, reply()]);
        assert_eq!(quick().timestamp(&[url], QUERY).unwrap(), REPLY);
        assert_eq!(log.lock().unwrap().len(), 2);
    }

    #[test]
    fn timestamp_credentials_go_to_the_tsa_only() {
        let (url, log) = serve(vec![reply(), answer(200), answer(200)]);
        let f = HttpFetcher {
            tsa_credentials: BasicCredentials::parse(b"kyso:test-secret"),
            ..quick()
        };
        f.fetch(FetchKind::Timestamp, &format!("{url}/auth"), Some(QUERY))
            .unwrap();
        f.fetch(FetchKind::Crl, &format!("{url}/x.crl"), None)
            .unwrap();
        f.fetch(FetchKind::Ocsp, &format!("{url}/ocsp"), Some(b"q"))
            .unwrap();
        let log = log.lock().unwrap();
        assert_eq!(
            log[0].header("authorization").as_deref(),
            Some("Basic a3lzbzp0ZXN0LXNlY3JldA==")
        );
        assert_eq!(log[1].header("authorization"), None);
        assert_eq!(log[2].header("authorization"), None);
        assert_eq!(log[1].header("accept"), None);
    }

    #[test]
    fn timestamp_mirror_when_the_tsa_is_unavailable() {
        // Primary unreachable: the mirror answers in the first round, no pause.
        let (mirror, log) = serve(vec![reply()]);
        let urls = [dead_url(), format!("{mirror}/tsa")];
        let start = Instant::now();
        assert_eq!(quick().timestamp(&urls, QUERY).unwrap(), REPLY);
        assert!(start.elapsed() < Duration::from_millis(30));
        assert_eq!(log.lock().unwrap().len(), 1);

        // Primary 503, mirror 503: round two asks both again; the primary answers.
        let (primary, plog) = serve(vec![answer(503), reply()]);
        let (mirror, mlog) = serve(vec![answer(503), reply()]);
        assert_eq!(quick().timestamp(&[primary, mirror], QUERY).unwrap(), REPLY);
        assert_eq!(plog.lock().unwrap().len(), 2);
        assert_eq!(mlog.lock().unwrap().len(), 1);

        // Primary 401 (dropped, not retried), mirror unreachable (retried): the 401 is what
        // is reported, the more telling failure.
        let (primary, plog) = serve(vec![answer(401), reply()]);
        assert_eq!(
            quick().timestamp(&[primary, dead_url()], QUERY),
            Err(FetchError::Status { code: 401 })
        );
        assert_eq!(plog.lock().unwrap().len(), 1);

        // No URL at all.
        assert_eq!(quick().timestamp(&[], QUERY), Err(FetchError::NotAllowed));
    }

    #[test]
    fn timestamp_through_a_named_or_url_tsa() {
        let (url, log) = serve(vec![answer(503), reply()]);
        let tsa = Tsa::parse(&format!("{url}/good")).unwrap();
        assert_eq!(quick().timestamp(tsa.urls(), QUERY).unwrap(), REPLY);
        assert_eq!(log.lock().unwrap().len(), 2);
        // vgca is the service then its mirror (the network is not used here).
        assert_eq!(
            Tsa::parse("vgca").unwrap().urls(),
            crate::tsa::urls_for("http://tsa.ca.gov.vn")
        );
    }

    #[test]
    fn timestamp_time_out_is_its_own() {
        // The TSA takes 400 ms: too slow for the 100 ms of CRLs, fine for time-stamps.
        let slow = || Canned {
            delay: Duration::from_millis(400),
            ..reply()
        };
        let f = HttpFetcher {
            timeout: Duration::from_millis(100),
            timestamp_timeout: Duration::from_secs(5),
            timestamp_retry_delays: Vec::new(),
            ..HttpFetcher::default()
        };
        let (url, _) = serve(vec![slow()]);
        assert_eq!(f.timestamp(&[url], QUERY).unwrap(), REPLY);
        let (url, _) = serve(vec![slow()]);
        assert_eq!(
            f.fetch(FetchKind::Crl, &url, None),
            Err(FetchError::Unavailable)
        );
        // And a time-stamp that outlasts its own time-out is retried.
        // (The pause outlasts the server's 400 ms: it answers one connection at a time.)
        let f = HttpFetcher {
            timestamp_timeout: Duration::from_millis(100),
            timestamp_retry_delays: vec![Duration::from_millis(500)],
            ..HttpFetcher::default()
        };
        let (url, log) = serve(vec![slow(), reply()]);
        assert_eq!(f.timestamp(&[url], QUERY).unwrap(), REPLY);
        assert_eq!(log.lock().unwrap().len(), 2);
    }

    /// The fetcher against the real local TSA (`tests/tsa/serve.py`, `openssl ts -reply`):
    /// every path's HTTP behaviour as the fetcher sees it. Tokens are verified by core's tests;
    /// here only their shape (a granted TimeStampResp opens `30 82 .. .. 30 03 02 01 00`).
    #[test]
    fn timestamp_against_the_local_tsa() {
        use std::process::{Command, Stdio};
        let have = |c: &str, arg: &str| {
            Command::new(c)
                .arg(arg)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !have("python3", "--version") || !have("openssl", "version") {
            eprintln!("skipped: the local TSA needs python3 and openssl");
            return;
        }
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = std::env::temp_dir().join(format!("kyso-cli-tsa-{}", std::process::id()));
        let pki = dir.join("pki");
        let made = Command::new("bash")
            .arg(repo.join("tests/tsa/make-pki.sh"))
            .arg(&pki)
            .status()
            .unwrap();
        assert!(made.success());
        let port_file = dir.join("port");
        let mut server = Command::new("python3")
            .arg(repo.join("tests/tsa/serve.py"))
            .arg("--pki")
            .arg(&pki)
            .arg("--port-file")
            .arg(&port_file)
            .args(["--max-seconds", "120"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let port = loop {
            if let Ok(p) = std::fs::read_to_string(&port_file) {
                break p.trim().to_owned();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the TSA did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let base = format!("http://127.0.0.1:{port}");
        let query = Command::new("openssl")
            .args(["ts", "-query", "-digest"])
            .arg("ab".repeat(32))
            .args(["-sha256", "-cert"])
            .output()
            .unwrap()
            .stdout;
        let f = quick();
        let ask = |f: &HttpFetcher, path: &str| {
            f.fetch(
                FetchKind::Timestamp,
                &format!("{base}/{path}"),
                Some(&query),
            )
        };
        let granted = |r: &[u8]| r.get(4..9) == Some(&b"\x30\x03\x02\x01\x00"[..]);

        for path in [
            "good",
            "good-ec",
            "expired",
            "noncritical-eku",
            "wrong-nonce",
            "flaky",
        ] {
            assert!(granted(&ask(&f, path).unwrap()), "{path}");
        }
        // A short TimeStampResp whose PKIStatus is rejection (2): `30 L 30 L 02 01 02`.
        let rejected = ask(&f, "error-status").unwrap();
        assert_eq!(rejected.get(4..7), Some(&[2u8, 1, 2][..]));
        assert_eq!(ask(&f, "garbage").unwrap().len(), 200);
        assert_eq!(ask(&f, "http-500"), Err(FetchError::Status { code: 500 }));
        assert_eq!(ask(&f, "auth"), Err(FetchError::Status { code: 401 }));
        let with_credentials = HttpFetcher {
            tsa_credentials: BasicCredentials::parse(b"kyso:test-secret"),
            ..quick()
        };
        assert!(granted(&ask(&with_credentials, "auth").unwrap()));
        let impatient = HttpFetcher {
            timestamp_timeout: Duration::from_millis(300),
            timestamp_retry_delays: Vec::new(),
            ..quick()
        };
        assert_eq!(ask(&impatient, "slow?s=2"), Err(FetchError::Unavailable));
        assert!(granted(&ask(&f, "slow?s=0.2").unwrap()));

        let _ = server.kill();
        let _ = server.wait();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
