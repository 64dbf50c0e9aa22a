/**
 * Builders for client properties, JWT claims sets and structured data entities (SDEs).
 * @module
 */

/**
 * Device, browser and feature description of a consumer's client (build it with `createClientProperties`).
 *
 * @example
 * ```js
 * const connection = lpm.createConnection({
 *   appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER,
 *   clientProperties: lpm.createClientProperties({ features: [lpm.Features.RICH_CONTENT, lpm.Features.QUICK_REPLIES] }),
 * });
 * ```
 */
export interface ClientProperties {
  appId: string | null;
  appVersion: string | null;
  ipAddress: string | null;
  deviceFamily: string | null;
  deviceManufacturer: string | null;
  deviceModel: string | null;
  os: string | null;
  osName: string | null;
  osVersion: string | null;
  browser: string | null;
  browserVersion: string | null;
  integration: string | null;
  integrationVersion: string | null;
  timeZone: string | null;
  features: string[] | null;
}

const CLIENT_KEYS: (keyof ClientProperties)[] = ['appId', 'appVersion', 'ipAddress', 'deviceFamily', 'deviceManufacturer',
  'deviceModel', 'os', 'osName', 'osVersion', 'browser', 'browserVersion', 'integration', 'integrationVersion', 'timeZone', 'features'];

/**
 * Builds client properties (missing fields become `null`).
 *
 * @example
 * ```js
 * const clientProperties = lpm.createClientProperties({ deviceFamily: lpm.DeviceFamily.DESKTOP, os: lpm.OS.OSX });
 * ```
 */
export function createClientProperties(props: Partial<ClientProperties> = {}): ClientProperties {
  const out = {} as Record<string, unknown>;
  for (const k of CLIENT_KEYS) out[k] = props[k] ?? null;
  return out as unknown as ClientProperties;
}

/**
 * A structured data entity (build it with `createCustomerInfoSde` or `createPersonalInfoSde`).
 *
 * @example
 * ```js
 * const sdes = [lpm.createCustomerInfoSde({ customerId: '12345' }), lpm.createPersonalInfoSde({ firstname: 'Ada' })];
 * ```
 */
export interface Sde {
  type: string;
  [key: string]: unknown;
}

/**
 * Fields of a customer-info SDE (all optional).
 *
 * @example
 * ```js
 * const sde = lpm.createCustomerInfoSde({ cstatus: 'gold', balance: 120.5, customerId: '12345' });
 * ```
 */
export interface CustomerInfoInit {
  cstatus?: string; ctype?: string; balance?: string | number; customerId?: string; lastPaymentDate?: unknown;
  registrationDate?: unknown; loginStatus?: string | number; companyBranch?: string; socialId?: string; imei?: string;
  userName?: string; companySize?: string | number; accountName?: string; role?: string; storeZipCode?: string;
  storeNumber?: string; currency?: string;
}

function defined(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Builds a customer-info (`ctmrinfo`) SDE.
 *
 * @example
 * ```js
 * const sde = lpm.createCustomerInfoSde({ customerId: '12345', role: 'Administrator' });
 * ```
 */
export function createCustomerInfoSde(info: CustomerInfoInit = {}): Sde {
  return { type: 'ctmrinfo', info: defined(info) };
}

/**
 * Fields of a personal-info SDE (all optional; note lowercase `firstname`/`lastname`).
 *
 * @example
 * ```js
 * const sde = lpm.createPersonalInfoSde({ firstname: 'Ada', lastname: 'Lovelace', language: 'en-GB' });
 * ```
 */
export interface PersonalInfoInit {
  firstname?: string; lastname?: string; gender?: string; language?: string; company?: string;
  age?: Record<string, unknown>; contacts?: Record<string, unknown>[];
}

/**
 * Builds a personal-info SDE.
 *
 * @example
 * ```js
 * const sde = lpm.createPersonalInfoSde({ firstname: 'Ada', lastname: 'Lovelace' });
 * ```
 */
export function createPersonalInfoSde(info: PersonalInfoInit = {}): Sde {
  return { type: 'personal', personal: defined(info) };
}

/**
 * A JWT claims set for authenticated consumers (build it with `createJwtClaimsSet`).
 *
 * @example
 * ```js
 * await connection.stepUp('1234567', lpm.createJwtClaimsSet({ sub: '0000000001' }));
 * ```
 */
export interface JwtClaimsSet {
  sub: string;
  phone_number?: string;
  preferred_username?: string;
  email?: string;
  lp_sdes?: Sde[];
  [claim: string]: unknown;
}

/**
 * Input of {@link createJwtClaimsSet}.
 *
 * @example
 * ```js
 * const claims = lpm.createJwtClaimsSet({ sub: '0000000001', phoneNumber: '+15551234567', preferredUsername: 'ada' });
 * ```
 */
export interface JwtClaimsInit {
  sub: string;
  phoneNumber?: string;
  preferredUsername?: string;
  email?: string;
  sdes?: Sde[];
}

/**
 * Builds the claims set used by authenticated consumer connections and `stepUp`.
 *
 * @example
 * ```js
 * const jwtClaimsSet = lpm.createJwtClaimsSet({ sub: '0000000001', email: 'a@example.com', sdes: [sde] });
 * ```
 */
export function createJwtClaimsSet(init: JwtClaimsInit): JwtClaimsSet {
  if (!init || typeof init.sub !== 'string' || !init.sub) throw new TypeError('createJwtClaimsSet needs a sub');
  return defined({
    sub: init.sub,
    phone_number: init.phoneNumber,
    preferred_username: init.preferredUsername,
    email: init.email,
    lp_sdes: init.sdes,
  }) as JwtClaimsSet;
}
