//! Page geometry: paper sizes, margins mirrored for print, the text block.

use anyhow::{Result, bail};

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

/// A paper size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

impl Paper {
    /// ISO A5, 148 × 210 mm: the default for essays.
    pub const A5: Paper = Paper { width: 148.0 * MM, height: 210.0 * MM };
    /// ISO A4, 210 × 297 mm.
    pub const A4: Paper = Paper { width: 210.0 * MM, height: 297.0 * MM };
    /// US Letter, 8.5 × 11 in.
    pub const LETTER: Paper = Paper { width: 612.0, height: 792.0 };

    /// Parses `a4`, `a5`, `letter` or `WIDTHxHEIGHT` in millimetres (`170x240`).
    /// Refused: sizes outside 50–1000 mm, and strips so narrow that a page
    /// would hold no more than a line or two.
    pub fn parse(text: &str) -> Result<Paper> {
        match text.to_ascii_lowercase().as_str() {
            "a5" => return Ok(Paper::A5),
            "a4" => return Ok(Paper::A4),
            "letter" => return Ok(Paper::LETTER),
            _ => {}
        }
        let parsed = text
            .split_once(['x', 'X'])
            .and_then(|(w, h)| Some((w.trim().parse::<f32>().ok()?, h.trim().parse::<f32>().ok()?)));
        match parsed {
            Some((width, height))
                if (50.0..=1000.0).contains(&width)
                    && (50.0..=1000.0).contains(&height)
                    && width <= MAX_ASPECT * height
                    && height <= MAX_ASPECT * width =>
            {
                Ok(Paper { width: width * MM, height: height * MM })
            }
            _ => bail!(
                "unknown paper size {text:?}: use a4, a5, letter or WIDTHxHEIGHT in millimetres \
                 (50 to 1000, neither side more than {MAX_ASPECT} times the other)"
            ),
        }
    }
}

/// The longest side of a custom paper may be at most this many times the shortest.
const MAX_ASPECT: f32 = 3.0;

/// Margins and the text block on one paper size, scaled from A5 proportions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// The paper.
    pub paper: Paper,
    /// Margin at the binding.
    pub inner: f32,
    /// Margin at the fore-edge.
    pub outer: f32,
    /// Margin above the text block (the running head sits in it).
    pub top: f32,
    /// Margin below the text block (the folio sits in it).
    pub bottom: f32,
}

impl Geometry {
    /// Classic proportions: the fore-edge and foot wider than the gutter and head.
    pub fn for_paper(paper: Paper) -> Geometry {
        let unit = paper.width / 9.0;
        Geometry { paper, inner: unit * 0.9, outer: unit * 1.1, top: unit * 1.0, bottom: unit * 1.35 }
    }

    /// Width of the text block.
    pub fn measure(&self) -> f32 {
        self.paper.width - self.inner - self.outer
    }

    /// Left edge of the text block on page `number` (1-based). In a left-to-right
    /// book odd pages are rectos bound on their left; in a right-to-left book
    /// the book opens the other way and odd pages are bound on their right.
    pub fn left_edge(&self, number: usize, rtl: bool) -> f32 {
        let binding_on_left = (number % 2 == 1) != rtl;
        if binding_on_left { self.inner } else { self.outer }
    }

    /// Top of the text block, from the bottom of the page.
    pub fn block_top(&self) -> f32 {
        self.paper.height - self.top
    }

    /// Bottom of the text block, from the bottom of the page.
    pub fn block_bottom(&self) -> f32 {
        self.bottom
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_sizes_parse() {
        assert_eq!(Paper::parse("A5").unwrap(), Paper::A5);
        assert!((Paper::parse("170x240").unwrap().width - 170.0 * MM).abs() < 1e-3);
        assert!(Paper::parse("huge").is_err());
        assert!(Paper::parse("10x10").is_err());
    }

    #[test]
    fn margins_mirror_between_facing_pages() {
        let geometry = Geometry::for_paper(Paper::A5);
        assert_eq!(geometry.left_edge(1, false), geometry.inner);
        assert_eq!(geometry.left_edge(2, false), geometry.outer);
        assert_eq!(geometry.left_edge(1, true), geometry.outer, "an Arabic recto is bound on its right");
        assert_eq!(geometry.left_edge(2, true), geometry.inner);
    }
}
