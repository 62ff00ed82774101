//! Recomputes every checksum of an edited index file — each fst section's own masked CRC-32C footer
//! and the file's CRC-32 — so that a test or fuzz target can hand the structural checks of
//! `Index::open` bytes whose checksums are right but whose contents are crafted.
//!
//! Shared by the integration tests and the fuzz targets (included with `#[path]`). The
//! layout it reads is the one documented in `src/index/format.rs`.

#![allow(dead_code)]

/// The section tags of the three fst maps in an index file.
pub const FST_TAGS: [u32; 3] = [2, 3, 4];

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<usize> {
    let v = u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?);
    usize::try_from(v).ok()
}

/// The sections of an index file as `(tag, start, end)`, or `None` when the header is unreadable.
pub fn sections(bytes: &[u8]) -> Option<Vec<(u32, usize, usize)>> {
    let count = usize::try_from(u32_at(bytes, 16)?).ok()?.min(64);
    let mut out = Vec::new();
    for row in 0..count {
        let at = 24 + row * 24;
        let tag = u32_at(bytes, at)?;
        let start = u64_at(bytes, at + 8)?;
        let end = start.checked_add(u64_at(bytes, at + 16)?)?;
        if end > bytes.len() {
            return None;
        }
        out.push((tag, start, end));
    }
    Some(out)
}

fn crc(bytes: &[u8], poly: u32) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 { (c >> 1) ^ poly } else { c >> 1 };
        }
        *slot = c;
    }
    let mut crc = !0u32;
    for &b in bytes {
        crc = table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

/// The checksum of an fst: CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), masked as in
/// the Snappy framing format (rotated right by 15 bits, plus 0xA282EAD8).
pub fn fst_checksum(bytes: &[u8]) -> u32 {
    crc(bytes, 0x82F6_3B78)
        .rotate_right(15)
        .wrapping_add(0xA282_EAD8)
}

/// CRC-32 (IEEE, reflected polynomial 0xEDB88320), the checksum of an index file.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc(bytes, 0xEDB8_8320)
}

/// Rewrites the checksum of every fst section and then of the whole file.
pub fn reseal(bytes: &mut [u8]) {
    if let Some(sections) = sections(bytes) {
        for (tag, start, end) in sections {
            if FST_TAGS.contains(&tag) && end >= start + 4 {
                let sum = fst_checksum(&bytes[start..end - 4]);
                bytes[end - 4..end].copy_from_slice(&sum.to_le_bytes());
            }
        }
    }
    if bytes.len() >= 4 {
        let body = bytes.len() - 4;
        let sum = crc32(&bytes[..body]);
        bytes[body..].copy_from_slice(&sum.to_le_bytes());
    }
}
