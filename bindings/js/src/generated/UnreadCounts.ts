// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * `numberOfunreadMessages`: unread counts by participant id, sorted by id.
 *
 * A sorted vector of exact size rather than a tree map: a conversation has one to three
 * participants, and a tree's first node is ~370 B whatever it holds. Serialized as the JSON
 * object it came from.
 *
 * ```
 * use lpm_core::model::UnreadCounts;
 * let u: UnreadCounts = [("b".to_owned(), 2), ("a".to_owned(), 1)].into_iter().collect();
 * assert_eq!(u.get("a"), Some(&1));
 * assert_eq!(u.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["a", "b"]);
 * assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"a":1,"b":2}"#);
 * // Of two counts for one id, the last wins.
 * let u: UnreadCounts = [("b".to_owned(), 2), ("a".to_owned(), 1), ("b".to_owned(), 5)]
 *     .into_iter()
 *     .collect();
 * assert_eq!(u.iter().collect::<Vec<_>>(), [(&"a".to_owned(), &1), (&"b".to_owned(), &5)]);
 * ```
 */
export type UnreadCounts = Record<string, number>;
