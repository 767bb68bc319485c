//! Creating an application password the way WordPress 6.1's
//! `WP_Application_Passwords::create_new_application_password()` stores it.

use rand::RngCore;
use rand::distr::{Alphanumeric, SampleString};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait, Value};

use crate::Error;
use crate::schema::validate_prefix;
use crate::sql::{insert_row, placeholder, quote};
use headpress_php::{PhpKey, PhpValue, serialize, unserialize};

/// `WP_Application_Passwords::USERMETA_KEY_APPLICATION_PASSWORDS`.
pub const USERMETA_KEY: &str = "_application_passwords";
/// `WP_Application_Passwords::OPTION_KEY_IN_USE`; WordPress skips application-password
/// authentication entirely until it is set.
pub const OPTION_KEY_IN_USE: &str = "using_application_passwords";

/// A new application password, in clear (shown once) and as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplicationPassword {
    pub user_id: u64,
    /// 24 alphanumerics (`wp_generate_password( 24, false )`).
    pub password: String,
    pub uuid: String,
}

impl NewApplicationPassword {
    /// `WP_Application_Passwords::chunk_password()`: groups of four separated by spaces.
    pub fn chunked(&self) -> String {
        chunk_password(&self.password)
    }
}

pub fn chunk_password(password: &str) -> String {
    password
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `wp_generate_uuid4()`.
pub fn uuid4() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Mirrors `WP_Application_Passwords::create_new_application_password()`: appends an entry
/// (uuid, app_id '', name, `$P$` hash, created, last_used null, last_ip null) to the user's
/// `_application_passwords` usermeta, creating the row if needed, and sets
/// `using_application_passwords` when missing. `created` is a unix time.
pub async fn create_application_password(
    db: &DatabaseConnection,
    prefix: &str,
    login: &str,
    name: &str,
    created: i64,
) -> Result<NewApplicationPassword, Error> {
    validate_prefix(prefix)?;
    let backend = db.get_database_backend();
    let users = format!("{prefix}users");
    let usermeta = format!("{prefix}usermeta");
    let options = format!("{prefix}options");
    let q = |n: &str| quote(backend, n);

    let txn = db.begin().await?;
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = {}",
        q("ID"),
        q(&users),
        q("user_login"),
        placeholder(backend, 1)
    );
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [login.into()]))
        .await?
        .ok_or_else(|| Error::UnknownUser(login.to_owned()))?;
    let user_id = row
        .try_get_by_index::<headpress_domain::backend::WpId>(0)?
        .0;
    let user_id_value = Value::BigInt(Some(i64::try_from(user_id).unwrap_or(i64::MAX)));

    let sql = format!(
        "SELECT {}, {} FROM {} WHERE {} = {} AND {} = {} ORDER BY {} LIMIT 1",
        q("umeta_id"),
        q("meta_value"),
        q(&usermeta),
        q("user_id"),
        placeholder(backend, 1),
        q("meta_key"),
        placeholder(backend, 2),
        q("umeta_id")
    );
    let existing = txn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [user_id_value.clone(), USERMETA_KEY.into()],
        ))
        .await?;
    let (umeta_id, mut items) = match existing {
        Some(row) => {
            let id = row
                .try_get_by_index::<headpress_domain::backend::WpId>(0)?
                .0;
            let text = row
                .try_get_by_index::<Option<String>>(1)?
                .unwrap_or_default();
            // get_user_meta() yields '' (not an array) for an empty value; WordPress then
            // starts a fresh list.
            let items = if text.is_empty() {
                Vec::new()
            } else {
                match unserialize(text.as_bytes()) {
                    Ok(PhpValue::Array(items)) => items,
                    Ok(_) => Vec::new(),
                    Err(e) => {
                        return Err(Error::Unserialize {
                            what: format!("{usermeta} {USERMETA_KEY} of user {user_id}"),
                            reason: e.to_string(),
                        });
                    }
                }
            };
            (Some(id), items)
        }
        None => (None, Vec::new()),
    };

    let password = Alphanumeric.sample_string(&mut rand::rng(), 24);
    let uuid = uuid4();
    let str_value = |s: &str| PhpValue::String(s.as_bytes().to_vec());
    let entry = PhpValue::Array(vec![
        (PhpKey::String(b"uuid".to_vec()), str_value(&uuid)),
        (PhpKey::String(b"app_id".to_vec()), str_value("")),
        (PhpKey::String(b"name".to_vec()), str_value(name)),
        (
            PhpKey::String(b"password".to_vec()),
            str_value(&headpress_php::hash_password_phpass(&password)),
        ),
        (PhpKey::String(b"created".to_vec()), PhpValue::Int(created)),
        (PhpKey::String(b"last_used".to_vec()), PhpValue::Null),
        (PhpKey::String(b"last_ip".to_vec()), PhpValue::Null),
    ]);
    // PHP's `$passwords[] = $item` uses one more than the largest integer key.
    let next_key = items
        .iter()
        .filter_map(|(k, _)| match k {
            PhpKey::Int(i) => Some(*i + 1),
            PhpKey::String(_) => None,
        })
        .max()
        .unwrap_or(0)
        .max(0);
    items.push((PhpKey::Int(next_key), entry));
    let bytes = serialize(&PhpValue::Array(items));
    let serialized = String::from_utf8(bytes).map_err(|e| Error::Unserialize {
        what: format!("{usermeta} {USERMETA_KEY} of user {user_id}"),
        reason: e.to_string(),
    })?;

    match umeta_id {
        Some(id) => {
            let sql = format!(
                "UPDATE {} SET {} = {} WHERE {} = {}",
                q(&usermeta),
                q("meta_value"),
                placeholder(backend, 1),
                q("umeta_id"),
                placeholder(backend, 2)
            );
            let id = Value::BigInt(Some(i64::try_from(id).unwrap_or(i64::MAX)));
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [serialized.into(), id],
            ))
            .await?;
        }
        None => {
            insert_row(
                &txn,
                &usermeta,
                vec![
                    ("user_id", user_id_value),
                    ("meta_key", USERMETA_KEY.into()),
                    ("meta_value", serialized.into()),
                ],
            )
            .await?;
        }
    }

    if crate::install::read_option(&txn, &options, OPTION_KEY_IN_USE)
        .await?
        .is_none()
    {
        // update_network_option() on a single site adds it with autoload 'no'.
        insert_row(
            &txn,
            &options,
            vec![
                ("option_name", OPTION_KEY_IN_USE.into()),
                ("option_value", "1".into()),
                ("autoload", "no".into()),
            ],
        )
        .await?;
    }
    txn.commit().await?;
    Ok(NewApplicationPassword {
        user_id,
        password,
        uuid,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap.
mod tests {
    use super::*;

    #[test]
    fn chunks_like_wordpress() {
        assert_eq!(
            chunk_password("abcdEFGHijklMNOPqrstUVWX"),
            "abcd EFGH ijkl MNOP qrst UVWX"
        );
    }

    #[test]
    fn uuid_is_v4() {
        let u = uuid4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }
}
