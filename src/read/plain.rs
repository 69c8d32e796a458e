//! The plain-text reader: an essay as pasted from the web → [`Document`].
//!
//! The steps, in order: decode and NFC; [`lines`] (trim, collapse spaces);
//! trailing [`boilerplate`] (share bars, related links, comments) dropped;
//! the head of the page read — site furniture before the headline dropped,
//! the headline taken as the title (with its series and part), a byline or a
//! short name-like line as the author, a repeated title dropped; then the
//! notes block at the end taken off ([`notes`]), the poems found on the
//! lines as pasted ([`verse`]), the rest joined where hard-wrapped and
//! classified by [`blocks`], and the markers that cite the notes marked.
//! Everything dropped is reported as a [`Notice`]. Text is only classified,
//! never rewritten (beyond NFC and whitespace, and the separators and
//! quotation marks around a bayt, which are layout).

use super::boilerplate::{
    fold, is_boilerplate, is_cut_marker, is_head_furniture, is_inline_furniture, is_section_label, is_site_name,
};
use super::byline::{looks_like_name, parse_byline};
use super::lines::{SourceLine, join_wrapped_lines, source_lines};
use super::{Notice, ReadError, ReadOptions, Reading, blocks, is_arabic_letter, notes, parse_title, verse};
use crate::document::{Block, Direction, Document, HeadingLevel, Meta};

/// How many lines at the top may be site furniture before the headline.
const HEAD_WINDOW: usize = 15;
/// How many lines after the headline may still be dates, bylines and the like.
const AFTER_TITLE_WINDOW: usize = 6;
/// How many lines at the end are searched for the start of related links or comments.
const TAIL_WINDOW: usize = 25;
/// Longest line after a cut marker («مقالات ذات صلة») that is still a link title.
const LINK_MAX_WORDS: usize = 16;

/// Reads an essay from its bytes.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Reading, ReadError> {
    let (text, encoding, mut notices) = super::text_of(bytes)?;
    let mut lines = source_lines(&text);
    if lines.is_empty() {
        return Err(ReadError::Empty);
    }
    if !options.keep_boilerplate {
        drop_tail(&mut lines, &mut notices);
    }
    let keep = options.keep_boilerplate;
    let head = read_head(&lines, keep, &mut notices).ok_or(ReadError::Empty)?;
    let mut body: Vec<SourceLine> = lines[head.body_start..].to_vec();
    let mut author = head.author;
    if !keep {
        body.retain(|line| {
            let drop = is_inline_furniture(&line.text);
            if drop {
                notices
                    .push(Notice { line: line.number, message: format!("dropped site boilerplate \"{}\"", line.text) });
            }
            !drop
        });
        // A byline at the very end names the author when the head did not
        // (and goes when it repeats the author the head found).
        if let Some(last) = body.last()
            && let Some(byline) = parse_byline(&last.text).filter(|b| b.rest.is_none())
            && author.as_ref().is_none_or(|name| fold(name) == fold(&byline.name))
        {
            notices.push(Notice {
                line: last.number,
                message: format!("took the byline \"{}\" as the author", last.text),
            });
            author = Some(byline.name);
            body.pop();
        }
    }
    notices.sort_by_key(|notice| notice.line);

    let notes = notes::split_notes(&mut body);
    let mut blocks: Vec<Block> = head.standfirst.into_iter().map(Block::paragraph).collect();
    // Poems are found on the lines as pasted, before wrapped prose is joined.
    let mut from = 0;
    // The last line of the head (a title such as «من قصيدة فلان:») may announce a poem that opens the body.
    let lead = head.body_start.checked_sub(1).map(|i| &lines[i]);
    for poem in verse::find_poems_after(lead, &body) {
        blocks.extend(blocks::classify_blocks(&join_wrapped_lines(body[from..poem.start].to_vec())));
        // A short line over a poem (its title, its poet) heads it.
        if poem.start > from
            && let Some(last) = blocks.last_mut()
            && let Block::Paragraph(text) = last
            && blocks::could_be_heading(&text.text)
            && !text.text.contains(':')
        {
            *last = Block::Heading { level: HeadingLevel::SECTION, text: std::mem::take(text) };
        }
        blocks.push(poem.block);
        from = poem.end;
    }
    blocks.extend(blocks::classify_blocks(&join_wrapped_lines(body[from..].to_vec())));
    if let Some(section) = notes {
        notes::attach_notes(&mut blocks, section);
    }
    let (lang, direction) = detect_language(&text);
    let title = head.title;
    let parts = parse_title(&title);
    let meta = Meta {
        subtitle: parts.as_ref().and_then(|p| p.subtitle.clone()),
        author,
        series: parts.as_ref().map(|p| p.series.clone()),
        part: parts.as_ref().map(|p| p.part),
        part_label: parts.as_ref().map(|p| p.label.clone()),
        title,
        lang: lang.to_string(),
        direction,
        date: None,
        identifier: None,
        cover: None,
    };
    Ok(Reading { document: Document { meta, blocks }, encoding, notices })
}

/// Drops trailing boilerplate, and everything after a «related articles» or
/// comments heading near the end when only short link lines follow it.
fn drop_tail(lines: &mut Vec<SourceLine>, notices: &mut Vec<Notice>) {
    let from = lines.len().saturating_sub(TAIL_WINDOW).max(1);
    let cut = (from..lines.len()).find(|&i| {
        is_cut_marker(&lines[i].text)
            && lines[i + 1..]
                .iter()
                .all(|line| line.text.split_whitespace().count() <= LINK_MAX_WORDS || is_boilerplate(&line.text))
    });
    if let Some(cut) = cut {
        for line in lines.drain(cut..) {
            notices.push(Notice { line: line.number, message: format!("dropped site boilerplate \"{}\"", line.text) });
        }
    }
    while lines.len() > 1 {
        let Some(last) = lines.last() else { break };
        let furniture = is_boilerplate(&last.text)
            || super::boilerplate::is_date_line(&last.text)
            || super::boilerplate::is_count_line(&last.text)
            || (super::boilerplate::is_symbols_only(&last.text) && !blocks::is_break(&last.text));
        if !furniture {
            break;
        }
        notices.push(Notice { line: last.number, message: format!("dropped site boilerplate \"{}\"", last.text) });
        lines.pop();
    }
}

/// What the head of the page says: the title, the author, and where the body begins.
struct Head {
    title: String,
    author: Option<String>,
    body_start: usize,
    /// A line under the headline that sums the essay up (it stays a paragraph).
    standfirst: Option<String>,
}

fn dropped(notices: &mut Vec<Notice>, line: &SourceLine, what: &str) {
    notices.push(Notice { line: line.number, message: format!("dropped {what} \"{}\"", line.text) });
}

/// Reads the head of the page: furniture, bylines and dates around the
/// headline, the headline itself, and the author.
fn read_head(lines: &[SourceLine], keep: bool, notices: &mut Vec<Notice>) -> Option<Head> {
    let mut author = None;
    let mut title = None;
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        let text = line.text.as_str();
        let in_window = index < HEAD_WINDOW && index + 1 < lines.len();
        if in_window
            && !keep
            && (is_head_furniture(text) || blocks::is_break(text))
            && !looks_like_a_title(lines, index)
        {
            dropped(notices, line, "site furniture");
            index += 1;
            continue;
        }
        if in_window && let Some(byline) = parse_byline(text) {
            notices.push(Notice { line: line.number, message: format!("took the byline \"{text}\" as the author") });
            author.get_or_insert(byline.name);
            index += 1;
            if let Some(rest) = byline.rest {
                title = Some(rest);
                break;
            }
            continue;
        }
        let after_furniture = index > 0;
        if in_window && !keep && is_section_label_before_headline(lines, index, after_furniture) {
            dropped(notices, line, "site furniture");
            index += 1;
            continue;
        }
        let dropped: Vec<String> = lines[..index].iter().map(|line| fold(&line.text)).collect();
        let headline = without_site_suffix(text, &dropped);
        // «العنوان - بقلم: فلان»: the byline leaves the title.
        let (headline, byline) = split_title_byline(headline);
        if let Some(name) = byline {
            notices.push(Notice { line: line.number, message: format!("took the byline in \"{text}\" as the author") });
            author.get_or_insert(name);
        }
        // Decorative emoji around a headline («⭐ … ⭐») are not its words.
        let headline = headline.trim_matches(|c: char| blocks::is_pictograph(c) || c == '\u{fe0f}' || c == ' ');
        title = Some(headline.to_string());
        index += 1;
        break;
    }
    let title = title?;
    let chapter_title = is_chapter_label(&title);
    let window_end = (index + AFTER_TITLE_WINDOW).min(lines.len());
    let mut name_checked = false;
    let mut standfirst = None;
    while index < window_end && index + 1 < lines.len() {
        let line = &lines[index];
        let text = line.text.as_str();
        if fold(text) == fold(&title) {
            dropped(notices, line, "a repeated title");
        } else if !keep && (is_head_furniture(text) || blocks::is_break(text)) && !is_section_label(text) {
            dropped(notices, line, "site furniture");
        } else if let Some(byline) = parse_byline(text).filter(|b| b.rest.is_none()) {
            notices.push(Notice { line: line.number, message: format!("took the byline \"{text}\" as the author") });
            author.get_or_insert(byline.name);
        } else if !name_checked && author.is_none() && !chapter_title && looks_like_name(text) {
            author = Some(text.to_string());
            name_checked = true;
        } else {
            // A standfirst under the headline, then the author's name: the name leaves the body.
            let sums_up = text.split_whitespace().count() <= 25 && !text.ends_with('.');
            if author.is_none()
                && sums_up
                && !chapter_title
                && let Some(next) = lines.get(index + 1).filter(|_| index + 2 < lines.len())
            {
                if let Some(byline) = parse_byline(&next.text).filter(|b| b.rest.is_none()) {
                    let message = format!("took the byline \"{}\" as the author", next.text);
                    notices.push(Notice { line: next.number, message });
                    author = Some(byline.name);
                    standfirst = Some(text.to_string());
                } else if looks_like_name(&next.text) {
                    author = Some(next.text.clone());
                    standfirst = Some(text.to_string());
                }
                if standfirst.is_some() {
                    index += 2;
                    break;
                }
            }
            // A standfirst, then the date and byline lines a news page puts under it.
            let mut after = index + 1;
            while !keep && after + 1 < lines.len() && after <= index + 4 {
                let next = &lines[after];
                if let Some(byline) = parse_byline(&next.text).filter(|b| b.rest.is_none()) {
                    let message = format!("took the byline \"{}\" as the author", next.text);
                    notices.push(Notice { line: next.number, message });
                    author.get_or_insert(byline.name);
                } else if is_head_furniture(&next.text)
                    && !is_section_label(&next.text)
                    && !blocks::is_break(&next.text)
                {
                    dropped(notices, next, "site furniture");
                } else {
                    break;
                }
                after += 1;
            }
            if after > index + 1 {
                standfirst = Some(text.to_string());
                index = after;
            }
            break;
        }
        index += 1;
    }
    Some(Head { title, author, body_start: index, standfirst })
}

/// A line that looks like furniture but is the headline after all: a section
/// word followed straight away by a long paragraph («ثقافة» alone is not).
fn looks_like_a_title(lines: &[SourceLine], index: usize) -> bool {
    let text = lines[index].text.as_str();
    if !is_section_label(text) || index > 0 {
        return false;
    }
    lines.get(index + 1).is_some_and(|next| next.text.split_whitespace().count() > 25)
}

/// A short line before a headline: a site's section label. It is one when
/// its words are section words, or when it is a word or two standing before
/// a headline that is itself followed by a date, byline or furniture.
fn is_section_label_before_headline(lines: &[SourceLine], index: usize, after_furniture: bool) -> bool {
    let text = lines[index].text.as_str();
    let words = text.split_whitespace().count();
    let site = is_site_name(text);
    if words > 4 || blocks::ends_a_sentence(text) || parse_title(text).is_some() {
        return false;
    }
    // Furniture straight after it («أخبار عربية», a date) makes a short line the site's name.
    let mut next_index = index + 1;
    while next_index < lines.len().min(index + 6)
        && (is_head_furniture(&lines[next_index].text)
            || blocks::is_break(&lines[next_index].text)
            || parse_byline(&lines[next_index].text).is_some_and(|b| b.rest.is_none()))
    {
        next_index += 1;
    }
    let furniture_after = next_index > index + 1;
    if !site && lines.get(index + 1).and_then(|line| parse_byline(&line.text)).is_some_and(|b| b.rest.is_none()) {
        return false; // a byline right under it: it is the headline
    }
    if (looks_like_name(text) && !site && !furniture_after) || (words > 3 && !furniture_after) {
        return false;
    }
    let Some(next) = lines.get(next_index) else { return false };
    let next_words = next.text.split_whitespace().count();
    // Under a site's name or menu, a short line before a headline is one more label.
    let under_furniture = after_furniture && words <= 3 && !looks_like_name(&next.text);
    let fewest = if site || furniture_after || under_furniture { 2 } else { 4 };
    let headline = (fewest..=25).contains(&next_words)
        && !next.text.ends_with(['.', ':'])
        && parse_byline(&next.text).is_none()
        && !verse::is_bayt_line(&next.raw);
    if !headline {
        return false;
    }
    if is_section_label(text) || site || furniture_after || under_furniture {
        return true;
    }
    lines[next_index + 1..]
        .iter()
        .take(3)
        .any(|line| is_head_furniture(&line.text) || parse_byline(&line.text).is_some())
}

/// A headline as a browser tab shows it, «العنوان | اسم الموقع»: the site's name goes.
/// After " | " any short suffix is the site; after a dash, only a known
/// site or section name, or a line already dropped as furniture.
fn without_site_suffix<'a>(title: &'a str, dropped: &[String]) -> &'a str {
    for separator in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((headline, suffix)) = title.rsplit_once(separator)
            && headline.split_whitespace().count() >= 2
            && (parse_title(title).is_none() || parse_title(headline).is_some())
            && (is_site_name(suffix)
                || is_section_label(suffix)
                || dropped.contains(&fold(suffix))
                || (separator == " | " && suffix.split_whitespace().count() <= 4))
        {
            return headline.trim();
        }
    }
    title
}

/// A headline with a byline after a dash or bar: the headline and the name.
fn split_title_byline(title: &str) -> (&str, Option<String>) {
    for separator in [" - ", " | ", " – ", " — ", "، "] {
        if let Some((headline, tail)) = title.rsplit_once(separator)
            && headline.split_whitespace().count() >= 2
            && let Some(byline) = parse_byline(tail).filter(|b| b.rest.is_none())
        {
            return (headline.trim(), Some(byline.name));
        }
    }
    (title, None)
}

/// «الفصل الأول», "Chapter 3": a title after which a short line is a heading, not an author.
fn is_chapter_label(title: &str) -> bool {
    let folded = fold(title);
    ["الفصل", "الباب", "الجزء", "الحلقه", "القسم", "chapter", "part"].iter().any(|word| folded.starts_with(word))
}

/// Arabic when Arabic letters outnumber Latin ones, English otherwise.
fn detect_language(text: &str) -> (&'static str, Direction) {
    let arabic = text.chars().filter(|&c| is_arabic_letter(c)).count();
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if arabic > latin { ("ar", Direction::Rtl) } else { ("en", Direction::Ltr) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn read_str(text: &str) -> Reading {
        read(text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn heading_without_blank_line_before_its_paragraph() {
        let reading = read_str(
            "العنوان\nسلمى الحفار\nالورق في بغداد\nانتشر الورق في بغداد سريعًا بعد أن عرفه العرب من الصينيين، فصار الوراقون سوقًا.\n",
        );
        assert_eq!(reading.document.meta.author.as_deref(), Some("سلمى الحفار"));
        assert_eq!(reading.document.blocks[0], Block::heading("الورق في بغداد"));
        assert!(matches!(reading.document.blocks[1], Block::Paragraph { .. }));
    }

    #[test]
    fn a_short_question_before_a_paragraph_is_a_heading() {
        let reading = read_str(
            "عنوان\n\nلماذا انتصر الورق؟\nلأنه أرخص من الرق وأمتن من البردي، ويصنع في كل مدينة فيها ماء وخرق.\n",
        );
        assert_eq!(reading.document.blocks[0], Block::heading("لماذا انتصر الورق؟"));
    }

    #[test]
    fn trailing_boilerplate_is_dropped_and_reported() {
        let reading =
            read_str("Title\n\nA paragraph of the essay, long enough to read as one.\n\nExit mobile version\n");
        assert_eq!(reading.document.blocks.len(), 1);
        assert_eq!(
            reading.notices,
            vec![Notice { line: 5, message: "dropped site boilerplate \"Exit mobile version\"".into() }]
        );
        assert_eq!(reading.document.meta.lang, "en");
        assert_eq!(reading.document.meta.direction, Direction::Ltr);
    }

    #[test]
    fn boilerplate_can_be_kept() {
        let options = ReadOptions { keep_boilerplate: true };
        let reading = read(b"Title\n\nA paragraph of the essay.\nExit mobile version\n", &options).unwrap();
        assert_eq!(reading.document.blocks.last().unwrap().own_text().unwrap().as_str(), "Exit mobile version");
    }

    #[test]
    fn a_sentence_after_the_title_is_not_an_author() {
        let reading = read_str("عنوان\nبدأت صناعة الورق في سمرقند.\nثم انتقلت إلى بغداد.\n");
        assert_eq!(reading.document.meta.author, None);
        assert_eq!(reading.document.blocks.len(), 2);
    }

    #[test]
    fn byline_word_is_not_part_of_the_name() {
        assert_eq!(read_str("T\nBy Jane Doe\nText.\n").document.meta.author.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn a_site_suffix_leaves_the_title_but_a_part_stays() {
        assert_eq!(read_str("عنوان المقال | موقع الكتب\n\nنص.\n").document.meta.title, "عنوان المقال");
        let reading = read_str("الحرب والسلام | الجزء الثالث\n\nنص.\n");
        assert_eq!(reading.document.meta.part, Some(3));
    }

    #[test]
    fn whitespace_only_input_is_empty() {
        assert_eq!(read(b" \n\n\t\n", &ReadOptions::default()).unwrap_err(), ReadError::Empty);
    }

    #[test]
    fn harakat_survive_reading() {
        let reading = read_str("عنوان\n\nأَدَّت المقاومةُ دورًا محوريًّا.\n");
        assert_eq!(
            reading.document.blocks[0].own_text().unwrap().as_str(),
            "أَدَّت المقاومةُ دورًا محوريًّا.".nfc().collect::<String>()
        );
    }
}
