//! Pictures of laid-out diagrams: SVG and PNG, drawn from one scene that
//! the on-screen painter shares.

mod png;
pub mod scene;
pub mod shapes;
pub mod style;
mod svg;
pub mod text;

pub use png::{PngError, to_png};
pub use scene::{Owner, Prim, Scene, SceneItem, Stroke, scene};
pub use style::{Palette, Theme};
pub use svg::{MARGIN, to_svg};
pub use text::{FontError, TextFont};

use crate::layout::Layout;
use crate::mermaid::Flowchart;

/// `chart` laid out as `layout`, as an SVG document.
pub fn svg(chart: &Flowchart, layout: &Layout, theme: Theme) -> String {
    to_svg(&scene(chart, layout, theme))
}

/// `chart` laid out as `layout`, as PNG bytes at `scale` pixels per unit.
pub fn png(
    chart: &Flowchart,
    layout: &Layout,
    theme: Theme,
    scale: f32,
) -> Result<Vec<u8>, PngError> {
    to_png(&scene(chart, layout, theme), scale)
}
