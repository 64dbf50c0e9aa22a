/**
 * Upload previews drawn with the browser's own image decoders (`createImageBitmap`, then
 * `OffscreenCanvas` or a canvas element), so the browser consumer build ships no decoders.
 * Same thumbnail as the core's: a JPEG (quality 70) of at most `previewSide()` pixels a side,
 * never enlarged, transparency over white. The core then holds it to its contract (JPEG data
 * URL under UMS's size limit, image file types only).
 * @internal
 * @module
 */
import { previewMaxSourcePixels, previewSide } from '../pkg/lpm_wasm.js';

/** The JPEG quality of the core's previews (`jpeg_encoder::Encoder::new(_, 70)`). */
const QUALITY = 0.7;

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function canvas(w: number, h: number): { ctx: Canvas2D | null; toJpeg(): Promise<Blob | null> } {
  if (typeof OffscreenCanvas === 'function') {
    const c = new OffscreenCanvas(w, h);
    return { ctx: c.getContext('2d'), toJpeg: () => c.convertToBlob({ type: 'image/jpeg', quality: QUALITY }) };
  }
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return { ctx: c.getContext('2d'), toJpeg: () => new Promise((resolve) => c.toBlob(resolve, 'image/jpeg', QUALITY)) };
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as string);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

/**
 * The preview of `data` as a `data:image/jpeg;base64,…` URL, `undefined` when the browser
 * cannot decode it as an image (PDFs, office files, broken bytes) or it is too large.
 *
 * @example
 * ```ts
 * const preview = await drawPreview(new Uint8Array(await file.arrayBuffer()));
 * ```
 */
export async function drawPreview(data: Uint8Array): Promise<string | undefined> {
  if (typeof createImageBitmap !== 'function') return undefined;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([data as unknown as BlobPart]));
  } catch {
    return undefined; // not an image this browser decodes
  }
  try {
    const { width, height } = bitmap;
    if (!width || !height || width * height > previewMaxSourcePixels()) return undefined;
    const scale = Math.min(1, previewSide() / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const { ctx, toJpeg } = canvas(w, h);
    if (!ctx) return undefined;
    // JPEG has no alpha: transparent pixels over white, as the core blends them
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    const jpeg = await toJpeg();
    return jpeg ? await dataUrl(jpeg) : undefined;
  } catch {
    return undefined; // a preview is optional: the file is sent without one
  } finally {
    bitmap.close();
  }
}
