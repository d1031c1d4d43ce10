//! Certification path building and validation (RFC 5280 §6). TODO(path helper).
