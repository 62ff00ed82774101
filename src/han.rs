//! Han characters: Traditional to Simplified, and their Mandarin readings in pinyin.
//!
//! Both come from maintained sources rather than a table typed here:
//!
//! - Traditional → Simplified: OpenCC's character table (`src/han/TSCharacters.txt`, Apache-2.0,
//!   copied unchanged from the OpenCC repository's `data/dictionary/TSCharacters.txt`); where it
//!   lists several simplified characters, the first (the usual one) is taken. The key pipeline
//!   folds every Traditional character this way, so *伊寧* and *烏魯木齊* find *伊宁* and
//!   *乌鲁木齐*.
//! - Pinyin: the `pinyin` crate's data (mozillazg's pinyin-data, from Unihan's kMandarin and
//!   kHanyuPinyin readings), toneless (`plain`); a character with several readings takes its
//!   most common one. The common-Latin key reads Han text this way, so *Wulumuqi* and
//!   *Xinjiang Weiwuer Zizhiqu* meet *乌鲁木齐* and *新疆维吾尔自治区* as transliterations.
//!
//! ```
//! assert_eq!(tilmach::han::simplified('寧'), '宁');
//! assert_eq!(tilmach::han::pinyin('宁'), Some("ning"));
//! ```

use std::sync::OnceLock;

use pinyin::ToPinyin;

pub use crate::chars::is_han_ideograph as is_han;

/// The Traditional → Simplified table: pairs sorted by the Traditional character.
fn table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = include_str!("han/TSCharacters.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (from, to) = line.split_once('\t')?;
                let mut from = from.chars();
                let traditional = from.next()?;
                let simplified = to.split(' ').next()?.chars().next()?;
                // Only one-character keys: the table has no others.
                from.next().is_none().then_some((traditional, simplified))
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        pairs
    })
}

/// The Simplified form of a Traditional character; any other character as it is.
pub fn simplified(c: char) -> char {
    if !is_han(c) {
        return c;
    }
    let table = table();
    match table.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => table.get(i).map_or(c, |&(_, s)| s),
        Err(_) => c,
    }
}

/// The toneless pinyin of a Han character (`ü` written `u`, as the common-Latin key does), or
/// `None` for a character without a Mandarin reading in the data.
pub fn pinyin(c: char) -> Option<&'static str> {
    let reading = c.to_pinyin()?.plain();
    Some(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_read_whole() {
        // OpenCC's file has 4,149 one-character rows at the commit copied.
        assert!(table().len() > 4_000, "{}", table().len());
    }

    /// Pairs from the Unicode Han Database's kSimplifiedVariant field (Unihan_Variants.txt),
    /// an independent source: U+5BE7 寧 → U+5B81 宁, U+70CF 烏 → U+4E4C 乌, U+9B6F 魯 → U+9C81 鲁,
    /// U+9F4A 齊 → U+9F50 齐, U+7DAD 維 → U+7EF4 维, U+723E 爾 → U+5C14 尔, U+5340 區 → U+533A 区.
    #[test]
    fn traditional_characters_fold_as_unihan_says() {
        for (t, s) in [
            ('寧', '宁'),
            ('烏', '乌'),
            ('魯', '鲁'),
            ('齊', '齐'),
            ('維', '维'),
            ('爾', '尔'),
            ('區', '区'),
        ] {
            assert_eq!(simplified(t), s, "{t}");
        }
        assert_eq!(simplified('宁'), '宁');
        assert_eq!(simplified('A'), 'A');
    }

    #[test]
    fn readings_are_toneless() {
        let read: String = "乌鲁木齐".chars().filter_map(pinyin).collect();
        assert_eq!(read, "wulumuqi");
        let read: Vec<&str> = "新疆维吾尔自治区".chars().filter_map(pinyin).collect();
        assert_eq!(read.concat(), "xinjiangweiwuerzizhiqu");
    }
}
