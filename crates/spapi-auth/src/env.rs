//! The environment variables SP-API users already set, read in one place.

use crate::Error;

/// The application's LWA client id, as Amazon's own SDKs call it.
pub(crate) const APP_ID: &str = "LWA_APP_ID";
/// The client id under its OAuth name, accepted when [`APP_ID`] is unset.
pub(crate) const CLIENT_ID: &str = "LWA_CLIENT_ID";
/// The application's LWA client secret.
pub(crate) const CLIENT_SECRET: &str = "LWA_CLIENT_SECRET";
/// A seller's refresh token.
pub(crate) const REFRESH_TOKEN: &str = "SP_API_REFRESH_TOKEN";
/// Overrides the LWA token endpoint.
pub(crate) const TOKEN_URL: &str = "LWA_TOKEN_URL";

/// The value of the first of `names` that is set and not empty, if any.
pub(crate) fn first(names: &'static [&'static str]) -> Result<Option<String>, Error> {
    for &name in names {
        match std::env::var(name) {
            Ok(value) if !value.is_empty() => return Ok(Some(value)),
            Ok(_) | Err(std::env::VarError::NotPresent) => {}
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Error::InvalidEnv {
                    name,
                    reason: "the value is not valid unicode".to_owned(),
                });
            }
        }
    }
    Ok(None)
}

/// Like [`first`], but a missing value is an error naming every accepted variable.
pub(crate) fn require(names: &'static [&'static str]) -> Result<String, Error> {
    first(names)?.ok_or(Error::MissingEnv { names })
}
