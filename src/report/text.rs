//! Safe text for reports. Checklist Markdown is rendered with raw HTML turned into visible text,
//! images dropped (a report fetches nothing) and links kept only for http, https and mailto.
//! Plain strings from checklists and assessments are escaped for Markdown output.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Only these link schemes survive; anything else (javascript:, data:, file:) becomes text.
pub fn allowed_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// The events of `md` with raw HTML as text, images as their alt text and unsafe links unlinked.
fn safe_events(md: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    // Links whose start was dropped must have their end dropped too.
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match ev {
            Event::Html(s) | Event::InlineHtml(s) => out.push(Event::Text(s)),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An e-mail autolink (<a@b.se>) has no scheme in its destination; give it one,
                // or re-emitted as Markdown it would become a link to a relative path.
                let (link_type, dest_url) = if link_type == LinkType::Email {
                    (LinkType::Inline, format!("mailto:{dest_url}").into())
                } else {
                    (link_type, dest_url)
                };
                let keep = allowed_url(&dest_url);
                dropped_links.push(!keep);
                if keep {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            other if in_image > 0 => {
                if let Event::Text(t) = other {
                    out.push(Event::Text(t));
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Checklist Markdown as safe HTML.
pub fn markdown_to_html(md: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, safe_events(md).into_iter());
    // Links open outside the report and tell the browser not to pass the report's address.
    html.replace("<a href=", "<a rel=\"noopener noreferrer\" href=")
}

/// Escapes plain text for Markdown: no emphasis, links, HTML or table breaks can come from it.
/// Line breaks become `<br>` (ours, not the user's) so table rows stay whole.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let text = s.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        // Keep the leading spaces (text after emphasis starts with one); check what follows.
        let trimmed = line.trim_start();
        out.push_str(&line[..line.len() - trimmed.len()]);
        let line = trimmed;
        // At the start of a line these would begin a list, heading, quote or rule.
        if line.starts_with(['-', '+', '=']) {
            out.push('\\');
        }
        // "1. " would start a numbered list: escape the dot, since a backslash before a digit
        // is not an escape in Markdown.
        let numbered_at =
            starts_numbered(line).then(|| line.chars().take_while(char::is_ascii_digit).count());
        for (ci, c) in line.chars().enumerate() {
            if Some(ci) == numbered_at {
                out.push('\\');
            }
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
}

/// "1. " or "12) " at the start of a line makes an ordered list.
fn starts_numbered(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(['.', ')'])
}

/// Checklist Markdown re-emitted as Markdown that carries only emphasis, lists, code and safe
/// links: raw HTML and everything else comes out as escaped text.
pub fn markdown_to_markdown(md: &str) -> String {
    let mut out = String::new();
    let mut list_depth = 0usize;
    let mut link_url: Vec<Option<String>> = Vec::new();
    for ev in safe_events(md) {
        match ev {
            Event::Text(t) => out.push_str(&escape_markdown(&t)),
            Event::Code(t) => {
                out.push('`');
                out.push_str(&t.replace('`', "'"));
                out.push('`');
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("  \n"),
            Event::Rule => out.push_str("\n---\n"),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {
                out.push_str("~~")
            }
            Event::Start(Tag::Heading { .. }) => out.push_str("**"),
            Event::End(TagEnd::Heading(_)) => out.push_str("**\n\n"),
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                out.push_str(if list_depth > 0 { "\n" } else { "\n\n" })
            }
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                out.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                out.push_str("- ");
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.push('[');
                link_url.push(Some(dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => {
                let url = link_url.pop().flatten().unwrap_or_default();
                out.push_str("](");
                out.push_str(&url.replace(['(', ')', ' ', '<', '>'], ""));
                out.push(')');
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// Markdown for a single table cell: checklist Markdown flattened onto one line.
pub fn markdown_inline(md: &str) -> String {
    markdown_to_markdown(md)
        .replace("\n\n", "<br>")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_bad_links_become_text() {
        let md = "Hej <script>alert(1)</script> [klick](javascript:alert(1)) [ok](https://bra.se) ![bild](https://x/y.png)";
        let html = markdown_to_html(md);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://bra.se\""), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn markdown_escaping_keeps_tables_whole() {
        let e =
            escape_markdown("a | b\nny rad <img src=x onerror=alert(1)> [x](javascript:y) {{ x }}");
        assert!(!e.contains('\n'));
        assert!(e.contains("a \\| b<br>ny rad &lt;img"), "{e}");
        assert!(!e.replace("\\]", "").contains("](javascript"), "{e}");
    }

    #[test]
    fn markdown_is_re_emitted_safely() {
        let md = "**Ja** betyder <b>x</b>.\n\n- ett\n- [länk](https://bra.se)\n- [dålig](data:text/html,x)";
        let out = markdown_to_markdown(md);
        assert!(out.contains("**Ja** betyder &lt;b&gt;x&lt;/b&gt;"), "{out}");
        assert!(out.contains("- [länk](https://bra.se)"), "{out}");
        assert!(!out.contains("data:"), "{out}");
    }

    #[test]
    fn autolinks_never_become_relative_or_script_links() {
        let md = "Skriv till <a@b.se>, läs <https://bra.se> men inte <javascript:alert(1)>.";
        let out = markdown_to_markdown(md);
        assert!(out.contains("[a@b.se](mailto:a@b.se)"), "{out}");
        assert!(out.contains("[https://bra.se](https://bra.se)"), "{out}");
        assert!(
            !out.contains("<javascript:") && !out.contains("](javascript:"),
            "{out}"
        );
        let html = markdown_to_html(md);
        assert!(html.contains("href=\"mailto:a@b.se\""), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        let e = escape_markdown("svar till <a@b.se> och <https://x.se>");
        assert!(!e.contains('<') && !e.contains('>'), "{e}");
    }
}
