/**
 * The README's "Deploy to Azure" says what the templates do: its commands use the template's parameters
 * and files, its settings table is the template's, the names and paths it mentions exist, and the URLs it
 * gives are routes the server answers.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../helpers/botProcess';
import { withBareServer } from './bareServer';
import { outlineOf } from './bicepOutline';

const read = (path: string): string => readFileSync(resolve(REPO_ROOT, path), 'utf8');

const readme = read('README.md');
const start = readme.indexOf('\n## Deploy to Azure\n');
const guide = readme.slice(start, readme.indexOf('\n## ', start + 1));
const bicepText = read('infra/main.bicep');
const bicep = outlineOf(bicepText);
const params = new Set(bicep.params.map((p) => p.name));
const settings = z
  .object({
    resources: z.array(
      z.object({
        type: z.string(),
        properties: z.unknown(),
      }),
    ),
  })
  .parse(JSON.parse(read('infra/azuredeploy.json')))
  .resources.flatMap((r) =>
    r.type === 'Microsoft.Web/sites'
      ? z
          .object({
            siteConfig: z.object({ appSettings: z.array(z.object({ name: z.string(), value: z.string() })) }),
          })
          .parse(r.properties).siteConfig.appSettings
      : [],
  );

/** Each shell command of the guide's code blocks, its continuation lines joined. */
const commands = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap(
  (block) =>
    block[1]
      ?.replace(/\s*\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '') ?? [],
);

describe('README: Deploy to Azure', () => {
  it('is there, after "Deploy: build once, start without compiling"', () => {
    assert.ok(start > readme.indexOf('\n## Deploy: build once, start without compiling\n'), 'the section');
  });

  it('deploys the template with parameters it has', () => {
    const deployments = commands.filter((c) => c.startsWith('az deployment group create '));
    assert.ok(deployments.length > 0, 'the guide deploys the template');
    for (const command of deployments) {
      assert.match(command, / --template-file infra\/main\.bicep /);
      const given = command.split(' --parameters ')[1]?.split(/ --/)[0] ?? '';
      const names = [...given.matchAll(/(?:^| )(\w+)=/g)].map((m) => m[1] ?? '');
      assert.ok(names.includes('appName'), `${command}: appName`);
      assert.deepEqual(
        names.filter((n) => !params.has(n)),
        [],
        'parameters main.bicep does not have',
      );
    }
    // The deployment's default name is the template file's.
    for (const command of commands.filter((c) => c.startsWith('az deployment group show ')))
      assert.match(command, / --name main /);
  });

  it('deploys the zip npm run package makes', () => {
    const { name, version } = z
      .object({ name: z.string(), version: z.string() })
      .parse(JSON.parse(read('package.json')));
    const deploy = commands.find((c) => c.startsWith('az webapp deploy '));
    assert.match(deploy ?? '', new RegExp(` --type zip --src-path artifacts/${name}-${version}\\.zip$`));
  });

  it('lists every app setting the template sets, each with the parameter it comes from', () => {
    const rows = [...guide.matchAll(/^\| (`[^|]+`) \| ([^|]+) \|/gm)];
    const listed = new Map<string, string>();
    for (const [, names, source] of rows)
      for (const [, name] of (names ?? '').matchAll(/`(\w+)`/g)) listed.set(name ?? '', source ?? '');
    assert.deepEqual([...listed.keys()].sort(), settings.map((s) => s.name).sort());
    for (const { name, value } of settings) {
      const param = /^`(\w+)`/.exec(listed.get(name) ?? '')?.[1];
      if (param !== undefined)
        assert.ok(value.includes(`parameters('${param}')`), `${name} comes from ${param}`);
    }
  });

  it('names only parameters and outputs main.bicep has, and files that exist', () => {
    const outputs = new Set(bicep.outputs);
    const quoted = [...guide.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
    const identifiers = quoted.filter((q) => /^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$/.test(q));
    assert.deepEqual(
      identifiers.filter((q) => !params.has(q) && !outputs.has(q)),
      [],
    );
    const files = quoted.filter((q) => /^(?:infra|\.github|test)\/|^Dockerfile$/.test(q));
    assert.ok(files.length >= 4, `files: ${files.join(', ')}`);
    for (const file of files) assert.ok(existsSync(resolve(REPO_ROOT, file)), `${file} exists`);
    for (const [, suffix] of guide.matchAll(/`<appName>-(\w+)`/g))
      assert.ok(bicepText.includes(`'\${appName}-${suffix}'`), `main.bicep names <appName>-${suffix}`);
  });

  it('gives URLs of routes the server answers', async () => {
    const paths = new Set(
      [...guide.matchAll(/https:\/\/(?:my-bot\.azurewebsites\.net|<app host>)(\/[\w/]+)/g)].map(
        (m) => m[1] ?? '',
      ),
    );
    assert.ok(paths.has('/webhooks/whatsapp') && paths.has('/readyz'), [...paths].join(', '));
    await withBareServer(
      () => Promise.resolve(true),
      async (base) => {
        for (const path of paths) {
          const method = path.startsWith('/webhooks/') || path === '/api/messages' ? 'POST' : 'GET';
          const response = await fetch(`${base}${path}`, {
            method,
            body: method === 'POST' ? '{}' : undefined,
          });
          const body = await response.text();
          // A route not mounted answers its own 404 (channel not configured); a path the server lacks, restify's.
          assert.doesNotMatch(
            body,
            /ResourceNotFound|MethodNotAllowed/,
            `${method} ${path}: ${response.status} ${body}`,
          );
        }
      },
    );
  });

  it('quotes log lines the app writes', () => {
    const flowing = guide.replace(/\s+/g, ' ');
    assert.match(flowing, /`instances: 2 of this app share each number's send rate`/);
    assert.match(
      read('src/app/app.ts'),
      /`instances: \$\{count\} of this app share each number's send rate`/,
    );
    assert.match(guide, /`backlog:`/);
    assert.match(read('src/durable/turns/durableTurns.ts'), /`backlog: \$\{waiting\} event\(s\) waiting/);
  });
});
