//! CSS colour values as written in `style`, `classDef` and `linkStyle`.

use super::model::Color;

/// Reads a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`,
/// `rgba()`, `hsl()`, `hsla()`, a CSS colour name, `transparent` or `none`.
/// `None` when the value is not a colour archdeck understands.
pub fn parse_color(value: &str) -> Option<Color> {
    let v = value.trim();
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
    let d: Vec<u8> = hex.bytes().map(hex_digit).collect::<Option<_>>()?;
    let short = |i: usize| d[i] * 17;
    let long = |i: usize| d[i] * 16 + d[i + 1];
    match d.len() {
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
    let h = parse_number(parts[0].trim_end_matches("deg"))?.rem_euclid(360.0) / 360.0;
    let s = parse_number(parts[1].strip_suffix('%')?)?.clamp(0.0, 100.0) / 100.0;
    let l = parse_number(parts[2].strip_suffix('%')?)?.clamp(0.0, 100.0) / 100.0;
    let a = match parts.get(3) {
        Some(a) => alpha(a)?,
        None => 255,
    };
    // CSS Color 4, "HSL to RGB".
    let f = |n: f32| {
        let k = (n + h * 12.0) % 12.0;
        let amount = s * l.min(1.0 - l);
        let v = l - amount * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0);
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
const NAMED: &[(&str, u32)] = &[
    ("aliceblue", 0xf0f8ff),
    ("antiquewhite", 0xfaebd7),
    ("aqua", 0x00ffff),
    ("aquamarine", 0x7fffd4),
    ("azure", 0xf0ffff),
    ("beige", 0xf5f5dc),
    ("bisque", 0xffe4c4),
    ("black", 0x000000),
    ("blanchedalmond", 0xffebcd),
    ("blue", 0x0000ff),
    ("blueviolet", 0x8a2be2),
    ("brown", 0xa52a2a),
    ("burlywood", 0xdeb887),
    ("cadetblue", 0x5f9ea0),
    ("chartreuse", 0x7fff00),
    ("chocolate", 0xd2691e),
    ("coral", 0xff7f50),
    ("cornflowerblue", 0x6495ed),
    ("cornsilk", 0xfff8dc),
    ("crimson", 0xdc143c),
    ("cyan", 0x00ffff),
    ("darkblue", 0x00008b),
    ("darkcyan", 0x008b8b),
    ("darkgoldenrod", 0xb8860b),
    ("darkgray", 0xa9a9a9),
    ("darkgreen", 0x006400),
    ("darkgrey", 0xa9a9a9),
    ("darkkhaki", 0xbdb76b),
    ("darkmagenta", 0x8b008b),
    ("darkolivegreen", 0x556b2f),
    ("darkorange", 0xff8c00),
    ("darkorchid", 0x9932cc),
    ("darkred", 0x8b0000),
    ("darksalmon", 0xe9967a),
    ("darkseagreen", 0x8fbc8f),
    ("darkslateblue", 0x483d8b),
    ("darkslategray", 0x2f4f4f),
    ("darkslategrey", 0x2f4f4f),
    ("darkturquoise", 0x00ced1),
    ("darkviolet", 0x9400d3),
    ("deeppink", 0xff1493),
    ("deepskyblue", 0x00bfff),
    ("dimgray", 0x696969),
    ("dimgrey", 0x696969),
    ("dodgerblue", 0x1e90ff),
    ("firebrick", 0xb22222),
    ("floralwhite", 0xfffaf0),
    ("forestgreen", 0x228b22),
    ("fuchsia", 0xff00ff),
    ("gainsboro", 0xdcdcdc),
    ("ghostwhite", 0xf8f8ff),
    ("gold", 0xffd700),
    ("goldenrod", 0xdaa520),
    ("gray", 0x808080),
    ("green", 0x008000),
    ("greenyellow", 0xadff2f),
    ("grey", 0x808080),
    ("honeydew", 0xf0fff0),
    ("hotpink", 0xff69b4),
    ("indianred", 0xcd5c5c),
    ("indigo", 0x4b0082),
    ("ivory", 0xfffff0),
    ("khaki", 0xf0e68c),
    ("lavender", 0xe6e6fa),
    ("lavenderblush", 0xfff0f5),
    ("lawngreen", 0x7cfc00),
    ("lemonchiffon", 0xfffacd),
    ("lightblue", 0xadd8e6),
    ("lightcoral", 0xf08080),
    ("lightcyan", 0xe0ffff),
    ("lightgoldenrodyellow", 0xfafad2),
    ("lightgray", 0xd3d3d3),
    ("lightgreen", 0x90ee90),
    ("lightgrey", 0xd3d3d3),
    ("lightpink", 0xffb6c1),
    ("lightsalmon", 0xffa07a),
    ("lightseagreen", 0x20b2aa),
    ("lightskyblue", 0x87cefa),
    ("lightslategray", 0x778899),
    ("lightslategrey", 0x778899),
    ("lightsteelblue", 0xb0c4de),
    ("lightyellow", 0xffffe0),
    ("lime", 0x00ff00),
    ("limegreen", 0x32cd32),
    ("linen", 0xfaf0e6),
    ("magenta", 0xff00ff),
    ("maroon", 0x800000),
    ("mediumaquamarine", 0x66cdaa),
    ("mediumblue", 0x0000cd),
    ("mediumorchid", 0xba55d3),
    ("mediumpurple", 0x9370db),
    ("mediumseagreen", 0x3cb371),
    ("mediumslateblue", 0x7b68ee),
    ("mediumspringgreen", 0x00fa9a),
    ("mediumturquoise", 0x48d1cc),
    ("mediumvioletred", 0xc71585),
    ("midnightblue", 0x191970),
    ("mintcream", 0xf5fffa),
    ("mistyrose", 0xffe4e1),
    ("moccasin", 0xffe4b5),
    ("navajowhite", 0xffdead),
    ("navy", 0x000080),
    ("oldlace", 0xfdf5e6),
    ("olive", 0x808000),
    ("olivedrab", 0x6b8e23),
    ("orange", 0xffa500),
    ("orangered", 0xff4500),
    ("orchid", 0xda70d6),
    ("palegoldenrod", 0xeee8aa),
    ("palegreen", 0x98fb98),
    ("paleturquoise", 0xafeeee),
    ("palevioletred", 0xdb7093),
    ("papayawhip", 0xffefd5),
    ("peachpuff", 0xffdab9),
    ("peru", 0xcd853f),
    ("pink", 0xffc0cb),
    ("plum", 0xdda0dd),
    ("powderblue", 0xb0e0e6),
    ("purple", 0x800080),
    ("rebeccapurple", 0x663399),
    ("red", 0xff0000),
    ("rosybrown", 0xbc8f8f),
    ("royalblue", 0x4169e1),
    ("saddlebrown", 0x8b4513),
    ("salmon", 0xfa8072),
    ("sandybrown", 0xf4a460),
    ("seagreen", 0x2e8b57),
    ("seashell", 0xfff5ee),
    ("sienna", 0xa0522d),
    ("silver", 0xc0c0c0),
    ("skyblue", 0x87ceeb),
    ("slateblue", 0x6a5acd),
    ("slategray", 0x708090),
    ("slategrey", 0x708090),
    ("snow", 0xfffafa),
    ("springgreen", 0x00ff7f),
    ("steelblue", 0x4682b4),
    ("tan", 0xd2b48c),
    ("teal", 0x008080),
    ("thistle", 0xd8bfd8),
    ("tomato", 0xff6347),
    ("turquoise", 0x40e0d0),
    ("violet", 0xee82ee),
    ("wheat", 0xf5deb3),
    ("white", 0xffffff),
    ("whitesmoke", 0xf5f5f5),
    ("yellow", 0xffff00),
    ("yellowgreen", 0x9acd32),
];

fn named_color(name: &str) -> Option<Color> {
    let i = NAMED.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    let rgb = NAMED[i].1;
    Some(Color {
        r: (rgb >> 16) as u8,
        g: (rgb >> 8) as u8,
        b: rgb as u8,
        a: 255,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgba(r: u8, g: u8, b: u8, a: u8) -> Option<Color> {
        Some(Color { r, g, b, a })
    }

    #[test]
    fn hex_forms() {
        assert_eq!(parse_color("#333"), rgba(0x33, 0x33, 0x33, 255));
        assert_eq!(parse_color("#6cc3d5"), rgba(0x6c, 0xc3, 0xd5, 255));
        assert_eq!(parse_color("#6CC3D580"), rgba(0x6c, 0xc3, 0xd5, 0x80));
        assert_eq!(parse_color("#f008"), rgba(255, 0, 0, 0x88));
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("#ggg"), None);
    }

    #[test]
    fn functional_forms() {
        assert_eq!(parse_color("rgb(1, 2, 3)"), rgba(1, 2, 3, 255));
        assert_eq!(parse_color("RGBA(255,0,0,0.5)"), rgba(255, 0, 0, 128));
        assert_eq!(parse_color("rgb(100% 0% 0% / 50%)"), rgba(255, 0, 0, 128));
        assert_eq!(parse_color("hsl(120, 100%, 25%)"), rgba(0, 128, 0, 255));
        assert_eq!(parse_color("hsl(0deg 100% 50%)"), rgba(255, 0, 0, 255));
        assert_eq!(parse_color("rgb(1,2)"), None);
        assert_eq!(parse_color("rgb(1,2,3"), None);
        assert_eq!(parse_color("url(#g)"), None);
    }

    #[test]
    fn names() {
        assert_eq!(parse_color("red"), rgba(255, 0, 0, 255));
        assert_eq!(parse_color("RebeccaPurple"), rgba(0x66, 0x33, 0x99, 255));
        assert_eq!(parse_color("none"), rgba(0, 0, 0, 0));
        assert_eq!(parse_color("blurple"), None);
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0), "NAMED is sorted");
        assert_eq!(NAMED.len(), 148);
    }
}
