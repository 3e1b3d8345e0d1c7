/** WhatsApp webhook bodies for tests, in the Cloud API shape (what 360dialog forwards too). */

export interface Sender {
  waId: string;
  name?: string;
}

let sequence = 0;

export function wamid(): string {
  sequence += 1;
  return `wamid.TEST${Date.now().toString(36)}${sequence}`;
}

export function webhook(phoneNumberId: string, sender: Sender, messages: Record<string, unknown>[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: sender.name ?? 'Test User' }, wa_id: sender.waId }],
              messages,
            },
          },
        ],
      },
    ],
  };
}

const now = () => String(Math.floor(Date.now() / 1000));

export function text(sender: Sender, body: string, id = wamid(), seconds?: number) {
  return {
    from: sender.waId,
    id,
    timestamp: seconds === undefined ? now() : String(seconds),
    type: 'text',
    text: { body },
  };
}

/** The exact bytes of a one-message text webhook (what bench and chaos sign and send). */
export function textWebhookBytes(
  phoneNumberId: string,
  waId: string,
  id: string,
  body: string,
  seconds?: number,
): Buffer {
  return Buffer.from(JSON.stringify(webhook(phoneNumberId, { waId }, [text({ waId }, body, id, seconds)])));
}

export function buttonReply(sender: Sender, id: string, title: string, replyTo = 'wamid.OUT') {
  return {
    from: sender.waId,
    id: wamid(),
    timestamp: now(),
    type: 'interactive',
    context: { from: '15550001111', id: replyTo },
    interactive: { type: 'button_reply', button_reply: { id, title } },
  };
}

export function listReply(sender: Sender, id: string, title: string) {
  return {
    from: sender.waId,
    id: wamid(),
    timestamp: now(),
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id, title } },
  };
}

export function media(
  sender: Sender,
  kind: 'image' | 'audio' | 'video' | 'document' | 'sticker',
  item: { id: string; url?: string; mime_type: string; sha256?: string; voice?: boolean; caption?: string },
) {
  return { from: sender.waId, id: wamid(), timestamp: now(), type: kind, [kind]: item };
}

export function location(sender: Sender, latitude: number, longitude: number) {
  return {
    from: sender.waId,
    id: wamid(),
    timestamp: now(),
    type: 'location',
    location: { latitude, longitude },
  };
}

/** A maker of new senders, each with a number of its own: `prefix` then a four-digit count. */
export function senders(prefix: string): () => Sender {
  let count = 0;
  return () => ({ waId: `${prefix}${String(++count).padStart(4, '0')}` });
}

/** A status webhook: Meta telling the number that its message `messageId` to `sender` is `status`. */
export function statusWebhook(
  phoneNumberId: string,
  sender: Sender,
  messageId: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  /** Meta's errors of a `failed` status (`{ code, title }`, as in whatsapp-status-failed.json). */
  errors?: readonly { code: number; title: string }[],
) {
  const body = webhook(phoneNumberId, sender, []);
  for (const change of body.entry.flatMap((e) => e.changes))
    Object.assign(change.value, {
      messages: undefined,
      statuses: [
        { id: messageId, status, timestamp: now(), recipient_id: sender.waId, ...(errors ? { errors } : {}) },
      ],
    });
  return body;
}
