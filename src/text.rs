//! Rules for text a person writes, shared by every front end and by `check` (SPEC §5.1). What
//! counts as blank is decided once, in the core model.

/// Most characters in a comment, justification, owner, partners or note.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Most characters in a unit or assessor name.
pub const MAX_NAME_CHARS: usize = 200;

pub use crate::model::{is_blank, trim_invisible};

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
