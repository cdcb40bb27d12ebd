//! Configuration from the environment, tested in child processes.
//!
//! `std::env::set_var` is unsafe (and unsafe code is forbidden here), so the test runs itself
//! in a child process once per case, with exactly the variables the case sets, and compares what
//! the child reports.

use crate::support::*;
use spapi_auth::{
    DEFAULT_TOKEN_URL, LwaCredentials, LwaTokenProvider, RefreshToken, Scope, TokenProvider,
};
use spapi_testkit::ChildEnv;

/// A scenario, the variables its child gets, and what it must report.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], String);

/// This binary's children: each sees only the variables its case sets.
const CHILD: ChildEnv = ChildEnv {
    scenario_var: "SPAPI_AUTH_ENV_SCENARIO",
    cleared: &[
        "LWA_APP_ID",
        "LWA_CLIENT_ID",
        "LWA_CLIENT_SECRET",
        "SP_API_REFRESH_TOKEN",
        "LWA_TOKEN_URL",
    ],
};

/// What a child reports for `scenario`, read from its own environment.
fn run_scenario(scenario: &str) -> String {
    fn report<T>(result: Result<T, spapi_auth::Error>, ok: impl FnOnce(T) -> String) -> String {
        result.map_or_else(|error| format!("error: {error}"), ok)
    }
    match scenario {
        "credentials" => report(LwaCredentials::from_env(), |credentials| {
            format!(
                "{} {}",
                credentials.client_id(),
                credentials.client_secret().expose_secret()
            )
        }),
        "refresh_token" => report(RefreshToken::from_env(), |token| {
            token.expose_secret().to_owned()
        }),
        "seller" => report(LwaTokenProvider::seller_from_env(), |provider| {
            provider.token_url().to_string()
        }),
        "grantless_token" => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let provider = match LwaTokenProvider::grantless_from_env([Scope::NOTIFICATIONS]) {
                    Ok(provider) => provider,
                    Err(error) => return format!("error: {error}"),
                };
                report(provider.access_token().await, |token| {
                    token.expose_secret().to_owned()
                })
            })
        }
        other => format!("unknown scenario {other}"),
    }
}

#[test]
fn from_env_reads_the_variables_sp_api_users_set() {
    if CHILD.serve(run_scenario) {
        return;
    }

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(lwa_server(3600));
    let url = token_url(&server).to_string();

    let cases: [Case<'_>; 13] = [
        (
            "credentials",
            &[("LWA_APP_ID", "app-id"), ("LWA_CLIENT_SECRET", "s3cret")],
            "app-id s3cret".to_owned(),
        ),
        (
            "credentials",
            &[
                ("LWA_CLIENT_ID", "client-id"),
                ("LWA_CLIENT_SECRET", "s3cret"),
            ],
            "client-id s3cret".to_owned(),
        ),
        (
            "credentials",
            &[
                ("LWA_APP_ID", "app-id"),
                ("LWA_CLIENT_ID", "client-id"),
                ("LWA_CLIENT_SECRET", "s3cret"),
            ],
            "app-id s3cret".to_owned(),
        ),
        (
            "credentials",
            &[("LWA_CLIENT_SECRET", "s3cret")],
            "error: environment variable LWA_APP_ID (or LWA_CLIENT_ID) is not set".to_owned(),
        ),
        (
            "credentials",
            &[("LWA_APP_ID", "app-id")],
            "error: environment variable LWA_CLIENT_SECRET is not set".to_owned(),
        ),
        (
            "credentials",
            &[("LWA_APP_ID", "app-id"), ("LWA_CLIENT_SECRET", "")],
            "error: environment variable LWA_CLIENT_SECRET is not set".to_owned(),
        ),
        (
            "refresh_token",
            &[("SP_API_REFRESH_TOKEN", "Atzr|x")],
            "Atzr|x".to_owned(),
        ),
        (
            "refresh_token",
            &[],
            "error: environment variable SP_API_REFRESH_TOKEN is not set".to_owned(),
        ),
        (
            "seller",
            &[
                ("LWA_APP_ID", "a"),
                ("LWA_CLIENT_SECRET", "s"),
                ("SP_API_REFRESH_TOKEN", "r"),
            ],
            DEFAULT_TOKEN_URL.to_owned(),
        ),
        (
            "seller",
            &[
                ("LWA_APP_ID", "a"),
                ("LWA_CLIENT_SECRET", "s"),
                ("SP_API_REFRESH_TOKEN", "r"),
                ("LWA_TOKEN_URL", "http://127.0.0.1:9/auth/o2/token"),
            ],
            "http://127.0.0.1:9/auth/o2/token".to_owned(),
        ),
        (
            "seller",
            &[("LWA_APP_ID", "a"), ("LWA_CLIENT_SECRET", "s")],
            "error: environment variable SP_API_REFRESH_TOKEN is not set".to_owned(),
        ),
        (
            "seller",
            &[
                ("LWA_APP_ID", "a"),
                ("LWA_CLIENT_SECRET", "s"),
                ("SP_API_REFRESH_TOKEN", "r"),
                ("LWA_TOKEN_URL", "not a url"),
            ],
            "error: environment variable LWA_TOKEN_URL is invalid: \"not a url\" is not a url: \
             relative URL without a base"
                .to_owned(),
        ),
        (
            "grantless_token",
            &[
                ("LWA_APP_ID", CLIENT_ID),
                ("LWA_CLIENT_SECRET", CLIENT_SECRET),
                ("LWA_TOKEN_URL", &url),
            ],
            format!("{ACCESS_TOKEN_PREFIX}1"),
        ),
    ];
    for (scenario, vars, expected) in cases {
        assert_eq!(
            CHILD.run(scenario, vars),
            expected,
            "{scenario} with {vars:?}"
        );
    }

    // The grantless case really reached the stand-in, with the credentials from the environment.
    let requests = runtime
        .block_on(server.received_requests())
        .expect("recording");
    assert_eq!(requests.len(), 1);
    let fields = form_fields(&requests[0]);
    assert!(fields.contains(&("client_id".to_owned(), CLIENT_ID.to_owned())));
    assert!(fields.contains(&("client_secret".to_owned(), CLIENT_SECRET.to_owned())));
}
