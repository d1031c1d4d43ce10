//! The signed content a signer is checked against: bytes (digested once per algorithm) or
//! digests the caller computed (streaming), or nothing (a detached signature without content).

use crate::crypto::{CryptoProvider, DigestAlgorithm};

/// Where the signed content comes from, with digests computed once per algorithm.
pub(super) enum Source<'c> {
    Bytes(&'c [u8]),
    Digests(&'c [(DigestAlgorithm, Vec<u8>)]),
    Missing,
}

pub(super) struct Content<'c> {
    pub(super) source: Source<'c>,
    pub(super) cache: Vec<(DigestAlgorithm, Vec<u8>)>,
}

pub(super) enum DigestOutcome {
    Digest(Vec<u8>),
    /// No content at all (detached without content).
    NoContent,
    /// Digests were supplied, but not for this algorithm.
    NotSupplied,
}

impl Content<'_> {
    pub(super) fn digest(
        &mut self,
        alg: DigestAlgorithm,
        crypto: &dyn CryptoProvider,
    ) -> DigestOutcome {
        match self.source {
            Source::Missing => DigestOutcome::NoContent,
            Source::Digests(d) => match d.iter().find(|(a, _)| *a == alg) {
                Some((_, v)) => DigestOutcome::Digest(v.clone()),
                None => DigestOutcome::NotSupplied,
            },
            Source::Bytes(b) => {
                if let Some((_, v)) = self.cache.iter().find(|(a, _)| *a == alg) {
                    return DigestOutcome::Digest(v.clone());
                }
                let v = crypto.digest(alg, b);
                self.cache.push((alg, v.clone()));
                DigestOutcome::Digest(v)
            }
        }
    }

    pub(super) fn bytes(&self) -> Option<&[u8]> {
        match self.source {
            Source::Bytes(b) => Some(b),
            _ => None,
        }
    }
}
