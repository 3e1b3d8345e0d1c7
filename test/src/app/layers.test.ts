/**
 * The layer rule (eslint/layers.mjs) bites: the repository's own lint configuration, given a file of each
 * layer with one forbidden import added, reports it; the same file as it is passes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../../helpers/botProcess';

const RULE = 'layers/imports-run-one-way';

/**
 * The repository's lint configuration, running only the layer rule: that rule needs no type information, so
 * the TypeScript program the other rules build (seconds per file) is left out.
 */
const eslint = new ESLint({
  cwd: REPO_ROOT,
  ruleFilter: ({ ruleId }) => ruleId === RULE,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});

async function layerProblems(file: string, extraImport: string): Promise<string[]> {
  const text = `${extraImport}\n${readFileSync(join(REPO_ROOT, file), 'utf8')}`;
  const [result] = await eslint.lintText(text, { filePath: join(REPO_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('layers: imports run one way (lint)', function () {
  this.timeout(60_000);

  const forbidden: [layer: string, file: string, line: string, says: RegExp][] = [
    [
      'adapters → dialogs',
      'adapters/base/settleAll.ts',
      "import '../../dialogs/catalogue';",
      /adapters may not import dialogs/,
    ],
    [
      'dialogs → adapters',
      'dialogs/stepValues.ts',
      "import '../adapters/base/splitText';",
      /dialogs may not import adapters/,
    ],
    [
      'adapters → application',
      'adapters/base/settleAll.ts',
      "import '../../src/app/config';",
      /adapters may not import app/,
    ],
    [
      'core → durable',
      'src/core/inFlight.ts',
      "import '../durable/storage/blobName';",
      /core may not import durable/,
    ],
    [
      'durable → domain',
      'src/durable/storage/blobName.ts',
      "import '../../domain/communities/geo';",
      /durable may not/,
    ],
    [
      'dialogs → durable',
      'dialogs/stepValues.ts',
      "import '../src/durable/storage/blobName';",
      /dialogs may not/,
    ],
    [
      'restify outside the server',
      'adapters/base/settleAll.ts',
      "import 'restify';",
      /'restify' is loaded only by/,
    ],
  ];

  for (const [what, file, line, says] of forbidden) {
    it(`refuses ${what}`, async () => {
      const problems = await layerProblems(file, line);
      assert.equal(problems.length, 1, `expected one layer problem, got ${JSON.stringify(problems)}`);
      assert.match(problems[0] ?? '', says);
    });
  }

  it('lets the application import adapters and dialogs, and leaves the files as they are alone', async () => {
    assert.deepEqual(await layerProblems('src/app/bot.ts', "import '../../adapters/base/settleAll';"), []);
    assert.deepEqual(await layerProblems('adapters/base/settleAll.ts', ''), []);
  });
});
