//! The classic causes of Notifications API errors, recognised and explained in plain words.

use std::fmt;

use spapi_http::http::StatusCode;
use spapi_notification_types::DeliveryChannel;

use crate::{ApiError, Operation};

/// The last words of the missing-role hint: Amazon's 403 is the same for a grantless token
/// passed as a seller's.
macro_rules! own_provider {
    () => {
        "If the token came from your own provider, check that it is the seller's \
         (refresh_token) and not a grantless one"
    };
}

const OWN_PROVIDER: &str = own_provider!();

/// The likely cause of an [`Error::Api`](crate::Error::Api), in plain words (its `Display`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hint {
    /// A grantless operation was refused: it needs a grantless token, not a seller's.
    GrantlessTokenRequired,
    /// A seller operation was refused because the token was not the seller's.
    SellerTokenRequired,
    /// A seller operation was refused: the application probably lacks the role the
    /// notification type needs.
    MissingRole {
        /// The role, where Amazon documents one for the type
        /// ([`NotificationType::required_role`](crate::NotificationType::required_role)).
        role: Option<&'static str>,
    },
    /// `deleteSubscriptionById` was refused with the grantless token, and no seller token was
    /// at hand to try again with.
    DeleteNeedsSellerToken,
    /// Amazon could not use the SQS queue: its access policy must let Amazon send to it.
    SqsQueuePolicy,
    /// The destination does not exist on this endpoint: deleted, or created through another
    /// regional endpoint.
    RegionMismatch,
    /// The notification type is not delivered through this kind of destination.
    WrongDeliveryChannel,
    /// The access token was refused as invalid, revoked or malformed even after a fresh one
    /// was fetched.
    TokenRejected,
    /// The access token was refused as expired even after a fresh one was taken: tokens reach
    /// Amazon after they expire.
    TokenExpired,
    /// A destination for this resource already exists.
    DestinationExists,
    /// A subscription to this notification type and payload version already exists.
    SubscriptionExists,
    /// Requests went on being throttled after every retry.
    Throttled,
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Self::MissingRole { role: Some(role) } = self {
            return write!(
                f,
                "the seller's token was refused for this notification type, which needs the \
                 {role} role: add the role to the application in the developer console and \
                 have the seller authorize it again. {OWN_PROVIDER}"
            );
        }
        f.write_str(match self {
            Self::GrantlessTokenRequired => {
                "this operation is grantless: it takes a token of the client_credentials grant \
                 with scope sellingpartnerapi::notifications, never a seller's token. This client \
                 picks that token itself; if you gave it your own grantless TokenProvider, make \
                 sure it returns grantless tokens of this application"
            }
            Self::SellerTokenRequired => {
                "this operation acts for a seller: it takes a token from that seller's refresh \
                 token (refresh_token grant), not a grantless one. Call it on \
                 client.seller(refresh_token), and if you gave seller_with_provider your own \
                 TokenProvider, make sure it returns the seller's tokens"
            }
            Self::MissingRole { .. } => concat!(
                "the seller's token was refused for this notification type: the application \
                 most likely lacks the role the type needs (for example Brand Analytics for \
                 DETAIL_PAGE_TRAFFIC_EVENT, Pricing for ANY_OFFER_CHANGED, Amazon Fulfillment \
                 for FULFILLMENT_ORDER_STATUS). Add the role to the application in the developer \
                 console and have the seller authorize it again. ",
                own_provider!()
            ),
            Self::DeleteNeedsSellerToken => {
                "Amazon refuses grantless deleteSubscriptionById for some notification types; \
                 call delete_subscription_by_id on client.seller(refresh_token), which retries \
                 with the seller's token"
            }
            Self::SqsQueuePolicy => {
                "Amazon could not use the SQS queue. The queue must be a standard queue whose \
                 access policy allows principal arn:aws:iam::437568002678:root the actions \
                 sqs:SendMessage and sqs:GetQueueAttributes (and kms:GenerateDataKey and \
                 kms:Decrypt on its key if it is encrypted with SSE-KMS)"
            }
            Self::RegionMismatch => {
                "the destination does not exist on this endpoint: it was deleted, or created \
                 through another regional endpoint (destinations belong to the endpoint they \
                 were created through: North America, Europe or Far East). Create it through \
                 this client's endpoint, or use the client of its region"
            }
            Self::WrongDeliveryChannel => {
                "this notification type is not delivered through this kind of destination: \
                 listings, brand and product type notifications go to Amazon EventBridge \
                 destinations, the others to Amazon SQS destinations"
            }
            Self::TokenRejected => {
                "the access token was refused even after a fresh one was fetched: check that \
                 the LWA credentials belong to this application and that the seller's \
                 authorization was not revoked"
            }
            Self::TokenExpired => {
                "Amazon said the access token had expired, even after a fresh one was taken: \
                 LWA issued it, so the credentials are fine, but it expired before it reached \
                 Amazon. A TokenProvider of your own may hand out cached tokens at or past their \
                 expiry (replace them a margin before), or requests take longer to arrive than \
                 the refresh margin allows (NotificationsClientBuilder::refresh_margin)"
            }
            Self::DestinationExists => {
                "a destination for this resource already exists; ensure_destination returns it \
                 instead of failing"
            }
            Self::SubscriptionExists => {
                "a subscription to this notification type and payload version already exists; \
                 ensure_subscription returns it when it matches, otherwise delete it first \
                 (delete_subscription_by_id)"
            }
            Self::Throttled => {
                "Amazon kept throttling after every retry: the usage plan is lower than this \
                 client's rate limits (Amazon may lower it per seller), or other processes use \
                 the same quota. Lower the client's RateLimits or share one client"
            }
        })
    }
}

/// What is known about a failed call when its hint is chosen.
#[derive(Debug)]
pub(crate) struct FailedCall<'a> {
    pub(crate) operation: Operation,
    pub(crate) status: StatusCode,
    pub(crate) errors: &'a [ApiError],
    pub(crate) body: Option<&'a str>,
    /// Whether the refused token was a grantless one.
    pub(crate) grantless_token: bool,
    /// Whether the token was refused although it had just been fetched anew.
    pub(crate) token_refreshed: bool,
    /// The kind of destination being created, for `createDestination`.
    pub(crate) destination_channel: Option<DeliveryChannel>,
    /// The role the notification type needs, where documented.
    pub(crate) required_role: Option<&'static str>,
}

impl FailedCall<'_> {
    /// The hint for this failure, if it looks like a classic cause.
    pub(crate) fn hint(&self) -> Option<Hint> {
        let text = self.text();
        let mentions = |words: &[&str]| words.iter().any(|word| text.contains(word));
        let status = self.status;
        let op = self.operation;
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Some(Hint::Throttled);
        }
        if status == StatusCode::CONFLICT {
            return match op {
                Operation::CreateDestination => Some(Hint::DestinationExists),
                Operation::CreateSubscription => Some(Hint::SubscriptionExists),
                _ => None,
            };
        }
        if mentions(&["does not support"]) && mentions(&["event_bridge", "eventbridge", "sqs"]) {
            return Some(Hint::WrongDeliveryChannel);
        }
        if op == Operation::CreateDestination
            && self.destination_channel == Some(DeliveryChannel::Sqs)
            && status.is_client_error()
            && mentions(&["sqs", "queue", "permission", "policy", "principal", "kms"])
        {
            return Some(Hint::SqsQueuePolicy);
        }
        let destination_missing = mentions(&["destination"])
            && mentions(&[
                "no destination",
                "not found",
                "does not exist",
                "invalid destination",
            ]);
        let destination_op = matches!(op, Operation::GetDestination | Operation::DeleteDestination);
        if destination_missing || (destination_op && status == StatusCode::NOT_FOUND) {
            return Some(Hint::RegionMismatch);
        }
        if status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN {
            return None;
        }
        if says_token(status, self.errors, self.body, &["expired"]) {
            return Some(Hint::TokenExpired);
        }
        if self.token_refreshed || is_token_rejection(status, self.errors, self.body) {
            return Some(Hint::TokenRejected);
        }
        Some(match op {
            Operation::DeleteSubscriptionById if self.grantless_token => {
                Hint::DeleteNeedsSellerToken
            }
            // The seller's token was refused too.
            Operation::DeleteSubscriptionById => Hint::MissingRole {
                role: self.required_role,
            },
            _ if op.is_grantless() => Hint::GrantlessTokenRequired,
            _ if self.grantless_token
                || mentions(&[
                    "grantless",
                    "client_credentials",
                    "scope",
                    "missingauthenticationtoken",
                ]) =>
            {
                Hint::SellerTokenRequired
            }
            _ => Hint::MissingRole {
                role: self.required_role,
            },
        })
    }

    /// The codes, messages, details and raw body, lowercased, to search for telltale words.
    fn text(&self) -> String {
        let mut text = String::new();
        for error in self.errors {
            text.push_str(&error.code);
            text.push(' ');
            text.push_str(&error.message);
            text.push(' ');
            text.push_str(error.details.as_deref().unwrap_or_default());
            text.push('\n');
        }
        text.push_str(self.body.unwrap_or_default());
        text.to_lowercase()
    }
}

/// Whether a 401 or 403 says the access token itself was refused (expired, revoked, malformed
/// or invalid), in which case a fresh token may succeed.
pub(crate) fn is_token_rejection(
    status: StatusCode,
    errors: &[ApiError],
    body: Option<&str>,
) -> bool {
    status == StatusCode::UNAUTHORIZED
        || says_token(
            status,
            errors,
            body,
            &["expired", "invalid", "revoked", "malformed"],
        )
}

/// Whether a 403 says the token is one of `words` (in a code, message, details or the body).
fn says_token(status: StatusCode, errors: &[ApiError], body: Option<&str>, words: &[&str]) -> bool {
    if status != StatusCode::FORBIDDEN {
        return false;
    }
    let says = |text: &str| {
        let text = text.to_lowercase();
        text.contains("token") && words.iter().any(|word| text.contains(word))
    };
    errors.iter().any(|error| {
        says(&error.code) || says(&error.message) || error.details.as_deref().is_some_and(says)
    }) || body.is_some_and(says)
}
