//! The JSON reader of the happy path: a serde `Deserializer` over the message's text that does
//! less per key and value than serde_json's, which must also be able to say where any error is.
//!
//! It accepts nothing serde_json refuses, and gives every visitor the calls and values serde_json
//! would. Whatever it does not read exactly as serde_json does, it refuses: any error (the
//! visitor's own included), a number `f64` does not hold exactly, an escape it would have to
//! judge as serde_json does (a lone surrogate), a form serde_json reads one way and this another
//! (an enum as an object, bytes). A refused document is read again by serde_json, which decides
//! and explains, so the two readers give the same result on every input.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use crate::words::{string_stops, word_at};

/// serde_json's token for its `RawValue`: a value asked for under this newtype name is handed
/// over as its JSON text, as serde_json hands it.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// How deep arrays and objects may nest: below serde_json's limit (127), so that nothing
/// serde_json refuses for depth reads here.
const MAX_DEPTH: usize = 100;

/// Why the reader gave up, which is never reported: serde_json reads the document again.
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("refused by the fast reader")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    #[cold]
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

type Result<T> = std::result::Result<T, Refused>;

/// Reads `text` as one JSON value with `seed`, then only whitespace.
pub(crate) fn read<'de, S: DeserializeSeed<'de>>(text: &'de str, seed: S) -> Result<S::Value> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
        scratch: Vec::new(),
    };
    let value = seed.deserialize(&mut reader)?;
    match reader.peek() {
        None => Ok(value),
        Some(_) => Err(Refused),
    }
}

struct Reader<'de> {
    text: &'de str,
    at: usize,
    depth: usize,
    /// Unescaped text of the string just read, when it had escapes.
    scratch: Vec<u8>,
}

/// A string read: borrowed from the text, or unescaped into the scratch buffer.
enum Text<'de, 's> {
    Borrowed(&'de str),
    Copied(&'s str),
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\n' | b'\t' | b'\r')
}

impl<'de> Reader<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not whitespace, left unread.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&byte) = bytes.get(self.at) {
            if !is_space(byte) {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// Reads `byte`, after any whitespace.
    #[inline]
    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek() != Some(byte) {
            return Err(Refused);
        }
        self.at += 1;
        Ok(())
    }

    /// Where the next quote or backslash is, from `at`, eight bytes at a time; refused at a
    /// control byte (serde_json refuses them in strings) or the end of the text.
    #[inline]
    fn next_stop(&self, mut at: usize) -> Result<usize> {
        let bytes = self.bytes();
        while let Some(word) = word_at(bytes, at) {
            let stop = string_stops(word);
            if stop != 0 {
                at += stop.trailing_zeros() as usize / 8;
                break;
            }
            at += 8;
        }
        while bytes
            .get(at)
            .is_some_and(|&byte| byte != b'"' && byte != b'\\' && byte >= 0x20)
        {
            at += 1;
        }
        match bytes.get(at) {
            Some(b'"' | b'\\') => Ok(at),
            _ => Err(Refused),
        }
    }

    /// Gives `visitor` the string whose opening quote is next: one without escapes read here,
    /// inlined into each visitor's code (most strings are), any other by [`Reader::string`].
    #[inline(always)]
    fn visit_plain_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let bytes = self.bytes();
        if bytes.get(self.at) == Some(&b'"') {
            let start = self.at + 1;
            if let Ok(end) = self.next_stop(start)
                && bytes[end] == b'"'
            {
                self.at = end + 1;
                return visitor.visit_borrowed_str(&self.text[start..end]);
            }
        }
        self.visit_any_string(visitor)
    }

    /// Reads a string, its opening quote next (after any whitespace).
    #[inline]
    fn string(&mut self) -> Result<Text<'de, '_>> {
        self.expect(b'"')?;
        let start = self.at;
        let stop = self.next_stop(start)?;
        if self.bytes()[stop] == b'"' {
            self.at = stop + 1;
            return Ok(Text::Borrowed(&self.text[start..stop]));
        }
        self.escaped(start, stop)
    }

    /// The rest of a string whose content starts at `start` and stops at `stop`, unescaped.
    #[cold]
    fn escaped(&mut self, start: usize, mut stop: usize) -> Result<Text<'de, '_>> {
        self.scratch.clear();
        let mut from = start;
        loop {
            self.scratch.extend_from_slice(&self.bytes()[from..stop]);
            if self.bytes()[stop] == b'"' {
                break;
            }
            let (c, end) = self.escape(stop)?;
            let mut utf8 = [0; 4];
            self.scratch
                .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            from = end;
            stop = self.next_stop(from)?;
        }
        self.at = stop + 1;
        let text = std::str::from_utf8(&self.scratch).map_err(|_| Refused)?;
        Ok(Text::Copied(text))
    }

    /// Skips a string, its opening quote next, its escapes checked but not unescaped.
    fn skip_string(&mut self) -> Result<()> {
        self.expect(b'"')?;
        let mut at = self.at;
        loop {
            let stop = self.next_stop(at)?;
            if self.bytes()[stop] == b'"' {
                self.at = stop + 1;
                return Ok(());
            }
            at = self.escape(stop)?.1;
        }
    }

    /// What the escape at `at` (its backslash) stands for, and where it ends.
    fn escape(&self, at: usize) -> Result<(char, usize)> {
        let c = match *self.bytes().get(at + 1).ok_or(Refused)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(at),
            _ => return Err(Refused),
        };
        Ok((c, at + 2))
    }

    /// The `\uXXXX` escape at `at` (a surrogate pair in two), and where it ends.
    fn unicode(&self, at: usize) -> Result<(char, usize)> {
        let hex = |at: usize| -> Result<u32> {
            let digits = self.bytes().get(at..at + 4).ok_or(Refused)?;
            digits.iter().try_fold(0, |value, &digit| {
                let digit = (digit as char).to_digit(16).ok_or(Refused)?;
                Ok(value << 4 | digit)
            })
        };
        let mut code = hex(at + 2)?;
        let mut end = at + 6;
        if (0xD800..0xDC00).contains(&code) {
            if self.bytes().get(end..end + 2) != Some(b"\\u") {
                return Err(Refused);
            }
            let low = hex(end + 2)?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(Refused);
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            end += 6;
        }
        Ok((char::from_u32(code).ok_or(Refused)?, end))
    }

    /// Reads `literal` (`true`, `false`, `null`), its first byte next.
    fn literal(&mut self, literal: &[u8]) -> Result<()> {
        if self.bytes().get(self.at..self.at + literal.len()) != Some(literal) {
            return Err(Refused);
        }
        self.at += literal.len();
        Ok(())
    }

    /// Reads the digits from `at`; how many there were.
    fn digits(&mut self) -> usize {
        let bytes = self.bytes();
        let start = self.at;
        while bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    /// Reads a number, its first byte next, as serde_json would give it to `visitor`: a `u64`,
    /// a negative `i64`, or an `f64` (only one that is exact: at most 2^53 as digits, at most
    /// 22 as a power of ten, which serde_json computes exactly the same way).
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        /// Powers of ten that `f64` holds exactly.
        const POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        let bytes = self.bytes();
        let negative = bytes[self.at] == b'-';
        self.at += usize::from(negative);
        let start = self.at;
        let whole = self.digits();
        if whole == 0 || (whole > 1 && bytes[start] == b'0') {
            return Err(Refused);
        }
        let mut fraction = 0;
        if bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            fraction = self.digits();
            if fraction == 0 {
                return Err(Refused);
            }
        }
        let mut exponent: i32 = 0;
        let has_exponent = matches!(bytes.get(self.at), Some(b'e' | b'E'));
        if has_exponent {
            self.at += 1;
            let negative = bytes.get(self.at) == Some(&b'-');
            self.at += usize::from(matches!(bytes.get(self.at), Some(b'+' | b'-')));
            let from = self.at;
            let digits = self.digits();
            if digits == 0 || digits > 4 {
                return Err(Refused);
            }
            let value: i32 = self.text[from..self.at].parse().map_err(|_| Refused)?;
            exponent = if negative { -value } else { value };
        }
        // The significand's digits: the whole part's, then the fraction's.
        let fraction_digits = &bytes[start + whole + usize::from(fraction > 0)..][..fraction];
        let mut significand: u64 = 0;
        for &digit in bytes[start..start + whole].iter().chain(fraction_digits) {
            significand = significand
                .checked_mul(10)
                .and_then(|value| value.checked_add(u64::from(digit - b'0')))
                .ok_or(Refused)?;
        }
        if fraction == 0 && !has_exponent {
            return match negative {
                false => visitor.visit_u64(significand),
                // serde_json reads `-0` as `-0.0`, and below `i64::MIN` as an `f64`.
                true if significand == 0 || significand > 1 << 63 => Err(Refused),
                true => visitor.visit_i64((significand as i64).wrapping_neg()),
            };
        }
        let power = exponent - i32::try_from(fraction).map_err(|_| Refused)?;
        let scale = POW10.get(power.unsigned_abs() as usize).ok_or(Refused)?;
        if significand > 1 << 53 {
            return Err(Refused);
        }
        let magnitude = if power >= 0 {
            significand as f64 * scale
        } else {
            significand as f64 / scale
        };
        visitor.visit_f64(if negative { -magnitude } else { magnitude })
    }

    /// Skips a value, checked as strictly as it would be read.
    fn skip(&mut self) -> Result<()> {
        match self.peek().ok_or(Refused)? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let close = if self.bytes()[self.at] == b'{' {
                    b'}'
                } else {
                    b']'
                };
                self.enter()?;
                self.at += 1;
                if self.peek() == Some(close) {
                    self.at += 1;
                } else {
                    loop {
                        if close == b'}' {
                            self.skip_string()?;
                            self.expect(b':')?;
                        }
                        self.skip()?;
                        match self.peek() {
                            Some(b',') => self.at += 1,
                            Some(byte) if byte == close => {
                                self.at += 1;
                                break;
                            }
                            _ => return Err(Refused),
                        }
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(de::IgnoredAny).map(drop),
            _ => Err(Refused),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Refused);
        }
        Ok(())
    }

    fn visit_map<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.nested(b'}', |entries| visitor.visit_map(entries))
    }

    fn visit_seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.nested(b']', |entries| visitor.visit_seq(entries))
    }

    /// Reads an object or an array, its opening byte next: its entries with `read`, then
    /// `close`.
    fn nested<T>(
        &mut self,
        close: u8,
        read: impl FnOnce(Entries<'_, 'de>) -> Result<T>,
    ) -> Result<T> {
        self.enter()?;
        self.at += 1;
        let value = read(Entries {
            reader: self,
            first: true,
        })?;
        self.expect(close)?;
        self.depth -= 1;
        Ok(value)
    }

    fn visit_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.peek();
        self.visit_plain_string(visitor)
    }

    /// Gives `visitor` any string, its opening quote next (after any whitespace).
    fn visit_any_string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(text) => visitor.visit_borrowed_str(text),
            Text::Copied(text) => visitor.visit_str(text),
        }
    }
}

/// Forwards `deserialize_*` methods to one of the reader's.
macro_rules! forward {
    ($($method:ident)* => $to:ident) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                self.$to(visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek().ok_or(Refused)? {
            b'"' => self.visit_string(visitor),
            b'{' => self.visit_map(visitor),
            b'[' => self.visit_seq(visitor),
            b't' => self
                .literal(b"true")
                .and_then(|()| visitor.visit_bool(true)),
            b'f' => self
                .literal(b"false")
                .and_then(|()| visitor.visit_bool(false)),
            b'n' => self.literal(b"null").and_then(|()| visitor.visit_unit()),
            b'-' | b'0'..=b'9' => self.number(visitor),
            _ => Err(Refused),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b't' | b'f') => self.deserialize_any(visitor),
            _ => Err(Refused),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            _ => Err(Refused),
        }
    }

    forward!(
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u128 deserialize_f32
        deserialize_f64 => deserialize_u64
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_string(visitor)
    }

    forward!(deserialize_char deserialize_string deserialize_identifier => deserialize_str);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek() != Some(b'n') {
            return Err(Refused);
        }
        self.literal(b"null")?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name != RAW_VALUE {
            return visitor.visit_newtype_struct(self);
        }
        self.peek();
        let start = self.at;
        self.skip()?;
        visitor.visit_map(RawValue(Some(&self.text[start..self.at])))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'[') => self.visit_seq(visitor),
            _ => Err(Refused),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'{') => self.visit_map(visitor),
            _ => Err(Refused),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek() {
            Some(b'{') => self.visit_map(visitor),
            Some(b'[') => self.visit_seq(visitor),
            _ => Err(Refused),
        }
    }

    /// Only the unit variant's form, a string; serde_json reads the object form.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(variant) => visitor.visit_enum(variant.into_deserializer()),
            Text::Copied(_) => Err(Refused),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Refused)
    }
}

/// The entries of an object or the elements of an array.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl Entries<'_, '_> {
    /// Whether another entry follows (its separator read), before `close`.
    #[inline]
    fn more(&mut self, close: u8) -> Result<bool> {
        match self.reader.peek() {
            Some(byte) if byte == close => Ok(false),
            Some(b',') if !self.first => {
                self.reader.at += 1;
                Ok(true)
            }
            Some(_) if self.first => {
                self.first = false;
                Ok(true)
            }
            _ => Err(Refused),
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        seed.deserialize(Key(&mut *self.reader)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

impl<'de> SeqAccess<'de> for Entries<'_, 'de> {
    type Error = Refused;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        if !self.more(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// An object's key: a string, whatever is asked. The visitor gets it as a string for every
/// method, so what wants something else (a number read from a key, as serde_json allows) fails
/// and is left to serde_json.
struct Key<'r, 'de>(&'r mut Reader<'de>);

impl<'de> de::Deserializer<'de> for Key<'_, 'de> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Whitespace after a comma (pretty JSON) is left to the slower path's own peek.
        self.0.visit_plain_string(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A raw value as serde_json's `RawValue` reads itself: one entry, its token then its text.
struct RawValue<'de>(Option<&'de str>);

impl<'de> MapAccess<'de> for RawValue<'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.0.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(RAW_VALUE))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        let raw = self.0.take().ok_or(Refused)?;
        seed.deserialize(BorrowedStrDeserializer::new(raw))
    }
}

#[cfg(test)]
mod tests {
    use std::marker::PhantomData;

    use proptest::prelude::*;
    use serde_json::Value;

    use super::read;
    use crate::fixtures;

    /// Reads `text` into a `Value` here and with serde_json: where this reader does not refuse,
    /// serde_json reads the same (numbers to the bit, `-0.0` included). Whether it read.
    fn agrees(text: &str) -> bool {
        // Skipping (for unknown keys and raw values) accepts no more than reading does.
        if read(text, PhantomData::<serde::de::IgnoredAny>).is_ok() {
            let skipped = serde_json::from_str::<serde::de::IgnoredAny>(text);
            assert!(
                skipped.is_ok(),
                "{text:?} skipped, where serde_json refuses it"
            );
        }
        let Ok(ours) = read(text, PhantomData::<Value>) else {
            return false;
        };
        let theirs = serde_json::from_str::<Value>(text)
            .unwrap_or_else(|error| panic!("{text:?} read, where serde_json says: {error}"));
        assert_eq!(ours, theirs, "{text:?}");
        assert_eq!(ours.to_string(), theirs.to_string(), "{text:?}");
        true
    }

    #[test]
    fn what_deliveries_hold_is_read_as_serde_json_reads_it() {
        for fixture in fixtures::all() {
            let value: Value = serde_json::from_str(fixture.json).unwrap();
            for text in [
                fixture.json.to_owned(),
                value.to_string(),
                serde_json::to_string_pretty(&value).unwrap(),
            ] {
                assert!(agrees(&text), "{}", fixture.name);
            }
        }
        for text in [
            r#"{"a":[1,-2,3.5,1e3,-0.25E-2,true,false,null,"x\"y\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]}"#,
            " [ ] ",
            "{}",
            "0",
            "-9223372036854775808",
            "18446744073709551615",
            "900719925474.0992e-3",
            "[8184.23,0.01,-1.5e2,1e22,123456789012.345]",
            "\"é😀\"",
        ] {
            assert!(agrees(text), "{text}");
        }
    }

    #[test]
    fn what_is_not_read_exactly_as_serde_json_reads_it_is_refused() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let refused = [
            // Not JSON.
            "",
            " ",
            "01",
            "-01",
            "1.",
            ".5",
            "1e",
            "1e+",
            "-",
            "+1",
            "[1,]",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":}"#,
            "[1 2]",
            "1 2",
            r#""\x""#,
            "\"\u{1}\"",
            "\"a",
            "nul",
            "tru",
            "[",
            "{",
            "]",
            r#"{1:2}"#,
            "[01]",
            "\u{feff}{}",
            // JSON serde_json reads otherwise than exactly, or judges: left to it.
            "-0",
            "18446744073709551616",
            "-9223372036854775809",
            "1e23",
            "1e400",
            "9007199254740993.0",
            "12345678901234567890.5",
            r#""\ud83d""#,
            r#"["\ude00"]"#,
        ];
        for text in refused
            .iter()
            .map(|text| text.to_string())
            .chain([deep(101)])
        {
            assert!(!agrees(&text), "{text:?} was read");
        }
        assert!(agrees(&deep(100)));
    }

    #[test]
    fn raw_values_are_handed_over_as_serde_json_hands_them() {
        use serde_json::value::RawValue;
        let text = r#" {"a": [1, "\u00e9"], "b": {"c": null}} "#;
        let raw: &RawValue = read(text, PhantomData).expect("borrowed");
        assert_eq!(raw.get(), text.trim());
        let owned: Box<RawValue> = read(text, PhantomData).expect("owned");
        assert_eq!(owned.get(), text.trim());
        let inner: std::collections::BTreeMap<String, Box<RawValue>> =
            read(text, PhantomData).expect("inside an object");
        assert_eq!(inner["a"].get(), r#"[1, "\u00e9"]"#);
        assert_eq!(inner["b"].get(), r#"{"c": null}"#);
    }

    proptest! {
        #[test]
        fn numbers_read_to_the_bit(value in any::<f64>(), digits in 0usize..18, exponent in -30i32..30) {
            for text in [
                format!("{value}"),
                format!("{value:.digits$}"),
                format!("{value:e}"),
                format!("{:.digits$}e{exponent}", value.abs() % 1e6),
                format!("{}", value as i64),
            ] {
                agrees(&text);
            }
        }

        #[test]
        fn nothing_serde_json_refuses_is_read(text in r#"[\[\]{}:, "\\u0-9a-fA-F.eE+\-tnrul\x01]{0,24}"#) {
            agrees(&text);
        }
    }
}
