//! EventBridge event patterns: the tutorial's pattern for SP-API's partner events, and whether
//! a rule's pattern matches an SP-API event of a given type.

use serde_json::{Value, json};
use spapi_notification_types::NotificationType;

/// The prefix of every SP-API partner event source.
pub const SOURCE_PREFIX: &str = "aws.partner/sellingpartnerapi.amazon.com";

/// The EventBridge tutorial's pattern: SP-API's partner events of `account_id` whose
/// `detail-type` is one of `types`.
pub(crate) fn for_types(account_id: &str, types: &[String]) -> Value {
    json!({
        "source": [{ "prefix": SOURCE_PREFIX }],
        "account": [account_id],
        "detail-type": types,
    })
}

/// The `detail-type` values a pattern lists.
pub(crate) fn detail_types(pattern: &Value) -> Vec<String> {
    pattern["detail-type"]
        .as_array()
        .map(|values| {
            values
                .iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `pattern` matches an SP-API event of `notification_type` from `source` in
/// `account_id`: every field of the pattern on `source`, `account`, `detail-type` and `region`
/// must match (fields about `detail` are not checked).
pub(crate) fn matches(
    pattern: &Value,
    source: &str,
    account_id: &str,
    notification_type: &NotificationType,
) -> bool {
    let Value::Object(fields) = pattern else {
        return false;
    };
    let event = [
        ("source", source),
        ("account", account_id),
        ("detail-type", notification_type.as_str()),
    ];
    event.iter().all(|(field, value)| match fields.get(*field) {
        None => true,
        Some(Value::Array(options)) => options.iter().any(|option| option_matches(option, value)),
        Some(_) => false,
    })
}

fn option_matches(option: &Value, value: &str) -> bool {
    match option {
        Value::String(exact) => exact == value,
        Value::Object(filter) => {
            if let Some(prefix) = filter.get("prefix").and_then(Value::as_str) {
                return value.starts_with(prefix);
            }
            if let Some(suffix) = filter.get("suffix").and_then(Value::as_str) {
                return value.ends_with(suffix);
            }
            if let Some(excluded) = filter.get("anything-but") {
                return match excluded {
                    Value::String(excluded) => excluded != value,
                    Value::Array(excluded) => !excluded.iter().any(|e| e.as_str() == Some(value)),
                    other => !option_matches(other, value),
                };
            }
            filter.get("exists").and_then(Value::as_bool) == Some(true)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tutorial_pattern_matches_its_types_only() {
        let source = format!("{SOURCE_PREFIX}/123456789012/amzn1.sp.solution.x");
        let pattern = for_types("123456789012", &["LISTINGS_ITEM_STATUS_CHANGE".to_owned()]);
        let listings = NotificationType::ListingsItemStatusChange;
        assert!(matches(&pattern, &source, "123456789012", &listings));
        assert!(!matches(&pattern, &source, "999999999999", &listings));
        assert!(!matches(
            &pattern,
            &source,
            "123456789012",
            &NotificationType::ListingsItemIssuesChange
        ));
        assert!(!matches(&pattern, "aws.s3", "123456789012", &listings));
        let anything_but =
            json!({"detail-type": [{"anything-but": "X"}], "source": [{"suffix": ".x"}]});
        assert!(matches(&anything_but, &source, "1", &listings));
        assert_eq!(detail_types(&pattern), ["LISTINGS_ITEM_STATUS_CHANGE"]);
    }
}
