/**
 * Who is calling: the operator whose key the request carries (`Authorization: Bearer <key>`). Keys are
 * compared as SHA-256 digests in constant time, against every key whatever matched, so neither the time
 * nor the answer tells a missing key from a wrong one or one key from another.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { headerOf, type HttpRequest } from '../../core/http';
import { OperatorAuthError } from './apiErrors';
import type { OperatorKey } from './operatorKeys';

export interface Operator {
  /** The key's name (`name:key`), as the audit trail records it. */
  name: string;
}

export class OperatorAuth {
  /** `keys` is asked on every request: the development key is read from storage once it answers. */
  constructor(private readonly keys: () => Promise<readonly OperatorKey[]>) {}

  /** The operator of the request's key; `OperatorAuthError` (401) without one of ours. */
  async authenticate(request: Pick<HttpRequest, 'headers'>): Promise<Operator> {
    const presented = digest(bearerOf(headerOf(request, 'authorization')) ?? '');
    let operator: Operator | undefined;
    for (const { name, key } of await this.keys()) {
      if (timingSafeEqual(presented, digest(key))) operator ??= { name };
    }
    if (operator === undefined) throw new OperatorAuthError();
    return operator;
  }
}

function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
