//! The operations the client sends, and what each one needs: one table says the method and the
//! token of every operation, and nothing else does.

use std::fmt;

use spapi_auth::Scope;
use spapi_http::http::Method;

/// The LWA access token an operation takes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A grantless token (`client_credentials` grant) with this scope, for the application's own
    /// resources.
    Grantless(Scope),
    /// The token of the seller the call acts for (`refresh_token` grant).
    Seller,
}

/// Defines [`Operation`] from one table: variant, operationId, HTTP method, token kind.
macro_rules! operations {
    ($($(#[$doc:meta])* $variant:ident = $id:literal, $method:ident, $kind:ident $(($scope:ident))?;)*) => {
        /// An operation of the Notifications API v1 (`api/notifications.json`), or the
        /// Application Management API's `rotateApplicationClientSecret`.
        ///
        /// Names the operation in errors, tracing spans and [rate limits](crate::RateLimits).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            $($(#[$doc])* $variant,)*
        }

        impl Operation {
            /// Every operation, in the model's order.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),*];

            /// The model's `operationId`, e.g. `"createDestination"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $id,)*
                }
            }

            /// The HTTP method.
            pub fn method(self) -> Method {
                match self {
                    $(Self::$variant => Method::$method,)*
                }
            }

            /// The token the operation takes. The client picks it; callers never do.
            pub fn token_kind(self) -> TokenKind {
                match self {
                    $(Self::$variant => TokenKind::$kind $((Scope::$scope))?,)*
                }
            }
        }
    };
}

operations! {
    /// `GET /notifications/v1/subscriptions`: a seller's subscriptions to a type, paged.
    GetSubscriptions = "getSubscriptions", GET, Seller;
    /// `GET /notifications/v1/subscriptions/{notificationType}`.
    GetSubscription = "getSubscription", GET, Seller;
    /// `POST /notifications/v1/subscriptions/{notificationType}`.
    CreateSubscription = "createSubscription", POST, Seller;
    /// `GET /notifications/v1/subscriptions/{notificationType}/{subscriptionId}`.
    GetSubscriptionById = "getSubscriptionById", GET, Grantless(NOTIFICATIONS);
    /// `DELETE /notifications/v1/subscriptions/{notificationType}/{subscriptionId}`.
    DeleteSubscriptionById = "deleteSubscriptionById", DELETE, Grantless(NOTIFICATIONS);
    /// `POST /notifications/v1/subscriptions/{notificationType}/testNotification` (sandbox only).
    SendTestNotification = "sendTestNotification", POST, Grantless(NOTIFICATIONS);
    /// `GET /notifications/v1/destinations`.
    GetDestinations = "getDestinations", GET, Grantless(NOTIFICATIONS);
    /// `POST /notifications/v1/destinations`.
    CreateDestination = "createDestination", POST, Grantless(NOTIFICATIONS);
    /// `GET /notifications/v1/destinations/{destinationId}`.
    GetDestination = "getDestination", GET, Grantless(NOTIFICATIONS);
    /// `DELETE /notifications/v1/destinations/{destinationId}`.
    DeleteDestination = "deleteDestination", DELETE, Grantless(NOTIFICATIONS);
    /// `POST /applications/2023-11-30/clientSecret` (Application Management API): Amazon
    /// issues a new client secret and sends it in an `APPLICATION_OAUTH_CLIENT_NEW_SECRET`
    /// notification.
    RotateApplicationClientSecret = "rotateApplicationClientSecret", POST, Grantless(CLIENT_CREDENTIAL_ROTATION);
}

impl Operation {
    /// Whether the operation takes a grantless token rather than a seller's (see
    /// [`token_kind`](Self::token_kind)).
    pub fn is_grantless(self) -> bool {
        matches!(self.token_kind(), TokenKind::Grantless(_))
    }

    /// Whether sending the request twice has the effect of sending it once (GET and DELETE).
    pub fn is_idempotent(self) -> bool {
        self.method() != Method::POST
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
