/**
 * Where a submission is: an OpenStreetMap tile with a pin when the browser can load it, and always the
 * coordinates with a link to the map (what is left offline, where tiles cannot load).
 */
import { h } from './dom.js';
import { t } from './i18n.js';

const ZOOM = 15;
const TILE = 256;

export function placeView(location: {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}): HTMLElement {
  const { latitude, longitude } = location;
  // The tile holding the point, and where in it the point falls (Web Mercator, as OpenStreetMap tiles).
  const scale = 2 ** ZOOM;
  const x = ((longitude + 180) / 360) * scale;
  const radians = (latitude * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * scale;
  const [tileX, tileY] = [Math.floor(x), Math.floor(y)];
  const coordinates = `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
  const link = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=${ZOOM + 2}/${latitude}/${longitude}`;
  // Placed through the style object: the page's policy refuses style attributes.
  const pin = h('span', { class: 'pin', 'aria-hidden': 'true' });
  pin.style.left = `${Math.round((x - tileX) * TILE)}px`;
  pin.style.top = `${Math.round((y - tileY) * TILE)}px`;
  const offline = h('p', { class: 'hint', hidden: true }, t('submission.mapOffline'));
  const map = h(
    'div',
    { class: 'map' },
    h('img', {
      src: `https://tile.openstreetmap.org/${ZOOM}/${tileX}/${tileY}.png`,
      alt: coordinates,
      width: TILE,
      height: TILE,
      referrerpolicy: 'strict-origin-when-cross-origin',
      onerror: () => {
        map.hidden = true;
        offline.hidden = false;
      },
    }),
    pin,
  );
  return h(
    'div',
    { class: 'place' },
    map,
    offline,
    h(
      'p',
      {},
      h('span', { class: 'coordinates' }, coordinates),
      ' · ',
      h('a', { href: link, target: '_blank', rel: 'noopener' }, t('submission.openMap')),
    ),
    (location.name || location.address) &&
      h('p', {}, [location.name, location.address].filter(Boolean).join(', ')),
  );
}
