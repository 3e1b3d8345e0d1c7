/**
 * The error hierarchy, split by where a failure happened (errors/: requests, channels, storage). Every
 * error the HTTP layer may see maps to a status in one place (`httpStatusOf`). Messages never carry
 * secrets or expected signature values.
 */
export * from './errors/layerError';
export * from './errors/requestErrors';
export * from './errors/channelErrors';
export * from './errors/storageErrors';
export * from './errors/lookupErrors';
