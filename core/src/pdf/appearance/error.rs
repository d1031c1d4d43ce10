//! Why a visible signature appearance could not be built: typed, one catalogue sentence each
//! (`pdf.appearance.*`, signing side only).

use crate::error::ErrorText;
use crate::i18n::MessageId;

/// Which image format an image error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageKind {
    Png,
    Jpeg,
}

impl ImageKind {
    fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
        }
    }
}

/// A visible appearance could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppearanceError {
    /// The font is not a TrueType/OpenType font kyso can read.
    FontUnreadable,
    /// The font's licence (OS/2 `fsType`) forbids embedding or subsetting it.
    FontNotEmbeddable,
    /// The font could not be subset.
    FontSubset,
    /// The font has no glyph for this character (never replaced by another font: a
    /// standard-14 Latin font would lose Vietnamese letters, brief pdf-ltv-login.md §1 rows 4, 20).
    MissingGlyph { character: char },
    /// The text does not fit the rectangle even at the smallest size kyso sets (`min_size` pt).
    TextDoesNotFit { min_size: u32 },
    /// The image is neither PNG nor JPEG.
    ImageFormat,
    /// The PNG or JPEG is corrupt or truncated.
    ImageUnreadable { kind: ImageKind },
    /// A JPEG kind PDF readers do not all show (arithmetic coding, lossless, 12-bit, an
    /// unusual number of components).
    JpegUnsupported,
    /// The image is larger than kyso embeds (pixels or bytes).
    ImageTooLarge,
    /// There is nothing to draw: no text and no image.
    Empty,
    /// A visible appearance needs a rectangle on the page (`rect`).
    NeedsRect,
    /// The existing signature field to draw into has no widget with an area on a page.
    FieldHasNoArea { name: String },
    /// A length or rectangle could not be read (`20mm`, `56.7pt`, `X,Y,W,H`).
    BadLength { value: String },
    /// The rectangle lies (partly) outside the displayed page (CropBox, `/Rotate` applied):
    /// a viewer would cut the signature off, and DocMDP checks flag off-page widgets.
    RectOffPage { page: u32 },
    /// No signed signature field with a visible widget to place the seal beside (Decree 30
    /// Annex I §II.8.a: the seal overlaps the person's signature).
    NoPersonSignature,
    /// The named field is not a signed signature field with a visible widget.
    PersonFieldUnusable { name: String },
    /// The form field to fill is missing, not a text field, or has no widget on a page.
    FormFieldUnusable { name: String },
    /// The layout needs an image (the signature image, the seal) and none was given.
    NeedsImage,
    /// This build of kyso draws no appearances (core feature `appearance` off).
    NotInThisBuild,
}

impl AppearanceError {
    /// The catalogue sentence.
    pub fn message(&self) -> ErrorText {
        match self {
            Self::FontUnreadable => ErrorText::new(MessageId::PdfAppearanceFontUnreadable),
            Self::FontNotEmbeddable => ErrorText::new(MessageId::PdfAppearanceFontNotEmbeddable),
            Self::FontSubset => ErrorText::new(MessageId::PdfAppearanceFontSubset),
            Self::MissingGlyph { character } => {
                ErrorText::new(MessageId::PdfAppearanceMissingGlyph)
                    .with("char", character.to_string())
                    .with("code", format!("U+{:04X}", u32::from(*character)))
            }
            Self::TextDoesNotFit { min_size } => {
                ErrorText::new(MessageId::PdfAppearanceTextDoesNotFit)
                    .with("size", min_size.to_string())
            }
            Self::ImageFormat => ErrorText::new(MessageId::PdfAppearanceImageFormat),
            Self::ImageUnreadable { kind } => {
                ErrorText::new(MessageId::PdfAppearanceImageUnreadable).with("kind", kind.name())
            }
            Self::JpegUnsupported => ErrorText::new(MessageId::PdfAppearanceJpegUnsupported),
            Self::ImageTooLarge => ErrorText::new(MessageId::PdfAppearanceImageTooLarge),
            Self::Empty => ErrorText::new(MessageId::PdfAppearanceEmpty),
            Self::NeedsRect => ErrorText::new(MessageId::PdfAppearanceNeedsRect),
            Self::FieldHasNoArea { name } => {
                ErrorText::new(MessageId::PdfAppearanceFieldHasNoArea).with("name", name.clone())
            }
            Self::BadLength { value } => {
                ErrorText::new(MessageId::PdfAppearanceBadLength).with("value", value.clone())
            }
            Self::RectOffPage { page } => {
                ErrorText::new(MessageId::PdfAppearanceRectOffPage).with("page", page.to_string())
            }
            Self::NoPersonSignature => ErrorText::new(MessageId::PdfAppearanceNoPersonSignature),
            Self::PersonFieldUnusable { name } => {
                ErrorText::new(MessageId::PdfAppearancePersonFieldUnusable)
                    .with("name", name.clone())
            }
            Self::FormFieldUnusable { name } => {
                ErrorText::new(MessageId::PdfAppearanceFormFieldUnusable).with("name", name.clone())
            }
            Self::NeedsImage => ErrorText::new(MessageId::PdfAppearanceNeedsImage),
            Self::NotInThisBuild => ErrorText::new(MessageId::PdfAppearanceNotInThisBuild),
        }
    }

    /// The stable code of [`AppearanceError::message`].
    pub fn code(&self) -> &'static str {
        self.message().code()
    }
}

impl core::fmt::Display for AppearanceError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message().render(crate::i18n::Lang::En))
    }
}

impl std::error::Error for AppearanceError {}
