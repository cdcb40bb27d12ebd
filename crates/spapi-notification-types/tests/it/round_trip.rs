//! What decoding accepts is written so that it reads back equal: the fuzzers' findings on whole
//! notifications, each kept as a regression test (the value-level loops are in `src/wire.rs`).

use crate::support::parse;
use serde_json::{Value, json};
use spapi_notification_types::fixtures;
use spapi_notification_types::{Notification, NotificationType, Payload};

/// `fixture` of `notification_type` with `edit` applied to its JSON.
fn variant(notification_type: &NotificationType, edit: impl FnOnce(&mut Value)) -> String {
    let mut document = parse(fixtures::example(notification_type).unwrap());
    edit(&mut document);
    document.to_string()
}

/// Decodes, writes and decodes again; returns the first reading and what was written.
fn round_trip(json: &str) -> (Notification, String) {
    let first: Notification =
        Notification::from_slice(json.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let written = serde_json::to_string(&first).unwrap();
    let second: Notification = Notification::from_slice(written.as_bytes())
        .unwrap_or_else(|e| panic!("written back: {e}\n{written}"));
    assert_eq!(second, first, "written as {written}");
    (first, written)
}

fn transaction_amount(amount: Value) -> String {
    variant(&NotificationType::TransactionUpdate, |d| {
        d["Payload"]["TransactionUpdateNotification"]["TotalAmount"]["CurrencyAmount"] = amount;
    })
}

#[test]
fn a_28_digit_amount_read_from_a_string_is_written_exactly() {
    let (n, written) = round_trip(&transaction_amount(json!("1234567890123456789012345678")));
    let Payload::TransactionUpdate(p) = &n.payload else {
        panic!("a transaction")
    };
    assert_eq!(
        p.total_amount.amount.to_string(),
        "1234567890123456789012345678"
    );
    assert!(
        written.contains("\"CurrencyAmount\":\"1234567890123456789012345678\""),
        "{written}"
    );
}

#[test]
fn the_largest_decimal_is_written_so_that_it_reads() {
    round_trip(&transaction_amount(json!("79228162514264337593543950335")));
    round_trip(&transaction_amount(json!("-79228162514264337593543950335")));
    round_trip(&transaction_amount(json!("0.0000000000000000000000000001")));
}

#[test]
fn ordinary_amounts_stay_json_numbers_with_their_digits() {
    let (_, written) = round_trip(&transaction_amount(json!(80.91)));
    assert!(written.contains("\"CurrencyAmount\":80.91"), "{written}");
}

fn purchase_date(value: Value) -> String {
    variant(&NotificationType::OrderStatusChange, |d| {
        d["Payload"]["OrderStatusChangeNotification"]["PurchaseDate"] = value;
    })
}

#[test]
fn a_sub_millisecond_iso_purchase_date_keeps_its_value() {
    let (_, written) = round_trip(&purchase_date(json!("2020-07-27T20:33:20.633123Z")));
    assert!(
        written.contains("\"PurchaseDate\":\"2020-07-27T20:33:20.633123Z\""),
        "{written}"
    );
    let (_, written) = round_trip(&purchase_date(json!(1_595_882_000_633_i64)));
    assert!(
        written.contains("\"PurchaseDate\":1595882000633"),
        "{written}"
    );
}

#[test]
fn timestamps_beyond_year_9999_or_before_year_0_are_refused_with_their_path() {
    // 10000-01-01T00:00:00Z and -0001-12-31T23:59:59Z in epoch milliseconds.
    for millis in [253_402_300_800_000_i64, -62_167_219_201_000] {
        let error = Notification::<Payload>::from_slice(purchase_date(json!(millis)).as_bytes())
            .unwrap_err();
        assert_eq!(
            error.path(),
            "Payload.OrderStatusChangeNotification.PurchaseDate",
            "{error}"
        );
        assert!(error.to_string().contains("years 0000 to 9999"), "{error}");
    }
    let late = variant(&NotificationType::OrderChange, |d| {
        d["Payload"]["OrderChangeNotification"]["Summary"]["PurchaseDate"] =
            json!("9999-12-31T23:59:59-01:00");
    });
    let error = Notification::<Payload>::from_slice(late.as_bytes()).unwrap_err();
    assert_eq!(
        error.path(),
        "Payload.OrderChangeNotification.Summary.PurchaseDate"
    );
}

#[test]
fn every_fixture_round_trips() {
    for fixture in fixtures::all() {
        round_trip(fixture.json);
    }
}
