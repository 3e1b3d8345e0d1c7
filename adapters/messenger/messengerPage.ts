/** A Facebook page the Messenger adapter serves (and its Instagram professional account). */
export interface MessengerPage {
  pageId: string;
  instagramAccountId?: string;
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
  graphUrl: string;
  /** Outbound throughput (messages a second); the adapters' default when unset. */
  messagesPerSecond?: number;
}
