//! The SQLite schema of the durable store and its version (`PRAGMA user_version`).
//!
//! Three tables: `entities` holds one JSON row per entity (kind + id → body), `events` one
//! JSON row per stored messaging event (so that a message is one small insert, not a rewrite
//! of its conversation's history), `files` the uploaded objects as blobs.

use rusqlite::Connection;

/// The schema this build writes. A database with a higher version was written by a newer
/// build and is refused rather than misread.
pub const VERSION: i64 = 1;

const V1: &str = "
CREATE TABLE IF NOT EXISTS entities (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
    dialog_id       TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    conversation_id TEXT NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (dialog_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    path        TEXT PRIMARY KEY,
    uploaded_at INTEGER NOT NULL,
    bytes       BLOB NOT NULL
);
";

/// Why the schema could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// SQLite refused a statement.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer build.
    #[error("the data directory has schema version {found}; this build knows up to {VERSION}")]
    TooNew {
        /// The version found.
        found: i64,
    },
}

/// Sets the connection up (WAL, foreign writers waited for) and brings the schema to
/// [`VERSION`].
///
/// WAL with `synchronous = NORMAL`: a committed transaction survives the process being killed
/// (`kill -9`), which is the failure this store is for; only a power loss or OS crash may lose
/// the last transactions, which a local development platform can accept for the speed.
pub fn migrate(conn: &Connection) -> Result<(), SchemaError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > VERSION {
        return Err(SchemaError::TooNew { found });
    }
    if found < 1 {
        conn.execute_batch(V1)?;
        conn.pragma_update(None, "user_version", VERSION)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_the_current_version_and_a_newer_one_is_refused() {
        let conn = Connection::open_in_memory().expect("sqlite");
        migrate(&conn).expect("migrates");
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(v, VERSION);
        migrate(&conn).expect("idempotent");
        conn.pragma_update(None, "user_version", VERSION + 1)
            .expect("set");
        assert!(matches!(
            migrate(&conn),
            Err(SchemaError::TooNew { found }) if found == VERSION + 1
        ));
    }
}
