//! Helpers shared by the CMS test files (testdata location, MIME extraction for S/MIME vectors).
//! S/MIME parsing proper (RFC 8551) is a later issue; this is just enough to get the PKCS #7
//! blob and the signed part out of the test messages.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/testdata` relative to the workspace, or `$KYSO_TESTDATA`.
pub fn testdata() -> PathBuf {
    match std::env::var_os("KYSO_TESTDATA") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata"),
    }
}

pub fn read(rel: &str) -> Vec<u8> {
    let p = testdata().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Standard base64 (RFC 4648 §4), whitespace ignored.
pub fn base64_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap());
        }
    }
    out
}

/// A decoded S/MIME test message: the PKCS #7 blob and, for multipart/signed, the signed
/// first part exactly as it appears between the boundaries (RFC 1847 §2.1: the signature
/// covers the part's MIME headers and body, with CRLF line endings, RFC 8551 §3.1.1).
pub struct Smime {
    pub pkcs7: Vec<u8>,
    pub signed_part: Option<Vec<u8>>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn to_crlf(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + s.len() / 40);
    let mut prev = 0u8;
    for &b in s {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
}

/// Split a message into (headers, body) at the first empty line.
fn split_headers(m: &[u8]) -> (&[u8], &[u8]) {
    for sep in [&b"\r\n\r\n"[..], &b"\n\n"[..]] {
        if let Some(i) = find(m, sep) {
            return (&m[..i], &m[i + sep.len()..]);
        }
    }
    (m, &[])
}

pub fn parse_smime(msg: &[u8]) -> Smime {
    let msg = to_crlf(msg);
    let (headers, body) = split_headers(&msg);
    let h = String::from_utf8_lossy(headers).to_ascii_lowercase();
    if h.contains("multipart/signed") {
        // boundary="..." or boundary=...
        let raw = String::from_utf8_lossy(headers).to_string();
        let lower = raw.to_ascii_lowercase();
        let bi = lower.find("boundary=").expect("boundary");
        let rest = &raw[bi + 9..];
        let boundary = if let Some(r) = rest.strip_prefix('"') {
            r[..r.find('"').unwrap()].to_string()
        } else {
            rest.split(|c: char| c == ';' || c.is_whitespace()).next().unwrap().to_string()
        };
        let delim = format!("--{boundary}");
        let d = delim.as_bytes();
        let first = find(body, d).expect("first boundary");
        let after_first = &body[first + d.len()..];
        let after_first = after_first.strip_prefix(b"\r\n").unwrap_or(after_first);
        let second = find(after_first, format!("\r\n{delim}").as_bytes()).expect("second boundary");
        let signed_part = after_first[..second].to_vec();
        let sig_part = &after_first[second + 2 + d.len()..];
        let end = find(sig_part, format!("\r\n{delim}--").as_bytes()).unwrap_or(sig_part.len());
        let (_, sig_body) = split_headers(&sig_part[..end]);
        Smime { pkcs7: base64_decode(sig_body), signed_part: Some(signed_part) }
    } else {
        // application/pkcs7-mime; base64 body.
        Smime { pkcs7: base64_decode(body), signed_part: None }
    }
}
