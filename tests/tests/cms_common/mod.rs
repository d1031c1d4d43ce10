//! Helpers shared by the CMS test files (MIME extraction for S/MIME vectors, a DER tree editor).
//! S/MIME parsing proper (RFC 8551) is a later issue; this is just enough to get the PKCS #7
//! blob and the signed part out of the test messages.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use kyso_tests::base64_decode;

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
            rest.split(|c: char| c == ';' || c.is_whitespace())
                .next()
                .unwrap()
                .to_string()
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
        Smime {
            pkcs7: base64_decode(sig_body),
            signed_part: Some(signed_part),
        }
    } else {
        // application/pkcs7-mime; base64 body.
        Smime {
            pkcs7: base64_decode(body),
            signed_part: None,
        }
    }
}

/// A minimal DER tree (single-octet tags) for tests that take an OpenSSL-made SignedData
/// apart and put it back together with one thing changed. BER indefinite lengths are read
/// (and written back definite), so BER messages can be compared part by part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub tag: u8,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Prim(Vec<u8>),
    Cons(Vec<Node>),
}

impl Node {
    pub fn parse(der: &[u8]) -> Node {
        let (n, rest) = Self::parse_one(der).expect("a DER/BER element");
        assert!(rest.is_empty(), "trailing bytes");
        n
    }

    /// One element and what follows it; `None` when `d` does not start with one. A
    /// constructed element whose contents are not elements (a bit-flipped tag) is kept as
    /// primitive, so mutants that a lenient reader accepted can still be taken apart.
    fn parse_one(d: &[u8]) -> Option<(Node, &[u8])> {
        let tag = *d.first()?;
        if tag & 0x1f == 0x1f {
            return None; // multi-byte tags are not used in CMS
        }
        if *d.get(1)? == 0x80 {
            // Indefinite length (X.690 §8.1.3.6): constructed contents up to end-of-contents.
            let mut kids = Vec::new();
            let mut rest = d.get(2..)?;
            while rest.get(..2)? != [0, 0] {
                let (k, r) = Self::parse_one(rest)?;
                kids.push(k);
                rest = r;
            }
            let body = Body::Cons(kids);
            return Some((Node { tag, body }, &rest[2..]));
        }
        let (len, hl) = match *d.get(1)? {
            l if l < 0x80 => (l as usize, 2),
            0x81 => (*d.get(2)? as usize, 3),
            0x82 => (((*d.get(2)? as usize) << 8) | *d.get(3)? as usize, 4),
            0x83 => (
                ((*d.get(2)? as usize) << 16) | ((*d.get(3)? as usize) << 8) | *d.get(4)? as usize,
                5,
            ),
            _ => return None,
        };
        let content = d.get(hl..hl + len)?;
        let kids = (tag & 0x20 != 0)
            .then(|| Self::parse_all(content))
            .flatten();
        let body = match kids {
            Some(kids) => Body::Cons(kids),
            None => Body::Prim(content.to_vec()),
        };
        Some((Node { tag, body }, &d[hl + len..]))
    }

    fn parse_all(mut content: &[u8]) -> Option<Vec<Node>> {
        let mut kids = Vec::new();
        while !content.is_empty() {
            let (k, r) = Self::parse_one(content)?;
            kids.push(k);
            content = r;
        }
        Some(kids)
    }

    pub fn encode(&self) -> Vec<u8> {
        let content = match &self.body {
            Body::Prim(v) => v.clone(),
            Body::Cons(k) => k.iter().flat_map(Node::encode).collect(),
        };
        let mut out = vec![self.tag];
        let n = content.len();
        if n < 0x80 {
            out.push(n as u8);
        } else if n < 0x100 {
            out.extend_from_slice(&[0x81, n as u8]);
        } else if n < 0x10000 {
            out.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]);
        } else {
            out.extend_from_slice(&[0x83, (n >> 16) as u8, (n >> 8) as u8, n as u8]);
        }
        out.extend_from_slice(&content);
        out
    }

    pub fn kids(&mut self) -> &mut Vec<Node> {
        match &mut self.body {
            Body::Cons(k) => k,
            Body::Prim(_) => panic!("primitive node {:#x}", self.tag),
        }
    }

    /// The child with `tag`, if any.
    pub fn child(&mut self, tag: u8) -> Option<&mut Node> {
        self.kids().iter_mut().find(|k| k.tag == tag)
    }

    /// A parse of an already-encoded element, for splicing.
    pub fn from_der(der: &[u8]) -> Node {
        Self::parse(der)
    }
}

/// ContentInfo → SignedData SEQUENCE.
pub fn signed_data(ci: &mut Node) -> &mut Node {
    &mut ci.kids()[1].kids()[0]
}

/// SignedData → the `i`-th SignerInfo.
pub fn signer_info(sd: &mut Node, i: usize) -> &mut Node {
    // signerInfos is the last field (digestAlgorithms is a SET too).
    let last = sd.kids().last_mut().expect("signerInfos");
    assert_eq!(last.tag, 0x31);
    &mut last.kids()[i]
}
