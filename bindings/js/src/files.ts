/** Byte helpers for uploads. @internal @module */

/** The exact bytes of an ArrayBuffer, Node.js Buffer or typed array. */
export function fileBytes(file: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  if (ArrayBuffer.isView(file)) return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  throw new TypeError('uploadFile needs an ArrayBuffer, a Buffer or a typed array');
}
