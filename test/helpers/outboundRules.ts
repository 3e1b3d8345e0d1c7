/**
 * Evaluates `test/fixtures/outbound-limits.json` against an outbound request body, as a strict
 * fake Graph / 360dialog server must. Characters are counted as Unicode code points (the file's
 * suggested default). Rate, TTL and media-upload rules are not body rules and are left to the server.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OUTBOUND_LIMITS_FILE } from './protocolFixtures';

export type RuleChannel = 'whatsapp' | 'messenger' | 'instagram';

const ruleSchema = z.object({
  id: z.string(),
  channel: z.enum(['whatsapp', 'messenger', 'instagram']),
  applies_to: z.record(z.string(), z.unknown()),
  path: z.string(),
  kind: z.string(),
  value: z.unknown(),
  comparison: z.enum(['lt', 'lte']).optional(),
  unit: z.string().optional(),
});
export type OutboundRule = z.infer<typeof ruleSchema>;

const fileSchema = z.object({ rules: z.array(ruleSchema) });

let cached: OutboundRule[] | undefined;

export function outboundRules(): OutboundRule[] {
  cached ??= fileSchema.parse(JSON.parse(readFileSync(OUTBOUND_LIMITS_FILE, 'utf8'))).rules;
  return cached;
}

export interface Violation {
  rule: string;
  path: string;
  detail: string;
}

const NOT_BODY_RULES = new Set(['max_rate', 'ttl_seconds']);

/** Every rule of these channels that the body breaks. `[]` means the body is valid. */
export function validateOutbound(body: unknown, channels: readonly RuleChannel[]): Violation[] {
  const violations: Violation[] = [];
  for (const rule of outboundRules()) {
    if (!channels.includes(rule.channel) || NOT_BODY_RULES.has(rule.kind)) continue;
    if (!applies(rule.applies_to, body)) continue;
    const detail = check(rule, body);
    if (detail !== undefined) violations.push({ rule: rule.id, path: rule.path, detail });
  }
  return violations;
}

function applies(predicate: Record<string, unknown>, body: unknown): boolean {
  for (const [key, expected] of Object.entries(predicate)) {
    switch (key) {
      case 'endpoint':
      case 'mime_type':
      case 'sticker':
        return false; // media-upload and rate rules: not about a message body
      case 'not':
        if (isRecord(expected) && applies(expected, body)) return false;
        break;
      case 'has':
        if (typeof expected !== 'string' || get(body, expected) === undefined) return false;
        break;
      case 'any_template':
      case 'button.type':
        if (get(body, 'message.attachment.type') !== 'template') return false;
        break;
      default: {
        const actual = get(body, key);
        if (Array.isArray(expected) ? !expected.includes(actual) : actual !== expected) return false;
      }
    }
  }
  return true;
}

/** A selected place: its value, and whether the object that should hold it exists. */
interface Node {
  value: unknown;
  parentExists: boolean;
}

function select(body: unknown, path: string): Node[] {
  if (path === '$') return [{ value: body, parentExists: true }];
  let nodes: Node[] = [{ value: body, parentExists: true }];
  for (const segment of path.split('.')) {
    if (segment === '**') {
      nodes = nodes
        .flatMap((node) => descendants(node.value))
        .map((value) => ({ value, parentExists: true }));
      continue;
    }
    const match = /^([^[]+)((?:\[\*\])*)$/.exec(segment);
    const key = match?.[1] ?? segment;
    const expansions = (match?.[2] ?? '').length / 3;
    const next: Node[] = [];
    for (const node of nodes) {
      if (isRecord(node.value)) {
        next.push({ value: node.value[key], parentExists: true });
      } else if (!path.startsWith('**')) {
        next.push({ value: undefined, parentExists: false });
      }
    }
    nodes = next;
    for (let i = 0; i < expansions; i += 1) {
      nodes = nodes.flatMap((node) =>
        Array.isArray(node.value) ? node.value.map((value: unknown) => ({ value, parentExists: true })) : [],
      );
    }
  }
  return nodes;
}

function descendants(value: unknown): unknown[] {
  if (Array.isArray(value)) return [value, ...value.flatMap(descendants)];
  if (isRecord(value)) return [value, ...Object.values(value).flatMap(descendants)];
  return [];
}

function check(rule: OutboundRule, body: unknown): string | undefined {
  const nodes = select(body, rule.path);
  const present = nodes.filter((n) => n.value !== undefined);
  const expected = rule.value;
  switch (rule.kind) {
    case 'required':
      return nodes.some((n) => isEmpty(n.value)) ? 'is required' : undefined;
    case 'required_if_parent_present':
      return nodes.some((n) => n.parentExists && n.value === undefined)
        ? 'is required when its parent is present'
        : undefined;
    case 'equals':
      return nodes.some((n) => (n.value === undefined ? n.parentExists : n.value !== expected))
        ? `must equal ${JSON.stringify(expected)}`
        : undefined;
    case 'allowed_values':
      return Array.isArray(expected) && present.some((n) => !expected.includes(n.value))
        ? `must be one of ${expected.join(', ')}`
        : undefined;
    case 'type':
      return present.some((n) => typeof n.value !== expected) ? `must be a ${String(expected)}` : undefined;
    case 'max_length': {
      const limit = Number(expected);
      const tooLong = present.some((n) => {
        if (typeof n.value !== 'string') return false;
        const length = Array.from(n.value).length;
        return rule.comparison === 'lt' ? length >= limit : length > limit;
      });
      return tooLong
        ? `must be ${rule.comparison === 'lt' ? 'under' : 'at most'} ${limit} characters`
        : undefined;
    }
    case 'max_bytes':
      return present.some(
        (n) => typeof n.value === 'string' && Buffer.byteLength(n.value, 'utf8') > Number(expected),
      )
        ? `must be at most ${String(expected)} bytes`
        : undefined;
    case 'min_items':
      return nodes.some(
        (n) =>
          (Array.isArray(n.value) ? n.value.length : n.parentExists && n.value === undefined ? 0 : Infinity) <
          Number(expected),
      )
        ? `needs at least ${String(expected)} items`
        : undefined;
    case 'max_items':
      return present.some((n) => Array.isArray(n.value) && n.value.length > Number(expected))
        ? `allows at most ${String(expected)} items`
        : undefined;
    case 'min_items_total':
      return present.length < Number(expected)
        ? `needs at least ${String(expected)} items in all`
        : undefined;
    case 'max_items_total':
      return present.length > Number(expected)
        ? `allows at most ${String(expected)} items in all`
        : undefined;
    case 'unique': {
      const values = present.map((n) => JSON.stringify(n.value));
      return new Set(values).size !== values.length ? 'values must be unique' : undefined;
    }
    case 'exactly_one_of': {
      const keys = Array.isArray(expected) ? expected.filter((k): k is string => typeof k === 'string') : [];
      return nodes.some(
        (n) =>
          !isRecord(n.value) ||
          keys.filter((k) => isRecord(n.value) && n.value[k] !== undefined).length !== 1,
      )
        ? `needs exactly one of ${keys.join(', ')}`
        : undefined;
    }
    case 'forbidden':
      return present.length > 0 ? 'is not allowed' : undefined;
    default:
      throw new Error(
        `outbound-limits.json has a rule kind this fake does not know: ${rule.kind} (${rule.id})`,
      );
  }
}

function get(body: unknown, path: string): unknown {
  if (path === '') return body;
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
