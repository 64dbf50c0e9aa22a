/**
 * `fromEnvironment()`: a bot's connection options from the identity `lpm fleet` hands each bot
 * process (see `docs/fleet.md`).
 * @module
 */
import { UserType } from './enums.js';
import { ValidationError } from './errors.js';
import type { CreateConnectionOptions } from './options.js';
import { platform } from './platform.js';

/** Where `fromEnvironment` reads variables: `process.env`, or any object of the same shape. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * Brand (bot) options for `createConnection` from `LPM_ACCOUNT_ID`, `LPM_USER` and either
 * `LPM_PASSWORD` or the four API key variables `LPM_APP_KEY`, `LPM_SECRET`, `LPM_ACCESS_TOKEN`,
 * `LPM_ACCESS_TOKEN_SECRET` (the key wins when both are set). `LPM_CSDS_URL` is applied by
 * `createConnection` itself as always. Reads `process.env` unless given `env`; throws a
 * `ValidationError` naming the missing variable (never a value).
 *
 * @example
 * ```js
 * const lpm = require('lp-messaging-sdk');
 * const connection = lpm.createConnection({ ...lpm.fromEnvironment(), appId: 'my_bot' });
 * await connection.open();
 * ```
 */
export function fromEnvironment(env?: EnvironmentVariables): CreateConnectionOptions {
  const read = (name: string): string | undefined => {
    const value = env === undefined ? platform().env(name) : env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (name: string): string => {
    const value = read(name);
    if (value === undefined) throw new ValidationError(`the environment variable ${name} is not set`);
    return value;
  };
  const accountId = required('LPM_ACCOUNT_ID');
  const username = required('LPM_USER');
  if (read('LPM_APP_KEY') !== undefined) {
    return {
      accountId,
      userType: UserType.BRAND,
      authData: {
        username,
        appKey: required('LPM_APP_KEY'),
        secret: required('LPM_SECRET'),
        accessToken: required('LPM_ACCESS_TOKEN'),
        accessTokenSecret: required('LPM_ACCESS_TOKEN_SECRET'),
      },
    };
  }
  const password = read('LPM_PASSWORD');
  if (password === undefined) {
    throw new ValidationError(
      'neither LPM_PASSWORD nor LPM_APP_KEY (with LPM_SECRET, LPM_ACCESS_TOKEN, LPM_ACCESS_TOKEN_SECRET) is set',
    );
  }
  return { accountId, userType: UserType.BRAND, authData: { username, password } };
}
