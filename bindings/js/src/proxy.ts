/**
 * Process-wide HTTP proxy settings (`configureProxy`, `resetProxy`, `removeProxy`).
 * Node.js only: browsers use the browser's own proxy settings.
 * @module
 */

/**
 * Proxy configuration, as `configureProxy` takes it.
 *
 * @example
 * ```js
 * lpm.configureProxy({ host: 'proxy.example.com', port: 3128, protocol: 'https', auth: { username: 'me', password: 'secret' } });
 * ```
 */
export interface ProxyConfig {
  host: string;
  port: number;
  /** `http` (default) or `https`. */
  protocol?: string;
  /**
   * Appended to the proxy's URL (`http://host:port/path`, sdk-api §1.1). An HTTP proxy is
   * reached at host:port (requests by absolute URL, tunnels by `CONNECT host:port`), so the
   * path goes on no request line; it is accepted and checked for compatibility. Must not end
   * with `/`.
   */
  path?: string;
  /** Basic authentication for the proxy. */
  auth?: { username: string | number; password: string | number };
}

let proxy: ProxyConfig | undefined;

/**
 * Routes all SDK HTTP and websocket traffic made from now on through an HTTP proxy.
 *
 * @example
 * ```js
 * lpm.configureProxy({ host: 'proxy.example.com', port: 8080, protocol: 'http' });
 * ```
 */
export function configureProxy(config: ProxyConfig): void {
  if (!config || typeof config.host !== 'string' || !config.host || !Number.isInteger(config.port)) {
    throw new TypeError('configureProxy needs {host: string, port: number}');
  }
  // Only an HTTP(S) CONNECT proxy is supported; anything else would be silently used as one.
  if (config.protocol !== undefined && !/^https?:?$/i.test(String(config.protocol))) {
    throw new TypeError(`configureProxy: protocol ${JSON.stringify(config.protocol)} is not supported (use http or https)`);
  }
  // sdk-api §1.1: host and path must not end with '/'
  if (config.host.endsWith('/')) throw new TypeError(`configureProxy: host ${JSON.stringify(config.host)} must not end with /`);
  if (config.path !== undefined) {
    if (typeof config.path !== 'string') throw new TypeError('configureProxy: path must be a string');
    if (config.path.endsWith('/')) throw new TypeError(`configureProxy: path ${JSON.stringify(config.path)} must not end with /`);
    if (/[?#\s]/.test(config.path)) throw new TypeError(`configureProxy: path ${JSON.stringify(config.path)} must be a plain URL path (no ?, #, spaces)`);
  }
  proxy = { ...config };
}

/**
 * Removes the proxy configuration.
 *
 * @example
 * ```js
 * lpm.resetProxy();
 * ```
 */
export function resetProxy(): void {
  proxy = undefined;
}

/**
 * Alias of {@link resetProxy}.
 *
 * @example
 * ```js
 * lpm.removeProxy();
 * ```
 */
export function removeProxy(): void {
  proxy = undefined;
}

/**
 * The proxy to use now, as the URL the proxy agents take, or undefined (credentials included
 * for the agent only). The configured `path` is left out: the agents address a proxy by
 * host and port (undici's refuses a URL with a path), as every HTTP proxy is addressed.
 */
export function proxyUrl(): string | undefined {
  if (!proxy) return undefined;
  const protocol = (proxy.protocol ?? 'http').replace(/:$/, '');
  const auth = proxy.auth
    ? `${encodeURIComponent(String(proxy.auth.username))}:${encodeURIComponent(String(proxy.auth.password))}@`
    : '';
  return `${protocol}://${auth}${proxy.host}:${proxy.port}`;
}
