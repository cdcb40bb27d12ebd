//! One line of JSON per notification, for terminals and logs.

use std::fmt::Write as _;

use serde::Serialize;

use crate::{Notification, Payload};

/// What the new client secret of APPLICATION_OAUTH_CLIENT_NEW_SECRET is printed as.
const REDACTED: &str = "[REDACTED]";

impl Notification<Payload> {
    /// The notification as one line of JSON, keys in a fixed order, for terminals and logs:
    /// `notificationType`, `notificationId`, `subscriptionId`, `eventTime`, `payloadVersion`,
    /// `payload`.
    ///
    /// The payload is written as [`serde_json::to_string`] writes it (the schema's casing), with
    /// two differences: a payload kept raw ([`Payload::Unknown`], [`Payload::Unparsed`]) loses
    /// the whitespace between its tokens, so that it stays on one line with every string and
    /// number exactly as received; and the new client secret of an
    /// APPLICATION_OAUTH_CLIENT_NEW_SECRET notification is written as `"[REDACTED]"`, because
    /// such lines end up in logs.
    ///
    /// ```
    /// use spapi_notification_types::Notification;
    ///
    /// let body = r#"{"notificationVersion":"1.0","notificationType":"NEW_TYPE",
    ///   "payloadVersion":"1.0","eventTime":"2024-01-01T00:00:00Z",
    ///   "payload": {"a": [1, 2],
    ///               "b": "x y"}}"#;
    /// let line = Notification::from_slice(body.as_bytes())?.to_json_line();
    /// assert_eq!(
    ///     line,
    ///     r#"{"notificationType":"NEW_TYPE","notificationId":null,"subscriptionId":null,"eventTime":"2024-01-01T00:00:00Z","payloadVersion":"1.0","payload":{"a":[1,2],"b":"x y"}}"#
    /// );
    /// # Ok::<(), spapi_notification_types::DecodeError>(())
    /// ```
    pub fn to_json_line(&self) -> String {
        let metadata = self.metadata.as_ref();
        let mut line = String::with_capacity(256);
        line.push('{');
        for (index, (key, value)) in [
            ("notificationType", json(&self.notification_type)),
            (
                "notificationId",
                json(&metadata.map(|m| &m.notification_id)),
            ),
            (
                "subscriptionId",
                json(&metadata.map(|m| &m.subscription_id)),
            ),
            ("eventTime", json(&self.event_time)),
            ("payloadVersion", json(&self.payload_version)),
            ("payload", payload_json(&self.payload)),
        ]
        .into_iter()
        .enumerate()
        {
            let comma = if index == 0 { "" } else { "," };
            let _ = write!(line, r#"{comma}"{key}":{value}"#);
        }
        line.push('}');
        line
    }
}

/// `value` as JSON. This crate's types always serialize (string keys, no custom errors); the
/// error arm only keeps the line well-formed and says what happened should that ever change.
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|error| json(&format!("unserializable value: {error}")))
}

fn payload_json(payload: &Payload) -> String {
    let Payload::ApplicationOAuthClientNewSecret(_) = payload else {
        return compact(&json(payload));
    };
    let Ok(mut value) = serde_json::to_value(payload) else {
        return json(&REDACTED);
    };
    if let Some(secret) = value.pointer_mut("/applicationOAuthClientNewSecret/newClientSecret") {
        *secret = REDACTED.into();
    }
    json(&value)
}

/// `json` without the whitespace between its tokens; strings are kept as they are.
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
        } else if c == '"' {
            in_string = true;
        } else if c.is_ascii_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn compact_removes_whitespace_between_tokens_only() {
        assert_eq!(
            compact("{ \"a b\" :\r\n\t[1, \"c\\\"  d\\\\\" ] }"),
            r#"{"a b":[1,"c\"  d\\"]}"#
        );
    }
}
