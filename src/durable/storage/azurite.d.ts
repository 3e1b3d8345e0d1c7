// Azurite ships no type declarations; this is the part of its blob server we use.
declare module 'azurite/dist/src/blob/BlobServerFactory' {
  export class BlobServerFactory {
    createServer(): Promise<{
      start(): Promise<void>;
      close(): Promise<void>;
      getHttpServerAddress(): string;
    }>;
  }
}
