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

use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use secrecy::{ExposeSecret, SecretString};
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

/// Whether a JSON key names a field, in any casing (`SellerSKU`, `sellerSku`, `SELLERSKU`).
#[inline]
pub(crate) fn key_is(key: &str, name: &str) -> bool {
    key.len() == name.len() && key.eq_ignore_ascii_case(name)
}

/// Reads a map key and classifies it with a plain function, without allocating.
pub(crate) struct KeySeed<K>(pub(crate) fn(&str) -> K);

impl<'de, K> DeserializeSeed<'de> for KeySeed<K> {
    type Value = K;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<K> Visitor<'_> for KeySeed<K> {
    type Value = K;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<K, E> {
        Ok((self.0)(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<K, E> {
        Ok((self.0)(std::str::from_utf8(key).unwrap_or_default()))
    }
}

/// Refuses a key seen before (in another casing). Read as the key's value, so that the error is
/// reported at the key's path.
pub(crate) struct Duplicate(pub(crate) &'static str);

impl<'de> DeserializeSeed<'de> for Duplicate {
    type Value = std::convert::Infallible;
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<Self::Value, D::Error> {
        Err(de::Error::duplicate_field(self.0))
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
wire_via_serde!(String, bool);

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
        }
    )*};
}
wire_integer!(u32, u64, i64);

/// `null` and an absent key both read as `None`; `None` is not written.
impl<T: Wire> Wire for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
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

/// Money and other decimals: read from a JSON number (integer or fraction) or a numeric string,
/// written as a JSON number (an integer when there is no fraction). Amounts never pass through
/// `f64` arithmetic: a number is read from its shortest decimal form.
impl Wire for Decimal {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        rust_decimal::serde::float::deserialize(d)
    }
    fn encode<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.fract().is_zero()
            && let Some(whole) = self.to_i64()
        {
            return s.serialize_i64(whole);
        }
        match self.to_f64() {
            Some(float) => s.serialize_f64(float),
            None => Err(serde::ser::Error::custom(format_args!(
                "decimal {self} does not fit a JSON number"
            ))),
        }
    }
}

/// Timestamps: read from an ISO-8601 string (with an offset, or without one meaning UTC) or from
/// epoch milliseconds; written as RFC 3339 in UTC with only the fraction digits needed.
impl Wire for DateTime<Utc> {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime<Utc>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 timestamp or epoch milliseconds")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                parse_timestamp(text)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }
            fn visit_i64<E: de::Error>(self, millis: i64) -> Result<Self::Value, E> {
                Utc.timestamp_millis_opt(millis)
                    .single()
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
}

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

/// The legacy epoch-millisecond form of ORDER_STATUS_CHANGE `PurchaseDate` (an integer or null).
pub(crate) struct EpochMillis;

impl Codec<Option<DateTime<Utc>>> for EpochMillis {
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<DateTime<Utc>>::decode(d)
    }
    fn encode<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(time) => s.serialize_i64(time.timestamp_millis()),
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
