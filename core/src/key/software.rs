//! Software keys. TODO(key helper): implement.

/// A private key held in memory: RSA, ECDSA P-256/P-384/P-521 or Ed25519.
pub struct SoftwareKey {
    _private: (),
}
