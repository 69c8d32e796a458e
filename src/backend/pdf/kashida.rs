//! Kashida (كشيدة): where an Arabic word may be elongated, and by how much.
//!
//! Each word has at most one site, chosen by the priorities of W3C alreq and
//! the rules word processors follow: after a typed tatweel; after an initial
//! or medial seen or sad; before a final teh marbuta, heh or dal; before a
//! final alef, tah, lam, kaf or gaf; before a medial beh-like letter followed
//! by reh or yeh; before a final waw, ain, qaf or feh; before any other final
//! form. Ties go toward the end of the word. Never inside lam-alef, never
//! before a final yeh unless it follows a seen, never across a letter that
//! does not join, and never in Latin text or digits (they do not join).
//!
//! A site is a byte offset where tatweel (U+0640) is inserted into the
//! shaping input; Amiri draws a run of them as one smooth elongation. The
//! inserted tatweel is layout, not text: its glyph carries no text.

use std::ops::Range;
use unicode_joining_type::{JoiningType, get_joining_type};

/// How justified lines are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Justify {
    /// Arabic lines elongate words first and widen spaces second (the default).
    #[default]
    Kashida,
    /// Only the spaces between words widen.
    Spaces,
}

impl Justify {
    /// Parses `kashida` or `spaces`.
    pub fn parse(text: &str) -> anyhow::Result<Justify> {
        match text.to_ascii_lowercase().as_str() {
            "kashida" => Ok(Justify::Kashida),
            "spaces" => Ok(Justify::Spaces),
            _ => anyhow::bail!("unknown justification {text:?}: use kashida or spaces"),
        }
    }
}

/// Most tatweels one site takes: longer elongations look drawn out.
pub const MAX_PER_SITE: usize = 2;

/// A place where one word may be elongated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The word, in paragraph bytes.
    pub word: Range<usize>,
    /// Where tatweel goes: the byte offset of the letter it is inserted before.
    pub at: usize,
    /// 1 (best) to 7.
    pub priority: u8,
}

/// A letter of a word with what kashida placement needs to know.
#[derive(Debug, Clone, Copy)]
struct Letter {
    offset: usize,
    c: char,
    joins_left: bool,
    joins_right: bool,
}

fn letters(text: &str, word: Range<usize>) -> Vec<Letter> {
    text[word.clone()]
        .char_indices()
        .filter_map(|(offset, c)| {
            let joining = get_joining_type(c);
            if joining == JoiningType::Transparent {
                return None; // harakat ride on their letter
            }
            Some(Letter {
                offset: word.start + offset,
                c,
                joins_left: matches!(joining, JoiningType::DualJoining | JoiningType::JoinCausing),
                joins_right: matches!(
                    joining,
                    JoiningType::DualJoining | JoiningType::RightJoining | JoiningType::JoinCausing
                ),
            })
        })
        .collect()
}

const SEEN_SAD: &[char] = &['س', 'ش', 'ص', 'ض', 'ڛ', 'ښ', 'ڜ'];
const TEH_MARBUTA_HEH_DAL: &[char] = &['ة', 'ه', 'ۀ', 'ە', 'د', 'ذ', 'ڈ'];
const ALEF_TAH_LAM_KAF_GAF: &[char] = &['ا', 'أ', 'إ', 'آ', 'ٱ', 'ط', 'ظ', 'ل', 'ك', 'ک', 'گ'];
const BEH_LIKE: &[char] = &['ب', 'ت', 'ث', 'ن', 'ي', 'ئ', 'ى', 'پ', 'ٹ', 'ی', 'ٮ'];
const REH_YEH: &[char] = &['ر', 'ز', 'ژ', 'ڑ', 'ي', 'ى', 'ی'];
const WAW_AIN_QAF_FEH: &[char] = &['و', 'ؤ', 'ع', 'غ', 'ق', 'ف', 'ڤ'];
const YEH: &[char] = &['ي', 'ى', 'ی', 'ئ'];
const ALEF: &[char] = &['ا', 'أ', 'إ', 'آ', 'ٱ'];
const LAM: char = 'ل';
const TATWEEL: char = '\u{0640}';

/// The best kashida site of one word, if it has any.
pub fn word_site(text: &str, word: Range<usize>) -> Option<Site> {
    let letters = letters(text, word.clone());
    let mut best: Option<Site> = None;
    for (index, pair) in letters.windows(2).enumerate() {
        let (before, after) = (pair[0], pair[1]);
        if !(before.joins_left && after.joins_right) {
            continue; // the two do not join: nothing to elongate
        }
        let after_is_final = !(after.joins_left && letters.get(index + 2).is_some_and(|next| next.joins_right));
        if before.c == LAM && ALEF.contains(&after.c) {
            continue; // inside lam-alef
        }
        if after_is_final && YEH.contains(&after.c) && !SEEN_SAD[..3].contains(&before.c) {
            continue; // before a final yeh, unless it follows a seen
        }
        let followed_by_reh_yeh = letters.get(index + 2).is_some_and(|next| REH_YEH.contains(&next.c));
        let priority = if before.c == TATWEEL {
            1
        } else if after.c == TATWEEL {
            continue; // elongate after the typed tatweel, not before it
        } else if SEEN_SAD.contains(&before.c) {
            2
        } else if after_is_final && TEH_MARBUTA_HEH_DAL.contains(&after.c) {
            3
        } else if after_is_final && ALEF_TAH_LAM_KAF_GAF.contains(&after.c) {
            4
        } else if !after_is_final && BEH_LIKE.contains(&after.c) && followed_by_reh_yeh {
            5
        } else if after_is_final && WAW_AIN_QAF_FEH.contains(&after.c) {
            6
        } else if after_is_final {
            7
        } else {
            continue;
        };
        // Ties go toward the end of the word: a later site of equal priority wins.
        if best.as_ref().is_none_or(|site| priority <= site.priority) {
            best = Some(Site { word: word.clone(), at: after.offset, priority });
        }
    }
    best
}

/// The kashida sites of every word in `range` of `text`, in logical order.
pub fn sites(text: &str, range: Range<usize>) -> Vec<Site> {
    let mut sites = Vec::new();
    let mut start = None;
    for (offset, c) in text[range.clone()].char_indices().chain(std::iter::once((range.len(), ' '))) {
        let at = range.start + offset;
        match (c.is_whitespace(), start) {
            (true, Some(word_start)) => {
                sites.extend(word_site(text, word_start..at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    sites
}

/// The order in which sites receive tatweels, one at a time: best
/// priorities first, spread so that neighbouring words are not both
/// elongated while others wait, one tatweel per site per round, at most
/// [`MAX_PER_SITE`] each. Each site index appears up to that many times.
pub fn order(sites: &[Site]) -> Vec<usize> {
    let mut counts = vec![0; sites.len()];
    let mut by_priority: Vec<usize> = (0..sites.len()).collect();
    // Best priority first; among equals, from the line's end toward its start.
    by_priority.sort_by_key(|&index| (sites[index].priority, std::cmp::Reverse(index)));
    let mut sequence = Vec::with_capacity(sites.len() * MAX_PER_SITE);
    for round in 0..MAX_PER_SITE {
        // First the sites whose neighbours are still plain, then the rest.
        for pass in 0..2 {
            for &index in &by_priority {
                if counts[index] != round {
                    continue;
                }
                let neighbour_busy = [index.wrapping_sub(1), index + 1]
                    .iter()
                    .any(|&n| counts.get(n).is_some_and(|&count| count > round));
                if pass == 0 && neighbour_busy {
                    continue;
                }
                counts[index] += 1;
                sequence.push(index);
            }
        }
    }
    sequence
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many tatweels each site gets when `wanted` are handed out in [`order`].
    fn distribute(sites: &[Site], wanted: usize) -> Vec<usize> {
        let mut counts = vec![0; sites.len()];
        for index in order(sites).into_iter().take(wanted) {
            counts[index] += 1;
        }
        counts
    }

    fn site_of(word: &str) -> Option<(String, u8)> {
        word_site(word, 0..word.len()).map(|site| {
            let mut marked = word.to_string();
            marked.insert(site.at, 'ـ');
            (marked, site.priority)
        })
    }

    #[test]
    fn priorities_follow_the_rules() {
        assert_eq!(site_of("مستقبل"), Some(("مسـتقبل".into(), 2)), "after a medial seen");
        assert_eq!(site_of("مدرسة"), Some(("مدرسـة".into(), 2)), "seen beats teh marbuta");
        assert_eq!(site_of("كلمة"), Some(("كلمـة".into(), 3)), "before a final teh marbuta");
        assert_eq!(site_of("كتاب"), Some(("كتـاب".into(), 4)), "before a final alef");
        assert_eq!(site_of("محمد"), Some(("محمـد".into(), 3)), "before a final dal");
        assert_eq!(site_of("بحر"), Some(("بحـر".into(), 7)), "before any other final");
        assert_eq!(site_of("حقو"), Some(("حقـو".into(), 6)), "before a final waw");
    }

    #[test]
    fn never_inside_lam_alef_nor_before_a_lone_final_yeh() {
        assert_eq!(site_of("لا"), None);
        assert_eq!(site_of("في"), None, "a final yeh not after a seen");
        assert_eq!(site_of("كرسي"), Some(("كرسـي".into(), 2)), "a final yeh after a seen is allowed");
    }

    #[test]
    fn latin_digits_and_non_joining_letters_have_no_site() {
        assert_eq!(site_of("Cairo"), None);
        assert_eq!(site_of("1924"), None);
        assert_eq!(site_of("ورد"), None, "waw and reh join to nothing after them");
    }

    #[test]
    fn a_typed_tatweel_is_elongated_first() {
        assert_eq!(site_of("سـلام").map(|(_, p)| p), Some(1));
    }

    #[test]
    fn harakat_stay_on_their_letter() {
        let word = "مَدْرَسَةٌ";
        let site = word_site(word, 0..word.len()).unwrap();
        assert_eq!(&word[site.at..], "ةٌ", "the tatweel goes after the seen's fatha, not between them");
    }

    #[test]
    fn tatweels_spread_before_they_pile_up() {
        let site = |priority| Site { word: 0..1, at: 0, priority };
        let sites = [site(2), site(2), site(3), site(7)];
        assert_eq!(distribute(&sites, 2), vec![0, 1, 0, 1], "neighbours of an elongated word wait");
        assert_eq!(distribute(&sites, 4), vec![1, 1, 1, 1]);
        assert_eq!(distribute(&sites, 5).iter().sum::<usize>(), 5);
        assert_eq!(distribute(&sites, 100), vec![MAX_PER_SITE; 4], "never more than the maximum");
    }
}
