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
  /** Appended to the proxy URL. */
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

/** The proxy URL to use now, or undefined (credentials included for the agent only). */
export function proxyUrl(): string | undefined {
  if (!proxy) return undefined;
  const protocol = (proxy.protocol ?? 'http').replace(/:$/, '');
  const auth = proxy.auth
    ? `${encodeURIComponent(String(proxy.auth.username))}:${encodeURIComponent(String(proxy.auth.password))}@`
    : '';
  const path = proxy.path ? `/${proxy.path.replace(/^\//, '')}` : '';
  return `${protocol}://${auth}${proxy.host}:${proxy.port}${path}`;
}
