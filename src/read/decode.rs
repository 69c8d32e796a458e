//! Bytes to text: the encodings essays arrive in, and refusing what is not text.
//!
//! UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such.
//! Bytes that are not valid UTF-8 are weighed by evidence. Text that is
//! UTF-8 but for a few bytes (a stray byte, a character cut at the end) stays
//! UTF-8: those bytes become U+FFFD and each line holding one is reported.
//! Only text with little UTF-8 in it is tried as Windows-1256, the old Arabic
//! Windows code page, and accepted only if the result reads as Arabic prose.
//! Line endings come out as `\n`.

use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};

/// Why bytes could not be taken as an essay.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input holds NUL bytes: an image, an archive, a program.
    Binary,
    /// A UTF-16 BOM followed by bytes that are not UTF-16.
    BadUtf16,
    /// Neither UTF-8 nor Arabic text in Windows-1256.
    UnknownEncoding {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary data (NUL bytes), not a text file"),
            DecodeError::BadUtf16 => write!(f, "starts with a UTF-16 byte order mark but is not valid UTF-16"),
            DecodeError::UnknownEncoding { .. } => {
                write!(f, "not valid UTF-8, and not Arabic text in Windows-1256 either; save the file as UTF-8")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Which encoding the bytes were read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 little-endian, with a byte order mark.
    Utf16Le,
    /// UTF-16 big-endian, with a byte order mark.
    Utf16Be,
    /// The Windows Arabic code page.
    Windows1256,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with `\n` line endings.
    pub text: String,
    /// The encoding it was read as.
    pub encoding: Encoding,
    /// 1-based lines where bytes that are not UTF-8 were replaced by U+FFFD.
    pub replaced_lines: Vec<usize>,
}

/// Decodes an essay's bytes into text with `\n` line endings.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut replaced_lines = Vec::new();
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (decode_strict(UTF_16LE, rest).ok_or(DecodeError::BadUtf16)?, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (decode_strict(UTF_16BE, rest).ok_or(DecodeError::BadUtf16)?, Encoding::Utf16Be)
    } else {
        if bytes.contains(&0) {
            return Err(DecodeError::Binary);
        }
        let rest = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        match decode_strict(UTF_8, rest) {
            Some(text) => (text, Encoding::Utf8),
            None => {
                let evidence = Utf8Evidence::of(rest);
                if evidence.is_mostly_utf8() {
                    replaced_lines = evidence.bad_lines;
                    (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8)
                } else if let Some(text) = decode_strict(WINDOWS_1256, rest).filter(|text| reads_as_arabic(text)) {
                    (text, Encoding::Windows1256)
                } else if evidence.is_nearly_clean(rest.len()) {
                    replaced_lines = evidence.bad_lines;
                    (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8)
                } else {
                    return Err(DecodeError::UnknownEncoding {
                        line: evidence.bad_lines.first().copied().unwrap_or(1),
                    });
                }
            }
        }
    };
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text: normalise_line_endings(&text), encoding, replaced_lines })
}

/// How much of a byte string is UTF-8: well-formed multi-byte characters
/// against runs of bytes that are not UTF-8, and the lines of those runs.
struct Utf8Evidence {
    /// Well-formed characters of two to four bytes.
    multibyte: usize,
    /// Runs of bytes that are not UTF-8.
    bad_runs: usize,
    /// Bytes that are not UTF-8.
    bad_bytes: usize,
    /// The distinct 1-based lines those runs are on.
    bad_lines: Vec<usize>,
}

impl Utf8Evidence {
    fn of(bytes: &[u8]) -> Utf8Evidence {
        let mut evidence = Utf8Evidence { multibyte: 0, bad_runs: 0, bad_bytes: 0, bad_lines: Vec::new() };
        let mut line = 1;
        for chunk in bytes.utf8_chunks() {
            let valid = chunk.valid();
            evidence.multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
            line += valid.bytes().filter(|&b| b == b'\n').count();
            let invalid = chunk.invalid();
            if !invalid.is_empty() {
                evidence.bad_runs += 1;
                evidence.bad_bytes += invalid.len();
                if evidence.bad_lines.last() != Some(&line) {
                    evidence.bad_lines.push(line);
                }
                line += invalid.iter().filter(|&&b| b == b'\n').count();
            }
        }
        evidence
    }

    /// Real UTF-8 text with a few damaged bytes: at least twenty well-formed
    /// non-ASCII characters for every damaged run. Windows-1256 Arabic almost
    /// never forms valid UTF-8 pairs (its letters are 0xC1–0xFE, and most of
    /// what follows a letter is another letter, not a continuation byte).
    fn is_mostly_utf8(&self) -> bool {
        self.multibyte >= 20 * self.bad_runs
    }

    /// ASCII text with a handful of stray bytes: at most one in a thousand.
    fn is_nearly_clean(&self, length: usize) -> bool {
        self.bad_bytes * 1000 <= length.max(1000)
    }
}

fn decode_strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(|text| text.into_owned())
}

/// Windows-1256 maps every byte to something, so decoding never fails; the
/// question is whether the result is Arabic prose. It must have no control
/// characters but tab, line feed, carriage return and form feed; at least
/// half of its letters must be Arabic; its words must have the length of
/// words (random bytes make one endless "word"); and Arabic letters must not
/// share a word with the Latin letters the code page also holds (à, é, ç…),
/// which real text never mixes but noise does all the time.
fn reads_as_arabic(text: &str) -> bool {
    let has_controls = text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'));
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let arabic = text.chars().filter(|&c| is_arabic_letter(c)).count();
    if has_controls || arabic == 0 || arabic * 2 < letters {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().filter(|w| w.chars().any(is_arabic_letter)).collect();
    let mixed =
        words.iter().filter(|w| w.chars().any(|c| c.is_alphabetic() && !c.is_ascii() && c.is_lowercase())).count();
    let mean_letters = arabic as f64 / words.len().max(1) as f64;
    mean_letters <= 12.0 && mixed * 50 <= words.len()
}

/// True for letters of the Arabic script (not marks, not digits).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
        && c != '\u{0640}'
}

fn normalise_line_endings(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped_and_crlf_normalised() {
        let decoded = decode("\u{feff}سطر\r\nآخر\rثالث".as_bytes()).unwrap();
        assert_eq!(decoded.text, "سطر\nآخر\nثالث");
        assert_eq!(decoded.encoding, Encoding::Utf8);
    }

    #[test]
    fn utf16_both_byte_orders_decode() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("ورق".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("ورق".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let decoded = |bytes: &[u8]| decode(bytes).map(|d| (d.text, d.encoding)).unwrap();
        assert_eq!(decoded(&le), ("ورق".to_string(), Encoding::Utf16Le));
        assert_eq!(decoded(&be), ("ورق".to_string(), Encoding::Utf16Be));
    }

    #[test]
    fn windows_1256_arabic_is_recognised() {
        let (bytes, _, _) = WINDOWS_1256.encode("تاريخ الورق في بغداد");
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "تاريخ الورق في بغداد");
        assert_eq!(decoded.encoding, Encoding::Windows1256);
    }

    /// An Arabic paragraph long enough to weigh as evidence.
    const ESSAY: &str = "وهم الخلافة\nانتقلت صناعة الورق من سمرقند إلى بغداد في القرن الثامن، فازدهرت سوق الوراقين.\nوكان الوراق ينسخ الكتب ويبيعها ويجلدها لطلاب العلم في المدينة.\n";

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8_and_names_their_lines() {
        let damaged: [&[u8]; 4] = [b"\xff", b"\xd8", b"\xc0\xaf", b"\xed\xa0\x80"];
        for bad in damaged {
            let mut bytes = ESSAY.as_bytes().to_vec();
            let second_line = ESSAY.find('\n').unwrap() + 1;
            bytes.splice(second_line..second_line, bad.iter().copied());
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.encoding, Encoding::Utf8, "{bad:x?}");
            assert!(decoded.text.starts_with("وهم الخلافة\n\u{fffd}"), "{bad:x?}: {}", decoded.text);
            assert_eq!(decoded.replaced_lines, vec![2], "{bad:x?}");
        }
    }

    #[test]
    fn a_character_cut_at_the_end_is_replaced_not_a_reason_for_windows_1256() {
        let mut bytes = ESSAY.as_bytes().to_vec();
        bytes.push(0xd8);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, Encoding::Utf8);
        assert!(decoded.text.starts_with("وهم الخلافة"));
        assert_eq!(decoded.replaced_lines, vec![4]);
    }

    #[test]
    fn a_long_windows_1256_essay_is_still_windows_1256() {
        let (bytes, _, _) = WINDOWS_1256.encode(ESSAY);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, Encoding::Windows1256);
        assert_eq!(decoded.text, ESSAY);
        assert!(decoded.replaced_lines.is_empty());
    }

    #[test]
    fn random_high_bytes_are_not_an_arabic_book() {
        let mut state = 0x2545_f491_u32;
        let bytes: Vec<u8> = (0..100_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                0xC0 + (state % 64) as u8
            })
            .collect();
        assert!(matches!(decode(&bytes), Err(DecodeError::UnknownEncoding { .. })));
    }

    #[test]
    fn ascii_with_one_stray_byte_is_utf8() {
        let decoded = decode(b"Title\n\nA plain English paragraph with one stray \xff byte in it.\n").unwrap();
        assert_eq!(decoded.encoding, Encoding::Utf8);
        assert_eq!(decoded.replaced_lines, vec![3]);
    }

    #[test]
    fn latin1_french_is_not_taken_for_arabic() {
        let bytes = b"line one\ncaf\xe9 cr\xe8me br\xfbl\xe9e\n";
        assert_eq!(decode(bytes), Err(DecodeError::UnknownEncoding { line: 2 }));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(DecodeError::Binary));
    }
}
