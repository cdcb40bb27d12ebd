//! The sqs_consumer example: its arguments, its sandbox run, and SIGTERM on moto's SQS.

use super::*;

/// Set in the child of the SIGTERM test: the queue it consumes, as `main` does.
const CHILD_QUEUE: &str = "SQS_CONSUMER_EXAMPLE_CHILD_QUEUE";

fn args(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

#[test]
fn the_queue_url_comes_from_the_flag_then_the_environment_else_none() {
    let env = || Some("from-env".to_owned());
    let url = |args: &[&str], env| queue_url(self::args(args), env);
    assert_eq!(url(&["example", "--queue-url", "q1"], env()).unwrap(), "q1");
    assert_eq!(url(&["example"], env()).unwrap(), "from-env");
    assert_eq!(url(&["example", "--queue-url"], env()).unwrap(), "from-env");
    assert_eq!(url(&["example"], None), None);
    assert_eq!(url(&["example"], Some(String::new())), None);
}

#[tokio::test]
async fn without_a_queue_the_sandbox_s_notification_is_printed_once_then_a_duplicate() {
    let out = Arc::new(Mutex::new(Vec::new()));
    let mut err = Vec::new();
    offline(&out, &mut err).await.unwrap();
    let err = String::from_utf8(err).unwrap();
    let out = String::from_utf8(out.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = out.lines().collect();

    assert!(
        err.starts_with("no queue URL given: running against the sandbox at http://127.0.0.1:"),
        "{err}"
    );
    // The handler ran once: one summary line, for the first receive.
    let summaries: Vec<&&str> = lines
        .iter()
        .filter(|line| line.starts_with("REPORT_PROCESSING_FINISHED "))
        .collect();
    assert_eq!(summaries.len(), 1, "{out}");
    assert!(summaries[0].ends_with(", received 1 times)"), "{out}");
    let notification_id = summaries[0].split(' ').nth(1).unwrap();
    assert_ne!(notification_id, "-", "{out}");
    assert!(lines[1].starts_with("ReportProcessingFinished("), "{out}");
    assert!(out.contains("report_id"), "{out}");
    // Then each receive's outcome: handled, then a duplicate (the handler was not called).
    let outcomes: Vec<&str> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("message "))
        .map(|rest| rest.split_once(' ').unwrap().1)
        .collect();
    assert_eq!(
        outcomes,
        ["received 1 times: handled", "received 2 times: duplicate"],
        "{out}"
    );
}

/// The test binary runs this test again as a child that consumes a queue on moto with the
/// example's own `consume` and `stop_signal`, configured from the environment as `main`
/// is; the parent sends SIGTERM once the child printed the notification.
#[cfg(unix)]
#[tokio::test]
async fn sigterm_stops_the_consumer_cleanly_after_deleting_what_it_handled() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    use std::time::Instant;

    use spapi_notifications::types::fixtures;
    use spapi_sandbox::testing::{Moto, unique_name};

    if let Ok(queue_url) = std::env::var(CHILD_QUEUE) {
        let stop = stop_signal().unwrap();
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let out = Arc::new(Mutex::new(io::stdout()));
        let sqs = aws_sdk_sqs::Client::new(&config);
        consume(sqs, queue_url, out, &mut io::stderr(), stop)
            .await
            .unwrap();
        return;
    }
    let moto = Moto::shared().expect("moto's server (scripts/test.sh installs it)");
    let queue = moto.create_queue(&unique_name("sigterm")).await.unwrap();
    let sqs = moto.sqs_client();
    let body = fixtures::example(&NotificationType::OrderChange).unwrap();
    sqs.send_message()
        .queue_url(&queue.url)
        .message_body(body)
        .send()
        .await
        .unwrap();

    // This test's name in the binary: its module path without the crate's name.
    let (_, module) = module_path!().split_once("::").unwrap();
    let name =
        format!("{module}::sigterm_stops_the_consumer_cleanly_after_deleting_what_it_handled");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([name.as_str(), "--exact", "--nocapture"])
        .env(CHILD_QUEUE, &queue.url)
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let printed = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.starts_with("ORDER_CHANGE "));
    assert!(printed.is_some(), "the child printed no notification");

    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "still running after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert!(
        err.contains("stopped by SIGTERM: Stats { received: 1, handled: 1,"),
        "{err}"
    );
    assert!(err.contains("deleted: 1,"), "{err}");
    let left = sqs
        .receive_message()
        .queue_url(&queue.url)
        .send()
        .await
        .unwrap();
    assert!(left.messages.unwrap_or_default().is_empty(), "deleted");
}
