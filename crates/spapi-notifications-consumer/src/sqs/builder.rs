//! Settings of an [`SqsConsumer`], checked against what SQS accepts.

use std::sync::Arc;
use std::time::Duration;

use spapi_notification_types::envelope::UnparsedPayloads;
use spapi_notification_types::{DecodeError, Delivery};

use super::{Inner, MAX_VISIBILITY, Settings, SqsConsumer};
use crate::{DedupStore, Error, Handler, OutcomeReport, Pipeline, PipelineBuilder};

/// Settings of an [`SqsConsumer`]; [`build`](Self::build) takes the handler.
#[derive(Debug, Clone)]
pub struct SqsConsumerBuilder {
    client: aws_sdk_sqs::Client,
    queue_url: String,
    pipeline: PipelineBuilder,
    wait_time: Duration,
    batch_size: usize,
    visibility_timeout: Duration,
    extend_every: Option<Duration>,
    failure_backoff: Option<Duration>,
    shutdown_timeout: Duration,
}

impl SqsConsumerBuilder {
    pub(super) fn new(client: aws_sdk_sqs::Client, queue_url: String) -> Self {
        Self {
            client,
            queue_url,
            pipeline: Pipeline::builder(),
            wait_time: Duration::from_secs(20),
            batch_size: 10,
            visibility_timeout: Duration::from_secs(30),
            extend_every: None,
            failure_backoff: None,
            shutdown_timeout: Duration::from_secs(30),
        }
    }

    /// How long one receive waits for messages: long polling (20 s by default, SQS's maximum;
    /// whole seconds).
    pub fn wait_time(mut self, wait_time: Duration) -> Self {
        self.wait_time = wait_time;
        self
    }

    /// The most messages received at once (10 by default, SQS's maximum; 1 to 10).
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// How many handlers run at once (10 by default). The consumer receives only as many
    /// messages as it has free handlers.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.pipeline = self.pipeline.concurrency(concurrency);
        self
    }

    /// How long a received message stays invisible to other consumers (30 s by default; whole
    /// seconds, 1 s to 12 h). It is extended while the handler runs. The lease on the
    /// notification in the de-duplication store is the same, less a margin (a quarter of it,
    /// at most 1 s), so that it ends before the message can be delivered again.
    pub fn visibility_timeout(mut self, visibility_timeout: Duration) -> Self {
        self.visibility_timeout = visibility_timeout;
        self
    }

    /// How often a running handler's message has its visibility timeout (and its claim in the
    /// de-duplication store) extended: a third of the visibility timeout by default.
    pub fn extend_visibility_every(mut self, every: Duration) -> Self {
        self.extend_every = Some(every);
        self
    }

    /// After a failure (handler error or panic, undecodable body, store error), make the message
    /// visible again after `backoff`, doubled for every earlier receive (at most 12 h), instead
    /// of after the visibility timeout. `Duration::ZERO` retries at once.
    pub fn failure_backoff(mut self, backoff: Duration) -> Self {
        self.failure_backoff = Some(backoff);
        self
    }

    /// How long shutdown waits for in-flight handlers (30 s by default).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }

    /// The de-duplication store ([`InMemoryDedupStore`](crate::InMemoryDedupStore) by default);
    /// share one between processes with [`DynamoDbDedupStore`](crate::DynamoDbDedupStore).
    pub fn dedup(mut self, store: impl DedupStore) -> Self {
        self.pipeline = self.pipeline.dedup(store);
        self
    }

    /// Calls `hook` with every body that is not a notification (see
    /// [`PipelineBuilder::on_decode_error`]); the message stays on the queue until the redrive
    /// policy moves it to the dead-letter queue.
    pub fn on_decode_error(
        mut self,
        hook: impl Fn(&DecodeError, &Delivery) + Send + Sync + 'static,
    ) -> Self {
        self.pipeline = self.pipeline.on_decode_error(hook);
        self
    }

    /// What to do with a notification whose payload fails typed decoding in a sound envelope
    /// (see [`PipelineBuilder::unparsed_payloads`]): by default it is undecodable and ends in
    /// the dead-letter queue; with [`UnparsedPayloads::Keep`] the handler gets it, with
    /// [`Payload::Unparsed`](crate::Payload::Unparsed).
    pub fn unparsed_payloads(mut self, unparsed: UnparsedPayloads) -> Self {
        self.pipeline = self.pipeline.unparsed_payloads(unparsed);
        self
    }

    /// Calls `hook` with the [outcome](OutcomeReport) of every message (see
    /// [`PipelineBuilder::on_outcome`]), before the message is deleted or left for redelivery.
    /// Whether a failure sends its message to the dead-letter queue comes from the queue's
    /// redrive policy, read when the consumer starts (it needs `sqs:GetQueueAttributes`).
    pub fn on_outcome(mut self, hook: impl Fn(&OutcomeReport<'_>) + Send + Sync + 'static) -> Self {
        self.pipeline = self.pipeline.on_outcome(hook);
        self
    }

    /// The consumer, calling `handler`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when a setting is out of the range SQS accepts, or the queue URL
    /// is empty.
    pub fn build<H: Handler>(self, handler: H) -> Result<SqsConsumer<H>, Error> {
        let settings = self.settings()?;
        Ok(SqsConsumer {
            inner: Arc::new(Inner {
                client: self.client,
                queue_url: self.queue_url,
                pipeline: self.pipeline.build(handler),
                settings,
            }),
        })
    }

    fn settings(&self) -> Result<Settings, Error> {
        let visibility = self.visibility_timeout;
        let extend_every = self.extend_every.unwrap_or(visibility / 3);
        let checks = [
            (
                self.queue_url.is_empty(),
                "the queue url is empty".to_owned(),
            ),
            (
                self.wait_time > Duration::from_secs(20),
                format!("wait time {:?} is over SQS's 20 s", self.wait_time),
            ),
            (
                !(1..=10).contains(&self.batch_size),
                format!("batch size {} is not within 1 to 10", self.batch_size),
            ),
            (
                visibility < Duration::from_secs(1) || visibility > MAX_VISIBILITY,
                format!("visibility timeout {visibility:?} is not within 1 s to 12 h"),
            ),
            (
                extend_every.is_zero() || extend_every >= visibility,
                format!(
                    "visibility extension interval {extend_every:?} is not shorter than the visibility timeout {visibility:?}"
                ),
            ),
            (
                self.failure_backoff
                    .is_some_and(|backoff| backoff > MAX_VISIBILITY),
                "failure backoff is over SQS's 12 h".to_owned(),
            ),
        ];
        if let Some((_, message)) = checks.into_iter().find(|(bad, _)| *bad) {
            return Err(Error::invalid_config(message));
        }
        Ok(Settings {
            wait_time: self.wait_time,
            batch_size: self.batch_size,
            visibility_timeout: Duration::from_secs(visibility.as_secs()),
            extend_every,
            failure_backoff: self.failure_backoff,
            shutdown_timeout: self.shutdown_timeout,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::{Error, Received, SqsConsumer};

    fn client() -> aws_sdk_sqs::Client {
        let config = aws_sdk_sqs::Config::builder()
            .behavior_version(aws_sdk_sqs::config::BehaviorVersion::latest())
            .region(aws_sdk_sqs::config::Region::new("us-east-1"))
            .build();
        aws_sdk_sqs::Client::from_conf(config)
    }

    async fn handler(_: Received) -> Result<(), std::io::Error> {
        Ok(())
    }

    #[test]
    fn settings_out_of_sqs_range_are_refused_with_the_reason() {
        let url = "http://127.0.0.1:1/123456789012/q";
        let cases: [(crate::SqsConsumerBuilder, &str); 6] = [
            (SqsConsumer::builder(client(), ""), "the queue url is empty"),
            (
                SqsConsumer::builder(client(), url).wait_time(Duration::from_secs(21)),
                "wait time 21s is over SQS's 20 s",
            ),
            (
                SqsConsumer::builder(client(), url).batch_size(11),
                "batch size 11 is not within 1 to 10",
            ),
            (
                SqsConsumer::builder(client(), url).visibility_timeout(Duration::from_millis(500)),
                "visibility timeout 500ms is not within 1 s to 12 h",
            ),
            (
                SqsConsumer::builder(client(), url)
                    .extend_visibility_every(Duration::from_secs(30)),
                "visibility extension interval 30s is not shorter than the visibility timeout 30s",
            ),
            (
                SqsConsumer::builder(client(), url).failure_backoff(Duration::from_secs(50_000)),
                "failure backoff is over SQS's 12 h",
            ),
        ];
        for (builder, reason) in cases {
            match builder.build(handler) {
                Err(Error::InvalidConfig { message }) => assert_eq!(message, reason),
                other => panic!("{reason}: {other:?}"),
            }
        }
        let consumer = SqsConsumer::builder(client(), url).build(handler).unwrap();
        assert_eq!(consumer.queue_url(), url);
    }

    #[test]
    fn failure_backoff_doubles_with_each_receive_up_to_twelve_hours() {
        let consumer = SqsConsumer::builder(client(), "http://127.0.0.1:1/q")
            .failure_backoff(Duration::from_secs(10))
            .build(handler)
            .unwrap();
        let backoff = |count| consumer.inner.failure_visibility(count);
        assert_eq!(backoff(None), Some(Duration::from_secs(10)));
        assert_eq!(backoff(Some(1)), Some(Duration::from_secs(10)));
        assert_eq!(backoff(Some(3)), Some(Duration::from_secs(40)));
        assert_eq!(backoff(Some(40)), Some(Duration::from_secs(12 * 60 * 60)));
    }
}
