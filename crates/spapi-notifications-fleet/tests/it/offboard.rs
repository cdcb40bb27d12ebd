//! Offboarding: the registry's subscriptions and Amazon's listing deleted, with the seller's
//! token or, once it is dead, grantless.

use std::sync::Arc;

use spapi_auth::{OAuthErrorCode, RefreshToken};
use spapi_notification_types::NotificationType;
use spapi_notifications_client::CreateSubscriptionRequest;
use spapi_notifications_fleet::{
    Fleet, MemoryRegistry, OffboardReport, OffboardStatus, SubscriptionRecord, SubscriptionRegistry,
};
use spapi_sandbox::{Operation, Sandbox};

use crate::support;

/// A sandbox without rate limits (offboarding lists every type, a call each), its client, a
/// fleet with a memory registry and SELLER0 provisioned with the three types.
async fn provisioned() -> (Sandbox, Fleet, Arc<MemoryRegistry>, String) {
    let sandbox = support::with_sellers(2)
        .without_rate_limits()
        .start()
        .await
        .unwrap();
    let client = support::client_builder(&sandbox)
        .disable_rate_limits()
        .build()
        .unwrap();
    let plan = support::plan(&client).await;
    let registry = Arc::new(MemoryRegistry::new());
    let fleet = Fleet::builder(client).registry(registry.clone()).build();
    let seller = support::sellers(&sandbox).remove(0);
    assert!(fleet.provision_seller(&plan, seller).await.succeeded());
    (sandbox, fleet, registry, plan.destination_id)
}

fn statuses(report: &OffboardReport) -> Vec<(&str, &OffboardStatus)> {
    let mut statuses: Vec<_> = report
        .subscriptions
        .iter()
        .map(|s| (s.notification_type.as_str(), &s.status))
        .collect();
    statuses.sort_by_key(|(t, _)| *t);
    statuses
}

#[tokio::test]
async fn with_a_live_token_what_was_recorded_and_what_amazon_lists_is_deleted_then_nothing_is() {
    let (sandbox, fleet, registry, destination_id) = provisioned().await;
    // One subscription the registry never saw.
    let seller = fleet.client().seller(RefreshToken::new("Atzr|seller-0"));
    let request = CreateSubscriptionRequest::new("1.0", &destination_id);
    seller
        .create_subscription(&NotificationType::PricingHealth, &request)
        .await
        .unwrap();

    let report = fleet
        .offboard("SELLER0", Some(RefreshToken::new("Atzr|seller-0")))
        .await;
    assert!(report.succeeded(), "{report:?}");
    assert!(report.token_error.is_none());
    let found = statuses(&report);
    assert_eq!(found.len(), 4, "{report:?}");
    assert!(
        found
            .iter()
            .all(|(_, status)| matches!(status, OffboardStatus::Deleted)),
        "{report:?}"
    );
    assert!(found.iter().any(|(t, _)| *t == "PRICING_HEALTH"));
    assert!(registry.is_empty());
    for notification_type in [&support::TYPES[0], &NotificationType::PricingHealth] {
        let gone = seller.get_subscription(notification_type, None).await;
        assert_eq!(gone.unwrap_err().status().map(|s| s.as_u16()), Some(404));
    }

    // Nothing left: a no-op, not a failure, and no deletion sent.
    let deletes = support::answered(&sandbox, Operation::DeleteSubscriptionById, None);
    let again = fleet
        .offboard("SELLER0", Some(RefreshToken::new("Atzr|seller-0")))
        .await;
    assert!(
        again.succeeded() && again.subscriptions.is_empty(),
        "{again:?}"
    );
    assert_eq!(
        support::answered(&sandbox, Operation::DeleteSubscriptionById, None),
        deletes
    );
    // The other seller was not touched.
    let other = fleet.client().seller(RefreshToken::new("Atzr|seller-1"));
    assert!(
        other
            .all_subscriptions(spapi_notifications_client::GetSubscriptionsQuery::new(
                NotificationType::PricingHealth
            ))
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn after_the_seller_revoked_the_application_the_registry_is_deleted_grantless() {
    let (sandbox, fleet, registry, destination_id) = provisioned().await;
    // A record of a subscription deleted by hand meanwhile.
    let stale = SubscriptionRecord::new(
        "SELLER0",
        NotificationType::AnyOfferChanged,
        "1.0",
        "00000000-0000-0000-0000-000000000000",
        &destination_id,
    );
    registry.record(&stale).await.unwrap();
    let grantless_before =
        support::answered(&sandbox, Operation::DeleteSubscriptionById, Some(200));

    // LWA answers a revoked refresh token as it answers an unknown one: invalid_grant.
    let revoked = RefreshToken::new("Atzr|revoked-by-the-seller");
    let report = fleet.offboard("SELLER0", Some(revoked)).await;
    assert!(report.succeeded(), "{report:?}");
    let token_error = report.token_error.as_ref().unwrap();
    assert_eq!(
        token_error.oauth_code(),
        Some(&OAuthErrorCode::InvalidGrant)
    );
    let found = statuses(&report);
    assert_eq!(found.len(), 4, "{report:?}");
    for (notification_type, status) in &found {
        if *notification_type == "ANY_OFFER_CHANGED" {
            assert!(matches!(status, OffboardStatus::AlreadyGone), "{report:?}");
        } else {
            assert!(matches!(status, OffboardStatus::Deleted), "{report:?}");
        }
    }
    assert_eq!(
        support::answered(&sandbox, Operation::DeleteSubscriptionById, Some(200))
            - grantless_before,
        3
    );
    // No seller operation could be made: everything went grantless.
    assert!(registry.is_empty());
    let seller = fleet.client().seller(RefreshToken::new("Atzr|seller-0"));
    for notification_type in &support::TYPES {
        assert!(
            seller
                .get_subscription(notification_type, None)
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn a_seller_with_nothing_recorded_and_no_token_is_a_no_op() {
    let (sandbox, fleet, registry, _) = provisioned().await;
    let requests = sandbox.requests().len();
    let report = fleet.offboard("NOBODY", None).await;
    assert!(
        report.succeeded() && report.subscriptions.is_empty(),
        "{report:?}"
    );
    assert!(report.token_error.is_none() && report.listing_errors.is_empty());
    assert_eq!(sandbox.requests().len(), requests, "nothing sent");
    assert_eq!(registry.len(), 3, "SELLER0's records kept");
}
