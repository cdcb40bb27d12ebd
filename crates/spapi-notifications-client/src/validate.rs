//! The model's rules on request fields, checked before anything is sent.

use crate::Error;

/// `value` has between `min` and `max` characters (JSON Schema counts characters, not bytes).
pub(crate) fn length(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), Error> {
    let length = value.chars().count();
    if length < min {
        return Err(Error::validation(
            field,
            if min == 1 {
                "is empty".to_owned()
            } else {
                format!("has {length} characters, fewer than {min}")
            },
        ));
    }
    if length > max {
        return Err(Error::validation(
            field,
            format!("has {length} characters, more than {max}"),
        ));
    }
    Ok(())
}

/// `value` is not empty or only whitespace.
pub(crate) fn not_blank(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::validation(field, "is empty"));
    }
    Ok(())
}

/// `arn` matches the model's `^arn:aws:sqs:\S+:\S+:\S+` and has at most 1000 characters.
pub(crate) fn sqs_arn(field: &'static str, arn: &str) -> Result<(), Error> {
    length(field, arn, 1, 1000)?;
    if !matches_sqs_arn_pattern(arn) {
        return Err(Error::validation(
            field,
            format!(
                "{arn:?} is not an SQS queue ARN (arn:aws:sqs:<region>:<account id>:<queue name>)"
            ),
        ));
    }
    Ok(())
}

/// Exactly the regular expression `^arn:aws:sqs:\S+:\S+:\S+`: after the prefix, the leading run
/// of non-whitespace holds two colons with something before, between and after them.
fn matches_sqs_arn_pattern(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:aws:sqs:") else {
        return false;
    };
    let run = rest.split(char::is_whitespace).next().unwrap_or_default();
    let colons: Vec<usize> = run.match_indices(':').map(|(at, _)| at).collect();
    let first = colons.iter().find(|&&at| at >= 1);
    let last = colons.iter().rev().find(|&&at| at + 1 < run.len());
    matches!((first, last), (Some(&first), Some(&last)) if last >= first + 2)
}

/// A CEL `filterExpression`: 1 to 256 characters, and none of the operators Amazon excludes
/// (arithmetic `+ - * / %` and indexing `[ ]`) outside string literals.
pub(crate) fn filter_expression(field: &'static str, expression: &str) -> Result<(), Error> {
    length(field, expression, 1, 256)?;
    let mut quote = None;
    let mut escaped = false;
    for (at, c) in expression.chars().enumerate() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if matches!(c, '`' | '\'' | '"') => quote = Some(c),
            None if matches!(c, '+' | '-' | '*' | '/' | '%' | '[' | ']') => {
                return Err(Error::validation(
                    field,
                    format!(
                        "uses {c:?} at character {at}: Amazon's CEL subset has no arithmetic \
                         operators and no list or map indexing"
                    ),
                ));
            }
            None => {}
        }
    }
    if let Some(open) = quote {
        return Err(Error::validation(
            field,
            format!("has an unterminated {open}-quoted string"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqs_arns_follow_the_model_pattern() {
        for good in [
            "arn:aws:sqs:us-east-2:444455556666:queue1",
            "arn:aws:sqs:us-west-1:xxxxxxxx:TEST",
            "arn:aws:sqs:a:b:c",
            "arn:aws:sqs:a::b:c",
        ] {
            assert!(matches_sqs_arn_pattern(good), "{good}");
        }
        for bad in [
            "",
            "arn:aws:sns:us-east-1:1:topic",
            "arn:aws:sqs:us-east-1:1",
            "arn:aws:sqs:us-east-1::queue",
            "arn:aws:sqs::1:queue",
            "arn:aws:sqs:us-east-1:1:",
            "arn:aws:sqs: us-east-1:1:q",
            "https://sqs.us-east-1.amazonaws.com/1/q",
        ] {
            assert!(!matches_sqs_arn_pattern(bad), "{bad}");
        }
        assert!(sqs_arn("arn", &format!("arn:aws:sqs:a:b:{}", "q".repeat(1000))).is_err());
    }

    #[test]
    fn filter_expressions_are_amazons_cel_subset() {
        let ok = "FulfillmentOrderStatusNotification.FulfillmentOrderStatus == `SHIPPED-2024/x`";
        assert!(filter_expression("f", ok).is_ok());
        assert!(filter_expression("f", "a.b == 'x[1]' && c.d != \"e+f\"").is_ok());
        for bad in [
            "",
            "a.b + 1 > 2",
            "a.items[0] == `x`",
            "a.b == `open",
            "a % 2 == 0",
        ] {
            assert!(filter_expression("f", bad).is_err(), "{bad}");
        }
        assert!(filter_expression("f", &"a".repeat(256)).is_ok());
        assert!(filter_expression("f", &"a".repeat(257)).is_err());
    }

    #[test]
    fn lengths_count_characters() {
        assert!(length("name", &"é".repeat(256), 1, 256).is_ok());
        assert!(length("name", "", 1, 256).is_err());
        assert!(not_blank("region", "  ").is_err());
    }
}
