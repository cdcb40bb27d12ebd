//! The selling account and the application itself: account status and client secret rotation.

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

use crate::macros::{open_enum, wire_struct};

open_enum! {
    /// The status of a selling account.
    pub enum AccountStatus {
        /// In good standing.
        Normal = "NORMAL",
        /// At risk of deactivation.
        AtRisk = "AT_RISK",
        /// Deactivated.
        Deactivated = "DEACTIVATED",
    }
}

wire_struct! {
    /// ACCOUNT_STATUS_CHANGED (`payload.accountStatusChangeNotification`): the selling account's
    /// status changed.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct AccountStatusChange {
        /// The status before the change.
        "previousAccountStatus" => pub previous_account_status: AccountStatus,
        /// The status now.
        "currentAccountStatus" => pub current_account_status: AccountStatus,
    }
}

wire_struct! {
    /// APPLICATION_OAUTH_CLIENT_NEW_SECRET (`payload.applicationOAuthClientNewSecret`): Amazon
    /// issued a new LWA client secret for the application. Switch to it before the old one expires.
    ///
    /// The secret is a [`SecretString`]: `Debug` redacts it, and it is read only through
    /// [`ExposeSecret`]. Serializing the payload writes it, as received.
    #[derive(Debug, Clone)]
    pub struct ApplicationOAuthClientNewSecret {
        /// The application's LWA client id.
        "clientId" => pub client_id: String,
        /// The new client secret.
        "newClientSecret" => pub new_client_secret: SecretString,
        /// When the new secret expires.
        "newClientSecretExpiryTime" => pub new_client_secret_expiry_time: Option<DateTime<Utc>>,
        /// When the old secret stops working.
        "oldClientSecretExpiryTime" => pub old_client_secret_expiry_time: Option<DateTime<Utc>>,
    }
}

impl Default for ApplicationOAuthClientNewSecret {
    fn default() -> Self {
        Self {
            client_id: String::new(),
            new_client_secret: SecretString::from(""),
            new_client_secret_expiry_time: None,
            old_client_secret_expiry_time: None,
        }
    }
}

/// Compares the secrets too, so that decoded payloads can be checked for equality.
impl PartialEq for ApplicationOAuthClientNewSecret {
    fn eq(&self, other: &Self) -> bool {
        self.client_id == other.client_id
            && self.new_client_secret.expose_secret() == other.new_client_secret.expose_secret()
            && self.new_client_secret_expiry_time == other.new_client_secret_expiry_time
            && self.old_client_secret_expiry_time == other.old_client_secret_expiry_time
    }
}

wire_struct! {
    /// APPLICATION_OAUTH_CLIENT_SECRET_EXPIRY (`payload.applicationOAuthClientSecretExpiry`): the
    /// application's LWA client secret is about to expire.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct ApplicationOAuthClientSecretExpiry {
        /// The application's LWA client id.
        "clientId" => pub client_id: String,
        /// When the current secret expires.
        "clientSecretExpiryTime" => pub client_secret_expiry_time: DateTime<Utc>,
        /// Why it expires, e.g. `PERIODIC_ROTATION`.
        "clientSecretExpiryReason" => pub client_secret_expiry_reason: Option<String>,
    }
}
