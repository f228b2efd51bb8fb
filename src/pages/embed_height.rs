//! How tall an embed is at a given width, estimated on the server so that the iframe's first
//! height (oEmbed's `height`, the embed code's `height`) is right before any resize message
//! arrives — and stays right in hosts that never resize. The embed's map height follows its
//! width (`static/app.css`: `clamp(260px, 70vw, 520px)`); the text around it is laid out as lines
//! of the stylesheet's sizes, with a generous estimate of each character's width. The browser
//! suite measures the real heights against this estimate (`tests/browser/wordpress.test.mjs`).

/// Body padding, top and bottom (`.page-embed { padding: 0.5rem }`).
const PADDING: f64 = 16.0;

/// The text of one block of an embed, with its font size in pixels.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text as it reads.
    pub text: String,
    /// Font size in CSS pixels.
    pub size: f64,
    /// Space above and below, in pixels.
    pub margin: f64,
}

/// The map's height at `width` (the iframe's width is the embed's viewport width).
pub fn map_height(width: u32) -> f64 {
    (0.7 * f64::from(width)).clamp(260.0, 520.0)
}

/// Lines `text` takes at `size` px in `width` px: Latin letters about 0.55 em, CJK a full em,
/// words kept whole (a no-break space joins what must stay on one line, as a legend item).
fn lines(text: &str, size: f64, width: f64) -> usize {
    let em = |c: char| if c >= '\u{2e80}' { 1.0 } else { 0.55 };
    let (mut lines, mut used) = (1usize, 0.0f64);
    for word in text.split_inclusive([' ', '、', '，', '；']) {
        let w: f64 = word.chars().map(em).sum::<f64>() * size;
        if used > 0.0 && used + w > width {
            lines += 1;
            used = 0.0;
        }
        if w > width {
            // A word wider than the line (a Chinese sentence has no spaces) breaks where it must.
            lines += (w / width).floor() as usize;
            used = w % width;
        } else {
            used += w;
        }
    }
    lines
}

/// The embed's height at `width`: the map plus `blocks` of text (title, legend rows, card
/// lines, credit), each at its line height (`line-height: 1.45`), plus `extra` fixed pixels
/// (a card's border and padding).
pub fn estimate(width: u32, blocks: &[Block], extra: f64) -> u32 {
    let text_width = f64::from(width) - 2.0 * PADDING - 8.0;
    let text: f64 = blocks.iter().map(|b| lines(&b.text, b.size, text_width) as f64 * b.size * 1.45 + b.margin).sum();
    (PADDING * 2.0 + map_height(width) + text + extra).ceil() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_follows_the_width_and_text_wraps() {
        assert_eq!((map_height(320), map_height(500), map_height(1000)), (260.0, 350.0, 520.0));
        assert_eq!(lines("short", 16.0, 300.0), 1);
        assert!(lines(&"word ".repeat(60), 16.0, 300.0) >= 5);
        assert!(lines(&"中文".repeat(40), 16.0, 300.0) >= 4, "CJK characters are a full em");
        let narrow = estimate(320, &[Block { text: "word ".repeat(40), size: 16.0, margin: 0.0 }], 0.0);
        let wide = estimate(800, &[Block { text: "word ".repeat(40), size: 16.0, margin: 0.0 }], 0.0);
        assert!(narrow > 260 && wide > 520 && wide - 520 < narrow - 260, "{narrow} {wide}");
    }
}
