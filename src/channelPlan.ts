/**
 * Which channels the configuration mounts, and why the others are not mounted. Printed at start.
 * A channel is mounted only with every credential it needs: there is no mode that skips a signature.
 */
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
export const IMPLEMENTED_ADAPTERS: ReadonlySet<ChannelName> = new Set(['emulator']);

export function channelPlan(config: Config, implemented = IMPLEMENTED_ADAPTERS): ChannelStatus[] {
  const emulatorReason =
    config.MicrosoftAppId === ''
      ? 'no MicrosoftAppId: the Emulator connects without authentication'
      : `Bot Framework authentication as ${config.MicrosoftAppType} app`;
  return [
    { channel: 'emulator', route: 'POST /api/messages', mounted: true, reason: emulatorReason },
    metaChannel(config, 'whatsapp', 'GET, POST /webhooks/whatsapp', WHATSAPP_VARS, implemented),
    metaChannel(config, '360dialog', 'POST /webhooks/360dialog', D360_VARS, implemented),
    metaChannel(config, 'messenger', 'GET, POST /webhooks/messenger', MESSENGER_VARS, implemented),
  ];
}

function metaChannel(
  config: Config,
  channel: ChannelName,
  route: string,
  variables: readonly (keyof Config)[],
  implemented: ReadonlySet<ChannelName>,
): ChannelStatus {
  const missing = variables.filter((name) => config[name] === undefined);
  if (missing.length === variables.length && config.CHANNELS_FILE === undefined) {
    return { channel, route, mounted: false, reason: `not configured (set ${variables.join(', ')})` };
  }
  if (missing.length > 0 && config.CHANNELS_FILE === undefined) {
    return { channel, route, mounted: false, reason: `incomplete: missing ${missing.join(', ')}` };
  }
  if (!implemented.has(channel)) {
    return { channel, route, mounted: false, reason: 'configured, but this build has no adapter for it yet' };
  }
  return { channel, route, mounted: true, reason: 'configured' };
}
