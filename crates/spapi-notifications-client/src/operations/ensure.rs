//! Idempotent provisioning: find what exists, create what does not, and settle 409 races.

use spapi_http::http::StatusCode;
use spapi_notification_types::NotificationType;

use crate::{
    CreateDestinationRequest, CreateSubscriptionRequest, Destination,
    DestinationResourceSpecification, Error, GetSubscriptionsQuery, NotificationsClient, Response,
    SellerClient, Subscription,
};

impl NotificationsClient {
    /// The destination on `resource`: the existing one (found with `getDestinations`, whatever
    /// its name) or a new one called `name`. A 409 from a concurrent creation is settled by
    /// looking again.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a name or resource that breaks the model's rules; otherwise
    /// the error of `getDestinations` or `createDestination`.
    pub async fn ensure_destination(
        &self,
        name: &str,
        resource: &DestinationResourceSpecification,
    ) -> Result<Response<Destination>, Error> {
        let request = CreateDestinationRequest::new(name, resource.clone());
        request.validate()?;
        if let Some(existing) = self.find_destination(resource).await? {
            return Ok(existing);
        }
        match self.create_destination(&request).await {
            Err(error) if error.is_status(StatusCode::CONFLICT) => {
                tracing::debug!("createDestination conflicted; looking for the destination again");
                self.find_destination(resource).await?.ok_or(error)
            }
            created => created,
        }
    }

    async fn find_destination(
        &self,
        resource: &DestinationResourceSpecification,
    ) -> Result<Option<Response<Destination>>, Error> {
        let destinations = self.get_destinations().await?;
        let found = destinations
            .value
            .iter()
            .position(|destination| destination.resource.matches(resource));
        Ok(found.map(|index| destinations.map(|mut all| all.swap_remove(index))))
    }
}

impl SellerClient {
    /// The seller's subscription to `notification_type` as `request` describes it: an existing
    /// one with the same payload version, destination and directive, or a new one. A 409 from a
    /// concurrent creation is settled by looking again.
    ///
    /// A subscription to the same type and payload version with another destination or
    /// directive is left alone: Amazon answers the creation with a 409, returned as is with
    /// [`Hint::SubscriptionExists`](crate::Hint::SubscriptionExists).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a request that breaks a rule (as for
    /// [`create_subscription`](Self::create_subscription)); otherwise the error of
    /// `getSubscriptions` or `createSubscription`.
    pub async fn ensure_subscription(
        &self,
        notification_type: &NotificationType,
        request: &CreateSubscriptionRequest,
    ) -> Result<Response<Subscription>, Error> {
        self.check_subscription(notification_type, request)?;
        if let Some(existing) = self.find_subscription(notification_type, request).await? {
            return Ok(existing);
        }
        match self.create_subscription(notification_type, request).await {
            Err(error) if error.is_status(StatusCode::CONFLICT) => {
                tracing::debug!(
                    "createSubscription conflicted; looking for the subscription again"
                );
                self.find_subscription(notification_type, request)
                    .await?
                    .ok_or(error)
            }
            created => created,
        }
    }

    /// The subscription satisfying `request`, if the seller has one, with the response of
    /// the page it was found on.
    async fn find_subscription(
        &self,
        notification_type: &NotificationType,
        request: &CreateSubscriptionRequest,
    ) -> Result<Option<Response<Subscription>>, Error> {
        let mut query = GetSubscriptionsQuery::new(notification_type.clone())
            .payload_version(request.payload_version.clone());
        loop {
            let page = match self.get_subscriptions(&query).await {
                Ok(page) => page,
                // No subscription to the type at all.
                Err(error) if error.is_status(StatusCode::NOT_FOUND) => return Ok(None),
                Err(error) => return Err(error),
            };
            let next = page.next_page().map(str::to_owned);
            let found = page
                .subscriptions
                .iter()
                .position(|subscription| request.is_satisfied_by(subscription));
            if let Some(index) = found {
                return Ok(Some(
                    page.map(|mut page| page.subscriptions.swap_remove(index)),
                ));
            }
            match next {
                Some(next) if query.next_token.as_ref() != Some(&next) => {
                    query.next_token = Some(next);
                }
                _ => return Ok(None),
            }
        }
    }
}
