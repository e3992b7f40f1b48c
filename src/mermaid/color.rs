//! CSS colour values as written in `style`, `classDef` and `linkStyle`.

use super::model::Color;

/// Reads a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`,
/// `rgba()`, `hsl()`, `hsla()`, a CSS colour name, `transparent` or `none`.
/// `None` when the value is not a colour archdeck understands.
pub fn parse_color(value: &str) -> Option<Color> {
    let v = value.trim_ascii();
    if let Some(hex) = v.strip_prefix('#') {
        return parse_hex(hex);
    }
    let lower_buf;
    let lower = if v.bytes().any(|b| b.is_ascii_uppercase()) {
        lower_buf = v.to_ascii_lowercase();
        lower_buf.as_str()
    } else {
        v
    };
    if let Some(open) = lower.find('(') {
        let name = lower[..open].trim();
        let args = lower[open + 1..].strip_suffix(')')?;
        return match name {
            "rgb" | "rgba" => parse_rgb_args(args),
            "hsl" | "hsla" => parse_hsl_args(args),
            _ => None,
        };
    }
    if lower == "transparent" || lower == "none" {
        return Some(Color {
            r: 0,
            g: 0,
            b: 0,
            a: 0,
        });
    }
    named_color(lower)
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn parse_hex(hex: &str) -> Option<Color> {
    let b = hex.as_bytes();
    let mut d = [0u8; 8];
    if b.len() > 8 {
        return None;
    }
    for (slot, &c) in d.iter_mut().zip(b) {
        *slot = hex_digit(c)?;
    }
    let short = |i: usize| d[i] * 17;
    let long = |i: usize| d[i] * 16 + d[i + 1];
    match b.len() {
        3 => Some(Color {
            r: short(0),
            g: short(1),
            b: short(2),
            a: 255,
        }),
        4 => Some(Color {
            r: short(0),
            g: short(1),
            b: short(2),
            a: short(3),
        }),
        6 => Some(Color {
            r: long(0),
            g: long(2),
            b: long(4),
            a: 255,
        }),
        8 => Some(Color {
            r: long(0),
            g: long(2),
            b: long(4),
            a: long(6),
        }),
        _ => None,
    }
}

/// Splits `r, g, b[, a]` or `r g b [/ a]` into its parts.
fn split_args(args: &str) -> Vec<&str> {
    if args.contains(',') {
        args.split(',').map(str::trim).collect()
    } else {
        args.split(|c: char| c.is_whitespace() || c == '/')
            .filter(|s| !s.is_empty())
            .collect()
    }
}

fn parse_number(s: &str) -> Option<f32> {
    let n: f32 = s.trim().parse().ok()?;
    n.is_finite().then_some(n)
}

/// A channel 0..=255 from `128` or `50%`.
fn channel(s: &str) -> Option<u8> {
    let v = match s.strip_suffix('%') {
        Some(p) => parse_number(p)? * 2.55,
        None => parse_number(s)?,
    };
    Some(v.round().clamp(0.0, 255.0) as u8)
}

/// Alpha 0..=255 from `0.5` or `50%`.
fn alpha(s: &str) -> Option<u8> {
    let v = match s.strip_suffix('%') {
        Some(p) => parse_number(p)? / 100.0,
        None => parse_number(s)?,
    };
    Some((v.clamp(0.0, 1.0) * 255.0).round() as u8)
}

fn parse_rgb_args(args: &str) -> Option<Color> {
    let parts = split_args(args);
    let (r, g, b) = match parts.as_slice() {
        [r, g, b] | [r, g, b, _] => (channel(r)?, channel(g)?, channel(b)?),
        _ => return None,
    };
    let a = match parts.get(3) {
        Some(a) => alpha(a)?,
        None => 255,
    };
    Some(Color { r, g, b, a })
}

fn parse_hsl_args(args: &str) -> Option<Color> {
    let parts = split_args(args);
    if !(3..=4).contains(&parts.len()) {
        return None;
    }
    let hue = parse_number(parts[0].trim_end_matches("deg"))?.rem_euclid(360.0) / 360.0;
    let sat = parse_number(parts[1].strip_suffix('%')?)?.clamp(0.0, 100.0) / 100.0;
    let light = parse_number(parts[2].strip_suffix('%')?)?.clamp(0.0, 100.0) / 100.0;
    let a = match parts.get(3) {
        Some(a) => alpha(a)?,
        None => 255,
    };
    // CSS Color 4, "HSL to RGB".
    let f = |n: f32| {
        let k = (n + hue * 12.0) % 12.0;
        let amount = sat * light.min(1.0 - light);
        let v = light - amount * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0);
        (v * 255.0).round().clamp(0.0, 255.0) as u8
    };
    Some(Color {
        r: f(0.0),
        g: f(8.0),
        b: f(4.0),
        a,
    })
}

/// The CSS named colours (CSS Color 4), sorted by name.
const NAMED: &[(&str, &str)] = &[
    ("aliceblue", "f0f8ff"),
    ("antiquewhite", "faebd7"),
    ("aqua", "00ffff"),
    ("aquamarine", "7fffd4"),
    ("azure", "f0ffff"),
    ("beige", "f5f5dc"),
    ("bisque", "ffe4c4"),
    ("black", "000000"),
    ("blanchedalmond", "ffebcd"),
    ("blue", "0000ff"),
    ("blueviolet", "8a2be2"),
    ("brown", "a52a2a"),
    ("burlywood", "deb887"),
    ("cadetblue", "5f9ea0"),
    ("chartreuse", "7fff00"),
    ("chocolate", "d2691e"),
    ("coral", "ff7f50"),
    ("cornflowerblue", "6495ed"),
    ("cornsilk", "fff8dc"),
    ("crimson", "dc143c"),
    ("cyan", "00ffff"),
    ("darkblue", "00008b"),
    ("darkcyan", "008b8b"),
    ("darkgoldenrod", "b8860b"),
    ("darkgray", "a9a9a9"),
    ("darkgreen", "006400"),
    ("darkgrey", "a9a9a9"),
    ("darkkhaki", "bdb76b"),
    ("darkmagenta", "8b008b"),
    ("darkolivegreen", "556b2f"),
    ("darkorange", "ff8c00"),
    ("darkorchid", "9932cc"),
    ("darkred", "8b0000"),
    ("darksalmon", "e9967a"),
    ("darkseagreen", "8fbc8f"),
    ("darkslateblue", "483d8b"),
    ("darkslategray", "2f4f4f"),
    ("darkslategrey", "2f4f4f"),
    ("darkturquoise", "00ced1"),
    ("darkviolet", "9400d3"),
    ("deeppink", "ff1493"),
    ("deepskyblue", "00bfff"),
    ("dimgray", "696969"),
    ("dimgrey", "696969"),
    ("dodgerblue", "1e90ff"),
    ("firebrick", "b22222"),
    ("floralwhite", "fffaf0"),
    ("forestgreen", "228b22"),
    ("fuchsia", "ff00ff"),
    ("gainsboro", "dcdcdc"),
    ("ghostwhite", "f8f8ff"),
    ("gold", "ffd700"),
    ("goldenrod", "daa520"),
    ("gray", "808080"),
    ("green", "008000"),
    ("greenyellow", "adff2f"),
    ("grey", "808080"),
    ("honeydew", "f0fff0"),
    ("hotpink", "ff69b4"),
    ("indianred", "cd5c5c"),
    ("indigo", "4b0082"),
    ("ivory", "fffff0"),
    ("khaki", "f0e68c"),
    ("lavender", "e6e6fa"),
    ("lavenderblush", "fff0f5"),
    ("lawngreen", "7cfc00"),
    ("lemonchiffon", "fffacd"),
    ("lightblue", "add8e6"),
    ("lightcoral", "f08080"),
    ("lightcyan", "e0ffff"),
    ("lightgoldenrodyellow", "fafad2"),
    ("lightgray", "d3d3d3"),
    ("lightgreen", "90ee90"),
    ("lightgrey", "d3d3d3"),
    ("lightpink", "ffb6c1"),
    ("lightsalmon", "ffa07a"),
    ("lightseagreen", "20b2aa"),
    ("lightskyblue", "87cefa"),
    ("lightslategray", "778899"),
    ("lightslategrey", "778899"),
    ("lightsteelblue", "b0c4de"),
    ("lightyellow", "ffffe0"),
    ("lime", "00ff00"),
    ("limegreen", "32cd32"),
    ("linen", "faf0e6"),
    ("magenta", "ff00ff"),
    ("maroon", "800000"),
    ("mediumaquamarine", "66cdaa"),
    ("mediumblue", "0000cd"),
    ("mediumorchid", "ba55d3"),
    ("mediumpurple", "9370db"),
    ("mediumseagreen", "3cb371"),
    ("mediumslateblue", "7b68ee"),
    ("mediumspringgreen", "00fa9a"),
    ("mediumturquoise", "48d1cc"),
    ("mediumvioletred", "c71585"),
    ("midnightblue", "191970"),
    ("mintcream", "f5fffa"),
    ("mistyrose", "ffe4e1"),
    ("moccasin", "ffe4b5"),
    ("navajowhite", "ffdead"),
    ("navy", "000080"),
    ("oldlace", "fdf5e6"),
    ("olive", "808000"),
    ("olivedrab", "6b8e23"),
    ("orange", "ffa500"),
    ("orangered", "ff4500"),
    ("orchid", "da70d6"),
    ("palegoldenrod", "eee8aa"),
    ("palegreen", "98fb98"),
    ("paleturquoise", "afeeee"),
    ("palevioletred", "db7093"),
    ("papayawhip", "ffefd5"),
    ("peachpuff", "ffdab9"),
    ("peru", "cd853f"),
    ("pink", "ffc0cb"),
    ("plum", "dda0dd"),
    ("powderblue", "b0e0e6"),
    ("purple", "800080"),
    ("rebeccapurple", "663399"),
    ("red", "ff0000"),
    ("rosybrown", "bc8f8f"),
    ("royalblue", "4169e1"),
    ("saddlebrown", "8b4513"),
    ("salmon", "fa8072"),
    ("sandybrown", "f4a460"),
    ("seagreen", "2e8b57"),
    ("seashell", "fff5ee"),
    ("sienna", "a0522d"),
    ("silver", "c0c0c0"),
    ("skyblue", "87ceeb"),
    ("slateblue", "6a5acd"),
    ("slategray", "708090"),
    ("slategrey", "708090"),
    ("snow", "fffafa"),
    ("springgreen", "00ff7f"),
    ("steelblue", "4682b4"),
    ("tan", "d2b48c"),
    ("teal", "008080"),
    ("thistle", "d8bfd8"),
    ("tomato", "ff6347"),
    ("turquoise", "40e0d0"),
    ("violet", "ee82ee"),
    ("wheat", "f5deb3"),
    ("white", "ffffff"),
    ("whitesmoke", "f5f5f5"),
    ("yellow", "ffff00"),
    ("yellowgreen", "9acd32"),
];

fn named_color(name: &str) -> Option<Color> {
    let i = NAMED.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    parse_hex(NAMED[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgba(r: u8, g: u8, b: u8, a: u8) -> Color {
        Color { r, g, b, a }
    }

    #[test]
    fn hex_forms() {
        assert_eq!(parse_color("#333"), Some(rgba(0x33, 0x33, 0x33, 255)));
        assert_eq!(parse_color("#6cc3d5"), Some(rgba(0x6c, 0xc3, 0xd5, 255)));
        assert_eq!(parse_color("#6CC3D580"), Some(rgba(0x6c, 0xc3, 0xd5, 0x80)));
        assert_eq!(parse_color("#f008"), Some(rgba(255, 0, 0, 0x88)));
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("#ggg"), None);
    }

    #[test]
    fn functional_forms() {
        assert_eq!(parse_color("rgb(1, 2, 3)"), Some(rgba(1, 2, 3, 255)));
        assert_eq!(parse_color("RGBA(255,0,0,0.5)"), Some(rgba(255, 0, 0, 128)));
        assert_eq!(
            parse_color("rgb(100% 0% 0% / 50%)"),
            Some(rgba(255, 0, 0, 128))
        );
        assert_eq!(
            parse_color("hsl(120, 100%, 25%)"),
            Some(rgba(0, 128, 0, 255))
        );
        assert_eq!(
            parse_color("hsl(0deg 100% 50%)"),
            Some(rgba(255, 0, 0, 255))
        );
        assert_eq!(parse_color("rgb(1,2)"), None);
        assert_eq!(parse_color("rgb(1,2,3"), None);
        assert_eq!(parse_color("url(#g)"), None);
    }

    #[test]
    fn names() {
        assert_eq!(parse_color("red"), Some(rgba(255, 0, 0, 255)));
        assert_eq!(
            parse_color("RebeccaPurple"),
            Some(rgba(0x66, 0x33, 0x99, 255))
        );
        assert_eq!(parse_color("none"), Some(rgba(0, 0, 0, 0)));
        assert_eq!(parse_color("blurple"), None);
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0), "NAMED is sorted");
        assert_eq!(NAMED.len(), 148);
    }
}
