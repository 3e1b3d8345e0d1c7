/**
 * The real app (`startTestApp`) with one WhatsApp number or one Messenger page whose platform is a fake
 * Graph server: both started before a suite's tests and stopped after them. Call `whatsAppApp` or
 * `messengerApp` inside `describe`; its `graph` and `app` are there once the suite's `before` hooks ran. Its
 * functions are closures: they may be taken off it (`const { post, settle } = rig`).
 */
import assert from 'node:assert/strict';
import type { StoredBytes } from '../../src/durable/storage/documentStore';
import { FakeGraph, messageSends, type FakeGraphOptions, type RecordedRequest } from './fakeGraph';
import { signedHeaders } from './metaSignature';
import { suiteFixture } from './suiteFixture';
import { cloudNumberEnv, messengerPageEnv, startTestApp, type TestApp } from './testApp';
import { webhook, type Sender } from './whatsappWebhooks';

export interface AppOnGraphOptions {
  /** More variables for the app, beside the channel's own (a function of the fake, to name its URL). */
  env?: Record<string, string> | ((graph: FakeGraph) => Record<string, string>);
  deps?: Parameters<typeof startTestApp>[1];
  /** More for the fake Graph server (the channel's token is accepted in any case). */
  graph?: FakeGraphOptions;
}

export interface AppOnGraph {
  readonly graph: FakeGraph;
  readonly app: TestApp;
  /**
   * POSTs a body (as JSON, or a Buffer's exact bytes) to the channel's webhook route, signed with the
   * channel's app secret, with another `secret`, or not at all (`null`).
   */
  readonly post: (body: unknown, secret?: string | null) => Promise<Response>;
  /** Waits until no turn is in flight; false if some still was after `ms`. */
  readonly settle: (ms?: number) => Promise<boolean>;
  /** `post`, then `settle`. */
  readonly deliver: (body: unknown, secret?: string | null) => Promise<Response>;
}

/** The app with a channel whose webhooks come to `route`, its variables `env`, its credentials `channel`. */
function appOnGraph(
  route: string,
  channel: { token: string; appSecret: string },
  env: (graph: FakeGraph) => Record<string, string>,
  options: AppOnGraphOptions,
): AppOnGraph {
  const started = suiteFixture(
    async () => {
      const graph = await FakeGraph.start({
        ...options.graph,
        tokens: [channel.token, ...(options.graph?.tokens ?? [])],
      });
      const more = typeof options.env === 'function' ? options.env(graph) : options.env;
      return { graph, app: await startTestApp({ ...env(graph), ...more }, options.deps) };
    },
    async ({ graph, app }) => {
      await app.stop();
      await graph.stop();
    },
  );
  const post = (body: unknown, secret: string | null = channel.appSecret): Promise<Response> => {
    const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers = secret === null ? { 'content-type': 'application/json' } : signedHeaders(raw, secret);
    return fetch(`${started().app.url}${route}`, { method: 'POST', headers, body: raw });
  };
  const settle = (ms = 10_000): Promise<boolean> => started().app.app.inFlight.idle(ms);
  return {
    get graph() {
      return started().graph;
    },
    get app() {
      return started().app;
    },
    post,
    settle,
    deliver: async (body, secret) => {
      const response = await post(body, secret);
      await settle();
      return response;
    },
  };
}

export interface WhatsAppNumberVars {
  phoneNumberId: string;
  token: string;
  appSecret: string;
  verifyToken?: string;
}

export interface WhatsAppApp extends AppOnGraph {
  /** One message from `sender` to the number, delivered as a signed webhook answered 200; then `settle`. */
  readonly say: (sender: Sender, message: Record<string, unknown>) => Promise<void>;
  /** The message sends (not read receipts) the fake accepted for one person. */
  readonly repliesTo: (sender: Sender, kind?: 'whatsapp' | '360dialog') => RecordedRequest[];
  /** The media stored for what one person sent the number. */
  readonly storedMedia: (sender: Sender) => Promise<StoredBytes[]>;
}

/** The app with this Cloud API number (on `/webhooks/whatsapp`). */
export function whatsAppApp(number: WhatsAppNumberVars, options: AppOnGraphOptions = {}): WhatsAppApp {
  const rig = appOnGraph('/webhooks/whatsapp', number, (graph) => cloudNumberEnv(graph, number), options);
  return Object.assign(rig, {
    say: async (sender: Sender, message: Record<string, unknown>): Promise<void> => {
      const response = await rig.post(webhook(number.phoneNumberId, sender, [message]));
      assert.equal(response.status, 200);
      await rig.settle();
    },
    repliesTo: (sender: Sender, kind: 'whatsapp' | '360dialog' = 'whatsapp'): RecordedRequest[] =>
      rig.graph.sent(kind).filter((r) => messageSends(r.body) && Object(r.body).to === sender.waId),
    storedMedia: async (sender: Sender): Promise<StoredBytes[]> => {
      const documents = rig.app.storage.media.documents;
      const found: StoredBytes[] = [];
      for await (const name of documents.list(`whatsapp/${number.phoneNumberId}/${sender.waId}/`)) {
        const stored = await documents.getBytes(name);
        if (stored) found.push(stored);
      }
      return found;
    },
  });
}

export interface MessengerPageVars {
  pageId: string;
  token: string;
  appSecret: string;
  verifyToken: string;
}

export interface MessengerApp extends AppOnGraph {
  /** The messages (not sender actions) the fake accepted for one person. */
  readonly repliesTo: (psid: string) => RecordedRequest[];
}

/** The app with this Messenger page (on `/webhooks/messenger`). */
export function messengerApp(page: MessengerPageVars, options: AppOnGraphOptions = {}): MessengerApp {
  const rig = appOnGraph('/webhooks/messenger', page, (graph) => messengerPageEnv(graph, page), options);
  return Object.assign(rig, {
    repliesTo: (psid: string): RecordedRequest[] =>
      rig.graph
        .sent('messenger')
        .filter((r) => Object(Object(r.body).recipient).id === psid && Object(r.body).message !== undefined),
  });
}

/** The text a WhatsApp message send shows its reader: its text body, or its interactive body's text. */
export function replyText(request: RecordedRequest | undefined): string {
  const body = Object(request?.body);
  return String(body.text?.body ?? body.interactive?.body?.text ?? '');
}
