//! Style properties (`fill:#f9f,stroke:#333`) and their resolution into a
//! [`Style`].

use super::color::parse_color;
use super::model::Style;

/// One `name:value` property as written (both trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prop<'a> {
    /// Property name, such as `fill`.
    pub name: &'a str,
    /// Property value, such as `#f9f`.
    pub value: &'a str,
    /// Byte offset of the name in the diagram text (for notes).
    pub offset: usize,
}

/// A piece of a style list that is not `name:value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadProp {
    /// Byte offset of the piece.
    pub offset: usize,
}

/// Splits a style list such as `fill:#f9f, stroke:#333,stroke-dasharray: 5, 5`
/// into properties. `base` is the byte offset of `list` in the diagram.
///
/// Commas inside parentheses (`rgb(1,2,3)`) and escaped commas (`\,`) do not
/// split; a piece without `:` continues the previous value (`5, 5`).
pub fn split_props(list: &str, base: usize) -> Result<Vec<Prop<'_>>, BadProp> {
    let mut props: Vec<Prop<'_>> = Vec::new();
    let b = list.as_bytes();
    let mut depth = 0u32;
    let mut start = 0;
    let mut last_value_start = 0;
    let mut i = 0;
    while i <= b.len() {
        let at_end = i == b.len();
        let c = if at_end { b',' } else { b[i] };
        match c {
            b'\\' if !at_end && b.get(i + 1) == Some(&b',') => {
                i += 2;
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 || at_end => {
                let piece = &list[start..i];
                let lead = piece.len() - piece.trim_start().len();
                let piece_trimmed = piece.trim();
                if !piece_trimmed.is_empty() {
                    if let Some(colon) = piece_trimmed.find(':') {
                        let value = &piece_trimmed[colon + 1..];
                        let value_lead = value.len() - value.trim_start().len();
                        last_value_start = start + lead + colon + 1 + value_lead;
                        props.push(Prop {
                            name: piece_trimmed[..colon].trim(),
                            value: value.trim(),
                            offset: base + start + lead,
                        });
                    } else if let Some(last) = props.last_mut() {
                        // `stroke-dasharray: 5, 5`: extend the previous value
                        // over this piece.
                        let end = start + lead + piece_trimmed.len();
                        last.value = &list[last_value_start..end];
                    } else {
                        return Err(BadProp {
                            offset: base + start + lead,
                        });
                    }
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(props)
}

/// Applies properties in order onto `style`. Returns the properties whose
/// value could not be read (kept in `raw`), for notes.
pub fn apply_props<'p, 'a>(style: &mut Style, props: &'p [Prop<'a>]) -> Vec<&'p Prop<'a>> {
    let mut unreadable = Vec::new();
    for prop in props {
        let name = prop.name.trim();
        let value = prop.value.trim().trim_end_matches("!important").trim();
        let known = match name.to_ascii_lowercase().as_str() {
            "fill" | "background" | "background-color" => {
                parse_color(value).map(|c| style.fill = Some(c))
            }
            "stroke" => parse_color(value).map(|c| style.stroke = Some(c)),
            "color" => parse_color(value).map(|c| style.text = Some(c)),
            "stroke-width" => parse_px(value).map(|w| style.stroke_width = Some(w)),
            "stroke-dasharray" => {
                style.dashed = !matches!(value, "" | "none" | "0" | "0px");
                Some(())
            }
            "font-weight" => {
                style.bold = match value.to_ascii_lowercase().as_str() {
                    "bold" | "bolder" => true,
                    v => v.parse::<u32>().is_ok_and(|w| w >= 600),
                };
                Some(())
            }
            _ => {
                set_raw(style, name, value);
                continue;
            }
        };
        if known.is_none() {
            set_raw(style, name, value);
            unreadable.push(prop);
        } else {
            // A readable value replaces an unreadable one given earlier.
            style.raw.retain(|(n, _)| n != name);
        }
    }
    unreadable
}

fn set_raw(style: &mut Style, name: &str, value: &str) {
    style.raw.retain(|(n, _)| n != name);
    style.raw.push((name.to_owned(), value.to_owned()));
}

/// `2`, `2px`, `1.5px` -> pixels.
fn parse_px(value: &str) -> Option<f32> {
    let n: f32 = value
        .strip_suffix("px")
        .unwrap_or(value)
        .trim()
        .parse()
        .ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mermaid::model::Color;

    fn names_values<'a>(props: &[Prop<'a>]) -> Vec<(&'a str, &'a str)> {
        props.iter().map(|p| (p.name, p.value)).collect()
    }

    #[test]
    fn splits_on_top_level_commas() {
        let props =
            split_props("fill:#f9f, stroke:rgb(1, 2, 3),stroke-dasharray: 5, 5", 0).expect("valid");
        assert_eq!(
            names_values(&props),
            vec![
                ("fill", "#f9f"),
                ("stroke", "rgb(1, 2, 3)"),
                ("stroke-dasharray", "5, 5")
            ]
        );
        assert_eq!(props[1].offset, 11);
        assert_eq!(split_props("red", 4), Err(BadProp { offset: 4 }));
        assert!(split_props("  ", 0).expect("empty").is_empty());
    }

    #[test]
    fn applies_in_order() {
        let props = split_props(
            "fill:#f00,stroke:#333,color:white,stroke-width:4px,stroke-dasharray: 5 5,font-weight:bold,font-size:12px,fill:#00f,rx:3,stroke:blurple",
            0,
        )
        .expect("valid");
        let mut style = Style::default();
        let bad = apply_props(&mut style, &props);
        assert_eq!(
            style.fill,
            Some(Color {
                r: 0,
                g: 0,
                b: 255,
                a: 255
            })
        );
        assert_eq!(
            style.stroke,
            Some(Color {
                r: 0x33,
                g: 0x33,
                b: 0x33,
                a: 255
            })
        );
        assert_eq!(
            style.text,
            Some(Color {
                r: 255,
                g: 255,
                b: 255,
                a: 255
            })
        );
        assert_eq!(style.stroke_width, Some(4.0));
        assert!(style.dashed && style.bold);
        assert_eq!(
            style.raw,
            vec![
                ("font-size".to_owned(), "12px".to_owned()),
                ("rx".to_owned(), "3".to_owned()),
                ("stroke".to_owned(), "blurple".to_owned())
            ]
        );
        assert_eq!(bad.len(), 1);
    }
}
