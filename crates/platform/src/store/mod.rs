//! Durable platform state (`lpm platform --data DIR`): everything a restarted platform needs
//! so that connected SDKs reconnect and carry on — the directory, tokens and brand sessions,
//! conversations with their dialogs, participants and messages, routing tasks and rings, agent
//! states, consumer profiles, uploaded files and the clock offset — kept in one SQLite file,
//! `DIR/platform.sqlite3`.
//!
//! The in-memory state stays the truth while the platform runs; this store is written
//! *through*: every UMS request's changes are committed in one transaction before its
//! response and notifications are queued, and every HTTP request's changes to the directory,
//! tokens and clock before its response leaves. So a `kill -9` right after an answer loses
//! nothing a client was told about. At start the state is read back and the ring expiry timers
//! are re-armed from the stored deadlines (see [`restore`]). Open sockets and subscriptions
//! are not stored: clients make them again when they reconnect.
//!
//! Rows are JSON bodies per entity kind keyed by id ([`schema`]); stored messaging events have
//! a row each, so a message costs one small insert.
//!
//! ```no_run
//! # fn demo() -> Result<(), lpm_platform::store::StoreError> {
//! use lpm_platform::store::{Durable, Row, kind};
//!
//! let store = Durable::open(std::path::Path::new("/tmp/lpm-data"))?;
//! store.commit(&[Row::Put {
//!     kind: kind::PROFILE,
//!     id: "[\"12345678\",\"c1\"]".into(),
//!     body: "{\"firstName\":\"Ada\"}".into(),
//! }])?;
//! assert_eq!(store.load()?.entities.len(), 1);
//! # Ok(()) }
//! ```

pub mod capture;
pub mod restore;
pub mod schema;

use rusqlite::{Connection, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The database file inside the data directory.
pub const FILE_NAME: &str = "platform.sqlite3";

/// Entity kinds of the `entities` table.
pub mod kind {
    /// A conversation with its dialogs and participants (not its events), by conversation id.
    pub const CONVERSATION: &str = "conversation";
    /// The current routing task of a conversation, by conversation id.
    pub const TASK: &str = "task";
    /// An agent's availability, by `["account","userId"]`.
    pub const AGENT_STATE: &str = "agent_state";
    /// A consumer profile (`SetUserProfile`), by `["account","consumerId"]`.
    pub const PROFILE: &str = "profile";
    /// A consumer that ever had a conversation (`firstConversation`), by `["account","id"]`.
    pub const CONSUMER_SEEN: &str = "consumer_seen";
    /// A promised upload (size and uploader), by object path.
    pub const PROMISE: &str = "promise";
    /// Platform-wide values, by name: see [`super::shared`].
    pub const SHARED: &str = "shared";
}

/// Names of the [`kind::SHARED`] rows.
pub mod shared {
    /// The directory (accounts, users, skills).
    pub const DIRECTORY: &str = "directory";
    /// Brand sessions and token revocations ([`crate::tokens::SavedTokens`]).
    pub const TOKENS: &str = "tokens";
    /// The clock offset in ms.
    pub const CLOCK: &str = "clock";
    /// How many times a platform started on this directory (varies seeded ids per run).
    pub const RUNS: &str = "runs";
}

/// Why the durable store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data directory could not be made.
    #[error("cannot create the data directory {path}: {source}")]
    Dir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be set up.
    #[error(transparent)]
    Schema(#[from] schema::SchemaError),
}

/// One write of a transaction.
#[derive(Clone, PartialEq)]
pub enum Row {
    /// Insert or replace an entity.
    Put {
        /// One of [`kind`].
        kind: &'static str,
        /// Its id.
        id: String,
        /// Its JSON.
        body: String,
    },
    /// Insert or replace a stored messaging event.
    Event {
        /// Conversation.
        conversation_id: String,
        /// Dialog.
        dialog_id: String,
        /// Sequence in the dialog.
        seq: u64,
        /// The `EventRecord` as JSON.
        body: String,
    },
    /// Insert or replace an uploaded object.
    File {
        /// Object path.
        path: String,
        /// Upload time, epoch ms.
        uploaded_at: i64,
        /// Content.
        bytes: Vec<u8>,
    },
}

// Bodies may hold tokens (the tokens row) and consumers' data: Debug names the row only.
impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Row::Put { kind, id, body } => {
                write!(f, "Put({kind}/{id}, {} bytes)", body.len())
            }
            Row::Event { dialog_id, seq, .. } => write!(f, "Event({dialog_id}#{seq})"),
            Row::File { path, bytes, .. } => write!(f, "File({path}, {} bytes)", bytes.len()),
        }
    }
}

/// A stored event row.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Conversation.
    pub conversation_id: String,
    /// Dialog.
    pub dialog_id: String,
    /// Sequence.
    pub seq: u64,
    /// JSON body.
    pub body: String,
}

/// Everything read back from the store, as rows; [`restore`] makes state of it.
#[derive(Default, Clone)]
pub struct Loaded {
    /// `(kind, id, body)`.
    pub entities: Vec<(String, String, String)>,
    /// Events, in (dialog, sequence) order.
    pub events: Vec<EventRow>,
    /// `(path, uploaded_at, bytes)`.
    pub files: Vec<(String, i64, Vec<u8>)>,
}

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loaded")
            .field("entities", &self.entities.len())
            .field("events", &self.events.len())
            .field("files", &self.files.len())
            .finish()
    }
}

/// The durable store: one SQLite connection, used under a lock for short synchronous
/// transactions (never across an `.await`).
pub struct Durable {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// The last written body of each [`kind::SHARED`] row, so that an HTTP request that
    /// changed none of them writes nothing.
    written: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for Durable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Durable").field("path", &self.path).finish()
    }
}

impl Durable {
    /// Opens (or creates) `dir/platform.sqlite3` and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(FILE_NAME);
        let conn = Connection::open(&path)?;
        schema::migrate(&conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            path,
            written: Mutex::new(HashMap::new()),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `rows` in one transaction: all or nothing.
    pub fn commit(&self, rows: &[Row]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut conn = crate::state::lock(&self.conn);
        let tx = conn.transaction()?;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR REPLACE INTO entities (kind, id, body) VALUES (?1, ?2, ?3)",
            )?;
            let mut event = tx.prepare_cached(
                "INSERT OR REPLACE INTO events (dialog_id, seq, conversation_id, body) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut file = tx.prepare_cached(
                "INSERT OR REPLACE INTO files (path, uploaded_at, bytes) VALUES (?1, ?2, ?3)",
            )?;
            for row in rows {
                match row {
                    Row::Put { kind, id, body } => {
                        put.execute(params![kind, id, body])?;
                    }
                    Row::Event {
                        conversation_id,
                        dialog_id,
                        seq,
                        body,
                    } => {
                        // Sequences are dialog indexes; i64 holds any a platform reaches.
                        let seq = i64::try_from(*seq).unwrap_or(i64::MAX);
                        event.execute(params![dialog_id, seq, conversation_id, body])?;
                    }
                    Row::File {
                        path,
                        uploaded_at,
                        bytes,
                    } => {
                        file.execute(params![path, uploaded_at, bytes])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// [`Durable::commit`], logging a failure instead of returning it: the platform keeps
    /// serving from memory when the disk fails, and says so.
    pub fn write(&self, rows: &[Row]) {
        if let Err(e) = self.commit(rows) {
            tracing::error!(rows = rows.len(), "cannot write the durable store: {e}");
        }
    }

    /// Writes the [`kind::SHARED`] rows among `rows` whose body changed since the last write.
    pub fn write_shared(&self, rows: Vec<(&'static str, String)>) {
        let mut written = crate::state::lock(&self.written);
        let changed: Vec<Row> = rows
            .into_iter()
            .filter(|(id, body)| written.get(*id) != Some(body))
            .map(|(id, body)| Row::Put {
                kind: kind::SHARED,
                id: id.to_owned(),
                body,
            })
            .collect();
        if changed.is_empty() {
            return;
        }
        match self.commit(&changed) {
            Ok(()) => {
                for row in changed {
                    if let Row::Put { id, body, .. } = row {
                        written.insert(id, body);
                    }
                }
            }
            Err(e) => tracing::error!("cannot write the durable store: {e}"),
        }
    }

    /// Reads everything back.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let conn = crate::state::lock(&self.conn);
        let mut out = Loaded::default();
        let mut stmt = conn.prepare("SELECT kind, id, body FROM entities ORDER BY kind, id")?;
        out.entities = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut stmt = conn.prepare(
            "SELECT conversation_id, dialog_id, seq, body FROM events ORDER BY dialog_id, seq",
        )?;
        out.events = stmt
            .query_map([], |r| {
                Ok(EventRow {
                    conversation_id: r.get(0)?,
                    dialog_id: r.get(1)?,
                    seq: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    body: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = conn.prepare("SELECT path, uploaded_at, bytes FROM files ORDER BY path")?;
        out.files = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        // What was read is what is on disk: unchanged shared rows need no write.
        let mut written = crate::state::lock(&self.written);
        for (k, id, body) in &out.entities {
            if k == kind::SHARED {
                written.insert(id.clone(), body.clone());
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "lpm-store-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn rows_survive_reopening_and_replace_by_key() {
        let dir = temp_dir("rows");
        {
            let store = Durable::open(&dir).expect("open");
            store
                .commit(&[
                    Row::Put {
                        kind: kind::PROFILE,
                        id: "a".into(),
                        body: "1".into(),
                    },
                    Row::Event {
                        conversation_id: "c".into(),
                        dialog_id: "c".into(),
                        seq: 0,
                        body: "{}".into(),
                    },
                    Row::File {
                        path: "/f".into(),
                        uploaded_at: 7,
                        bytes: vec![1, 2, 3],
                    },
                ])
                .expect("commit");
            store
                .commit(&[Row::Put {
                    kind: kind::PROFILE,
                    id: "a".into(),
                    body: "2".into(),
                }])
                .expect("commit");
        }
        let store = Durable::open(&dir).expect("reopen");
        let loaded = store.load().expect("load");
        assert_eq!(
            loaded.entities,
            vec![(kind::PROFILE.to_owned(), "a".to_owned(), "2".to_owned())]
        );
        assert_eq!(loaded.events.len(), 1);
        assert_eq!(loaded.files, vec![("/f".to_owned(), 7, vec![1, 2, 3])]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unchanged_shared_rows_are_not_written_again() {
        let dir = temp_dir("shared");
        let store = Durable::open(&dir).expect("open");
        store.write_shared(vec![(shared::CLOCK, "5".into())]);
        // Overwrite behind the cache's back: an unchanged body must not be written again.
        store
            .commit(&[Row::Put {
                kind: kind::SHARED,
                id: shared::CLOCK.into(),
                body: "9".into(),
            }])
            .expect("commit");
        store.write_shared(vec![(shared::CLOCK, "5".into())]);
        assert_eq!(store.load().expect("load").entities[0].2, "9");
        store.write_shared(vec![(shared::CLOCK, "6".into())]);
        assert_eq!(store.load().expect("load").entities[0].2, "6");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
