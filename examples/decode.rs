//! Inspect a message from your queue: decode one file in any envelope SP-API notifications
//! arrive in (an SQS body, a double-encoded body, an EventBridge event, an SNS notification, an
//! SQS record, a Lambda SQS event or a `ReceiveMessage` response), and print one line of JSON
//! per notification.
//!
//! ```text
//! cargo run --example decode -- FILE
//! {"notificationType":"ORDER_CHANGE","notificationId":"…","subscriptionId":"…","eventTime":"…","payloadVersion":"1.0","payload":{…}}
//! ```
//!
//! The payload is the typed payload written back to JSON (in the schema's casing), the new client
//! secret of APPLICATION_OAUTH_CLIENT_NEW_SECRET redacted (`Notification::to_json_line`). A message
//! that does not decode is reported on stderr, with its JSON path and notification type, and the
//! exit status is 1.

use std::io::{self, Write};
use std::process::ExitCode;

use spapi_notifications::types::envelope;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        let _ = writeln!(io::stderr(), "usage: cargo run --example decode -- FILE");
        return ExitCode::from(2);
    };
    let label = path.to_string_lossy();
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let _ = writeln!(io::stderr(), "{label}: {error}");
            return ExitCode::from(2);
        }
    };
    match run(
        &bytes,
        &label,
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    ) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            let _ = writeln!(io::stderr(), "{error}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a line per notification in `bytes` to `out` and a line per message that did not
/// decode to `err`; whether every message decoded.
fn run(bytes: &[u8], label: &str, out: &mut impl Write, err: &mut impl Write) -> io::Result<bool> {
    let mut all_decoded = true;
    for result in envelope::decode_all(bytes) {
        match result {
            Ok(received) => writeln!(out, "{}", received.notification.to_json_line())?,
            Err(error) => {
                all_decoded = false;
                writeln!(err, "{label}: {error}")?;
            }
        }
    }
    Ok(all_decoded)
}

// Its tests: tests/it/examples/decode.rs, in the facade's test binary.
#[cfg(test)]
#[path = "../tests/it/examples/decode.rs"]
mod tests;
