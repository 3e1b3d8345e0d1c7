/** The embedded store keeps one process per folder: a second bot over the same DATA_DIR is refused. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../../src/core/errors';
import { startEmbeddedAzurite } from '../../../../src/durable/storage/embeddedAzurite';
import { runningEmbedded } from '../../../../src/durable/storage/embeddedMarker';

describe('embedded Azurite', function () {
  this.timeout(60_000);

  it('refuses a second one over the same folder while the first runs, and frees the folder on stop', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'embedded-'));
    try {
      const first = await startEmbeddedAzurite({ location: folder });
      try {
        assert.equal(runningEmbedded(folder)?.pid, first.pid);
        await assert.rejects(
          startEmbeddedAzurite({ location: folder }),
          (error: unknown) =>
            error instanceof ConfigError &&
            /DATA_DIR .* is in use by another embedded Azurite/.test(error.message),
        );
      } finally {
        await first.stop();
      }
      assert.equal(runningEmbedded(folder), undefined);
      assert.equal(existsSync(join(folder, 'azurite-endpoint.json')), false);
      const again = await startEmbeddedAzurite({ location: folder });
      await again.stop();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
