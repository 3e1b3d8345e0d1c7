/**
 * Meta's data-deletion callback and its status page (no personal data on either):
 *
 * - `POST /webhooks/messenger/data-deletion`, form field `signed_request` (`signedRequest.ts`): a
 *   signature none of our Messenger app secrets made is 403 and nothing is erased; a proven one erases
 *   the user's Messenger and Instagram ids (`PersonErasure`, in the background) and answers
 *   `{ "url": "<base>/data-deletion/<code>", "confirmation_code": "<code>" }`;
 * - `GET /data-deletion/{code}`: an HTML page with the request's state.
 *
 * The code is the Messenger id's deletion reference; `erasures/meta/<code>.json` lists the references it
 * covers (both ids), so the page reports both.
 */
import { z } from 'zod';
import { InboundRequestError } from '../../core/errors';
import type { HttpRequest, RouteHandler } from '../../core/http';
import { RawAnswer, sendRaw } from '../../core/rawAnswer';
import type { DocumentStore } from '../../durable/storage/documentStore';
import type { ApiRoute } from '../server';
import { erasureReferenceSchema } from './erasureReceipt';
import type { PersonErasure } from './personErasure';
import { verifySignedRequest } from './signedRequest';

export const DATA_DELETION_PATH = '/webhooks/messenger/data-deletion';
const linkSchema = z.object({ references: z.array(erasureReferenceSchema) });
const linkName = (code: string) => `erasures/meta/${code}.json`;

export interface DataDeletionDeps {
  erasure: PersonErasure;
  system: DocumentStore;
  /** The app secrets of our Messenger pages (one app may serve several). */
  appSecrets: readonly string[];
  /** `PUBLIC_BASE_URL`; unset: the request's host. */
  publicBaseUrl: string | undefined;
}

export function dataDeletionRoutes(deps: DataDeletionDeps): ApiRoute[] {
  const callback: RouteHandler = async (request, response) => {
    if (deps.appSecrets.length === 0)
      throw new InboundRequestError(404, 'channel_not_configured', 'channel not configured: messenger');
    const signed = new URLSearchParams(request.rawBody.toString('utf8')).get('signed_request');
    if (!signed)
      throw new InboundRequestError(
        400,
        'invalid_signed_request',
        'the form field signed_request is missing',
      );
    const { user_id: id } = verifySignedRequest(signed, deps.appSecrets);
    const receipts = await Promise.all(
      (['messenger', 'instagram'] as const).map((channel) => deps.erasure.request({ channel, id }, 'meta')),
    );
    const code = receipts[0]?.reference ?? '';
    await deps.system.putJson(linkName(code), { references: receipts.map((r) => r.reference) });
    response.send(200, {
      url: `${baseOf(request, deps.publicBaseUrl)}/data-deletion/${code}`,
      confirmation_code: code,
    });
  };
  const status: RouteHandler = async (request, response) => {
    const code = erasureReferenceSchema.safeParse(request.params?.code);
    const link = code.success ? await deps.system.getJson(linkName(code.data), linkSchema) : undefined;
    const receipts = await Promise.all((link?.value.references ?? []).map((r) => deps.erasure.receipt(r)));
    const state = !link ? 'unknown' : receipts.every((r) => r?.state === 'done') ? 'done' : 'in progress';
    const answer = new RawAnswer('text/html; charset=utf-8', page(code.success ? code.data : '', state));
    await sendRaw(response, link ? 200 : 404, answer);
  };
  return [
    { method: 'POST', path: DATA_DELETION_PATH, handler: callback },
    { method: 'GET', path: '/data-deletion/{code}', handler: status },
  ];
}

function baseOf(request: HttpRequest, configured: string | undefined): string {
  if (configured !== undefined) return configured.replace(/\/+$/, '');
  const header = (name: string) => [request.headers[name]].flat()[0]?.split(',')[0]?.trim();
  const proto = header('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${header('x-forwarded-host') ?? header('host') ?? 'localhost'}`;
}

const WORDS: Record<string, { en: string; hi: string }> = {
  done: { en: 'Your data has been deleted.', hi: 'आपका डेटा हटा दिया गया है।' },
  'in progress': { en: 'Your data is being deleted.', hi: 'आपका डेटा हटाया जा रहा है।' },
  unknown: { en: 'There is no deletion request with this code.', hi: 'इस कोड का कोई अनुरोध नहीं है।' },
};

function page(code: string, state: string): string {
  const words = WORDS[state] ?? WORDS.unknown;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Data deletion ${code}</title></head>
<body><h1>Data deletion request ${code}</h1><p>Status: <strong>${state}</strong></p>
<p>${words?.en ?? ''}</p><p lang="hi">${words?.hi ?? ''}</p>
<p>Submissions you made keep only their reference, type, community and status history, without your id, name, text, location or media.</p></body></html>`;
}
