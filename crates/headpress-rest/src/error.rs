//! `WpError`: the one error type of the REST facade, serialized once as WordPress's
//! `{"code","message","data":{"status",…}}`.

use serde_json::{Map, Value, json};

#[derive(Debug, Clone)]
pub struct WpError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Extra members of `data` besides `status` (`params`, `details`, …); boxed to keep
    /// `Result<_, WpError>` small on the hot path.
    pub data: Box<Map<String, Value>>,
}

impl WpError {
    pub fn new(status: u16, code: &str, message: &str) -> Self {
        WpError {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            data: Box::default(),
        }
    }

    pub fn with_data(mut self, key: &str, value: Value) -> Self {
        self.data.insert(key.to_owned(), value);
        self
    }

    pub fn no_route() -> Self {
        WpError::new(
            404,
            "rest_no_route",
            "No route was found matching the URL and request method.",
        )
    }

    /// `rest_authorization_required_code()`: 401 for anonymous callers, 403 otherwise.
    pub fn forbidden(logged_in: bool, code: &str, message: &str) -> Self {
        WpError::new(if logged_in { 403 } else { 401 }, code, message)
    }

    /// A write endpoint whose permission checks passed but which Headpress does not
    /// implement yet (the routes exist so that `Allow` and the indexes are WordPress's).
    pub fn not_implemented() -> Self {
        WpError::new(
            501,
            "rest_not_implemented",
            "Writing is not supported by this Headpress version yet.",
        )
    }

    pub fn internal(message: &str) -> Self {
        WpError::new(500, "internal_server_error", message)
    }

    pub fn body(&self) -> Value {
        let mut data = Map::new();
        data.insert("status".into(), json!(self.status));
        for (k, v) in self.data.iter() {
            data.insert(k.clone(), v.clone());
        }
        json!({ "code": self.code, "message": self.message, "data": data })
    }
}

impl From<headpress_domain::Error> for WpError {
    fn from(err: headpress_domain::Error) -> Self {
        tracing::error!(error = %err, "domain error");
        WpError::internal("The server could not complete the request.")
    }
}

pub type WpResult<T> = Result<T, WpError>;
