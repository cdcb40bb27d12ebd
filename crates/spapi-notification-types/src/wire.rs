//! How field values travel between Rust and JSON.
//!
//! Serde's derive can accept a second spelling of a key only through one `alias` per field, and
//! SP-API sends every key in camelCase or PascalCase (with acronyms such as `ASIN`, `Asin` and
//! `asin`), whatever the schema says. So payload structs get their `Deserialize` from
//! [`wire_struct!`](crate::macros), which matches keys ASCII case-insensitively in one pass, and
//! their fields are read and written through [`Wire`] (the type's own rule) or a [`Codec`] (a
//! field's exception: epoch milliseconds, camelCase money).

use std::fmt;
use std::marker::PhantomData;

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use secrecy::{ExposeSecret, SecretString};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::words::word_at;

mod keys;

pub(crate) use keys::{FieldName, KeySeed, key_is, next_field};

/// Refuses a key seen before (in another casing). Read as the key's value, so that the error is
/// reported at the key's path.
pub(crate) struct Duplicate(pub(crate) &'static str);

impl<'de> DeserializeSeed<'de> for Duplicate {
    type Value = std::convert::Infallible;
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<Self::Value, D::Error> {
        Err(de::Error::duplicate_field(self.0))
    }
}

/// The value of the key just read, as a `T` through codec `C`.
///
/// Never inlined: every field of every payload struct reads its value through here, and one copy
/// per field type, rather than serde_json's value reading inlined into each of hundreds of
/// fields, keeps decoding small enough to stay in the instruction cache. Measured with
/// callgrind on the decode bench: a fraction of the instruction-cache misses for a few more
/// instructions.
#[inline(never)]
pub(crate) fn next_value<'de, T, C: Codec<T>, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<T, A::Error> {
    map.next_value_seed(Decode::<T, C>::new())
}

/// Reads the value of the key just read into a struct's `slot` for it, refusing a key seen before
/// (see [`next_value`] for why it is not inlined).
#[inline(never)]
pub(crate) fn read_field<'de, T, C: Codec<T>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(duplicate(map, key));
    }
    *slot = Some(map.next_value_seed(Decode::<T, C>::new())?);
    Ok(())
}

/// The value of a struct's field once its object is read: what its key held, or what an absent
/// key means for it (`None`, an empty list), or a missing-field error.
#[inline(always)]
pub(crate) fn take_field<T, C: Codec<T>, E: de::Error>(
    slot: Option<T>,
    key: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => C::absent().ok_or_else(|| missing(key)),
    }
}

#[cold]
#[inline(never)]
fn missing<E: de::Error>(key: &'static str) -> E {
    E::missing_field(key)
}

/// Skips the value of a key that is not read (see [`next_value`] for why it is not inlined).
#[inline(never)]
pub(crate) fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The error for a key seen before (in another casing), at the key's path: rare, so kept out of
/// the way of the loops that read keys.
#[cold]
#[inline(never)]
pub(crate) fn duplicate<'de, A: MapAccess<'de>>(map: &mut A, key: &'static str) -> A::Error {
    match map.next_value_seed(Duplicate(key)) {
        Err(error) => error,
        Ok(never) => match never {},
    }
}

/// The JSON form of a field type.
pub(crate) trait Wire: Sized {
    /// Reads a value.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    /// Writes a value.
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
    /// The value of an absent key, when absence is allowed (`None`, an empty list).
    fn absent() -> Option<Self> {
        None
    }
    /// Whether the key is left out when writing.
    fn omit(&self) -> bool {
        false
    }
    /// Whether an empty (or blank) string means "no value" when the field is optional: true for
    /// timestamps, numbers, booleans and enums, where Amazon sends `""` for nothing; false for
    /// text, where `""` is a value.
    const BLANK_IS_ABSENT: bool = false;
}

/// A field-level exception to [`Wire`].
pub(crate) trait Codec<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error>;
    fn encode<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error>;
    fn absent() -> Option<T>;
    fn omit(value: &T) -> bool;
}

/// The codec of fields without an exception: the type's own [`Wire`] rule.
pub(crate) struct Auto;

impl<T: Wire> Codec<T> for Auto {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::decode(d)
    }
    fn encode<S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.encode(s)
    }
    fn absent() -> Option<T> {
        T::absent()
    }
    fn omit(value: &T) -> bool {
        value.omit()
    }
}

/// Reads a `T` through codec `C` as a serde seed.
pub(crate) struct Decode<T, C = Auto>(PhantomData<fn() -> (T, C)>);

impl<T, C> Decode<T, C> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T, C: Codec<T>> DeserializeSeed<'de> for Decode<T, C> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        C::decode(d)
    }
}

/// Writes a `&T` through codec `C` as a serde value.
pub(crate) struct Encode<'a, T, C = Auto>(&'a T, PhantomData<fn() -> C>);

impl<'a, T, C> Encode<'a, T, C> {
    pub(crate) fn new(value: &'a T) -> Self {
        Self(value, PhantomData)
    }
}

impl<T, C: Codec<T>> Serialize for Encode<'_, T, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        C::encode(self.0, s)
    }
}

/// Types whose serde form is already their JSON form.
macro_rules! wire_via_serde {
    ($($ty:ty),*) => {$(
        impl Wire for $ty {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.serialize(s)
            }
        }
    )*};
}
wire_via_serde!(String);

impl Wire for bool {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize(s)
    }
    const BLANK_IS_ABSENT: bool = true;
}

/// Integers: read from a JSON integer, or from a string holding one (Amazon's own guide types
/// some counts as strings); written as JSON integers.
macro_rules! wire_integer {
    ($($ty:ty),*) => {$(
        impl Wire for $ty {
            fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("an integer (", stringify!($ty), ")"))
                    }
                    fn visit_u64<E: de::Error>(self, value: u64) -> Result<$ty, E> {
                        <$ty>::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
                    }
                    fn visit_i64<E: de::Error>(self, value: i64) -> Result<$ty, E> {
                        <$ty>::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$ty, E> {
                        text.trim().parse().map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
                    }
                }
                d.deserialize_any(V)
            }
            fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.serialize(s)
            }
            const BLANK_IS_ABSENT: bool = true;
        }
    )*};
}
wire_integer!(u32, u64, i64);

/// `null` and an absent key both read as `None`, and so does `""` for a type whose
/// [`Wire::BLANK_IS_ABSENT`] says so; `None` is not written.
impl<T: Wire> Wire for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if T::BLANK_IS_ABSENT {
            return d.deserialize_any(BlankOrValue(PhantomData));
        }
        struct V<T>(PhantomData<fn() -> T>);
        impl<'de, T: Wire> Visitor<'de> for V<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                T::decode(d).map(Some)
            }
        }
        d.deserialize_option(V(PhantomData))
    }
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.encode(s),
            None => s.serialize_none(),
        }
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
    fn omit(&self) -> bool {
        self.is_none()
    }
}

/// An optional scalar: `null` or a blank string is `None`; anything else is handed to `T`'s own
/// reader unchanged (through serde's value deserializers, so errors keep their JSON path).
struct BlankOrValue<T>(PhantomData<fn() -> T>);

impl<'de, T: Wire> Visitor<'de> for BlankOrValue<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, null or an empty string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        T::decode(de::value::StrDeserializer::new(text)).map(Some)
    }
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        T::decode(de::value::BoolDeserializer::new(value)).map(Some)
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        T::decode(de::value::I64Deserializer::new(value)).map(Some)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        T::decode(de::value::U64Deserializer::new(value)).map(Some)
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        T::decode(de::value::F64Deserializer::new(value)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::decode(de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::decode(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
}

/// `null` and an absent key both read as an empty list; lists are always written.
impl<T: Wire> Wire for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<fn() -> T>);
        impl<'de, T: Wire> Visitor<'de> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_seq(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element_seed(Decode::<T>::new())? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        d.deserialize_option(V(PhantomData))
    }
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Encode::<T>::new))
    }
    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
}

/// Money and other decimals: read from a JSON number (integer or fraction) or a numeric string.
/// A JSON fraction is read as the shortest decimal that denotes the same number, so `80.91` is
/// exactly `80.91`.
///
/// Written exactly, never through `f64`: as a JSON number with the decimal's own digits when that
/// number reads back as the same decimal (every amount of money, up to 15 significant digits),
/// and otherwise as a numeric string (`"79228162514264337593543950335"`), which this crate reads
/// back exactly. serde_json reads JSON numbers into `f64` (its `arbitrary_precision` feature
/// would change every crate in a build, and breaks `RawValue`), so more digits cannot travel as
/// a number.
impl Wire for Decimal {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
                Ok(Decimal::from(value))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
                Ok(Decimal::from(value))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
                decimal_from_f64(value)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Float(value), &self))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
                let text = text.trim();
                Decimal::from_str_exact(text)
                    .or_else(|_| Decimal::from_scientific(text))
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }
        d.deserialize_any(V)
    }
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.fract().is_zero()
            && let Some(whole) = self.to_i64()
        {
            return s.serialize_i64(whole);
        }
        let text = self.to_string();
        if reads_back_as_number(&text, self)
            && let Ok(number) = serde_json::value::RawValue::from_string(text.clone())
        {
            return number.serialize(s);
        }
        s.serialize_str(&text)
    }
    const BLANK_IS_ABSENT: bool = true;
}

/// Whether the JSON number `text` (a decimal's digits) is read back by [`Wire for Decimal`] as
/// `value`: serde_json parses it into an `f64` first, exactly as this asks it to.
fn reads_back_as_number(text: &str, value: &Decimal) -> bool {
    serde_json::from_str::<f64>(text)
        .ok()
        .and_then(decimal_from_f64)
        .is_some_and(|read| read == *value)
}

/// Timestamps: read from an ISO-8601 string (with an offset, or without one meaning UTC) or from
/// epoch milliseconds; written as RFC 3339 in UTC with only the fraction digits needed.
///
/// Only years 0000 to 9999 are accepted, whatever the form: RFC 3339 has four-digit years, so a
/// later or earlier time (epoch milliseconds past 9999-12-31, or an offset pushing
/// `9999-12-31T23:59:59-01:00` into year 10000) could not be written back in a form that reads.
impl Wire for DateTime<Utc> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime<Utc>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 timestamp or epoch milliseconds, in years 0000 to 9999")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                // `parse_utc`'s four-digit years are always writable.
                parse_utc(text)
                    .or_else(|| parse_timestamp(text).filter(writable))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
            fn visit_i64<E: de::Error>(self, millis: i64) -> Result<Self::Value, E> {
                Utc.timestamp_millis_opt(millis)
                    .single()
                    .filter(writable)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(millis), &self))
            }
            fn visit_u64<E: de::Error>(self, millis: u64) -> Result<Self::Value, E> {
                let signed = i64::try_from(millis)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(millis), &self))?;
                self.visit_i64(signed)
            }
        }
        d.deserialize_any(V)
    }
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
    const BLANK_IS_ABSENT: bool = true;
}

/// Whether a time has the four-digit year that RFC 3339 can write.
fn writable(time: &DateTime<Utc>) -> bool {
    (0..=9999).contains(&time.year())
}

/// The decimal with the fewest fraction digits that reads back as `value`: what the JSON text
/// said, for any number written with up to 15 significant digits (every amount of money).
fn decimal_from_f64(value: f64) -> Option<Decimal> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: integers up to here are exact in f64
    let mut scale = 1.0;
    for digits in 0..=15 {
        let scaled = (value * scale).round();
        if scaled.abs() >= EXACT {
            break;
        }
        // Both operands are exact, so the division rounds once, as parsing the decimal would.
        if scaled / scale == value {
            return Some(Decimal::new(scaled as i64, digits));
        }
        scale *= 10.0;
    }
    // Very large or very precise: go through the shortest text form.
    let text = value.to_string();
    Decimal::from_str_exact(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .ok()
}

/// A timestamp in any other form than [`parse_utc`]'s.
fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    // Amazon documents every timestamp as UTC; accept the rare one sent without an offset.
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

/// Secrets are read and written as plain strings; only `Debug` is redacted (by `secrecy`).
impl Wire for SecretString {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::decode(d).map(SecretString::from)
    }
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.expose_secret())
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the form of every SP-API timestamp, read without the
/// general RFC 3339 parser (timestamps are in every notification); `None` for any other form.
pub(crate) fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    /// What the fraction's digits are multiplied by, by their count, to make nanoseconds.
    const SCALE: [u32; 10] = [
        0,
        100_000_000,
        10_000_000,
        1_000_000,
        100_000,
        10_000,
        1_000,
        100,
        10,
        1,
    ];
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[bytes.len() - 1] != b'Z' {
        return None;
    }
    // `YYYY-MM-DDTHH:MM:SS` as three words (`YYYY-MM-`, `DDTHH:MM`, `HH:MM:SS`, the last two
    // overlapping), each checked whole against its pattern of digits and separators.
    let (date, middle, time) = (word_at(bytes, 0)?, word_at(bytes, 8)?, word_at(bytes, 11)?);
    const DATE: Digits = Digits::of(b"dddd-dd-");
    const MIDDLE: Digits = Digits::of(b"ddTdd:dd");
    const TIME: Digits = Digits::of(b"dd:dd:dd");
    if !(DATE.fit(date) && MIDDLE.fit(middle) && TIME.fit(time)) {
        return None;
    }
    let digit = |word: u64, at: usize| u32::from((word >> (at * 8)) as u8 - b'0');
    let two = |word: u64, at: usize| digit(word, at) * 10 + digit(word, at + 1);
    let year = two(date, 0) * 100 + two(date, 2);
    let nanos = match &bytes[19..bytes.len() - 1] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            let mut value = 0;
            for &byte in fraction {
                let digit = byte.wrapping_sub(b'0');
                if digit > 9 {
                    return None;
                }
                value = value * 10 + u32::from(digit);
            }
            value * SCALE[fraction.len()]
        }
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two(date, 5), two(middle, 0))?;
    let time = NaiveTime::from_hms_nano_opt(two(time, 0), two(time, 3), two(time, 6), nanos)?;
    Some(date.and_time(time).and_utc())
}

/// Eight bytes of a timestamp: digits where the pattern it is made from has a `d`, its bytes
/// elsewhere.
struct Digits {
    digits: u64,
    others: u64,
}

impl Digits {
    const fn of(pattern: &[u8; 8]) -> Self {
        let (mut digits, mut others) = (0u64, 0u64);
        let mut i = 0;
        while i < 8 {
            if pattern[i] == b'd' {
                digits |= 0xff << (i * 8);
            } else {
                others |= (pattern[i] as u64) << (i * 8);
            }
            i += 1;
        }
        Self { digits, others }
    }

    /// Whether `word` fits: a digit's high nibble is 3, and adding 6 leaves it 3 (its low nibble
    /// is at most 9), for all digits at once.
    #[inline(always)]
    fn fit(&self, word: u64) -> bool {
        let high = self.digits & 0xf0f0_f0f0_f0f0_f0f0;
        let threes = self.digits & 0x3030_3030_3030_3030;
        word & !self.digits == self.others
            && word & high == threes
            && (word & self.digits).wrapping_add(self.digits & 0x0606_0606_0606_0606) & high
                == threes
    }
}

/// The legacy epoch-millisecond form of ORDER_STATUS_CHANGE `PurchaseDate` (an integer or null).
/// Read like any timestamp (an ISO string also reads); written as epoch milliseconds when that
/// is the same time, and as ISO otherwise (a time with sub-millisecond digits, a leap second),
/// so that writing never changes the value.
pub(crate) struct EpochMillis;

impl Codec<Option<DateTime<Utc>>> for EpochMillis {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<DateTime<Utc>>::decode(d)
    }
    fn encode<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(time) => {
                let millis = time.timestamp_millis();
                if Utc.timestamp_millis_opt(millis).single() == Some(*time) {
                    s.serialize_i64(millis)
                } else {
                    time.encode(s)
                }
            }
            None => s.serialize_none(),
        }
    }
    fn absent() -> Option<Option<DateTime<Utc>>> {
        Some(None)
    }
    fn omit(value: &Option<DateTime<Utc>>) -> bool {
        value.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_read_as_the_decimal_the_json_wrote() {
        for (value, text) in [
            (80.91, "80.91"),
            (0.1, "0.1"),
            (8184.23, "8184.23"),
            (-4.2, "-4.2"),
            (10.0, "10"),
            (1e-7, "0.0000001"),
            (0.30000000000000004, "0.30000000000000004"),
            (1e20, "100000000000000000000"),
        ] {
            assert_eq!(
                decimal_from_f64(value),
                Some(text.parse().unwrap()),
                "{value}"
            );
        }
        for cents in -100_000..100_000_i64 {
            let value = cents as f64 / 100.0;
            assert_eq!(
                decimal_from_f64(value).unwrap().normalize(),
                Decimal::new(cents, 2).normalize(),
                "{value}"
            );
        }
    }

    fn write<T: Wire>(value: &T) -> String {
        serde_json::to_string(&Encode::<T>::new(value)).unwrap()
    }

    fn read<T: Wire>(json: &str) -> Result<T, serde_json::Error> {
        Decode::<T>::new().deserialize(&mut serde_json::Deserializer::from_str(json))
    }

    /// A small deterministic generator (xorshift), so the loops need no dependency.
    fn numbers(seed: u64) -> impl Iterator<Item = u64> {
        std::iter::successors(Some(seed | 1), |x| {
            let mut x = *x;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Some(x)
        })
    }

    #[test]
    fn every_decimal_reads_back_as_written_never_through_f64() {
        let mut values = vec![
            Decimal::MAX,
            Decimal::MIN,
            Decimal::ZERO,
            Decimal::new(1, 28),
            Decimal::new(-1, 28),
            "1234567890123456789012345678".parse().unwrap(),
            "80.91".parse().unwrap(),
            "0.30000000000000004".parse().unwrap(),
            Decimal::from(i64::MAX) + Decimal::ONE,
            Decimal::from(u64::MAX),
        ];
        for (n, x) in numbers(7).take(20_000).enumerate() {
            let mantissa = ((i128::from(x) << 32) | i128::from(x >> (n % 64))) >> (n % 90);
            let mantissa = if n % 2 == 0 { mantissa } else { -mantissa };
            values.push(Decimal::from_i128_with_scale(mantissa, (x % 29) as u32));
            values.push(Decimal::new((x % 100_000_000) as i64, (x % 5) as u32));
        }
        for value in values {
            let json = write(&value);
            assert_eq!(
                read::<Decimal>(&json).unwrap(),
                value,
                "{value} written as {json}"
            );
            // A JSON number carries the decimal's own digits; only what a number cannot carry
            // through serde_json (an f64) is a string.
            if !json.starts_with('"') {
                assert!(
                    json == value.to_string() || value.fract().is_zero(),
                    "{value}: {json}"
                );
            }
        }
        // The fuzz findings: a 28-digit amount read from a string, and Decimal::MAX.
        let amount: Decimal = read("\"1234567890123456789012345678\"").unwrap();
        assert_eq!(write(&amount), "\"1234567890123456789012345678\"");
        assert_eq!(write(&Decimal::MAX), "\"79228162514264337593543950335\"");
        assert_eq!(write(&"8184.23".parse::<Decimal>().unwrap()), "8184.23");
        assert_eq!(write(&"-4.20".parse::<Decimal>().unwrap()), "-4.20");
    }

    #[test]
    fn every_timestamp_that_reads_is_written_so_that_it_reads_the_same() {
        let first = Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap();
        let last = Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap()
            + chrono::Duration::nanoseconds(999_999_999);
        let span = (last - first).num_milliseconds() as u64;
        let mut times = vec![first, last];
        for x in numbers(11).take(20_000) {
            let nanos = (x >> 3) % 1_000_000_000;
            times.push(
                first
                    + chrono::Duration::milliseconds((x % span) as i64)
                    + chrono::Duration::nanoseconds(nanos as i64 % 1_000_000),
            );
        }
        for time in times {
            let json = write(&time);
            assert_eq!(read::<DateTime<Utc>>(&json).unwrap(), time, "{json}");
            let legacy =
                serde_json::to_string(&Encode::<_, EpochMillis>::new(&Some(time))).unwrap();
            let back = Decode::<Option<DateTime<Utc>>, EpochMillis>::new()
                .deserialize(&mut serde_json::Deserializer::from_str(&legacy))
                .unwrap();
            assert_eq!(back, Some(time), "{legacy}");
        }
    }

    #[test]
    fn timestamps_outside_years_0000_to_9999_are_refused_in_every_form() {
        let beyond = Utc
            .with_ymd_and_hms(10000, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp_millis();
        let before = Utc
            .with_ymd_and_hms(-1, 12, 31, 23, 59, 59)
            .unwrap()
            .timestamp_millis();
        for json in [
            beyond.to_string(),
            before.to_string(),
            "\"9999-12-31T23:59:59-01:00\"".to_owned(),
            "\"0000-01-01T00:00:00+01:00\"".to_owned(),
            "\"+10000-01-01T00:00:00Z\"".to_owned(),
        ] {
            let error = read::<DateTime<Utc>>(&json).unwrap_err();
            assert!(
                error.to_string().contains("years 0000 to 9999"),
                "{json}: {error}"
            );
        }
        assert!(read::<DateTime<Utc>>(&(beyond - 1).to_string()).is_ok());
    }

    #[test]
    fn a_sub_millisecond_purchase_date_keeps_its_digits() {
        let text = "\"2020-07-27T20:33:20.633123Z\"";
        let time = Decode::<Option<DateTime<Utc>>, EpochMillis>::new()
            .deserialize(&mut serde_json::Deserializer::from_str(text))
            .unwrap();
        let written = serde_json::to_string(&Encode::<_, EpochMillis>::new(&time)).unwrap();
        assert_eq!(written, text);
        let whole = Some(Utc.timestamp_millis_opt(1_595_882_000_633).unwrap());
        let written = serde_json::to_string(&Encode::<_, EpochMillis>::new(&whole)).unwrap();
        assert_eq!(written, "1595882000633");
    }

    #[test]
    fn blank_optional_scalars_read_as_absent_and_blank_text_stays() {
        assert_eq!(read::<Option<DateTime<Utc>>>("\"\"").unwrap(), None);
        assert_eq!(read::<Option<Decimal>>("\"  \"").unwrap(), None);
        assert_eq!(read::<Option<u32>>("\"\"").unwrap(), None);
        assert_eq!(read::<Option<bool>>("\"\"").unwrap(), None);
        assert_eq!(read::<Option<u32>>("\"7\"").unwrap(), Some(7));
        assert_eq!(read::<Option<bool>>("true").unwrap(), Some(true));
        assert_eq!(read::<Option<String>>("\"\"").unwrap(), Some(String::new()));
        // A required field still needs a value, and a wrong one is still an error.
        assert!(read::<DateTime<Utc>>("\"\"").is_err());
        assert!(read::<Option<u32>>("\"seven\"").is_err());
        assert!(read::<Option<bool>>("{}").is_err());
    }

    #[test]
    fn amazon_timestamps_read_like_rfc_3339_ones() {
        for text in [
            "2020-07-13T19:42:04.284Z",
            "2026-06-14T01:26:56Z",
            "2024-02-29T23:59:59.123456789Z",
            "2020-07-13T19:42:04.2Z",
        ] {
            let expected = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(parse_utc(text), Some(expected), "{text}");
        }
        for text in [
            "2020-07-13T19:42:04+02:00",
            "2020-02-30T00:00:00Z",
            "2020-07-13 19:42:04Z",
            "2016-12-31T23:59:60Z",
            "x020-07-13T19:42:04Z",
        ] {
            assert_eq!(parse_utc(text), None, "{text}");
        }
        // Every byte of the form changed to every ASCII byte: what still reads is what RFC 3339
        // reads, and a digit changed to anything but a digit never reads.
        let text = "2024-02-29T23:59:59.123Z";
        for at in 0..text.len() {
            for byte in 0..128u8 {
                let mut changed = text.as_bytes().to_vec();
                changed[at] = byte;
                let changed = String::from_utf8(changed).unwrap();
                let Some(time) = parse_utc(&changed) else {
                    continue;
                };
                let rfc = DateTime::parse_from_rfc3339(&changed).map(|t| t.with_timezone(&Utc));
                assert_eq!(rfc, Ok(time), "{changed}");
                assert!(
                    !text.as_bytes()[at].is_ascii_digit() || byte.is_ascii_digit(),
                    "{changed}"
                );
            }
        }
        assert_eq!(
            parse_timestamp("2020-07-13T21:42:04+02:00"),
            parse_utc("2020-07-13T19:42:04Z")
        );
        assert_eq!(
            parse_timestamp("2020-07-13T19:42:04.5"),
            parse_utc("2020-07-13T19:42:04.500Z")
        );
    }
}
