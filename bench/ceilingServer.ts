/**
 * The durable-ack ceiling for the benchmark: a bare Node HTTP server that checks the HMAC of each body
 * and makes one create-only blob write per request, then answers 200. Nothing a real adapter could skip.
 * Started as its own process by `bench.ts`; prints `listening <port>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlobServiceClient } from '@azure/storage-blob';

const secret = process.env.BENCH_SECRET ?? '';
const service = BlobServiceClient.fromConnectionString(process.env.BENCH_STORAGE ?? '');
const container = service.getContainerClient(`ceiling${Date.now().toString(36)}`);
let sequence = 0;

async function main(): Promise<void> {
  await container.createIfNotExists();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const given = Buffer.from(
        String(req.headers['x-hub-signature-256'] ?? '').replace(/^sha256=/, ''),
        'hex',
      );
      const expected = createHmac('sha256', secret).update(raw).digest();
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(403);
        res.end();
        return;
      }
      sequence += 1;
      container
        .getBlockBlobClient(`events/${process.pid}-${sequence}`)
        .upload(raw, raw.length, { conditions: { ifNoneMatch: '*' } })
        .then(
          () => {
            res.writeHead(200);
            res.end('{}');
          },
          () => {
            res.writeHead(503);
            res.end();
          },
        );
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
