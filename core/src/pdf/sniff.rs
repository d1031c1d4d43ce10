//! Telling a PDF from other input (ISO 32000-2 §7.5.2): `%PDF-` within the first kilobyte, as
//! viewers accept it (some producers write a few bytes before the header).

/// How far into the file the header may start.
pub const PDF_HEADER_WINDOW: usize = 1024;

/// Where `%PDF-` starts in the first [`PDF_HEADER_WINDOW`] bytes of `head`, if it does.
pub fn header_offset(head: &[u8]) -> Option<usize> {
    let window = head
        .get(..head.len().min(PDF_HEADER_WINDOW))
        .unwrap_or_default();
    super::file::find(window, b"%PDF-")
}

/// Whether `head` (the first bytes of a file) is a PDF. The CLI, the C ABI and the npm package
/// use this one rule to route input to the PDF verifier.
pub fn is_pdf(head: &[u8]) -> bool {
    header_offset(head).is_some()
}
