//! Test PKI builder. TODO(testpki helper).
