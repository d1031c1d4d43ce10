//! What an appearance stream draws (ISO 32000-2 §12.5.5, §8 content operators): nothing, only
//! images, or text and vector graphics. Image-only appearances are never an attack (R14: every
//! Ban Cơ yếu seal signature is one); text or drawing in a later widget is what an overlay
//! needs (Sneaky Signature, Evil Annotation).

use crate::pdf::file::RevisionView;
use crate::pdf::object::{Dictionary, Object};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Drawing {
    Empty,
    ImageOnly,
    Marks,
}

/// What the normal appearance (`/AP /N`, every state of it) of an annotation dictionary draws.
pub(super) fn normal_appearance(view: &RevisionView<'_, '_>, annot: &Dictionary) -> Drawing {
    let Some(ap) = annot.get(b"AP").and_then(|a| view.dict(a).ok().flatten()) else {
        return Drawing::Empty;
    };
    let Some(n) = ap.get(b"N") else {
        return Drawing::Empty;
    };
    match view.deref(n) {
        Ok(Object::Stream(_)) => form(view, n, 0),
        Ok(Object::Dictionary(states)) => states
            .entries
            .iter()
            .map(|(_, s)| form(view, s, 0))
            .max()
            .unwrap_or(Drawing::Empty),
        _ => Drawing::Empty,
    }
}

/// A form XObject's drawing (nested forms followed up to a small depth; deeper counts as marks).
fn form(view: &RevisionView<'_, '_>, object: &Object, depth: u32) -> Drawing {
    if depth > 4 {
        return Drawing::Marks;
    }
    let Object::Reference(id) = object else {
        return Drawing::Marks;
    };
    let Ok(Object::Stream(stream)) = view.resolve(*id) else {
        return Drawing::Empty;
    };
    let Ok(data) = view.stream_data(*id, &stream) else {
        return Drawing::Marks; // Unreadable: assume the worst.
    };
    let xobjects = view
        .get(&stream.dict, b"Resources")
        .ok()
        .flatten()
        .and_then(|r| r.as_dict().cloned())
        .and_then(|r| view.get(&r, b"XObject").ok().flatten())
        .and_then(|x| x.as_dict().cloned())
        .unwrap_or_default();
    let mut result = Drawing::Empty;
    let mut last_name: Option<Vec<u8>> = None;
    for token in Tokens::new(&data) {
        match token {
            Token::Name(n) => last_name = Some(n),
            Token::InlineImage => result = result.max(Drawing::ImageOnly),
            Token::Op(op) => match op.as_slice() {
                b"Tj" | b"TJ" | b"'" | b"\"" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b"
                | b"b*" | b"S" | b"s" | b"sh" => return Drawing::Marks,
                b"Do" => {
                    let target = last_name.as_ref().and_then(|n| xobjects.get(n));
                    let Some(target) = target else { continue };
                    let is_image = view.dict(target).ok().flatten().is_some_and(|d| {
                        d.get(b"Subtype")
                            .and_then(Object::as_name)
                            .is_some_and(|s| s.is(b"Image"))
                    });
                    let here = if is_image {
                        Drawing::ImageOnly
                    } else {
                        form(view, target, depth + 1)
                    };
                    if here == Drawing::Marks {
                        return here;
                    }
                    result = result.max(here);
                }
                _ => {}
            },
        }
    }
    result
}

pub(super) enum Token {
    Name(Vec<u8>),
    Op(Vec<u8>),
    InlineImage,
}

/// A coarse content-stream tokenizer (§7.8.2): operands other than names are skipped.
pub(super) struct Tokens<'d> {
    data: &'d [u8],
    at: usize,
}

impl<'d> Tokens<'d> {
    pub(super) fn new(data: &'d [u8]) -> Self {
        Self { data, at: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.at).copied()
    }
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b)
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            let b = self.peek()?;
            match b {
                _ if b.is_ascii_whitespace() || b == 0 => self.at += 1,
                b'%' => {
                    while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                        self.at += 1;
                    }
                }
                b'(' => {
                    let mut depth = 0usize;
                    while let Some(c) = self.peek() {
                        self.at += 1;
                        match c {
                            b'\\' => self.at += 1,
                            b'(' => depth += 1,
                            b')' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b')' => self.at += 1,
                b'/' => {
                    self.at += 1;
                    let start = self.at;
                    while self.peek().is_some_and(|c| !is_delimiter(c)) {
                        self.at += 1;
                    }
                    return Some(Token::Name(
                        self.data.get(start..self.at).unwrap_or_default().to_vec(),
                    ));
                }
                _ => {
                    let start = self.at;
                    while self.peek().is_some_and(|c| !is_delimiter(c)) {
                        self.at += 1;
                    }
                    let word = self.data.get(start..self.at).unwrap_or_default();
                    if word
                        .first()
                        .is_some_and(|c| c.is_ascii_digit() || b"+-.".contains(c))
                    {
                        continue;
                    }
                    if word == b"BI" {
                        // Skip to "EI" after white space (§8.9.7).
                        while self.at < self.data.len() {
                            let window = self.data.get(self.at..self.at + 3);
                            self.at += 1;
                            if let Some([w, b'E', b'I']) = window
                                && w.is_ascii_whitespace()
                            {
                                self.at += 2;
                                break;
                            }
                        }
                        return Some(Token::InlineImage);
                    }
                    return Some(Token::Op(word.to_vec()));
                }
            }
        }
    }
}
