/**
 * The one configuration schema (DESIGN §4). Every variable is optional; defaults are merged here, and
 * every problem is reported at once with the variable's name. Checks that hold everywhere: the shape of
 * AZURE_STORAGE_CONNECTION_STRING, and that CHANNELS_FILE and COMMUNITIES_FILE exist and may be read
 * (their content is checked when they are loaded). Production also refuses the embedded Azurite.
 */
import { z } from 'zod';
import { configFileProblem } from '../core/configFile';
import { ConfigError } from '../core/errors';
import { connectionStringProblem } from '../durable/storage/connectionString';
import { operatorKeysSchema } from './operatorApi/operatorKeys';

const optionalText = z.string().trim().min(1).optional();
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const WHATSAPP_VARS = [
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
] as const;
export const D360_VARS = ['D360_API_KEY', 'D360_WEBHOOK_SECRET'] as const;
export const MESSENGER_VARS = [
  'MESSENGER_PAGE_ID',
  'MESSENGER_PAGE_ACCESS_TOKEN',
  'MESSENGER_APP_SECRET',
  'MESSENGER_VERIFY_TOKEN',
] as const;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  /** Folder of the embedded Azurite used when no connection string is set. */
  DATA_DIR: z.string().trim().min(1).default('.data'),
  /** Prefix of the blob containers, so several bots can share one account. */
  STORAGE_CONTAINER_PREFIX: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,40}$/, 'lowercase letters, digits and single hyphens, 2-41 long')
    .default('bot'),

  META_GRAPH_URL: httpUrl.default('https://graph.facebook.com/v24.0'),
  WHATSAPP_PHONE_NUMBER_ID: optionalText,
  WHATSAPP_ACCESS_TOKEN: optionalText,
  WHATSAPP_APP_SECRET: optionalText,
  WHATSAPP_VERIFY_TOKEN: optionalText,
  D360_API_KEY: optionalText,
  D360_BASE_URL: httpUrl.default('https://waba-v2.360dialog.io'),
  D360_WEBHOOK_SECRET: optionalText,
  MESSENGER_PAGE_ID: optionalText,
  MESSENGER_PAGE_ACCESS_TOKEN: optionalText,
  MESSENGER_APP_SECRET: optionalText,
  MESSENGER_VERIFY_TOKEN: optionalText,
  /** Where the app is reached from outside (the data-deletion status URLs Meta shows); unset: the request's host. */
  PUBLIC_BASE_URL: httpUrl.optional(),
  /** The message tag proactive Messenger messages use outside the 24-hour window (unset: refused there). */
  MESSENGER_MESSAGE_TAG: z
    .enum([
      'ACCOUNT_UPDATE',
      'CONFIRMED_EVENT_UPDATE',
      'CUSTOMER_FEEDBACK',
      'HUMAN_AGENT',
      'POST_PURCHASE_UPDATE',
    ])
    .optional(),
  CHANNELS_FILE: optionalText,
  /** The same JSON as CHANNELS_FILE, held by the variable (App Service settings, Key Vault references). */
  CHANNELS_JSON: optionalText,

  COMMUNITIES_FILE: optionalText,
  CE_API_URL: httpUrl.optional(),
  DEFAULT_LOCALE: z.enum(['en', 'hi']).default('en'),
  /** After this many minutes without a message, the next one starts at the menu. */
  IDLE_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(525_600).default(1440),
  /** Days the conversation history is kept (it holds personal data); older entries are deleted daily. */
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Retention (README "Retention"): the inbox's histories of finished events (they recognise redeliveries,
   * which Meta makes for up to 7 days), media of finished submissions and unreferenced media, and people
   * with no message in or out for that long. */
  INBOX_HISTORY_RETENTION_DAYS: z.coerce.number().int().min(8).max(3650).default(30),
  MEDIA_RETENTION_DAYS: z.coerce.number().int().min(2).max(3650).default(180),
  INACTIVE_PERSON_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** The organisation the privacy notice and the /privacy and /terms pages name, and how to reach it. */
  ORG_NAME: optionalText,
  ORG_CONTACT: optionalText,

  MicrosoftAppId: z.string().trim().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().trim().default(''),

  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
  /** Key of the keyed hash applied to user ids in telemetry; unset, one is kept in storage. */
  TELEMETRY_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),

  /** Keys of the operator API (`name:key`, comma-separated); unset: a development key, none in production. */
  OPERATOR_API_KEYS: operatorKeysSchema.optional(),
  /** Requests a minute each operator key may make; more are answered 429. */
  OPERATOR_API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  /** WhatsApp template that tells a person of a status change outside the 24-hour window (unset: not told). */
  SUBMISSION_UPDATE_TEMPLATE: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, 'a template name: lower-case letters, digits and _')
    .optional(),

  /** Outbound messages a second per number or page (WhatsApp's default throughput is 80). */
  OUTBOUND_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(80),
  /** Conversations whose turns run at once in one process; more wait (their events are in storage). */
  TURN_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  /** How long SIGTERM waits for turns in flight. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(8_000),
  /** Events waiting longer than this are replayed by the recovery sweep (a dead instance's). */
  SWEEP_STALE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  /** How often the recovery sweep runs. */
  SWEEP_EVERY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  /** A broadcast whose instance died is taken over by another after this long. */
  BROADCAST_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Reads the configuration from an environment. Empty strings count as unset. Throws a `ConfigError`
 * listing every problem, each prefixed with its variable's name.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value;
  }
  const parsed = configSchema.safeParse(present);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(environment)'} ${i.message}`)),
    ...crossFieldProblems(present),
    ...unresolvedReferences(present),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}

/**
 * A Key Vault reference App Service could not resolve reaches the app as its own text
 * (`@Microsoft.KeyVault(SecretUri=…)`): refused, naming the variable, rather than used as a token.
 */
function unresolvedReferences(present: Readonly<Record<string, string>>): string[] {
  return Object.entries(present)
    .filter(([, value]) => /^@Microsoft\.KeyVault\(/i.test(value.trim()))
    .map(
      ([name]) =>
        `${name} is a Key Vault reference App Service did not resolve: give the app's identity access to ` +
        'the secret (Key Vault Secrets User) and check the reference in the portal',
    );
}

/** Rules between variables; run on the raw values so they are reported alongside per-variable problems. */
function crossFieldProblems(env: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING;
  const malformed = connectionString === undefined ? undefined : connectionStringProblem(connectionString);
  if (malformed !== undefined) problems.push(`AZURE_STORAGE_CONNECTION_STRING is malformed: ${malformed}`);
  if (env.NODE_ENV === 'production') {
    if (connectionString === undefined) {
      problems.push(
        'AZURE_STORAGE_CONNECTION_STRING is required in production: the embedded Azurite keeps state in one ' +
          "local folder, and two instances over two folders would split a person's state in two",
      );
    }
    for (const group of [WHATSAPP_VARS, D360_VARS, MESSENGER_VARS]) {
      const set = group.filter((name) => env[name] !== undefined);
      if (set.length === 0) continue;
      for (const name of group) {
        if (env[name] === undefined) {
          problems.push(
            `${name} is required in production when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set`,
          );
        }
      }
    }
  }
  const appType = env.MicrosoftAppType ?? 'MultiTenant';
  if (env.MicrosoftAppId !== undefined) {
    if (appType !== 'UserAssignedMSI' && env.MicrosoftAppPassword === undefined) {
      problems.push(
        `MicrosoftAppPassword is required when MicrosoftAppId is set (MicrosoftAppType ${appType})`,
      );
    }
    if (appType !== 'MultiTenant' && env.MicrosoftAppTenantId === undefined) {
      problems.push(`MicrosoftAppTenantId is required when MicrosoftAppType is ${appType}`);
    }
  }
  if (env.CHANNELS_FILE !== undefined && env.CHANNELS_JSON !== undefined)
    problems.push('CHANNELS_FILE and CHANNELS_JSON are both set: set one of them (the same JSON either way)');
  for (const name of ['CHANNELS_FILE', 'COMMUNITIES_FILE']) {
    const file = env[name];
    const problem = file === undefined ? undefined : configFileProblem(name, file);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

/** Every configured value that must never appear in a log line, an error or telemetry. */
export function secretsOf(config: Config): string[] {
  const values = [
    config.WHATSAPP_ACCESS_TOKEN,
    config.WHATSAPP_APP_SECRET,
    config.WHATSAPP_VERIFY_TOKEN,
    config.D360_API_KEY,
    config.D360_WEBHOOK_SECRET,
    config.MESSENGER_PAGE_ACCESS_TOKEN,
    config.MESSENGER_APP_SECRET,
    config.MESSENGER_VERIFY_TOKEN,
    config.MicrosoftAppPassword,
    config.TELEMETRY_HASH_KEY,
    accountKeyOf(config.AZURE_STORAGE_CONNECTION_STRING),
    config.AZURE_STORAGE_CONNECTION_STRING,
    config.APPLICATIONINSIGHTS_CONNECTION_STRING,
    config.CHANNELS_JSON,
    ...(config.OPERATOR_API_KEYS ?? []).map((k) => k.key),
  ];
  return values.filter((v): v is string => v !== undefined && v !== '');
}

function accountKeyOf(connectionString: string | undefined): string | undefined {
  return /AccountKey=([^;]+)/.exec(connectionString ?? '')?.[1];
}
