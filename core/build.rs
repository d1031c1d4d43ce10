//! Turns the PEM files of the Vietnamese trust bundle (`trust/vn/`, kept in PEM for review and
//! provenance) into DER in `OUT_DIR`, which `path::vn` embeds: DER is what the store parses
//! anyway, and it is ~2.8 KB smaller gzipped than base64 in the WASM package (issue 5's size
//! budget). `path::vn`'s tests check every embedded certificate against its PEM file and the
//! README's fingerprint.

// The crate's own lenient PEM reader: the published files use CRLF and 76-column lines, which
// `pem-rfc7468` alone refuses.
#[allow(dead_code)]
#[path = "src/pem.rs"]
mod pem;

use std::error::Error;
use std::fs;
use std::path::Path;

fn convert(dir: &Path, rel: &Path, out: &Path) -> Result<(), Box<dyn Error>> {
    for entry in fs::read_dir(dir.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            convert(dir, &rel, out)?;
        } else if rel.extension().is_some_and(|e| e == "pem") {
            let pem = fs::read(entry.path())?;
            let der = match pem::blocks(&pem).as_deref() {
                Ok([block]) if block.label == "CERTIFICATE" => block.der.clone(),
                _ => return Err(format!("{}: not one PEM certificate", rel.display()).into()),
            };
            let target = out.join(&rel).with_extension("der");
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(target, der)?;
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=trust/vn");
    let out = std::env::var("OUT_DIR")?;
    convert(
        Path::new("trust/vn"),
        Path::new(""),
        &Path::new(&out).join("trust/vn"),
    )
}
