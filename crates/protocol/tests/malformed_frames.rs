//! Malformed frames give typed errors, never panics.

use lpm_protocol::{Frame, FrameError};

/// A frame text and a check on the error it must give.
type Case = (&'static str, fn(&FrameError) -> bool);

#[test]
fn malformed_frames_are_errors() {
    let cases: &[Case] = &[
        ("", |e| matches!(e, FrameError::Json(_))),
        ("{", |e| matches!(e, FrameError::Json(_))),
        ("not json", |e| matches!(e, FrameError::Json(_))),
        ("null", |e| matches!(e, FrameError::NotAnObject(_))),
        ("[]", |e| matches!(e, FrameError::NotAnObject(_))),
        ("\"req\"", |e| matches!(e, FrameError::NotAnObject(_))),
        ("42", |e| matches!(e, FrameError::NotAnObject(_))),
        ("{}", |e| matches!(e, FrameError::MissingKind)),
        (
            r#"{"kind":"bogus"}"#,
            |e| matches!(e, FrameError::UnknownKind(k) if k == "bogus"),
        ),
        (r#"{"kind":7}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "kind", .. })
        }),
        (r#"{"kind":"req","type":"GetClock"}"#, |e| {
            matches!(e, FrameError::MissingField("id"))
        }),
        (r#"{"kind":"req","id":"1"}"#, |e| {
            matches!(e, FrameError::MissingField("type"))
        }),
        (r#"{"kind":"req","id":{},"type":"GetClock"}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "id", .. })
        }),
        (r#"{"kind":"req","id":"1","type":5}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "type", .. })
        }),
        (
            r#"{"kind":"req","id":"1","type":"InitConnection","headers":{}}"#,
            |e| {
                matches!(
                    e,
                    FrameError::InvalidField {
                        field: "headers",
                        ..
                    }
                )
            },
        ),
        (
            r#"{"kind":"req","id":"1","type":"InitConnection","headers":[1]}"#,
            |e| {
                matches!(
                    e,
                    FrameError::InvalidField {
                        field: "headers",
                        ..
                    }
                )
            },
        ),
        (
            r#"{"kind":"req","id":"1","type":"ms.PublishEvent","metadata":"x"}"#,
            |e| {
                matches!(
                    e,
                    FrameError::InvalidField {
                        field: "metadata",
                        ..
                    }
                )
            },
        ),
        (
            r#"{"kind":"req","id":"1","type":"ms.PublishEvent","encodedMetadata":1}"#,
            |e| {
                matches!(
                    e,
                    FrameError::InvalidField {
                        field: "encodedMetadata",
                        ..
                    }
                )
            },
        ),
        (r#"{"kind":"resp","code":200}"#, |e| {
            matches!(e, FrameError::MissingField("reqId"))
        }),
        (r#"{"kind":"resp","reqId":"1"}"#, |e| {
            matches!(e, FrameError::MissingField("code"))
        }),
        (r#"{"kind":"resp","reqId":"1","code":-1}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "code", .. })
        }),
        (r#"{"kind":"resp","reqId":"1","code":1e3}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "code", .. })
        }),
        (r#"{"kind":"resp","reqId":"1","code":70000}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "code", .. })
        }),
        (r#"{"kind":"resp","reqId":"1","code":true}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "code", .. })
        }),
        (r#"{"kind":"resp","reqId":"1","code":"abc"}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "code", .. })
        }),
        (r#"{"kind":"resp","reqId":[],"code":200}"#, |e| {
            matches!(e, FrameError::InvalidField { field: "reqId", .. })
        }),
        (r#"{"kind":"notification","body":{}}"#, |e| {
            matches!(e, FrameError::MissingField("type"))
        }),
        (r#"{"kind":"notification","type":null}"#, |e| {
            matches!(e, FrameError::MissingField("type"))
        }),
    ];
    for (text, check) in cases {
        match Frame::parse(text) {
            Ok(f) => panic!("{text} parsed as {f:?}"),
            Err(e) => {
                assert!(check(&e), "{text}: unexpected error {e:?}");
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

#[test]
fn tolerated_variations() {
    // No kind, numeric id (documentation examples).
    let Frame::Request(r) = Frame::parse(r#"{"id":100,"type":"GetClock"}"#).unwrap() else {
        panic!()
    };
    assert_eq!(r.id, "100");
    assert_eq!(r.body, None);
    // No kind but reqId → response; numeric reqId; string code.
    let Frame::Response(r) = Frame::parse(r#"{"reqId":1,"code":"200"}"#).unwrap() else {
        panic!()
    };
    assert_eq!((r.req_id.as_str(), r.code, r.type_name), ("1", 200, None));
    // Null body and unknown members are fine.
    let Frame::Notification(n) =
        Frame::parse(r#"{"kind":"notification","type":"x","body":null,"extra":1}"#).unwrap()
    else {
        panic!()
    };
    assert_eq!(n.body, None);
}

#[test]
fn arbitrary_prefixes_never_panic() {
    let sample = r#"{"kind":"req","id":"1","type":"InitConnection","body":{},"headers":[{"type":".ams.headers.ConsumerAuthentication","jwt":"j"},{"type":".ams.headers.ClientProperties","features":["X"]}],"metadata":[{"type":"ExternalId","id":"a"}]}"#;
    for end in 0..=sample.len() {
        if let Some(prefix) = sample.get(..end) {
            let _ = Frame::parse(prefix);
        }
    }
    assert!(Frame::parse(sample).is_ok());
}
