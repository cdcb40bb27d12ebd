//! Destinations and subscriptions: what exists, and SP-API's rules for creating and finding
//! them (one destination per resource; one subscription per seller, type, payload version and
//! filter expression).

use std::collections::HashMap;

use spapi_notification_types::NotificationType;

use crate::api::ApiError;
use crate::api::validate::Resource;
use crate::api::wire::{
    Destination, DestinationResource, EventBridgeResource, ProcessingDirective, SqsResource,
    Subscription, SubscriptionsPage,
};
use crate::ids;

/// Everything the Notifications API has created, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Store {
    destinations: Vec<Destination>,
    subscriptions: Vec<Stored>,
    /// The `nextToken`s handed out by `getSubscriptions`.
    cursors: HashMap<String, Cursor>,
}

/// A subscription and whose it is.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub(crate) seller_id: String,
    pub(crate) notification_type: NotificationType,
    pub(crate) subscription: Subscription,
}

/// Where the next page of a `getSubscriptions` query starts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cursor {
    query: Query,
    offset: usize,
}

/// A `getSubscriptions` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    pub(crate) seller_id: String,
    pub(crate) notification_type: NotificationType,
    pub(crate) payload_version: Option<String>,
}

impl Query {
    fn matches(&self, stored: &Stored) -> bool {
        stored.seller_id == self.seller_id
            && stored.notification_type == self.notification_type
            && self
                .payload_version
                .as_ref()
                .is_none_or(|version| &stored.subscription.payload_version == version)
    }
}

impl Store {
    /// A new destination for `resource`, unless one exists for it already.
    pub(crate) fn create_destination(
        &mut self,
        application_id: &str,
        name: String,
        resource: Resource,
    ) -> Result<Destination, ApiError> {
        let resource = match resource {
            Resource::Sqs { arn } => {
                if self
                    .destinations
                    .iter()
                    .any(|d| d.resource.sqs.as_ref().is_some_and(|sqs| sqs.arn == arn))
                {
                    return Err(ApiError::conflict(format!(
                        "A destination with arn {arn} already exists for the application {application_id}"
                    )));
                }
                DestinationResource {
                    sqs: Some(SqsResource { arn }),
                    event_bridge: None,
                }
            }
            Resource::EventBridge { region, account_id } => {
                // "You can only create one EventBridge destination per AWS account."
                let taken = self.destinations.iter().any(|d| {
                    d.resource
                        .event_bridge
                        .as_ref()
                        .is_some_and(|eb| eb.account_id == account_id)
                });
                if taken {
                    return Err(ApiError::conflict(format!(
                        "An EventBridge destination for AWS account {account_id} already exists \
                         for the application {application_id}"
                    )));
                }
                DestinationResource {
                    sqs: None,
                    event_bridge: Some(EventBridgeResource {
                        name: format!(
                            "aws.partner/sellingpartnerapi.amazon.com/{account_id}/{application_id}"
                        ),
                        region,
                        account_id,
                    }),
                }
            }
        };
        let destination = Destination {
            name,
            destination_id: ids::uuid(),
            resource,
        };
        self.destinations.push(destination.clone());
        Ok(destination)
    }

    /// Every destination.
    pub(crate) fn destinations(&self) -> &[Destination] {
        &self.destinations
    }

    /// The destination `destination_id`.
    pub(crate) fn destination(&self, destination_id: &str) -> Result<&Destination, ApiError> {
        self.destinations
            .iter()
            .find(|d| d.destination_id == destination_id)
            .ok_or_else(|| {
                ApiError::not_found(format!("Destination {destination_id} does not exist"))
            })
    }

    /// Deletes a destination that no subscription uses.
    pub(crate) fn delete_destination(&mut self, destination_id: &str) -> Result<(), ApiError> {
        self.destination(destination_id)?;
        if self
            .subscriptions
            .iter()
            .any(|s| s.subscription.destination_id == destination_id)
        {
            // Amazon's words (selling-partner-api-docs#1800).
            return Err(ApiError::conflict("Destination has subscriptions"));
        }
        self.destinations
            .retain(|d| d.destination_id != destination_id);
        Ok(())
    }

    /// A new subscription, unless the seller has one of this type and payload version (with
    /// the same filter expression: filter expressions are how one seller has several).
    pub(crate) fn create_subscription(
        &mut self,
        seller_id: &str,
        notification_type: NotificationType,
        payload_version: String,
        destination_id: String,
        processing_directive: Option<ProcessingDirective>,
    ) -> Result<Subscription, ApiError> {
        let expression = |directive: &Option<ProcessingDirective>| {
            directive.as_ref().and_then(|d| d.filter_expression.clone())
        };
        let duplicate = self.subscriptions.iter().any(|s| {
            s.seller_id == seller_id
                && s.notification_type == notification_type
                && s.subscription.payload_version == payload_version
                && expression(&s.subscription.processing_directive)
                    == expression(&processing_directive)
        });
        if duplicate {
            return Err(ApiError::state_conflict());
        }
        let subscription = Subscription {
            subscription_id: ids::uuid(),
            payload_version,
            destination_id,
            processing_directive,
        };
        self.subscriptions.push(Stored {
            seller_id: seller_id.to_owned(),
            notification_type,
            subscription: subscription.clone(),
        });
        Ok(subscription)
    }

    /// The seller's subscription to a type: of `payload_version`, or of the type's current
    /// version (the newest one otherwise) when it is `None`; one without a filter expression
    /// when there are several.
    pub(crate) fn subscription(&self, query: &Query) -> Result<Subscription, ApiError> {
        let rank = |stored: &Stored| {
            let version = &stored.subscription.payload_version;
            let version_rank = query
                .notification_type
                .payload_versions()
                .iter()
                .position(|known| known == version)
                .unwrap_or(usize::MAX);
            let filtered = stored
                .subscription
                .processing_directive
                .as_ref()
                .is_some_and(|d| d.filter_expression.is_some());
            (version_rank, filtered)
        };
        // `min_by_key` keeps the first of equals; iterate newest first.
        self.subscriptions
            .iter()
            .rev()
            .filter(|stored| query.matches(stored))
            .min_by_key(|stored| rank(stored))
            .map(|stored| stored.subscription.clone())
            .ok_or_else(|| {
                let version = query
                    .payload_version
                    .as_ref()
                    .map(|v| format!(" and payload version {v}"))
                    .unwrap_or_default();
                ApiError::not_found(format!(
                    "No subscription to {}{version} exists for this selling partner",
                    query.notification_type
                ))
            })
    }

    /// A page of the seller's subscriptions to a type, from the query or from a `nextToken`.
    pub(crate) fn subscriptions_page(
        &mut self,
        query: Query,
        page_size: usize,
        next_token: Option<&str>,
    ) -> Result<SubscriptionsPage, ApiError> {
        let offset = match next_token {
            None => 0,
            Some(token) => match self.cursors.get(token) {
                Some(cursor) if cursor.query == query => cursor.offset,
                _ => {
                    return Err(ApiError::invalid_input(
                        "Invalid nextToken: it was not issued for this query",
                    ));
                }
            },
        };
        let matching: Vec<&Stored> = self
            .subscriptions
            .iter()
            .filter(|stored| query.matches(stored))
            .collect();
        let subscriptions = matching
            .iter()
            .skip(offset)
            .take(page_size)
            .map(|stored| stored.subscription.clone())
            .collect();
        let next = offset + page_size;
        let next_token = (next < matching.len()).then(|| {
            let token = ids::token("", 64);
            self.cursors.insert(
                token.clone(),
                Cursor {
                    query,
                    offset: next,
                },
            );
            token
        });
        Ok(SubscriptionsPage {
            subscriptions,
            next_token,
        })
    }

    /// The subscription `subscription_id` of type `notification_type`, whoever's it is.
    pub(crate) fn subscription_by_id(
        &self,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> Result<&Stored, ApiError> {
        self.subscriptions
            .iter()
            .find(|s| {
                &s.notification_type == notification_type
                    && s.subscription.subscription_id == subscription_id
            })
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "Subscription {subscription_id} of notification type {notification_type} does not exist"
                ))
            })
    }

    /// Deletes the subscription `subscription_id` of type `notification_type`.
    pub(crate) fn delete_subscription_by_id(
        &mut self,
        notification_type: &NotificationType,
        subscription_id: &str,
    ) -> Result<(), ApiError> {
        self.subscription_by_id(notification_type, subscription_id)?;
        self.subscriptions.retain(|s| {
            !(&s.notification_type == notification_type
                && s.subscription.subscription_id == subscription_id)
        });
        Ok(())
    }

    /// Every subscription to a type (of one seller, or of all), in creation order.
    pub(crate) fn subscriptions_to<'a>(
        &'a self,
        notification_type: &'a NotificationType,
        seller_id: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Stored> + 'a {
        self.subscriptions.iter().filter(move |s| {
            &s.notification_type == notification_type
                && seller_id.is_none_or(|seller| s.seller_id == seller)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqs(arn: &str) -> Resource {
        Resource::Sqs { arn: arn.into() }
    }

    fn query(seller: &str, version: Option<&str>) -> Query {
        Query {
            seller_id: seller.into(),
            notification_type: NotificationType::FeedProcessingFinished,
            payload_version: version.map(Into::into),
        }
    }

    #[test]
    fn one_destination_per_resource_and_none_deleted_while_used() {
        let mut store = Store::default();
        let arn = "arn:aws:sqs:us-east-1:123456789012:q";
        let first = store
            .create_destination("app", "one".into(), sqs(arn))
            .unwrap();
        let conflict = store
            .create_destination("app", "two".into(), sqs(arn))
            .unwrap_err();
        assert_eq!(conflict.status.as_u16(), 409);
        assert!(conflict.details.contains(arn));
        let eb = || Resource::EventBridge {
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
        };
        let bus = store.create_destination("app", "eb".into(), eb()).unwrap();
        assert_eq!(
            bus.resource.event_bridge.unwrap().name,
            "aws.partner/sellingpartnerapi.amazon.com/123456789012/app"
        );
        assert_eq!(
            store
                .create_destination("app", "eb2".into(), eb())
                .unwrap_err()
                .status
                .as_u16(),
            409
        );

        let sub = store
            .create_subscription(
                "A1",
                NotificationType::FeedProcessingFinished,
                "1.0".into(),
                first.destination_id.clone(),
                None,
            )
            .unwrap();
        assert_eq!(
            store
                .delete_destination(&first.destination_id)
                .unwrap_err()
                .status
                .as_u16(),
            409
        );
        store
            .delete_subscription_by_id(
                &NotificationType::FeedProcessingFinished,
                &sub.subscription_id,
            )
            .unwrap();
        store.delete_destination(&first.destination_id).unwrap();
        assert_eq!(
            store
                .destination(&first.destination_id)
                .unwrap_err()
                .status
                .as_u16(),
            404
        );
        assert_eq!(store.destinations().len(), 1);
    }

    #[test]
    fn subscriptions_are_unique_per_seller_type_version_and_expression() {
        let mut store = Store::default();
        let t = NotificationType::FeedProcessingFinished;
        let create = |store: &mut Store, seller: &str, version: &str, expression: Option<&str>| {
            let directive = expression.map(|e| ProcessingDirective {
                event_filter: None,
                filter_expression: Some(e.into()),
            });
            store.create_subscription(seller, t.clone(), version.into(), "d".into(), directive)
        };
        let old = create(&mut store, "A1", "1.0", None).unwrap();
        assert_eq!(
            create(&mut store, "A1", "1.0", None).unwrap_err().code,
            "StateConflict"
        );
        let current = create(&mut store, "A1", "2020-09-04", None).unwrap();
        create(&mut store, "A2", "1.0", None).unwrap();
        let filtered = create(&mut store, "A1", "1.0", Some("a == `b`")).unwrap();
        assert!(create(&mut store, "A1", "1.0", Some("a == `b`")).is_err());

        // Without a version: the type's current version (listed first), unfiltered first.
        assert_eq!(store.subscription(&query("A1", None)).unwrap(), current);
        assert_eq!(store.subscription(&query("A1", Some("1.0"))).unwrap(), old);
        assert_eq!(
            store
                .subscription(&query("A3", None))
                .unwrap_err()
                .status
                .as_u16(),
            404
        );
        assert_eq!(
            store
                .subscription_by_id(&t, &filtered.subscription_id)
                .unwrap()
                .seller_id,
            "A1"
        );
        assert!(
            store
                .subscription_by_id(&NotificationType::OrderChange, &filtered.subscription_id)
                .is_err()
        );
        assert_eq!(store.subscriptions_to(&t, None).count(), 4);
        assert_eq!(store.subscriptions_to(&t, Some("A2")).count(), 1);
    }

    #[test]
    fn pages_follow_next_tokens_bound_to_their_query() {
        let mut store = Store::default();
        let t = NotificationType::FeedProcessingFinished;
        for i in 0..75 {
            let directive = ProcessingDirective {
                event_filter: None,
                filter_expression: Some(format!("n == {i}")),
            };
            store
                .create_subscription("A1", t.clone(), "1.0".into(), "d".into(), Some(directive))
                .unwrap();
        }
        let first = store
            .subscriptions_page(query("A1", None), 30, None)
            .unwrap();
        assert_eq!(first.subscriptions.len(), 30);
        let token = first.next_token.unwrap();
        let other = store.subscriptions_page(query("A2", None), 30, Some(&token));
        assert_eq!(other.unwrap_err().code, "InvalidInput");
        let second = store
            .subscriptions_page(query("A1", None), 30, Some(&token))
            .unwrap();
        assert_eq!(second.subscriptions.len(), 30);
        assert_ne!(second.subscriptions[0], first.subscriptions[0]);
        let third = store
            .subscriptions_page(query("A1", None), 30, second.next_token.as_deref())
            .unwrap();
        assert_eq!(third.subscriptions.len(), 15);
        assert!(third.next_token.is_none());
        assert!(
            store
                .subscriptions_page(query("A1", None), 30, Some("forged"))
                .is_err()
        );
    }
}
