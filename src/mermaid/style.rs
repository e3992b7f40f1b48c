//! Style properties (`fill:#f9f,stroke:#333`) and their resolution into a
//! [`Style`].

use super::color::parse_color;
use super::model::{Color, Style};

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
                let lead = piece.len() - piece.trim_ascii_start().len();
                let piece_trimmed = piece.trim_ascii();
                if !piece_trimmed.is_empty() {
                    if let Some(colon) = piece_trimmed.find(':') {
                        let value = &piece_trimmed[colon + 1..];
                        let value_lead = value.len() - value.trim_ascii_start().len();
                        last_value_start = start + lead + colon + 1 + value_lead;
                        props.push(Prop {
                            name: piece_trimmed[..colon].trim_ascii(),
                            value: value.trim_ascii(),
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

/// A property read once, ready to apply to many items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Compiled<'a> {
    /// `fill`
    Fill(Color),
    /// `stroke`
    Stroke(Color),
    /// `color`
    Text(Color),
    /// `stroke-width`
    Width(f32),
    /// `stroke-dasharray`
    Dashed(bool),
    /// `font-weight`
    Bold(bool),
    /// Anything else, or a value that could not be read: kept as written.
    Raw(&'a str, &'a str),
}

/// Reads properties once. Returns them and the properties whose value could
/// not be read (kept as [`Compiled::Raw`]), for notes.
pub fn compile<'p, 'a>(props: &'p [Prop<'a>]) -> (Vec<Compiled<'a>>, Vec<&'p Prop<'a>>) {
    let mut out = Vec::with_capacity(props.len());
    let mut unreadable = Vec::new();
    for prop in props {
        let name = prop.name.trim_ascii();
        let mut value = prop.value.trim_ascii();
        if value.as_bytes().ends_with(b"!important") {
            value = value[..value.len() - "!important".len()].trim_ascii_end();
        }
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        let known = if is("fill") || is("background") || is("background-color") {
            Some(parse_color(value).map(Compiled::Fill))
        } else if is("stroke") {
            Some(parse_color(value).map(Compiled::Stroke))
        } else if is("color") {
            Some(parse_color(value).map(Compiled::Text))
        } else if is("stroke-width") {
            Some(parse_px(value).map(Compiled::Width))
        } else if is("stroke-dasharray") {
            Some(Some(Compiled::Dashed(!matches!(
                value,
                "" | "none" | "0" | "0px"
            ))))
        } else if is("font-weight") {
            let bold = value.eq_ignore_ascii_case("bold")
                || value.eq_ignore_ascii_case("bolder")
                || value.parse::<u32>().is_ok_and(|w| w >= 600);
            Some(Some(Compiled::Bold(bold)))
        } else {
            None
        };
        match known {
            Some(Some(c)) => out.push(c),
            Some(None) => {
                out.push(Compiled::Raw(name, value));
                unreadable.push(prop);
            }
            None => out.push(Compiled::Raw(name, value)),
        }
    }
    (out, unreadable)
}

/// Which property a kept-as-written entry is, for "a later one replaces it".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    /// One of the properties archdeck reads (`fill` and its aliases count as one).
    Known(u8),
    /// Any other name, as written.
    Name(&'a str),
}

fn known_key(name: &str) -> Option<u8> {
    const GROUPS: &[&[&str]] = &[
        &["fill", "background", "background-color"],
        &["stroke"],
        &["color"],
        &["stroke-width"],
        &["stroke-dasharray"],
        &["font-weight"],
    ];
    GROUPS
        .iter()
        .position(|g| g.iter().any(|n| name.eq_ignore_ascii_case(n)))
        .map(|i| i as u8)
}

fn key_of(name: &str) -> Key<'_> {
    known_key(name).map_or(Key::Name(name), Key::Known)
}

/// The kind index of a drawn property (as [`known_key`] numbers them).
fn kind_of(prop: &Compiled<'_>) -> Option<u8> {
    Some(match prop {
        Compiled::Fill(_) => 0,
        Compiled::Stroke(_) => 1,
        Compiled::Text(_) => 2,
        Compiled::Width(_) => 3,
        Compiled::Dashed(_) => 4,
        Compiled::Bold(_) => 5,
        Compiled::Raw(..) => return None,
    })
}

/// The net effect of a property list, applied to many items at a cost
/// independent of the list's length: the last value of each drawn property,
/// and the kept-as-written properties left after later ones replaced
/// earlier ones.
#[derive(Debug, Clone, Default)]
pub struct PropSet<'a> {
    /// At most one per drawn property, in order.
    drawn: Vec<Compiled<'a>>,
    /// Kept-as-written `(name, value)`, in order of their last setting.
    raw: Vec<(&'a str, &'a str)>,
    /// Bytes that copying `raw` into one item costs.
    raw_cost: usize,
}

impl<'a> PropSet<'a> {
    /// True when applying the set changes nothing.
    pub fn is_empty(&self) -> bool {
        self.drawn.is_empty() && self.raw.is_empty()
    }

    /// Summarises read properties, in order.
    pub fn new(props: &[Compiled<'a>]) -> Self {
        let mut r = Resolver::default();
        let mut drawn: [Option<Compiled<'a>>; 6] = [None; 6];
        for prop in props {
            match (kind_of(prop), *prop) {
                (Some(kind), p) => {
                    drawn[usize::from(kind)] = Some(p);
                    r.cancel(kind);
                }
                (None, Compiled::Raw(name, value)) => {
                    r.events.push((key_of(name), Some((name, value))));
                }
                (None, _) => {}
            }
        }
        let raw = r.settle();
        let raw_cost = raw.iter().map(|(n, v)| n.len() + v.len() + 48).sum();
        Self {
            drawn: drawn.into_iter().flatten().collect(),
            raw,
            raw_cost,
        }
    }
}

/// Resolves the style of one item from property sets applied in order.
#[derive(Debug, Default)]
pub struct Resolver<'a> {
    style: Style,
    /// Kept-as-written values (`Some`) and drawn settings that replace
    /// earlier ones of the same name (`None`), in order.
    events: Vec<(Key<'a>, Option<(&'a str, &'a str)>)>,
    dropped: bool,
}

impl<'a> Resolver<'a> {
    fn cancel(&mut self, kind: u8) {
        if !self.events.is_empty() {
            self.events.push((Key::Known(kind), None));
        }
    }

    /// Applies a property set. Its kept-as-written properties are copied
    /// only while `budget` (bytes, shared by the chart) lasts.
    pub fn apply(&mut self, set: &PropSet<'a>, budget: &mut usize) {
        for prop in &set.drawn {
            match *prop {
                Compiled::Fill(c) => self.style.fill = Some(c),
                Compiled::Stroke(c) => self.style.stroke = Some(c),
                Compiled::Text(c) => self.style.text = Some(c),
                Compiled::Width(w) => self.style.stroke_width = Some(w),
                Compiled::Dashed(d) => self.style.dashed = d,
                Compiled::Bold(b) => self.style.bold = b,
                Compiled::Raw(..) => {}
            }
            if let Some(kind) = kind_of(prop) {
                self.cancel(kind);
            }
        }
        if set.raw.is_empty() {
            return;
        }
        if set.raw_cost > *budget {
            self.dropped = true;
            return;
        }
        *budget -= set.raw_cost;
        self.events
            .extend(set.raw.iter().map(|&(n, v)| (key_of(n), Some((n, v)))));
    }

    /// The kept-as-written properties left: latest first, the first of each
    /// name kept, then back in order. Linear in the number of events.
    fn settle(self) -> Vec<(&'a str, &'a str)> {
        let mut kept: Vec<(&str, &str)> = Vec::new();
        let mut seen_small: Vec<Key<'_>> = Vec::new();
        let mut seen_large: std::collections::HashSet<Key<'_>> = std::collections::HashSet::new();
        let large = self.events.len() > 16;
        for &(key, value) in self.events.iter().rev() {
            let fresh = if large {
                seen_large.insert(key)
            } else if seen_small.contains(&key) {
                false
            } else {
                seen_small.push(key);
                true
            };
            if fresh && let Some(pair) = value {
                kept.push(pair);
            }
        }
        kept.reverse();
        kept
    }

    /// The resolved style, and whether kept-as-written properties were
    /// dropped for lack of budget.
    pub fn finish(mut self) -> (Style, bool) {
        let dropped = self.dropped;
        let mut style = std::mem::take(&mut self.style);
        if !self.events.is_empty() {
            style.raw = self
                .settle()
                .into_iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect();
        }
        (style, dropped)
    }
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
        let (compiled, bad) = compile(&props);
        let mut resolver = Resolver::default();
        let mut budget = 1000;
        resolver.apply(&PropSet::new(&compiled), &mut budget);
        let (style, dropped) = resolver.finish();
        assert!(!dropped);
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

    #[test]
    fn later_sets_replace_earlier_ones_and_the_budget_holds() {
        let set = |text| {
            let props = split_props(text, 0).expect("valid");
            PropSet::new(&compile(&props).0)
        };
        let a = set("fill:blurple,rx:1,font-size:9px");
        let b = set("fill:red,rx:2");
        let mut budget = 10_000;
        let mut r = Resolver::default();
        r.apply(&a, &mut budget);
        r.apply(&b, &mut budget);
        let (style, dropped) = r.finish();
        assert!(!dropped);
        assert_eq!(style.fill, crate::mermaid::parse_color("red"));
        assert_eq!(
            style.raw,
            vec![
                ("font-size".to_owned(), "9px".to_owned()),
                ("rx".to_owned(), "2".to_owned())
            ]
        );
        // Out of budget: drawn properties still apply, the others are dropped.
        let mut budget = 10;
        let mut r = Resolver::default();
        r.apply(&b, &mut budget);
        let (style, dropped) = r.finish();
        assert!(dropped && style.raw.is_empty());
        assert_eq!(style.fill, crate::mermaid::parse_color("red"));
    }
}
