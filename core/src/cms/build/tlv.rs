//! A minimal BER/DER tag-length-value reader and DER writer.
//!
//! Hand-written because adding a signer or a counter-signature to an existing SignedData must
//! keep every existing element (SignerInfos, their signed attributes, certificates, the content)
//! byte for byte: `der` decodes into typed values (re-sorting SET OFs, insisting on the strict
//! certificate profile) and re-encodes them, and its BER support stops at indefinite-length
//! OCTET STRINGs, while real CMS from streaming encoders (OpenSSL `-stream`, BouncyCastle's
//! stream generator) uses indefinite lengths at every level (X.690 §8.1.3.6). This module only
//! splits bytes into elements; the typed decoding of anything it hands out is done with `der`.

/// Deepest nesting of indefinite-length encodings followed (bounded recursion on hostile input).
const MAX_DEPTH: usize = 48;

/// Tag octets used by CMS (X.690 §8.1.2): universal and context-specific, single octet.
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const OCTET_STRING_CONSTRUCTED: u8 = 0x24;
pub(crate) const OID: u8 = 0x06;
pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const SET: u8 = 0x31;
/// `[n]` constructed.
pub(crate) const fn context_constructed(n: u8) -> u8 {
    0xa0 | n
}
/// `[n]` primitive.
pub(crate) const fn context_primitive(n: u8) -> u8 {
    0x80 | n
}

/// Why bytes could not be split into elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TlvError {
    Truncated,
    BadLength,
    TooDeep,
    TrailingData,
}

/// One element: its identifier, the whole encoding and the content octets.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    /// First identifier octet (class, constructed bit, tag number < 31). High tag numbers are
    /// read but reported as their first octet (`0x1f` in the low bits); CMS uses none.
    pub tag: u8,
    /// The complete encoding: identifier, length, content and, if indefinite, the end-of-contents.
    pub raw: &'a [u8],
    /// The content octets (for an indefinite length: without the end-of-contents octets).
    pub content: &'a [u8],
    depth: usize,
}

impl<'a> Tlv<'a> {
    /// The elements inside a constructed encoding, in order.
    pub(crate) fn children(&self) -> Result<Vec<Tlv<'a>>, TlvError> {
        let mut out = Vec::new();
        let mut rest = self.content;
        while !rest.is_empty() {
            let (child, after) = read(rest, self.depth.saturating_add(1))?;
            out.push(child);
            rest = after;
        }
        Ok(out)
    }
}

/// Exactly one element filling `input`.
pub(crate) fn parse(input: &[u8]) -> Result<Tlv<'_>, TlvError> {
    let (tlv, rest) = read(input, 0)?;
    if rest.is_empty() {
        Ok(tlv)
    } else {
        Err(TlvError::TrailingData)
    }
}

/// One element at the start of `input`, and what follows it.
fn read(input: &[u8], depth: usize) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    if depth > MAX_DEPTH {
        return Err(TlvError::TooDeep);
    }
    let (&tag, mut rest) = input.split_first().ok_or(TlvError::Truncated)?;
    if tag & 0x1f == 0x1f {
        // High tag number form (X.690 §8.1.2.4): base-128 octets, last has bit 8 clear.
        let mut n = 0usize;
        loop {
            let (&b, r) = rest.split_first().ok_or(TlvError::Truncated)?;
            rest = r;
            n += 1;
            if n > 4 {
                return Err(TlvError::BadLength);
            }
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let (&first, mut rest) = rest.split_first().ok_or(TlvError::Truncated)?;
    let header_len = input.len() - rest.len();
    if first == 0x80 {
        // Indefinite length (X.690 §8.1.3.6): constructed only, ends with 00 00.
        if tag & 0x20 == 0 {
            return Err(TlvError::BadLength);
        }
        let body = rest;
        let mut inner = body;
        loop {
            if inner.starts_with(&[0, 0]) {
                let content_len = body.len() - inner.len();
                let total = header_len + content_len + 2;
                let content = body.get(..content_len).ok_or(TlvError::Truncated)?;
                let raw = input.get(..total).ok_or(TlvError::Truncated)?;
                let after = input.get(total..).ok_or(TlvError::Truncated)?;
                return Ok((
                    Tlv {
                        tag,
                        raw,
                        content,
                        depth,
                    },
                    after,
                ));
            }
            let (_, after) = read(inner, depth + 1)?;
            inner = after;
        }
    }
    let len = if first & 0x80 == 0 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n > 4 {
            return Err(TlvError::BadLength);
        }
        let bytes = rest.get(..n).ok_or(TlvError::Truncated)?;
        rest = rest.get(n..).ok_or(TlvError::Truncated)?;
        bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
    };
    let header_len = input.len() - rest.len();
    let content = rest.get(..len).ok_or(TlvError::Truncated)?;
    let total = header_len + len;
    let raw = input.get(..total).ok_or(TlvError::Truncated)?;
    let after = input.get(total..).ok_or(TlvError::Truncated)?;
    Ok((
        Tlv {
            tag,
            raw,
            content,
            depth,
        },
        after,
    ))
}

/// The value of an OCTET STRING, primitive or (BER, X.690 §8.7.3) constructed from segments.
pub(crate) fn octets<'a>(tlv: &Tlv<'a>) -> Result<std::borrow::Cow<'a, [u8]>, TlvError> {
    match tlv.tag {
        OCTET_STRING => Ok(std::borrow::Cow::Borrowed(tlv.content)),
        OCTET_STRING_CONSTRUCTED => {
            let mut out = Vec::new();
            for child in tlv.children()? {
                out.extend_from_slice(&octets(&child)?);
            }
            Ok(std::borrow::Cow::Owned(out))
        }
        _ => Err(TlvError::BadLength),
    }
}

/// DER definite-length encoding of `tag` around the concatenation of `parts` (X.690 §10.1).
pub(crate) fn encode(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    if let Some(short) = u8::try_from(len).ok().filter(|&l| l < 0x80) {
        out.push(short);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        // At most size_of::<usize>() (8) octets, so the count fits the low 7 bits.
        out.push(0x80 | u8::try_from(significant.len()).unwrap_or(0x7f));
        out.extend_from_slice(significant);
    }
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// DER SET OF: the elements sorted as octet strings (X.690 §11.6), then wrapped in `tag`.
pub(crate) fn encode_set_of<T: AsRef<[u8]>>(tag: u8, elements: &[T]) -> Vec<u8> {
    let mut sorted: Vec<&[u8]> = elements.iter().map(AsRef::as_ref).collect();
    sorted.sort_unstable();
    encode(tag, &sorted)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]
mod tests {
    use super::*;

    #[test]
    fn reads_definite_and_indefinite() {
        // SEQUENCE (indefinite) { INTEGER 5, OCTET STRING (constructed, indefinite) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x02, 0x01, 0x05, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c',
            0x00, 0x00, 0x00, 0x00,
        ];
        let t = parse(&ber).unwrap();
        assert_eq!(t.tag, SEQUENCE);
        assert_eq!(t.raw.len(), ber.len());
        let kids = t.children().unwrap();
        assert_eq!(kids.len(), 2);
        assert_eq!(kids[0].content, &[5]);
        assert_eq!(&*octets(&kids[1]).unwrap(), b"abc");
    }

    #[test]
    fn rejects_truncation_depth_and_trailing() {
        assert_eq!(
            parse(&[0x30, 0x03, 0x02, 0x01]).unwrap_err(),
            TlvError::Truncated
        );
        assert_eq!(
            parse(&[0x04, 0x80, 0x00, 0x00]).unwrap_err(),
            TlvError::BadLength
        );
        assert_eq!(
            parse(&[0x02, 0x01, 0x00, 0x00]).unwrap_err(),
            TlvError::TrailingData
        );
        assert_eq!(
            parse(&[0x30, 0x85, 1, 1, 1, 1, 1]).unwrap_err(),
            TlvError::BadLength
        );
        let deep: Vec<u8> = core::iter::repeat_n([0x30u8, 0x80], 200)
            .flatten()
            .collect();
        assert_eq!(parse(&deep).unwrap_err(), TlvError::TooDeep);
        // Unterminated indefinite length.
        assert_eq!(
            parse(&[0x30, 0x80, 0x02, 0x01, 0x00]).unwrap_err(),
            TlvError::Truncated
        );
    }

    #[test]
    fn encodes_lengths_in_der_form() {
        assert_eq!(encode(OCTET_STRING, &[&[1, 2]]), vec![4, 2, 1, 2]);
        let long = vec![0u8; 300];
        let e = encode(OCTET_STRING, &[&long]);
        assert_eq!(&e[..4], &[4, 0x82, 1, 44]);
        assert_eq!(parse(&e).unwrap().content.len(), 300);
        let set = encode_set_of(SET, &[vec![2u8, 1, 9], vec![2, 1, 3]]);
        assert_eq!(set, vec![0x31, 6, 2, 1, 3, 2, 1, 9]);
    }
}
