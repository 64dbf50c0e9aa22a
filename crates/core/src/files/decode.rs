//! Image previews drawn by the core (feature `previews`, on by default): decoders for the
//! image types UMS hosts and a JPEG encoder, used directly (not through `image`) to keep the
//! wasm build small. The browser build leaves them out and takes the preview the page drew
//! with its own decoders ([`Upload::new`](super::Upload::new)).

use std::io::Cursor;

use super::{PREVIEW_MAX_SOURCE_PIXELS, PREVIEW_SIDE, preview_url};

/// The `preview` of an image's hosted-file message: a JPEG thumbnail of at most
/// [`PREVIEW_SIDE`] pixels a side, as a `data:image/jpeg;base64,…` URL, as LivePerson's SDK
/// generates for every image upload.
///
/// `None` for files that are not PNG, JPG or GIF images, for bytes that do not decode, and
/// when the preview would exceed [`PREVIEW_MAX_BYTES`](super::PREVIEW_MAX_BYTES): the file is still sent, without a
/// preview.
///
/// ```
/// use lpm_core::files::preview;
/// # let mut png = Vec::new();
/// # let mut w = png::Encoder::new(&mut png, 640, 480).write_header().unwrap();
/// # w.write_image_data(&vec![0u8; 640 * 480]).unwrap();
/// # drop(w);
/// // `png`: the bytes of a 640×480 PNG.
/// assert!(preview(&png, "PNG").unwrap().starts_with("data:image/jpeg;base64,"));
/// assert_eq!(preview(b"%PDF-1.7", "PDF"), None);
/// ```
pub fn preview(data: &[u8], file_type: &str) -> Option<String> {
    let image = match file_type.to_ascii_uppercase().as_str() {
        "PNG" => decode_png(data),
        "JPG" | "JPEG" => decode_jpeg(data),
        "GIF" => decode_gif(data),
        _ => None,
    }?;
    let thumb = image.thumbnail(PREVIEW_SIDE as usize);
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 70)
        .encode(
            &thumb.rgb,
            u16::try_from(thumb.width).ok()?,
            u16::try_from(thumb.height).ok()?,
            jpeg_encoder::ColorType::Rgb,
        )
        .ok()?;
    preview_url(&jpeg)
}

/// Decoded pixels, 8-bit RGB, row by row.
struct Rgb {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Rgb {
    /// From 8-bit pixels of `channels` (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA); alpha is
    /// blended onto white, as transparent logos look on a chat page.
    fn from_pixels(width: usize, height: usize, channels: usize, px: &[u8]) -> Option<Rgb> {
        let n = width.checked_mul(height)?;
        if px.len() < n.checked_mul(channels)? {
            return None;
        }
        let over_white =
            |c: u8, a: u8| ((c as u16 * a as u16 + 255 * (255 - a as u16)) / 255) as u8;
        let mut rgb = Vec::with_capacity(n * 3);
        for p in px.chunks_exact(channels).take(n) {
            let (r, g, b, a) = match *p {
                [y] => (y, y, y, 255),
                [y, a] => (y, y, y, a),
                [r, g, b] => (r, g, b, 255),
                [r, g, b, a] => (r, g, b, a),
                _ => return None,
            };
            rgb.extend_from_slice(&[over_white(r, a), over_white(g, a), over_white(b, a)]);
        }
        Some(Rgb { width, height, rgb })
    }

    /// Scaled down (box filter) so the longer side is at most `side`; never scaled up.
    fn thumbnail(self, side: usize) -> Rgb {
        let scale = (side as f64 / self.width.max(self.height) as f64).min(1.0);
        let tw = ((self.width as f64 * scale).round() as usize).max(1);
        let th = ((self.height as f64 * scale).round() as usize).max(1);
        if (tw, th) == (self.width, self.height) {
            return self;
        }
        let mut rgb = Vec::with_capacity(tw * th * 3);
        for ty in 0..th {
            let (y0, y1) = span(ty, th, self.height);
            for tx in 0..tw {
                let (x0, x1) = span(tx, tw, self.width);
                let mut sum = [0u64; 3];
                for y in y0..y1 {
                    let row = &self.rgb[(y * self.width + x0) * 3..(y * self.width + x1) * 3];
                    for p in row.chunks_exact(3) {
                        for (s, v) in sum.iter_mut().zip(p) {
                            *s += u64::from(*v);
                        }
                    }
                }
                let count = ((y1 - y0) * (x1 - x0)) as u64;
                rgb.extend(sum.iter().map(|s| (s / count) as u8));
            }
        }
        Rgb {
            width: tw,
            height: th,
            rgb,
        }
    }
}

/// The source range `[start, end)` that target index `t` of `target` covers in `source`.
fn span(t: usize, target: usize, source: usize) -> (usize, usize) {
    let start = t * source / target;
    let end = ((t + 1) * source / target).max(start + 1).min(source);
    (start, end)
}

fn too_big(width: usize, height: usize) -> bool {
    (width as u64) * (height as u64) > PREVIEW_MAX_SOURCE_PIXELS || width == 0 || height == 0
}

fn decode_png(data: &[u8]) -> Option<Rgb> {
    let mut decoder = png::Decoder::new(Cursor::new(data));
    // 8-bit samples, palettes expanded: the channel count then says the layout
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().ok()?;
    let (w, h) = {
        let info = reader.info();
        (info.width as usize, info.height as usize)
    };
    if too_big(w, h) {
        return None;
    }
    let mut buf = vec![0; reader.output_buffer_size()?];
    let out = reader.next_frame(&mut buf).ok()?;
    let channels = out.color_type.samples();
    Rgb::from_pixels(w, h, channels, &buf[..out.buffer_size()])
}

fn decode_jpeg(data: &[u8]) -> Option<Rgb> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    decoder.decode_headers().ok()?;
    let (w, h) = decoder.dimensions()?;
    if too_big(w, h) {
        return None;
    }
    let px = decoder.decode().ok()?;
    Rgb::from_pixels(w, h, 3, &px)
}

/// The first frame, on the GIF's canvas.
fn decode_gif(data: &[u8]) -> Option<Rgb> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(Cursor::new(data)).ok()?;
    let (w, h) = (decoder.width() as usize, decoder.height() as usize);
    if too_big(w, h) {
        return None;
    }
    let frame = decoder.read_next_frame().ok()??;
    let mut canvas = vec![255u8; w * h * 4];
    let (fx, fy) = (frame.left as usize, frame.top as usize);
    let (fw, fh) = (frame.width as usize, frame.height as usize);
    for y in 0..fh.min(h.saturating_sub(fy)) {
        for x in 0..fw.min(w.saturating_sub(fx)) {
            let src = (y * fw + x) * 4;
            let dst = ((fy + y) * w + fx + x) * 4;
            canvas[dst..dst + 4].copy_from_slice(frame.buffer.get(src..src + 4)?);
        }
    }
    Rgb::from_pixels(w, h, 4, &canvas)
}

#[cfg(test)]
mod tests {
    use super::super::sniff_file_type;
    use super::*;
    use crate::files::PREVIEW_MAX_BYTES;
    use base64::Engine as _;

    /// A `w`×`h` RGBA PNG with a colour gradient and a transparent corner.
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        let mut writer = enc.write_header().expect("header");
        let px: Vec<u8> = (0..h)
            .flat_map(|y| {
                (0..w).flat_map(move |x| [x as u8, y as u8, 128, if x < 4 { 0 } else { 255 }])
            })
            .collect();
        writer.write_image_data(&px).expect("data");
        drop(writer);
        out
    }

    fn decoded_preview(url: &str) -> (usize, usize) {
        let b64 = url.strip_prefix("data:image/jpeg;base64,").expect("prefix");
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        let mut d = zune_jpeg::JpegDecoder::new(zune_core::bytestream::ZCursor::new(&jpeg));
        d.decode_headers().expect("jpeg");
        d.dimensions().expect("dimensions")
    }

    #[test]
    fn a_large_image_gets_a_small_jpeg_preview_of_the_same_shape() {
        let url = preview(&png(1200, 600), "PNG").expect("preview");
        assert_eq!(decoded_preview(&url), (150, 75));
        assert!(url.len() <= PREVIEW_MAX_BYTES);
    }

    #[test]
    fn a_jpeg_preview_of_a_jpeg_and_small_images_are_not_enlarged() {
        let url = preview(&png(40, 20), "png").expect("preview");
        assert_eq!(decoded_preview(&url), (40, 20));
        let b64 = url.strip_prefix("data:image/jpeg;base64,").expect("prefix");
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        assert_eq!(sniff_file_type(&jpeg), Some("JPG"));
        let again = preview(&jpeg, "JPG").expect("preview of a jpeg");
        assert_eq!(decoded_preview(&again), (40, 20));
    }

    #[test]
    fn a_gif_gets_a_preview_of_its_first_frame() {
        let mut out = Vec::new();
        {
            let mut enc = gif::Encoder::new(&mut out, 300, 100, &[]).expect("gif");
            let frame = gif::Frame::from_palette_pixels(
                300,
                100,
                vec![0u8; 300 * 100],
                [200, 20, 20],
                None,
            );
            enc.write_frame(&frame).expect("frame");
        }
        assert_eq!(sniff_file_type(&out), Some("GIF"));
        let url = preview(&out, "GIF").expect("preview");
        assert_eq!(decoded_preview(&url), (150, 50));
    }

    #[test]
    fn broken_or_non_image_bytes_give_no_preview() {
        assert_eq!(preview(b"\x89PNG\r\n\x1a\nbroken", "PNG"), None);
        assert_eq!(preview(&png(10, 10), "PDF"), None);
        assert_eq!(preview(&[], "JPG"), None);
        assert_eq!(preview(b"GIF89a", "GIF"), None);
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
        assert_eq!(sniff_file_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("JPG"));
    }
}
