/**
 * Saying what went wrong where it happened: in `where` (an element with `role="alert"`), in the console's
 * language. A refused key has already signed the console out (`api.ts`), so it says nothing here.
 */
import { ApiError, SignedOutError } from './api.js';
import { t } from './i18n.js';

export function report(where: HTMLElement, error: unknown): void {
  if (error instanceof SignedOutError) return;
  const fields = error instanceof ApiError ? error.fields.map((f) => `${f.path}: ${f.message}`) : [];
  where.textContent =
    error instanceof ApiError && error.status === 0
      ? t('error.offline')
      : t('error.generic', {
          message:
            fields.length > 0 ? fields.join('; ') : error instanceof Error ? error.message : String(error),
        });
}

/** An empty alert region, for `report`. */
export function alertRegion(): HTMLElement {
  const region = document.createElement('p');
  region.className = 'alert';
  region.setAttribute('role', 'alert');
  return region;
}
