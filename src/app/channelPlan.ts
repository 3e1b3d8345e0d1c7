/**
 * Which channels the configuration mounts, and why the others are not mounted. Printed at start.
 * A channel is mounted only with every credential it needs: there is no mode that skips a signature.
 * `/api/messages` without MicrosoftAppId (no authentication) is for the Emulator, never for production.
 */
import type { Channels } from './channels';
import { D360_VARS, MESSENGER_VARS, WHATSAPP_VARS, type Config } from './config';

export type ChannelName = 'emulator' | 'whatsapp' | '360dialog' | 'messenger';

export interface ChannelStatus {
  channel: ChannelName;
  route: string;
  mounted: boolean;
  /** Why it is (not) mounted, naming variables, never their values. */
  reason: string;
}

/** Channels whose adapters this build contains. Later issues add to it. */
export const IMPLEMENTED_ADAPTERS: ReadonlySet<ChannelName> = new Set([
  'emulator',
  'whatsapp',
  '360dialog',
  'messenger',
]);

export function channelPlan(
  config: Config,
  channels: Channels,
  implemented = IMPLEMENTED_ADAPTERS,
): ChannelStatus[] {
  const unauthenticated = config.MicrosoftAppId === '';
  const emulator: ChannelStatus = {
    channel: 'emulator',
    route: 'POST /api/messages',
    mounted: !(unauthenticated && config.NODE_ENV === 'production'),
    reason: !unauthenticated
      ? `Bot Framework authentication as ${config.MicrosoftAppType} app`
      : config.NODE_ENV === 'production'
        ? 'no MicrosoftAppId: not mounted in production, where without authentication anyone could make ' +
          'this server POST to a serviceUrl of their choosing (set MicrosoftAppId and MicrosoftAppPassword)'
        : 'no MicrosoftAppId: the Emulator connects without authentication',
  };
  const cloud = channels.whatsapp.filter((n) => n.transport === 'cloud').length;
  const d360 = channels.whatsapp.filter((n) => n.transport === '360dialog').length;
  return [
    emulator,
    metaChannel(config, 'whatsapp', 'GET, POST /webhooks/whatsapp', WHATSAPP_VARS, cloud, implemented),
    metaChannel(config, '360dialog', 'POST /webhooks/360dialog', D360_VARS, d360, implemented),
    metaChannel(
      config,
      'messenger',
      'GET, POST /webhooks/messenger',
      MESSENGER_VARS,
      channels.messenger.length,
      implemented,
    ),
  ];
}

function metaChannel(
  config: Config,
  channel: ChannelName,
  route: string,
  variables: readonly (keyof Config)[],
  configured: number,
  implemented: ReadonlySet<ChannelName>,
): ChannelStatus {
  if (configured > 0) {
    const reason = `${configured} ${channel === 'messenger' ? 'page' : 'number'}${configured > 1 ? 's' : ''} configured`;
    return implemented.has(channel)
      ? { channel, route, mounted: true, reason }
      : { channel, route, mounted: false, reason: `${reason}, but this build has no adapter for it yet` };
  }
  const missing = variables.filter((name) => config[name] === undefined);
  if (missing.length === variables.length) {
    return {
      channel,
      route,
      mounted: false,
      reason: `not configured (set ${variables.join(', ')} or CHANNELS_FILE / CHANNELS_JSON)`,
    };
  }
  return { channel, route, mounted: false, reason: `incomplete: missing ${missing.join(', ')}` };
}
