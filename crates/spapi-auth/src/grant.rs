//! What a token provider asks LWA for: a seller's token or a grantless token with scopes.

use std::borrow::Cow;
use std::fmt;

use crate::RefreshToken;

/// An LWA scope for a grantless (`client_credentials`) token.
///
/// The known ones are constants; any other string is accepted as well.
///
/// ```
/// use spapi_auth::Scope;
///
/// assert_eq!(Scope::NOTIFICATIONS.as_str(), "sellingpartnerapi::notifications");
/// assert_eq!(Scope::new("sellingpartnerapi::future").as_str(), "sellingpartnerapi::future");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope(Cow<'static, str>);

impl Scope {
    /// The Notifications API's grantless operations (destinations, subscriptions by id).
    pub const NOTIFICATIONS: Self = Self(Cow::Borrowed("sellingpartnerapi::notifications"));
    /// The Application Management API's client-secret rotation.
    pub const CLIENT_CREDENTIAL_ROTATION: Self = Self(Cow::Borrowed(
        "sellingpartnerapi::client_credential:rotation",
    ));
    /// The Authorization API's migration of MWS authorizations.
    pub const MIGRATION: Self = Self(Cow::Borrowed("sellingpartnerapi::migration"));

    /// Any scope, for those this crate does not name.
    pub fn new(scope: impl Into<Cow<'static, str>>) -> Self {
        Self(scope.into())
    }

    /// The scope as LWA spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&'static str> for Scope {
    fn from(scope: &'static str) -> Self {
        Self::new(scope)
    }
}

impl From<String> for Scope {
    fn from(scope: String) -> Self {
        Self::new(scope)
    }
}

/// The OAuth grant a provider exchanges for access tokens.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Grant {
    /// A seller's authorization (`grant_type=refresh_token`), for operations on that seller's data.
    RefreshToken(RefreshToken),
    /// The application itself (`grant_type=client_credentials`), for grantless operations.
    ClientCredentials {
        /// The scopes to request; at least one.
        scopes: Vec<Scope>,
    },
}

impl Grant {
    /// A grantless grant for `scopes`.
    pub fn client_credentials(scopes: impl IntoIterator<Item = Scope>) -> Self {
        Self::ClientCredentials {
            scopes: scopes.into_iter().collect(),
        }
    }

    /// The OAuth `grant_type` this grant sends.
    pub fn grant_type(&self) -> &'static str {
        match self {
            Self::RefreshToken(_) => "refresh_token",
            Self::ClientCredentials { .. } => "client_credentials",
        }
    }

    /// The requested scopes, space-separated as in the form body; empty for a seller grant.
    pub fn scope_list(&self) -> String {
        match self {
            Self::RefreshToken(_) => String::new(),
            Self::ClientCredentials { scopes } => scopes
                .iter()
                .map(Scope::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

impl From<RefreshToken> for Grant {
    fn from(refresh_token: RefreshToken) -> Self {
        Self::RefreshToken(refresh_token)
    }
}
