//! Every error variant, and the hint for each classic cause.

use crate::support::*;
use serde_json::json;
use spapi_auth::OAuthErrorCode;
use spapi_notifications_client::{
    CreateDestinationRequest, CreateSubscriptionRequest, DestinationResourceSpecification, Error,
    Hint, NotificationType, NotificationsClient, Operation, Region,
};
use spapi_testkit::errors::{assert_no_repeated_source, chain};
use wiremock::ResponseTemplate;

const ARN: &str = "arn:aws:sqs:us-east-1:444455556666:orders";

fn sqs_request() -> CreateDestinationRequest {
    CreateDestinationRequest::new("orders", DestinationResourceSpecification::sqs(ARN))
}

fn sqs_create_mock() -> wiremock::MockBuilder {
    api_post(
        DESTINATIONS,
        GRANTLESS_TOKEN,
        json!({"resourceSpecification": {"sqs": {"arn": ARN}}, "name": "orders"}),
    )
}

#[tokio::test]
async fn an_api_error_keeps_status_request_id_codes_and_details() {
    let server = server().await;
    sqs_create_mock()
        .respond_with(api_error(
            400,
            "InvalidInput",
            "Invalid input",
            Some("A destination cannot be created with multiple resource types"),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .create_destination(&sqs_request())
        .await
        .unwrap_err();
    let Error::Api {
        operation,
        status,
        request_id,
        errors,
        body,
        hint,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*operation, Operation::CreateDestination);
    assert_eq!(*status, 400);
    assert_eq!(request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(errors[0].code, "InvalidInput");
    assert_eq!(errors[0].message, "Invalid input");
    assert_eq!(
        errors[0].details.as_deref(),
        Some("A destination cannot be created with multiple resource types")
    );
    assert_eq!(*body, None);
    assert_eq!(*hint, None);
    assert_eq!(
        error.to_string(),
        format!(
            "createDestination failed with http 400 Bad Request (request id {REQUEST_ID}): \
             InvalidInput: Invalid input (A destination cannot be created with multiple resource types)"
        )
    );
}

#[tokio::test]
async fn an_unparsable_error_body_is_kept_raw() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(ResponseTemplate::new(418).set_body_string("<html>I'm a proxy</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).get_destinations().await.unwrap_err();
    let Error::Api {
        errors,
        body,
        request_id,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert!(errors.is_empty());
    assert_eq!(body.as_deref(), Some("<html>I'm a proxy</html>"));
    assert_eq!(*request_id, None);
}

#[tokio::test]
async fn an_lwa_failure_is_an_auth_error() {
    let server = server().await;
    let client = NotificationsClient::builder()
        .endpoint(server.uri())
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .credentials(spapi_auth::LwaCredentials::new(
            CLIENT_ID,
            spapi_auth::ClientSecret::new("amzn1.oa2-cs.v1.wrong-secret"),
        ))
        .build()
        .unwrap();
    let error = client.get_destinations().await.unwrap_err();
    let Error::Auth(auth) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(auth.oauth_code(), Some(&OAuthErrorCode::InvalidClient));
    // The cause is the source, printed once in the chain.
    assert_eq!(error.to_string(), "authentication failed");
    assert!(
        chain(&error)
            .starts_with("authentication failed: lwa rejected the token request: invalid_client"),
        "{}",
        chain(&error)
    );
    assert!(api_requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_response_off_the_model_is_a_decode_error_naming_the_path() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(
            200,
            json!({"payload": [
                {"destinationId": "d-1", "name": "ok", "resource": {"sqs": {"arn": ARN}}},
                {"destinationId": "d-2", "name": "bad", "resource": {"sqs": {"arn": 42}}}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    api("GET", "/notifications/v1/destinations/d-1", GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"errors": []})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let error = client.get_destinations().await.unwrap_err();
    let Error::Decode {
        operation,
        status,
        request_id,
        path,
        body,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*operation, Operation::GetDestinations);
    assert_eq!(*status, 200);
    assert_eq!(request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(path, "payload[1].resource.sqs.arn");
    assert!(body.contains("\"bad\""));
    assert!(
        error.to_string().contains("`payload[1].resource.sqs.arn`"),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());

    // A 200 without the payload the operation needs.
    let error = client.get_destination("d-1").await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { path, .. } if path == "."),
        "{error:?}"
    );
    let source = std::error::Error::source(&error).unwrap().to_string();
    assert!(source.contains("missing field `payload`"), "{source}");
}

/// Every variant with a cause keeps it as the source and does not repeat it, so a printed
/// chain (anyhow's `{:#}`) shows each cause once.
#[tokio::test]
async fn no_error_repeats_its_source() {
    let server = server().await;
    api("GET", DESTINATIONS, GRANTLESS_TOKEN)
        .respond_with(answer(200, json!({"payload": [{"destinationId": 7}]})))
        .expect(1)
        .mount(&server)
        .await;
    // Refused as expired with the first token and with the fresh one.
    wiremock::Mock::given(wiremock::matchers::path(
        "/notifications/v1/destinations/d-1",
    ))
    .respond_with(expired())
    .expect(2)
    .mount(&server)
    .await;
    let client = client(&server);
    let refused = NotificationsClient::builder()
        .endpoint("http://127.0.0.1:9")
        .grantless_provider(FixedToken::new("Atza|fixed-token"))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let wrong_secret = builder(&server)
        .credentials(spapi_auth::LwaCredentials::new(
            CLIENT_ID,
            spapi_auth::ClientSecret::new("amzn1.oa2-cs.v1.wrong-secret"),
        ))
        .build()
        .unwrap();

    let errors = [
        wrong_secret.get_destinations().await.unwrap_err(),
        client.get_destinations().await.unwrap_err(),
        client.get_destination("d-1").await.unwrap_err(),
        refused.get_destinations().await.unwrap_err(),
        client
            .create_destination(&CreateDestinationRequest::new(
                "orders",
                DestinationResourceSpecification::sqs("not an arn"),
            ))
            .await
            .unwrap_err(),
        NotificationsClient::builder().build().unwrap_err(),
    ];
    let kinds: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Auth(_) => "auth",
            Error::Decode { .. } => "decode",
            Error::Api { .. } => "api",
            Error::Transport { .. } => "transport",
            Error::Validation { .. } => "validation",
            Error::Config { .. } => "config",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["auth", "decode", "api", "transport", "validation", "config"]
    );
    for error in &errors {
        assert_no_repeated_source(error);
    }
    // With a cause, the chain has more to say than the error itself.
    for error in &errors[..2] {
        assert!(chain(error).len() > error.to_string().len(), "{error}");
    }
}

#[tokio::test]
async fn configuration_mistakes_are_config_errors() {
    let error = NotificationsClient::builder().build().unwrap_err();
    assert!(
        matches!(&error, Error::Config { setting, .. } if setting == "credentials"),
        "{error}"
    );

    let error = NotificationsClient::builder()
        .credentials(credentials())
        .endpoint("ftp://example.com")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Config { setting, .. } if setting == "endpoint"),
        "{error}"
    );

    let error = NotificationsClient::builder()
        .credentials(credentials())
        .user_agent_app("My\nApp", "1")
        .build()
        .unwrap_err();
    assert!(matches!(&error, Error::Config { .. }), "{error}");

    let error = "mars".parse::<Region>().unwrap_err();
    assert!(error.to_string().contains("use na, eu or fe"), "{error}");
}

/// Mounts one 4xx answer to createDestination (SQS), createSubscription, getDestination or
/// getSubscription, calls it, and returns the hint.
async fn hint_for(
    operation: Operation,
    status: u16,
    code: &str,
    message: &str,
    details: Option<&str>,
) -> Option<Hint> {
    let server = server().await;
    let answer = api_error(status, code, message, details);
    let client = client(&server);
    let seller = seller(&client);
    let result = match operation {
        Operation::CreateDestination => {
            sqs_create_mock()
                .respond_with(answer)
                .expect(1)
                .mount(&server)
                .await;
            client.create_destination(&sqs_request()).await.map(drop)
        }
        Operation::GetDestination => {
            api("GET", "/notifications/v1/destinations/d-1", GRANTLESS_TOKEN)
                .respond_with(answer)
                .expect(1)
                .mount(&server)
                .await;
            client.get_destination("d-1").await.map(drop)
        }
        Operation::CreateSubscription => {
            api_post(
                "/notifications/v1/subscriptions/DETAIL_PAGE_TRAFFIC_EVENT",
                SELLER_TOKEN,
                json!({"payloadVersion": "2020-09-04", "destinationId": "d-1"}),
            )
            .respond_with(answer)
            .expect(1)
            .mount(&server)
            .await;
            seller
                .create_subscription(
                    &NotificationType::DetailPageTrafficEvent,
                    &CreateSubscriptionRequest::new("2020-09-04", "d-1"),
                )
                .await
                .map(drop)
        }
        _ => unreachable!("not used"),
    };
    let error = result.unwrap_err();
    let hint = error.hint();
    if let Some(hint) = hint {
        assert!(
            error.to_string().ends_with(&format!("; hint: {hint}")),
            "{error}"
        );
    }
    hint
}

#[tokio::test]
async fn a_refused_grantless_operation_explains_the_grantless_token() {
    let hint = hint_for(
        Operation::GetDestination,
        403,
        "Unauthorized",
        "Access to requested resource is denied.",
        None,
    )
    .await;
    assert_eq!(hint, Some(Hint::GrantlessTokenRequired));
    assert!(
        Hint::GrantlessTokenRequired
            .to_string()
            .contains("sellingpartnerapi::notifications")
    );
}

#[tokio::test]
async fn a_refused_seller_operation_explains_the_missing_role_or_the_token_kind() {
    let hint = hint_for(
        Operation::CreateSubscription,
        403,
        "Unauthorized",
        "Access to requested resource is denied.",
        None,
    )
    .await;
    // DETAIL_PAGE_TRAFFIC_EVENT documents its role, and the hint names it.
    let role = NotificationType::DetailPageTrafficEvent.required_role();
    assert_eq!(role, Some("Brand Analytics"));
    assert_eq!(hint, Some(Hint::MissingRole { role }));
    let text = hint.unwrap().to_string();
    assert!(text.contains("needs the Brand Analytics role"), "{text}");
    assert!(text.contains("not a grantless one"), "{text}");
    // Without a documented role, the hint gives examples.
    let text = Hint::MissingRole { role: None }.to_string();
    assert!(text.contains("DETAIL_PAGE_TRAFFIC_EVENT"), "{text}");

    let hint = hint_for(
        Operation::CreateSubscription,
        403,
        "Unauthorized",
        "Access to requested resource is denied.",
        Some("This operation cannot be called with a grantless token."),
    )
    .await;
    assert_eq!(hint, Some(Hint::SellerTokenRequired));
    assert!(
        Hint::SellerTokenRequired
            .to_string()
            .contains("refresh token")
    );
}

#[tokio::test]
async fn a_refused_sqs_destination_explains_the_queue_policy() {
    let hint = hint_for(
        Operation::CreateDestination,
        400,
        "InvalidInput",
        "Invalid input",
        Some("Unable to send a message to the SQS queue: check the queue permissions"),
    )
    .await;
    assert_eq!(hint, Some(Hint::SqsQueuePolicy));
    let text = Hint::SqsQueuePolicy.to_string();
    assert!(
        text.contains("437568002678")
            && text.contains("sqs:SendMessage")
            && text.contains("sqs:GetQueueAttributes")
    );
}

#[tokio::test]
async fn a_destination_from_another_region_is_explained() {
    let hint = hint_for(
        Operation::CreateSubscription,
        400,
        "InvalidInput",
        "No destination with id d-1 for applicationId amzn1.sp.solution.x",
        None,
    )
    .await;
    assert_eq!(hint, Some(Hint::RegionMismatch));
    let hint = hint_for(
        Operation::GetDestination,
        404,
        "NotFound",
        "The resource specified does not exist.",
        None,
    )
    .await;
    assert_eq!(hint, Some(Hint::RegionMismatch));
}

#[tokio::test]
async fn a_type_on_the_wrong_kind_of_destination_is_explained() {
    let hint = hint_for(
        Operation::CreateSubscription,
        400,
        "InvalidInput",
        "Invalid input",
        Some("Notification type DETAIL_PAGE_TRAFFIC_EVENT does not support AWS_EVENT_BRIDGE"),
    )
    .await;
    assert_eq!(hint, Some(Hint::WrongDeliveryChannel));
}

#[tokio::test]
async fn an_ordinary_bad_request_has_no_hint() {
    let hint = hint_for(
        Operation::CreateSubscription,
        400,
        "InvalidInput",
        "payloadVersion 9.9 is not supported",
        None,
    )
    .await;
    assert_eq!(hint, None);
}
