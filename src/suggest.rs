//! "Did you mean …?": the nearest valid value to a mistyped one.

/// The edit distance (Levenshtein, on characters, case-insensitive) between `a` and `b`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Two rows of the dynamic-programming table: `previous` for a[..i], `current` for a[..=i].
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let diagonal =
                previous.get(j).copied().unwrap_or(usize::MAX - 1) + usize::from(ca != cb);
            let above = previous.get(j + 1).copied().unwrap_or(usize::MAX - 1) + 1;
            let left = current.last().copied().unwrap_or(usize::MAX - 1) + 1;
            current.push(diagonal.min(above).min(left));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// The candidate nearest to `given`, if it is close enough to be a plausible typo (at most a
/// third of its length away, and at most 3 edits). A single character is never a typo of
/// another (`3` is not a mistyped `0`): its caller lists the valid values instead.
pub(crate) fn nearest<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    if given.chars().count() > 64 || given.chars().count() < 2 {
        return None;
    }
    let budget = (given.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (distance(given, c), c))
        .filter(|&(d, _)| d <= budget)
        .min()
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_values_only() {
        assert_eq!(
            nearest("prefered", ["preferred", "official"]).as_deref(),
            Some("preferred")
        );
        assert_eq!(
            nearest("kk-latin", ["kk-latn", "kk-cyrl"]).as_deref(),
            Some("kk-latn")
        );
        assert_eq!(nearest("xyzzy", ["preferred", "official"]), None);
        assert_eq!(nearest("3", ["0", "1", "2", "auto"]), None);
        assert_eq!(nearest("kz", ["en", "kk", "ru"]).as_deref(), Some("kk"));
    }
}
