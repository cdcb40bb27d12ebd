//! Money, in the three spellings the schemas use.

use rust_decimal::Decimal;
use serde::Serializer;
use serde::ser::SerializeStruct;

use crate::macros::wire_struct;
use crate::wire::{Codec, Wire};

wire_struct! {
    /// An amount of money in a currency. Reads `Amount` (or TRANSACTION_UPDATE's
    /// `CurrencyAmount`) and `CurrencyCode` in any casing; the amount is never an `f64`.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
    pub struct Money {
        /// The amount, e.g. `8184.23`.
        "Amount" | "CurrencyAmount" => pub amount: Decimal,
        /// The ISO 4217 currency code, e.g. `USD`.
        "CurrencyCode" => pub currency_code: String,
    }
}

impl Money {
    /// An amount in a currency.
    pub fn new(amount: Decimal, currency_code: impl Into<String>) -> Self {
        Self {
            amount,
            currency_code: currency_code.into(),
        }
    }
}

/// Money written with other key names than [`Money`]'s own `Amount`/`CurrencyCode`.
macro_rules! money_codec {
    ($(#[$meta:meta])* $codec:ident: $amount:literal, $currency:literal) => {
        $(#[$meta])*
        pub(crate) struct $codec;

        impl Codec<Money> for $codec {
            fn decode<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
                Money::decode(d)
            }
            fn encode<S: Serializer>(money: &Money, s: S) -> Result<S::Ok, S::Error> {
                let mut out = s.serialize_struct("Money", 2)?;
                out.serialize_field($amount, &crate::wire::Encode::<Decimal>::new(&money.amount))?;
                out.serialize_field($currency, &money.currency_code)?;
                out.end()
            }
            fn absent() -> Option<Money> {
                None
            }
            fn omit(_: &Money) -> bool {
                false
            }
        }

        impl Codec<Option<Money>> for $codec {
            fn decode<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
                Option::<Money>::decode(d)
            }
            fn encode<S: Serializer>(money: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
                match money {
                    Some(money) => <Self as Codec<Money>>::encode(money, s),
                    None => s.serialize_none(),
                }
            }
            fn absent() -> Option<Option<Money>> {
                Some(None)
            }
            fn omit(money: &Option<Money>) -> bool {
                money.is_none()
            }
        }
    };
}

money_codec!(
    /// camelCase money (`amount`, `currencyCode`), as in PRICING_HEALTH.
    CamelMoney: "amount", "currencyCode"
);
money_codec!(
    /// TRANSACTION_UPDATE's money (`CurrencyAmount`, `CurrencyCode`).
    CurrencyAmount: "CurrencyAmount", "CurrencyCode"
);
