/**
 * Inbound media in memory (`MediaSink`), for a bot that runs as one process: checked and named as
 * `MediaStore` does (the platform's SHA-256, bytes that are what their content type says), kept until
 * they take more than `maxBytes` together, the oldest forgotten first. Nothing survives the process.
 */
import type { StoredMedia } from '../../core/conventions/storedMedia';
import { checkedMedia, type MediaInput, type MediaSink } from '../storage/mediaStore';

export interface MemoryMediaOptions {
  /** Bytes kept at most, all files together (default 64 MB); the oldest files are forgotten first. */
  maxBytes?: number;
}

export interface KeptMedia {
  data: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}

export class MemoryMedia implements MediaSink {
  private readonly files = new Map<string, KeptMedia>();
  private bytes = 0;

  constructor(private readonly options: MemoryMediaOptions = {}) {}

  save(input: MediaInput): Promise<StoredMedia> {
    try {
      const { stored, metadata } = checkedMedia(input);
      this.forget(stored.blobName);
      this.files.set(stored.blobName, {
        data: Buffer.from(input.data),
        contentType: input.mimeType,
        metadata,
      });
      this.bytes += input.data.length;
      this.trim();
      return Promise.resolve(stored);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** A kept file by the `blobName` its `StoredMedia` gave; undefined once forgotten. */
  read(blobName: string): KeptMedia | undefined {
    return this.files.get(blobName);
  }

  private forget(blobName: string): void {
    const known = this.files.get(blobName);
    if (!known) return;
    this.bytes -= known.data.length;
    this.files.delete(blobName);
  }

  private trim(): void {
    const max = this.options.maxBytes ?? 64 * 1024 * 1024;
    for (const name of this.files.keys()) {
      if (this.bytes <= max) return;
      this.forget(name);
    }
  }
}
