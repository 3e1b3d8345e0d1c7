/**
 * The CI/CD workflow and the container image say what the README promises (read as text: no YAML
 * parser, no docker here). The workflow signs in to Azure with OpenID Connect only, tests before it
 * packages, and deploys the very zip its package step printed; the image runs the unpacked package,
 * in production, as a non-root user, with a health check on the server's readiness route.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configSchema } from '../../src/app/config';
import { REPO_ROOT } from '../helpers/botProcess';

const read = (path: string): string => readFileSync(resolve(REPO_ROOT, path), 'utf8');

/**
 * The jobs of a workflow by name: the text under `jobs:` cut at each key indented two spaces. Enough for
 * a file whose jobs are written as blocks (not flow mappings), as ours are.
 */
function jobsOf(workflow: string): Map<string, string> {
  const after = workflow.split(/^jobs:\s*$/m)[1];
  assert.ok(after !== undefined, 'the workflow has jobs');
  const jobs = new Map<string, string>();
  for (const block of after.split(/^(?= {2}[\w-]+:\s*$)/m)) {
    const name = /^ {2}([\w-]+):/.exec(block)?.[1];
    if (name !== undefined) jobs.set(name, block);
  }
  return jobs;
}

/** The `run:` commands and `uses:` actions of a job, in order. */
const stepsOf = (job: string): string[] =>
  job
    .split(/^ {6}- /m)
    .slice(1)
    .map((step) => step.trim());

const startScript = z
  .object({ scripts: z.object({ start: z.string() }) })
  .parse(JSON.parse(read('package.json'))).scripts.start;

describe('deploy workflow (.github/workflows/deploy.yml)', () => {
  const workflow = read('.github/workflows/deploy.yml');
  const jobs = jobsOf(workflow);

  it('runs on a push to main and by hand', () => {
    assert.match(workflow, /^on:\n {2}push:\n {4}branches: \[main\]\n {2}workflow_dispatch:/m);
  });

  it('signs in with OpenID Connect only: id-token write where it logs in, no publish profile or stored credentials', () => {
    assert.doesNotMatch(workflow, /publish-profile|creds:|client-secret/i);
    const signingIn = [...jobs].filter(([, job]) => job.includes('uses: azure/login@v2'));
    assert.ok(signingIn.length > 0, 'a job signs in to Azure');
    for (const [name, job] of signingIn) {
      assert.match(job, /permissions:\n(?: {6}.+\n)* {6}id-token: write/, `${name}: id-token: write`);
      for (const id of ['client-id', 'tenant-id', 'subscription-id'])
        assert.match(job, new RegExp(`${id}: \\$\\{\\{ (secrets|vars)\\.`), `${name}: ${id}`);
    }
    assert.match(workflow, /^permissions:\n {2}contents: read$/m, 'nothing else gets a token by default');
  });

  it('installs, tests, then packages on Node 20 with the npm cache', () => {
    const build = stepsOf(jobs.get('build') ?? '');
    const at = (pattern: RegExp) => build.findIndex((step) => pattern.test(step));
    assert.match(build[at(/actions\/setup-node@v4/)] ?? '', /node-version: 20\s[\s\S]*cache: npm/);
    const order = [/^run: npm ci\b/, /^run: npm test$/m, /npm run package/].map(at);
    assert.ok(
      order.every((i) => i >= 0),
      `npm ci, npm test, npm run package: ${order.join(', ')}`,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'in this order',
    );
  });

  it('deploys the zip whose path the package step printed (the last line of npm run package)', () => {
    const build = jobs.get('build') ?? '';
    const packaging = stepsOf(build).find((step) => step.includes('npm run package')) ?? '';
    const id = /id: ([\w-]+)/.exec(packaging)?.[1];
    assert.ok(id, 'the package step has an id');
    assert.match(packaging, /zip="\$\(npm run package --silent \| tail -n 1\)"/);
    assert.match(packaging, /echo "zip=\$zip" >> "\$GITHUB_OUTPUT"/);
    assert.match(packaging, /echo "name=\$\(basename "\$zip"\)" >> "\$GITHUB_OUTPUT"/);
    assert.match(build, new RegExp(`path: \\$\\{\\{ steps\\.${id}\\.outputs\\.zip \\}\\}`), 'uploads it');
    assert.match(build, new RegExp(`zip-name: \\$\\{\\{ steps\\.${id}\\.outputs\\.name \\}\\}`));
    const deploy = jobs.get('deploy') ?? '';
    assert.match(
      deploy,
      /uses: actions\/download-artifact@v4\n\s+with:\n\s+name: app-package\n\s+path: (\S+)/,
    );
    const folder = /name: app-package\n\s+path: (.+)$/m.exec(deploy)?.[1] ?? '';
    assert.match(deploy, /uses: azure\/webapps-deploy@v3/);
    const deployed = /package: (.+)$/m.exec(deploy)?.[1];
    assert.equal(deployed, `${folder}/\${{ needs.build.outputs.zip-name }}`);
    assert.match(build, /name: app-package\n/);
  });

  it('deploys the Bicep template only when asked, with parameters the template has', () => {
    const infrastructure = jobs.get('infrastructure') ?? '';
    assert.match(infrastructure, /if: github\.event_name == 'workflow_dispatch' && inputs\.infrastructure/);
    assert.match(infrastructure, /uses: azure\/arm-deploy@v2[\s\S]*template: \.\/infra\/main\.bicep/);
    const bicep = read('infra/main.bicep');
    for (const [, name] of infrastructure.matchAll(/PARAM_(\w+):/g))
      assert.match(bicep, new RegExp(`^param ${name} `, 'm'), `PARAM_${name} is a parameter of main.bicep`);
  });
});

describe('container image (Dockerfile)', () => {
  const dockerfile = read('Dockerfile').replace(/\\\n\s*/g, ' ');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds and runs on node:20-bookworm-slim, unpacking the package in the build stage', () => {
    assert.equal(stages.length, 2);
    for (const stage of stages) assert.match(stage, /^node:20-bookworm-slim\b/);
    assert.match(
      stages[0] ?? '',
      /RUN npm ci\b[\s\S]*npm run package --silent -- --out \/out\b[\s\S]*unzip -q \/out\/\*\.zip -d \/app/,
    );
    assert.match(runtime, /^COPY --from=build \/app \.\/$/m);
  });

  it('runs in production as a non-root user, with nothing installed at run time', () => {
    assert.match(runtime, /^ENV NODE_ENV=production$/m);
    const users = [...runtime.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(users, ['node']);
    assert.doesNotMatch(runtime, /npm (ci|install|i)\b|apt-get/);
  });

  it('checks health on /readyz with Node (no curl in slim) and exposes the default port', () => {
    assert.match(runtime, /^HEALTHCHECK .*CMD \["node", "-e", ".*fetch\(.*\/readyz'\)/m);
    assert.match(runtime, new RegExp(`^EXPOSE ${configSchema.parse({}).PORT}$`, 'm'));
  });

  it("starts with npm start's own command", () => {
    const cmd = z.array(z.string()).parse(JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)?.[1] ?? 'null'));
    assert.equal(`exec ${cmd.join(' ')}`, startScript);
    assert.ok(existsSync(resolve(REPO_ROOT, cmd.at(-1) ?? '')), `${cmd.at(-1)} exists`);
  });

  it('keeps secrets, state, dependencies and builds out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', '.data', 'node_modules', 'dist', 'artifacts', '.git'])
      assert.ok(ignored.includes(entry), `.dockerignore: ${entry}`);
  });
});
