/**
 * A submission's photos and voice notes, fetched with the key (the media routes need it) and shown from
 * `blob:` URLs: photos as thumbnails that open full size in a dialog, voice notes (WhatsApp's Ogg Opus)
 * and other audio or video in the browser's own player, anything else as a download.
 */
import type { Api } from './api.js';
import { h } from './dom.js';
import { t, when } from './i18n.js';
import type { Media } from './models.js';
import { report } from './report.js';

export function mediaView(
  api: Api,
  reference: string,
  media: readonly Media[],
  alert: HTMLElement,
): HTMLElement[] {
  const photos = media.flatMap((item, index) =>
    item.kind === 'image' || item.kind === 'sticker' ? [{ item, index }] : [],
  );
  const others = media.flatMap((item, index) =>
    item.kind === 'image' || item.kind === 'sticker' ? [] : [{ item, index }],
  );
  return [
    photos.length > 0 &&
      h(
        'section',
        { 'aria-labelledby': 'photos-title' },
        h('h2', { id: 'photos-title' }, t('submission.photos')),
        h(
          'div',
          { class: 'thumbs' },
          photos.map(({ item, index }) => photo(api, reference, item, index, alert)),
        ),
      ),
    others.length > 0 &&
      h(
        'section',
        { 'aria-labelledby': 'voice-title' },
        h('h2', { id: 'voice-title' }, t('submission.voice')),
        others.map(({ item }) => player(api, item, alert)),
      ),
  ].filter((part): part is HTMLElement => part instanceof HTMLElement);
}

function expired(item: Media): HTMLElement | undefined {
  if (item.url !== undefined) return undefined;
  return h(
    'p',
    { class: 'hint' },
    t('submission.expired', { at: item.expiredAt ? when(item.expiredAt) : '—' }),
  );
}

/** Loads the item's bytes into `use` once they arrive. */
function load(api: Api, item: Media, alert: HTMLElement, use: (url: string) => void): void {
  if (item.url === undefined) return;
  api
    .file(item.url)
    .then((bytes) => use(URL.createObjectURL(new Blob([bytes], { type: item.contentType }))))
    .catch((error: unknown) => report(alert, error));
}

function photo(api: Api, reference: string, item: Media, index: number, alert: HTMLElement): HTMLElement {
  const gone = expired(item);
  if (gone) return gone;
  const alt = t('submission.photoAlt', { n: index + 1, reference });
  const thumb = h('img', { alt, class: 'thumb' });
  const full = h('img', { alt });
  const dialog = h('dialog', { 'aria-label': alt }, full);
  dialog.append(h('button', { type: 'button', onclick: () => dialog.close() }, t('submission.close')));
  load(api, item, alert, (url) => {
    thumb.src = url;
    full.src = url;
  });
  return h(
    'div',
    {},
    h('button', { type: 'button', class: 'thumb-button', onclick: () => dialog.showModal() }, thumb),
    dialog,
  );
}

function player(api: Api, item: Media, alert: HTMLElement): HTMLElement {
  const gone = expired(item);
  if (gone) return gone;
  if (item.kind === 'audio' || item.kind === 'video') {
    const element = h(item.kind, {
      controls: true,
      preload: 'metadata',
      'data-content-type': item.contentType,
    });
    load(api, item, alert, (url) => {
      element.src = url;
    });
    return h('div', { class: 'player' }, element);
  }
  const link = h(
    'a',
    { download: '' },
    `${item.kind} (${item.contentType}, ${Math.ceil(item.size / 1024)} KB)`,
  );
  load(api, item, alert, (url) => {
    link.href = url;
  });
  return h('p', {}, link);
}
