//! Eight bytes at a time: the word-wide tests the readers scan JSON text with (no SIMD, no
//! `unsafe`). Each sets the top bit of every lane it finds; the lowest set lane is exact, since
//! a borrow only runs upward from it.

/// `byte` in every lane of a word.
pub(crate) const fn lanes(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The lanes of `word` holding `byte`.
#[inline(always)]
pub(crate) fn lanes_of(word: u64, byte: u8) -> u64 {
    let x = word ^ lanes(byte);
    x.wrapping_sub(lanes(1)) & !x & lanes(0x80)
}

/// The lanes of `word` holding a byte below 0x20, which JSON refuses in a string (a byte with
/// its top bit set is not one).
#[inline(always)]
pub(crate) fn controls(word: u64) -> u64 {
    word.wrapping_sub(lanes(0x20)) & !word & lanes(0x80)
}

/// The lanes of `word` that end a string's plain text: a quote, a backslash or a control byte.
#[inline(always)]
pub(crate) fn string_stops(word: u64) -> u64 {
    lanes_of(word, b'"') | lanes_of(word, b'\\') | controls(word)
}

/// The eight bytes of `bytes` from `at`, when there are eight.
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let mut word = [0; 8];
    word.copy_from_slice(bytes.get(at..at + 8)?);
    Some(u64::from_le_bytes(word))
}

#[cfg(test)]
mod tests {
    use super::{controls, lanes_of, string_stops, word_at};

    #[test]
    fn the_lowest_lane_found_is_the_first_such_byte() {
        for byte in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = *b"abcdefgh";
                bytes[at] = byte;
                let word = word_at(&bytes, 0).unwrap();
                let first = |found: u64| (found != 0).then(|| found.trailing_zeros() as usize / 8);
                let expect = |hit: bool| hit.then_some(at);
                assert_eq!(first(lanes_of(word, b'"')), expect(byte == b'"'));
                assert_eq!(first(controls(word)), expect(byte < 0x20));
                let stop = byte == b'"' || byte == b'\\' || byte < 0x20;
                assert_eq!(first(string_stops(word)), expect(stop), "{byte} at {at}");
            }
        }
        assert_eq!(word_at(b"1234567", 0), None);
    }
}
