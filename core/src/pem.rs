//! PEM text with several blocks (RFC 7468). `pem-rfc7468` decodes one block; bundles of
//! certificates hold many, with free text between them (OpenSSL writes `subject=` lines), so
//! this splits on the encapsulation boundaries and hands each block to it.

/// One decoded PEM block.
#[non_exhaustive]
pub struct Block {
    pub label: String,
    pub der: Vec<u8>,
}

/// Largest PEM text accepted (bounded memory on hostile input).
pub const MAX_PEM_LEN: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PemError;

/// Whether `bytes` look like PEM (a `-----BEGIN ` line somewhere near the start).
pub fn looks_like_pem(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    head.windows(11).any(|w| w == b"-----BEGIN ")
}

/// `der` as one PEM block labelled `label` (RFC 7468 §2: base64 in 64-column lines, LF line
/// endings), e.g. `encode("CMS", &signed)` for OpenSSL's `-outform PEM`.
pub fn encode(label: &str, der: &[u8]) -> String {
    use base64ct::Encoding as _;
    let body = base64ct::Base64::encode_string(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    // Base64 text is ASCII, so 64-byte chunks are whole characters.
    for line in body.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Every block in order.
pub fn blocks(text: &[u8]) -> Result<Vec<Block>, PemError> {
    if text.len() > MAX_PEM_LEN {
        return Err(PemError);
    }
    let text = core::str::from_utf8(text).map_err(|_| PemError)?;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(begin) = rest.find("-----BEGIN ") {
        let from_begin = rest.get(begin..).ok_or(PemError)?;
        let label_end = from_begin
            .get(11..)
            .and_then(|s| s.find("-----"))
            .ok_or(PemError)?;
        let label = from_begin
            .get(11..11usize.saturating_add(label_end))
            .ok_or(PemError)?;
        let end_marker = format!("-----END {label}-----");
        let end = from_begin.find(&end_marker).ok_or(PemError)?;
        let block_len = end.saturating_add(end_marker.len());
        let block = from_begin.get(..block_len).ok_or(PemError)?;
        // pem-rfc7468 is strict about line endings and line length (64); real files use CRLF
        // (Windows exports) and 76-column lines (MIME base64, e.g. the VNPT-CA SHA2 certificate
        // as published): re-wrap the body the way OpenSSL would read it.
        let normalised = rewrap(block, label);
        let (label, der) = pem_rfc7468::decode_vec(normalised.as_bytes()).map_err(|_| PemError)?;
        out.push(Block {
            label: label.to_owned(),
            der,
        });
        rest = from_begin.get(block_len..).ok_or(PemError)?;
    }
    Ok(out)
}

/// The block with CRLF normalised and the base64 body re-wrapped at 64 columns. Headers
/// (RFC 1421 `Proc-Type:` lines) are not supported by certificate PEM and left for the
/// decoder to refuse.
fn rewrap(block: &str, label: &str) -> String {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let body: String = block
        .get(begin.len()..block.len().saturating_sub(end.len()))
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let mut out = String::with_capacity(
        body.len()
            .saturating_add(body.len() / 64)
            .saturating_add(80),
    );
    out.push_str(&begin);
    out.push('\n');
    let bytes = body.as_bytes();
    for chunk in bytes.chunks(64) {
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&end);
    out.push('\n');
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    #[test]
    fn encode_round_trips_in_64_column_lines() {
        let der: Vec<u8> = (0..=200u8).collect();
        let text = super::encode("CMS", &der);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "-----BEGIN CMS-----");
        assert_eq!(*lines.last().unwrap(), "-----END CMS-----");
        assert!(lines[1..lines.len() - 1].iter().all(|l| l.len() <= 64));
        assert_eq!(lines[1].len(), 64);
        let blocks = super::blocks(text.as_bytes()).unwrap();
        assert_eq!((blocks[0].label.as_str(), &blocks[0].der), ("CMS", &der));
    }
}
