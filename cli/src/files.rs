//! File access for the CLI: bounded reads (hostile inputs never exhaust memory), certificate
//! and password loading, the clock and the operating system's random generator.

use std::path::Path;

use kyso::Certificate;

use crate::msg::Msg;

/// Largest input read (signatures, certificates, keys). Content to sign or check may be larger:
/// see [`MAX_CONTENT`].
pub const MAX_INPUT: usize = 64 * 1024 * 1024;
/// Largest document signed or verified in memory.
pub const MAX_CONTENT: usize = 1024 * 1024 * 1024;

pub fn read(path: &Path, limit: usize) -> Result<Vec<u8>, Msg> {
    use std::io::Read;
    let shown = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| Msg::CannotRead {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    let mut buf = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    f.take(cap)
        .read_to_end(&mut buf)
        .map_err(|e| Msg::CannotRead {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
    if buf.len() > limit {
        return Err(Msg::TooLarge { path: shown, limit });
    }
    Ok(buf)
}

pub fn write(path: &Path, data: &[u8]) -> Result<(), Msg> {
    std::fs::write(path, data).map_err(|e| Msg::CannotWrite {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Every certificate in a PEM or DER file (at least one).
pub fn certificates(path: &Path) -> Result<Vec<Certificate>, Msg> {
    let bytes = read(path, MAX_INPUT)?;
    let shown = path.display().to_string();
    let certs = Certificate::load_any(&bytes).map_err(|e| Msg::NotCertificate {
        path: shown.clone(),
        reason: e.message().into(),
    })?;
    if certs.is_empty() {
        return Err(Msg::NoCertificates { path: shown });
    }
    Ok(certs)
}

/// The current time from the system clock (core has none).
pub fn now() -> Result<kyso::DateTime, Msg> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Msg::Internal {
            reason: "system clock before 1970".into(),
        })?
        .as_secs();
    kyso::time::from_unix_seconds(secs).ok_or(Msg::Internal {
        reason: "system clock out of range".into(),
    })
}

/// The operating system's random generator. Checked once up front, so that the infallible
/// adapter below never meets a failure later (a failing OS RNG fails the command cleanly).
pub fn os_rng() -> Result<rand_core::UnwrapErr<getrandom::SysRng>, Msg> {
    let mut probe = [0u8; 16];
    getrandom::fill(&mut probe).map_err(|_| Msg::RandomUnavailable)?;
    Ok(rand_core::UnwrapErr(getrandom::SysRng))
}

/// A file read at offsets, for PDFs: core reads only what it needs (the cross-reference
/// sections, the objects it resolves, the signed ranges in chunks), so a 1 GB PDF is verified
/// in bounded memory.
pub struct FileSource {
    file: std::cell::RefCell<std::fs::File>,
    len: u64,
}

impl FileSource {
    pub fn open(path: &Path) -> Result<Self, Msg> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Msg::CannotRead {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let len = file
            .metadata()
            .map_err(|e| Msg::CannotRead {
                path: shown,
                reason: e.to_string(),
            })?
            .len();
        Ok(Self {
            file: std::cell::RefCell::new(file),
            len,
        })
    }
}

impl kyso::PdfSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, kyso::SourceError> {
        use std::io::{Read, Seek, SeekFrom};
        let mut file = self.file.borrow_mut();
        let io = |e: std::io::Error| kyso::SourceError::new(e.to_string());
        file.seek(SeekFrom::Start(offset)).map_err(io)?;
        let mut filled = 0;
        while filled < buf.len() {
            let n = file
                .read(buf.get_mut(filled..).unwrap_or_default())
                .map_err(io)?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        Ok(filled)
    }
}

/// Whether the file at `path` starts like a PDF (core's rule, `kyso::is_pdf`).
pub fn is_pdf_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = vec![0u8; kyso::PDF_HEADER_WINDOW];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut filled = 0;
    while filled < head.len() {
        match f.read(head.get_mut(filled..).unwrap_or_default()) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    head.truncate(filled);
    kyso::is_pdf(&head)
}

/// A password from an environment variable or the first line of a file (never from the
/// command line): `sign`'s key password, `verify`/`inspect`'s PDF password.
pub fn read_password(env: Option<&str>, file: Option<&Path>) -> Result<Option<Vec<u8>>, Msg> {
    if let Some(var) = env {
        let v = std::env::var_os(var).ok_or_else(|| Msg::PasswordEnvMissing {
            var: var.to_owned(),
        })?;
        return Ok(Some(v.into_encoded_bytes()));
    }
    if let Some(p) = file {
        let mut bytes = read(p, 64 * 1024)?;
        // First line only, without its line ending (files written by `echo` end in "\n").
        if let Some(end) = bytes.iter().position(|b| *b == b'\n') {
            bytes.truncate(end);
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        return Ok(Some(bytes));
    }
    Ok(None)
}

/// The read options of a PDF: its password when one was given.
pub fn pdf_read_options(args: &crate::PdfPasswordArgs) -> Result<kyso::PdfVerifyOptions, Msg> {
    let options = kyso::PdfVerifyOptions::default();
    Ok(
        match read_password(
            args.pdf_password_env.as_deref(),
            args.pdf_password_file.as_deref(),
        )? {
            Some(p) => options.with_password(p),
            None => options,
        },
    )
}
