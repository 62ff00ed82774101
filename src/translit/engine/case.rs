//! How a script handles letter case: folding source characters to the lower-case form rule keys
//! use, and writing a rule's output in upper and title case.

/// How a script handles letter case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CaseMode {
    /// No case (Arabic script).
    None,
    /// Unicode case pairs.
    Default,
    /// Unicode case pairs except I/ı and İ/i (Turkic Latin alphabets).
    Turkic,
}

impl CaseMode {
    pub(crate) fn parse(s: Option<&str>) -> Option<CaseMode> {
        match s.unwrap_or("default") {
            "none" => Some(CaseMode::None),
            "default" => Some(CaseMode::Default),
            "turkic" => Some(CaseMode::Turkic),
            _ => None,
        }
    }

    /// Folds `c` to the lower case form rule keys use; the flag says whether `c` was upper case.
    #[inline]
    pub(crate) fn fold(self, c: char) -> (char, bool) {
        if c.is_ascii() {
            if c.is_ascii_uppercase() {
                if self == CaseMode::Turkic && c == 'I' {
                    return ('ı', true);
                }
                return (c.to_ascii_lowercase(), true);
            }
            return (c, false);
        }
        if c == 'İ' {
            return ('i', true);
        }
        if c.is_uppercase() || (c as u32 >= 0x1C4 && (c as u32) <= 0x1CC) {
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next()) {
                if l != c {
                    return (l, true);
                }
            }
        }
        (c, false)
    }

    /// `text` in upper case, with Turkic dotted/dotless i where the mode asks for it.
    pub(crate) fn upper(self, text: &str) -> String {
        text.chars()
            .flat_map(|c| {
                let turkic = match (self, c) {
                    (CaseMode::Turkic, 'i') => Some('İ'),
                    (CaseMode::Turkic, 'ı') => Some('I'),
                    _ => None,
                };
                let mut buf = Vec::with_capacity(1);
                match turkic {
                    Some(u) => buf.push(u),
                    None if self == CaseMode::None => buf.push(c),
                    None => buf.extend(c.to_uppercase()),
                }
                buf
            })
            .collect()
    }

    /// `text` with its first cased letter in upper case (title case of a digraph: *Sh*, *Ch*).
    pub(crate) fn title(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        let mut done = false;
        for c in text.chars() {
            if !done && (c.is_lowercase() || c.is_uppercase()) {
                out.push_str(&self.upper(c.encode_utf8(&mut [0; 4])));
                done = true;
            } else {
                out.push(c);
            }
        }
        out
    }
}
