//! `doctor`: exit 0 when every check passed, 1 when one warned, 2 when one failed.

use spapi_notifications::aws::{AwsSetup, DiagnoseOptions, Status};

use super::{DoctorArgs, Printed, aws_error};
use crate::exit::CliError;
use crate::output::Output;

pub(super) async fn run(setup: &AwsSetup, args: &DoctorArgs) -> Printed {
    let options = match (&args.target.queue_url, &args.target.destination_id) {
        (Some(url), _) => DiagnoseOptions::queue(url),
        (None, Some(id)) => DiagnoseOptions::destination(id),
        (None, None) => {
            return Err(CliError::Usage(
                "give --queue-url or --destination-id".to_owned(),
            ));
        }
    };
    let options = options.notification_types(args.types.iter().cloned());
    let report = setup.diagnose(&options).await.map_err(aws_error)?;
    let output = Output::line(
        report.to_string().trim_end().to_owned(),
        serde_json::to_value(&report)?,
    );
    let count = |status| report.checks.iter().filter(|c| c.status == status).count();
    match report.status() {
        Status::Passed => Ok(output),
        _ => Err(CliError::Partial {
            output,
            code: u8::try_from(report.exit_code()).unwrap_or(2),
            summary: format!(
                "doctor: {} failed, {} warned",
                count(Status::Failed),
                count(Status::Warned)
            ),
        }),
    }
}
