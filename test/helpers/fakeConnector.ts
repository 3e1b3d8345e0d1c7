/**
 * A fake Bot Framework connector (what the Emulator serves at its `serviceUrl`): records every activity
 * the bot posts to `/v3/conversations/{id}/activities[/{replyToId}]` and answers with an id.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedActivity {
  conversationId: string;
  /** From the URL (`.../activities/{replyToId}`); `undefined` for a plain send. */
  urlReplyToId: string | undefined;
  activity: Record<string, unknown>;
}

export class FakeConnector {
  readonly posted: PostedActivity[] = [];
  /** Every request received, whatever its method and path. */
  received = 0;
  /** Milliseconds to wait before answering each post (to hold a turn in flight). */
  delayMs = 0;
  url = '';
  private server: Server | undefined;
  private sequence = 0;

  /** Listens on `host` (another loopback address, such as 127.0.0.2, stands for a remote server). */
  static async start(host = '127.0.0.1'): Promise<FakeConnector> {
    const connector = new FakeConnector();
    const server = createServer((req, res) => {
      connector.received += 1;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match?.[1]) {
          res.writeHead(404);
          res.end();
          return;
        }
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const activity = typeof parsed === 'object' && parsed !== null ? { ...parsed } : {};
        connector.posted.push({
          conversationId: decodeURIComponent(match[1]),
          urlReplyToId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
          activity,
        });
        const id = `reply-${connector.sequence++}`;
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id }));
        }, connector.delayMs);
      });
    });
    connector.server = server;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    connector.url = `http://${host}:${(server.address() as AddressInfo).port}`;
    return connector;
  }

  /** Message activities posted to one conversation, in order. */
  messages(conversationId: string): PostedActivity[] {
    return this.posted.filter((p) => p.conversationId === conversationId && p.activity.type === 'message');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
