//! The media list of a package and safe names for media files.

use std::collections::BTreeMap;
use std::path::Path;

use super::proto::{self, Value};
use crate::interop::ImportError;

/// Media of a package: zip entry name -> original file name.
pub type MediaMap = BTreeMap<String, String>;

/// Parses the `media` entry: JSON (`{"0": "cat.png"}`) in legacy packages,
/// zstd-compressed protobuf `MediaEntries` in current ones.
pub fn parse_media(bytes: &[u8], zstd: bool, path: &Path) -> Result<MediaMap, ImportError> {
    if bytes.is_empty() {
        return Ok(MediaMap::new());
    }
    if !zstd {
        let map: BTreeMap<String, String> = serde_json::from_slice(bytes).map_err(|e| {
            ImportError::invalid(
                path,
                format!("the package's media list is not valid JSON ({e}); the package is damaged"),
            )
        })?;
        return Ok(map);
    }
    let data = crate::interop::zipsafe::unzstd(bytes, 256 << 20, path, "media")?;
    let entries = proto::fields(&data).ok_or_else(|| {
        ImportError::invalid(
            path,
            "the package's media list is not a valid media index; the package is damaged",
        )
    })?;
    let mut map = MediaMap::new();
    let mut index = 0usize;
    for (number, value) in entries {
        let (1, Value::Bytes(entry)) = (number, value) else {
            continue;
        };
        let name = proto::string_field(entry, 1);
        let legacy = proto::varint_field(entry, 255);
        let zip_name = if legacy > 0 {
            legacy.to_string()
        } else {
            index.to_string()
        };
        map.insert(zip_name, name);
        index += 1;
    }
    Ok(map)
}

/// A file name that is safe to store: no folders, no `..`, no characters
/// that some systems refuse, at most 120 characters; never empty.
pub fn safe_media_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let out: String = base
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut out = out
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_owned();
    if out.chars().count() > 120 {
        let (stem, ext) = match out.rsplit_once('.') {
            Some((s, e)) if e.len() <= 10 => (s.to_owned(), format!(".{e}")),
            _ => (out.clone(), String::new()),
        };
        out = stem.chars().take(120 - ext.len()).collect::<String>() + &ext;
    }
    if out.is_empty() {
        "media".to_owned()
    } else {
        out
    }
}

/// Whether a media file name looks like a picture.
pub fn is_picture(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif", ".tif", ".tiff",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_names_are_made_safe() {
        assert_eq!(safe_media_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_media_name("/abs/cat.png"), "cat.png");
        assert_eq!(safe_media_name("C:\\x\\dog.jpg"), "dog.jpg");
        assert_eq!(safe_media_name(".."), "media");
        assert_eq!(safe_media_name("a\u{0}b?.png"), "a_b_.png");
        assert_eq!(
            safe_media_name(&format!("{}.png", "x".repeat(300))).len(),
            120
        );
    }

    #[test]
    fn legacy_media_list_is_json() {
        let map = parse_media(
            br#"{"0": "cat.png", "1": "a b.jpg"}"#,
            false,
            Path::new("p"),
        )
        .expect("json");
        assert_eq!(map.get("1").map(String::as_str), Some("a b.jpg"));
        assert!(parse_media(b"{not json", false, Path::new("p")).is_err());
    }
}
