//! Lengths on the page: PDF points (ISO 32000-2 §8.3.2.3: default user space unit is 1/72 inch)
//! and millimetres, the unit Vietnamese templates and Decree 30/2020 Annex I give sizes in
//! (page margins, a seal's diameter). 1 inch = 25.4 mm exactly, so 1 mm = 72 / 25.4 pt.
//! Parsing lives here, not in the bindings: `20mm`, `56.7pt`, `56.7` (points).

use super::error::AppearanceError;
use crate::pdf::sign_options::PdfRect;

/// Points per millimetre: 72 / 25.4.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// A length given in points or millimetres.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Length {
    /// PDF points (1/72 inch).
    Pt(f64),
    /// Millimetres.
    Mm(f64),
}

impl Length {
    /// The length in points.
    pub fn to_pt(self) -> f64 {
        match self {
            Self::Pt(v) => v,
            Self::Mm(v) => v * PT_PER_MM,
        }
    }

    /// Reads `20mm`, `20 mm`, `56.7pt` or a bare number (`default` says its unit). Only finite
    /// numbers; [`AppearanceError::BadLength`] otherwise.
    pub fn parse(text: &str, default: Unit) -> Result<Self, AppearanceError> {
        let bad = || AppearanceError::BadLength {
            value: text.chars().take(40).collect(),
        };
        let t = text.trim();
        let (number, unit) = if let Some(n) = t.strip_suffix("mm") {
            (n, Unit::Mm)
        } else if let Some(n) = t.strip_suffix("pt") {
            (n, Unit::Pt)
        } else {
            (t, default)
        };
        let v: f64 = number.trim().parse().map_err(|_| bad())?;
        if !v.is_finite() {
            return Err(bad());
        }
        Ok(unit.length(v))
    }
}

/// A unit, for numbers given without one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unit {
    /// PDF points: what `--rect X,Y,W,H` meant before units (the default).
    #[default]
    Pt,
    Mm,
}

impl Unit {
    /// `pt` or `mm`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim() {
            "pt" => Some(Self::Pt),
            "mm" => Some(Self::Mm),
            _ => None,
        }
    }

    /// `v` in this unit.
    pub fn length(self, v: f64) -> Length {
        match self {
            Self::Pt => Length::Pt(v),
            Self::Mm => Length::Mm(v),
        }
    }
}

impl PdfRect {
    /// A rectangle from lengths: `x`, `y` from the bottom-left corner of the displayed page.
    pub fn from_lengths(x: Length, y: Length, width: Length, height: Length) -> Self {
        Self::new(x.to_pt(), y.to_pt(), width.to_pt(), height.to_pt())
    }

    /// Reads `X,Y,W,H`, each a [`Length`] (`20mm,30mm,60mm,25mm`, `57,85,170,71`; a number
    /// without a unit is in `default`). Width and height must be positive.
    pub fn parse(text: &str, default: Unit) -> Result<Self, AppearanceError> {
        let parts = text
            .split(',')
            .map(|p| Length::parse(p, default))
            .collect::<Result<Vec<_>, _>>()?;
        match parts.as_slice() {
            [x, y, w, h] if w.to_pt() > 0.0 && h.to_pt() > 0.0 => {
                Ok(Self::from_lengths(*x, *y, *w, *h))
            }
            _ => Err(AppearanceError::BadLength {
                value: text.chars().take(40).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn millimetres_are_72_over_25_4_points() {
        assert!((Length::Mm(25.4).to_pt() - 72.0).abs() < 1e-9);
        assert!((Length::Mm(40.0).to_pt() - 113.385_826_771_653_5).abs() < 1e-9);
        assert_eq!(Length::parse("12pt", Unit::Mm).unwrap(), Length::Pt(12.0));
        assert_eq!(Length::parse(" 20 mm", Unit::Pt).unwrap(), Length::Mm(20.0));
        assert_eq!(Length::parse("7", Unit::Mm).unwrap(), Length::Mm(7.0));
        assert!(Length::parse("inf", Unit::Pt).is_err());
        assert!(Length::parse("3cm", Unit::Pt).is_err());
        let r = PdfRect::parse("25.4mm,0,50.8mm,72pt", Unit::Pt).unwrap();
        assert_eq!(r, PdfRect::new(72.0, 0.0, 144.0, 72.0));
        assert!(PdfRect::parse("1,2,3", Unit::Pt).is_err());
        assert!(PdfRect::parse("1,2,0,4", Unit::Pt).is_err());
    }
}
