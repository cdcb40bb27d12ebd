//! What every `RotationLedger` does, checked on the memory ledger here and on DynamoDB in
//! `dynamodb.rs`.

use std::time::Duration;

use spapi_notifications_fleet::{MemoryLedger, RotationClaim, RotationLedger};

const LEASE: Duration = Duration::from_secs(600);

/// One owner claims a key; the others wait until it completes (then it is rotated for good)
/// or releases it (then the next claim acquires it); an ended lease frees it too.
pub(crate) async fn claims_are_exclusive_released_completed_and_leased(
    ledger: &dyn RotationLedger,
) {
    let (a, b) = (1, 2);
    let claim = |key, owner, lease| ledger.claim(key, owner, lease);
    assert_eq!(
        claim("k1", a, LEASE).await.unwrap(),
        RotationClaim::Acquired
    );
    assert_eq!(
        claim("k1", b, LEASE).await.unwrap(),
        RotationClaim::InProgress
    );
    assert_eq!(
        claim("k1", a, LEASE).await.unwrap(),
        RotationClaim::InProgress
    );
    ledger.release("k1", b).await.unwrap(); // not b's: left alone
    assert_eq!(
        claim("k1", b, LEASE).await.unwrap(),
        RotationClaim::InProgress
    );
    ledger.release("k1", a).await.unwrap();
    assert_eq!(
        claim("k1", b, LEASE).await.unwrap(),
        RotationClaim::Acquired
    );
    ledger.complete("k1", b).await.unwrap();
    assert_eq!(claim("k1", a, LEASE).await.unwrap(), RotationClaim::Rotated);
    ledger.release("k1", b).await.unwrap(); // rotated stays rotated
    assert_eq!(claim("k1", a, LEASE).await.unwrap(), RotationClaim::Rotated);

    assert_eq!(
        claim("k2", a, Duration::ZERO).await.unwrap(),
        RotationClaim::Acquired
    );
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(
        claim("k2", b, LEASE).await.unwrap(),
        RotationClaim::Acquired,
        "a's lease ended"
    );
    assert_eq!(
        claim("k3", a, Duration::MAX).await.unwrap(),
        RotationClaim::Acquired
    );
    assert_eq!(
        claim("k3", b, LEASE).await.unwrap(),
        RotationClaim::InProgress
    );
}

#[tokio::test]
async fn the_memory_ledger_keeps_the_contract() {
    claims_are_exclusive_released_completed_and_leased(&MemoryLedger::new()).await;
}
