//! Configuration from the environment, tested in child processes.
//!
//! `std::env::set_var` is unsafe (and unsafe code is forbidden here), so this test binary runs
//! itself once per case with exactly the variables the case sets, and compares what the child
//! reports. It has no libtest harness (`harness = false` in Cargo.toml), so it prints its own
//! results.
#![allow(clippy::print_stdout)]

mod common;

use common::*;
use serde_json::json;
use spapi_notifications_client::NotificationsClient;
use spapi_testkit::ChildEnv;
use spapi_testkit::errors::chain;

/// This binary's children: each sees only the variables its case sets.
const CHILD: ChildEnv = ChildEnv {
    scenario_var: "SPAPI_CLIENT_ENV_SCENARIO",
    cleared: &[
        "LWA_APP_ID",
        "LWA_CLIENT_ID",
        "LWA_CLIENT_SECRET",
        "LWA_TOKEN_URL",
        "SP_API_REGION",
        "SP_API_ENDPOINT",
    ],
};

/// What a child reports for `scenario`, read from its own environment.
fn run_scenario(scenario: &str) -> String {
    let client = match NotificationsClient::from_env() {
        Ok(client) => client,
        Err(error) => return format!("error: {}", chain(&error)),
    };
    match scenario {
        "endpoint" => format!("{} sandbox={}", client.endpoint(), client.is_sandbox()),
        "call" => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                match client.get_destinations().await {
                    Ok(destinations) => format!("{} destinations", destinations.len()),
                    Err(error) => format!("error: {}", chain(&error)),
                }
            })
        }
        other => format!("unknown scenario {other}"),
    }
}

const CREDENTIALS: [(&str, &str); 2] = [
    ("LWA_APP_ID", CLIENT_ID),
    ("LWA_CLIENT_SECRET", CLIENT_SECRET),
];

fn with_credentials<'a>(more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    CREDENTIALS
        .iter()
        .copied()
        .chain(more.iter().copied())
        .collect()
}

fn check(name: &str, actual: &str, expected: &str) {
    assert_eq!(actual, expected, "case {name}");
    assert_no_secret(name, actual);
    println!("test env::{name} ... ok");
}

fn main() {
    if CHILD.serve(run_scenario) {
        return;
    }

    check(
        "defaults_to_north_america",
        &CHILD.run("endpoint", &with_credentials(&[])),
        "https://sellingpartnerapi-na.amazon.com sandbox=false",
    );
    check(
        "reads_the_region",
        &CHILD.run("endpoint", &with_credentials(&[("SP_API_REGION", "EU")])),
        "https://sellingpartnerapi-eu.amazon.com sandbox=false",
    );
    check(
        "the_endpoint_wins_over_the_region",
        &CHILD.run(
            "endpoint",
            &with_credentials(&[
                ("SP_API_REGION", "fe"),
                ("SP_API_ENDPOINT", "http://127.0.0.1:9/"),
            ]),
        ),
        "http://127.0.0.1:9 sandbox=true",
    );
    check(
        "accepts_lwa_client_id",
        &CHILD.run(
            "endpoint",
            &[
                ("LWA_CLIENT_ID", CLIENT_ID),
                ("LWA_CLIENT_SECRET", CLIENT_SECRET),
                ("SP_API_REGION", "fe"),
            ],
        ),
        "https://sellingpartnerapi-fe.amazon.com sandbox=false",
    );
    check(
        "names_missing_credentials",
        &CHILD.run("endpoint", &[("LWA_CLIENT_SECRET", CLIENT_SECRET)]),
        "error: authentication failed: environment variable LWA_APP_ID (or LWA_CLIENT_ID) is not set",
    );
    check(
        "names_a_bad_region",
        &CHILD.run("endpoint", &with_credentials(&[("SP_API_REGION", "mars")])),
        "error: invalid client configuration: SP_API_REGION: \"mars\" is not a region: use na, eu or fe",
    );
    let bad_endpoint = CHILD.run(
        "endpoint",
        &with_credentials(&[("SP_API_ENDPOINT", "not a url")]),
    );
    assert!(
        bad_endpoint.starts_with(
            "error: invalid client configuration: SP_API_ENDPOINT: \"not a url\" is not a URL"
        ),
        "{bad_endpoint}"
    );
    println!("test env::names_a_bad_endpoint ... ok");
    let bad_token_url = CHILD.run("endpoint", &with_credentials(&[("LWA_TOKEN_URL", "::")]));
    assert!(bad_token_url.contains("LWA_TOKEN_URL"), "{bad_token_url}");
    println!("test env::names_a_bad_token_url ... ok");

    // A whole call: the child takes the token from LWA_TOKEN_URL and calls SP_API_ENDPOINT.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let server = server().await;
        api("GET", DESTINATIONS, GRANTLESS_TOKEN)
            .respond_with(answer(200, json!({"payload": []})))
            .expect(1)
            .mount(&server)
            .await;
        let token_url = format!("{}{TOKEN_PATH}", server.uri());
        let uri = server.uri();
        let reported = tokio::task::spawn_blocking(move || {
            CHILD.run(
                "call",
                &with_credentials(&[("LWA_TOKEN_URL", &token_url), ("SP_API_ENDPOINT", &uri)]),
            )
        })
        .await
        .expect("child");
        check("calls_with_the_environment", &reported, "0 destinations");
        assert_eq!(token_requests(&server, "client_credentials").await, 1);
    });
}
