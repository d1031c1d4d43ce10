//! A BER tag-length-value reader (X.690 §8.1) that keeps byte ranges, and a small DER writer
//! (X.690 §10).
//!
//! Hand-written because no RustCrypto crate does what CMS needs here:
//! - `der` 0.8 decodes into typed values and re-encodes them: `SetOfVec` re-sorts `SET OF` on
//!   decode, so the original bytes of `signedAttrs` (which the signature covers, RFC 5652 §5.4)
//!   and of the SignerInfos, certificates and content kept when a signer is added are lost;
//! - its BER support handles indefinite lengths only for OCTET STRING, while streaming encoders
//!   (OpenSSL `-stream`, BouncyCastle) use indefinite lengths at every level (X.690 §8.1.3.6,
//!   allowed by RFC 5652 §5.1);
//! - it does not report where in the input an element or an error is.
//!
//! So this module only splits bytes into elements — with a depth limit, so hostile input never
//! recurses without bound — and hands out their raw encodings; the typed decoding of anything
//! it hands out (AlgorithmIdentifier, Name, Time, certificates) is done with `der`, after
//! [`to_der_form`] where the input is BER. Users: CMS verify (`cms::parse`), CMS build
//! (`cms::edit`, adding signers byte for byte) and PKCS#12 (`key::pkcs12`: BER files, element
//! counts checked before decoding).

use std::borrow::Cow;

use crate::flaw::Flaw;

/// Deepest nesting followed by [`parse`] (and the default of `cms::CmsLimits::max_depth`): X.690
/// has no limit; real CMS is less than 20 levels deep.
pub(crate) const MAX_DEPTH: usize = 48;

/// Identifier octets used by CMS (X.690 §8.1.2): universal and context-specific, single octet.
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

/// A read failure with the byte offset where it happened (offsets are into the whole input).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Error {
    pub flaw: Flaw,
    pub offset: usize,
}

type Result<T> = core::result::Result<T, Error>;

/// The class of a tag (X.690 §8.1.2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Universal,
    Application,
    Context,
    Private,
}

/// One BER element: where it is and what it holds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub class: Class,
    pub constructed: bool,
    pub number: u32,
    /// The whole encoding: identifier, length, contents (and end-of-contents for indefinite).
    pub raw: &'a [u8],
    /// The contents octets (end-of-contents excluded).
    pub content: &'a [u8],
    /// Offset of `raw` in the whole input.
    pub offset: usize,
    /// Offset of `content` in the whole input.
    pub content_offset: usize,
    pub indefinite: bool,
    /// Nesting depth of this element (0 = outermost).
    pub depth: usize,
    /// The depth limit of the reader that produced this element, applied to its children.
    max_depth: usize,
}

impl<'a> Tlv<'a> {
    /// The first identifier octet: class, constructed bit and, for tag numbers below 31, the
    /// number — what comparisons with the constants of this module use. High tag numbers show
    /// as `0x1f` in the low bits; CMS uses none.
    pub fn tag(&self) -> u8 {
        self.raw.first().copied().unwrap_or_default()
    }

    pub fn is(&self, class: Class, number: u32) -> bool {
        self.class == class && self.number == number
    }

    pub fn is_universal(&self, number: u32) -> bool {
        self.is(Class::Universal, number)
    }

    /// An error located at this element.
    pub fn err(&self, flaw: Flaw) -> Error {
        Error {
            flaw,
            offset: self.offset,
        }
    }

    /// A reader over the children of a constructed element.
    pub fn children(&self) -> Result<Reader<'a>> {
        if !self.constructed {
            return Err(self.err(Flaw::Ber));
        }
        let depth = self.depth.saturating_add(1);
        if depth > self.max_depth {
            return Err(self.err(Flaw::TooDeep));
        }
        Ok(Reader {
            data: self.content,
            pos: 0,
            base: self.content_offset,
            depth,
            max_depth: self.max_depth,
        })
    }

    /// The children of a constructed element, in order.
    pub fn elements(&self) -> Result<Vec<Tlv<'a>>> {
        let mut r = self.children()?;
        let mut out = Vec::new();
        while let Some(t) = r.next_tlv()? {
            out.push(t);
        }
        Ok(out)
    }

    /// Whether this element or any element inside it uses BER-only forms (indefinite length).
    pub fn any_indefinite(&self) -> bool {
        if self.indefinite {
            return true;
        }
        if !self.constructed {
            return false;
        }
        match self.children() {
            Ok(mut r) => {
                while let Some(Ok(c)) = r.next_tlv().transpose() {
                    if c.any_indefinite() {
                        return true;
                    }
                }
                false
            }
            Err(_) => false,
        }
    }

    /// The value of a string-type element whatever its own tag (so also an implicitly tagged
    /// OCTET STRING): the contents when primitive, else its OCTET STRING segments concatenated
    /// (X.690 §8.7.3). Borrowed when primitive.
    pub fn string_value(&self) -> Result<Cow<'a, [u8]>> {
        if !self.constructed {
            return Ok(Cow::Borrowed(self.content));
        }
        let mut out = Vec::new();
        self.append_segments(&mut out)?;
        Ok(Cow::Owned(out))
    }

    fn append_segments(&self, out: &mut Vec<u8>) -> Result<()> {
        let mut r = self.children()?;
        while let Some(seg) = r.next_tlv()? {
            if !seg.is_universal(T_OCTET_STRING) {
                return Err(seg.err(Flaw::Ber));
            }
            if seg.constructed {
                seg.append_segments(out)?;
            } else {
                out.extend_from_slice(seg.content);
            }
        }
        Ok(())
    }
}

/// Universal tag number of OCTET STRING (X.680 §8.4).
const T_OCTET_STRING: u32 = 4;

/// The value of an OCTET STRING, primitive or constructed (BER segments are concatenated,
/// X.690 §8.7.3). Borrowed when primitive.
/// `field` names the element in errors.
pub(crate) fn octets<'a>(t: &Tlv<'a>, field: &'static str) -> Result<Cow<'a, [u8]>> {
    if !t.is_universal(T_OCTET_STRING) {
        return Err(t.err(Flaw::WrongType {
            field,
            expected: "OCTET STRING",
        }));
    }
    t.string_value()
}

/// Whether the element filling `input` has more than `limit` children: counted before a typed
/// `SEQUENCE OF` decode allocates them all. Unreadable input answers `false` (the typed decode
/// then reports it).
pub(crate) fn more_children_than(input: &[u8], limit: usize) -> bool {
    let Ok(mut children) = parse(input).and_then(|t| t.children()) else {
        return false;
    };
    let mut count = 0usize;
    while let Ok(Some(_)) = children.next_tlv() {
        count = count.saturating_add(1);
        if count > limit {
            return true;
        }
    }
    false
}

/// Exactly one element filling `input`, read with the depth limit [`MAX_DEPTH`].
pub(crate) fn parse(input: &[u8]) -> Result<Tlv<'_>> {
    let mut r = Reader::top(input, MAX_DEPTH);
    let t = r.expect(Flaw::Empty)?;
    if !r.is_empty() {
        return Err(r.err(Flaw::TrailingData));
    }
    Ok(t)
}

/// Reads consecutive elements from a contents region.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    depth: usize,
    max_depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader over a whole input (depth 0).
    pub fn top(data: &'a [u8], max_depth: usize) -> Self {
        Self {
            data,
            pos: 0,
            base: 0,
            depth: 0,
            max_depth,
        }
    }

    fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    fn err(&self, flaw: Flaw) -> Error {
        Error {
            flaw,
            offset: self.offset(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| self.err(Flaw::Truncated))?;
        self.pos = self.pos.saturating_add(1);
        Ok(b)
    }

    /// The next element, or `None` at the end of the region. End-of-contents octets are an
    /// error here: they are only valid as the terminator of an indefinite-length element.
    pub fn next_tlv(&mut self) -> Result<Option<Tlv<'a>>> {
        if self.is_empty() {
            return Ok(None);
        }
        match self.read_one()? {
            Some(t) => Ok(Some(t)),
            None => Err(self.err(Flaw::Ber)),
        }
    }

    /// The next element, which must exist.
    pub fn expect(&mut self, missing: Flaw) -> Result<Tlv<'a>> {
        self.next_tlv()?.ok_or_else(|| self.err(missing))
    }

    /// Reads one element; `Ok(None)` when it was an end-of-contents marker (00 00).
    fn read_one(&mut self) -> Result<Option<Tlv<'a>>> {
        let start = self.pos;
        let offset = self.offset();
        let id = self.byte()?;
        let class = match id >> 6 {
            0 => Class::Universal,
            1 => Class::Application,
            2 => Class::Context,
            _ => Class::Private,
        };
        let constructed = id & 0x20 != 0;
        let mut number = u32::from(id & 0x1f);
        if number == 0x1f {
            // High-tag-number form (X.690 §8.1.2.4): base-128, at most 4 octets here.
            number = 0;
            for i in 0..5 {
                if i == 4 {
                    return Err(self.err(Flaw::TagNumber));
                }
                let b = self.byte()?;
                if i == 0 && b == 0x80 {
                    return Err(self.err(Flaw::TagNumber));
                }
                number = (number << 7) | u32::from(b & 0x7f);
                if b & 0x80 == 0 {
                    break;
                }
            }
        }
        let first = self.byte()?;
        if id == 0 && first == 0 && class == Class::Universal {
            return Ok(None); // end-of-contents
        }
        let (content_start, content_end, end, indefinite) = if first == 0x80 {
            // Indefinite length (X.690 §8.1.3.6): constructed only; scan to the matching EOC.
            if !constructed {
                return Err(self.err(Flaw::Ber));
            }
            let depth = self.depth.saturating_add(1);
            if depth > self.max_depth {
                return Err(self.err(Flaw::TooDeep));
            }
            let mut inner = Reader {
                data: self.data,
                pos: self.pos,
                base: self.base,
                depth,
                max_depth: self.max_depth,
            };
            loop {
                if inner.is_empty() {
                    return Err(inner.err(Flaw::Truncated));
                }
                let before = inner.pos;
                if inner.read_one()?.is_none() {
                    break (self.pos, before, inner.pos, true);
                }
            }
        } else {
            let len = if first < 0x80 {
                usize::from(first)
            } else {
                // Long form; non-minimal encodings are BER-legal and accepted.
                let n = first & 0x7f;
                if n > 4 {
                    return Err(self.err(Flaw::Length));
                }
                let mut len = 0usize;
                for _ in 0..n {
                    len = (len << 8) | usize::from(self.byte()?);
                }
                len
            };
            let end = self
                .pos
                .checked_add(len)
                .ok_or_else(|| self.err(Flaw::Length))?;
            (self.pos, end, end, false)
        };
        let content = self
            .data
            .get(content_start..content_end)
            .ok_or_else(|| self.err(Flaw::Truncated))?;
        let raw = self
            .data
            .get(start..end)
            .ok_or_else(|| self.err(Flaw::Truncated))?;
        let content_offset = self.base.saturating_add(content_start);
        self.pos = end;
        Ok(Some(Tlv {
            class,
            constructed,
            number,
            raw,
            content,
            offset,
            content_offset,
            indefinite,
            depth: self.depth,
            max_depth: self.max_depth,
        }))
    }
}

/// DER definite-length encoding of `tag` around the concatenation of `parts` (X.690 §10.1).
pub(crate) fn encode(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    push_length(&mut out, len);
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// Length octets in the minimal definite form (X.690 §10.1, §8.1.3.5).
fn push_length(out: &mut Vec<u8>, len: usize) {
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
}

/// `input` (one element) rewritten with DER's length and string forms: every length definite
/// and minimal (X.690 §10.1), every universal OCTET STRING primitive with its BER segments
/// joined (§10.2, §8.7.3). Everything else is copied as it is; the typed `der` decoding that
/// follows checks the remaining DER rules.
///
/// This is how BER leaves of a CMS message and BER PKCS#12 files from old encoders are decoded
/// with `der`'s derived types. `der`'s own `ber` feature is not used: it handles indefinite
/// lengths only, and it puts end-of-contents handling into every one of the ~100 decoders
/// monomorphised in the WASM build (6 KB gzip of the size budget, issue 5).
pub(crate) fn to_der_form(input: &[u8]) -> Result<Vec<u8>> {
    let t = parse(input)?;
    let mut out = Vec::with_capacity(input.len());
    t.write_der_form(&mut out)?;
    Ok(out)
}

impl Tlv<'_> {
    /// The identifier octets (X.690 §8.1.2), high-tag-number form included.
    fn identifier(&self) -> &[u8] {
        let len = if self.tag() & 0x1f != 0x1f {
            1
        } else {
            // The first octet, then base-128 octets up to the one without bit 8.
            let more = self
                .raw
                .iter()
                .skip(1)
                .take_while(|b| *b & 0x80 != 0)
                .count();
            more.saturating_add(2)
        };
        self.raw.get(..len).unwrap_or(self.raw)
    }

    fn write_der_form(&self, out: &mut Vec<u8>) -> Result<()> {
        if !self.constructed {
            out.extend_from_slice(self.identifier());
            push_length(out, self.content.len());
            out.extend_from_slice(self.content);
        } else if self.is_universal(T_OCTET_STRING) {
            let joined = self.string_value()?;
            out.push(OCTET_STRING);
            push_length(out, joined.len());
            out.extend_from_slice(&joined);
        } else {
            // Not pre-sized: every level reserving its input length would hold depth × input
            // bytes at once on hostile nesting; growing keeps it near the output size.
            let mut contents = Vec::new();
            let mut children = self.children()?;
            while let Some(child) = children.next_tlv()? {
                child.write_der_form(&mut contents)?;
            }
            out.extend_from_slice(self.identifier());
            push_length(out, contents.len());
            out.extend_from_slice(&contents);
        }
        Ok(())
    }
}

/// The same encoding under another single-octet identifier (`[0] IMPLICIT SET OF` ⇄ `SET OF`):
/// the signature over signed attributes is over their original bytes with the tag replaced
/// (RFC 5652 §5.4), never over a re-encoding.
pub(crate) fn retag(der: &[u8], tag: u8) -> Vec<u8> {
    let mut out = der.to_vec();
    if let Some(first) = out.first_mut() {
        *first = tag;
    }
    out
}

/// DER SET OF: the elements sorted as octet strings (X.690 §11.6), then wrapped in `tag`.
pub(crate) fn encode_set_of<T: AsRef<[u8]>>(tag: u8, elements: &[T]) -> Vec<u8> {
    let sorted = crate::sort::sorted_by(elements.iter().map(AsRef::as_ref).collect(), Ord::cmp);
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

    fn one(data: &[u8]) -> Result<Tlv<'_>> {
        Reader::top(data, 8).expect(Flaw::Empty)
    }

    #[test]
    fn definite_and_indefinite() {
        let t = one(&[0x30, 0x03, 0x02, 0x01, 0x05]).unwrap();
        assert!(t.is_universal(16) && t.constructed && !t.indefinite);
        assert_eq!(t.tag(), SEQUENCE);
        assert_eq!(t.content, &[0x02, 0x01, 0x05]);
        let t = one(&[0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0xff]).unwrap();
        assert!(t.indefinite);
        assert_eq!(t.content, &[0x02, 0x01, 0x05]);
        assert_eq!(t.raw.len(), 7);
        assert_eq!((t.offset, t.content_offset), (0, 2));
    }

    #[test]
    fn offsets_count_long_form_length_octets() {
        // SEQUENCE, 133 content octets (length 81 85): a 128-octet OCTET STRING, then NULL.
        let inner = encode(OCTET_STRING, &[&[0u8; 128]]);
        let seq = encode(SEQUENCE, &[&inner, &[0x05, 0x00]]);
        assert_eq!(&seq[..3], &[0x30, 0x81, 0x85]);
        let t = parse(&seq).unwrap();
        assert_eq!(t.content_offset, 3);
        let kids = t.elements().unwrap();
        assert_eq!((kids[0].offset, kids[0].content_offset), (3, 6));
        assert_eq!(kids[1].offset, 3 + 131);
        let err = parse(&seq[..seq.len() - 1]).unwrap_err();
        assert_eq!((err.flaw, err.offset), (Flaw::Truncated, 3));
    }

    #[test]
    fn nested_indefinite_with_constructed_octet_string() {
        // SEQUENCE (indefinite) { INTEGER 5, OCTET STRING (constructed, indefinite) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x02, 0x01, 0x05, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c',
            0x00, 0x00, 0x00, 0x00,
        ];
        let t = parse(&ber).unwrap();
        assert_eq!(t.tag(), SEQUENCE);
        assert_eq!(t.raw.len(), ber.len());
        assert!(t.any_indefinite());
        let kids = t.elements().unwrap();
        assert_eq!(kids.len(), 2);
        assert_eq!(kids[0].content, &[5]);
        assert_eq!(kids[1].tag(), OCTET_STRING_CONSTRUCTED);
        assert_eq!(kids[1].offset, 5);
        assert_eq!(&*octets(&kids[1], "x").unwrap(), b"abc");
        assert!(
            octets(&kids[0], "x").is_err(),
            "an INTEGER is not an OCTET STRING"
        );
    }

    #[test]
    fn constructed_octet_string_segments_nest() {
        // 24 80 (04 02 'a' 'b') (24 80 (04 01 'c') 00 00) 00 00
        let data = [
            0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x24, 0x80, 0x04, 0x01, b'c', 0, 0, 0, 0,
        ];
        let t = one(&data).unwrap();
        assert_eq!(octets(&t, "x").unwrap().as_ref(), b"abc");
        // A segment that is not an OCTET STRING.
        let bad = [0x24, 0x03, 0x02, 0x01, 0x00];
        assert!(octets(&one(&bad).unwrap(), "x").is_err());
    }

    #[test]
    fn hostile_lengths_depth_and_trailing_data() {
        assert!(one(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(one(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_err());
        assert!(one(&[0x04, 0x80, 0, 0]).is_err(), "indefinite primitive");
        assert!(one(&[0x30, 0x80, 0x02, 0x01]).is_err(), "missing EOC");
        assert!(one(&[0x30, 0x03, 0x02, 0x01]).is_err(), "truncated");
        assert!(
            one(&[0x1f, 0x80, 0x01, 0x00]).is_err(),
            "non-minimal tag number"
        );
        assert!(parse(&[0x02, 0x01, 0x00, 0x00]).is_err(), "trailing data");
        assert!(parse(&[]).is_err());
        // 20 nested indefinite SEQUENCEs against a depth limit of 8.
        let mut deep = Vec::new();
        for _ in 0..20 {
            deep.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..20 {
            deep.extend_from_slice(&[0, 0]);
        }
        assert!(one(&deep).is_err());
        // And 200 against the default limit.
        let deep: Vec<u8> = core::iter::repeat_n([0x30u8, 0x80], 200)
            .flatten()
            .chain(core::iter::repeat_n(0u8, 400))
            .collect();
        assert_eq!(parse(&deep).unwrap_err().flaw, Flaw::TooDeep);
        // Definite-length nesting is limited when walking the children.
        let mut deep = vec![0x04, 0x00];
        for _ in 0..10 {
            deep = encode(SEQUENCE, &[&deep]);
        }
        let mut t = one(&deep).unwrap();
        let err = loop {
            match t.elements() {
                Ok(kids) => t = kids[0],
                Err(e) => break e,
            }
        };
        assert_eq!(err.flaw, Flaw::TooDeep);
        // End-of-contents where an element is expected, and children of a primitive.
        assert!(
            parse(&[0x30, 0x02, 0x00, 0x00])
                .unwrap()
                .elements()
                .is_err()
        );
        assert!(parse(&[0x04, 0x00]).unwrap().elements().is_err());
    }

    #[test]
    fn counts_children_up_to_a_limit() {
        let three = [0x30, 0x06, 0x05, 0x00, 0x05, 0x00, 0x05, 0x00];
        assert!(more_children_than(&three, 2));
        assert!(!more_children_than(&three, 3));
        assert!(
            !more_children_than(&[0x30, 0x80], 0),
            "unreadable: left to the decoder"
        );
    }

    #[test]
    fn der_form_of_ber() {
        // SEQUENCE (indefinite) { [0] (indefinite) { OCTET STRING constructed (indefinite)
        // { "ab", "c" } }, INTEGER with a non-minimal long-form length }, then its DER form.
        let ber = [
            0x30, 0x80, 0xa0, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00,
            0x00, 0x00, 0x00, 0x02, 0x81, 0x01, 0x05, 0x00, 0x00,
        ];
        let der = [
            0x30, 0x0a, 0xa0, 0x05, 0x04, 0x03, b'a', b'b', b'c', 0x02, 0x01, 0x05,
        ];
        assert_eq!(to_der_form(&ber).unwrap(), der);
        // DER is its own DER form; high tag numbers keep their identifier octets.
        assert_eq!(to_der_form(&der).unwrap(), der);
        let high = [0xbf, 0x81, 0x00, 0x80, 0x05, 0x00, 0x00, 0x00];
        assert_eq!(
            to_der_form(&high).unwrap(),
            [0xbf, 0x81, 0x00, 0x02, 0x05, 0x00]
        );
        // Not BER at all, or a segment that is not an OCTET STRING: an error, no panic.
        assert!(to_der_form(&[0x30, 0x80, 0x02]).is_err());
        assert!(to_der_form(&[0x24, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00]).is_err());
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
        assert_eq!(context_constructed(1), 0xa1);
        assert_eq!(context_primitive(0), 0x80);
    }
}
