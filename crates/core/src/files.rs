//! Hosted files (files.md §1): what a file is, from its bytes, and the thumbnail its
//! message carries. Pure functions; the upload itself is [`Command::UploadFile`].
//!
//! Both live in the core so the Rust and JavaScript SDKs name files and draw previews
//! the same way.
//!
//! [`Command::UploadFile`]: crate::connection::Command::UploadFile

use base64::Engine as _;
use image::ImageFormat;
use image::codecs::jpeg::JpegEncoder;

/// Longest side of a generated preview, in pixels.
pub const PREVIEW_SIDE: u32 = 150;

/// Largest preview data URL UMS accepts (files.md §1.3: "< 30 KB"; a bigger one is
/// refused with 400, so the core sends none rather than lose the file).
pub const PREVIEW_MAX_BYTES: usize = 30_000;

/// The file types [`sniff_file_type`] recognises.
pub const KNOWN_TYPES: [&str; 7] = ["JPG", "PNG", "GIF", "PDF", "DOCX", "XLSX", "PPTX"];

/// The hosted-file type (`fileType`) named by a file's first bytes: `JPG`, `PNG`, `GIF`,
/// `PDF`, `DOCX`, `XLSX` or `PPTX`; `None` when the bytes are none of these.
///
/// Office files are zip archives; their first entries name the application.
///
/// ```
/// use lpm_core::files::sniff_file_type;
/// assert_eq!(sniff_file_type(b"\x89PNG\r\n\x1a\n...."), Some("PNG"));
/// assert_eq!(sniff_file_type(b"%PDF-1.7"), Some("PDF"));
/// assert_eq!(sniff_file_type(b"hello"), None);
/// ```
pub fn sniff_file_type(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("PNG")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("JPG")
    } else if data.starts_with(b"GIF8") {
        Some("GIF")
    } else if data.starts_with(b"%PDF") {
        Some("PDF")
    } else if data.starts_with(b"PK\x03\x04") {
        let probe = &data[..data.len().min(4096)];
        let has = |n: &[u8]| probe.windows(n.len()).any(|w| w == n);
        Some(if has(b"xl/") {
            "XLSX"
        } else if has(b"ppt/") {
            "PPTX"
        } else {
            "DOCX"
        })
    } else {
        None
    }
}

/// The `preview` of an image's hosted-file message: a JPEG thumbnail of at most
/// [`PREVIEW_SIDE`] pixels a side, as a `data:image/jpeg;base64,…` URL, as LivePerson's SDK
/// generates for every image upload.
///
/// `None` for files that are not PNG, JPG or GIF images, for bytes that do not decode, and
/// when the preview would exceed [`PREVIEW_MAX_BYTES`]: the file is still sent, without a
/// preview.
///
/// ```
/// use lpm_core::files::preview;
/// # let mut png = std::io::Cursor::new(Vec::new());
/// # image::RgbImage::new(640, 480).write_to(&mut png, image::ImageFormat::Png).unwrap();
/// # let png = png.into_inner();
/// // `png`: the bytes of a 640×480 PNG.
/// assert!(preview(&png, "PNG").unwrap().starts_with("data:image/jpeg;base64,"));
/// assert_eq!(preview(b"%PDF-1.7", "PDF"), None);
/// ```
pub fn preview(data: &[u8], file_type: &str) -> Option<String> {
    let format = match file_type.to_ascii_uppercase().as_str() {
        "PNG" => ImageFormat::Png,
        "JPG" | "JPEG" => ImageFormat::Jpeg,
        "GIF" => ImageFormat::Gif,
        _ => return None,
    };
    let image = image::load_from_memory_with_format(data, format).ok()?;
    // JPEG has no alpha: flatten to RGB (transparent pixels become black, as in most
    // thumbnailers; previews are only hints).
    let thumb = image.thumbnail(PREVIEW_SIDE, PREVIEW_SIDE).to_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 70)
        .encode_image(&thumb)
        .ok()?;
    let url = format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&jpeg)
    );
    (url.len() <= PREVIEW_MAX_BYTES).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w`×`h` PNG with a colour gradient.
    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).expect("encode");
        out.into_inner()
    }

    #[test]
    fn a_large_image_gets_a_small_jpeg_preview_of_the_same_shape() {
        let url = preview(&png(1200, 600), "PNG").expect("preview");
        let b64 = url.strip_prefix("data:image/jpeg;base64,").expect("prefix");
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        let thumb = image::load_from_memory_with_format(&jpeg, ImageFormat::Jpeg).expect("jpeg");
        assert_eq!((thumb.width(), thumb.height()), (150, 75));
        assert!(url.len() <= PREVIEW_MAX_BYTES);
    }

    #[test]
    fn broken_or_non_image_bytes_give_no_preview() {
        assert_eq!(preview(b"\x89PNG\r\n\x1a\nbroken", "PNG"), None);
        assert_eq!(preview(&png(10, 10), "PDF"), None);
        assert_eq!(preview(&[], "JPG"), None);
    }

    #[test]
    fn office_files_are_told_apart_by_their_first_entries() {
        assert_eq!(
            sniff_file_type(b"PK\x03\x04....xl/workbook.xml"),
            Some("XLSX")
        );
        assert_eq!(sniff_file_type(b"PK\x03\x04....ppt/slides"), Some("PPTX"));
        assert_eq!(
            sniff_file_type(b"PK\x03\x04....word/document"),
            Some("DOCX")
        );
        assert_eq!(sniff_file_type(b"GIF89a"), Some("GIF"));
        assert_eq!(sniff_file_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("JPG"));
    }
}
