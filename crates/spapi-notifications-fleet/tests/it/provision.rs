//! Provisioning: every seller's subscriptions, at the usage plan, once each, failures alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::StreamExt as _;
use spapi_auth::{OAuthErrorCode, RefreshToken};
use spapi_notification_types::NotificationType;
use spapi_notifications_client::{Hint, NotificationsClient};
use spapi_notifications_fleet::{
    Fleet, MemoryRegistry, ProvisionPlan, ProvisionStatus, Seller, SellerReport,
    SubscriptionRegistry, SubscriptionSpec,
};
use spapi_sandbox::Operation;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, TYPES};

async fn provision_all(
    fleet: &Fleet,
    plan: &ProvisionPlan,
    sellers: Vec<Seller>,
) -> Vec<SellerReport> {
    fleet
        .provision(plan, futures_util::stream::iter(sellers))
        .collect()
        .await
}

#[tokio::test]
async fn every_seller_gets_every_type_once_at_the_usage_plan_and_a_second_run_creates_nothing() {
    let sandbox = support::with_sellers(24).start().await.unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    let plan = support::plan(&client).await;
    let registry = Arc::new(MemoryRegistry::new());
    let fleet = Fleet::builder(client.clone())
        .registry(registry.clone())
        .concurrency(8)
        .build();
    let lwa_before = support::lwa_requests(&sandbox);

    let reports = provision_all(&fleet, &plan, support::sellers(&sandbox)).await;
    assert_eq!(reports.len(), 24);
    for report in &reports {
        assert!(report.succeeded(), "{report:?}");
        let types: Vec<&NotificationType> = report
            .subscriptions
            .iter()
            .map(|s| &s.notification_type)
            .collect();
        assert_eq!(
            types,
            TYPES.iter().collect::<Vec<_>>(),
            "in the plan's order"
        );
        for subscription in &report.subscriptions {
            let ProvisionStatus::Created(created) = &subscription.status else {
                panic!("{report:?}");
            };
            assert_eq!(created.destination_id, plan.destination_id);
        }
    }
    // One LWA request per seller, no 429 although all of them went at Amazon's usage plan.
    assert_eq!(support::lwa_requests(&sandbox) - lwa_before, 24);
    assert_eq!(
        sandbox
            .requests()
            .iter()
            .filter(|r| r.status.is_some_and(|s| s == 429))
            .count(),
        0
    );
    assert_eq!(
        support::answered(&sandbox, Operation::CreateSubscription, Some(200)),
        72
    );
    assert_eq!(registry.len(), 72);
    let recorded = registry.seller_subscriptions("SELLER3").await.unwrap();
    assert_eq!(recorded.len(), 3);
    // What the registry says is what Amazon has.
    let seller = client.seller(RefreshToken::new("Atzr|seller-3"));
    for record in &recorded {
        let live = seller
            .get_subscription(&record.notification_type, Some("1.0"))
            .await
            .unwrap();
        assert_eq!(live.subscription_id, record.subscription_id);
        assert_eq!(record.destination_id, plan.destination_id);
        assert_eq!(record.payload_version, "1.0");
    }

    // Again: everything is already there, nothing is created, the registry is unchanged.
    let reports = provision_all(&fleet, &plan, support::sellers(&sandbox)).await;
    for report in &reports {
        assert!(report.succeeded(), "{report:?}");
        for subscription in &report.subscriptions {
            assert!(
                matches!(subscription.status, ProvisionStatus::AlreadyThere(_)),
                "{report:?}"
            );
        }
    }
    assert_eq!(
        support::answered(&sandbox, Operation::CreateSubscription, None),
        72
    );
    assert_eq!(registry.len(), 72);
}

#[tokio::test]
async fn a_seller_who_revoked_the_application_fails_alone_and_its_token_is_never_shown() {
    let sandbox = support::with_sellers(3).start().await.unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    let plan = support::plan(&client).await;
    let fleet = Fleet::builder(client).build();
    let revoked = "Atzr|revoked-0123456789";
    let mut sellers = support::sellers(&sandbox);
    sellers.insert(1, Seller::new("GONE", RefreshToken::new(revoked)));

    let reports = provision_all(&fleet, &plan, sellers).await;
    assert_eq!(reports.len(), 4);
    let (failed, done): (Vec<_>, Vec<_>) = reports.iter().partition(|r| !r.succeeded());
    assert_eq!(done.len(), 3, "{reports:?}");
    let [gone] = &failed[..] else {
        panic!("{reports:?}")
    };
    assert_eq!(gone.seller_id, "GONE");
    assert!(gone.subscriptions.is_empty());
    let error = gone.error.as_ref().unwrap();
    assert_eq!(error.oauth_code(), Some(&OAuthErrorCode::InvalidGrant));
    let shown = format!("{gone:?} {error}");
    assert!(!shown.contains(revoked), "{shown}");
    assert!(!format!("{:?}", Seller::new("S", RefreshToken::new(revoked))).contains(revoked));
}

#[tokio::test]
async fn a_type_whose_role_is_missing_fails_with_its_hint_and_the_others_are_created() {
    // The sandbox knows no roles: a mock SP-API refusing one type as Amazon does.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/o2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "Atza|seller", "token_type": "bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/notifications/v1/subscriptions"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"payload": {"subscriptions": []}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/notifications/v1/subscriptions/DETAIL_PAGE_TRAFFIC_EVENT",
        ))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(serde_json::json!({"errors": [{
                "code": "Unauthorized",
                "message": "Access to requested resource is denied.",
                "details": ""
            }]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/notifications/v1/subscriptions/REPORT_PROCESSING_FINISHED",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"payload": {
                "subscriptionId": "sub-1", "payloadVersion": "1.0", "destinationId": "dest-1"
            }})),
        )
        .mount(&server)
        .await;
    let client = NotificationsClient::builder()
        .endpoint(server.uri().parse::<spapi_auth::Url>().unwrap())
        .token_url(
            format!("{}/auth/o2/token", server.uri())
                .parse::<spapi_auth::Url>()
                .unwrap(),
        )
        .credentials(spapi_auth::LwaCredentials::new(
            "client",
            spapi_auth::ClientSecret::new("secret"),
        ))
        .build()
        .unwrap();
    let plan = ProvisionPlan::new(
        "dest-1",
        [
            SubscriptionSpec::current(NotificationType::DetailPageTrafficEvent).unwrap(),
            SubscriptionSpec::new(NotificationType::ReportProcessingFinished, "1.0"),
        ],
    );
    let fleet = Fleet::builder(client).build();
    let seller = Seller::new("A1", RefreshToken::new("Atzr|a1"));
    let report = fleet.provision_seller(&plan, seller).await;

    assert!(report.error.is_none() && !report.succeeded(), "{report:?}");
    let [refused, created] = &report.subscriptions[..] else {
        panic!("{report:?}")
    };
    let ProvisionStatus::Failed(error) = &refused.status else {
        panic!("{report:?}")
    };
    assert_eq!(
        error.hint(),
        Some(Hint::MissingRole {
            role: Some("Brand Analytics")
        }),
        "{error}"
    );
    assert!(error.to_string().contains("Brand Analytics"), "{error}");
    assert!(matches!(&created.status, ProvisionStatus::Created(s) if s.subscription_id == "sub-1"));
    assert_eq!(
        fleet
            .registry()
            .seller_subscriptions("A1")
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn sellers_are_read_only_as_work_frees_up() {
    let sandbox = support::with_sellers(40).start().await.unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    let plan = support::plan(&client).await;
    let fleet = Fleet::builder(client).concurrency(4).build();
    let pulled = AtomicUsize::new(0);
    let sellers = futures_util::stream::iter(support::sellers(&sandbox)).inspect(|_| {
        pulled.fetch_add(1, Ordering::SeqCst);
    });
    let mut reports = std::pin::pin!(fleet.provision(&plan, sellers));
    let first = reports.next().await.unwrap();
    assert!(first.succeeded(), "{first:?}");
    // The four in flight, and at most the one that took the finished seller's place.
    assert!(pulled.load(Ordering::SeqCst) <= 5, "{pulled:?}");
    let mut finished = 1;
    while let Some(report) = reports.next().await {
        assert!(report.succeeded(), "{report:?}");
        finished += 1;
        assert!(pulled.load(Ordering::SeqCst) <= finished + 4);
    }
    assert_eq!((finished, pulled.load(Ordering::SeqCst)), (40, 40));
}

#[tokio::test]
async fn a_plan_amazon_would_refuse_fails_each_seller_without_a_request() {
    let sandbox = support::with_sellers(2).start().await.unwrap();
    let client = support::client_builder(&sandbox).build().unwrap();
    let plan = ProvisionPlan::new(
        "dest",
        [SubscriptionSpec::new(
            NotificationType::ReportProcessingFinished,
            "9.9",
        )],
    );
    let fleet = Fleet::builder(client).build();
    let reports = provision_all(&fleet, &plan, support::sellers(&sandbox)).await;
    for report in &reports {
        let ProvisionStatus::Failed(error) = &report.subscriptions[0].status else {
            panic!("{report:?}");
        };
        assert!(
            matches!(
                error.api(),
                Some(spapi_notifications_client::Error::Validation { .. })
            ),
            "{error}"
        );
    }
    assert_eq!(
        support::answered(&sandbox, Operation::GetSubscriptions, None),
        0
    );
}
