//! The CLI's [`Fetcher`] for `--online`: plain HTTP/1.1 GET and POST over `std::net`, with
//! time-outs, a size cap and a few redirects. CRL distribution points and OCSP responders are
//! `http://` by design (RFC 5280 §4.2.1.13, RFC 6960 Appendix A: the data is signed, so no TLS
//! is needed and none is assumed); other schemes are refused. A small hand-written client
//! keeps the binary free of a TLS stack it would not use.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use kyso::{FetchError, FetchKind, Fetcher};

/// HTTP fetching with bounds on time and size.
pub struct HttpFetcher {
    pub timeout: Duration,
    pub max_redirects: u8,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(15),
            max_redirects: 3,
        }
    }
}

fn cap(kind: FetchKind) -> usize {
    match kind {
        // National CRLs reach a few MB; leave room.
        FetchKind::Crl => 64 * 1024 * 1024,
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
        let mut stream = None;
        for a in addrs {
            if let Ok(s) = TcpStream::connect_timeout(&a, self.timeout) {
                stream = Some(s);
                break;
            }
        }
        let mut s = stream.ok_or(FetchError::Unavailable)?;
        s.set_read_timeout(Some(self.timeout))
            .map_err(|_| FetchError::Unavailable)?;
        s.set_write_timeout(Some(self.timeout))
            .map_err(|_| FetchError::Unavailable)?;
        let host_header = if u.port == 80 {
            u.host.to_owned()
        } else {
            format!("{}:{}", u.host, u.port)
        };
        let mut req = match body {
            Some(b) => {
                let ct = match kind {
                    FetchKind::Ocsp => "application/ocsp-request",
                    FetchKind::Timestamp => "application/timestamp-query",
                    _ => "application/octet-stream",
                };
                format!(
                    "POST {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: kyso\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
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
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim().to_ascii_lowercase().as_str() {
            "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
            "content-length" => length = v.parse::<usize>().ok(),
            "location" => location = Some(v.to_owned()),
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

impl HttpFetcher {
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
}
