//! One error type for the whole service.
//!
//! Every failure a client can cause or observe is a variant here; `IntoResponse` maps it to an HTTP
//! status and a JSON body `{"error": "...", "kind": "..."}` (the pattern of axum's own examples).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed (bad parameter, bad query, wrong media type, …).
    #[error("{0}")]
    BadRequest(String),
    /// A named thing (case, claim, respondent, query, graph) does not exist.
    #[error("{0}")]
    NotFound(String),
    /// No representation matches the `Accept` header.
    #[error("{0}")]
    NotAcceptable(String),
    /// The HTTP method is not allowed on this resource.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request body has a media type we do not accept.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The request body is too large.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The request URL is too long.
    #[error("{0}")]
    UriTooLong(String),
    /// A write without credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// A write with wrong credentials, or a write to a read-only store.
    #[error("{0}")]
    Forbidden(String),
    /// The service is overloaded or a query ran past its deadline.
    #[error("{0}")]
    Unavailable(String),
    /// The data failed validation (at load time).
    #[error("{0}")]
    Invalid(String),
    /// Anything else: a bug or an I/O failure on our side.
    #[error("{0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            Error::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Invalid(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Error::BadRequest(_) => "bad_request",
            Error::NotFound(_) => "not_found",
            Error::NotAcceptable(_) => "not_acceptable",
            Error::MethodNotAllowed(_) => "method_not_allowed",
            Error::UnsupportedMediaType(_) => "unsupported_media_type",
            Error::PayloadTooLarge(_) => "payload_too_large",
            Error::UriTooLong(_) => "uri_too_long",
            Error::Unauthorized(_) => "unauthorized",
            Error::Forbidden(_) => "forbidden",
            Error::Unavailable(_) => "unavailable",
            Error::Invalid(_) => "invalid_data",
            Error::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
            tracing::error!("{self}");
        }
        let body = serde_json::json!({ "error": self.to_string(), "kind": self.kind() });
        let mut response = (status, axum::Json(body)).into_response();
        if let Error::Unauthorized(_) = self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"casegraph\""),
            );
        }
        response
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Internal(format!("I/O error: {e}"))
    }
}

impl From<oxigraph::store::StorageError> for Error {
    fn from(e: oxigraph::store::StorageError) -> Self {
        Error::Internal(format!("store error: {e}"))
    }
}
