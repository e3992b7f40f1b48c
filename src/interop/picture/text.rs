//! Text metrics and glyph outlines from Ubuntu Light, the font egui draws
//! with, so headless pictures and the app measure labels alike.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _};

use crate::layout::measure::node_box;
use crate::layout::{LabelKind, Size};
use crate::mermaid::Label;

/// Font size of node text, px.
pub const NODE_TEXT_PX: f32 = 14.0;
/// Font size of edge labels, px.
pub const EDGE_TEXT_PX: f32 = 13.0;
/// Font size of subgraph titles, px.
pub const TITLE_TEXT_PX: f32 = 14.0;
/// Padding around node text, px (see [`node_box`]).
pub const NODE_PAD: f32 = 14.0;
/// Padding around edge labels and titles: horizontal, vertical.
pub const LABEL_PAD: (f32, f32) = (5.0, 2.0);

/// The picture font.
#[derive(Debug, Clone)]
pub struct TextFont {
    font: FontRef<'static>,
}

/// The font bytes could not be read (only if the bundled font is damaged).
#[derive(Debug, thiserror::Error)]
#[error("the bundled font cannot be read: {0}")]
pub struct FontError(String);

impl TextFont {
    /// Loads the bundled Ubuntu Light.
    pub fn new() -> Result<Self, FontError> {
        FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT)
            .map(|font| Self { font })
            .map_err(|e| FontError(e.to_string()))
    }

    /// The `ab_glyph` scale for a font size of `px` pixels per em.
    pub fn scale(&self, px: f32) -> PxScale {
        let upem = self.font.units_per_em().unwrap_or(1000.0);
        PxScale::from(px * self.font.height_unscaled() / upem)
    }

    /// The font.
    pub fn font(&self) -> &FontRef<'static> {
        &self.font
    }

    /// Distance between baselines of consecutive lines.
    pub fn line_height(&self, px: f32) -> f32 {
        let s = self.font.as_scaled(self.scale(px));
        (s.ascent() - s.descent() + s.line_gap()).round()
    }

    /// Ascent above the baseline.
    pub fn ascent(&self, px: f32) -> f32 {
        self.font.as_scaled(self.scale(px)).ascent()
    }

    /// Advance width of `text`, with kerning.
    pub fn text_width(&self, text: &str, px: f32) -> f32 {
        let s = self.font.as_scaled(self.scale(px));
        let mut w = 0.0;
        let mut prev = None;
        for ch in text.chars() {
            let id = s.glyph_id(ch);
            if let Some(p) = prev {
                w += s.kern(p, id);
            }
            w += s.h_advance(id);
            prev = Some(id);
        }
        w
    }

    /// Size of a label's text block.
    pub fn label_size(&self, label: &Label, px: f32) -> Size {
        let lines = label.lines.len().max(1) as f32;
        let w = label
            .lines
            .iter()
            .map(|runs| {
                let t: String = runs.iter().map(|r| r.text.as_str()).collect();
                self.text_width(&t, px)
            })
            .fold(0.0, f32::max);
        Size::new(w.ceil(), lines * self.line_height(px))
    }

    /// The box of a label as archdeck draws it: nodes by their shape,
    /// edge labels and titles with a small padding.
    pub fn measure(&self, label: &Label, kind: LabelKind) -> Size {
        match kind {
            LabelKind::Node(shape) => {
                node_box(shape, self.label_size(label, NODE_TEXT_PX), NODE_PAD)
            }
            LabelKind::Edge => pad(self.label_size(label, EDGE_TEXT_PX)),
            LabelKind::ClusterTitle => pad(self.label_size(label, TITLE_TEXT_PX)),
        }
    }
}

fn pad(s: Size) -> Size {
    Size::new(s.w + 2.0 * LABEL_PAD.0, s.h + 2.0 * LABEL_PAD.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mermaid::Shape;

    #[test]
    fn wider_text_measures_wider() {
        let f = TextFont::new().expect("bundled font");
        let a = f.text_width("Load Balancer", 14.0);
        let b = f.text_width("Load Balancer Pool", 14.0);
        assert!(a > 50.0 && b > a, "{a} {b}");
        let two = f.label_size(&Label::plain("a\nb"), 14.0);
        let one = f.label_size(&Label::plain("a"), 14.0);
        assert!((two.h - 2.0 * one.h).abs() < 0.01);
        let node = f.measure(&Label::plain("API"), LabelKind::Node(Shape::Rect));
        assert!(node.w > one.w);
    }
}
