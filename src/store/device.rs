//! This device's id, kept in a machine-local file outside the synced folder.
//!
//! Every device appends only to `reviews/<device-id>.log`, so two devices
//! syncing one folder never write the same file. The id must therefore not
//! live in the synced folder itself (a copied id would make two devices share
//! a log): it lives in a local file (see `paths::default_device_file`).
//! Losing that file is harmless: the device gets a new id and a new log, and
//! its old log still counts.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;

use super::atomic::write_atomic;
use super::error::{StoreError, Warning};
use crate::srs::{DeviceId, Moment};

/// Reads this device's id from `device_file`, or makes one and saves it.
pub fn load_or_create_device(
    device_file: &Path,
    now: Moment,
) -> Result<(DeviceId, Option<Warning>), StoreError> {
    let warning = match std::fs::read(device_file) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            match DeviceId::parse(text.trim()) {
                Ok(id) => return Ok((id, None)),
                Err(e) => Some(Warning::NewDeviceId {
                    path: device_file.to_path_buf(),
                    reason: e.to_string(),
                }),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(StoreError::io("read the device id", device_file, e)),
    };
    let id = random_device_id(now);
    write_atomic(device_file, format!("{id}\n").as_bytes())
        .map_err(|e| StoreError::io("save the device id", device_file, e))?;
    Ok((id, warning))
}

/// A new random id: 16 characters of `a-z2-7` (80 bits). The randomness
/// comes from the OS through `RandomState`'s per-process keys, mixed with
/// the time and process id.
pub fn random_device_id(now: Moment) -> DeviceId {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut bits = [0u64; 2];
    for (i, b) in bits.iter_mut().enumerate() {
        let mut h = RandomState::new().build_hasher();
        h.write_i64(now.unix_ms);
        h.write_u32(std::process::id());
        h.write_usize(i);
        *b = h.finish();
    }
    let text: String = (0..16)
        .map(|i| {
            let word = bits[i / 8];
            ALPHABET[((word >> ((i % 8) * 5)) & 31) as usize] as char
        })
        .collect();
    DeviceId::from_alphabet(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kept_and_distinct() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("local").join("device-id");
        let now = Moment::new(1_767_250_800_000, 0);
        let (a, w) = load_or_create_device(&file, now).expect("created");
        assert!(w.is_none());
        let (b, _) = load_or_create_device(&file, now).expect("read");
        assert_eq!(a, b);
        assert_ne!(random_device_id(now), random_device_id(now));
        assert_eq!(a.as_str().len(), 16);
    }

    #[test]
    fn a_garbled_id_file_is_replaced_with_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("device-id");
        std::fs::write(&file, "NOT/AN/ID").expect("write");
        let (id, w) = load_or_create_device(&file, Moment::new(0, 0)).expect("replaced");
        assert!(matches!(w, Some(Warning::NewDeviceId { .. })));
        assert_eq!(
            std::fs::read_to_string(&file).expect("read").trim(),
            id.as_str()
        );
    }
}
