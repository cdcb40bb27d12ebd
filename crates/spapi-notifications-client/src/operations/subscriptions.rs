//! The subscription operations: by id on the client (grantless), the others on the seller handle.

use futures_core::Stream;
use futures_util::TryStreamExt;
use spapi_notification_types::NotificationType;

use super::{literal, path};
use crate::transport::{Call, Credential};
use crate::{
    CreateSubscriptionRequest, Error, GetSubscriptionsPayload, GetSubscriptionsQuery,
    NotificationsClient, Operation, Response, SellerClient, Subscription,
};

impl NotificationsClient {
    /// `getSubscriptionById` (grantless).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty id; otherwise how the call failed (see [`Error`]).
    pub async fn get_subscription_by_id(
        &self,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> Result<Response<Subscription>, Error> {
        let path = by_id_path(notification_type, subscription_id)?;
        self.payload(Call::new(Operation::GetSubscriptionById, path).for_type(notification_type))
            .await
    }

    /// `deleteSubscriptionById` with the grantless token. Amazon refuses that for some
    /// notification types; [`SellerClient::delete_subscription_by_id`] then retries with the
    /// seller's token.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty id; otherwise how the call failed (see [`Error`]).
    pub async fn delete_subscription_by_id(
        &self,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> Result<Response<()>, Error> {
        self.delete_subscription(None, notification_type, subscription_id)
            .await
    }

    async fn delete_subscription(
        &self,
        seller: Option<Credential<'_>>,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> Result<Response<()>, Error> {
        let path = by_id_path(notification_type, subscription_id)?;
        let mut call =
            Call::new(Operation::DeleteSubscriptionById, path).for_type(notification_type);
        call.seller = seller;
        Ok(self.inner.execute(call).await?.map(drop))
    }

    /// Refuses to subscribe a type to a destination of the wrong kind, when both are known.
    pub(crate) fn check_channel(
        &self,
        notification_type: &NotificationType,
        destination_id: &str,
    ) -> Result<(), Error> {
        let (Some(needed), Some(actual)) = (
            notification_type.delivery_channel(),
            self.known_channel(destination_id),
        ) else {
            return Ok(());
        };
        if needed == actual {
            return Ok(());
        }
        Err(Error::validation(
            "destinationId",
            format!(
                "{notification_type} notifications are delivered through {} only, but \
                 destination {destination_id} is {}",
                channel_name(needed),
                channel_name(actual)
            ),
        ))
    }
}

impl SellerClient {
    /// `getSubscriptions`: one page of the seller's subscriptions to a notification type.
    /// [`subscriptions`](Self::subscriptions) and [`all_subscriptions`](Self::all_subscriptions)
    /// follow the pages.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a query that breaks the model's rules (see
    /// [`GetSubscriptionsQuery::validate`]); otherwise how the call failed (see [`Error`]).
    pub async fn get_subscriptions(
        &self,
        query: &GetSubscriptionsQuery,
    ) -> Result<Response<GetSubscriptionsPayload>, Error> {
        query.validate()?;
        let mut call = self.call(
            Operation::GetSubscriptions,
            path(&[literal("subscriptions")])?,
        )?;
        if let [notification_type] = &query.notification_types[..] {
            call = call.for_type(notification_type);
        }
        call.query = query.to_params();
        Ok(self
            .client()
            .payload::<Option<GetSubscriptionsPayload>>(call)
            .await?
            .map(Option::unwrap_or_default))
    }

    /// Every subscription of the query, page after page (`nextToken`), fetched as the stream is
    /// read. An error ends the stream.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// use spapi_notification_types::NotificationType;
    /// use spapi_notifications_client::{GetSubscriptionsQuery, SellerClient};
    ///
    /// # async fn run(seller: SellerClient) -> Result<(), spapi_notifications_client::Error> {
    /// let query = GetSubscriptionsQuery::new(NotificationType::AnyOfferChanged);
    /// let mut subscriptions = std::pin::pin!(seller.subscriptions(query));
    /// while let Some(subscription) = subscriptions.try_next().await? {
    ///     println!("{} -> {}", subscription.subscription_id, subscription.destination_id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn subscriptions(
        &self,
        query: GetSubscriptionsQuery,
    ) -> impl Stream<Item = Result<Subscription, Error>> + Send + '_ {
        let start = Pages {
            query,
            page: Vec::new().into_iter(),
            more: true,
        };
        futures_util::stream::unfold(Some(start), move |pages| async move {
            let mut pages = pages?;
            loop {
                if let Some(subscription) = pages.page.next() {
                    return Some((Ok(subscription), Some(pages)));
                }
                if !pages.more {
                    return None;
                }
                let payload = match self.get_subscriptions(&pages.query).await {
                    Ok(response) => response.into_inner(),
                    Err(error) => return Some((Err(error), None)),
                };
                let next = payload.next_page().map(str::to_owned);
                // A token that does not move on would page forever.
                pages.more = next.is_some() && next != pages.query.next_token;
                pages.query.next_token = next;
                pages.page = payload.subscriptions.into_iter();
            }
        })
    }

    /// Every subscription of the query, all pages read.
    ///
    /// # Errors
    ///
    /// The first error of [`get_subscriptions`](Self::get_subscriptions).
    pub async fn all_subscriptions(
        &self,
        query: GetSubscriptionsQuery,
    ) -> Result<Vec<Subscription>, Error> {
        self.subscriptions(query).try_collect().await
    }

    /// `getSubscription`: the seller's subscription to `notification_type`, of
    /// `payload_version` or, when `None`, of the latest payload version.
    ///
    /// # Errors
    ///
    /// How the call failed (see [`Error`]); a 404 when there is none.
    pub async fn get_subscription(
        &self,
        notification_type: &NotificationType,
        payload_version: Option<&str>,
    ) -> Result<Response<Subscription>, Error> {
        let path = type_path(notification_type)?;
        let mut call = self
            .call(Operation::GetSubscription, path)?
            .for_type(notification_type);
        call.query
            .extend(payload_version.map(|version| ("payloadVersion", version.to_owned())));
        self.client().payload(call).await
    }

    /// `createSubscription`: subscribes the seller to `notification_type`.
    ///
    /// Checked before it is sent: the request (see [`CreateSubscriptionRequest::validate`]),
    /// and that the type's delivery channel (SQS or EventBridge) matches the destination's when
    /// this client has seen the destination.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a request that breaks a rule; otherwise [`Error`] as described
    /// there (a 409 when the subscription exists: see
    /// [`ensure_subscription`](Self::ensure_subscription)).
    pub async fn create_subscription(
        &self,
        notification_type: &NotificationType,
        request: &CreateSubscriptionRequest,
    ) -> Result<Response<Subscription>, Error> {
        self.check_subscription(notification_type, request)?;
        let path = type_path(notification_type)?;
        let call = self
            .call(Operation::CreateSubscription, path)?
            .for_type(notification_type)
            .json(request)?;
        self.client().payload(call).await
    }

    /// What is checked before a subscription is created: the request (see
    /// [`CreateSubscriptionRequest::validate`]), and that the type's delivery channel matches
    /// the destination's when this client has seen the destination.
    pub(crate) fn check_subscription(
        &self,
        notification_type: &NotificationType,
        request: &CreateSubscriptionRequest,
    ) -> Result<(), Error> {
        request.validate(notification_type)?;
        self.client()
            .check_channel(notification_type, &request.destination_id)
    }

    /// `deleteSubscriptionById`: with the grantless token, and when Amazon refuses that (403,
    /// as it does for some notification types) once more with the seller's token.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for an empty id; otherwise how the call failed (see [`Error`]).
    pub async fn delete_subscription_by_id(
        &self,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> Result<Response<()>, Error> {
        let seller = Some(self.credential()?);
        self.client()
            .delete_subscription(seller, notification_type, subscription_id)
            .await
    }
}

/// The state of [`SellerClient::subscriptions`].
struct Pages {
    query: GetSubscriptionsQuery,
    page: std::vec::IntoIter<Subscription>,
    more: bool,
}

/// `subscriptions/{notificationType}`.
fn type_path(notification_type: &NotificationType) -> Result<String, Error> {
    path(&[
        literal("subscriptions"),
        ("notificationType", notification_type.as_str()),
    ])
}

fn by_id_path(
    notification_type: &NotificationType,
    subscription_id: &str,
) -> Result<String, Error> {
    path(&[
        literal("subscriptions"),
        ("notificationType", notification_type.as_str()),
        ("subscriptionId", subscription_id),
    ])
}

fn channel_name(channel: spapi_notification_types::DeliveryChannel) -> &'static str {
    match channel {
        spapi_notification_types::DeliveryChannel::Sqs => "an Amazon SQS queue",
        spapi_notification_types::DeliveryChannel::EventBridge => "Amazon EventBridge",
        _ => "another kind of destination",
    }
}
