//! Error chains: printed as anyhow's `{:#}` prints them, and checked for causes printed twice.

use std::error::Error;

/// Every message of the chain from `error` down its [`source`](Error::source)s, joined by
/// `": "`, as anyhow's `{:#}` prints an error.
#[must_use]
pub fn chain(error: &(dyn Error + 'static)) -> String {
    let messages: Vec<String> = std::iter::successors(Some(error), |&error| error.source())
        .map(ToString::to_string)
        .collect();
    messages.join(": ")
}

/// Panics when an error of the chain from `error` repeats its source's message in its own,
/// which makes a printed chain (anyhow's `{:#}`) show that cause twice.
///
/// # Panics
///
/// When an error's `Display` contains its source's `Display`.
#[track_caller]
pub fn assert_no_repeated_source(error: &(dyn Error + 'static)) {
    let mut current = error;
    while let Some(source) = current.source() {
        let (own, cause) = (current.to_string(), source.to_string());
        assert!(
            cause.is_empty() || !own.contains(&cause),
            "{own:?} repeats its source {cause:?}; the chain prints {:?}",
            chain(error)
        );
        current = source;
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use super::*;

    #[derive(Debug)]
    struct Layer {
        message: String,
        source: Option<Box<Layer>>,
    }

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.source
                .as_deref()
                .map(|layer| layer as &(dyn Error + 'static))
        }
    }

    fn layers(messages: &[&str]) -> Layer {
        messages
            .iter()
            .rev()
            .fold(None, |source, message| {
                Some(Layer {
                    message: (*message).to_owned(),
                    source: source.map(Box::new),
                })
            })
            .expect("at least one layer")
    }

    #[test]
    fn a_chain_prints_like_anyhow_and_repeats_are_caught() {
        let good = layers(&["outer", "middle", "inner"]);
        assert_eq!(chain(&good), "outer: middle: inner");
        assert_no_repeated_source(&good);

        let repeating = layers(&["outer", "middle: inner", "inner"]);
        let panic = std::panic::catch_unwind(|| assert_no_repeated_source(&repeating));
        assert!(panic.is_err());
    }
}
