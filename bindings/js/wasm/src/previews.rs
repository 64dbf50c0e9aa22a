//! The preview contract for drivers that draw upload previews themselves (the browser
//! consumer build, whose wasm carries no image decoders): the sizes the core's own previews
//! use, so both draw the same thumbnail. The core checks the result
//! ([`lpm_core::files::accept_preview`]).

use lpm_core::files::{PREVIEW_MAX_SOURCE_PIXELS, PREVIEW_SIDE};
use wasm_bindgen::prelude::*;

/// Longest side of a preview, in pixels (`previewSide()` in JavaScript).
///
/// ```
/// assert_eq!(lpm_wasm::preview_side(), lpm_core::files::PREVIEW_SIDE);
/// ```
#[wasm_bindgen(js_name = previewSide)]
pub fn preview_side() -> u32 {
    PREVIEW_SIDE
}

/// Images with more pixels than this get no preview (`previewMaxSourcePixels()`).
///
/// ```
/// assert_eq!(lpm_wasm::preview_max_source_pixels(), 40_000_000.0);
/// ```
#[wasm_bindgen(js_name = previewMaxSourcePixels)]
pub fn preview_max_source_pixels() -> f64 {
    PREVIEW_MAX_SOURCE_PIXELS as f64
}
