/**
 * The operator API, mounted on the server under `/api/v1`: every route of the table behind the same
 * steps, in order: the key (401), the key's rate cap (429), the route's validation (422), its handler,
 * and, for a route that changes something, the audit record, stored before the answer goes out.
 * Keys come from OPERATOR_API_KEYS; without them, development gets one key kept in storage, and
 * production does not mount the API (404).
 */
import { RawAnswer, sendRaw } from '../../core/rawAnswer';
import type { DocumentStore } from '../../durable/storage/documentStore';
import type { Config } from '../config';
import type { ApiRoute } from '../server';
import { storedRandomKey } from '../storedRandomKey';
import { AuditTrail } from './auditTrail';
import { OperatorAuthError, RateCapError } from './apiErrors';
import { builtInRoutes } from './builtInRoutes';
import { OperatorAuth } from './operatorAuth';
import type { OperatorKey } from './operatorKeys';
import { RateCap } from './rateCap';
import type { OperatorRoute } from './route';

export const API_PATH = '/api/v1';
export const DEVELOPMENT_KEY_NAME = 'development';
const DEVELOPMENT_KEY_DOCUMENT = 'operator-api-development-key.json';

export interface OperatorApiDeps {
  config: Pick<Config, 'NODE_ENV' | 'OPERATOR_API_KEYS' | 'OPERATOR_API_REQUESTS_PER_MINUTE'>;
  /** The system container: the development key and the audit trail. */
  system: DocumentStore;
  /** Routes of the bot's own, after the built-in ones. */
  routes?: readonly OperatorRoute[];
  /** The rate cap's clock (tests). */
  now?: () => number;
}

export interface OperatorApi {
  mounted: boolean;
  /** Why it is (not) mounted and with which keys, naming the variable, never a key. */
  reason: string;
  /** The routes the server mounts (none when not mounted). */
  routes: ApiRoute[];
  /** Every declared route (the OpenAPI document lists them all). */
  table: readonly OperatorRoute[];
  /** The development key (read or created in storage on first call), when no keys are configured. */
  developmentKey: (() => Promise<string>) | undefined;
  audit: AuditTrail;
}

export function createOperatorApi(deps: OperatorApiDeps): OperatorApi {
  const { config } = deps;
  const configured = config.OPERATOR_API_KEYS;
  const table: OperatorRoute[] = [];
  table.push(...builtInRoutes(() => table), ...(deps.routes ?? []));
  for (const [index, route] of table.entries()) {
    if (table.findIndex((r) => r.method === route.method && r.path === route.path) !== index)
      throw new Error(`${route.method} ${route.path} is declared twice`);
  }
  const audit = new AuditTrail(deps.system);
  if (configured === undefined && config.NODE_ENV === 'production') {
    return {
      mounted: false,
      reason: 'no OPERATOR_API_KEYS: not mounted in production (set OPERATOR_API_KEYS to name:key, ...)',
      routes: [],
      table,
      developmentKey: undefined,
      audit,
    };
  }
  let loading: Promise<string> | undefined;
  const developmentKey =
    configured === undefined
      ? () =>
          (loading ??= storedRandomKey(deps.system, DEVELOPMENT_KEY_DOCUMENT).catch((error: unknown) => {
            loading = undefined; // storage did not answer: the next request reads again
            throw error;
          }))
      : undefined;
  const keys = async (): Promise<readonly OperatorKey[]> =>
    developmentKey ? [{ name: DEVELOPMENT_KEY_NAME, key: await developmentKey() }] : (configured ?? []);
  const auth = new OperatorAuth(keys);
  const cap = new RateCap(config.OPERATOR_API_REQUESTS_PER_MINUTE, deps.now);
  const mount = (route: OperatorRoute): ApiRoute => ({
    method: route.method,
    path: route.path,
    handler: async (request, response) => {
      try {
        const operator = await auth.authenticate(request);
        cap.admit(operator.name);
        const { params = {}, query, body } = request;
        const done = await route.run({ params, query, body, operator, request });
        if (route.action !== undefined)
          await audit.record({ operator: operator.name, action: route.action, target: done.target ?? '' });
        if (done.body instanceof RawAnswer) await sendRaw(response, route.status, done.body);
        else response.send(route.status, done.body);
      } catch (error) {
        if (error instanceof OperatorAuthError) response.header('WWW-Authenticate', 'Bearer');
        if (error instanceof RateCapError) response.header('Retry-After', String(error.retryAfterSeconds));
        throw error;
      }
    },
  });
  return {
    mounted: true,
    reason: developmentKey
      ? 'no OPERATOR_API_KEYS: one development key, kept in storage'
      : `${configured?.length ?? 0} key(s) from OPERATOR_API_KEYS: ${(configured ?? []).map((k) => k.name).join(', ')}`,
    routes: table.map(mount),
    table,
    developmentKey,
    audit,
  };
}
