//! PKCS#12 (RFC 7292). TODO(key helper): implement.
