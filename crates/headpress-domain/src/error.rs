//! The domain's one error type. Facades map it once to their wire shape.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("the database holds no WordPress site with table prefix `{prefix}`")]
    NotWordPress { prefix: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
