//! Request bodies and query strings read with SP-API's error answers (the JSON path of what is
//! wrong), not axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::ApiError;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = read(request, state).await?;
        parse(&bytes).map(Self)
    }
}

/// The body's bytes, once its content type is checked (JSON, or none given).
pub(crate) async fn read<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    if let Some(content_type) = content_type
        && !content_type.to_ascii_lowercase().contains("json")
    {
        return Err(ApiError::unsupported_media_type(format!(
            "The content type {content_type} is not supported: send application/json"
        )));
    }
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(rejection.body_text()),
            _ => ApiError::invalid_input(rejection.body_text()),
        })
}

/// `bytes` as a `T`, or `InvalidInput` naming the JSON path of what is wrong.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        ApiError::invalid_input(if path == "." {
            format!("Invalid request body: {inner}")
        } else {
            format!("Invalid request body at {path}: {inner}")
        })
    })
}

/// The parameters of a query string, in order, repeated keys included.
pub(crate) fn query_params(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}
