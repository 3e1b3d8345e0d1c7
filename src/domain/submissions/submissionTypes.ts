/**
 * The submission types a bot serves, declared by the application (from its journey registry) and given
 * to the store: each type's reference prefix, its item type at the CE backend, and the zod schema of its
 * own fields. The stored-document schema derives from them, so a new type needs nothing else here.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import {
  baseSubmissionSchema,
  REFERENCE_ALPHABET,
  REFERENCE_CODE_LENGTH,
  referencePattern,
  type Submission,
} from './submission';

export interface SubmissionTypeDeclaration {
  /** The stored name (`work_demand`): lower case letters, digits and `_`. */
  type: string;
  /** The reference prefix (`WD`): 2-4 capital letters, one per type. */
  prefix: string;
  /** The CE backend's `item_type` (`ASSET_DEMAND`). */
  itemType: string;
  /** The type's own fields, checked on every write and read; without it a submission has none. */
  fields?: z.ZodType<Record<string, unknown>>;
}

export class SubmissionTypes {
  /** The stored document, with its type known, its reference of a known prefix, its fields valid. */
  readonly schema: z.ZodType<Submission>;
  private readonly byType: ReadonlyMap<string, SubmissionTypeDeclaration>;

  constructor(declarations: readonly SubmissionTypeDeclaration[]) {
    const byType = new Map<string, SubmissionTypeDeclaration>();
    const prefixes = new Map<string, string>();
    for (const [i, declaration] of declarations.entries()) {
      const where = `submission type [${i}] "${declaration.type}"`;
      if (!/^[a-z][a-z0-9_]*$/.test(declaration.type))
        throw new TypeError(`${where}: a type is lower case letters, digits and _`);
      if (byType.has(declaration.type)) throw new TypeError(`${where} is declared twice`);
      const other = prefixes.get(declaration.prefix);
      if (other !== undefined)
        throw new TypeError(`${where}: prefix ${declaration.prefix} is already the prefix of ${other}`);
      byType.set(declaration.type, declaration);
      prefixes.set(declaration.prefix, declaration.type);
    }
    if (byType.size === 0) throw new TypeError('SubmissionTypes needs at least one submission type');
    this.byType = byType;
    const pattern = referencePattern(
      Object.fromEntries([...prefixes].map(([prefix, type]) => [type, prefix])),
    );
    this.schema = baseSubmissionSchema
      .extend({
        reference: z.string().regex(pattern),
        type: z.string().refine((type) => byType.has(type), {
          error: `not one of the submission types (${[...byType.keys()].join(', ')})`,
        }),
      })
      .transform((submission, ctx) => {
        const fields = byType.get(submission.type)?.fields;
        if (fields === undefined) {
          if (submission.fields !== undefined)
            ctx.addIssue({ code: 'custom', path: ['fields'], message: `${submission.type} has no fields` });
          return submission;
        }
        const parsed = fields.safeParse(submission.fields ?? {});
        if (parsed.success) return { ...submission, fields: parsed.data };
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: 'custom', path: ['fields', ...issue.path], message: issue.message });
        return z.NEVER;
      });
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  prefixOf(type: string): string {
    return this.declaration(type).prefix;
  }

  itemTypeOf(type: string): string {
    return this.declaration(type).itemType;
  }

  /** A fresh reference for a submission of this type (`WD-7K3F9Q`). */
  newReference(type: string): string {
    let code = '';
    for (let i = 0; i < REFERENCE_CODE_LENGTH; i += 1)
      code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
    return `${this.prefixOf(type)}-${code}`;
  }

  private declaration(type: string): SubmissionTypeDeclaration {
    const found = this.byType.get(type);
    if (found === undefined)
      throw new TypeError(`"${type}" is not a submission type (${this.types.join(', ')})`);
    return found;
  }
}
