// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * A JSON value held as its compact text, for objects the model keeps only to hand back
 * (a conversation's `lastContentEventNotification` record and client properties).
 *
 * A parsed [`Value`] costs a ~630 B tree node for every object however few its members (a
 * message record with its nested objects is ~3.6 KB); the text of the same record is ~650 B.
 * [`JsonText::to_value`] parses it when someone reads it, and it serializes as the JSON value
 * itself (not as a string), so views and serialized conversations look as before.
 * (serde_json's `RawValue` would write the text out without parsing it, but its feature adds
 * 5.3 KiB gzipped to the browser build, which is over its size budget; views are rare reads.)
 *
 * ```
 * use lpm_core::model::JsonText;
 * use serde_json::json;
 * let t = JsonText::new(&json!({"b": 1, "a": [true]}));
 * assert_eq!(t.as_str(), r#"{"a":[true],"b":1}"#);
 * assert_eq!(t.to_value()["a"][0], true);
 * assert_eq!(serde_json::to_value(&t).unwrap(), json!({"a": [true], "b": 1}));
 * ```
 */
export type JsonText = unknown;
