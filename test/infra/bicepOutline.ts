/**
 * A small reader of the parts of a Bicep file that its compiled ARM JSON must repeat (no Bicep compiler
 * here). It reads the file line by line and understands only the forms `infra/main.bicep` uses:
 *
 * - decorators on their own lines before a `param`: `@description('…')`, `@secure()`,
 *   `@minLength(n)`, `@maxLength(n)`, `@minValue(n)`, `@maxValue(n)`, and `@allowed([` with one literal a
 *   line up to `])`;
 * - `param <name> <string|int|bool> [= <default>]` on one line; a default is kept when it is a literal
 *   (a quoted string without `${`, an integer, true or false), otherwise marked as an expression;
 * - `resource <symbol> '<type>@<apiVersion>' [existing] = [if (<condition>)] {`;
 * - `output <name> <type> = …`;
 * - app settings as `{ name: '<NAME>', value: … }` on one line, or an object whose `name: '<NAME>'` is on
 *   its own line, inside the `appSettings: [` … `]` block (at the indentation it opened with).
 *
 * A line it does not understand after a decorator fails loudly rather than being skipped.
 */
export type Literal = string | number | boolean;

export interface BicepParam {
  name: string;
  type: 'string' | 'int' | 'bool';
  secure: boolean;
  description: string | undefined;
  allowed: Literal[] | undefined;
  bounds: Partial<Record<'minLength' | 'maxLength' | 'minValue' | 'maxValue', number>>;
  /** The literal default; undefined without one or with a computed one (`computed`). */
  default: Literal | undefined;
  computed: boolean;
}

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  /** `existing`: a reference to a resource deployed elsewhere (it compiles to no ARM resource). */
  existing: boolean;
  conditional: boolean;
}

export interface BicepOutline {
  params: BicepParam[];
  resources: BicepResource[];
  outputs: string[];
  appSettings: string[];
}

/** A literal's value; undefined for an expression. */
function literal(text: string): Literal | undefined {
  const value = text.trim();
  if (/^'(?:[^'\\]|\\.)*'$/.test(value) && !value.includes('${'))
    return value.slice(1, -1).replace(/\\'/g, "'");
  if (/^-?\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

export function outlineOf(bicep: string): BicepOutline {
  const lines = bicep.split('\n');
  const outline: BicepOutline = { params: [], resources: [], outputs: [], appSettings: [] };
  let pending: Omit<BicepParam, 'name' | 'type' | 'default' | 'computed'> | undefined;
  const decorators = (): Omit<BicepParam, 'name' | 'type' | 'default' | 'computed'> =>
    (pending ??= { secure: false, description: undefined, allowed: undefined, bounds: {} });
  let settingsIndent: number | undefined;
  for (let at = 0; at < lines.length; at += 1) {
    const raw = lines[at] ?? '';
    const line = raw.trim();
    if (settingsIndent !== undefined) {
      if (line === ']' && raw.indexOf(']') === settingsIndent) settingsIndent = undefined;
      else {
        const name = /(?:^\{ |^)name: '([^']+)'/.exec(line);
        if (name?.[1] !== undefined) outline.appSettings.push(name[1]);
      }
      continue;
    }
    if (line === 'appSettings: [') {
      settingsIndent = raw.indexOf('appSettings');
      continue;
    }
    const description = /^@description\('((?:[^'\\]|\\.)*)'\)$/.exec(line);
    const bound = /^@(minLength|maxLength|minValue|maxValue)\((-?\d+)\)$/.exec(line);
    if (description) decorators().description = description[1]?.replace(/\\'/g, "'");
    else if (line === '@secure()') decorators().secure = true;
    else if (bound?.[1] !== undefined) {
      const key = bound[1] as keyof BicepParam['bounds'];
      decorators().bounds[key] = Number(bound[2]);
    } else if (line === '@allowed([') {
      const values: Literal[] = [];
      for (at += 1; (lines[at] ?? '])').trim() !== '])'; at += 1) {
        const value = literal(lines[at] ?? '');
        if (value === undefined) throw new Error(`line ${at + 1}: an allowed value that is not a literal`);
        values.push(value);
      }
      decorators().allowed = values;
    } else if (line.startsWith('param ')) {
      const param = /^param (\w+) (string|int|bool)(?: = (.+))?$/.exec(line);
      if (!param?.[1] || !param[2]) throw new Error(`line ${at + 1}: a param this reader does not know`);
      outline.params.push({
        name: param[1],
        type: param[2] as BicepParam['type'],
        default: param[3] === undefined ? undefined : literal(param[3]),
        computed: param[3] !== undefined && literal(param[3]) === undefined,
        ...decorators(),
      });
      pending = undefined;
    } else if (line.startsWith('resource ')) {
      const resource = /^resource (\w+) '([^'@]+)@([^']+)'( existing)? = (if \(.+\) )?\{$/.exec(line);
      if (!resource?.[1] || !resource[2] || !resource[3])
        throw new Error(`line ${at + 1}: a resource this reader does not know`);
      outline.resources.push({
        symbol: resource[1],
        type: resource[2],
        apiVersion: resource[3],
        existing: resource[4] !== undefined,
        conditional: resource[5] !== undefined,
      });
    } else if (line.startsWith('output ')) {
      const output = /^output (\w+) \w+ = /.exec(line);
      if (!output?.[1]) throw new Error(`line ${at + 1}: an output this reader does not know`);
      outline.outputs.push(output[1]);
      pending = undefined;
    } else if (pending !== undefined && line !== '') {
      throw new Error(`line ${at + 1}: decorators followed by something this reader does not know`);
    }
  }
  return outline;
}
