//! Stream filters the signature machinery needs (ISO 32000-2 §7.4): FlateDecode with the PNG
//! and TIFF predictors that cross-reference and object streams use (§7.4.4.4), and the two
//! ASCII filters. Inflating is miniz_oxide's (a well-kept pure-Rust zlib); the predictors are
//! a few lines of arithmetic no crate offers on their own. Every output is bounded by the
//! caller's limit: a decompression bomb stops with a typed error.

use super::object::{Dictionary, Object};

/// Why a stream could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FilterError {
    /// The filter is not one kyso decodes (its name).
    Unsupported(String),
    /// The data is not valid for its filter.
    Corrupt(&'static str),
    /// The decoded data would exceed the limit.
    TooLarge,
}

/// Decodes `data` through the stream's `/Filter` chain with its `/DecodeParms`, producing at
/// most `limit` bytes.
pub(crate) fn decode(dict: &Dictionary, data: &[u8], limit: u64) -> Result<Vec<u8>, FilterError> {
    let filters: Vec<&Object> = match dict.get(b"Filter") {
        None | Some(Object::Null) => return bounded(data.to_vec(), limit),
        Some(Object::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    };
    let params: Vec<Option<&Dictionary>> =
        match dict.get(b"DecodeParms").or_else(|| dict.get(b"DP")) {
            Some(Object::Array(items)) => items.iter().map(Object::as_dict).collect(),
            Some(Object::Dictionary(d)) => vec![Some(d)],
            _ => Vec::new(),
        };
    let mut current = data.to_vec();
    for (i, filter) in filters.iter().enumerate() {
        let Some(name) = filter.as_name() else {
            return Err(FilterError::Corrupt("filter is not a name"));
        };
        let parms = params.get(i).copied().flatten();
        current = match name.as_bytes() {
            b"FlateDecode" | b"Fl" => {
                let inflated = inflate(&current, limit)?;
                apply_predictor(inflated, parms)?
            }
            b"ASCIIHexDecode" | b"AHx" => bounded(ascii_hex(&current)?, limit)?,
            b"ASCII85Decode" | b"A85" => bounded(ascii85(&current)?, limit)?,
            b"Crypt" => current,
            other => {
                return Err(FilterError::Unsupported(
                    String::from_utf8_lossy(other).into_owned(),
                ));
            }
        };
    }
    Ok(current)
}

fn bounded(data: Vec<u8>, limit: u64) -> Result<Vec<u8>, FilterError> {
    if u64::try_from(data.len()).unwrap_or(u64::MAX) > limit {
        Err(FilterError::TooLarge)
    } else {
        Ok(data)
    }
}

fn inflate(data: &[u8], limit: u64) -> Result<Vec<u8>, FilterError> {
    use miniz_oxide::inflate::{DecompressError, TINFLStatus};
    let max = usize::try_from(limit).unwrap_or(usize::MAX);
    let classify = |e: DecompressError| -> Result<Vec<u8>, FilterError> {
        match e.status {
            TINFLStatus::HasMoreOutput => Err(FilterError::TooLarge),
            // A stream cut short is still read up to where it ends, as viewers do (many
            // producers omit the Adler-32 checksum or the final block).
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::Adler32Mismatch
                if !e.output.is_empty() =>
            {
                Ok(e.output)
            }
            _ => Err(FilterError::Corrupt("the Flate data is corrupt")),
        }
    };
    match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, max) {
        Ok(out) => Ok(out),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(FilterError::TooLarge),
        // Some producers write raw deflate without the zlib header.
        Err(zlib_error) => match miniz_oxide::inflate::decompress_to_vec_with_limit(data, max) {
            Ok(out) => Ok(out),
            Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(FilterError::TooLarge),
            Err(_) => classify(zlib_error),
        },
    }
}

fn param(parms: Option<&Dictionary>, key: &[u8], default: i64) -> i64 {
    parms
        .and_then(|p| p.get(key))
        .and_then(Object::as_integer)
        .unwrap_or(default)
}

/// §7.4.4.4 Table 8: predictor 1 = none, 2 = TIFF, ≥ 10 = PNG (the row's own tag decides).
fn apply_predictor(data: Vec<u8>, parms: Option<&Dictionary>) -> Result<Vec<u8>, FilterError> {
    let predictor = param(parms, b"Predictor", 1);
    if predictor <= 1 {
        return Ok(data);
    }
    let colors = param(parms, b"Colors", 1);
    let bits = param(parms, b"BitsPerComponent", 8);
    let columns = param(parms, b"Columns", 1);
    if !(1..=32).contains(&colors)
        || ![1, 2, 4, 8, 16].contains(&bits)
        || !(1..=1 << 24).contains(&columns)
    {
        return Err(FilterError::Corrupt("bad predictor parameters"));
    }
    let bits_per_pixel = usize::try_from(colors * bits)
        .map_err(|_| FilterError::Corrupt("bad predictor parameters"))?;
    let row_len = (usize::try_from(columns)
        .map_err(|_| FilterError::Corrupt("bad predictor parameters"))?
        * bits_per_pixel)
        .div_ceil(8);
    let pixel_len = bits_per_pixel.div_ceil(8).max(1);
    if predictor == 2 {
        return Ok(tiff_predictor(data, row_len, pixel_len, bits));
    }
    png_predictor(&data, row_len, pixel_len)
}

fn tiff_predictor(mut data: Vec<u8>, row_len: usize, pixel_len: usize, bits: i64) -> Vec<u8> {
    if bits != 8 || row_len == 0 {
        return data; // Only 8-bit TIFF prediction occurs in practice for these streams.
    }
    for row in data.chunks_mut(row_len) {
        for i in pixel_len..row.len() {
            let left = row.get(i - pixel_len).copied().unwrap_or(0);
            if let Some(b) = row.get_mut(i) {
                *b = b.wrapping_add(left);
            }
        }
    }
    data
}

fn png_predictor(data: &[u8], row_len: usize, pixel_len: usize) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; row_len];
    let mut current = vec![0u8; row_len];
    for chunk in data.chunks(row_len + 1) {
        let Some((&tag, row)) = chunk.split_first() else {
            break;
        };
        current.iter_mut().for_each(|b| *b = 0);
        for (i, &raw) in row.iter().enumerate() {
            let left = if i >= pixel_len {
                current.get(i - pixel_len).copied().unwrap_or(0)
            } else {
                0
            };
            let up = previous.get(i).copied().unwrap_or(0);
            let up_left = if i >= pixel_len {
                previous.get(i - pixel_len).copied().unwrap_or(0)
            } else {
                0
            };
            let value = match tag {
                0 => raw,
                1 => raw.wrapping_add(left),
                2 => raw.wrapping_add(up),
                3 => raw.wrapping_add(((u16::from(left) + u16::from(up)) / 2).to_le_bytes()[0]),
                4 => raw.wrapping_add(paeth(left, up, up_left)),
                _ => return Err(FilterError::Corrupt("bad PNG predictor tag")),
            };
            if let Some(slot) = current.get_mut(i) {
                *slot = value;
            }
        }
        out.extend_from_slice(current.get(..row.len()).unwrap_or_default());
        core::mem::swap(&mut previous, &mut current);
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(data: &[u8]) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut high = None;
    for &b in data {
        if b == b'>' {
            break;
        }
        if super::parser::is_whitespace(b) {
            continue;
        }
        let v = super::parser::hex_value(b).ok_or(FilterError::Corrupt("bad ASCIIHex data"))?;
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    Ok(out)
}

fn ascii85(data: &[u8]) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::with_capacity(data.len());
    let mut group = [0u32; 5];
    let mut n = 0usize;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &b in body {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                if let Some(slot) = group.get_mut(n) {
                    *slot = u32::from(b - b'!');
                }
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&a85_word(&group)?.to_be_bytes());
                    n = 0;
                }
            }
            _ if super::parser::is_whitespace(b) => {}
            _ => return Err(FilterError::Corrupt("bad ASCII85 data")),
        }
    }
    if n > 1 {
        let mut padded = group;
        for slot in padded.iter_mut().skip(n) {
            *slot = 84;
        }
        let word = a85_word(&padded)?.to_be_bytes();
        out.extend_from_slice(word.get(..n - 1).unwrap_or_default());
    }
    Ok(out)
}

fn a85_word(group: &[u32; 5]) -> Result<u32, FilterError> {
    group
        .iter()
        .try_fold(0u32, |acc, d| acc.checked_mul(85)?.checked_add(*d))
        .ok_or(FilterError::Corrupt("bad ASCII85 data"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::object::Name;

    fn flate_dict(predictor: Option<(i64, i64)>) -> Dictionary {
        let mut d = Dictionary::new();
        d.set(b"Filter", Object::Name(Name::new(b"FlateDecode")));
        if let Some((p, columns)) = predictor {
            let mut parms = Dictionary::new();
            parms.set(b"Predictor", Object::Integer(p));
            parms.set(b"Columns", Object::Integer(columns));
            d.set(b"DecodeParms", Object::Dictionary(parms));
        }
        d
    }

    #[test]
    fn inflates_and_undoes_png_up_prediction() {
        // Two rows of 3 bytes with PNG "Up" (tag 2): [1,2,3] then [+1,+1,+1] → [2,3,4].
        let raw = [2u8, 1, 2, 3, 2, 1, 1, 1];
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
        let out = decode(&flate_dict(Some((12, 3))), &compressed, 1 << 20).unwrap();
        assert_eq!(out, [1, 2, 3, 2, 3, 4]);
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let zeros = vec![0u8; 10 << 20];
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
        assert_eq!(
            decode(&flate_dict(None), &compressed, 1 << 20),
            Err(FilterError::TooLarge)
        );
    }

    #[test]
    fn ascii_filters() {
        assert_eq!(ascii_hex(b"48 65 6c6c 6f>").unwrap(), b"Hello");
        assert_eq!(ascii85(b"<~87cURD]i,\"Ebo80~>").unwrap(), b"Hello World!");
    }
}
