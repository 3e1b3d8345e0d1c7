/**
 * A fake of the original community-engagement backend (seed-system §4–5) on port 0: communities near a
 * point, users and their mappings, `upsert_item/` recording the multipart items it received, and
 * scripted failures.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedItem {
  fields: Record<string, string>;
  files: { field: string; name: string; type: string; size: number }[];
}

export class FakeCeBackend {
  readonly items: ReceivedItem[] = [];
  readonly mappings = new Map<string, string[]>();
  lastAccessed = new Map<string, string>();
  failUpserts = 0;
  url = '';
  private server: Server | undefined;
  private readonly communities = [
    {
      community_id: 11,
      name: 'Jhadol Van Samiti',
      description: 'Forest committee',
      organization: 'Seva Mandir',
    },
    { community_id: 12, name: 'Kotra Jal Samooh', description: null, organization: null },
  ];

  static async start(): Promise<FakeCeBackend> {
    const fake = new FakeCeBackend();
    fake.server = createServer((req, res) => {
      void fake.handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x'), req, res);
    });
    await new Promise<void>((resolve) => fake.server?.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/api/v1/`;
    return fake;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(
    method: string,
    url: URL,
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const request = new Request(`http://x${url.pathname}${url.search}`, {
      method,
      headers: Object.fromEntries(
        Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
      ),
      body: method === 'GET' ? undefined : await readAll(req),
    });
    const path = url.pathname.replace(/^\/api\/v1\//, '');
    if (path === 'get_communities_by_lat_lon/') return reply(200, { success: true, data: this.communities });
    if (path === 'is_user_in_community/') {
      const { number } = (await request.json()) as { number: string };
      const mine = this.mappings.get(number);
      if (!mine) return reply(404, { success: false });
      return reply(200, {
        success: true,
        data: {
          is_in_community: true,
          data_type: 'community',
          data: [],
          misc: { last_accessed_community_id: this.lastAccessed.get(number) ?? null },
        },
      });
    }
    if (path === 'get_community_by_user/') {
      const mine = this.mappings.get(url.searchParams.get('number') ?? '') ?? [];
      return reply(200, {
        success: true,
        data: this.communities.filter((c) => mine.includes(String(c.community_id))),
      });
    }
    if (path === 'add_user_to_community/' || path === 'update_last_accessed_community/') {
      const form = new URLSearchParams(await request.text());
      const number = form.get('number') ?? '';
      const id = form.get('community_id') ?? '';
      if (path === 'add_user_to_community/')
        this.mappings.set(number, [...(this.mappings.get(number) ?? []), id]);
      this.lastAccessed.set(number, id);
      return reply(201, { success: true });
    }
    if (path === 'upsert_item/') {
      if (this.failUpserts > 0) {
        this.failUpserts -= 1;
        return reply(500, { success: false });
      }
      const form = await request.formData();
      const item: ReceivedItem = { fields: {}, files: [] };
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') item.fields[key] = value;
        else item.files.push({ field: key, name: value.name, type: value.type, size: value.size });
      }
      this.items.push(item);
      return reply(201, { success: true, message: 'Item created', item_id: 500 + this.items.length });
    }
    return reply(404, { success: false });
  }
}

async function readAll(req: import('node:http').IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}
