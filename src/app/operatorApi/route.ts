/**
 * One operator API route, declared once: method, path, zod schemas of what it takes and answers, a
 * summary, what it records in the audit trail, and its handler. Validation (422 naming the field), the
 * OpenAPI document and the audit record all derive from the declaration (README, "Operator API").
 */
import { z } from 'zod';
import type { HttpRequest } from '../../core/http';
import { RawAnswer } from '../../core/rawAnswer';
import { InvalidRequestError } from './apiErrors';
import type { Operator } from './operatorAuth';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  operator: Operator;
  request: HttpRequest;
}

const NONE = z.object({});
type None = typeof NONE;

export interface RouteDeclaration<
  P extends z.ZodObject,
  Q extends z.ZodObject,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: Method;
  /** Under `/api/v1`, with `{name}` parameters, each a key of `params`. */
  path: `/api/v1/${string}`;
  /** One line for the OpenAPI document. */
  summary: string;
  /** The path's parameters (strings: use `z.coerce` for numbers). */
  params?: P;
  /** The query's parameters (strings: use `z.coerce` for numbers). */
  query?: Q;
  /** The JSON body; routes without one ignore what is sent. */
  body?: B;
  /**
   * What a success answers as JSON, checked before it is sent (fields it does not name are dropped).
   * Absent on a route that answers only a `RawAnswer` (a file).
   */
  response?: R;
  /** Content types of the `RawAnswer`s the handler may give instead of JSON (`text/csv`, `image/*`). */
  produces?: readonly string[];
  /** The success status (200 unless said). */
  status?: number;
  /**
   * What the audit trail records of a success: required of every route but GET. `target` names what
   * changed (a reference, a broadcast id), never a person (no phone number, no PSID); a route that creates
   * something finds its id in the answer.
   */
  audit?: {
    action: string;
    target: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>, answer: z.output<R>) => string;
  };
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R> | RawAnswer>;
}

/** What the request brought, before validation. */
export interface RawInput {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  operator: Operator;
  request: HttpRequest;
}

/** A declared route, its types erased so routes of every shape sit in one table. */
export interface OperatorRoute {
  method: Method;
  path: string;
  summary: string;
  status: number;
  schemas: {
    params: z.ZodObject;
    query: z.ZodObject;
    body: z.ZodType | undefined;
    response: z.ZodType | undefined;
  };
  /** Content types of its answers that are not JSON. */
  produces: readonly string[];
  /** The audit action, when the route changes something. */
  action: string | undefined;
  /** Validates the input (`InvalidRequestError`), handles it, checks the answer (a `RawAnswer` as it is). */
  run(input: RawInput): Promise<{ body: unknown; target: string | undefined }>;
}

export function defineRoute<
  P extends z.ZodObject = None,
  Q extends z.ZodObject = None,
  B extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(declared: RouteDeclaration<P, Q, B, R>): OperatorRoute {
  const { method, path, params, query, body, response } = declared;
  if (method !== 'GET' && declared.audit === undefined)
    throw new Error(`${method} ${path} changes something: declare its audit action`);
  if (response === undefined && (declared.produces ?? []).length === 0)
    throw new Error(`${method} ${path} answers nothing: declare its response schema or what it produces`);
  if (declared.audit !== undefined && (response === undefined || (declared.produces ?? []).length > 0))
    throw new Error(
      `${method} ${path} changes something: it answers JSON only, which its audit target names`,
    );
  const named = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const declaredParams = Object.keys(params?.shape ?? {});
  if (named.join() !== declaredParams.join())
    throw new Error(`${method} ${path}: its {parameters} and its params schema must name the same fields`);
  return {
    method,
    path,
    summary: declared.summary,
    status: declared.status ?? 200,
    schemas: { params: params ?? NONE, query: query ?? NONE, body, response },
    produces: declared.produces ?? [],
    action: declared.audit?.action,
    run: async (raw) => {
      const input = {
        params: parsed('params', params, raw.params),
        query: parsed('query', query, raw.query),
        body: parsed('body', body, raw.body),
        operator: raw.operator,
        request: raw.request,
      };
      const answer = await declared.handle(input);
      if (answer instanceof RawAnswer) {
        if (declared.audit !== undefined)
          throw new TypeError(
            `${method} ${path} changes something: it must answer JSON its audit target can name`,
          );
        return { body: answer, target: undefined };
      }
      if (!response) throw new TypeError(`${method} ${path} answered JSON, but declares no response schema`);
      const parsedAnswer = response.parse(answer);
      return { body: parsedAnswer, target: declared.audit?.target(input, parsedAnswer) };
    },
  };
}

/**
 * `value` as `schema` reads it. Without a schema, `value` as it came: the route declared no such part,
 * so its type says nothing is in it (`{}`) or nothing is known of it (`unknown`).
 */
function parsed<S extends z.ZodType>(part: string, schema: S | undefined, value: unknown): z.output<S> {
  const result = (schema ?? z.custom<z.output<S>>()).safeParse(value);
  if (!result.success) throw InvalidRequestError.of(part, result.error);
  return result.data;
}
