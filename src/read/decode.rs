//! Bytes to text: the encodings essays arrive in, and refusing what is not text.
//!
//! UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such.
//! Bytes that are not valid UTF-8 are tried as Windows-1256, the old Arabic
//! Windows code page, and accepted only if the result reads as Arabic text.
//! Line endings come out as `\n`.

use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};

/// Why bytes could not be taken as an essay.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Decodes an essay's bytes into text with `\n` line endings.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
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
                let text = decode_strict(WINDOWS_1256, rest)
                    .filter(|text| reads_as_arabic(text))
                    .ok_or_else(|| DecodeError::UnknownEncoding { line: first_bad_utf8_line(rest) })?;
                (text, Encoding::Windows1256)
            }
        }
    };
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok((normalise_line_endings(&text), encoding))
}

fn decode_strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(|text| text.into_owned())
}

/// Windows-1256 maps every byte to something, so decoding never fails; the
/// question is whether the result is Arabic prose. It must have no control
/// characters but tab, line feed, carriage return and form feed, and at least
/// half of its letters must be Arabic.
fn reads_as_arabic(text: &str) -> bool {
    let has_controls = text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'));
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let arabic = text.chars().filter(|&c| is_arabic_letter(c)).count();
    !has_controls && arabic > 0 && arabic * 2 >= letters
}

/// True for letters of the Arabic script (not marks, not digits).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FC}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
        && c != '\u{0640}'
}

fn first_bad_utf8_line(bytes: &[u8]) -> usize {
    let valid_up_to = std::str::from_utf8(bytes).err().map_or(bytes.len(), |e| e.valid_up_to());
    1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count()
}

fn normalise_line_endings(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped_and_crlf_normalised() {
        let (text, encoding) = decode("\u{feff}سطر\r\nآخر\rثالث".as_bytes()).unwrap();
        assert_eq!(text, "سطر\nآخر\nثالث");
        assert_eq!(encoding, Encoding::Utf8);
    }

    #[test]
    fn utf16_both_byte_orders_decode() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("ورق".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("ورق".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&le).unwrap(), ("ورق".to_string(), Encoding::Utf16Le));
        assert_eq!(decode(&be).unwrap(), ("ورق".to_string(), Encoding::Utf16Be));
    }

    #[test]
    fn windows_1256_arabic_is_recognised() {
        let (bytes, _, _) = WINDOWS_1256.encode("تاريخ الورق في بغداد");
        let (text, encoding) = decode(&bytes).unwrap();
        assert_eq!(text, "تاريخ الورق في بغداد");
        assert_eq!(encoding, Encoding::Windows1256);
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
