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
                // Everything generated here is small on purpose: key matching, value reading
                // and errors are shared functions of `crate::wire`, so decoding a notification
                // touches little code of its own (see `wire::keys`).
                #[allow(non_camel_case_types, dead_code)]
                #[repr(u8)]
                enum Field { $($field,)* }

                /// Each field's index, as the patterns of the `match` below.
                struct Index;
                #[allow(non_upper_case_globals)]
                impl Index { $( const $field: u8 = Field::$field as u8; )* }

                static NAMES: &[$crate::wire::FieldName] = &[$(
                    $crate::wire::FieldName::new($key, Index::$field),
                    $( $crate::wire::FieldName::new($alias, Index::$field), )*
                )*];

                /// What the keys read so far held.
                struct Slots { $( $field: Option<$ty>, )* }

                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut slots = Slots { $( $field: None, )* };
                        let mut hint = 0;
                        while let Some(field) = $crate::wire::next_field(&mut map, NAMES, &mut hint)? {
                            match field {
                                $(
                                    Index::$field => $crate::wire::read_field::<
                                        $ty,
                                        $crate::macros::codec!($($codec)?),
                                        A,
                                    >(&mut map, &mut slots.$field, $key)?,
                                )*
                                _ => $crate::wire::skip_value(&mut map)?,
                            }
                        }
                        Ok($name {
                            $(
                                $field: $crate::wire::take_field::<
                                    $ty,
                                    $crate::macros::codec!($($codec)?),
                                    A::Error,
                                >(slots.$field, $key)?,
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
/// is written back unchanged; values match exactly (they are case-sensitive on the wire). The
/// workspace's one open-enum macro ([`spapi_open_enum::open_enum!`]) plus what payloads need:
/// serde and [`crate::wire::Wire`] ([`wire_enum!`]), and `Default`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($body:tt)* }
    ) => {
        ::spapi_open_enum::open_enum! {
            $(#[$meta])*
            pub enum $name { $($body)* }
        }

        /// The empty `Other("")`, so that structs holding this enum can derive `Default`.
        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        $crate::macros::wire_enum!($name);
    };
}

/// serde and [`crate::wire::Wire`] for an enum made by [`spapi_open_enum::open_enum!`].
macro_rules! wire_enum {
    ($name:ident) => {
        ::spapi_open_enum::open_enum_serde!($name);

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

pub(crate) use {codec, open_enum, wire_enum, wire_struct};
