//! `fleet provision|offboard`: many sellers at once, one JSON line per seller with `--json`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use clap::Subcommand;
use serde_json::{Value, json};
use spapi_notifications::auth::{self, RefreshToken};
use spapi_notifications::fleet::futures_core::Stream;
use spapi_notifications::fleet::{
    DEFAULT_CONCURRENCY, Error, FileRegistry, Fleet, OffboardReport, OffboardStatus, ProvisionPlan,
    ProvisionStatus, Seller, SellerReport, SubscriptionRegistry, SubscriptionSpec,
};
use spapi_notifications::types::NotificationType;

use crate::cli::{Cli, notification_type};
use crate::config::{self, Api};
use crate::exit::CliError;
use crate::output::progress_bar;

#[derive(Debug, Subcommand)]
pub(crate) enum FleetCommand {
    /// Subscribes every seller of FILE to the types (what exists is left alone); exit status 4
    /// when some sellers failed, every other seller still done.
    Provision {
        /// CSV with a `seller_id,refresh_token` header, or JSON lines
        /// `{"seller_id": …, "refresh_token": …}`.
        #[arg(long, value_name = "FILE")]
        sellers: PathBuf,
        /// The notification types, each in its current payload version, e.g.
        /// REPORT_PROCESSING_FINISHED,FEED_PROCESSING_FINISHED.
        #[arg(long, value_name = "T1,T2", value_delimiter = ',', required = true,
              value_parser = notification_type)]
        types: Vec<NotificationType>,
        /// The destination every subscription delivers to.
        #[arg(long, value_name = "ID")]
        destination_id: String,
        /// How many sellers are worked on at once.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY as u16,
              value_parser = clap::value_parser!(u16).range(1..))]
        concurrency: u16,
        /// A JSON lines file recording the subscriptions, for `fleet offboard`.
        #[arg(long, value_name = "PATH")]
        registry: Option<PathBuf>,
    },
    /// Deletes every subscription of a seller: those in the registry (grantless, so also after
    /// the seller revoked the application) and, when SP_API_REFRESH_TOKEN is the seller's and
    /// still valid, every one getSubscriptions lists. Exit status 4 when some were refused.
    Offboard {
        /// The seller's id.
        #[arg(long, value_name = "ID")]
        seller_id: String,
        /// The JSON lines registry `fleet provision --registry` wrote.
        #[arg(long, value_name = "PATH")]
        registry: Option<PathBuf>,
    },
}

/// Runs `command`, printing as it goes.
pub(crate) async fn run(cli: &Cli, command: &FleetCommand) -> Result<(), CliError> {
    let (api, _sandbox) =
        config::connect(cli, config::credentials_set(), &mut io::stderr().lock()).await?;
    match command {
        FleetCommand::Provision {
            sellers,
            types,
            destination_id,
            concurrency,
            registry,
        } => {
            let plan = plan(types, destination_id)?;
            let fleet = fleet(&api, registry.as_deref())?
                .concurrency(usize::from(*concurrency))
                .build();
            provision(&fleet, &plan, sellers, cli.json).await
        }
        FleetCommand::Offboard {
            seller_id,
            registry,
        } => {
            let refresh_token = match RefreshToken::from_env() {
                Ok(token) => Some(token),
                Err(auth::Error::MissingEnv { .. }) => None,
                Err(error) => return Err(error.into()),
            };
            let fleet = fleet(&api, registry.as_deref())?.build();
            let report = fleet.offboard(seller_id, refresh_token).await;
            print_offboard(&report, cli.json, &mut io::stdout().lock())?;
            if report.succeeded() {
                Ok(())
            } else {
                Err(CliError::SomeFailed(format!(
                    "seller {seller_id} is not fully offboarded"
                )))
            }
        }
    }
}

fn plan(types: &[NotificationType], destination_id: &str) -> Result<ProvisionPlan, CliError> {
    let specs = types
        .iter()
        .map(|t| {
            SubscriptionSpec::current(t.clone())
                .ok_or_else(|| CliError::Usage(format!("no payload version is known for {t}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ProvisionPlan::new(destination_id, specs))
}

fn fleet(
    api: &Api,
    registry: Option<&Path>,
) -> Result<spapi_notifications::fleet::FleetBuilder, CliError> {
    let builder = Fleet::builder(api.client.clone());
    Ok(match registry {
        Some(path) => {
            let registry: Arc<dyn SubscriptionRegistry> =
                Arc::new(FileRegistry::open(path).map_err(crate::exit::boxed)?);
            builder.registry(registry)
        }
        None => builder,
    })
}

async fn provision(
    fleet: &Fleet,
    plan: &ProvisionPlan,
    path: &Path,
    json: bool,
) -> Result<(), CliError> {
    use futures_util::StreamExt as _;
    let total = SellersFile::open(path)?.count() as u64;
    let unreadable = Mutex::new(Vec::new());
    let sellers = sellers(SellersFile::open(path)?, &unreadable);
    let bar = progress_bar(total);
    let mut reports = std::pin::pin!(fleet.provision(plan, sellers));
    let (mut failed, mut created, mut there) = (0_usize, 0_usize, 0_usize);
    let mut out = io::stdout().lock();
    while let Some(report) = reports.next().await {
        bar.inc(1);
        for subscription in &report.subscriptions {
            match subscription.status {
                ProvisionStatus::Created(_) => created += 1,
                ProvisionStatus::AlreadyThere(_) => there += 1,
                _ => {}
            }
        }
        if !report.succeeded() {
            failed += 1;
            if !json {
                bar.suspend(|| eprintln_failure(&report));
            }
        }
        if json {
            writeln!(out, "{}", seller_json(&report))?;
        }
    }
    bar.finish_and_clear();
    let unreadable =
        std::mem::take(&mut *unreadable.lock().unwrap_or_else(PoisonError::into_inner));
    for problem in &unreadable {
        let _ = writeln!(io::stderr(), "error: {}: {problem}", path.display());
    }
    failed += unreadable.len();
    if !json {
        writeln!(
            out,
            "{total} sellers: {created} subscriptions created, {there} already there, {failed} sellers failed"
        )?;
    }
    out.flush()?;
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::SomeFailed(format!(
            "{failed} of {total} sellers failed"
        )))
    }
}

/// The sellers of `file`; lines that do not read are left out and said in `unreadable`.
fn sellers<'a>(
    file: SellersFile,
    unreadable: &'a Mutex<Vec<String>>,
) -> impl Stream<Item = Seller> + Send + 'a {
    let sellers = file.filter_map(move |line| match line {
        Ok(seller) => Some(seller),
        Err(problem) => {
            unreadable
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(problem);
            None
        }
    });
    futures_util::stream::iter(sellers)
}

/// The sellers of a CSV (`seller_id,refresh_token` header) or JSON lines file, read a line at
/// a time.
struct SellersFile {
    lines: std::iter::Enumerate<io::Lines<BufReader<File>>>,
    /// Whether the file is JSON lines (else CSV, whose header was read).
    json: bool,
}

impl SellersFile {
    fn open(path: &Path) -> Result<Self, CliError> {
        let file = File::open(path)
            .map_err(|error| CliError::Usage(format!("cannot read {}: {error}", path.display())))?;
        let mut lines = BufReader::new(file).lines().enumerate();
        let mut first = None;
        for (number, line) in lines.by_ref() {
            let line = line?;
            if !line.trim().is_empty() {
                first = Some((number, line));
                break;
            }
        }
        let Some((_, first)) = first else {
            return Ok(Self { lines, json: true });
        };
        if first.trim_start().starts_with('{') {
            // Read the first line again: it is a seller.
            let file = File::open(path)?;
            return Ok(Self {
                lines: BufReader::new(file).lines().enumerate(),
                json: true,
            });
        }
        let header: Vec<&str> = first.split(',').map(str::trim).collect();
        if header != ["seller_id", "refresh_token"] {
            return Err(CliError::Usage(format!(
                "{}: a CSV file starts with the header seller_id,refresh_token (or give JSON lines)",
                path.display()
            )));
        }
        Ok(Self { lines, json: false })
    }

    fn parse(&self, line: &str) -> Result<Seller, String> {
        let (seller_id, refresh_token) = if self.json {
            let value: Value = serde_json::from_str(line).map_err(|error| error.to_string())?;
            let field = |name: &str| value[name].as_str().map(str::to_owned);
            (field("seller_id"), field("refresh_token"))
        } else {
            let mut cells = line.splitn(2, ',').map(|cell| cell.trim().to_owned());
            (cells.next(), cells.next())
        };
        match (seller_id, refresh_token) {
            (Some(id), Some(token)) if !id.is_empty() && !token.is_empty() => {
                Ok(Seller::new(id, RefreshToken::new(token)))
            }
            // Never the line itself: it may hold a refresh token.
            _ => Err("needs a seller_id and a refresh_token".to_owned()),
        }
    }
}

impl Iterator for SellersFile {
    type Item = Result<Seller, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (number, line) = self.lines.next()?;
            let line = match line {
                Ok(line) => line,
                Err(error) => return Some(Err(format!("line {}: {error}", number + 1))),
            };
            if line.trim().is_empty() {
                continue;
            }
            return Some(
                self.parse(&line)
                    .map_err(|problem| format!("line {}: {problem}", number + 1)),
            );
        }
    }
}

fn seller_json(report: &SellerReport) -> Value {
    let subscriptions: Vec<Value> = report
        .subscriptions
        .iter()
        .map(|subscription| {
            let (status, id, error) = match &subscription.status {
                ProvisionStatus::Created(s) => ("created", Some(&s.subscription_id), None),
                ProvisionStatus::AlreadyThere(s) => {
                    ("already_there", Some(&s.subscription_id), None)
                }
                ProvisionStatus::Failed(error) => ("failed", None, Some(describe(error))),
                _ => ("unknown", None, None),
            };
            json!({
                "notification_type": subscription.notification_type,
                "payload_version": subscription.payload_version,
                "status": status,
                "subscription_id": id,
                "error": error,
            })
        })
        .collect();
    json!({
        "seller_id": report.seller_id,
        "succeeded": report.succeeded(),
        "error": report.error.as_ref().map(describe),
        "subscriptions": subscriptions,
    })
}

fn eprintln_failure(report: &SellerReport) {
    let mut err = io::stderr().lock();
    if let Some(error) = &report.error {
        let _ = writeln!(err, "{}: {}", report.seller_id, describe(error));
    }
    for subscription in &report.subscriptions {
        if let ProvisionStatus::Failed(error) = &subscription.status {
            let _ = writeln!(
                err,
                "{} {}: {}",
                report.seller_id,
                subscription.notification_type,
                describe(error)
            );
        }
    }
}

fn print_offboard(report: &OffboardReport, json: bool, out: &mut impl Write) -> io::Result<()> {
    let status = |status: &OffboardStatus| match status {
        OffboardStatus::Deleted => ("deleted", None),
        OffboardStatus::AlreadyGone => ("already_gone", None),
        OffboardStatus::Refused(error) => ("refused", Some(describe(error))),
        _ => ("unknown", None),
    };
    if json {
        let subscriptions: Vec<Value> = report
            .subscriptions
            .iter()
            .map(|s| {
                let (status, error) = status(&s.status);
                json!({"notification_type": s.notification_type, "subscription_id": s.subscription_id,
                       "status": status, "error": error})
            })
            .collect();
        let listing: Vec<Value> = report
            .listing_errors
            .iter()
            .map(|(t, e)| json!({"notification_type": t, "error": describe(e)}))
            .collect();
        let value = json!({
            "seller_id": report.seller_id,
            "succeeded": report.succeeded(),
            "subscriptions": subscriptions,
            "token_error": report.token_error.as_ref().map(describe),
            "listing_errors": listing,
            "registry_error": report.registry_error.as_ref().map(describe),
        });
        return writeln!(out, "{value}");
    }
    if let Some(error) = &report.token_error {
        writeln!(
            out,
            "the seller's token is not usable ({}): deleting the registry's subscriptions grantless",
            describe(error)
        )?;
    }
    for subscription in &report.subscriptions {
        let (status, error) = status(&subscription.status);
        let error = error.map(|e| format!(": {e}")).unwrap_or_default();
        writeln!(
            out,
            "{} {} {status}{error}",
            subscription.notification_type, subscription.subscription_id
        )?;
    }
    for (notification_type, error) in &report.listing_errors {
        writeln!(
            out,
            "{notification_type}: listing failed: {}",
            describe(error)
        )?;
    }
    if let Some(error) = &report.registry_error {
        writeln!(out, "registry: {}", describe(error))?;
    }
    if report.subscriptions.is_empty() {
        writeln!(out, "nothing to offboard for seller {}", report.seller_id)?;
    }
    Ok(())
}

/// The error and its causes on one line (no secret is in any of them).
fn describe(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
