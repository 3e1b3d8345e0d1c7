/**
 * The numbers and pages this deployment serves: the single ones of DESIGN §4's variables plus those of
 * `CHANNELS_FILE` (several numbers or pages, multi-tenant), or the same JSON held by `CHANNELS_JSON`. It is
 * validated with zod; every problem is reported with its place in the JSON, never with a secret's value. A key an entry does not know is
 * refused (a typo such as `messagesPerSecnd` would otherwise be silently ignored).
 *
 *   { "channels": [
 *       { "type": "whatsapp", "phoneNumberId": "…", "accessToken": "…", "appSecret": "…", "verifyToken": "…" },
 *       { "type": "360dialog", "phoneNumberId": "…", "apiKey": "…", "webhookSecret": "…" },
 *       { "type": "messenger", "pageId": "…", "pageAccessToken": "…", "appSecret": "…", "verifyToken": "…" } ] }
 */
import { z } from 'zod';
import type { WhatsAppNumber } from '../../adapters/whatsapp/whatsAppNumber';
import type { MessengerPage } from '../../adapters/messenger/messengerPage';
import type { Config } from './config';
import { jsonPath, parseJsonText, readJsonFile, type ReadText } from '../core/configFile';
import { ConfigError } from '../core/errors';

const secret = z.string().trim().min(1);
/** Outbound messages a second for this number or page (WhatsApp coexistence numbers: 20). */
const messagesPerSecond = z.number().positive().max(1000).optional();

const cloudNumber = z.strictObject({
  type: z.literal('whatsapp'),
  phoneNumberId: secret,
  accessToken: secret,
  appSecret: secret,
  verifyToken: secret,
  messagesPerSecond,
});
const dialog360Number = z.strictObject({
  type: z.literal('360dialog'),
  // Required in the file: replies must leave through the key of the number the message came to.
  phoneNumberId: secret,
  apiKey: secret,
  webhookSecret: secret,
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  messagesPerSecond,
});
const messengerPage = z.strictObject({
  type: z.literal('messenger'),
  pageId: secret,
  pageAccessToken: secret,
  appSecret: secret,
  verifyToken: secret,
  /** The page's Instagram professional account, when several pages are served. */
  instagramAccountId: secret.optional(),
  messagesPerSecond,
});
const channelsFileSchema = z.strictObject({
  channels: z.array(z.discriminatedUnion('type', [cloudNumber, dialog360Number, messengerPage])),
});

export type { CloudNumber, Dialog360Number, WhatsAppNumber } from '../../adapters/whatsapp/whatsAppNumber';
export type { MessengerPage } from '../../adapters/messenger/messengerPage';

export interface Channels {
  whatsapp: WhatsAppNumber[];
  messenger: MessengerPage[];
}

export function loadChannels(config: Config, readFile?: ReadText): Channels {
  const channels: Channels = { whatsapp: [], messenger: [] };
  const graphUrl = config.META_GRAPH_URL;
  const rate = config.OUTBOUND_MESSAGES_PER_SECOND;
  if (
    config.WHATSAPP_PHONE_NUMBER_ID &&
    config.WHATSAPP_ACCESS_TOKEN &&
    config.WHATSAPP_APP_SECRET &&
    config.WHATSAPP_VERIFY_TOKEN
  ) {
    channels.whatsapp.push({
      transport: 'cloud',
      phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
      accessToken: config.WHATSAPP_ACCESS_TOKEN,
      appSecret: config.WHATSAPP_APP_SECRET,
      verifyToken: config.WHATSAPP_VERIFY_TOKEN,
      graphUrl,
      messagesPerSecond: rate,
    });
  }
  if (config.D360_API_KEY && config.D360_WEBHOOK_SECRET) {
    channels.whatsapp.push({
      transport: '360dialog',
      phoneNumberId: undefined,
      apiKey: config.D360_API_KEY,
      webhookSecret: config.D360_WEBHOOK_SECRET,
      baseUrl: config.D360_BASE_URL,
      messagesPerSecond: rate,
    });
  }
  if (
    config.MESSENGER_PAGE_ID &&
    config.MESSENGER_PAGE_ACCESS_TOKEN &&
    config.MESSENGER_APP_SECRET &&
    config.MESSENGER_VERIFY_TOKEN
  ) {
    channels.messenger.push({
      pageId: config.MESSENGER_PAGE_ID,
      pageAccessToken: config.MESSENGER_PAGE_ACCESS_TOKEN,
      appSecret: config.MESSENGER_APP_SECRET,
      verifyToken: config.MESSENGER_VERIFY_TOKEN,
      graphUrl,
      messagesPerSecond: rate,
    });
  }
  const source = channelsSource(config, readFile);
  if (source === undefined) return channels;
  const variable = source.variable;
  const parsed = channelsFileSchema.safeParse(source.raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `${variable} ${jsonPath(issue.path) || '(top level)'}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
          : `${variable} ${jsonPath(issue.path)}: ${issue.message}`,
      ),
    );
  }
  for (const entry of parsed.data.channels) {
    if (entry.type === 'whatsapp') {
      const { type: _type, ...number } = entry;
      channels.whatsapp.push({
        ...number,
        transport: 'cloud',
        graphUrl,
        messagesPerSecond: number.messagesPerSecond ?? rate,
      });
    } else if (entry.type === '360dialog') {
      channels.whatsapp.push({
        transport: '360dialog',
        phoneNumberId: entry.phoneNumberId,
        apiKey: entry.apiKey,
        webhookSecret: entry.webhookSecret,
        baseUrl: entry.baseUrl ?? config.D360_BASE_URL,
        messagesPerSecond: entry.messagesPerSecond ?? rate,
      });
    } else {
      const { type: _type, ...page } = entry;
      channels.messenger.push({ ...page, graphUrl, messagesPerSecond: page.messagesPerSecond ?? rate });
    }
  }
  const ids = channels.whatsapp.flatMap((n) => (n.phoneNumberId === undefined ? [] : [n.phoneNumberId]));
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0)
    throw new ConfigError([`${variable} lists phone number id ${repeated[0]} more than once`]);
  return channels;
}

/**
 * Where the list of numbers and pages comes from: the file `CHANNELS_FILE` names, or the JSON
 * `CHANNELS_JSON` holds (App Service settings and Key Vault references can set a variable, not a file).
 * `loadConfig` refuses both at once.
 */
function channelsSource(
  config: Pick<Config, 'CHANNELS_FILE' | 'CHANNELS_JSON'>,
  readFile: ReadText | undefined,
): { variable: 'CHANNELS_FILE' | 'CHANNELS_JSON'; raw: unknown } | undefined {
  if (config.CHANNELS_JSON !== undefined)
    return { variable: 'CHANNELS_JSON', raw: parseJsonText('CHANNELS_JSON', config.CHANNELS_JSON) };
  if (config.CHANNELS_FILE !== undefined)
    return { variable: 'CHANNELS_FILE', raw: readJsonFile('CHANNELS_FILE', config.CHANNELS_FILE, readFile) };
  return undefined;
}

/** Every secret of the channels, for log redaction. */
export function channelSecrets(channels: Channels): string[] {
  return [
    ...channels.whatsapp.flatMap((n) =>
      n.transport === 'cloud' ? [n.accessToken, n.appSecret, n.verifyToken] : [n.apiKey, n.webhookSecret],
    ),
    ...channels.messenger.flatMap((p) => [p.pageAccessToken, p.appSecret, p.verifyToken]),
  ];
}
