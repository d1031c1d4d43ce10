//! Streaming a detached signature's content: digested piece by piece with every algorithm the
//! signers need, never held whole (a 1 GB file in an e-office archive).

use crate::crypto::{CryptoProvider, DigestAlgorithm, Digester};

/// The detached content of one signature, being digested. Made by
/// [`Verifier::cms_stream`](super::Verifier::cms_stream); owns its state, so a binding may keep
/// it across calls while the session is made again for the final check.
pub struct CmsStream {
    signature: Vec<u8>,
    digesters: Vec<(DigestAlgorithm, Box<dyn Digester>)>,
}

impl core::fmt::Debug for CmsStream {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let algorithms: Vec<&str> = self.digesters.iter().map(|(a, _)| a.name()).collect();
        f.debug_struct("CmsStream")
            .field("algorithms", &algorithms)
            .finish()
    }
}

impl CmsStream {
    /// Which digests the signers need (RFC 5652 §5.1 digestAlgorithms and each SignerInfo's
    /// digestAlgorithm); unreadable input needs none, and verification reports it at the end.
    pub fn new(signature: &[u8], crypto: &dyn CryptoProvider) -> Self {
        let algorithms = crate::cms::required_digests(signature).unwrap_or_default();
        Self {
            signature: signature.to_vec(),
            digesters: algorithms
                .into_iter()
                .map(|a| (a, crypto.digester(a)))
                .collect(),
        }
    }

    /// Feed the next piece of the content.
    pub fn update(&mut self, data: &[u8]) {
        for (_, d) in &mut self.digesters {
            d.update(data);
        }
    }

    /// The signature and the finished digests.
    pub(crate) fn finish(self) -> (Vec<u8>, Vec<(DigestAlgorithm, Vec<u8>)>) {
        let digests = self
            .digesters
            .into_iter()
            .map(|(a, d)| (a, d.finalize()))
            .collect();
        (self.signature, digests)
    }
}
