//! The README's table of supported notification types lists every type the SDK knows, with the
//! delivery channel and payload versions the types crate knows for it, so the two cannot drift.

use spapi_notifications::types::{DeliveryChannel, NotificationType};

const README: &str = include_str!("../../README.md");

/// The README's "Supported notification types" section.
fn types_section() -> &'static str {
    let start = README
        .find("## Supported notification types")
        .expect("README has a \"Supported notification types\" section");
    let section = &README[start..];
    section[3..]
        .find("\n## ")
        .map_or(section, |end| &section[..end + 3])
}

/// The README row of `notification_type`, split into its cells.
fn row(notification_type: &NotificationType) -> Option<Vec<&'static str>> {
    let key = format!("| `{notification_type}` |");
    let line = types_section()
        .lines()
        .find(|line| line.starts_with(&key))?;
    Some(line.trim_matches('|').split('|').map(str::trim).collect())
}

#[test]
fn every_notification_type_is_listed_with_its_channel_and_versions() {
    for notification_type in NotificationType::ALL {
        let cells = row(notification_type)
            .unwrap_or_else(|| panic!("README lists no row for {notification_type}"));
        let channel = match notification_type.delivery_channel() {
            Some(DeliveryChannel::Sqs) => "SQS",
            Some(DeliveryChannel::EventBridge) => "EventBridge",
            None => "not documented",
            Some(other) => panic!("README does not know the channel {other:?}"),
        };
        assert_eq!(cells[1], channel, "delivery of {notification_type}");
        let versions = match notification_type.payload_versions() {
            [] => "not documented".to_owned(),
            versions => versions.join(", "),
        };
        assert_eq!(
            cells[2], versions,
            "payload versions of {notification_type}"
        );
    }
}

#[test]
fn the_readme_lists_no_type_the_sdk_does_not_know() {
    let listed = types_section()
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |"))
        .map(|(name, _)| name)
        .filter(|name| {
            name.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        });
    let mut count = 0;
    for name in listed {
        let known = NotificationType::from(name);
        assert!(
            !matches!(known, NotificationType::Other(_)),
            "README lists {name}, which NotificationType does not know"
        );
        count += 1;
    }
    assert_eq!(count, NotificationType::ALL.len());
}
