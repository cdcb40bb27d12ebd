//! A loopback HTTP server whose answers the fuzzer writes, and the client calls it answers.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use spapi_auth::retry::RetryPolicy;
use spapi_auth::{ClientSecret, LwaCredentials, RefreshToken};
use spapi_notification_types::NotificationType;
use spapi_notifications_client::http::StatusCode;
use spapi_notifications_client::{
    CreateDestinationRequest, CreateSubscriptionRequest, DestinationResourceSpecification,
    GetSubscriptionsQuery, NotificationsClient, SendTestNotificationRequest,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

const CLIENT_SECRET: &str = "fuzz-client-secret-5b1e";
const REFRESH_TOKEN: &str = "Atzr|fuzz-refresh-token-77c3";
const TOKEN_PATH: &str = "/auth/o2/token";
const GOOD_TOKEN: &[u8] =
    br#"{"access_token":"Atza|fuzz-access","token_type":"bearer","expires_in":3600}"#;

/// Rate limits Amazon could send in `x-amzn-RateLimit-Limit`, and some it should not.
const RATE_LIMITS: [&str; 8] = ["", "0", "-1", "NaN", "inf", "1e309", "0.0167", "5.0"];

/// One HTTP answer.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    body: Vec<u8>,
    rate_limit: Option<&'static str>,
}

/// What the server answers LWA (a good token unless the fuzzer writes it) and the API, and
/// which operation the client calls.
#[derive(Debug, Clone)]
pub struct Exchange {
    lwa: Option<Answer>,
    api: Answer,
    operation: u8,
}

impl Exchange {
    /// Reads `[flags, status high, status low, body...]`: the low 3 bits of `flags` pick the
    /// operation, bit 3 sends the body to LWA instead of the API, bits 4-7 pick a rate-limit
    /// header (none for 8 and above). Short inputs are `None`.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let [flags, high, low, body @ ..] = bytes else {
            return None;
        };
        let answer = Answer {
            // 1xx answers are interim, not final: the client would wait for the real one.
            status: 200 + u16::from_be_bytes([*high, *low]) % 400,
            body: body.to_vec(),
            rate_limit: RATE_LIMITS.get(usize::from(flags >> 4)).copied(),
        };
        let (lwa, api) = if flags & 0b1000 == 0 {
            (None, answer)
        } else {
            let api = Answer {
                status: 200,
                body: b"{\"payload\":{}}".to_vec(),
                rate_limit: None,
            };
            (Some(answer), api)
        };
        Some(Self {
            lwa,
            api,
            operation: flags & 0b111,
        })
    }
}

struct Server {
    runtime: Runtime,
    base: String,
    http: spapi_notifications_client::reqwest::Client,
    exchange: Arc<Mutex<Option<Exchange>>>,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let exchange = Arc::new(Mutex::new(None));
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        runtime.spawn(serve(listener, Arc::clone(&exchange)));
        let http = spapi_notifications_client::reqwest::Client::builder()
            .build()
            .expect("an HTTP client");
        Server {
            runtime,
            base,
            http,
            exchange,
        }
    })
}

async fn serve(listener: TcpListener, exchange: Arc<Mutex<Option<Exchange>>>) {
    while let Ok((mut stream, _)) = listener.accept().await {
        let exchange = Arc::clone(&exchange);
        tokio::spawn(async move {
            let Some(path) = read_request(&mut stream).await else {
                return;
            };
            let answer = {
                let current = exchange.lock().expect("not poisoned");
                let current = current.as_ref().expect("an exchange is set");
                if path.starts_with(TOKEN_PATH) {
                    current.lwa.clone()
                } else {
                    Some(current.api.clone())
                }
            };
            let _ = stream.write_all(&response(answer.as_ref())).await;
            let _ = stream.shutdown().await;
        });
    }
}

/// Reads a request's head and body; returns its path.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    break;
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            return head.split(' ').nth(1).map(str::to_owned);
        }
    }
}

fn response(answer: Option<&Answer>) -> Vec<u8> {
    let (status, body, extra) = match answer {
        Some(answer) => {
            let mut extra = String::from("x-amzn-RequestId: fuzz-request-1\r\n");
            if let Some(rate) = answer.rate_limit {
                extra += &format!("x-amzn-RateLimit-Limit: {rate}\r\n");
            }
            (answer.status, answer.body.as_slice(), extra)
        }
        None => (200, GOOD_TOKEN, String::new()),
    };
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Other");
    let mut bytes = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Calls the operation the exchange names against the server answering as it says.
///
/// # Panics
///
/// When the client panics, or an error names a secret it was not sent in the answer.
pub fn run(exchange: Exchange) {
    let server = server();
    let operation = exchange.operation;
    let echoed = [exchange.lwa.as_ref(), Some(&exchange.api)]
        .into_iter()
        .flatten()
        .any(|a| String::from_utf8_lossy(&a.body).contains("fuzz-"));
    *server.exchange.lock().expect("not poisoned") = Some(exchange);
    let client = NotificationsClient::builder()
        .endpoint(&server.base)
        .token_url(format!("{}{TOKEN_PATH}", server.base))
        .credentials(LwaCredentials::new(
            "amzn1.application-oa2-client.fuzz",
            ClientSecret::new(CLIENT_SECRET),
        ))
        .http_client(server.http.clone())
        .retry_policy(RetryPolicy::never())
        .disable_rate_limits()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a client");
    let outcome = server.runtime.block_on(call(&client, operation));
    if let Err(text) = outcome
        && !echoed
    {
        for secret in [CLIENT_SECRET, REFRESH_TOKEN, "fuzz-access"] {
            assert!(!text.contains(secret), "an error names a secret: {text}");
        }
    }
}

/// The error's Display and Debug text, or nothing when the call succeeded.
async fn call(client: &NotificationsClient, operation: u8) -> Result<(), String> {
    let seller = client.seller(RefreshToken::new(REFRESH_TOKEN));
    let destination = "0b1d5e6c-5f1e-4c8e-9d3e-000000000001";
    let result = match operation % 8 {
        0 => client.get_destinations().await.map(drop),
        1 => client.get_destination(destination).await.map(drop),
        2 => {
            let sqs = DestinationResourceSpecification::sqs("arn:aws:sqs:us-east-1:444455556666:q");
            let request = CreateDestinationRequest::new("fuzz", sqs);
            client.create_destination(&request).await.map(drop)
        }
        3 => client.delete_destination(destination).await.map(drop),
        4 => seller
            .get_subscription(&NotificationType::AnyOfferChanged, None)
            .await
            .map(drop),
        5 => {
            let query = GetSubscriptionsQuery::new(NotificationType::AnyOfferChanged);
            seller.get_subscriptions(&query).await.map(drop)
        }
        6 => {
            let request = CreateSubscriptionRequest::new("1.0", destination);
            seller
                .create_subscription(&NotificationType::AnyOfferChanged, &request)
                .await
                .map(drop)
        }
        _ => {
            let request = SendTestNotificationRequest::new(destination, "1.0");
            client
                .send_test_notification(&NotificationType::AnyOfferChanged, &request)
                .await
                .map(drop)
        }
    };
    result.map_err(|error| format!("{error}\n{error:?}"))
}
