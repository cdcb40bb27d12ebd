//! Configuration from the environment, tested in child processes.
//!
//! `std::env::set_var` is unsafe (and unsafe code is forbidden here), so each test runs itself
//! in a child process with exactly the variables its case sets, and compares what the child
//! reports.

use crate::support::*;
use serde_json::json;
use spapi_notifications_client::NotificationsClient;
use spapi_testkit::ChildEnv;
use spapi_testkit::errors::chain;

/// These tests' children: each sees only the variables its case sets.
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

/// What a child running `scenario` with exactly `vars` reports, checked for secrets; `None` in
/// the child itself, which has served its scenario (the test then returns).
fn report(scenario: &str, vars: &[(&str, &str)]) -> Option<String> {
    if CHILD.serve(run_scenario) {
        return None;
    }
    let report = CHILD.run(scenario, vars);
    assert_no_secret(scenario, &report);
    Some(report)
}

#[test]
fn defaults_to_north_america() {
    let Some(report) = report("endpoint", &with_credentials(&[])) else {
        return;
    };
    assert_eq!(
        report,
        "https://sellingpartnerapi-na.amazon.com sandbox=false"
    );
}

#[test]
fn reads_the_region() {
    let Some(report) = report("endpoint", &with_credentials(&[("SP_API_REGION", "EU")])) else {
        return;
    };
    assert_eq!(
        report,
        "https://sellingpartnerapi-eu.amazon.com sandbox=false"
    );
}

#[test]
fn the_endpoint_wins_over_the_region() {
    let vars = with_credentials(&[
        ("SP_API_REGION", "fe"),
        ("SP_API_ENDPOINT", "http://127.0.0.1:9/"),
    ]);
    let Some(report) = report("endpoint", &vars) else {
        return;
    };
    assert_eq!(report, "http://127.0.0.1:9 sandbox=true");
}

#[test]
fn accepts_lwa_client_id() {
    let vars = [
        ("LWA_CLIENT_ID", CLIENT_ID),
        ("LWA_CLIENT_SECRET", CLIENT_SECRET),
        ("SP_API_REGION", "fe"),
    ];
    let Some(report) = report("endpoint", &vars) else {
        return;
    };
    assert_eq!(
        report,
        "https://sellingpartnerapi-fe.amazon.com sandbox=false"
    );
}

#[test]
fn names_missing_credentials() {
    let Some(report) = report("endpoint", &[("LWA_CLIENT_SECRET", CLIENT_SECRET)]) else {
        return;
    };
    assert_eq!(
        report,
        "error: authentication failed: environment variable LWA_APP_ID (or LWA_CLIENT_ID) is not set"
    );
}

#[test]
fn names_a_bad_region() {
    let Some(report) = report("endpoint", &with_credentials(&[("SP_API_REGION", "mars")])) else {
        return;
    };
    assert_eq!(
        report,
        "error: invalid client configuration: SP_API_REGION: \"mars\" is not a region: use na, eu or fe"
    );
}

#[test]
fn names_a_bad_endpoint() {
    let vars = with_credentials(&[("SP_API_ENDPOINT", "not a url")]);
    let Some(report) = report("endpoint", &vars) else {
        return;
    };
    assert!(
        report.starts_with(
            "error: invalid client configuration: SP_API_ENDPOINT: \"not a url\" is not a URL"
        ),
        "{report}"
    );
}

#[test]
fn names_a_bad_token_url() {
    let Some(report) = report("endpoint", &with_credentials(&[("LWA_TOKEN_URL", "::")])) else {
        return;
    };
    assert!(report.contains("LWA_TOKEN_URL"), "{report}");
}

/// A whole call: the child takes the token from LWA_TOKEN_URL and calls SP_API_ENDPOINT.
#[test]
fn calls_with_the_environment() {
    if CHILD.serve(run_scenario) {
        return;
    }
    // The mock server answers from its own thread while this one waits for the child.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = server().await;
        api("GET", DESTINATIONS, GRANTLESS_TOKEN)
            .respond_with(answer(200, json!({"payload": []})))
            .expect(1)
            .mount(&server)
            .await;
        server
    });
    let token_url = format!("{}{TOKEN_PATH}", server.uri());
    let uri = server.uri();
    let vars = with_credentials(&[("LWA_TOKEN_URL", &token_url), ("SP_API_ENDPOINT", &uri)]);
    let report = report("call", &vars).expect("the parent runs the child");
    assert_eq!(report, "0 destinations");
    assert_eq!(
        runtime.block_on(token_requests(&server, "client_credentials")),
        1
    );
}
