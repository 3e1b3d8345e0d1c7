/**
 * A Messenger (and Instagram) adapter from plain options, for a bot developer's own Bot Framework bot:
 * pages, the bot logic, and optionally where it keeps its state (in memory by default).
 *
 *   const messenger = createMessengerAdapter({ pages: [{ pageId, pageAccessToken, appSecret,
 *     verifyToken }], logic: (context) => bot.run(context) });
 *   http.createServer(messenger.handler).listen(3978);   // GET and POST of Meta's webhook
 */
import { z } from 'zod';
import { MESSAGE_TAGS, MessengerAdapter } from '../messenger/messengerAdapter';
import type { MessengerPage } from '../messenger/messengerPage';
import { ConversationMemory } from '../whatsapp/conversationMemory';
import {
  checkedOptions,
  DEFAULT_GRAPH_URL,
  standalone,
  standaloneShape,
  type Standalone,
  type StandaloneOptions,
} from './standalone';

const text = z.string().min(1, 'must not be empty');
const pageSchema = z.strictObject({
  pageId: text,
  instagramAccountId: text.optional(),
  pageAccessToken: text,
  appSecret: text,
  verifyToken: text,
  graphUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  messagesPerSecond: z.number().positive().optional(),
});

const optionsSchema = z.strictObject({
  ...standaloneShape,
  pages: z.array(pageSchema).min(1, 'must list at least one page'),
  messageTag: z.enum(MESSAGE_TAGS).optional(),
});

/** A Facebook page (and its Instagram account): Meta's credentials for it. */
export type MessengerPageOptions = z.input<typeof pageSchema>;

export interface MessengerFactoryOptions extends StandaloneOptions {
  pages: readonly MessengerPageOptions[];
  /** The tag proactive messages use outside the 24-hour window; unset, they are refused there. */
  messageTag?: (typeof MESSAGE_TAGS)[number];
}

/** A working Messenger adapter, its handler and its shutdown; throws `ConfigError` naming bad options. */
export function createMessengerAdapter(options: MessengerFactoryOptions): Standalone<MessengerAdapter> {
  const checked = checkedOptions('createMessengerAdapter', optionsSchema, options);
  const pages: MessengerPage[] = checked.pages.map((page) => ({
    ...page,
    graphUrl: page.graphUrl ?? checked.graphUrl ?? DEFAULT_GRAPH_URL,
  }));
  const { serve: _serve, ...built } = standalone(
    checked,
    pages.flatMap((p) => [p.pageAccessToken, p.appSecret, p.verifyToken]),
    (deps) =>
      new MessengerAdapter({
        ...deps,
        pages,
        memory: new ConversationMemory(deps.storage.documents, undefined, 'messenger'),
        messageTag: checked.messageTag,
      }),
  );
  return built;
}
