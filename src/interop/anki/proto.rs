//! Just enough of the protobuf wire format to read Anki's small messages
//! (package metadata, media list, notetype and template configs).

/// A field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// Varint (ints, bools, enums).
    Varint(u64),
    /// Length-delimited (strings, bytes, sub-messages).
    Bytes(&'a [u8]),
    /// Fixed 32 or 64 bits.
    Fixed(u64),
}

/// The fields of a message, in order; `None` if the bytes are not a
/// well-formed message.
pub fn fields(mut data: &[u8]) -> Option<Vec<(u32, Value<'_>)>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let key = varint(&mut data)?;
        let number = u32::try_from(key >> 3).ok()?;
        let value = match key & 7 {
            0 => Value::Varint(varint(&mut data)?),
            1 => {
                let (v, rest) = data.split_first_chunk::<8>()?;
                data = rest;
                Value::Fixed(u64::from_le_bytes(*v))
            }
            2 => {
                let len = usize::try_from(varint(&mut data)?).ok()?;
                if len > data.len() {
                    return None;
                }
                let (v, rest) = data.split_at(len);
                data = rest;
                Value::Bytes(v)
            }
            5 => {
                let (v, rest) = data.split_first_chunk::<4>()?;
                data = rest;
                Value::Fixed(u64::from(u32::from_le_bytes(*v)))
            }
            _ => return None,
        };
        out.push((number, value));
    }
    Some(out)
}

fn varint(data: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = data.split_first()?;
        *data = rest;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// The first varint field `number`, or 0 (protobuf's default).
pub fn varint_field(data: &[u8], number: u32) -> u64 {
    fields(data)
        .unwrap_or_default()
        .into_iter()
        .find_map(|(n, v)| match v {
            Value::Varint(x) if n == number => Some(x),
            _ => None,
        })
        .unwrap_or(0)
}

/// The first string field `number`, or "".
pub fn string_field(data: &[u8], number: u32) -> String {
    fields(data)
        .unwrap_or_default()
        .into_iter()
        .find_map(|(n, v)| match v {
            Value::Bytes(b) if n == number => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_varints_strings_and_refuses_garbage() {
        // field 1 varint 3, field 2 string "hi", field 3 fixed32
        let msg = [0x08, 0x03, 0x12, 0x02, b'h', b'i', 0x1d, 1, 0, 0, 0];
        assert_eq!(varint_field(&msg, 1), 3);
        assert_eq!(string_field(&msg, 2), "hi");
        assert_eq!(fields(&[0x12, 0x05, b'a']), None);
        assert_eq!(fields(&[0xff; 11]), None);
        assert_eq!(varint_field(&[0x0f], 1), 0);
    }
}
