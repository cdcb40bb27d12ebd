//! Runs the built `spapi-notifications` program, and the worlds it runs against: the sandbox
//! started here (reached through the credentials in its environment, as a user's would be),
//! no credentials at all (the program's embedded sandbox), or moto's SQS.

use std::process::Stdio;

use serde_json::Value;
use spapi_sandbox::Sandbox;
use tokio::io::AsyncWriteExt as _;

/// Every variable the program reads for credentials or endpoints: removed, so that the
/// developer's own environment never leaks into a test.
const CONFIG_VARS: &[&str] = &[
    "LWA_APP_ID",
    "LWA_CLIENT_ID",
    "LWA_CLIENT_SECRET",
    "SP_API_REFRESH_TOKEN",
    "LWA_TOKEN_URL",
    "SP_API_REGION",
    "SP_API_ENDPOINT",
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

/// What a run of the program gave.
#[derive(Debug)]
pub(crate) struct Run {
    /// Its exit status.
    pub(crate) code: i32,
    /// Its stdout.
    pub(crate) out: String,
    /// Its stderr.
    pub(crate) err: String,
}

impl Run {
    /// Stdout as one JSON value.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.out).unwrap_or_else(|error| panic!("{error}: {self:?}"))
    }

    /// Each line of stdout as JSON.
    pub(crate) fn json_lines(&self) -> Vec<Value> {
        self.out
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }

    /// The cells of each table line after the header.
    pub(crate) fn rows(&self) -> Vec<Vec<&str>> {
        self.out.lines().skip(1).map(cells).collect()
    }

    /// The cells of the table's header.
    pub(crate) fn header(&self) -> Vec<&str> {
        cells(self.out.lines().next().unwrap_or_default())
    }
}

/// The cells of a table's line.
fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect()
}

/// Runs the program with `args` (split on whitespace), the environment `env` and `stdin`.
pub(crate) async fn run_with(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_spapi-notifications"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for name in CONFIG_VARS {
        command.env_remove(name);
    }
    // No AWS profile of the developer's: only what the test sets.
    command
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command.envs(env.iter().copied());
    let mut child = command.spawn().expect("the built program runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).await.unwrap();
    drop(input);
    let output = child.wait_with_output().await.unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    Run {
        code: output.status.code().expect("exited, not killed"),
        out: text(output.stdout),
        err: text(output.stderr),
    }
}

/// Runs the program with `args` (split on whitespace) and no credentials.
pub(crate) async fn run(args: &str) -> Run {
    run_with(&args.split_whitespace().collect::<Vec<_>>(), &[], b"").await
}

/// A sandbox started here, and the environment that points the program at it.
pub(crate) struct Api {
    pub(crate) sandbox: Sandbox,
    env: Vec<(&'static str, String)>,
}

impl Api {
    /// A fresh sandbox; the program gets its application's credentials and its seller's
    /// refresh token.
    pub(crate) async fn start() -> Self {
        let sandbox = Sandbox::builder()
            .without_rate_limits()
            .start()
            .await
            .unwrap();
        let env = vec![
            ("LWA_APP_ID", sandbox.client_id().to_owned()),
            ("LWA_CLIENT_SECRET", sandbox.client_secret().to_owned()),
            ("SP_API_REFRESH_TOKEN", sandbox.refresh_token().to_owned()),
            ("SP_API_ENDPOINT", sandbox.base_url().to_owned()),
            ("LWA_TOKEN_URL", sandbox.token_url().to_owned()),
        ];
        Self { sandbox, env }
    }

    /// Sets (or with an empty value, removes) a variable of the program's environment.
    pub(crate) fn set(&mut self, name: &'static str, value: &str) {
        self.env.retain(|(n, _)| *n != name);
        if !value.is_empty() {
            self.env.push((name, value.to_owned()));
        }
    }

    /// Runs the program with `args` (split on whitespace) against this sandbox.
    pub(crate) async fn run(&self, args: &str) -> Run {
        let env: Vec<(&str, &str)> = self.env.iter().map(|(n, v)| (*n, v.as_str())).collect();
        run_with(&args.split_whitespace().collect::<Vec<_>>(), &env, b"").await
    }
}

/// A file in a fresh temporary directory, holding `contents`; removed with the directory when
/// the returned guard is dropped.
pub(crate) struct TempFile {
    dir: std::path::PathBuf,
    pub(crate) path: std::path::PathBuf,
}

impl TempFile {
    pub(crate) fn new(name: &str, contents: &str) -> Self {
        let dir = std::env::temp_dir().join(spapi_sandbox::testing::unique_name("spapi-cli"));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        Self { dir, path }
    }

    pub(crate) fn path(&self) -> &str {
        self.path.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
