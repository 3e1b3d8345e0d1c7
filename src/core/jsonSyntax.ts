/**
 * Where a JSON text first breaks the grammar, as a line and column and a reason that quotes nothing of the
 * text (a configuration file may hold secrets). `JSON.parse` does not say this reliably: some of its
 * messages have no position, others quote the text around the error.
 */

export interface JsonSyntaxError {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  reason: string;
}

class Broken extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The first syntax error of `text`, or `undefined` when it is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (error) {
    if (!(error instanceof Broken)) throw error;
    return { ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

const LITERALS = ['true', 'false', 'null'];

class Scanner {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.value();
    this.space();
    if (this.at < this.text.length) this.fail('more content after the end of the JSON value');
  }

  private value(): void {
    this.space();
    const char = this.text[this.at];
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === '-' || isDigit(char)) this.number();
    else if (char !== undefined && /[a-z]/i.test(char)) this.literal();
    else this.fail(char === "'" ? 'strings take double quotes' : 'expected a value');
  }

  private object(): void {
    this.members('}', "expected ',' or '}' after the property value (a missing comma?)", () => {
      if (this.text[this.at] !== '"') {
        this.fail(
          this.text[this.at] === '}'
            ? 'expected a property name after the comma (a trailing comma?)'
            : 'expected a double-quoted property name',
        );
      }
      this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail("expected ':' after the property name");
      this.at += 1;
      this.value();
    });
  }

  private array(): void {
    this.members(']', "expected ',' or ']' after the array element (a missing comma?)", () => {
      if (this.text[this.at] === ']') this.fail('expected a value after the comma (a trailing comma?)');
      this.value();
    });
  }

  /** An object's or array's members, from its opening bracket to `close`, separated by commas. */
  private members(close: '}' | ']', missingComma: string, member: () => void): void {
    this.at += 1;
    this.space();
    if (this.text[this.at] === close) {
      this.at += 1;
      return;
    }
    for (;;) {
      this.space();
      member();
      this.space();
      const next = this.text[this.at];
      this.at += 1;
      if (next === close) return;
      if (next !== ',') this.fail(missingComma, -1);
    }
  }

  private string(): void {
    const start = this.at;
    this.at += 1;
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) throw new Broken(start, 'a string that starts here is never closed');
      if (char === '"') {
        this.at += 1;
        return;
      }
      if (char < ' ') this.fail('a control character (a line break?) inside a string');
      if (char === '\\') {
        const escaped = this.text[this.at + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-f]{4}$/i.test(this.text.slice(this.at + 2, this.at + 6)))
            this.fail('\\u must be followed by four hex digits');
          this.at += 6;
          continue;
        }
        if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) this.fail('an invalid escape sequence');
        this.at += 2;
        continue;
      }
      this.at += 1;
    }
  }

  private number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) this.fail('an invalid number');
    this.at += match[0].length;
    if (isDigit(this.text[this.at]) || this.text[this.at] === '.')
      this.fail('an invalid number (a leading zero?)');
  }

  private literal(): void {
    const word = /^[a-z]+/i.exec(this.text.slice(this.at))?.[0] ?? '';
    if (!LITERALS.includes(word))
      this.fail('expected a value (true, false, null, a number, a string, [ or {)');
    this.at += word.length;
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] ?? '')) this.at += 1;
  }

  /** Throws at the current character (or `shift` from it); at the end of the text, says so. */
  private fail(reason: string, shift = 0): never {
    const offset = this.at + shift;
    throw new Broken(offset, offset >= this.text.length ? 'the file ends too early' : reason);
  }
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}
