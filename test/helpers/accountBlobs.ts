/**
 * Every blob of every container of a storage account, with its text and metadata: for tests that must
 * show what is (and is not) kept about someone anywhere, not only where the code under test writes.
 */
import { BlobServiceClient } from '@azure/storage-blob';

export interface AccountBlob {
  container: string;
  /** The blob's name as stored (ids percent-encoded) and decoded. */
  name: string;
  decodedName: string;
  text: string;
  metadata: Record<string, string>;
}

export async function everyBlob(connectionString: string): Promise<AccountBlob[]> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const found: AccountBlob[] = [];
  for await (const container of service.listContainers()) {
    const client = service.getContainerClient(container.name);
    for await (const blob of client.listBlobsFlat({ includeMetadata: true })) {
      const text = (await client.getBlockBlobClient(blob.name).downloadToBuffer()).toString('utf8');
      found.push({
        container: container.name,
        name: blob.name,
        decodedName: decodeURIComponent(blob.name),
        text,
        metadata: blob.metadata ?? {},
      });
    }
  }
  return found;
}

/** The blobs whose name, text or metadata holds one of `needles`. */
export function holding(blobs: readonly AccountBlob[], needles: readonly string[]): AccountBlob[] {
  return blobs.filter((blob) => {
    const seen = [blob.name, blob.decodedName, blob.text, JSON.stringify(blob.metadata)];
    return needles.some((needle) => seen.some((text) => text.includes(needle)));
  });
}
