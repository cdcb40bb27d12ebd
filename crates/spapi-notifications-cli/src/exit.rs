//! Why a command failed, how that is reported on stderr, and the exit status it gives (the
//! table is in the crate's documentation, `src/main.rs`).

use std::io::{self, Write};

use spapi_notifications::auth;
use spapi_notifications::client::Error;

use crate::output::Output;

/// Done.
pub(crate) const OK: u8 = 0;
/// The API or AWS answered with an error, the network failed, or a message did not decode.
pub(crate) const FAILED: u8 = 1;
/// Usage or configuration.
pub(crate) const USAGE: u8 = 2;
/// Authentication.
pub(crate) const AUTH: u8 = 3;
/// Some sellers of a `fleet` command failed; the others were done.
pub(crate) const SOME_FAILED: u8 = 4;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum CliError {
    /// The client's error.
    Client(Error),
    /// Bad arguments or configuration found here.
    Usage(String),
    /// Messages that did not decode (each reported already).
    Undecodable {
        /// How many did not decode.
        failed: usize,
        /// How many messages there were.
        total: usize,
    },
    /// Some sellers or subscriptions of a `fleet` command failed (each reported already).
    SomeFailed(String),
    /// Some parts of a command failed, each reported already: `output` is what the others
    /// gave, printed before the summary.
    Partial {
        /// What the parts that did not fail print.
        output: Output,
        /// The exit status of the most serious failure.
        code: u8,
        /// What failed, e.g. `2 of 41 notification types could not be listed`.
        summary: String,
    },
    /// Anything else: output, AWS, the embedded sandbox.
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl CliError {
    /// The exit status (see the crate's documentation).
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::Client(Error::Validation { .. } | Error::Config { .. }) => USAGE,
            Self::Client(Error::Auth(
                auth::Error::MissingEnv { .. } | auth::Error::InvalidEnv { .. },
            )) => USAGE,
            Self::Client(Error::Auth(error)) if error.is_transient() => FAILED,
            Self::Client(Error::Auth(_)) => AUTH,
            Self::Client(error)
                if matches!(error.status().map(|s| s.as_u16()), Some(401 | 403)) =>
            {
                AUTH
            }
            Self::Client(_) | Self::Undecodable { .. } | Self::Other(_) => FAILED,
            Self::SomeFailed(_) => SOME_FAILED,
            Self::Partial { code, .. } => *code,
        }
    }

    /// Writes the error and its causes to `err`; the exit status.
    pub(crate) fn report(&self, err: &mut impl Write) -> u8 {
        let error: &dyn std::error::Error = match self {
            Self::Client(error) => error,
            Self::Other(error) => error.as_ref(),
            Self::Usage(message)
            | Self::SomeFailed(message)
            | Self::Partial {
                summary: message, ..
            } => {
                let _ = writeln!(err, "error: {message}");
                return self.exit_code();
            }
            Self::Undecodable { failed, total } => {
                let _ = writeln!(err, "error: {failed} of {total} messages did not decode");
                return self.exit_code();
            }
        };
        // The hint on a line of its own, where it reads best.
        let mut message = error.to_string();
        let hint = match self {
            Self::Client(error) => error.hint(),
            _ => None,
        };
        let hint = hint.filter(|hint| {
            let suffix = format!("; hint: {hint}");
            message
                .strip_suffix(&suffix)
                .map(str::len)
                .map(|len| message.truncate(len))
                .is_some()
        });
        let _ = writeln!(err, "error: {message}");
        let mut source = error.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !message.contains(&cause_text) {
                let _ = writeln!(err, "  caused by: {cause_text}");
            }
            source = cause.source();
        }
        if let Some(hint) = hint {
            let _ = writeln!(err, "hint: {hint}");
        }
        self.exit_code()
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        Self::Client(error)
    }
}

impl From<auth::Error> for CliError {
    fn from(error: auth::Error) -> Self {
        Self::Client(error.into())
    }
}

impl From<io::Error> for CliError {
    fn from(error: io::Error) -> Self {
        boxed(error)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(error: serde_json::Error) -> Self {
        boxed(error)
    }
}

/// `error` as [`CliError::Other`].
pub(crate) fn boxed(error: impl std::error::Error + Send + Sync + 'static) -> CliError {
    CliError::Other(Box::new(error))
}
