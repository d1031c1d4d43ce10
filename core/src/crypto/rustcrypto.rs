//! The pure-Rust provider (RustCrypto). TODO(crypto helper): implement.
use super::*;

/// The RustCrypto provider: pure Rust, builds for wasm32.
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCryptoProvider;
