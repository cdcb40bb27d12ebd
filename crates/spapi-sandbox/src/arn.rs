//! SQS queue ARNs: `arn:aws:sqs:REGION:ACCOUNT:NAME`.

/// The parts of an SQS queue ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SqsArn<'a> {
    pub(crate) region: &'a str,
    pub(crate) account_id: &'a str,
    pub(crate) queue_name: &'a str,
}

impl<'a> SqsArn<'a> {
    /// The longest ARN the model accepts.
    const MAX_LEN: usize = 1000;

    /// Parses an ARN matching the model's pattern `^arn:aws:sqs:\S+:\S+:\S+` (with no `:` in the
    /// queue name, which SQS does not allow), or says what is wrong with it.
    pub(crate) fn parse(arn: &'a str) -> Result<Self, String> {
        if arn.len() > Self::MAX_LEN {
            return Err(format!(
                "The SQS arn is longer than {} characters",
                Self::MAX_LEN
            ));
        }
        let parts: Vec<&str> = arn.split(':').collect();
        match parts[..] {
            ["arn", "aws", "sqs", region, account_id, queue_name]
                if [region, account_id, queue_name]
                    .iter()
                    .all(|part| !part.is_empty() && !part.contains(char::is_whitespace)) =>
            {
                Ok(Self {
                    region,
                    account_id,
                    queue_name,
                })
            }
            _ => Err(format!(
                "Invalid SQS arn {arn}: expected arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE_NAME"
            )),
        }
    }

    /// The queue URL on an SQS endpoint such as moto's: `ENDPOINT/ACCOUNT/NAME`.
    #[cfg_attr(not(feature = "sqs"), allow(dead_code))]
    pub(crate) fn queue_url(&self, endpoint: &str) -> String {
        format!(
            "{}/{}/{}",
            endpoint.trim_end_matches('/'),
            self.account_id,
            self.queue_name
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_follow_the_models_pattern() {
        let arn = SqsArn::parse("arn:aws:sqs:us-east-2:444455556666:queue1").unwrap();
        assert_eq!(arn.region, "us-east-2");
        assert_eq!(arn.account_id, "444455556666");
        assert_eq!(arn.queue_name, "queue1");
        assert_eq!(
            arn.queue_url("http://127.0.0.1:5000/"),
            "http://127.0.0.1:5000/444455556666/queue1"
        );
        for bad in [
            "",
            "arn:aws:sqs:us-east-2:444455556666",
            "arn:aws:sns:us-east-2:444455556666:topic",
            "arn:aws:sqs::444455556666:queue1",
            "arn:aws:sqs:us-east-2:4444 55556666:queue1",
            "arn:aws:sqs:us-east-2:444455556666:queue1:extra",
        ] {
            assert!(SqsArn::parse(bad).is_err(), "{bad}");
        }
        let long = format!("arn:aws:sqs:us-east-2:444455556666:{}", "q".repeat(1000));
        assert!(SqsArn::parse(&long).unwrap_err().contains("longer"));
    }
}
