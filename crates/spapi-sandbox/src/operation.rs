//! The ten operations of the Notifications API v1, the Application Management API's
//! `rotateApplicationClientSecret`, and the token each one takes.

use std::fmt;

use axum::http::Method;
use axum::routing::MethodFilter;

/// The kind of LWA access token an operation takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A grantless token (`client_credentials` grant, scope `sellingpartnerapi::notifications`).
    Grantless,
    /// A seller's token (`refresh_token` grant).
    Seller,
}

macro_rules! operations {
    ($( $(#[$meta:meta])* $variant:ident = $id:literal, $method:ident $path:literal, $kind:ident; )*) => {
        /// An operation of the Notifications API v1, or `rotateApplicationClientSecret`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[$meta])* $variant, )*
        }

        impl Operation {
            /// Every operation.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),*];

            /// The model's `operationId`, e.g. `createDestination`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $id, )*
                }
            }

            /// The token the operation takes.
            pub fn token_kind(self) -> TokenKind {
                match self {
                    $( Self::$variant => TokenKind::$kind, )*
                }
            }

            /// The HTTP method.
            pub fn method(self) -> Method {
                match self {
                    $( Self::$variant => Method::$method, )*
                }
            }

            /// The method, as axum routes it.
            pub(crate) fn method_filter(self) -> MethodFilter {
                match self {
                    $( Self::$variant => MethodFilter::$method, )*
                }
            }

            /// The path template, as axum routes it.
            pub(crate) fn route(self) -> &'static str {
                match self {
                    $( Self::$variant => $path, )*
                }
            }
        }
    };
}

operations! {
    /// `GET /notifications/v1/subscriptions`.
    GetSubscriptions = "getSubscriptions", GET "/notifications/v1/subscriptions", Seller;
    /// `GET /notifications/v1/subscriptions/{notificationType}`.
    GetSubscription = "getSubscription", GET "/notifications/v1/subscriptions/{notification_type}", Seller;
    /// `POST /notifications/v1/subscriptions/{notificationType}`.
    CreateSubscription = "createSubscription", POST "/notifications/v1/subscriptions/{notification_type}", Seller;
    /// `GET /notifications/v1/subscriptions/{notificationType}/{subscriptionId}`.
    GetSubscriptionById = "getSubscriptionById", GET "/notifications/v1/subscriptions/{notification_type}/{subscription_id}", Grantless;
    /// `DELETE /notifications/v1/subscriptions/{notificationType}/{subscriptionId}`.
    DeleteSubscriptionById = "deleteSubscriptionById", DELETE "/notifications/v1/subscriptions/{notification_type}/{subscription_id}", Grantless;
    /// `POST /notifications/v1/subscriptions/{notificationType}/testNotification` (sandbox only).
    SendTestNotification = "sendTestNotification", POST "/notifications/v1/subscriptions/{notification_type}/testNotification", Grantless;
    /// `GET /notifications/v1/destinations`.
    GetDestinations = "getDestinations", GET "/notifications/v1/destinations", Grantless;
    /// `POST /notifications/v1/destinations`.
    CreateDestination = "createDestination", POST "/notifications/v1/destinations", Grantless;
    /// `GET /notifications/v1/destinations/{destinationId}`.
    GetDestination = "getDestination", GET "/notifications/v1/destinations/{destination_id}", Grantless;
    /// `DELETE /notifications/v1/destinations/{destinationId}`.
    DeleteDestination = "deleteDestination", DELETE "/notifications/v1/destinations/{destination_id}", Grantless;
    /// `POST /applications/2023-11-30/clientSecret` (Application Management API).
    RotateApplicationClientSecret = "rotateApplicationClientSecret", POST "/applications/2023-11-30/clientSecret", Grantless;
}

impl Operation {
    /// The scope a grantless token must have for the operation.
    pub(crate) fn grantless_scope(self) -> &'static str {
        match self {
            Self::RotateApplicationClientSecret => crate::lwa::ROTATION_SCOPE,
            _ => crate::lwa::NOTIFICATIONS_SCOPE,
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
