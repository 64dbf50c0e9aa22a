//! File sharing (files.md): upload/download URLs over the socket, bytes over HTTP to Swift;
//! and `getToken` while a token is being obtained.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, CommandOutput};
use lpm_core::io::HttpMethod;
use serde_json::json;

#[test]
fn upload_file_gets_a_url_then_puts_the_bytes() {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let up = h.cmd(Command::UploadFile {
        file_type: Some("PNG".into()),
        data: vec![1, 2, 3, 4],
        preview: None,
    });
    let f = h.frame_of("ms.GenerateURLForUploadFile");
    assert_eq!(f["body"], json!({"fileSize":4,"fileType":"PNG"}));
    h.respond(&f, 200, json!({"relativePath":"/v1/AUTH_async-images/1/a.PNG","queryParams":{"temp_url_sig":"abc","temp_url_expires":"1474973420"}}));
    h.csds("swift", "swift.example");
    let put = h.next_http();
    assert_eq!(put.method, HttpMethod::Put);
    assert_eq!(
        put.url,
        "https://swift.example/v1/AUTH_async-images/1/a.PNG?temp_url_sig=abc&temp_url_expires=1474973420"
    );
    assert_eq!(put.body, vec![1, 2, 3, 4]);
    assert!(h.result(up).is_none());
    h.reply(&put, 201, serde_json::Value::Null);
    assert_eq!(
        h.ok(up),
        CommandOutput::Uploaded {
            relative_path: "/v1/AUTH_async-images/1/a.PNG".into(),
            file_type: "PNG".into(),
            // four bytes are no image: no preview, the file still goes
            preview: None,
        }
    );
}

#[test]
fn download_file_gets_a_url_then_the_bytes() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    let dl = h.cmd(Command::DownloadFile {
        relative_path: "/v1/AUTH_async-images/1/b.JPG".into(),
    });
    let f = h.frame_of(".ams.ms.GenerateURLForDownloadFile");
    assert_eq!(
        f["body"],
        json!({"relativePath":"/v1/AUTH_async-images/1/b.JPG"})
    );
    h.respond(&f, 200, json!({"relativePath":"/v1/AUTH_async-images/1/b.JPG","queryParams":{"temp_url_sig":"s","temp_url_expires":"9"}}));
    h.csds("swift", "swift.example");
    let get = h.next_http();
    assert_eq!(get.method, HttpMethod::Get);
    assert_eq!(
        get.url,
        "https://swift.example/v1/AUTH_async-images/1/b.JPG?temp_url_sig=s&temp_url_expires=9"
    );
    h.c.handle_http_response(
        h.now,
        get.id,
        Ok(lpm_core::io::HttpResponse {
            status: 200,
            headers: vec![],
            body: b"JPEGDATA".to_vec(),
        }),
    );
    assert_eq!(
        h.ok(dl),
        CommandOutput::File {
            data: b"JPEGDATA".to_vec(),
            filename: Some("b.JPG".into())
        }
    );

    let url = h.cmd(Command::GetUploadUrl {
        file_size: 10,
        file_type: "JPG".into(),
    });
    let f = h.frame_of(".ams.ms.GenerateURLForUploadFile");
    h.respond(
        &f,
        200,
        json!({"relativePath":"/p","queryParams":{"temp_url_sig":"x","temp_url_expires":"1"}}),
    );
    assert!(
        matches!(h.ok(url), CommandOutput::FileUrl { relative_path, .. } if relative_path == "/p")
    );

    let bad = h.cmd(Command::GetDownloadUrl {
        relative_path: "/nope".into(),
    });
    let f = h.frame_of(".ams.ms.GenerateURLForDownloadFile");
    h.respond(&f, 400, json!("File sharing is disabled"));
    let e = h.err(bad);
    assert_eq!(e.code(), Some(400));
    assert!(e.to_string().contains("File sharing is disabled"));
}

/// A real 64×32 PNG.
fn png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 64, 32);
    enc.set_color(png::ColorType::Rgb);
    let mut w = enc.write_header().expect("header");
    w.write_image_data(&[200u8; 64 * 32 * 3]).expect("data");
    drop(w);
    out
}

#[cfg(feature = "previews")]
#[test]
fn upload_without_a_type_names_it_from_the_bytes_and_previews_images() {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let data = png();
    let up = h.cmd(Command::UploadFile {
        file_type: None,
        data: data.clone(),
        preview: None,
    });
    let f = h.frame_of("ms.GenerateURLForUploadFile");
    assert_eq!(
        f["body"],
        json!({"fileSize": data.len(), "fileType": "PNG"})
    );
    h.respond(&f, 200, json!({"relativePath":"/v1/AUTH_async-images/1/b.PNG","queryParams":{"temp_url_sig":"s","temp_url_expires":"1"}}));
    h.csds("swift", "swift.example");
    let put = h.next_http();
    assert_eq!(put.body, data);
    h.reply(&put, 201, serde_json::Value::Null);
    match h.ok(up) {
        CommandOutput::Uploaded {
            relative_path,
            file_type,
            preview,
        } => {
            assert_eq!(relative_path, "/v1/AUTH_async-images/1/b.PNG");
            assert_eq!(file_type, "PNG");
            let preview = preview.expect("images get a preview");
            assert!(preview.starts_with("data:image/jpeg;base64,"));
            assert!(preview.len() < 30_000);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn upload_of_unrecognised_bytes_without_a_type_is_named_png_without_preview() {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let _up = h.cmd(Command::UploadFile {
        file_type: None,
        data: b"just some text".to_vec(),
        preview: None,
    });
    let f = h.frame_of("ms.GenerateURLForUploadFile");
    assert_eq!(f["body"], json!({"fileSize": 14, "fileType": "PNG"}));
}

/// Uploads `data` with a preview the driver drew and returns the preview the core kept.
fn upload_with_drawn_preview(data: Vec<u8>, drawn: &str) -> Option<String> {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let up = h.cmd(Command::UploadFile {
        file_type: None,
        data,
        preview: Some(drawn.to_owned()),
    });
    let f = h.frame_of("ms.GenerateURLForUploadFile");
    h.respond(&f, 200, json!({"relativePath":"/v1/AUTH_async-images/1/c","queryParams":{"temp_url_sig":"s","temp_url_expires":"1"}}));
    h.csds("swift", "swift.example");
    let put = h.next_http();
    h.reply(&put, 201, serde_json::Value::Null);
    match h.ok(up) {
        CommandOutput::Uploaded { preview, .. } => preview,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_preview_the_driver_drew_is_kept_when_it_meets_the_contract() {
    let jpeg_url = "data:image/jpeg;base64,/9j/4AAQSkZJRg==";
    assert_eq!(
        upload_with_drawn_preview(png(), jpeg_url).as_deref(),
        Some(jpeg_url)
    );
    // not a JPEG data URL, too big, or for a file that is not an image: dropped
    assert_eq!(
        upload_with_drawn_preview(png(), "data:image/png;base64,iVBORw=="),
        None
    );
    let huge = format!("data:image/jpeg;base64,{}", "A".repeat(40_000));
    assert_eq!(upload_with_drawn_preview(png(), &huge), None);
    assert_eq!(
        upload_with_drawn_preview(b"%PDF-1.7".to_vec(), jpeg_url),
        None
    );
}

#[test]
fn upload_put_failure_is_reported_with_its_status() {
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let up = h.cmd(Command::UploadFile {
        file_type: Some("PNG".into()),
        data: vec![0; 8],
        preview: None,
    });
    let f = h.frame_of("ms.GenerateURLForUploadFile");
    h.respond(
        &f,
        200,
        json!({"relativePath":"/p","queryParams":{"temp_url_sig":"x","temp_url_expires":"1"}}),
    );
    h.csds("swift", "swift.example");
    let put = h.next_http();
    h.reply(&put, 401, json!({}));
    let e = h.err(up);
    assert_eq!(e.code(), Some(401));
    assert!(e.to_string().contains("file upload"));
}

#[test]
fn get_token_waits_for_the_token_instead_of_failing() {
    let mut h = H::consumer(json!({}));
    let open = h.cmd(Command::Open);
    let t = h.cmd(Command::GetToken);
    assert!(h.result(t).is_none());
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(&r, 200, json!({"jwt": jwt("c")}));
    match h.ok(t) {
        CommandOutput::Token { token } => assert_eq!(token.expose(), jwt("c")),
        other => panic!("{other:?}"),
    }
    assert!(h.result(open).is_none());
    // and getToken before open is a state error, not a hang
    let mut fresh = H::consumer(json!({}));
    let t = fresh.cmd(Command::GetToken);
    assert_eq!(fresh.err(t).kind(), "invalidState");
}

#[test]
fn send_file_publishes_the_hosted_file_message() {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([conv_change("C1", "OPEN", 1)]));
    h.ok(open);
    let id = h.cmd(Command::SendFile {
        conversation_id: "C1".into(),
        dialog_id: None,
        relative_path: "/v1/AUTH_async-images/1/a.PNG".into(),
        file_type: "PNG".into(),
        caption: Some("logo".into()),
        preview: None,
    });
    let f = h.frame_of("ms.PublishEvent");
    assert_eq!(
        f["body"],
        json!({"conversationId":"C1","dialogId":"C1","messageAudience":"ALL","event":{"type":"ContentEvent","contentType":"hosted/file",
            "message":{"relativePath":"/v1/AUTH_async-images/1/a.PNG","fileType":"PNG","caption":"logo"}}})
    );
    h.respond(&f, 200, json!({"sequence": 7}));
    assert_eq!(h.ok(id), CommandOutput::Sequence { sequence: 7 });
    let bad = h.cmd(Command::SendFile {
        conversation_id: "nope".into(),
        dialog_id: None,
        relative_path: "/p".into(),
        file_type: "PNG".into(),
        caption: None,
        preview: None,
    });
    assert_eq!(h.err(bad).kind(), "domain");
}
