//! Object serialisation for the incremental writer (ISO 32000-2 §7.3): the inverse of the
//! parser for the objects kyso writes. Output is plain ASCII; every token is delimited so that
//! the result re-parses to the same object. Streams are written by the writer itself (their
//! data is not part of the [`Object`] model, which keeps only a file span).

use super::object::{Dictionary, Name, Object, PdfString};
use super::parser::is_delimiter;

/// Appends the PDF syntax of `object`. A [`Object::Stream`] writes only its dictionary: the
/// writer adds `stream … endstream` with data it owns.
pub(crate) fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => write_real(out, *r),
        Object::String(s) => write_string(out, s),
        Object::Name(n) => write_name(out, n),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d),
        Object::Stream(s) => write_dictionary(out, &s.dict),
        Object::Reference(id) => {
            out.extend_from_slice(format!("{} {} R", id.number, id.generation).as_bytes())
        }
    }
}

/// `<< /Key value … >>`, entries in their order (duplicates are written as they are: the
/// writer never creates any, and it copies dictionaries it changes key by key).
pub(crate) fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in &dict.entries {
        out.push(b' ');
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b" >>");
}

/// A name (§7.3.5): regular characters as they are, anything else as `#xx`.
pub(crate) fn write_name(out: &mut Vec<u8>, name: &Name) {
    out.push(b'/');
    for &b in name.as_bytes() {
        let regular = (0x21..=0x7e).contains(&b) && !is_delimiter(b) && b != b'#';
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// A string (§7.3.4): hex when it was read as hex, else a literal string with `\` escapes for
/// the delimiters and octal escapes for every byte that is not printable ASCII (so that no
/// end-of-line conversion can change it, §7.3.4.2).
pub(crate) fn write_string(out: &mut Vec<u8>, s: &PdfString) {
    if s.hex {
        out.push(b'<');
        out.extend_from_slice(hex_upper(&s.bytes).as_bytes());
        out.push(b'>');
        return;
    }
    out.push(b'(');
    for &b in &s.bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7e => out.push(b),
            _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b')');
}

/// A real (§7.3.3): decimal notation only (no exponent, which PDF does not have), at most five
/// fractional digits, trailing zeros dropped. Non-finite values, which PDF cannot express,
/// are written as 0.
pub(crate) fn write_real(out: &mut Vec<u8>, r: f64) {
    if !r.is_finite() {
        out.push(b'0');
        return;
    }
    let mut text = format!("{r:.5}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    if text == "-0" {
        text = "0".into();
    }
    out.extend_from_slice(text.as_bytes());
}

/// Upper-case hexadecimal.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        s.push_str(&format!("{b:02X}"));
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::pdf::object::ObjectId;
    use crate::pdf::parser::Parser;

    fn text(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_every_kind_and_reparses() {
        let mut dict = Dictionary::new();
        dict.set(b"Type", Object::Name(Name::new(b"Sig")));
        dict.set(b"Odd Name#", Object::Integer(-12));
        dict.set(b"R", Object::Real(0.5));
        dict.set(b"W", Object::Real(595.25));
        dict.set(
            b"S",
            Object::String(PdfString::literal(b"a(b)c\\d\n\xfe\xff")),
        );
        dict.set(
            b"H",
            Object::String(PdfString {
                bytes: vec![0, 0xab],
                hex: true,
                span: None,
            }),
        );
        dict.set(
            b"A",
            Object::Array(vec![
                Object::Reference(ObjectId::new(12, 0)),
                Object::Null,
                Object::Boolean(true),
                Object::Boolean(false),
            ]),
        );
        let object = Object::Dictionary(dict);
        let written = text(&object);
        assert_eq!(
            written,
            "<< /Type /Sig /Odd#20Name#23 -12 /R 0.5 /W 595.25 /S (a\\(b\\)c\\\\d\\012\\376\\377) /H <00AB> /A [12 0 R null true false] >>"
        );
        let mut parser = Parser::new(written.as_bytes(), 0, true, 32);
        let back = parser.object().unwrap();
        let (Object::Dictionary(a), Object::Dictionary(b)) = (&object, &back) else {
            panic!("{back:?}")
        };
        for ((ka, va), (kb, vb)) in a.entries.iter().zip(b.entries.iter()) {
            assert_eq!(ka, kb);
            match (va, vb) {
                (Object::String(x), Object::String(y)) => assert_eq!(x.bytes, y.bytes),
                _ => assert_eq!(va, vb),
            }
        }
    }

    #[test]
    fn reals_have_no_exponent() {
        let mut out = Vec::new();
        write_real(&mut out, 1e20);
        assert_eq!(out, b"100000000000000000000");
        out.clear();
        write_real(&mut out, -0.000001);
        assert_eq!(out, b"0");
        out.clear();
        write_real(&mut out, f64::NAN);
        assert_eq!(out, b"0");
        out.clear();
        write_real(&mut out, 72.125);
        assert_eq!(out, b"72.125");
    }
}
