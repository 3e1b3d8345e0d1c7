/** A WhatsApp number the adapter serves: through Meta's Cloud API, or through 360dialog. */
export interface CloudNumber {
  transport: 'cloud';
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  graphUrl: string;
  /** Outbound throughput (messages a second); the adapters' default when unset. */
  messagesPerSecond?: number;
}

export interface Dialog360Number {
  transport: '360dialog';
  /** Unset for the number of the D360_* variables: it then takes every phone number id 360dialog sends. */
  phoneNumberId: string | undefined;
  apiKey: string;
  webhookSecret: string;
  baseUrl: string;
  /** Outbound throughput (messages a second); the adapters' default when unset. */
  messagesPerSecond?: number;
}

export type WhatsAppNumber = CloudNumber | Dialog360Number;
