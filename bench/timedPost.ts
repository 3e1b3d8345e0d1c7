/** For bench scripts: a signed webhook POST of raw bytes, timed from its start to the end of its answer. */
import { signedHeaders } from '../test/helpers/metaSignature';

export async function timedPost(
  url: string,
  raw: Buffer,
  appSecret: string,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: signedHeaders(raw, appSecret), body: raw });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}
