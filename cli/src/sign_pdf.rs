//! `kyso sign --in doc.pdf`: core's `sign_pdf` makes an incremental update (ISO 32000-2 §7.5.6,
//! §12.8); the output is a byte-for-byte copy of the input followed by that update, so every
//! earlier signature stays valid and the input file is never changed.

use std::io::{Read, Write};
use std::path::Path;

use kyso::{Certificate, Lang, PdfSignOptions, RustCryptoProvider, SoftwareKey};

use crate::files::{self, FileSource};
use crate::msg::{Msg, label};
use crate::{CmdResult, PdfSignArgs, SignArgs};

/// The default font of visible signatures: Liberation Serif 2.1.5 (Debian fonts-liberation2,
/// SIL OFL 1.1, licence beside it in assets/fonts/), metric-compatible with Times New Roman,
/// the face Decree 30/2020 Annex I names, and covering Vietnamese. Compiled in so a stamp
/// never depends on the fonts installed; core only ever sees the bytes.
pub(crate) const DEFAULT_FONT: &[u8] =
    include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");

/// Largest font or image file read for an appearance (a CJK font is ~20 MB).
const MAX_APPEARANCE_FILE: usize = 32 * 1024 * 1024;

/// The signing options from the command line (core converts displayed coordinates).
fn options(
    pdf: &PdfSignArgs,
    time: kyso::DateTime,
    chain: Vec<Certificate>,
    lang: Lang,
) -> Result<PdfSignOptions, Msg> {
    let mut o = PdfSignOptions::new(time);
    o.sub_filter = pdf.subfilter;
    o.certify = pdf.certify;
    o.field.clone_from(&pdf.field);
    o.page = pdf.page.unwrap_or(1);
    o.rect = pdf.rect;
    o.reason.clone_from(&pdf.reason);
    o.location.clone_from(&pdf.location);
    o.contact_info.clone_from(&pdf.contact);
    o.chain = chain;
    let font = || match &pdf.font {
        Some(path) => files::read(path, MAX_APPEARANCE_FILE),
        None => Ok(DEFAULT_FONT.to_vec()),
    };
    let read = |path: &Option<std::path::PathBuf>| {
        path.as_ref()
            .map(|p| files::read(p, MAX_APPEARANCE_FILE))
            .transpose()
    };
    if let Some(kind) = pdf.layout.appearance {
        // The agency's image is its seal; everyone else's the signature image.
        let image = match (kind, &pdf.layout.seal) {
            (kyso::LayoutKind::Agency, Some(_)) => read(&pdf.layout.seal)?,
            _ => read(&pdf.image)?,
        };
        o.layout = Some(crate::layout_args::layout(
            &pdf.layout,
            kind,
            font()?,
            image,
            pdf.page,
            pdf.rect.is_some(),
            lang,
        ));
    } else if !pdf.text.is_empty() || pdf.image.is_some() {
        let mut appearance = kyso::VisibleAppearance::new(font()?).with_lines(pdf.text.clone());
        if let Some(image) = read(&pdf.image)? {
            appearance = appearance.with_image(image);
        }
        o.appearance = Some(appearance);
    }
    Ok(o)
}

pub fn run(
    args: &SignArgs,
    key: &SoftwareKey,
    certificate: &Certificate,
    chain: Vec<Certificate>,
    lang: Lang,
) -> CmdResult {
    let source = FileSource::open(&args.input)?;
    let mut rng = files::os_rng()?;
    let mut stamp_rng = files::os_rng()?;
    let now = files::now()?;
    let stamper = crate::timestamp::Stamper::from_args(&args.tsa)?;
    let options = options(&args.pdf, now, chain, lang)?;
    let mut sign = |prepared: &kyso::PreparedPdfSignature| {
        kyso::Signer::sign(key, prepared.to_be_signed(), &mut rng).map_err(|e| Msg::SigningFailed {
            reason: e.message().into(),
        })
    };
    // With --tsa core time-stamps the CMS before embedding it (`kyso::sign_pdf_timestamped`):
    // PAdES B-T with ETSI.CAdES.detached, the Adobe-style time-stamped signature with
    // adbe.pkcs7.detached.
    let mut run = |timestamping: Option<kyso::PdfTimestamping<'_>>| {
        kyso::sign_pdf_timestamped(
            &source,
            certificate,
            kyso::Signer::scheme(key),
            &options,
            &RustCryptoProvider,
            &mut sign,
            timestamping,
        )
    };
    let (update, taken) = match &stamper {
        Some(s) => s.with_stamping(now, |stamping| {
            run(Some(kyso::PdfTimestamping::new(stamping, &mut stamp_rng)))
        }),
        None => run(None),
    }?;
    if let Some(report) = &taken {
        crate::timestamp::print_taken(report, lang);
    }
    write_signed(&args.input, update.input_len, &update.bytes, &args.out)?;
    let who = certificate.identity().display_name();
    errln!(
        "{} {} ({}: {who}; PDF)",
        label(lang, "Đã ký:", "Signed:"),
        args.out.display(),
        label(lang, "người ký", "signer"),
    );
    Ok(0)
}

/// OUT = the first `len` bytes of INPUT (what core read and signed), then `update`. Written
/// beside OUT and renamed, so OUT may be INPUT and a failure leaves no half-written file.
pub fn write_signed(input: &Path, len: u64, update: &[u8], out: &Path) -> Result<(), Msg> {
    let cannot_write = |e: std::io::Error| Msg::CannotWrite {
        path: out.display().to_string(),
        reason: e.to_string(),
    };
    let mut tmp_name = out.as_os_str().to_owned();
    tmp_name.push(".kyso-tmp");
    let tmp = std::path::PathBuf::from(tmp_name);
    let result = (|| {
        let mut from = std::fs::File::open(input)
            .map_err(|e| Msg::CannotRead {
                path: input.display().to_string(),
                reason: e.to_string(),
            })?
            .take(len);
        let mut to = std::fs::File::create(&tmp).map_err(cannot_write)?;
        let copied = std::io::copy(&mut from, &mut to).map_err(cannot_write)?;
        if copied != len {
            // The input shrank while it was being signed.
            return Err(Msg::CannotRead {
                path: input.display().to_string(),
                reason: std::io::Error::from(std::io::ErrorKind::UnexpectedEof).to_string(),
            });
        }
        to.write_all(update).map_err(cannot_write)?;
        to.sync_all().map_err(cannot_write)?;
        std::fs::rename(&tmp, out).map_err(cannot_write)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
