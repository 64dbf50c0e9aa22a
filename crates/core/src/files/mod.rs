//! Hosted files (files.md §1): what a file is, from its bytes, and the thumbnail its
//! message carries. Pure functions; the upload itself is [`Command::UploadFile`].
//!
//! Both live in the core so the Rust and JavaScript SDKs name files and draw previews
//! the same way. The decoders behind [`preview`] are the `previews` feature (on by
//! default); a build without them (the browser's) takes the preview its driver drew and
//! holds it to the same contract ([`accept_preview`]).
//!
//! [`Command::UploadFile`]: crate::connection::Command::UploadFile

use base64::Engine as _;

/// Longest side of a generated preview, in pixels.
pub const PREVIEW_SIDE: u32 = 150;

/// Images with more pixels than this get no preview (a small file can decode to a huge
/// image; 40 megapixels is beyond any camera photo under the 3 MB upload limit).
pub const PREVIEW_MAX_SOURCE_PIXELS: u64 = 40_000_000;

/// Largest preview data URL UMS accepts (files.md §1.3: "< 30 KB"; a bigger one is
/// refused with 400, so the core sends none rather than lose the file).
pub const PREVIEW_MAX_BYTES: usize = 30_000;

/// A file ready for storage: its bytes, the type its message names and its image preview.
/// Both connection kinds (socket and REST) upload through it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Upload {
    pub(crate) data: Vec<u8>,
    pub(crate) file_type: String,
    pub(crate) preview: Option<String>,
}

impl Upload {
    /// Names the file (`file_type`, or recognised from the bytes, [`FALLBACK_TYPE`] when
    /// unrecognised) and gives it a preview: `drawn` (made by the driver, e.g. a browser's
    /// canvas) when it meets the contract ([`accept_preview`]), else the core's own
    /// ([`preview`], feature `previews`).
    pub(crate) fn new(file_type: Option<String>, data: Vec<u8>, drawn: Option<String>) -> Upload {
        let file_type =
            file_type.unwrap_or_else(|| sniff_file_type(&data).unwrap_or(FALLBACK_TYPE).to_owned());
        let preview = match drawn {
            Some(url) => accept_preview(&file_type, url),
            None => core_preview(&data, &file_type),
        };
        Upload {
            data,
            file_type,
            preview,
        }
    }
}

#[cfg(feature = "previews")]
fn core_preview(data: &[u8], file_type: &str) -> Option<String> {
    preview(data, file_type)
}

/// Without the decoders the core draws no preview; the driver brings one.
#[cfg(not(feature = "previews"))]
fn core_preview(_data: &[u8], _file_type: &str) -> Option<String> {
    None
}

/// The file types that get a preview (the image types UMS hosts).
pub const PREVIEWABLE_TYPES: [&str; 3] = ["PNG", "JPG", "GIF"];

/// The start of every preview: a base64 JPEG data URL.
pub const PREVIEW_PREFIX: &str = "data:image/jpeg;base64,";

/// A preview a driver drew (`url`) for a file of `file_type`, if it meets the contract of
/// the core's own [`preview`]: an image type ([`PREVIEWABLE_TYPES`]; `JPEG` counts as `JPG`),
/// a `data:image/jpeg;base64,…` URL of valid base64, at most [`PREVIEW_MAX_BYTES`] long.
/// `None` otherwise: the file is then sent without a preview.
///
/// ```
/// use lpm_core::files::accept_preview;
/// let url = "data:image/jpeg;base64,/9j/4AAQ".to_owned();
/// assert_eq!(accept_preview("png", url.clone()), Some(url.clone()));
/// assert_eq!(accept_preview("PDF", url), None);
/// assert_eq!(accept_preview("PNG", "data:image/png;base64,iVBO".into()), None);
/// ```
pub fn accept_preview(file_type: &str, url: String) -> Option<String> {
    let file_type = file_type.to_ascii_uppercase();
    let image = PREVIEWABLE_TYPES.contains(&file_type.as_str()) || file_type == "JPEG";
    let b64 = url.strip_prefix(PREVIEW_PREFIX)?;
    let valid = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .is_ok();
    (image && valid && url.len() <= PREVIEW_MAX_BYTES).then_some(url)
}

/// `jpeg` as a preview data URL, `None` when over [`PREVIEW_MAX_BYTES`].
#[cfg(feature = "previews")]
fn preview_url(jpeg: &[u8]) -> Option<String> {
    let url = format!(
        "{PREVIEW_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    );
    (url.len() <= PREVIEW_MAX_BYTES).then_some(url)
}

/// The type an upload of unrecognised bytes is named: LivePerson's Node.js sample uploads
/// `fs.readFileSync(f).buffer`, which for small files is Node's shared pool slab, whose first
/// bytes are not the file's. Refusing those bytes would break that sample; UMS itself decides
/// what it accepts.
pub const FALLBACK_TYPE: &str = "PNG";

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

#[cfg(feature = "previews")]
mod decode;
#[cfg(feature = "previews")]
pub use decode::preview;
