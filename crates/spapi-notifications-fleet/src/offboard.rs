//! [`Fleet::offboard`]: every subscription of a seller deleted, even after its token is gone.

use futures_util::StreamExt as _;
use spapi_auth::RefreshToken;
use spapi_notification_types::NotificationType;
use spapi_notifications_client::{GetSubscriptionsQuery, SellerClient};

use crate::provision::{NOT_FOUND, is_status};
use crate::{Error, Fleet, OffboardReport, OffboardStatus, OffboardedSubscription};

impl Fleet {
    /// Deletes every subscription of `seller_id`.
    ///
    /// The subscriptions are the registry's records of the seller and, when `refresh_token`
    /// still works, those `getSubscriptions` lists for every notification type this version
    /// knows (paced by the seller's `getSubscriptions` quota: about half a minute at Amazon's
    /// usage plan). Each is deleted with the grantless token, and where Amazon refuses that,
    /// with the seller's token if it works. Deleted and already-gone subscriptions are
    /// forgotten by the registry. With nothing left, nothing is sent but the listing: calling
    /// it twice is harmless.
    pub async fn offboard(
        &self,
        seller_id: &str,
        refresh_token: Option<RefreshToken>,
    ) -> OffboardReport {
        let mut report = OffboardReport {
            seller_id: seller_id.to_owned(),
            ..OffboardReport::default()
        };
        let mut found: Vec<(NotificationType, String)> = Vec::new();
        match self.registry.seller_subscriptions(seller_id).await {
            Ok(records) => found.extend(
                records
                    .into_iter()
                    .map(|record| (record.notification_type, record.subscription_id)),
            ),
            Err(error) => report.registry_error = Some(error),
        }
        let handle = match refresh_token {
            Some(refresh_token) => self.usable_seller(refresh_token, &mut report).await,
            None => None,
        };
        if let Some(handle) = &handle {
            list_every_type(handle, &mut found, &mut report).await;
        }
        for (notification_type, subscription_id) in found {
            let status = self
                .delete(handle.as_ref(), &notification_type, &subscription_id)
                .await;
            if matches!(
                status,
                OffboardStatus::Deleted | OffboardStatus::AlreadyGone
            ) && let Err(error) = self
                .registry
                .remove(seller_id, &notification_type, &subscription_id)
                .await
            {
                report.registry_error.get_or_insert(error);
            }
            report.subscriptions.push(OffboardedSubscription {
                notification_type,
                subscription_id,
                status,
            });
        }
        report
    }

    /// The seller's handle if LWA still gives a token for `refresh_token`; otherwise why
    /// not, in the report.
    async fn usable_seller(
        &self,
        refresh_token: RefreshToken,
        report: &mut OffboardReport,
    ) -> Option<SellerClient> {
        let handle = self.client.seller(refresh_token);
        let provider = handle.provider()?;
        match provider.access_token().await {
            Ok(_) => Some(handle),
            Err(error) => {
                report.token_error = Some(error.into());
                None
            }
        }
    }

    async fn delete(
        &self,
        handle: Option<&SellerClient>,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> OffboardStatus {
        let deleted = match handle {
            // Grantless, then the seller's token where Amazon refuses that.
            Some(handle) => {
                handle
                    .delete_subscription_by_id(notification_type, subscription_id)
                    .await
            }
            None => {
                self.client
                    .delete_subscription_by_id(notification_type, subscription_id)
                    .await
            }
        };
        match deleted {
            Ok(_) => OffboardStatus::Deleted,
            Err(error) if is_status(&error, NOT_FOUND) => OffboardStatus::AlreadyGone,
            Err(error) => OffboardStatus::Refused(Error::Api(error)),
        }
    }
}

/// Adds what `getSubscriptions` lists for every known type of the seller's to `found`, once
/// each: not the removed types, nor the application's own secret-rotation types, whose
/// subscriptions serve every seller.
async fn list_every_type(
    handle: &SellerClient,
    found: &mut Vec<(NotificationType, String)>,
    report: &mut OffboardReport,
) {
    let types = NotificationType::ALL.iter().filter(|t| {
        !t.is_removed()
            && !matches!(
                t,
                NotificationType::ApplicationOAuthClientNewSecret
                    | NotificationType::ApplicationOAuthClientSecretExpiry
            )
    });
    for notification_type in types {
        let query = GetSubscriptionsQuery::new(notification_type.clone());
        let mut pages = std::pin::pin!(handle.subscriptions(query));
        while let Some(page) = pages.next().await {
            match page {
                Ok(subscription) => {
                    let known = found.iter().any(|(t, id)| {
                        t == notification_type && *id == subscription.subscription_id
                    });
                    if !known {
                        found.push((notification_type.clone(), subscription.subscription_id));
                    }
                }
                Err(error) if is_status(&error, NOT_FOUND) => {}
                Err(error) => report
                    .listing_errors
                    .push((notification_type.clone(), Error::Api(error))),
            }
        }
    }
}
