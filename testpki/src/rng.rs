//! A deterministic random generator for tests: reproducible key material from a seed, so a
//! failing test can be replayed. It is a SHA-256 counter-mode generator (the construction of
//! NIST SP 800-90A Hash_DRBG without reseeding) — fine for test keys, never for real ones:
//! the CLI and every real caller use the operating system's generator.

use rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};

/// Reproducible random bytes from a seed. **Test keys only.**
#[derive(Clone, Debug)]
pub struct DeterministicRng {
    seed: [u8; 32],
    counter: u64,
    buf: [u8; 32],
    used: usize,
}

impl DeterministicRng {
    /// A generator whose whole output is determined by `seed`.
    pub fn from_seed(seed: u64) -> Self {
        let seed: [u8; 32] = Sha256::digest(seed.to_be_bytes()).into();
        Self {
            seed,
            counter: 0,
            buf: [0; 32],
            used: 32,
        }
    }

    /// A generator whose whole output is determined by `label` (e.g. a test case's name), for
    /// tests that want one stream per case.
    pub fn from_label(label: &[u8]) -> Self {
        Self {
            seed: Sha256::digest(label).into(),
            counter: 0,
            buf: [0; 32],
            used: 32,
        }
    }

    /// A number in `0..n` (`0` when `n` is 0), uniform enough for picking mutation
    /// positions; drives the mutation loops so a failing mutant replays from the seed.
    pub fn below(&mut self, n: usize) -> usize {
        let mut b = [0u8; 8];
        let Ok(()) = self.try_fill_bytes(&mut b);
        let n = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        usize::try_from(u64::from_le_bytes(b) % n).unwrap_or_default()
    }

    fn refill(&mut self) {
        let mut h = Sha256::new();
        h.update(self.seed);
        h.update(self.counter.to_be_bytes());
        self.buf = h.finalize().into();
        self.counter = self.counter.wrapping_add(1);
        self.used = 0;
    }
}

impl TryRng for DeterministicRng {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for byte in dst.iter_mut() {
            if self.used >= self.buf.len() {
                self.refill();
            }
            *byte = self.buf.get(self.used).copied().unwrap_or_default();
            self.used = self.used.saturating_add(1);
        }
        Ok(())
    }
}

impl TryCryptoRng for DeterministicRng {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::DeterministicRng;

    #[test]
    fn below_stays_in_range_and_replays_from_the_seed() {
        let mut a = DeterministicRng::from_seed(1);
        let mut b = DeterministicRng::from_seed(1);
        let xs: Vec<usize> = (0..100).map(|_| a.below(7)).collect();
        assert!(xs.iter().all(|x| *x < 7));
        assert!((0..7).all(|v| xs.contains(&v)), "{xs:?}");
        assert_eq!(xs, (0..100).map(|_| b.below(7)).collect::<Vec<_>>());
        assert_eq!(a.below(0), 0);
    }
}
