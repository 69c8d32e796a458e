//! Where a link in the essay may lead from inside an EPUB.
//!
//! A link to the web (`http`, `https`, `ftp`), to a mail address
//! (`mailto`), a telephone (`tel`) or a named work (`urn`) stays a link.
//! Anything else points at nothing in the book: epubcheck refuses a link to
//! a file the package lacks (another of the writer's files, RSC-007) or to
//! an id no document holds (RSC-012), and `javascript:` or `file:` have no
//! business in a book. Such a link's words stay text, with its address kept
//! in their `title`. So does a web address whose host is not ASCII:
//! epubcheck cannot parse it (RSC-023), and its Punycode form is not the
//! address the writer wrote.

/// The schemes a link may keep.
const SCHEMES: &[&str] = &["http", "https", "ftp", "mailto", "tel", "urn"];

/// Schemes whose address names a host after `//`.
const WITH_HOST: &[&str] = &["http", "https", "ftp"];

/// The `href` for a link to `url`, or `None` when it stays text. Characters
/// a URI may not hold where they stand (spaces, quotes, brackets in a path,
/// a `%` that starts no escape, a second `#`) are percent-encoded.
pub fn href(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if !SCHEMES.contains(&scheme.as_str()) || rest.is_empty() {
        return None;
    }
    let (authority, path) = if WITH_HOST.contains(&scheme.as_str()) {
        let after = rest.strip_prefix("//")?;
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        (&after[..end], &after[end..])
    } else {
        ("", rest)
    };
    let host_is_plain =
        authority.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '@' | '[' | ']' | '_'));
    if !host_is_plain || (WITH_HOST.contains(&scheme.as_str()) && authority.is_empty()) {
        return None;
    }
    let mut href = format!("{}:{}{authority}", &url[..scheme.len()], if authority.is_empty() { "" } else { "//" });
    let mut fragment = false;
    for (at, c) in path.char_indices() {
        let stray_percent = c == '%' && !starts_escape(&path[at + 1..]);
        let second_hash = c == '#' && std::mem::replace(&mut fragment, true);
        let refused = c.is_control()
            || c.is_whitespace()
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '[' | ']');
        if refused || stray_percent || second_hash {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                href.push_str(&format!("%{byte:02X}"));
            }
        } else {
            href.push(c);
        }
    }
    Some(href)
}

/// Whether `rest` (what follows a `%`) starts with two hex digits.
fn starts_escape(rest: &str) -> bool {
    let mut digits = rest.chars().take(2);
    digits.clone().count() == 2 && digits.all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_links_stay_links() {
        let kept = |url| href(url).unwrap_or_else(|| panic!("{url} is a link"));
        assert_eq!(kept("https://example.com/a?b=1&c=2"), "https://example.com/a?b=1&c=2");
        assert_eq!(kept("HTTP://example.com"), "HTTP://example.com");
        assert_eq!(kept("mailto:writer@example.com"), "mailto:writer@example.com");
        assert_eq!(kept("https://ar.wikipedia.org/wiki/ورق"), "https://ar.wikipedia.org/wiki/ورق");
        assert_eq!(kept("https://xn--mgbh0fb.example/"), "https://xn--mgbh0fb.example/");
        assert_eq!(kept("tel:+966-11-000"), "tel:+966-11-000");
    }

    #[test]
    fn what_a_uri_may_not_hold_is_percent_encoded() {
        assert_eq!(href("https://example.com/a b\"c").as_deref(), Some("https://example.com/a%20b%22c"));
        assert_eq!(href("https://example.com/100%").as_deref(), Some("https://example.com/100%25"));
        assert_eq!(href("https://example.com/a%20b").as_deref(), Some("https://example.com/a%20b"));
        assert_eq!(href("https://example.com/[a]\\b").as_deref(), Some("https://example.com/%5Ba%5D%5Cb"));
        assert_eq!(href("https://example.com/a#b#c").as_deref(), Some("https://example.com/a#b%23c"));
        assert_eq!(href("https://[::1]:8080/a").as_deref(), Some("https://[::1]:8080/a"));
    }

    #[test]
    fn links_to_nothing_in_the_book_stay_text() {
        for url in [
            "other.md",
            "#section",
            "../notes.html",
            "javascript:alert(1)",
            "file:///home/me/a.png",
            "https:",
            "https://",
            "https:example.com",
            "mailto:",
            "https://مثال.com/",
            "https://a b.com/",
            "",
        ] {
            assert_eq!(href(url), None, "{url}");
        }
    }
}
