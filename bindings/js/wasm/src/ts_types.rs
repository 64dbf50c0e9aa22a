//! The TypeScript declarations of the JSON that crosses the boundary, generated from the Rust
//! types (ts-rs, reading their serde attributes) into `bindings/js/src/generated/`, where the
//! TypeScript driver and facades import them.
//!
//! `cargo test -p lpm-wasm` fails when the committed files are stale;
//! `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lpm_core::connection::csds_lookup::Resolved;
use lpm_core::connection::maintainer::MaintainerEvent;
use lpm_core::connection::poller::PollerEvent;
use lpm_core::connection::{AgentSessionData, CommandOutput, Event, Output};
use lpm_core::io::Transmit;
use lpm_core::model::Ring;
use ts_rs::{Config, TS};

use crate::views::{
    ConnectionView, ConversationView, DialogView, MessageView, ParticipantView, SkillView,
};
use crate::{MessageContentJson, ModelEventJson};

/// The first line of every generated file (ts-rs's own names no command).
const HEADER: &str = "// Generated from the Rust types by ts-rs: do not edit. Regenerate with\n\
                      // `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).";

/// `T::export_all` of one root type (it writes the type and every type it uses).
type Export = fn(&Config) -> Result<(), ts_rs::ExportError>;

/// Where the committed declarations live.
fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/generated")
}

/// Every generated file (relative path → text) for the boundary's root types and what they use.
fn generate() -> BTreeMap<String, String> {
    let dir = std::env::temp_dir().join(format!("lpm-ts-types-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // Ids and epoch milliseconds stay below 2^53: JSON numbers, not `bigint`.
    let cfg = Config::new()
        .with_out_dir(&dir)
        .with_large_int("number")
        .with_import_extension(Some("js"));
    let exports: [Export; 17] = [
        <Output<()>>::export_all,
        Transmit::export_all,
        Event::export_all,
        ModelEventJson::export_all,
        CommandOutput::export_all,
        MessageContentJson::export_all,
        MaintainerEvent::export_all,
        PollerEvent::export_all,
        Resolved::export_all,
        AgentSessionData::export_all,
        ConnectionView::export_all,
        ConversationView::export_all,
        DialogView::export_all,
        MessageView::export_all,
        ParticipantView::export_all,
        SkillView::export_all,
        Ring::export_all,
    ];
    for export in exports {
        export(&cfg).expect("export");
    }
    let files = read_tree(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    files
        .into_iter()
        .map(|(path, text)| {
            let body = text.split_once('\n').map_or("", |(_, rest)| rest);
            (path, format!("{HEADER}\n{body}"))
        })
        .collect()
}

/// Every `.ts` file under `dir` (relative path with `/` → text).
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.extension().is_some_and(|x| x == "ts") {
                let rel = path.strip_prefix(base).expect("under base");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn ts_types_are_up_to_date() {
    let generated = generate();
    let dir = committed_dir();
    if std::env::var_os("LPM_WRITE_TS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in &generated {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        return;
    }
    let committed = read_tree(&dir);
    let stale: Vec<&String> = generated
        .keys()
        .chain(committed.keys())
        .filter(|k| generated.get(*k) != committed.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "bindings/js/src/generated/ is stale ({stale:?}); regenerate with \
         `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types`"
    );
}
