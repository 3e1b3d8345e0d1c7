/**
 * A fake Application Insights ingestion endpoint (`IngestionEndpoint=` of a connection string): accepts
 * the SDK's gzipped newline-delimited envelopes at `/v2.1/track` and keeps them for inspection.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export class FakeIngestion {
  readonly envelopes: Record<string, unknown>[] = [];
  /** Every body received, decompressed, as text (to search for leaked identifiers). */
  readonly rawText: string[] = [];
  url = '';
  private server: Server | undefined;

  static async start(): Promise<FakeIngestion> {
    const fake = new FakeIngestion();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const text = body.toString('utf8');
        fake.rawText.push(text);
        let accepted = 0;
        for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
          const parsed: unknown = JSON.parse(line);
          const items = Array.isArray(parsed) ? parsed : [parsed];
          for (const item of items)
            if (typeof item === 'object' && item !== null) fake.envelopes.push({ ...item });
          accepted += items.length;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: accepted, itemsAccepted: accepted, errors: [] }));
      });
    });
    fake.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  connectionString(): string {
    return `InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint=${this.url}/`;
  }

  /** Envelope type names received (e.g. `Microsoft.ApplicationInsights.Request`). */
  names(): string[] {
    return this.envelopes.map((e) => String(e.name));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
