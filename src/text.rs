//! Rules for text a person writes, shared by every front end and by `check` (SPEC §5.1).

/// Most characters in a comment, justification, owner, partners or note.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Most characters in a unit or assessor name.
pub const MAX_NAME_CHARS: usize = 200;

/// Characters that take no room on screen: a text made only of them says nothing.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

/// Whether a text is empty once white space and invisible characters (zero-width space, byte
/// order mark, …) are trimmed: a justification of only such characters justifies nothing.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_invisible)
}

/// The text without leading and trailing white space and invisible characters.
pub fn trim_invisible(s: &str) -> &str {
    s.trim_matches(is_invisible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_includes_invisible_characters() {
        for blank in [
            "",
            "   ",
            "\t\n",
            "\u{200b}",
            " \u{feff} \u{200b}",
            "\u{a0}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for text in ["a", " x ", "\u{200b}Nej"] {
            assert!(!is_blank(text), "{text:?}");
        }
        assert_eq!(trim_invisible("\u{feff} Rutin \u{200b}"), "Rutin");
    }
}
