//! Work limits for path building. Hostile input (a pool of many cross-signed certificates
//! with the same subject) makes depth-first search with backtracking exponential; the budget
//! bounds it, and its exhaustion is a distinct, fatal result (never "no path").

use core::cell::Cell;

/// Limits on the work one validation may do. Shared by the main path and the validation of
/// CRL / OCSP signer certificates made on its behalf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BudgetLimits {
    /// Signature verifications. rustls-webpki allows 100 (`src/verify_cert.rs`,
    /// `Budget::default`), pyca cryptography-x509-verification 128; we take pyca's figure
    /// because revocation-signer paths share this budget (each costs a few signatures, and
    /// results are cached so repeated links cost nothing).
    pub signatures: u32,
    /// Candidate issuers considered during the search. rustls-webpki allows 200 000
    /// `build_chain` calls: enough for any real PKI, small enough to end in milliseconds.
    pub candidates: u32,
    /// Name-constraint comparisons (one subtree against one name). rustls-webpki allows
    /// 250 000: a CA with many subtrees over a leaf with many names is quadratic.
    pub name_constraint_comparisons: u32,
}

impl Default for BudgetLimits {
    fn default() -> Self {
        Self {
            signatures: 128,
            candidates: 200_000,
            name_constraint_comparisons: 250_000,
        }
    }
}

impl BudgetLimits {
    /// These limits with `n` signature verifications.
    pub fn with_signatures(mut self, n: u32) -> Self {
        self.signatures = n;
        self
    }

    /// These limits with `n` candidate issuers.
    pub fn with_candidates(mut self, n: u32) -> Self {
        self.candidates = n;
        self
    }

    /// These limits with `n` name-constraint comparisons.
    pub fn with_name_constraint_comparisons(mut self, n: u32) -> Self {
        self.name_constraint_comparisons = n;
        self
    }
}

/// Which limit ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BudgetKind {
    Signatures,
    Candidates,
    NameConstraintComparisons,
}

impl BudgetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signatures => "signatures",
            Self::Candidates => "candidates",
            Self::NameConstraintComparisons => "name-constraint-comparisons",
        }
    }
}

/// Remaining work, counted down. Interior mutability so that the revocation seam (which holds
/// `&self`) can spend from the same budget.
#[derive(Debug)]
pub(crate) struct Budget {
    signatures: Cell<u32>,
    candidates: Cell<u32>,
    nc: Cell<u32>,
}

impl Budget {
    pub(crate) fn new(l: BudgetLimits) -> Self {
        Self {
            signatures: Cell::new(l.signatures),
            candidates: Cell::new(l.candidates),
            nc: Cell::new(l.name_constraint_comparisons),
        }
    }

    fn spend(cell: &Cell<u32>, n: u32, kind: BudgetKind) -> Result<(), BudgetKind> {
        let left = cell.get();
        if left < n {
            cell.set(0);
            return Err(kind);
        }
        cell.set(left.saturating_sub(n));
        Ok(())
    }

    pub(crate) fn signature(&self) -> Result<(), BudgetKind> {
        Self::spend(&self.signatures, 1, BudgetKind::Signatures)
    }

    pub(crate) fn candidate(&self) -> Result<(), BudgetKind> {
        Self::spend(&self.candidates, 1, BudgetKind::Candidates)
    }

    pub(crate) fn name_constraints(&self, n: u32) -> Result<(), BudgetKind> {
        Self::spend(&self.nc, n, BudgetKind::NameConstraintComparisons)
    }
}
