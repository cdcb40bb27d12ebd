//! Fault injection (issue 12): a provisioning pass of 50 operations over 3 sellers, through the
//! client and its retries, against a sandbox that answers 20% of requests (LWA's included) with
//! a 500 or 503, drops 10% of connections, waits up to 2 s before every answer, loses half of
//! those failures' answers after the operation ran, and issues tokens that last 5 s.
//!
//! Real HTTP and real time at the full 2 s bound: nine lanes (three notification types for each
//! seller) run at once, so the pass takes about 15 s and outlasts its tokens twice over.
//! `cargo test -p spapi-notifications-client --test it fault_injection -- --nocapture` prints
//! the counts.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use spapi_auth::{ClientSecret, LwaCredentials, RefreshToken};
use spapi_notifications_client::{
    CreateDestinationRequest, CreateSubscriptionRequest, DestinationResourceSpecification, Error,
    GetSubscriptionsQuery, NotificationType, NotificationsClient, SellerClient,
};
use spapi_sandbox::{Faults, Sandbox};
use tokio::sync::Mutex;

const OPERATIONS: usize = 50;
const SELLERS: usize = 3;
const TOKEN_PATH: &str = "/auth/o2/token";

fn faults() -> Faults {
    Faults {
        error_rate: 0.2,
        drop_rate: 0.1,
        random_latency: Duration::from_secs(2),
        lost_answer_rate: 0.5,
        include_lwa: true,
        ..Faults::default()
    }
}

fn types() -> [NotificationType; 3] {
    [
        NotificationType::FeedProcessingFinished,
        NotificationType::ReportProcessingFinished,
        NotificationType::FbaOutboundShipmentStatus,
    ]
}

fn queue_arn(seller: usize) -> String {
    format!("arn:aws:sqs:us-east-1:444455556666:seller-{seller}")
}

/// What a lane believes of a destination or subscription. After a failure it cannot be sure
/// (the answer may have been lost after the operation ran), so it looks before creating.
#[derive(Debug, Clone)]
enum Known {
    Absent,
    Unsure,
    Present(String),
}

/// One seller's provisioning of one notification type; the seller's lanes share its
/// destination.
struct Lane {
    client: NotificationsClient,
    seller: SellerClient,
    seller_index: usize,
    notification_type: NotificationType,
    destination: Arc<Mutex<Known>>,
    budget: Arc<AtomicUsize>,
}

/// The outcome of every operation a lane ran: `Ok` or the kind of its typed error.
type Outcomes = Vec<Result<(), String>>;

fn kind(error: &Error) -> String {
    match error {
        Error::Api { status, errors, .. } => {
            let code = errors.first().map_or("", |error| error.code.as_str());
            format!("api {} {code}", status.as_u16())
        }
        Error::Transport { kind, .. } => format!("transport {kind:?}"),
        Error::Auth(spapi_auth::Error::OAuth { code, status, .. }) => {
            format!("lwa {} {code}", status.as_u16())
        }
        Error::Auth(spapi_auth::Error::Transport { kind, .. }) => format!("lwa transport {kind:?}"),
        Error::Auth(other) => format!("lwa: {other}"),
        Error::Decode { .. } => "decode".to_owned(),
        other => format!("unexpected: {other}"),
    }
}

impl Lane {
    async fn run(self) -> Outcomes {
        let mut subscription = Known::Absent;
        let mut outcomes = Vec::new();
        while self
            .budget
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(1)
            })
            .is_ok()
        {
            let outcome = self.step(&mut subscription, outcomes.len()).await;
            outcomes.push(outcome.map_err(|error| kind(&error)));
        }
        outcomes
    }

    /// One operation, chosen by what the lane knows.
    async fn step(&self, subscription: &mut Known, step: usize) -> Result<(), Error> {
        let destination_id = {
            // Held through a destination operation, so the seller's other lanes wait for it.
            let mut destination = self.destination.lock().await;
            match destination.clone() {
                Known::Present(id) => id,
                known => return self.settle_destination(&mut destination, known).await,
            }
        };
        let seller = &self.seller;
        let kind = &self.notification_type;
        match subscription.clone() {
            Known::Absent => {
                let request = CreateSubscriptionRequest::new("1.0", &destination_id);
                let created = seller.create_subscription(kind, &request).await;
                *subscription = created.as_ref().map_or(Known::Unsure, |created| {
                    Known::Present(created.subscription_id.clone())
                });
                created.map(drop)
            }
            Known::Unsure => self.look_up(subscription).await,
            Known::Present(_) if step.is_multiple_of(2) => self.look_up(subscription).await,
            Known::Present(id) => {
                let deleted = seller.delete_subscription_by_id(kind, &id).await;
                *subscription = if deleted.is_ok() {
                    Known::Absent
                } else {
                    Known::Unsure
                };
                deleted.map(drop)
            }
        }
    }

    /// `getSubscription`: a 404 says there is none.
    async fn look_up(&self, subscription: &mut Known) -> Result<(), Error> {
        let found = self
            .seller
            .get_subscription(&self.notification_type, None)
            .await;
        match &found {
            Ok(found) => *subscription = Known::Present(found.subscription_id.clone()),
            Err(Error::Api { status, .. }) if status.as_u16() == 404 => {
                *subscription = Known::Absent;
            }
            Err(_) => {}
        }
        found.map(drop)
    }

    /// `createDestination` when there is none, `getDestinations` when unsure.
    async fn settle_destination(&self, destination: &mut Known, known: Known) -> Result<(), Error> {
        let arn = queue_arn(self.seller_index);
        if matches!(known, Known::Unsure) {
            let all = self.client.get_destinations().await?;
            let found = all
                .iter()
                .find(|d| d.resource.sqs.as_ref().is_some_and(|sqs| sqs.arn == arn));
            *destination =
                found.map_or(Known::Absent, |d| Known::Present(d.destination_id.clone()));
            return Ok(());
        }
        let request = CreateDestinationRequest::new(
            format!("seller-{}", self.seller_index),
            DestinationResourceSpecification::sqs(&arn),
        );
        let created = self.client.create_destination(&request).await;
        *destination = created.as_ref().map_or(Known::Unsure, |created| {
            Known::Present(created.destination_id.clone())
        });
        created.map(drop)
    }
}

fn client(sandbox: &Sandbox) -> NotificationsClient {
    NotificationsClient::builder()
        .endpoint(sandbox.base_url())
        .token_url(sandbox.token_url())
        .credentials(LwaCredentials::new(
            sandbox.client_id(),
            ClientSecret::new(sandbox.client_secret()),
        ))
        .build()
        .expect("client")
}

fn sellers(client: &NotificationsClient, sandbox: &Sandbox) -> Vec<SellerClient> {
    let sellers = sandbox.sellers().iter();
    sellers
        .map(|seller| client.seller(RefreshToken::new(&seller.refresh_token)))
        .collect()
}

/// With the faults lifted: at most one destination per queue, at most one subscription per
/// seller and type, each to a destination that exists.
async fn assert_no_duplicates(sandbox: &Sandbox) -> (usize, usize) {
    let client = client(sandbox);
    let destinations = client
        .get_destinations()
        .await
        .expect("getDestinations")
        .value;
    let arns: Vec<_> = destinations
        .iter()
        .filter_map(|d| d.resource.sqs.as_ref().map(|sqs| sqs.arn.clone()))
        .collect();
    assert_eq!(
        arns.iter().collect::<HashSet<_>>().len(),
        destinations.len(),
        "{arns:?}"
    );
    let ids: HashSet<_> = destinations.iter().map(|d| &d.destination_id).collect();
    let mut subscriptions = 0;
    for seller in sellers(&client, sandbox) {
        for kind in types() {
            let found = seller
                .all_subscriptions(GetSubscriptionsQuery::new(kind.clone()))
                .await
                .expect("getSubscriptions");
            assert!(found.len() <= 1, "{kind}: {found:?}");
            assert!(found.iter().all(|s| ids.contains(&s.destination_id)));
            subscriptions += found.len();
        }
    }
    (destinations.len(), subscriptions)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(
    clippy::print_stderr,
    reason = "the counts are the run's report (README, Reliability)"
)]
async fn a_provisioning_pass_under_faults_ends_typed_without_duplicates() {
    let mut builder = Sandbox::builder()
        .token_lifetime(Duration::from_secs(5))
        .faults(faults())
        .seed(12);
    for seller in 0..SELLERS {
        builder = builder.seller(format!("A{seller}SELLER"), format!("Atzr|seller-{seller}"));
    }
    let sandbox = builder.start().await.expect("sandbox");
    let client = client(&sandbox);
    let budget = Arc::new(AtomicUsize::new(OPERATIONS));
    let started = Instant::now();
    let mut lanes = tokio::task::JoinSet::new();
    for (seller_index, seller) in sellers(&client, &sandbox).into_iter().enumerate() {
        let destination = Arc::new(Mutex::new(Known::Absent));
        for notification_type in types() {
            let lane = Lane {
                client: client.clone(),
                seller: seller.clone(),
                seller_index,
                notification_type,
                destination: Arc::clone(&destination),
                budget: Arc::clone(&budget),
            };
            lanes.spawn(lane.run());
        }
    }
    let mut outcomes = Vec::new();
    while let Some(lane) = lanes.join_next().await {
        outcomes.extend(lane.expect("a lane panicked"));
    }
    let elapsed = started.elapsed();
    let requests = sandbox.requests();
    sandbox.set_faults(Faults::default()).unwrap();

    assert_eq!(outcomes.len(), OPERATIONS);
    let succeeded = outcomes.iter().filter(|o| o.is_ok()).count();
    let mut failed = BTreeMap::<&str, usize>::new();
    for error in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        *failed.entry(error).or_default() += 1;
    }
    assert!(
        failed.keys().all(|kind| !kind.starts_with("unexpected")),
        "{failed:#?}"
    );
    let attempts = requests.iter().filter(|r| r.operation.is_some()).count();
    // An operation whose token could not be had sent nothing; every other one sent once, then
    // again for each retry (after a fault, a 429 or an expired token).
    let unsent: usize = failed
        .iter()
        .filter(|(kind, _)| kind.starts_with("lwa"))
        .map(|(_, n)| n)
        .sum();
    let retries = (attempts + unsent).saturating_sub(OPERATIONS);
    let lwa = requests.iter().filter(|r| r.path == TOKEN_PATH).count();
    let struck = requests
        .iter()
        .filter(|r| r.status.is_none_or(|s| s.is_server_error()))
        .count();
    let (destinations, subscriptions) = assert_no_duplicates(&sandbox).await;
    eprintln!(
        "fault injection: {OPERATIONS} operations over {SELLERS} sellers in {:.1} s: \
         {succeeded} succeeded, failed {failed:?}; {attempts} API requests, {retries} retries, \
         {lwa} LWA requests, {struck} requests struck by a fault; end state {destinations} \
         destinations, {subscriptions} subscriptions, duplicates=0",
        elapsed.as_secs_f64(),
    );
    assert!(struck > 0 && retries > 0, "{struck} {retries}");
    assert!(succeeded > OPERATIONS / 3, "{succeeded}: {failed:#?}");
}
