//! Test input shared by the property tests of the one-pass fast paths: short texts mostly of
//! the region's alphabets, so that the fast paths are taken often, with chosen characters that
//! the fast paths must refuse or handle with care, and any other character now and then.

use proptest::prelude::*;

/// Texts of up to 11 characters: printable ASCII and characters below U+0800 (the Latin,
/// Cyrillic and Arabic-script letters of the region's names) four times in ten each, one of
/// `specials` twice in ten, and any character once in ten.
pub(crate) fn region_text(specials: &[char]) -> impl Strategy<Value = String> + use<> {
    let c = prop_oneof![
        4 => (0x20u32..0x7F).prop_map(|u| char::from_u32(u).unwrap_or(' ')),
        4 => (0x80u32..0x800).prop_map(|u| char::from_u32(u).unwrap_or(' ')),
        2 => prop::sample::select(specials.to_vec()),
        1 => any::<char>(),
    ];
    prop::collection::vec(c, 0..12).prop_map(|v| v.into_iter().collect())
}
