//! Markdown from the checklists (descriptions, help) as readable plain text for a terminal or a
//! screen reader: paragraphs, list items with a dash or number, links as "text (address)". Markup
//! characters and raw HTML are dropped; nothing is shown that a person would not say aloud.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Renders Markdown as plain text lines (no trailing newline).
pub fn to_text(md: &str) -> String {
    let mut out = String::new();
    // Each open list: the next number (None for bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut link: Option<String> = None;
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    let blank = |out: &mut String| {
        if !out.is_empty() {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
        }
    };
    for event in Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Paragraph) if lists.is_empty() => blank(&mut out),
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::BlockQuote(_)) => blank(&mut out),
            Event::Start(Tag::CodeBlock(_)) => blank(&mut out),
            Event::Start(Tag::List(start)) => {
                if lists.is_empty() {
                    blank(&mut out);
                } else {
                    newline(&mut out);
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                newline(&mut out);
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"  ".repeat(depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link.take()
                    && !out.ends_with(url.as_str())
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => newline(&mut out),
            Event::End(TagEnd::TableCell) => out.push_str("  "),
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Rule => blank(&mut out),
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(r) => out.push_str(&format!("[{r}]")),
            // Raw HTML is not shown; the text around it is.
            _ => {}
        }
    }
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn strips_markup_and_keeps_structure() {
        let md = "**Ja** betyder att *kontrollen* görs.\n\nSe [Brå](https://bra.se).\n\n- ett\n- två\n\n1. första\n2. andra\n\n<b>rå html</b>\n";
        let text = to_text(md);
        assert_eq!(
            text,
            "Ja betyder att kontrollen görs.\n\nSe Brå (https://bra.se).\n\n- ett\n- två\n\n1. första\n2. andra\n\nrå html"
        );
    }

    #[test]
    fn plain_text_stays_as_it_is() {
        assert_eq!(to_text("Tvåhandsprincipen."), "Tvåhandsprincipen.");
        assert_eq!(to_text(""), "");
    }
}
