//! IAM's wildcards: `*` for any run of characters, `?` for any one.

/// Whether `value` matches the IAM pattern `pattern`.
pub(crate) fn matches(pattern: &str, value: &str, ignore_case: bool) -> bool {
    let (pattern, value): (Vec<char>, Vec<char>) = if ignore_case {
        (
            pattern.to_lowercase().chars().collect(),
            value.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), value.chars().collect())
    };
    // Iterative glob matching: remember the last `*` and retry from one character further.
    let (mut p, mut v) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while v < value.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, v));
                p += 1;
            }
            Some(&c) if c == '?' || c == value[v] => {
                p += 1;
                v += 1;
            }
            _ => match star {
                Some((star_p, star_v)) => {
                    p = star_p + 1;
                    v = star_v + 1;
                    star = Some((star_p, star_v + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards_match_as_iam_does() {
        assert!(matches("*", "sqs:SendMessage", true));
        assert!(matches("sqs:*", "sqs:SendMessage", true));
        assert!(matches("SQS:send*", "sqs:SendMessage", true));
        assert!(matches("sqs:?endMessage", "sqs:SendMessage", true));
        assert!(!matches("sqs:Get*", "sqs:SendMessage", true));
        assert!(!matches("sqs:SendMessageBatch", "sqs:SendMessage", true));
        assert!(matches(
            "arn:aws:sqs:*:444455556666:*",
            "arn:aws:sqs:us-east-1:444455556666:orders",
            false
        ));
        assert!(!matches(
            "arn:aws:sqs:*:444455556666:Orders",
            "arn:aws:sqs:us-east-1:444455556666:orders",
            false
        ));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("a*b*c", "aXXbYY", false));
    }
}
