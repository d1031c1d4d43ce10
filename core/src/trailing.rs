//! Bytes after the outer element of a DER/BER input: which are padding, which are refused.
//!
//! X.690 §8.1.1 ends an encoding at the end of its outer element; real files carry more. A
//! newline after a DER certificate or message written by a text tool, the zero padding of an
//! Authenticode `WIN_CERTIFICATE` entry (to an 8-byte boundary) and a PDF `/Contents` string
//! zero-filled to its reserved size (ISO 32000-1 §12.8.1) all follow a complete object, and
//! OpenSSL and NSS read such files. So ASCII white space (`\t \n \r` and space) and zero bytes
//! after the outer element are padding, ignored and counted; the value read remembers the count
//! and the report that uses it says so (`input.trailing-padding*` findings).
//! Anything else is refused: a second object after the first is what one tool sees and another
//! does not, the shape of a confusion attack.
//!
//! The one rule for every reader of a whole input (certificate, CRL, OCSP response, CMS
//! message, PKCS#7 certificate bundle, DER private key, PKCS#12 file); no reader keeps a copy.

use crate::ber::{MAX_DEPTH, Reader};

/// Data after the outer element that is not padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TrailingData {
    /// Where the outer element ends (the first trailing byte).
    pub offset: usize,
    /// How many bytes follow it.
    pub len: usize,
}

/// The outer element of `input` and the number of padding bytes after it. When the outer
/// element cannot be read, the whole input is returned (with no padding) so that the caller's
/// decoder reports its own, more precise error.
pub(crate) fn split(input: &[u8]) -> Result<(&[u8], usize), TrailingData> {
    let Ok(Some(outer)) = Reader::top(input, MAX_DEPTH).next_tlv() else {
        return Ok((input, 0));
    };
    let end = outer.raw.len();
    let rest = input.get(end..).unwrap_or_default();
    if rest.iter().all(|b| is_padding(*b)) {
        Ok((outer.raw, rest.len()))
    } else {
        Err(TrailingData {
            offset: end,
            len: rest.len(),
        })
    }
}

/// The outer element of `input` and the number of padding bytes dropped; with other trailing
/// data, the whole input and 0 (so that a strict decoder refuses it with its own error).
pub(crate) fn padded(input: &[u8]) -> (&[u8], usize) {
    split(input).unwrap_or((input, 0))
}

/// The outer element of `input`, padding dropped; with other trailing data, the whole input
/// (so that a strict decoder refuses it with its own error).
pub(crate) fn without_padding(input: &[u8]) -> &[u8] {
    padded(input).0
}

fn is_padding(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | b'\r' | b' ')
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn white_space_and_zeros_are_padding_other_bytes_are_not() {
        let int = [0x02, 0x01, 0x05];
        assert_eq!(split(&int), Ok((&int[..], 0)));
        let padded = [&int[..], b"\r\n \t\0\0\0"].concat();
        assert_eq!(split(&padded), Ok((&int[..], 7)));
        let garbage = [&int[..], b"\ngarbage"].concat();
        assert_eq!(split(&garbage), Err(TrailingData { offset: 3, len: 8 }));
        assert_eq!(without_padding(&garbage), &garbage[..]);
        assert_eq!(without_padding(&padded), &int[..]);
        assert_eq!(super::padded(&padded), (&int[..], 7));
        assert_eq!(super::padded(&garbage), (&garbage[..], 0));
        // A second element is data, not padding.
        let two = [&int[..], &int[..]].concat();
        assert!(split(&two).is_err());
        // Unreadable input is left to the caller's decoder.
        assert_eq!(split(&[0x30, 0x05, 0x02]), Ok((&[0x30, 0x05, 0x02][..], 0)));
        assert_eq!(split(&[]), Ok((&[][..], 0)));
    }

    #[test]
    fn indefinite_length_outer_element() {
        // SEQUENCE (indefinite) { INTEGER 5 } EOC, then zero padding.
        let ber = [0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00];
        let padded = [&ber[..], &[0u8; 9][..]].concat();
        assert_eq!(split(&padded), Ok((&ber[..], 9)));
    }
}
