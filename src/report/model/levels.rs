//! Risk levels as the reports show them: label, colour and a readable ink.

use serde::Serialize;

use crate::model::Matrix;

#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub id: String,
    pub label: String,
    pub color: String,
    /// Text colour readable on `color`.
    pub ink: String,
    /// 1 = lowest level.
    pub rank: usize,
}

pub fn level_view(m: &Matrix, id: Option<&str>) -> Option<LevelView> {
    let id = id?;
    let level = m.level(id)?;
    Some(LevelView {
        id: level.id.clone(),
        label: level.label.clone(),
        ink: ink_for(&level.color).to_string(),
        color: level.color.clone(),
        rank: m.rank(id) + 1,
    })
}

/// Black or white text, whichever contrasts more with a background colour `#rrggbb` by WCAG 2.1's
/// contrast ratio. The better of the two always reaches at least 4.58:1, so a level badge meets
/// WCAG AA (4.5:1) whatever colour a coordinator puts in `matrix.yaml`.
fn ink_for(color: &str) -> &'static str {
    let l = relative_luminance(color);
    // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// WCAG 2.1 relative luminance of `#rrggbb` (0 = black, 1 = white); unreadable digits count as 0.
fn relative_luminance(color: &str) -> f64 {
    let hex = color.trim().trim_start_matches('#');
    let channel = |i: usize| {
        let c = f64::from(
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .unwrap_or(0),
        ) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub level: LevelView,
    pub count: usize,
}

#[cfg(test)]
mod tests {
    use super::{ink_for, relative_luminance};

    fn contrast(a: f64, b: f64) -> f64 {
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn luminance_follows_wcag() {
        assert_eq!(relative_luminance("#000000"), 0.0);
        assert!((relative_luminance("#ffffff") - 1.0).abs() < 1e-12);
        // #767676 is the lightest grey with 4.5:1 on white.
        assert!(contrast(relative_luminance("#767676"), 1.0) >= 4.5);
        assert!(contrast(relative_luminance("#777777"), 1.0) < 4.5);
    }

    #[test]
    fn ink_reaches_aa_contrast_on_every_background() {
        // The default levels: white on green and red, black on yellow and orange (white on
        // #ef6c00 is only 3.1:1).
        assert_eq!(ink_for("#2e7d32"), "#ffffff");
        assert_eq!(ink_for("#f9a825"), "#000000");
        assert_eq!(ink_for("#ef6c00"), "#000000");
        assert_eq!(ink_for("#c62828"), "#ffffff");
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let bg = format!("#{r:02x}{g:02x}{b:02x}");
                    let ink = relative_luminance(ink_for(&bg));
                    let ratio = contrast(relative_luminance(&bg), ink);
                    assert!(ratio >= 4.5, "{bg}: {ratio:.2}");
                }
            }
        }
    }
}
