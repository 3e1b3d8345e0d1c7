/**
 * Submissions kept in our storage and, with CE_API_URL, also sent to the original backend's
 * `upsert_item/` with the voice note and photos, retried, and the outcome recorded on the document
 * (`backend.state` sent or failed, attempts, item id or error): a failure is visible, never silent.
 * The forwarding runs after the person has their reference; shutdown waits for it.
 */
import type { CeBackend } from '../communities/ceBackend';
import { numberOf } from '../communities/ceBackend';
import type { Person } from '../communities/community';
import { describeError } from '../../core/errors';
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { DocumentStore } from '../../durable/storage/documentStore';
import type { Submission } from './submission';
import type { NewSubmission, SubmissionStore } from './submissionStore';

export interface ForwardingOptions {
  log: Logger;
  inFlight: InFlight;
  tries?: number;
  baseDelayMs?: number;
}

export class ForwardedSubmissions {
  constructor(
    private readonly store: SubmissionStore,
    private readonly backend: CeBackend,
    private readonly media: DocumentStore,
    private readonly options: ForwardingOptions,
  ) {}

  async create(input: NewSubmission): Promise<Submission> {
    const submission = await this.store.create(input);
    void this.options.inFlight.track(this.forward(submission));
    return submission;
  }

  of(person: Person): Promise<Submission[]> {
    return this.store.of(person);
  }

  page(person: Person, offset: number, limit: number): Promise<{ total: number; items: Submission[] }> {
    return this.store.page(person, offset, limit);
  }

  /** Sends one submission; records the outcome. Never throws. */
  async forward(submission: Submission): Promise<void> {
    const tries = this.options.tries ?? 3;
    let lastError = '';
    for (let attempt = 1; attempt <= tries; attempt += 1) {
      try {
        const itemId = await this.backend.upsertItem(this.fields(submission), await this.files(submission));
        await this.record(submission.reference, {
          state: 'sent',
          attempts: attempt,
          ...(itemId ? { itemId } : {}),
        });
        return;
      } catch (error) {
        lastError = describeError(error);
        if (attempt < tries) await sleep((this.options.baseDelayMs ?? 1_000) * 2 ** (attempt - 1));
      }
    }
    this.options.log.error('submission could not be sent to the CE backend', {
      reference: submission.reference,
      error: lastError,
    });
    await this.record(submission.reference, { state: 'failed', attempts: tries, error: lastError });
  }

  private fields(submission: Submission): Record<string, string> {
    const itemType = this.store.types.itemTypeOf(submission.type);
    return {
      item_type: itemType,
      number: numberOf(submission.user),
      community_id: submission.community.id,
      source: 'BOT',
      title: `${submission.reference} ${itemType}`,
      transcript: submission.text ?? '',
      ...(submission.fields ? { fields: JSON.stringify(submission.fields) } : {}),
      ...(submission.location
        ? {
            coordinates: JSON.stringify({
              lat: submission.location.latitude,
              lon: submission.location.longitude,
            }),
          }
        : {}),
    };
  }

  private async files(submission: Submission) {
    const files: { field: string; name: string; type: string; data: Buffer }[] = [];
    let images = 0;
    for (const item of submission.media) {
      if (item.blobName === undefined || /^https?:/.test(item.blobName)) continue;
      const stored = await this.media.getBytes(item.blobName);
      if (!stored) continue;
      const extension = item.contentType.split(';')[0]?.split('/')[1] ?? 'bin';
      if (item.kind === 'audio')
        files.push({
          field: 'audios',
          name: `${submission.reference}-voice.${extension}`,
          type: item.contentType,
          data: stored.data,
        });
      else if (item.kind === 'image') {
        files.push({
          field: `images_${images}`,
          name: `${submission.reference}-${images}.${extension}`,
          type: item.contentType,
          data: stored.data,
        });
        images += 1;
      }
    }
    return files;
  }

  private async record(
    reference: string,
    backend: NonNullable<Submission['backend']> | Omit<NonNullable<Submission['backend']>, 'at'>,
  ) {
    try {
      await this.store.update(reference, (current) => ({
        ...current,
        backend: { ...backend, at: new Date().toISOString() },
      }));
    } catch (error) {
      this.options.log.error('could not record the CE backend outcome on the submission', {
        reference,
        error: describeError(error),
      });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
