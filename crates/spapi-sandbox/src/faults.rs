//! Fault injection: server errors, throttling, added latency and connections closed without an
//! answer, at random (reproducible with a seed) or for the next few requests; a random failure
//! may come after the operation took effect, as when Amazon's answer is lost on its way.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::api::ApiError;
use crate::lwa::OAuthError;
use crate::state::{Shared, lock};

/// Faults injected at random into the sandbox's answers, to test a client's resilience.
///
/// Each request in scope (the Notifications API, and LWA's token endpoint when
/// [`include_lwa`](Self::include_lwa) is set) is delayed by [`latency`](Self::latency) plus a
/// random share of [`random_latency`](Self::random_latency), then fails with probability
/// [`drop_rate`](Self::drop_rate) + [`error_rate`](Self::error_rate); a share
/// [`lost_answer_rate`](Self::lost_answer_rate) of the 500s and dropped connections strike
/// after the operation ran, so a client that sends a POST again after one creates twice.
/// With [`SandboxBuilder::seed`](crate::SandboxBuilder::seed), the same requests meet the same
/// faults in every run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// The share of requests, from 0 to 1, answered with a server error: half 500
    /// `InternalFailure`, half 503 `ServiceUnavailable`.
    pub error_rate: f64,
    /// The share of requests, from 0 to 1, whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Added before every answer.
    pub latency: Duration,
    /// At most this much more before every answer: uniform from zero, drawn from the seeded
    /// source.
    pub random_latency: Duration,
    /// The share of random 500s and dropped connections, from 0 to 1, that come after the
    /// operation took effect (its answer replaced by the failure); the others come before it
    /// runs. A 503 always comes before (it means the request was refused, and clients send a
    /// POST again after one), and so do failures queued by
    /// [`Sandbox::fail_next`](crate::Sandbox::fail_next).
    pub lost_answer_rate: f64,
    /// Whether LWA's token endpoint meets the faults too (it does not by default).
    pub include_lwa: bool,
}

impl Faults {
    /// Why these faults cannot be applied, if they cannot.
    pub(crate) fn problem(&self) -> Option<String> {
        let rate_ok = |rate: f64| (0.0..=1.0).contains(&rate);
        if !rate_ok(self.error_rate) || !rate_ok(self.drop_rate) || !rate_ok(self.lost_answer_rate)
        {
            return Some(
                "error_rate, drop_rate and lost_answer_rate must be between 0 and 1".to_owned(),
            );
        }
        (self.error_rate + self.drop_rate > 1.0)
            .then(|| "error_rate and drop_rate add up to more than 1".to_owned())
    }
}

/// How one request fails, for [`Sandbox::fail_next`](crate::Sandbox::fail_next).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 500 `InternalFailure` (LWA: `server_error`).
    InternalError,
    /// HTTP 503 `ServiceUnavailable` (LWA: `temporarily_unavailable`).
    Unavailable,
    /// HTTP 429 `QuotaExceeded` (LWA: 429 `slow_down`).
    Throttled,
    /// The connection is closed without an answer.
    Drop,
}

/// Marks a response whose connection must be closed instead of answered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// The faults in force, their random source and the failures queued by `fail_next`.
#[derive(Debug)]
pub(crate) struct FaultState {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    faults: Faults,
    rng: StdRng,
    queued: VecDeque<Fault>,
}

impl FaultState {
    pub(crate) fn new(faults: Faults, seed: Option<u64>) -> Self {
        let rng = seed.map_or_else(StdRng::from_os_rng, StdRng::seed_from_u64);
        Self {
            inner: Mutex::new(Inner {
                faults,
                rng,
                queued: VecDeque::new(),
            }),
        }
    }

    pub(crate) fn set(&self, faults: Faults) {
        lock(&self.inner).faults = faults;
    }

    pub(crate) fn fail_next(&self, count: usize, failure: Fault) {
        lock(&self.inner)
            .queued
            .extend(std::iter::repeat_n(failure, count));
    }

    /// The latency to add to a request and how it fails, if it does.
    fn draw(&self, lwa: bool) -> Strike {
        let mut inner = lock(&self.inner);
        if lwa && !inner.faults.include_lwa {
            return Strike::default();
        }
        let mut latency = inner.faults.latency;
        let random_latency = inner.faults.random_latency;
        // Drawn only when asked for, so seeds keep their sequence for other settings.
        if !random_latency.is_zero() {
            latency += inner.rng.random_range(Duration::ZERO..=random_latency);
        }
        if let Some(failure) = inner.queued.pop_front() {
            return Strike::before(latency, failure);
        }
        let (drop_rate, error_rate) = (inner.faults.drop_rate, inner.faults.error_rate);
        let roll: f64 = inner.rng.random();
        let failure = if roll < drop_rate {
            Fault::Drop
        } else if roll < drop_rate + error_rate {
            if inner.rng.random_bool(0.5) {
                Fault::InternalError
            } else {
                Fault::Unavailable
            }
        } else {
            return Strike {
                latency,
                ..Strike::default()
            };
        };
        // A 503 says the request was refused (clients send a POST again after one), so only a
        // 500 or a dropped connection may come after the operation ran.
        let lost_answer_rate = inner.faults.lost_answer_rate;
        let after_effect = failure != Fault::Unavailable
            && lost_answer_rate > 0.0
            && inner.rng.random_bool(lost_answer_rate);
        Strike {
            latency,
            failure: Some(failure),
            after_effect,
        }
    }
}

/// What the faults in force do to one request.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Strike {
    latency: Duration,
    failure: Option<Fault>,
    /// Whether the failure replaces the answer of the operation, which runs first.
    after_effect: bool,
}

impl Strike {
    fn before(latency: Duration, failure: Fault) -> Self {
        Self {
            latency,
            failure: Some(failure),
            after_effect: false,
        }
    }

    /// The failure's answer, when it comes before the operation runs.
    pub(crate) fn before_effect(&self, lwa: bool) -> Option<Response> {
        let failure = self.failure.filter(|_| !self.after_effect)?;
        Some(answer(failure, lwa))
    }

    /// The answer to send for the operation's `response`: the failure's, when it comes after.
    pub(crate) fn after_effect(&self, response: Response, lwa: bool) -> Response {
        match self.failure {
            Some(failure) if self.after_effect => {
                tracing::debug!(?failure, "sandbox lost the answer of an operation that ran");
                answer(failure, lwa)
            }
            _ => response,
        }
    }
}

/// Applies the faults in force to one request (to LWA's token endpoint when `lwa`): waits the
/// latency, and says how the request fails, if it does.
pub(crate) async fn strike(shared: &Shared, lwa: bool) -> Strike {
    let strike = shared.faults.draw(lwa);
    if !strike.latency.is_zero() {
        tokio::time::sleep(strike.latency).await;
    }
    strike
}

/// The answer of `failure`: LWA's error body, or SP-API's.
fn answer(failure: Fault, lwa: bool) -> Response {
    tracing::debug!(?failure, "sandbox injected a fault");
    let status = match failure {
        Fault::Drop => {
            let mut response = Response::default();
            response.extensions_mut().insert(DropConnection);
            return response;
        }
        Fault::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        Fault::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Fault::Throttled => StatusCode::TOO_MANY_REQUESTS,
    };
    if lwa {
        return OAuthError::server(status).into_response();
    }
    let error = match failure {
        Fault::Throttled => ApiError::quota_exceeded(),
        Fault::Unavailable => ApiError::unavailable(),
        _ => ApiError::internal("injected by the sandbox's fault settings"),
    };
    error.into_response()
}

/// The middleware of LWA's token endpoint (the Notifications API's gate strikes itself).
pub(crate) async fn lwa(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let strike = strike(&shared, true).await;
    match strike.before_effect(true) {
        Some(failure) => failure,
        None => strike.after_effect(next.run(request).await, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(state: &FaultState, n: usize) -> Vec<Option<Fault>> {
        (0..n).map(|_| state.draw(false).failure).collect()
    }

    #[test]
    fn seeded_faults_repeat_and_follow_their_rates() {
        let faults = Faults {
            error_rate: 0.3,
            drop_rate: 0.2,
            ..Faults::default()
        };
        let a = draws(&FaultState::new(faults.clone(), Some(7)), 1000);
        let b = draws(&FaultState::new(faults, Some(7)), 1000);
        assert_eq!(a, b);
        let count = |f: Fault| a.iter().filter(|x| **x == Some(f)).count();
        assert!(
            (150..250).contains(&count(Fault::Drop)),
            "{}",
            count(Fault::Drop)
        );
        let errors = count(Fault::InternalError) + count(Fault::Unavailable);
        assert!((240..360).contains(&errors), "{errors}");
        assert!(count(Fault::InternalError) > 0 && count(Fault::Unavailable) > 0);
    }

    #[test]
    fn queued_failures_come_first_and_lwa_is_spared_unless_included() {
        let state = FaultState::new(Faults::default(), Some(1));
        state.fail_next(2, Fault::Throttled);
        assert_eq!(state.draw(true), Strike::default());
        assert_eq!(
            draws(&state, 3),
            [Some(Fault::Throttled), Some(Fault::Throttled), None]
        );
        state.set(Faults {
            include_lwa: true,
            latency: Duration::from_millis(5),
            ..Faults::default()
        });
        state.fail_next(1, Fault::Drop);
        assert_eq!(
            state.draw(true),
            Strike::before(Duration::from_millis(5), Fault::Drop)
        );
    }

    #[test]
    fn random_latency_stays_in_its_bound_and_lost_answers_follow_their_rate() {
        let faults = Faults {
            error_rate: 0.5,
            latency: Duration::from_millis(10),
            random_latency: Duration::from_millis(100),
            lost_answer_rate: 0.5,
            ..Faults::default()
        };
        let state = FaultState::new(faults, Some(3));
        let strikes: Vec<Strike> = (0..1000).map(|_| state.draw(false)).collect();
        let bound = Duration::from_millis(10)..=Duration::from_millis(110);
        assert!(strikes.iter().all(|s| bound.contains(&s.latency)));
        let distinct: std::collections::HashSet<_> = strikes.iter().map(|s| s.latency).collect();
        assert!(distinct.len() > 900, "{}", distinct.len());
        let may_be_lost = |s: &Strike| s.failure == Some(Fault::InternalError);
        let failed = strikes.iter().filter(|s| may_be_lost(s)).count();
        let lost = strikes.iter().filter(|s| s.after_effect).count();
        assert!(strikes.iter().all(|s| may_be_lost(s) || !s.after_effect));
        assert!(
            (failed * 4 / 10..failed * 6 / 10).contains(&lost),
            "{lost} of {failed}"
        );
    }

    #[test]
    fn rates_are_checked() {
        let bad = |error_rate, drop_rate| {
            Faults {
                error_rate,
                drop_rate,
                ..Faults::default()
            }
            .problem()
        };
        assert!(bad(1.5, 0.0).is_some());
        assert!(bad(-0.1, 0.0).is_some());
        assert!(bad(0.6, 0.6).is_some());
        assert!(bad(0.5, 0.5).is_none());
        let lost = Faults {
            lost_answer_rate: 1.5,
            ..Faults::default()
        };
        assert!(lost.problem().is_some());
    }
}
