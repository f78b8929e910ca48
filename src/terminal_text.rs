//! Text from files on its way to a terminal. A checklist, a unit name or a comment may hold
//! escape sequences or bidi overrides that would make the screen show something other than what
//! is being answered, so every such character is shown as a visible escape instead (SPEC §5.1).

use std::borrow::Cow;

/// Whether a character must not reach a terminal raw: C0 controls except tab and newline, DEL,
/// C1 controls, and the bidi embedding, override and isolate characters.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// The text with every unsafe character replaced by a visible escape such as `\e`, `\r` or
/// `\u{202e}`. Text without one is returned as it is, without copying.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`visible`], for one line: a newline is shown as `\n` too.
pub fn visible_line(s: &str) -> Cow<'_, str> {
    if !s.contains('\n') {
        return visible(s);
    }
    Cow::Owned(visible(s).replace('\n', "\\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_become_visible() {
        assert_eq!(
            visible("a\u{1b}[2Jb\rc\u{202e}d\u{9b}e"),
            "a\\e[2Jb\\rc\\u{202e}d\\u{9b}e"
        );
        assert_eq!(visible_line("ett\ntvå"), "ett\\ntvå");
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let s = "Åsa Öberg\tär\nenhetschef";
        assert!(matches!(visible(s), Cow::Borrowed(_)));
    }
}
