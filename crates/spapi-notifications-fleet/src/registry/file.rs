//! The registry of the CLI: a JSON lines file, appended to, read back whole.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use spapi_notification_types::NotificationType;

use super::memory::same;
use super::{BoxFuture, SubscriptionRecord, SubscriptionRegistry};
use crate::Error;

/// A [`SubscriptionRegistry`] in a JSON lines file, one event per line:
///
/// ```text
/// {"event":"recorded","seller_id":"A3TH9S8BH6GOGM","notification_type":"ORDER_CHANGE","payload_version":"1.0","subscription_id":"…","destination_id":"…"}
/// {"event":"removed","seller_id":"A3TH9S8BH6GOGM","notification_type":"ORDER_CHANGE","subscription_id":"…"}
/// ```
///
/// Appending never rewrites what is there, so a crash loses at most the line being written;
/// reading a seller's records replays the whole file. For one process at a time (the CLI's
/// `--registry PATH`); many processes share a `DynamoDbRegistry` (feature `dynamodb`). Lines
/// are short and written in place, without a blocking-task hop.
#[derive(Debug)]
pub struct FileRegistry {
    path: PathBuf,
    file: Mutex<File>,
}

/// One line of the file.
#[derive(Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum Line {
    Recorded {
        seller_id: String,
        notification_type: String,
        payload_version: String,
        subscription_id: String,
        destination_id: String,
    },
    Removed {
        seller_id: String,
        notification_type: String,
        subscription_id: String,
    },
}

impl FileRegistry {
    /// The registry in `path`, created empty if it does not exist.
    ///
    /// # Errors
    ///
    /// [`Error::Registry`] when the file cannot be opened for appending.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref().to_owned();
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|error| Error::registry("open its file", error))?;
        Ok(Self {
            path,
            file: Mutex::new(file),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn append(&self, line: &Line) -> Result<(), Error> {
        let mut text =
            serde_json::to_string(line).map_err(|error| Error::registry("write a line", error))?;
        text.push('\n');
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        // One write per line: appends of whole lines do not interleave.
        file.write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|error| Error::registry("write a line", error))
    }

    fn read(&self, seller_id: &str) -> Result<Vec<SubscriptionRecord>, Error> {
        let file =
            File::open(&self.path).map_err(|error| Error::registry("read its file", error))?;
        let mut records: Vec<SubscriptionRecord> = Vec::new();
        for (number, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|error| Error::registry("read its file", error))?;
            if line.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(&line).map_err(|error| {
                Error::registry("read its file", format!("line {}: {error}", number + 1))
            })?;
            match line {
                Line::Recorded {
                    seller_id: id,
                    notification_type,
                    payload_version,
                    subscription_id,
                    destination_id,
                } if id == seller_id => {
                    let notification_type = NotificationType::from(notification_type);
                    records.retain(|kept| !same(kept, &notification_type, &subscription_id));
                    records.push(SubscriptionRecord::new(
                        id,
                        notification_type,
                        payload_version,
                        subscription_id,
                        destination_id,
                    ));
                }
                Line::Removed {
                    seller_id: id,
                    notification_type,
                    subscription_id,
                } if id == seller_id => {
                    let notification_type = NotificationType::from(notification_type);
                    records.retain(|kept| !same(kept, &notification_type, &subscription_id));
                }
                _ => {}
            }
        }
        Ok(records)
    }
}

impl SubscriptionRegistry for FileRegistry {
    fn record<'a>(&'a self, record: &'a SubscriptionRecord) -> BoxFuture<'a, Result<(), Error>> {
        let line = Line::Recorded {
            seller_id: record.seller_id.clone(),
            notification_type: record.notification_type.to_string(),
            payload_version: record.payload_version.clone(),
            subscription_id: record.subscription_id.clone(),
            destination_id: record.destination_id.clone(),
        };
        Box::pin(std::future::ready(self.append(&line)))
    }

    fn seller_subscriptions<'a>(
        &'a self,
        seller_id: &'a str,
    ) -> BoxFuture<'a, Result<Vec<SubscriptionRecord>, Error>> {
        Box::pin(std::future::ready(self.read(seller_id)))
    }

    fn remove<'a>(
        &'a self,
        seller_id: &'a str,
        notification_type: &'a NotificationType,
        subscription_id: &'a str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let line = Line::Removed {
            seller_id: seller_id.to_owned(),
            notification_type: notification_type.to_string(),
            subscription_id: subscription_id.to_owned(),
        };
        Box::pin(std::future::ready(self.append(&line)))
    }
}
