/**
 * What the drivers tell the core about an HTTP exchange or a websocket that got no answer.
 * @internal
 * @module
 */

/** OpenSSL's verification failures (Node.js `err.code`) that are about the server's certificate. */
const CERTIFICATE_CODES = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'INVALID_CA', 'HOSTNAME_MISMATCH', 'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE']);

function codeOf(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.cause?.code ?? err?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A failure message without URLs' query strings (they may carry secrets).
 *
 * @example
 * ```ts
 * describe(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })); // 'ECONNREFUSED'
 * ```
 */
export function describe(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const msg = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
  return String(msg).replace(/\?[^\s]*/g, '?…');
}

/**
 * `true` when TLS refused the server's certificate (untrusted issuer, expired, another host's):
 * the core then fails at once instead of retrying, as waiting cannot make it valid. Browsers do
 * not say why a request failed, so there it is always `false`.
 *
 * @example
 * ```ts
 * isCertificateFailure(Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })); // true
 * ```
 */
export function isCertificateFailure(e: unknown): boolean {
  const code = codeOf(e);
  return code !== undefined && (code.includes('CERT') || CERTIFICATE_CODES.has(code));
}
