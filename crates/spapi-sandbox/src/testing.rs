//! Test helpers shared by the workspace's test suites: a [`Moto`] server (the AWS emulator the
//! SQS and DynamoDB tests run against) on a free port of 127.0.0.1, stopped when dropped.
//!
//! ```no_run
//! use spapi_sandbox::testing::{Moto, unique_name};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), spapi_sandbox::Error> {
//! // One server for every test of the binary that runs at the same time.
//! let moto = Moto::shared()?;
//! # #[cfg(feature = "sqs")] {
//! let queue = moto.create_queue(&unique_name("orders")).await?;
//! let sqs = moto.sqs_client();
//! sqs.send_message().queue_url(&queue.url).message_body("{}").send().await.unwrap();
//! # }
//! # Ok(())
//! # }
//! ```

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::Error;
use crate::state::lock;

/// How long moto may take to answer its first request (it imports a lot of Python).
const READY_WITHIN: Duration = Duration::from_secs(60);

/// A `moto_server` process listening on 127.0.0.1, killed when dropped.
///
/// The program is `$MOTO_SERVER`, else `$MOTO_VENV/bin/moto_server`, else
/// `target/moto-venv/bin/moto_server` in the workspace: where `scripts/test.sh` installs it.
/// When none exists, [`start`](Self::start) fails with a message saying so: tests that need
/// moto fail rather than skip.
#[derive(Debug)]
pub struct Moto {
    child: Child,
    endpoint: String,
    log: PathBuf,
}

/// An SQS queue created on moto.
#[cfg(feature = "sqs")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqs")))]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TestQueue {
    /// The queue URL, `http://127.0.0.1:PORT/123456789012/NAME`.
    pub url: String,
    /// The queue ARN, `arn:aws:sqs:us-east-1:123456789012:NAME`.
    pub arn: String,
}

impl Moto {
    /// The server shared by every caller holding it: started by the first, stopped when the
    /// last one drops it. Tests of one binary run in parallel; each should use unique queue
    /// names ([`unique_name`]).
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start).
    pub fn shared() -> Result<Arc<Self>, Error> {
        static SHARED: Mutex<Weak<Moto>> = Mutex::new(Weak::new());
        // Held while starting, so that concurrent callers wait for the same server.
        let mut shared = lock(&SHARED);
        if let Some(moto) = shared.upgrade() {
            return Ok(moto);
        }
        let moto = Arc::new(Self::start()?);
        *shared = Arc::downgrade(&moto);
        Ok(moto)
    }

    /// Starts `moto_server -H 127.0.0.1 -p PORT` on a free port and waits (blocking the
    /// thread, up to a minute) until it answers.
    ///
    /// # Errors
    ///
    /// [`Error::Testing`] when moto is not installed, does not start, or does not answer
    /// within a minute (its log is quoted).
    pub fn start() -> Result<Self, Error> {
        Self::start_with_env(&[])
    }

    /// As [`start`](Self::start), with these environment variables set for moto, such as
    /// `SPAPI_MOTO_FIX=off` to run it without the EventBridge fix that `scripts/test.sh`
    /// installs (`crates/spapi-sandbox/moto/`).
    ///
    /// # Errors
    ///
    /// As [`start`](Self::start).
    pub fn start_with_env(env: &[(&str, &str)]) -> Result<Self, Error> {
        let program = program()?;
        let mut last_error = None;
        // The port is free when chosen, but another process may take it before moto does.
        for _ in 0..3 {
            let port = free_port()?;
            let log = std::env::temp_dir().join(format!("{}.log", unique_name("spapi-moto")));
            let mut moto = Self::spawn(&program, port, log, env)?;
            match moto.ready() {
                Ok(()) => return Ok(moto),
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or_else(|| testing("moto did not start", None)))
    }

    fn spawn(program: &Path, port: u16, log: PathBuf, env: &[(&str, &str)]) -> Result<Self, Error> {
        let file = File::create(&log)
            .map_err(|e| testing("cannot create moto's log file", Some(e.into())))?;
        let stderr = file
            .try_clone()
            .map_err(|e| testing("cannot create moto's log file", Some(e.into())))?;
        let child = Command::new(program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(stderr)
            .spawn()
            .map_err(|e| testing(format!("cannot run {}", program.display()), Some(e.into())))?;
        Ok(Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
        })
    }

    /// Waits until `GET /moto-api/` answers 200.
    fn ready(&mut self) -> Result<(), Error> {
        let addr: SocketAddr = self
            .endpoint
            .trim_start_matches("http://")
            .parse()
            .map_err(|e| testing("bad moto address", Some(Box::new(e))))?;
        let started = Instant::now();
        while started.elapsed() < READY_WITHIN {
            if answers(addr) {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(testing(
                    format!(
                        "moto_server exited ({status}) before answering:\n{}",
                        self.log_tail()
                    ),
                    None,
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(testing(
            format!(
                "moto_server did not answer within {READY_WITHIN:?}:\n{}",
                self.log_tail()
            ),
            None,
        ))
    }

    /// The endpoint, `http://127.0.0.1:PORT`, for AWS clients' `endpoint_url`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// An SQS client for moto: region `us-east-1`, placeholder credentials.
    #[cfg(feature = "sqs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sqs")))]
    pub fn sqs_client(&self) -> aws_sdk_sqs::Client {
        use aws_sdk_sqs::config::{BehaviorVersion, Credentials, Region};
        let config = aws_sdk_sqs::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
            .build();
        aws_sdk_sqs::Client::from_conf(config)
    }

    /// An EventBridge client for moto: region `us-east-1`, placeholder credentials.
    #[cfg(feature = "eventbridge")]
    #[cfg_attr(docsrs, doc(cfg(feature = "eventbridge")))]
    pub fn event_bridge_client(&self) -> spapi_notifications_aws::aws_sdk_eventbridge::Client {
        use eventbridge::config::{BehaviorVersion, Credentials, Region};
        use spapi_notifications_aws::aws_sdk_eventbridge as eventbridge;
        let config = eventbridge::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
            .build();
        eventbridge::Client::from_conf(config)
    }

    /// Creates a standard queue called `name` (see [`unique_name`]).
    ///
    /// # Errors
    ///
    /// [`Error::Testing`] with moto's error.
    #[cfg(feature = "sqs")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sqs")))]
    pub async fn create_queue(&self, name: &str) -> Result<TestQueue, Error> {
        use aws_sdk_sqs::types::QueueAttributeName;
        let failed = |error: Box<dyn std::error::Error + Send + Sync>| {
            testing(format!("moto could not create queue {name}"), Some(error))
        };
        let sqs = self.sqs_client();
        let url = sqs
            .create_queue()
            .queue_name(name)
            .send()
            .await
            .map_err(|e| failed(Box::new(e.into_service_error())))?
            .queue_url
            .ok_or_else(|| failed("no queue url".into()))?;
        let arn = sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(|e| failed(Box::new(e.into_service_error())))?
            .attributes
            .and_then(|mut attributes| attributes.remove(&QueueAttributeName::QueueArn))
            .ok_or_else(|| failed("no queue arn".into()))?;
        Ok(TestQueue { url, arn })
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// `prefix` made unique across processes and calls (`prefix-PID-NANOS-N`): for queue and table
/// names, since test binaries run in parallel against their own or a shared moto.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    format!(
        "{prefix}-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The `moto_server` program to run.
fn program() -> Result<PathBuf, Error> {
    let workspace_venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/moto-venv");
    let candidates = [
        std::env::var_os("MOTO_SERVER").map(PathBuf::from),
        std::env::var_os("MOTO_VENV").map(|venv| PathBuf::from(venv).join("bin/moto_server")),
        Some(workspace_venv.join("bin/moto_server")),
    ];
    candidates
        .iter()
        .flatten()
        .find(|path| path.is_file())
        .cloned()
        .ok_or_else(|| {
            testing(
                format!(
                    "moto_server not found (set MOTO_SERVER, or install it into {}): run \
                     scripts/test.sh, which installs moto and runs every test",
                    workspace_venv.display()
                ),
                None,
            )
        })
}

fn free_port() -> Result<u16, Error> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| testing("no free port on 127.0.0.1", Some(e.into())))
}

/// Whether an HTTP server at `addr` answers `GET /moto-api/` with 200.
fn answers(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    let mut status = [0u8; 12];
    stream.write_all(request).is_ok()
        && stream.read_exact(&mut status).is_ok()
        && status.starts_with(b"HTTP/1.")
        && status.ends_with(b"200")
}

fn testing(
    what: impl Into<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::Testing {
        what: what.into(),
        source,
    }
}
