/**
 * Checks the shape of an Azure Storage connection string before the storage SDK sees it (the SDK says
 * `TypeError: Invalid URL`, or nothing until the first request). Mirrors the forms the SDK accepts: an
 * account key (`DefaultEndpointsProtocol`, `AccountName`, `AccountKey`, and `BlobEndpoint` or
 * `EndpointSuffix`), a SAS (`BlobEndpoint`, `SharedAccessSignature`), or `UseDevelopmentStorage=true`.
 * Reasons name the parts, never their values.
 */

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What is wrong with a connection string, or `undefined` when its shape is right. */
export function connectionStringProblem(value: string): string | undefined {
  const text = value.trim();
  if (text.startsWith('UseDevelopmentStorage=true')) return undefined;
  const parts = new Map<string, string>();
  for (const part of text.split(';').map((p) => p.trim())) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0) return "not a list of Name=value parts separated by ';'";
    const name = part.slice(0, equals).trim();
    if (!parts.has(name)) parts.set(name, part.slice(equals + 1).trim());
  }
  const protocol = parts.get('DefaultEndpointsProtocol');
  if (protocol !== undefined && !/^https?$/i.test(protocol))
    return 'DefaultEndpointsProtocol must be https or http';
  const blobEndpoint = parts.get('BlobEndpoint');
  if (blobEndpoint !== undefined && !isHttpUrl(blobEndpoint)) return 'BlobEndpoint is not an http(s) URL';

  const key = parts.get('AccountKey');
  if (key !== undefined) {
    if (protocol === undefined) return 'an AccountKey needs a DefaultEndpointsProtocol (https or http)';
    const account = parts.get('AccountName');
    if (!account) return 'an AccountKey needs an AccountName';
    if (!BASE64.test(key) || key.length % 4 !== 0) return 'AccountKey is not base64';
    if (blobEndpoint !== undefined) return undefined;
    const suffix = parts.get('EndpointSuffix');
    if (!suffix) return 'neither BlobEndpoint nor EndpointSuffix is set';
    if (!isHttpUrl(`${protocol}://${account}.blob.${suffix}`))
      return 'AccountName and EndpointSuffix do not make a valid host name';
    return undefined;
  }
  if (!parts.has('SharedAccessSignature')) return 'neither AccountKey nor SharedAccessSignature is set';
  if (!parts.get('SharedAccessSignature')) return 'SharedAccessSignature is empty';
  if (blobEndpoint === undefined) return 'a SharedAccessSignature needs a BlobEndpoint';
  return undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
