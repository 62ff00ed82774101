//! Names that are also everyday words: *Или* (the river, and Russian "or"), *Strike Hard* (the
//! campaign, and two English words). In running text such a name needs more than its letters:
//! quotation marks around it, or each word the name capitalizes capitalized in the text, and, at
//! the start of a sentence
//! where a capital says nothing, more than one word (*The Strike Hard campaign*, *Strike Hard
//! began*, *the “Strike hard” policy*, not *Strike hard on the ball* or *Или он поедет*).
//!
//! Which words are everyday words of a language is data, and the glossary's own: a word is an
//! everyday word of a language when the glossary's glosses in that language write it in small
//! letters (its notes count as English). A name (a form with a capital letter) is an everyday
//! name when every one of its words is such a word of one language (the text's language is not
//! known, and *Или* is Uyghur Cyrillic for the river too). A glossary without glosses marks no
//! name.

use std::collections::{HashMap, HashSet};

use super::fold_into;
use crate::glossary::Glossary;

/// The everyday words of each language (a BCP 47 language subtag), folded.
#[derive(Debug, Default)]
pub(crate) struct Everyday {
    words: HashMap<String, HashSet<String>>,
}

/// The words of `text`: runs of letters, digits and apostrophes.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

impl Everyday {
    /// The everyday words of `glossary`'s glosses (and notes, as English).
    pub(crate) fn of(glossary: &Glossary) -> Everyday {
        let mut everyday = Everyday::default();
        let mut fold = String::new();
        // Notes name entries by their ids (`…belong to the entry ghulja.`): not words.
        let ids: HashSet<&str> = glossary.entries().map(|e| e.id.as_str()).collect();
        let mut add = |lang: &str, text: &str, fold: &mut String| {
            let set = everyday.words.entry(lang.to_owned()).or_default();
            // Prose words only: a token with a hyphen, an underscore or a digit may be an entry
            // id or a source key (`uyghurs-in-kazakhstan`), not a word of the language.
            let prose = text.split_whitespace().filter(|t| {
                !t.contains(['-', '_', '/']) && !t.contains(|c: char| c.is_ascii_digit())
            });
            for word in prose.flat_map(words) {
                if !word.chars().any(char::is_uppercase)
                    && word.chars().any(char::is_lowercase)
                    && !ids.contains(word)
                {
                    fold_into(word, fold);
                    set.insert(fold.clone());
                }
            }
        };
        for entry in glossary.entries() {
            for (tag, gloss) in &entry.gloss {
                add(tag.language(), gloss, &mut fold);
            }
            for note in &entry.notes {
                add("en", note, &mut fold);
            }
        }
        everyday
    }

    /// Whether `text` is a name every word of which is an everyday word of one language the
    /// glossary glosses in. The text's language is not known, and a name is read in several:
    /// *Или* is the Uyghur Cyrillic spelling of the river as well as the Russian word "or".
    ///
    /// `text` is a form's text, or one word of it (a surname).
    pub(crate) fn is_everyday_text(&self, text: &str) -> bool {
        if !text.chars().any(char::is_uppercase) {
            return false;
        }
        let mut fold = String::new();
        let folded: Vec<String> = words(text)
            .map(|word| {
                fold_into(word, &mut fold);
                fold.clone()
            })
            .collect();
        !folded.is_empty()
            && self
                .words
                .values()
                .any(|set| folded.iter().all(|w| set.contains(w)))
    }
}

/// Whether `text`, found at byte `start` of `line` for the everyday name `form`, is written as
/// that name: every word that the name capitalizes is capitalized in the text too, and, at the
/// start of a sentence (or of the line), where a capital says nothing, the name has more than
/// one word to show it (*Агентство по делам религий*, not *Или*).
pub(crate) fn written_as_name(line: &str, start: usize, text: &str, form: &str) -> bool {
    let capitalized = |w: &str| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    };
    let split = |t: &'_ str| -> Vec<String> {
        t.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    // Quotation marks around it say "a name" as well as capitals do (the “Strike hard” policy).
    let quoted = line
        .get(..start)
        .and_then(|b| b.chars().next_back())
        .is_some_and(|c| matches!(c, '“' | '«' | '"' | '„' | '‘' | '\''))
        && line
            .get(start + text.len()..)
            .and_then(|a| a.chars().next())
            .is_some_and(|c| matches!(c, '”' | '»' | '"' | '“' | '’' | '\''));
    if quoted {
        return true;
    }
    let (written, named) = (split(text), split(form));
    // In a name of several words, short function words may go either way (*the Diplomat* for
    // *The Diplomat*); every longer word the name capitalizes must be capitalized.
    let short = |w: &str| named.len() > 1 && w.chars().count() <= 3;
    let as_named = written
        .iter()
        .zip(&named)
        .all(|(w, n)| !capitalized(n) || short(n) || capitalized(w));
    if !as_named {
        return false;
    }
    !starts_sentence(line.get(..start).unwrap_or("")) || written.len() > 1
}

/// Whether text following `before` starts a sentence: nothing before it on the line but spaces
/// and opening quotes or brackets, or a sentence's end.
pub(crate) fn starts_sentence(before: &str) -> bool {
    let opening = |c: char| {
        matches!(
            c,
            '"' | '«' | '“' | '„' | '(' | '[' | '\'' | '‘' | '—' | '–'
        )
    };
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || opening(c));
    let quoted = before
        .get(trimmed.len()..)
        .is_some_and(|t| t.contains(opening));
    trimmed.is_empty()
        || trimmed.ends_with(['.', '!', '?', '…', '。', '؟', '!', '?'])
        || (quoted && trimmed.ends_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_start_is_no_capital() {
        let line = "Или он поедет завтра, или нет.";
        assert!(!written_as_name(line, 0, "Или", "Или"));
        let line = "Река Или течёт в Балхаш.";
        assert!(written_as_name(line, "Река ".len(), "Или", "Или"));
        let line = "Strike hard on the ball.";
        assert!(!written_as_name(line, 0, "Strike hard", "Strike Hard"));
        let line = "The Strike Hard campaign began in 2014.";
        assert!(written_as_name(
            line,
            "The ".len(),
            "Strike Hard",
            "Strike Hard"
        ));
        let line = "Strike Hard began in 1996.";
        assert!(written_as_name(line, 0, "Strike Hard", "Strike Hard"));
        let line = "Он сказал: «Или ты, или я».";
        assert!(!written_as_name(line, "Он сказал: «".len(), "Или", "Или"));
        let line = "As the Diplomat reported";
        assert!(written_as_name(
            line,
            "As ".len(),
            "the Diplomat",
            "The Diplomat"
        ));
        let line = "under the “Strike hard” policy";
        let at = "under the “".len();
        assert!(written_as_name(line, at, "Strike hard", "Strike Hard"));
        let line = "Агентства по делам религий нет.";
        let text = "Агентства по делам религий";
        assert!(written_as_name(line, 0, text, "Агентство по делам религий"));
    }
}
