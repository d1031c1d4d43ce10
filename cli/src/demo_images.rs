//! `kyso demo`: the images of the Decree 30/2020 visible signatures, drawn here so the demo
//! needs no file: the person's handwritten signature (blue, transparent background, Annex I
//! §II.7.d) and the agency's round red seal (Annex I §II.8.a), as PNG.

use crate::msg::Msg;

/// Sub-samples per pixel side: the edges are anti-aliased by counting the covered ones.
const SUB: u32 = 3;

/// An RGBA PNG of `w` × `h` pixels, `rgb` with the coverage of `ink(column, x, y)` (pixel
/// units, y down) as alpha, transparent elsewhere; a `pHYs` chunk of `ppm` pixels per metre when given.
fn png(
    w: u32,
    h: u32,
    rgb: [u8; 3],
    ppm: Option<u32>,
    ink: impl Fn(u32, f64, f64) -> bool,
) -> Result<Vec<u8>, Msg> {
    let step = 1.0 / f64::from(SUB);
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let mut covered = 0u32;
            for sy in 0..SUB {
                for sx in 0..SUB {
                    let px = f64::from(x) + (f64::from(sx) + 0.5) * step;
                    let py = f64::from(y) + (f64::from(sy) + 0.5) * step;
                    if ink(x, px, py) {
                        covered += 1;
                    }
                }
            }
            let alpha = u8::try_from(covered * 255 / (SUB * SUB)).unwrap_or(u8::MAX);
            pixels.extend_from_slice(&[rgb[0], rgb[1], rgb[2], alpha]);
        }
    }
    let failed = |e: png::EncodingError| Msg::Internal {
        reason: e.to_string().into(),
    };
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, w, h);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        if let Some(ppm) = ppm {
            e.set_pixel_dims(Some(png::PixelDimensions {
                xppu: ppm,
                yppu: ppm,
                unit: png::Unit::Meter,
            }));
        }
        e.write_header()
            .map_err(failed)?
            .write_image_data(&pixels)
            .map_err(failed)?;
    }
    Ok(out)
}

/// The handwritten signature: one smooth pen stroke (a looping cursive line ending in a
/// flourish under it), 480 × 200 px, blue ink on a transparent background (Annex I §II.7.d:
/// the signature image is in blue, transparent background).
pub fn signature_png() -> Result<Vec<u8>, Msg> {
    const W: u32 = 480;
    const H: u32 = 200;
    const PEN: f64 = 4.5;
    let tau = std::f64::consts::TAU;
    // The stroke, sampled densely: x moves right while small loops turn around it.
    let samples: Vec<(f64, f64)> = (0..=3000u32)
        .map(|i| {
            let t = f64::from(i) / 3000.0;
            if t < 0.75 {
                let u = t / 0.75;
                let x = 40.0 + 330.0 * u + 28.0 * (tau * 4.0 * u).cos() * (1.0 - 0.3 * u);
                let y = 95.0 - 45.0 * (tau * 4.0 * u).sin() * (0.6 + 0.4 * (tau * u).sin().abs())
                    + 25.0 * u;
                (x, y)
            } else {
                // The flourish: back left under the name, rising gently at the end.
                let u = (t - 0.75) / 0.25;
                let x = 390.0 - 340.0 * u;
                let y = 125.0 + 35.0 * (std::f64::consts::PI * u).sin() - 20.0 * u;
                (x, y)
            }
        })
        .collect();
    // Samples by pixel column, for a quick distance test.
    let mut columns: Vec<Vec<(f64, f64)>> = (0..W).map(|_| Vec::new()).collect();
    for (c, column) in (0..W).zip(columns.iter_mut()) {
        let cx = f64::from(c) + 0.5;
        column.extend(samples.iter().filter(|(x, _)| (x - cx).abs() <= PEN + 1.0));
    }
    png(W, H, [20, 45, 200], None, |c, x, y| {
        usize::try_from(c)
            .ok()
            .and_then(|c| columns.get(c))
            .is_some_and(|column| {
                column
                    .iter()
                    .any(|(sx, sy)| (sx - x).powi(2) + (sy - y).powi(2) < PEN * PEN)
            })
    })
}

/// The agency's seal: two rings and a five-pointed star, red on a transparent background,
/// 472 px at 300 dpi (11 811 pixels per metre in `pHYs`) = 40 mm, a usual seal diameter.
pub fn seal_png() -> Result<Vec<u8>, Msg> {
    const N: u32 = 472;
    let c = f64::from(N) / 2.0;
    // The star's ten corners, alternately outer and inner, the first pointing up.
    let star: Vec<(f64, f64)> = (0..10u32)
        .map(|i| {
            let r = if i % 2 == 0 { 95.0 } else { 38.0 };
            let a = std::f64::consts::PI * f64::from(i) / 5.0;
            (c + r * a.sin(), c - r * a.cos())
        })
        .collect();
    let inside_star = |x: f64, y: f64| {
        // Even-odd ray casting over the star's edges.
        let mut inside = false;
        for (i, &(x1, y1)) in star.iter().enumerate() {
            let (x2, y2) = star.get((i + 1) % star.len()).copied().unwrap_or((x1, y1));
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                inside = !inside;
            }
        }
        inside
    };
    png(N, N, [215, 25, 30], Some(11_811), |_, x, y| {
        let d = ((x - c).powi(2) + (y - c).powi(2)).sqrt();
        (212.0..232.0).contains(&d) || (160.0..168.0).contains(&d) || inside_star(x, y)
    })
}
