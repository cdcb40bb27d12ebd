//! The application's client secret as Amazon keeps it: `rotateApplicationClientSecret`, the
//! two notifications it sends to the application's destination, the previous secret refused
//! after a configurable time, and sellers who revoked the application.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{SecondsFormat, Utc};
use serde_json::json;
use tokio::time::Instant;

use crate::api::ApiError;
use crate::state::{Shared, lock};
use crate::{Error, ids};

/// How long the previous secret works after a rotation unless configured otherwise: seven days.
pub(crate) const DEFAULT_OLD_SECRET_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

/// How long a new secret lasts, as the notification says: 180 days.
const SECRET_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::days(180);

/// The payload version of both notifications.
const PAYLOAD_VERSION: &str = "2023-11-30";

/// The secrets LWA accepts, the application's destination and the revoked sellers.
#[derive(Debug)]
pub(crate) struct Secrets {
    state: Mutex<SecretState>,
    /// How long the previous secret keeps working after a rotation.
    old_secret_lifetime: Duration,
    /// How long a new secret is refused after a rotation (LWA has been seen doing so).
    new_secret_delay: Duration,
}

#[derive(Debug)]
struct SecretState {
    current: String,
    /// When the current secret starts being accepted.
    current_from: Instant,
    /// When the current secret expires, as the notifications say.
    current_expires_at: chrono::DateTime<Utc>,
    /// The secret the last rotation replaced, and until when it works.
    previous: Option<(String, Instant)>,
    /// The destination of the application's own notifications ("Notification Preferences").
    application_destination: Option<String>,
    revoked: HashSet<String>,
    rotations: usize,
}

impl Secrets {
    pub(crate) fn new(
        secret: String,
        old_secret_lifetime: Duration,
        new_secret_delay: Duration,
    ) -> Self {
        Self {
            state: Mutex::new(SecretState {
                current: secret,
                current_from: Instant::now(),
                current_expires_at: Utc::now() + SECRET_LIFETIME,
                previous: None,
                application_destination: None,
                revoked: HashSet::new(),
                rotations: 0,
            }),
            old_secret_lifetime,
            new_secret_delay,
        }
    }

    /// Whether LWA takes `secret` now.
    pub(crate) fn accepts(&self, secret: &str) -> bool {
        let state = self.lock();
        let now = Instant::now();
        (state.current == secret && now >= state.current_from)
            || state
                .previous
                .as_ref()
                .is_some_and(|(previous, until)| previous == secret && now < *until)
    }

    /// Whether the seller revoked the application.
    pub(crate) fn is_revoked(&self, seller_id: &str) -> bool {
        self.lock().revoked.contains(seller_id)
    }

    pub(crate) fn current(&self) -> String {
        self.lock().current.clone()
    }

    pub(crate) fn rotations(&self) -> usize {
        self.lock().rotations
    }

    pub(crate) fn revoke(&self, seller_id: &str) {
        self.lock().revoked.insert(seller_id.to_owned());
    }

    pub(crate) fn set_application_destination(&self, destination_id: &str) {
        self.lock().application_destination = Some(destination_id.to_owned());
    }

    pub(crate) fn application_destination(&self) -> Option<String> {
        self.lock().application_destination.clone()
    }

    /// Ends the previous secret's grace period now.
    pub(crate) fn expire_previous(&self) {
        if let Some((_, until)) = &mut self.lock().previous {
            *until = Instant::now();
        }
    }

    pub(crate) fn current_expires_at(&self) -> chrono::DateTime<Utc> {
        self.lock().current_expires_at
    }

    /// A new secret and its expiry; the current one works for `old_secret_lifetime` more.
    fn rotate(&self) -> (String, chrono::DateTime<Utc>) {
        let mut state = self.lock();
        let now = Instant::now();
        let secret = format!("amzn1.oa2-cs.v1.{}", ids::hex(64));
        let previous = std::mem::replace(&mut state.current, secret.clone());
        state.previous = Some((previous, now + self.old_secret_lifetime));
        state.current_from = now + self.new_secret_delay;
        state.current_expires_at = Utc::now() + SECRET_LIFETIME;
        state.rotations += 1;
        (secret, state.current_expires_at)
    }

    fn lock(&self) -> MutexGuard<'_, SecretState> {
        lock(&self.state)
    }
}

/// `POST /applications/2023-11-30/clientSecret`: a new secret, sent in an
/// `APPLICATION_OAUTH_CLIENT_NEW_SECRET` notification to the application's destination; 204.
pub(crate) async fn rotate(State(shared): State<Arc<Shared>>) -> Result<StatusCode, ApiError> {
    let (secret, expires_at) = shared.secrets.rotate();
    let now = Utc::now();
    let old_expiry = now
        + chrono::TimeDelta::from_std(shared.secrets.old_secret_lifetime)
            .unwrap_or(chrono::TimeDelta::MAX);
    tracing::info!("sandbox rotated the application's client secret");
    let payload = json!({ "applicationOAuthClientNewSecret": {
        "clientId": shared.config.client_id,
        "newClientSecret": secret,
        "newClientSecretExpiryTime": timestamp(expires_at),
        "oldClientSecretExpiryTime": timestamp(old_expiry),
    }});
    notify_application(&shared, "APPLICATION_OAUTH_CLIENT_NEW_SECRET", payload)
        .await
        .map_err(|error| ApiError::internal(error.to_string()))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends an `APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY` notice for the current secret.
pub(crate) async fn notify_expiry(shared: &Shared) -> Result<(), Error> {
    let expires_at = shared.secrets.current_expires_at();
    let payload = json!({ "applicationOAuthClientSecretExpiry": {
        "clientId": shared.config.client_id,
        "clientSecretExpiryTime": timestamp(expires_at),
        "clientSecretExpiryReason": "PERIODIC_ROTATION",
    }});
    notify_application(shared, "APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY", payload).await
}

/// Delivers one of the application's own notifications to its destination; without one it is
/// dropped, as at Amazon, with a warning in the sandbox's log.
async fn notify_application(
    shared: &Shared,
    notification_type: &str,
    payload: serde_json::Value,
) -> Result<(), Error> {
    let Some(destination_id) = shared.secrets.application_destination() else {
        tracing::warn!(
            notification_type,
            "no application destination: call Sandbox::set_application_destination"
        );
        return Ok(());
    };
    let destination = shared
        .store()
        .destination(&destination_id)
        .map_err(|_| application_destination_gone(&destination_id))?
        .clone();
    let now = Utc::now();
    let notification = json!({
        "notificationVersion": "1.0",
        "notificationType": notification_type,
        "payloadVersion": PAYLOAD_VERSION,
        "eventTime": timestamp(now),
        "payload": payload,
        "notificationMetadata": {
            "applicationId": shared.config.application_id,
            "subscriptionId": ids::uuid(),
            "publishTime": timestamp(now),
            "notificationId": ids::uuid(),
        },
    });
    shared
        .deliverer
        .deliver(
            &destination,
            &notification_type.into(),
            notification.to_string(),
        )
        .await?;
    Ok(())
}

/// The application destination was deleted after it was set.
pub(crate) fn application_destination_gone(destination_id: &str) -> Error {
    Error::Config {
        setting: "application_destination",
        problem: format!("destination {destination_id} does not exist"),
    }
}

fn timestamp(time: chrono::DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}
