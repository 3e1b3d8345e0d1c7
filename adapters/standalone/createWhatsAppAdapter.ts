/**
 * A WhatsApp adapter from plain options, for a bot developer's own Bot Framework bot: numbers (Meta's
 * Cloud API or 360dialog), the bot logic, and optionally where it keeps its state (in memory by default).
 *
 *   const whatsapp = createWhatsAppAdapter({ numbers: [{ phoneNumberId, accessToken, appSecret,
 *     verifyToken }], logic: (context) => bot.run(context) });
 *   http.createServer(whatsapp.handler).listen(3978);   // GET and POST of Meta's webhook
 */
import { z } from 'zod';
import type { TurnLogic } from '../base/channelAdapter';
import type { ChoiceStore } from '../whatsapp/choiceStore';
import { ConversationMemory } from '../whatsapp/conversationMemory';
import { WhatsAppAdapter, type WhatsAppAdapterOptions } from '../whatsapp/whatsAppAdapter';
import type { WhatsAppNumber } from '../whatsapp/whatsAppNumber';
import {
  checkedOptions,
  DEFAULT_GRAPH_URL,
  standalone,
  standaloneShape,
  type Served,
  type Standalone,
  type StandaloneOptions,
} from './standalone';

/** 360dialog's API host (its sandbox has another). */
export const DEFAULT_360DIALOG_URL = 'https://waba-v2.360dialog.io';

const text = z.string().min(1, 'must not be empty');
const perSecond = z.number().positive().optional();
const cloudNumber = z.strictObject({
  transport: z.literal('cloud'),
  phoneNumberId: text,
  accessToken: text,
  appSecret: text,
  verifyToken: text,
  graphUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  messagesPerSecond: perSecond,
});
const dialog360Number = z.strictObject({
  transport: z.literal('360dialog'),
  phoneNumberId: text.optional(),
  apiKey: text,
  webhookSecret: text,
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(DEFAULT_360DIALOG_URL),
  messagesPerSecond: perSecond,
});
/** A number by its `transport` (`cloud` when left out), each checked against its own fields. */
const numberSchema = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !('transport' in value)
      ? { ...value, transport: 'cloud' }
      : value,
  z.discriminatedUnion('transport', [cloudNumber, dialog360Number]),
);

const optionsSchema = z.strictObject({
  ...standaloneShape,
  numbers: z.array(numberSchema).min(1, 'must list at least one number'),
  choices: z
    .custom<ChoiceStore>((v) => typeof v === 'object' && v !== null, 'must be a ChoiceStore')
    .optional(),
  mediaLimits: z.record(z.string(), z.number().int().positive()).optional(),
});

/** A Cloud API number: Meta's credentials for it (`transport` may be left out). */
export type CloudNumberOptions = Omit<z.input<typeof cloudNumber>, 'transport'> & { transport?: 'cloud' };
/** A 360dialog number: its API key and the secret 360dialog sends in `X-Webhook-Secret`. */
export type Dialog360NumberOptions = z.input<typeof dialog360Number>;

export interface WhatsAppFactoryOptions extends StandaloneOptions {
  numbers: readonly (CloudNumberOptions | Dialog360NumberOptions)[];
  /** Where offered choices are kept (default: a document per conversation in `storage`). */
  choices?: ChoiceStore;
  mediaLimits?: WhatsAppAdapterOptions['mediaLimits'];
}

export interface WhatsAppStandalone extends Standalone<WhatsAppAdapter> {
  /** `POST` of 360dialog's webhook (proven by `X-Webhook-Secret`), for `http.createServer` or express. */
  dialog360Handler: Served['handler'];
  dialog360Process: Served['process'];
}

/** A working WhatsApp adapter, its handlers and its shutdown; throws `ConfigError` naming bad options. */
export function createWhatsAppAdapter(options: WhatsAppFactoryOptions): WhatsAppStandalone {
  const checked = checkedOptions('createWhatsAppAdapter', optionsSchema, options);
  const numbers = checked.numbers.map((number) => numberOf(number, checked.graphUrl ?? DEFAULT_GRAPH_URL));
  const logic: TurnLogic = checked.logic;
  const built = standalone(
    checked,
    numbers.flatMap((n) =>
      n.transport === 'cloud' ? [n.accessToken, n.appSecret, n.verifyToken] : [n.apiKey, n.webhookSecret],
    ),
    (deps) =>
      new WhatsAppAdapter({
        ...deps,
        numbers,
        memory: new ConversationMemory(deps.storage.documents),
        choices: checked.choices,
        mediaLimits: checked.mediaLimits,
      }),
  );
  const { serve, ...served } = built;
  const dialog360 = serve((request, response) => built.adapter.processDialog360(request, response, logic));
  return { ...served, dialog360Handler: dialog360.handler, dialog360Process: dialog360.process };
}

/** One checked number, with the Graph URL it sends through. */
function numberOf(number: z.output<typeof numberSchema>, graphUrl: string): WhatsAppNumber {
  if (number.transport === '360dialog') return { ...number, phoneNumberId: number.phoneNumberId };
  return { ...number, graphUrl: number.graphUrl ?? graphUrl };
}
