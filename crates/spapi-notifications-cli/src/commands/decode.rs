//! `decode FILE|-`: one JSON line per notification in any envelope SP-API notifications arrive
//! in (the logic of `examples/decode.rs`, over a file or stdin, and over JSON lines).
//!
//! The input is one message (an SQS body, a double-encoded body, an EventBridge event, an SNS
//! notification, an SQS record, a Lambda SQS event or a `ReceiveMessage` response), pretty-printed
//! or not; or JSON lines, one such message per line: it is read as JSON lines when its first
//! non-blank line is a whole JSON value and another non-blank line follows. Blank lines are
//! skipped. A message that does not decode is reported on stderr (`FILE: error`, or
//! `FILE:LINE: error` for JSON lines) with its JSON path and notification type; the others are
//! printed all the same, and the exit status is then 1.

use std::io::{self, Read, Write};
use std::path::Path;

use serde::de::IgnoredAny;
use spapi_notifications::types::envelope;

use crate::exit::CliError;

/// Decodes `input` (a path, `-` for stdin), writing notifications to `out` and messages that do
/// not decode to `err`.
pub(crate) fn run(
    input: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), CliError> {
    let (label, bytes) = if input == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| CliError::Usage(format!("stdin: {error}")))?;
        ("stdin".to_owned(), bytes)
    } else {
        let label = input.display().to_string();
        let bytes =
            std::fs::read(input).map_err(|error| CliError::Usage(format!("{label}: {error}")))?;
        (label, bytes)
    };
    let (mut total, mut failed) = (0, 0);
    for (line_number, message) in messages(&bytes) {
        let at = match line_number {
            Some(line) => format!("{label}:{line}"),
            None => label.clone(),
        };
        for result in envelope::decode_all(message) {
            total += 1;
            match result {
                Ok(received) => writeln!(out, "{}", received.notification.to_json_line())?,
                Err(error) => {
                    failed += 1;
                    writeln!(err, "{at}: {error}")?;
                }
            }
        }
    }
    if failed > 0 {
        return Err(CliError::Undecodable { failed, total });
    }
    Ok(())
}

/// The messages in `bytes`, each with its line number when `bytes` are JSON lines.
fn messages(bytes: &[u8]) -> Vec<(Option<usize>, &[u8])> {
    let lines: Vec<(usize, &[u8])> = bytes
        .split(|&byte| byte == b'\n')
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim_ascii()))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    let json_lines = lines.len() > 1 && serde_json::from_slice::<IgnoredAny>(lines[0].1).is_ok();
    if json_lines {
        lines
            .into_iter()
            .map(|(number, line)| (Some(number), line))
            .collect()
    } else {
        vec![(None, bytes)]
    }
}
