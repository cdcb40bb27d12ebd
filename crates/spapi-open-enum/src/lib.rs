//! The one macro behind the spapi-notifications crates' open string enums: Amazon's string
//! values (notification fields, API enums, LWA error codes) as variants, and any value this
//! version does not know kept in `Other(String)`, so nothing received is lost and everything
//! is written back unchanged.
//!
//! An implementation detail of those crates (the macros are `#[doc(hidden)]`); the enums they
//! generate are documented where they are defined.
//!
//! ```
//! spapi_open_enum::open_enum! {
//!     /// A colour.
//!     pub enum Colour {
//!         /// Red.
//!         Red = "RED",
//!     }
//! }
//! spapi_open_enum::open_enum_serde!(Colour);
//!
//! assert_eq!(Colour::from("RED"), Colour::Red);
//! assert_eq!("BLUE".parse::<Colour>(), Ok(Colour::Other("BLUE".to_owned())));
//! assert_eq!(Colour::Other("BLUE".to_owned()).to_string(), "BLUE");
//! assert_eq!(serde_json::to_string(&Colour::Red).unwrap(), r#""RED""#);
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

/// An enum of known string values plus `Other(String)`: `Debug`, `Clone`, `PartialEq`, `Eq`,
/// `Hash`, `#[non_exhaustive]`; `as_str`; `Display`, `FromStr` (infallible), `From<&str>` and
/// `From<String>`. Values match exactly (they are case-sensitive on the wire). Serde impls come
/// from [`open_enum_serde!`], for the callers that want them.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// A value this version does not know, kept exactly as received.
            Other(::std::string::String),
        }

        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Other(value) => value,
                }
            }

            /// The variant of a known value.
            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $( $value => ::std::option::Option::Some(Self::$variant), )*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Other(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::known(&value).unwrap_or(Self::Other(value))
            }
        }
    };
}

/// `Serialize` (the value as a string) and `Deserialize` (any string, unknown ones kept) for an
/// enum made by [`open_enum!`], through the calling crate's `serde`.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum_serde {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(
                        self,
                        value: &str,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(value))
                    }
                    fn visit_string<E: ::serde::de::Error>(
                        self,
                        value: ::std::string::String,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(value))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
