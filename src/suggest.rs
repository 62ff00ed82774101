//! "Did you mean …?": the nearest valid value to a mistyped one.

/// The edit distance (Levenshtein, on characters, case-insensitive) between `a` and `b`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate nearest to `given`, if it is close enough to be a plausible typo (at most a
/// third of its length away, and at most 3 edits).
pub(crate) fn nearest<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    if given.chars().count() > 64 {
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
    }
}
