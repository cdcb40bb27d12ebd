//! What commands print: a table or a line for people, JSON for programs (`--json`); one JSON
//! line per notification; progress bars on stderr.

use std::io::{self, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use spapi_notifications::client::{Destination, Subscription};
use spapi_notifications::types::NotificationType;

/// What a command prints: a table or a line for people, JSON for programs.
#[derive(Debug)]
pub(crate) struct Output {
    human: Human,
    json: Value,
}

#[derive(Debug)]
enum Human {
    Line(String),
    Table {
        headers: &'static [&'static str],
        rows: Vec<Vec<String>>,
        /// Printed instead of a table without rows.
        empty: &'static str,
    },
}

impl Output {
    /// `line` for people, `json` for programs.
    pub(crate) fn line(line: String, json: Value) -> Self {
        Self {
            human: Human::Line(line),
            json,
        }
    }

    /// A table of `destinations`, and `json` as the JSON output.
    pub(crate) fn destinations(destinations: &[Destination], json: Value) -> Self {
        let rows = destinations
            .iter()
            .map(|destination| {
                let (kind, resource) = describe_resource(destination);
                vec![
                    destination.destination_id.clone(),
                    destination.name.clone(),
                    kind.to_owned(),
                    resource,
                ]
            })
            .collect();
        Self {
            human: Human::Table {
                headers: &["DESTINATION ID", "NAME", "KIND", "RESOURCE"],
                rows,
                empty: "no destinations",
            },
            json,
        }
    }

    /// A table of `subscriptions`, each with its notification type, and `json` as the JSON
    /// output.
    pub(crate) fn subscriptions<'a>(
        subscriptions: impl IntoIterator<Item = (&'a NotificationType, &'a Subscription)>,
        json: Value,
    ) -> serde_json::Result<Self> {
        let rows = subscriptions
            .into_iter()
            .map(|(notification_type, subscription)| {
                let filter = match &subscription.processing_directive {
                    Some(directive) => serde_json::to_string(directive)?,
                    None => "-".to_owned(),
                };
                Ok(vec![
                    subscription.subscription_id.clone(),
                    notification_type.to_string(),
                    subscription.payload_version.clone(),
                    subscription.destination_id.clone(),
                    filter,
                ])
            })
            .collect::<serde_json::Result<_>>()?;
        Ok(Self {
            human: Human::Table {
                headers: &[
                    "SUBSCRIPTION ID",
                    "TYPE",
                    "VERSION",
                    "DESTINATION ID",
                    "PROCESSING DIRECTIVE",
                ],
                rows,
                empty: "no subscriptions",
            },
            json,
        })
    }

    /// Writes the JSON (`json`) or the table or line to `out`.
    pub(crate) fn print(&self, json: bool, out: &mut impl Write) -> io::Result<()> {
        if json {
            return writeln!(out, "{}", self.json);
        }
        match &self.human {
            Human::Line(line) => writeln!(out, "{line}"),
            Human::Table { empty, rows, .. } if rows.is_empty() => writeln!(out, "{empty}"),
            Human::Table { headers, rows, .. } => {
                let header = headers.iter().map(|header| (*header).to_owned()).collect();
                write_table(&[header], rows, out)
            }
        }
    }
}

/// The kind of a destination's resource, and the resource in words.
fn describe_resource(destination: &Destination) -> (&'static str, String) {
    let resource = &destination.resource;
    match (&resource.sqs, &resource.event_bridge) {
        (Some(sqs), _) => ("SQS", sqs.arn.clone()),
        (None, Some(event_bridge)) => (
            "EventBridge",
            format!("{} in {}", event_bridge.name, event_bridge.region),
        ),
        (None, None) => ("unknown", "-".to_owned()),
    }
}

/// Writes `header` and `rows` in columns two spaces apart.
fn write_table(
    header: &[Vec<String>],
    rows: &[Vec<String>],
    out: &mut impl Write,
) -> io::Result<()> {
    let lines = || header.iter().chain(rows);
    let mut widths = Vec::new();
    for line in lines() {
        widths.resize(widths.len().max(line.len()), 0);
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for line in lines() {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

/// A bar on stderr counting `len` steps (the message says which one runs); drawn only when
/// stderr is a terminal.
pub(crate) fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// A spinner on stderr for work of unknown length; drawn only when stderr is a terminal.
pub(crate) fn spinner() -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}
