//! The PDF object syntax (ISO 32000-2 §7.2 lexical conventions, §7.3 objects): a parser over
//! a window of the file. The window may end before the object does; the parser then says
//! [`ParseError::NeedMore`] and the caller reads a larger window (objects are loaded lazily by
//! offset, never the whole file).

use super::object::{Dictionary, FileSpan, Name, Object, ObjectId, PdfString};

/// Why an object could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParseError {
    /// The window ended inside the object: read more and try again.
    NeedMore,
    /// Malformed syntax at this absolute offset.
    Syntax { offset: u64, what: &'static str },
    /// Arrays and dictionaries nested deeper than the limit.
    TooDeep,
}

/// PDF white-space characters (§7.2.3 Table 1).
pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

/// PDF delimiters (§7.2.3 Table 2).
pub(crate) fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

/// A parser over `buf`, which holds the file's bytes from absolute offset `base`. `complete`
/// says the window reaches the end of the file (running out is then a syntax error, not a
/// reason to read more).
pub(crate) struct Parser<'a> {
    buf: &'a [u8],
    base: u64,
    pos: usize,
    complete: bool,
    max_depth: u32,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(buf: &'a [u8], base: u64, complete: bool, max_depth: u32) -> Self {
        Self {
            buf,
            base,
            pos: 0,
            complete,
            max_depth,
        }
    }

    /// The absolute offset of the next byte.
    pub(crate) fn offset(&self) -> u64 {
        self.base
            .saturating_add(u64::try_from(self.pos).unwrap_or(u64::MAX))
    }

    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    pub(crate) fn set_position(&mut self, pos: usize) {
        self.pos = pos.min(self.buf.len());
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.buf.get(self.pos.saturating_add(ahead)).copied()
    }

    fn end(&self) -> ParseError {
        if self.complete {
            self.syntax("unexpected end of file")
        } else {
            ParseError::NeedMore
        }
    }

    fn syntax(&self, what: &'static str) -> ParseError {
        ParseError::Syntax {
            offset: self.offset(),
            what,
        }
    }

    /// Skips white space and comments (§7.2.4).
    pub(crate) fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The bytes of the next regular-character token, without consuming it.
    fn peek_token(&self) -> &'a [u8] {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let n = rest.iter().take_while(|b| is_regular(**b)).count();
        rest.get(..n).unwrap_or_default()
    }

    /// Consumes `keyword` if it is the next token (after white space).
    pub(crate) fn eat_keyword(&mut self, keyword: &[u8]) -> bool {
        self.skip_whitespace();
        let token = self.peek_token();
        if token == keyword {
            self.pos += keyword.len();
            true
        } else {
            false
        }
    }

    /// Requires `keyword` as the next token.
    pub(crate) fn expect_keyword(
        &mut self,
        keyword: &[u8],
        what: &'static str,
    ) -> Result<(), ParseError> {
        self.skip_whitespace();
        if self.pos >= self.buf.len() {
            return Err(self.end());
        }
        if self.eat_keyword(keyword) {
            Ok(())
        } else if !self.complete && self.pos + keyword.len() >= self.buf.len() {
            Err(ParseError::NeedMore)
        } else {
            Err(self.syntax(what))
        }
    }

    /// An unsigned integer token (object numbers, offsets, counts).
    pub(crate) fn unsigned(&mut self) -> Result<u64, ParseError> {
        self.skip_whitespace();
        let token = self.peek_token();
        if token.is_empty() {
            return Err(if self.pos >= self.buf.len() {
                self.end()
            } else {
                self.syntax("number expected")
            });
        }
        if self.pos + token.len() >= self.buf.len() && !self.complete {
            return Err(ParseError::NeedMore);
        }
        let value =
            parse_unsigned(token).ok_or_else(|| self.syntax("unsigned integer expected"))?;
        self.pos += token.len();
        Ok(value)
    }

    /// `N G obj`: the header of an indirect object (§7.3.10).
    pub(crate) fn object_header(&mut self) -> Result<ObjectId, ParseError> {
        let number = self.unsigned()?;
        let generation = self.unsigned()?;
        self.expect_keyword(b"obj", "'obj' expected")?;
        let number = u32::try_from(number).map_err(|_| self.syntax("object number too large"))?;
        let generation =
            u16::try_from(generation).map_err(|_| self.syntax("generation too large"))?;
        Ok(ObjectId::new(number, generation))
    }

    /// One direct object (a reference `N G R` is returned as [`Object::Reference`]).
    pub(crate) fn object(&mut self) -> Result<Object, ParseError> {
        self.object_at_depth(0)
    }

    fn object_at_depth(&mut self, depth: u32) -> Result<Object, ParseError> {
        if depth > self.max_depth {
            return Err(ParseError::TooDeep);
        }
        self.skip_whitespace();
        let Some(b) = self.peek() else {
            return Err(self.end());
        };
        match b {
            b'/' => Ok(Object::Name(self.name()?)),
            b'(' => Ok(Object::String(self.literal_string()?)),
            b'<' if self.peek_at(1) == Some(b'<') => {
                Ok(Object::Dictionary(self.dictionary(depth)?))
            }
            b'<' => {
                if self.peek_at(1).is_none() {
                    return Err(self.end());
                }
                Ok(Object::String(self.hex_string()?))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_whitespace();
                    match self.peek() {
                        None => return Err(self.end()),
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Object::Array(items));
                        }
                        Some(_) => items.push(self.object_at_depth(depth + 1)?),
                    }
                }
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number_or_reference(),
            _ => {
                let token = self.peek_token();
                if token.is_empty() {
                    return Err(self.syntax("unexpected delimiter"));
                }
                if self.pos + token.len() >= self.buf.len() && !self.complete {
                    return Err(ParseError::NeedMore);
                }
                let object = match token {
                    b"true" => Object::Boolean(true),
                    b"false" => Object::Boolean(false),
                    b"null" => Object::Null,
                    _ => return Err(self.syntax("unknown keyword")),
                };
                self.pos += token.len();
                Ok(object)
            }
        }
    }

    fn dictionary(&mut self, depth: u32) -> Result<Dictionary, ParseError> {
        self.pos += 2;
        let mut dict = Dictionary::new();
        loop {
            self.skip_whitespace();
            match (self.peek(), self.peek_at(1)) {
                (None, _) | (Some(b'>'), None) => return Err(self.end()),
                (Some(b'>'), Some(b'>')) => {
                    self.pos += 2;
                    return Ok(dict);
                }
                (Some(b'/'), _) => {
                    let key = self.name()?;
                    self.skip_whitespace();
                    if self.peek() == Some(b'>') && self.peek_at(1) == Some(b'>') {
                        // A key without a value (seen in damaged files): null, as viewers do.
                        dict.entries.push((key, Object::Null));
                        continue;
                    }
                    let value = self.object_at_depth(depth + 1)?;
                    dict.entries.push((key, value));
                }
                _ => return Err(self.syntax("dictionary key expected")),
            }
        }
    }

    fn number_or_reference(&mut self) -> Result<Object, ParseError> {
        let start = self.pos;
        let token = self.peek_token();
        if self.pos + token.len() >= self.buf.len() && !self.complete {
            return Err(ParseError::NeedMore);
        }
        let Some(first) = parse_integer(token) else {
            let value = parse_real(token).ok_or_else(|| self.syntax("number expected"))?;
            self.pos += token.len();
            return Ok(Object::Real(value));
        };
        self.pos += token.len();
        // `N G R` (§7.3.10): look ahead for a second unsigned integer and `R`.
        if first >= 0 && !token.starts_with(b"+") {
            let after_first = self.pos;
            self.skip_whitespace();
            let second = self.peek_token();
            if !second.is_empty() && second.iter().all(u8::is_ascii_digit) {
                if self.pos + second.len() >= self.buf.len() && !self.complete {
                    return Err(ParseError::NeedMore);
                }
                let generation = parse_unsigned(second);
                self.pos += second.len();
                self.skip_whitespace();
                let third = self.peek_token();
                if third == b"R" {
                    if let (Ok(number), Some(Ok(generation))) =
                        (u32::try_from(first), generation.map(u16::try_from))
                    {
                        self.pos += 1;
                        return Ok(Object::Reference(ObjectId::new(number, generation)));
                    }
                } else if third.is_empty() && self.pos >= self.buf.len() && !self.complete {
                    return Err(ParseError::NeedMore);
                }
            } else if second.is_empty() && self.pos >= self.buf.len() && !self.complete {
                return Err(ParseError::NeedMore);
            }
            self.pos = after_first;
        }
        let _ = start;
        Ok(Object::Integer(first))
    }

    fn name(&mut self) -> Result<Name, ParseError> {
        self.pos += 1; // '/'
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None if !self.complete => return Err(ParseError::NeedMore),
                Some(b) if is_regular(b) => {
                    if b == b'#' {
                        let hi = self.peek_at(1).and_then(hex_value);
                        let lo = self.peek_at(2).and_then(hex_value);
                        if let (Some(hi), Some(lo)) = (hi, lo) {
                            out.push(hi << 4 | lo);
                            self.pos += 3;
                            continue;
                        }
                    }
                    out.push(b);
                    self.pos += 1;
                }
                _ => return Ok(Name(out)),
            }
        }
    }

    fn literal_string(&mut self) -> Result<PdfString, ParseError> {
        let start = self.offset();
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.end());
            };
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.end());
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'\r' => {
                            // A line continuation (§7.3.4.2): backslash + EOL is nothing.
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(u8::try_from(value & 0xff).unwrap_or(0));
                        }
                        other => out.push(other),
                    }
                }
                b'\r' => {
                    // An unescaped EOL in a string is a single LF (§7.3.4.2).
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                other => out.push(other),
            }
        }
        Ok(PdfString {
            bytes: out,
            hex: false,
            span: Some(start..self.offset()),
        })
    }

    fn hex_string(&mut self) -> Result<PdfString, ParseError> {
        let start = self.offset();
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.end());
            };
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if is_whitespace(b) {
                continue;
            }
            let Some(v) = hex_value(b) else {
                return Err(self.syntax("bad character in a hexadecimal string"));
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        // An odd final digit is followed by an implied 0 (§7.3.4.3).
        if let Some(h) = high {
            out.push(h << 4);
        }
        Ok(PdfString {
            bytes: out,
            hex: true,
            span: Some(start..self.offset()),
        })
    }

    /// After a stream dictionary: the `stream` keyword and its end-of-line (§7.3.8.1, CRLF or
    /// LF; a lone CR is tolerated). Returns the absolute offset where the data starts, or
    /// `None` when the object is not a stream.
    pub(crate) fn stream_start(&mut self) -> Result<Option<u64>, ParseError> {
        let save = self.pos;
        self.skip_whitespace();
        if self.pos + 6 >= self.buf.len() && !self.complete {
            return Err(ParseError::NeedMore);
        }
        if self.peek_token() != b"stream" {
            self.pos = save;
            return Ok(None);
        }
        self.pos += 6;
        match (self.peek(), self.peek_at(1)) {
            (Some(b'\r'), Some(b'\n')) => self.pos += 2,
            (Some(b'\n'), _) | (Some(b'\r'), _) => self.pos += 1,
            (None, _) if !self.complete => return Err(ParseError::NeedMore),
            _ => {}
        }
        Ok(Some(self.offset()))
    }

    /// The window's bytes from the current position.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }
}

pub(crate) fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

pub(crate) fn parse_unsigned(token: &[u8]) -> Option<u64> {
    if token.is_empty() || token.len() > 19 || !token.iter().all(u8::is_ascii_digit) {
        return None;
    }
    token.iter().try_fold(0u64, |acc, d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

fn parse_integer(token: &[u8]) -> Option<i64> {
    let (negative, digits) = match token.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, token),
    };
    let value = i64::try_from(parse_unsigned(digits)?).ok()?;
    Some(if negative { -value } else { value })
}

fn parse_real(token: &[u8]) -> Option<f64> {
    // §7.3.3: digits with one optional point and sign; no exponent. Lenient on a second sign
    // ("--5", written by some producers) as viewers are.
    let text = core::str::from_utf8(token).ok()?;
    let trimmed = text.trim_start_matches(['+', '-']);
    let negative = text.len() != trimmed.len() && text.starts_with('-');
    if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    if trimmed.bytes().filter(|b| *b == b'.').count() > 1 {
        return None;
    }
    let value = decimal_to_f64(trimmed.as_bytes());
    Some(if negative { -value } else { value })
}

/// `digits` (ASCII digits with at most one point, checked by the caller) as the nearest `f64`.
///
/// Hand-written rather than `str::parse::<f64>`: PDF reals have no exponent (§7.3.3) and the
/// standard parser's correctly-rounded slow path brings its code and power-of-five tables into
/// the size-budgeted WASM verify build (issue 11). Up to 15 significant digits the mantissa
/// and 10^k (k ≤ 22) are exact in an `f64`, so one division rounds correctly (Clinger's fast
/// path); digits beyond the 15th only move the value below any precision PDF uses (§C.2:
/// about 5 significant decimals).
fn decimal_to_f64(digits: &[u8]) -> f64 {
    const EXACT_DIGITS: u32 = 15;
    // Below 10^15 < 2^53 every step of the accumulation is exact in an f64.
    let mut mantissa = 0.0_f64;
    let mut kept: u32 = 0;
    let mut scale: i32 = 0;
    let mut after_point = false;
    for &byte in digits {
        if byte == b'.' {
            after_point = true;
            continue;
        }
        if mantissa == 0.0 && byte == b'0' {
            // Leading zeros are not significant; after the point they still scale.
            if after_point {
                scale = scale.saturating_sub(1);
            }
            continue;
        }
        if kept < EXACT_DIGITS {
            mantissa = mantissa * 10.0 + f64::from(byte.wrapping_sub(b'0'));
            kept += 1;
            if after_point {
                scale = scale.saturating_sub(1);
            }
        } else if !after_point {
            scale = scale.saturating_add(1);
        }
    }
    let mut value = mantissa;
    let mut power = 1.0_f64;
    for _ in 0..scale.unsigned_abs().min(400) {
        power *= 10.0;
    }
    if scale < 0 {
        value /= power;
    } else {
        value *= power;
    }
    value
}

/// The span of `object`'s string if it is a string read from the file.
pub(crate) fn string_span(object: &Object) -> Option<FileSpan> {
    object.as_string().and_then(|s| s.span.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<Object, ParseError> {
        Parser::new(text, 0, true, 64).object()
    }

    #[test]
    fn reals_match_the_standard_parser() {
        // Up to 15 significant digits the fast path is exact: the same bits as `str::parse`.
        for text in [
            "0",
            "0.",
            ".5",
            "-.25",
            "595.25",
            "841.89",
            "0.005",
            "0.1",
            "0.3",
            "123456789012345",
            "1.00000000000001",
            "00012.5000",
            "3.14159",
            "-0.0001",
            "72.00",
            "0.000000000000000001",
        ] {
            let ours = parse_real(text.as_bytes()).unwrap();
            let std: f64 = text.parse().unwrap();
            assert_eq!(ours.to_bits(), std.to_bits(), "{text}");
        }
        // More digits than an f64 holds: close, not exact, and never an error.
        let long = parse_real(b"3.14159265358979323846264338327950288").unwrap();
        assert!((long - core::f64::consts::PI).abs() < 1e-13);
        assert!(parse_real(b"1.2.3").is_none() && parse_real(b"1e5").is_none());
        assert_eq!(parse_real(b".").unwrap(), 0.0);
    }

    #[test]
    fn parses_the_basic_objects() {
        assert_eq!(parse(b"42").unwrap(), Object::Integer(42));
        assert_eq!(parse(b"-3.5").unwrap(), Object::Real(-3.5));
        assert_eq!(parse(b"true").unwrap(), Object::Boolean(true));
        assert_eq!(parse(b"/A#20B").unwrap(), Object::Name(Name::new(b"A B")));
        assert_eq!(
            parse(b"12 0 R").unwrap(),
            Object::Reference(ObjectId::new(12, 0))
        );
        let s = parse(b"(a\\(b\\)c\\101\\\nd)").unwrap();
        assert_eq!(s.as_string().unwrap().bytes, b"a(b)cAd");
        let h = parse(b"<48 65 6C6C6F7>").unwrap();
        assert_eq!(h.as_string().unwrap().bytes, b"Hello\x70");
        let d =
            parse(b"<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00ff> /Sub << /A 1 0 R >> >>")
                .unwrap();
        let d = d.as_dict().unwrap();
        assert_eq!(d.type_name().unwrap().as_bytes(), b"Sig");
        assert_eq!(d.get(b"ByteRange").unwrap().as_array().unwrap().len(), 4);
        assert_eq!(
            d.get(b"Contents").unwrap().as_string().unwrap().span,
            Some(48..54)
        );
    }

    #[test]
    fn integers_not_followed_by_r_stay_integers() {
        let a = parse(b"[1 2 3 0 R 4]").unwrap();
        assert_eq!(
            a.as_array().unwrap(),
            &[
                Object::Integer(1),
                Object::Integer(2),
                Object::Reference(ObjectId::new(3, 0)),
                Object::Integer(4)
            ]
        );
    }

    #[test]
    fn a_short_window_asks_for_more() {
        let mut p = Parser::new(b"<< /A [1 2", 0, false, 64);
        assert_eq!(p.object(), Err(ParseError::NeedMore));
        let mut p = Parser::new(b"<< /A [1 2", 0, true, 64);
        assert!(matches!(p.object(), Err(ParseError::Syntax { .. })));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = vec![b'['; 100_000];
        assert_eq!(
            Parser::new(&deep, 0, true, 256).object(),
            Err(ParseError::TooDeep)
        );
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let d = parse(b"<< /A 1 /A 2 >>").unwrap();
        let d = d.as_dict().unwrap();
        assert_eq!(d.get(b"A"), Some(&Object::Integer(2)));
        assert_eq!(d.duplicate_keys().len(), 1);
    }
}
