//! The ten operations of the Notifications API v1, and what each one needs.

use std::fmt;

use spapi_http::http::Method;

/// Defines [`Operation`] from one table: variant, operationId, HTTP method, token kind.
macro_rules! operations {
    ($($(#[$doc:meta])* $variant:ident = $id:literal, $method:ident, $grantless:literal;)*) => {
        /// An operation of the Notifications API v1 (`api/notifications.json`).
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

            /// Whether the operation takes a grantless token (`client_credentials`, scope
            /// `sellingpartnerapi::notifications`) rather than a seller's.
            pub fn is_grantless(self) -> bool {
                match self {
                    $(Self::$variant => $grantless,)*
                }
            }
        }
    };
}

operations! {
    /// `GET /notifications/v1/subscriptions`: a seller's subscriptions to a type, paged.
    GetSubscriptions = "getSubscriptions", GET, false;
    /// `GET /notifications/v1/subscriptions/{notificationType}`.
    GetSubscription = "getSubscription", GET, false;
    /// `POST /notifications/v1/subscriptions/{notificationType}`.
    CreateSubscription = "createSubscription", POST, false;
    /// `GET /notifications/v1/subscriptions/{notificationType}/{subscriptionId}`.
    GetSubscriptionById = "getSubscriptionById", GET, true;
    /// `DELETE /notifications/v1/subscriptions/{notificationType}/{subscriptionId}`.
    DeleteSubscriptionById = "deleteSubscriptionById", DELETE, true;
    /// `POST /notifications/v1/subscriptions/{notificationType}/testNotification` (sandbox only).
    SendTestNotification = "sendTestNotification", POST, true;
    /// `GET /notifications/v1/destinations`.
    GetDestinations = "getDestinations", GET, true;
    /// `POST /notifications/v1/destinations`.
    CreateDestination = "createDestination", POST, true;
    /// `GET /notifications/v1/destinations/{destinationId}`.
    GetDestination = "getDestination", GET, true;
    /// `DELETE /notifications/v1/destinations/{destinationId}`.
    DeleteDestination = "deleteDestination", DELETE, true;
}

impl Operation {
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
