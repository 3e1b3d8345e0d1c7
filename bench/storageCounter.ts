/**
 * A counting HTTP proxy in front of Azurite: every blob request an app makes, by kind (method, container,
 * the blob name's first folder, `comp` and lease action), so the bench can print storage operations per
 * message. Used in a phase of its own: the extra hop would distort the timed phases.
 */
import { createServer, request, type Server } from 'node:http';

export class StorageCounter {
  readonly counts = new Map<string, number>();
  private server: Server | undefined;
  port = 0;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(targetPort: number): Promise<StorageCounter> {
    const counter = new StorageCounter({ host: '127.0.0.1', port: targetPort });
    const server = createServer((req, res) => {
      counter.count(req.method ?? 'GET', req.url ?? '/', req.headers['x-ms-lease-action']);
      const upstream = request(
        { ...counter.target, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    counter.server = server;
    const address = server.address();
    counter.port = typeof address === 'object' && address !== null ? address.port : 0;
    return counter;
  }

  /** The same account through this proxy. */
  connectionString(original: string): string {
    return original.replace(/(BlobEndpoint=https?:\/\/[^:/;]+:)\d+/, `$1${this.port}`);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  reset(): void {
    this.counts.clear();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private count(method: string, url: string, leaseAction: string | string[] | undefined): void {
    const parsed = new URL(url, 'http://azurite');
    const [, , container = '', ...blob] = parsed.pathname.split('/');
    const kind = container.replace(/^.*-/, '');
    const folder = blob.length > 1 ? `${decodeURIComponent(blob[0] ?? '')}/` : '';
    const comp = parsed.searchParams.get('comp');
    const action = typeof leaseAction === 'string' ? ` ${leaseAction}` : '';
    const key = `${method} ${kind}/${folder}${comp ? ` ?${comp}` : ''}${action}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
