//! A request that got no complete answer, sorted into one [`TransportErrorKind`] wherever it
//! happens.

use std::fmt;
use std::sync::Arc;

/// How a request failed to get a complete answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No answer within the timeout, after the connection was made.
    Timeout,
    /// The connection could not be established (DNS, refused, TLS, or its own timeout):
    /// nothing was sent.
    Connect,
    /// The request could not be built, such as an invalid user agent; nothing was sent and
    /// retrying cannot help.
    Setup,
    /// The connection broke off, or the body could not be read.
    Other,
}

impl TransportErrorKind {
    /// Whether sending the request again may help and is safe: a failed connection always (nothing
    /// was sent), a setup error never, anything else only for an `idempotent` request (it may
    /// have reached the server).
    pub fn is_retryable(self, idempotent: bool) -> bool {
        match self {
            Self::Connect => true,
            Self::Setup => false,
            Self::Timeout | Self::Other => idempotent,
        }
    }

    /// Whether the request may have reached the server and taken effect.
    pub fn may_have_taken_effect(self) -> bool {
        matches!(self, Self::Timeout | Self::Other)
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Timeout => "timed out",
            Self::Connect => "could not connect",
            Self::Setup => "could not build the request",
            Self::Other => "the connection failed",
        })
    }
}

/// A request that got no complete answer: the HTTP client's error and its [`kind`](Self::kind).
///
/// Prints as the HTTP client's error and has its causes as [`source`](std::error::Error::source),
/// so an error holding it can name the kind without repeating the cause. Cheap to clone.
#[derive(Clone, Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    error: Arc<reqwest::Error>,
}

impl TransportError {
    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The HTTP client's error.
    pub fn reqwest_error(&self) -> &reqwest::Error {
        &self.error
    }
}

impl From<reqwest::Error> for TransportError {
    /// Sorts the error: a connect timeout is [`Connect`](TransportErrorKind::Connect), not
    /// [`Timeout`](TransportErrorKind::Timeout), because nothing was sent, which is what
    /// decides whether a request may be sent again.
    fn from(error: reqwest::Error) -> Self {
        let kind = if error.is_connect() {
            TransportErrorKind::Connect
        } else if error.is_timeout() {
            TransportErrorKind::Timeout
        } else if error.is_builder() {
            TransportErrorKind::Setup
        } else {
            TransportErrorKind::Other
        };
        Self {
            kind,
            error: Arc::new(error),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.error)
    }
}
