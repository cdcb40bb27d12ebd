//! The two shapes every payload is made of: objects with known keys, and open string enums.

/// A payload object: a plain struct with public fields whose keys are read in any casing and
/// written exactly as listed (the schema's casing). Unknown keys are skipped, `null` or absent
/// optional fields read as `None`, absent lists as empty, and a key sent twice (in two casings) is
/// an error. `"Key" | "OtherKey" => ...` accepts a second key name for the same field.
/// `... as Codec` overrides how a field is read and written (see [`crate::wire`]).
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $key:literal $(| $alias:literal)* => pub $field:ident : $ty:ty $(as $codec:ty)?,
            )*
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum Field { $($field,)* __Other }

                impl<'de> ::serde::Deserialize<'de> for Field {
                    #[inline]
                    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        d.deserialize_identifier($crate::wire::KeySeed(|key: &str| {
                            $(
                                if $crate::wire::key_is(key, $key) $(|| $crate::wire::key_is(key, $alias))* {
                                    return Field::$field;
                                }
                            )*
                            Field::__Other
                        }))
                    }
                }

                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $( let mut $field: Option<$ty> = None; )*
                        while let Some(key) = map.next_key::<Field>()? {
                            match key {
                                $(
                                    Field::$field => {
                                        if $field.is_some() {
                                            return Err($crate::wire::duplicate(&mut map, $key));
                                        }
                                        $field = Some($crate::wire::next_value::<
                                            $ty,
                                            $crate::macros::codec!($($codec)?),
                                            A,
                                        >(&mut map)?);
                                    }
                                )*
                                Field::__Other => $crate::wire::skip_value(&mut map)?,
                            }
                        }
                        Ok($name {
                            $(
                                $field: match $field.or_else(
                                    <$crate::macros::codec!($($codec)?) as $crate::wire::Codec<$ty>>::absent,
                                ) {
                                    Some(value) => value,
                                    None => return Err(<A::Error as ::serde::de::Error>::missing_field($key)),
                                },
                            )*
                        })
                    }
                }

                d.deserialize_map(V)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let len = 0 $(
                    + usize::from(!<$crate::macros::codec!($($codec)?) as $crate::wire::Codec<$ty>>::omit(&self.$field))
                )*;
                let mut out = s.serialize_struct(stringify!($name), len)?;
                $(
                    if <$crate::macros::codec!($($codec)?) as $crate::wire::Codec<$ty>>::omit(&self.$field) {
                        out.skip_field($key)?;
                    } else {
                        out.serialize_field(
                            $key,
                            &$crate::wire::Encode::<$ty, $crate::macros::codec!($($codec)?)>::new(&self.$field),
                        )?;
                    }
                )*
                out.end()
            }
        }

        impl $crate::wire::Wire for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <Self as ::serde::Deserialize>::deserialize(d)
            }
            fn encode<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(self, s)
            }
        }
    };
}

/// The codec named after `as`, or [`crate::wire::Auto`].
macro_rules! codec {
    () => {
        $crate::wire::Auto
    };
    ($codec:ty) => {
        $codec
    };
}

/// An enum-like string field: known values as variants, anything else kept as `Other` so that it
/// is written back unchanged. Values match exactly (they are case-sensitive on the wire).
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// A value this version does not know, kept exactly as received.
            Other(String),
        }

        impl $name {
            $crate::macros::wire_values! {
                /// The value as it appears in JSON.
                $( $variant = $value, )*
            }
        }

        /// The empty `Other("")`, so that structs holding this enum can derive `Default`.
        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        $crate::macros::string_enum_traits!($name);
    };
}

/// `as_str` (documented as given) and `known` of a string enum: each `$variant` is `$value` on
/// the wire, and `Other(String)` holds any other value.
macro_rules! wire_values {
    (
        $(#[$doc:meta])*
        $( $variant:ident = $value:literal, )*
    ) => {
        $(#[$doc])*
        pub fn as_str(&self) -> &str {
            match self {
                $( Self::$variant => $value, )*
                Self::Other(value) => value,
            }
        }

        fn known(value: &str) -> Option<Self> {
            match value {
                $( $value => Some(Self::$variant), )*
                _ => None,
            }
        }
    };
}

/// `Display`, `FromStr`, `From<&str>`, `From<String>`, serde and [`crate::wire::Wire`] for a string
/// enum with `as_str`, `known` and an `Other(String)` variant.
macro_rules! string_enum_traits {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Other(value.to_owned()))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::Other(value))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                    fn visit_string<E: ::serde::de::Error>(
                        self,
                        value: String,
                    ) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                d.deserialize_str(V)
            }
        }

        impl $crate::wire::Wire for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <Self as ::serde::Deserialize>::deserialize(d)
            }
            fn encode<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
            const BLANK_IS_ABSENT: bool = true;
        }
    };
}

pub(crate) use {codec, open_enum, string_enum_traits, wire_struct, wire_values};
