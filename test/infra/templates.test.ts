/**
 * The deployment files stay honest (they are read, never deployed, here: no Azure, no Bicep compiler):
 * the Bicep template and its ARM JSON set only variables the configuration schema knows (or platform
 * settings named below), everything production requires, secrets as secure parameters, a health check
 * the server answers, and the two files say the same (parameters, resources, outputs).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configSchema, loadConfig, secretsOf } from '../../src/app/config';
import { ConfigError } from '../../src/core/errors';
import { BlobAccount } from '../../src/durable/storage/blobAccount';
import { REPO_ROOT } from '../helpers/botProcess';
import { withBareServer } from './bareServer';
import { outlineOf, type Literal } from './bicepOutline';

const read = (path: string): string => readFileSync(resolve(REPO_ROOT, path), 'utf8');

/** App Service's own settings the template sets; anything else must be a variable of the schema. */
const PLATFORM_SETTINGS = new Set(['WEBSITE_RUN_FROM_PACKAGE', 'SCM_DO_BUILD_DURING_DEPLOYMENT']);
/** Variables of the schema the template leaves unset, and why. */
const NOT_SET: Record<string, string> = {
  PORT: 'App Service sets it for the app to listen on',
  DATA_DIR: "the embedded Azurite's folder, which production refuses",
  CHANNELS_FILE: 'CHANNELS_JSON holds the same JSON in a setting',
  // Retention (README "Retention"): the app's defaults serve; a template parameter for each is still to do.
  INBOX_HISTORY_RETENTION_DAYS: "the app's default (30) serves; set it as an app setting to change it",
  MEDIA_RETENTION_DAYS: "the app's default (180) serves; set it as an app setting to change it",
  INACTIVE_PERSON_DAYS: "the app's default (365) serves; set it as an app setting to change it",
  PUBLIC_BASE_URL:
    "the data-deletion status URL takes the request's host and X-Forwarded-Proto unset; the bot's help and notice then give no link to /privacy and /terms",
};

const literalSchema = z.union([z.string(), z.number(), z.boolean()]);
const armTemplate = z.object({
  parameters: z.record(
    z.string(),
    z.object({
      type: z.enum(['string', 'securestring', 'int', 'bool']),
      defaultValue: literalSchema.optional(),
      allowedValues: z.array(literalSchema).optional(),
      minLength: z.number().optional(),
      maxLength: z.number().optional(),
      minValue: z.number().optional(),
      maxValue: z.number().optional(),
      metadata: z.object({ description: z.string() }).optional(),
    }),
  ),
  variables: z.record(z.string(), z.unknown()),
  resources: z.array(
    z.looseObject({
      type: z.string(),
      apiVersion: z.string(),
      name: z.string(),
      condition: z.string().optional(),
      properties: z.unknown(),
    }),
  ),
  outputs: z.record(z.string(), z.object({ type: z.string(), value: z.string() })),
});
const siteProperties = z.object({
  httpsOnly: z.boolean(),
  siteConfig: z.object({
    linuxFxVersion: z.string(),
    appCommandLine: z.string(),
    healthCheckPath: z.string(),
    alwaysOn: z.boolean(),
    minTlsVersion: z.string(),
    ftpsState: z.string(),
    appSettings: z.array(z.object({ name: z.string(), value: z.string() })),
  }),
});

const arm = armTemplate.parse(JSON.parse(read('infra/azuredeploy.json')));
const bicep = outlineOf(read('infra/main.bicep'));
const resourceOf = (type: string) => {
  const found = arm.resources.find((r) => r.type === type);
  assert.ok(found, `azuredeploy.json has a ${type}`);
  return found;
};
const site = siteProperties.parse(resourceOf('Microsoft.Web/sites').properties);
const settings = new Map(site.siteConfig.appSettings.map((s) => [s.name, s.value]));
const schemaVariables = Object.keys(configSchema.shape);

/** The variables a configuration problem says are required (`X is required …`). */
function requiredBy(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.flatMap((p) => /^(\w+) is required/.exec(p)?.[1] ?? []);
  }
}

/** The variables whose value `secretsOf` redacts (a variable invalid on its own is not one). */
function secretVariables(): string[] {
  const marker = `k${'7'.repeat(40)}`;
  return schemaVariables.filter((name) => {
    try {
      return secretsOf(loadConfig({ [name]: marker })).some((s) => s.includes(marker));
    } catch {
      return false;
    }
  });
}

describe('infra: the App Service template', () => {
  it('sets only variables the configuration schema knows, or the platform settings named here', () => {
    for (const [file, names] of [
      ['azuredeploy.json', [...settings.keys()]],
      ['main.bicep', bicep.appSettings],
    ] as const) {
      const unknown = names.filter((n) => !schemaVariables.includes(n) && !PLATFORM_SETTINGS.has(n));
      assert.deepEqual(unknown, [], `${file} sets variables the configuration schema does not know`);
    }
    assert.deepEqual(bicep.appSettings, [...settings.keys()], 'main.bicep and azuredeploy.json set the same');
  });

  it('sets every variable of the schema but those named with the reason they are not', () => {
    const unset = schemaVariables.filter((n) => !settings.has(n) && NOT_SET[n] === undefined);
    assert.deepEqual(unset, [], 'set them in main.bicep and azuredeploy.json, or say in NOT_SET why not');
  });

  it('sets NODE_ENV=production and every variable loadConfig requires there', () => {
    assert.equal(settings.get('NODE_ENV'), 'production');
    const required = new Set(requiredBy({ NODE_ENV: 'production' }));
    assert.ok(required.has('AZURE_STORAGE_CONNECTION_STRING'), 'production requires the storage account');
    // A variable that makes others required (a channel's first variable, MicrosoftAppId) brings them.
    for (const name of settings.keys())
      for (const more of requiredBy({ NODE_ENV: 'production', [name]: 'x' })) required.add(more);
    assert.deepEqual(
      [...required].filter((n) => !settings.has(n)),
      [],
    );
    assert.match(
      settings.get('AZURE_STORAGE_CONNECTION_STRING') ?? '',
      /listKeys\(resourceId\('Microsoft\.Storage/,
    );
    assert.match(settings.get('APPLICATIONINSIGHTS_CONNECTION_STRING') ?? '', /\.ConnectionString\]$/);
    assert.equal(settings.get('WEBSITE_RUN_FROM_PACKAGE'), '1');
    assert.equal(settings.get('SCM_DO_BUILD_DURING_DEPLOYMENT'), 'false');
  });

  it('takes every secret variable from a secure parameter', () => {
    const secrets = secretVariables();
    assert.ok(
      secrets.includes('WHATSAPP_ACCESS_TOKEN') && secrets.includes('OPERATOR_API_KEYS'),
      'secretsOf',
    );
    for (const name of secrets) {
      const param = /^\[parameters\('(\w+)'\)\]$/.exec(settings.get(name) ?? '')?.[1];
      if (param === undefined) continue; // built from a resource (the storage key, App Insights)
      assert.equal(arm.parameters[param]?.type, 'securestring', `${name}: parameter ${param} is secure`);
      assert.ok(bicep.params.find((p) => p.name === param)?.secure, `${name}: @secure() ${param}`);
    }
  });

  it('checks health on a route the server answers: 200 while storage answers, 503 while not', async () => {
    assert.equal(site.siteConfig.healthCheckPath, '/readyz');
    let ready = true;
    await withBareServer(
      () => Promise.resolve(ready),
      async (base) => {
        const url = `${base}${site.siteConfig.healthCheckPath}`;
        assert.equal((await fetch(url)).status, 200);
        ready = false;
        assert.equal((await fetch(url)).status, 503);
      },
    );
  });

  it('runs Node with npm start, Always On, HTTPS only, TLS 1.2 and no FTP', () => {
    assert.equal(arm.parameters.linuxFxVersion?.defaultValue, 'NODE|20-lts');
    assert.equal(site.siteConfig.appCommandLine, 'npm start');
    assert.ok(z.object({ start: z.string() }).safeParse(JSON.parse(read('package.json')).scripts).success);
    assert.deepEqual(
      [site.httpsOnly, site.siteConfig.alwaysOn, site.siteConfig.minTlsVersion, site.siteConfig.ftpsState],
      [true, true, '1.2', 'Disabled'],
    );
    assert.deepEqual(
      z
        .object({
          minimumTlsVersion: z.string(),
          allowBlobPublicAccess: z.boolean(),
          supportsHttpsTrafficOnly: z.boolean(),
        })
        .parse(resourceOf('Microsoft.Storage/storageAccounts').properties),
      { minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, supportsHttpsTrafficOnly: true },
    );
  });

  it("deletes the history container's blobs after HISTORY_RETENTION_DAYS, the app's own retention", () => {
    const rule = z
      .object({
        policy: z.object({
          rules: z.tuple([
            z.object({
              definition: z.object({
                filters: z.object({ prefixMatch: z.tuple([z.string()]) }),
                actions: z.object({
                  baseBlob: z.object({ delete: z.object({ daysAfterModificationGreaterThan: z.string() }) }),
                }),
              }),
            }),
          ]),
        }),
      })
      .parse(resourceOf('Microsoft.Storage/storageAccounts/managementPolicies').properties).policy.rules[0];
    assert.equal(settings.get('HISTORY_RETENTION_DAYS'), "[string(parameters('historyRetentionDays'))]");
    assert.equal(
      rule.definition.actions.baseBlob.delete.daysAfterModificationGreaterThan,
      "[parameters('historyRetentionDays')]",
    );
    assert.equal(settings.get('STORAGE_CONTAINER_PREFIX'), "[parameters('storageContainerPrefix')]");
    // The prefix the policy matches is the container the app names for the history, given the same prefix.
    const prefix = 'p1';
    const history = new BlobAccount({
      connectionString: 'UseDevelopmentStorage=true',
      containerPrefix: prefix,
    });
    const match = rule.definition.filters.prefixMatch[0].replace(
      "[format('{0}-history/', parameters('storageContainerPrefix'))]",
      `${prefix}-history/`,
    );
    assert.equal(match, `${history.containerName('history')}/`);
  });

  it("offers the schema's own values for enumerated settings", () => {
    const enumOf = (name: string): Literal[] => {
      const field = configSchema.shape[name as keyof typeof configSchema.shape];
      const inner = field instanceof z.ZodOptional || field instanceof z.ZodDefault ? field.unwrap() : field;
      return inner instanceof z.ZodEnum ? inner.options : [];
    };
    for (const [name, value] of settings) {
      const param = /^\[parameters\('(\w+)'\)\]$/.exec(value)?.[1];
      const allowed = param === undefined ? undefined : arm.parameters[param]?.allowedValues;
      const known = enumOf(name);
      if (allowed === undefined || known.length === 0) continue;
      const foreign = allowed.filter((v) => v !== '' && !known.includes(v));
      assert.deepEqual(foreign, [], `${param} offers values ${name} refuses`);
    }
  });
});

describe('infra: azuredeploy.json is main.bicep compiled', () => {
  const armType = (p: { type: string; secure: boolean }) => (p.secure ? 'securestring' : p.type);

  it('has every parameter described, with the same types, defaults, allowed values and bounds', () => {
    assert.deepEqual(
      Object.keys(arm.parameters),
      bicep.params.map((p) => p.name),
    );
    for (const p of bicep.params) {
      const compiled = arm.parameters[p.name];
      assert.ok(p.description, `${p.name} has a @description`);
      assert.equal(compiled?.metadata?.description, p.description, `${p.name}: description`);
      assert.equal(compiled.type, armType(p), `${p.name}: type`);
      if (p.computed) assert.match(String(compiled.defaultValue), /^\[.+\]$/, `${p.name}: default`);
      else assert.equal(compiled.defaultValue, p.default, `${p.name}: default`);
      assert.deepEqual(compiled.allowedValues, p.allowed, `${p.name}: allowed values`);
      for (const key of ['minLength', 'maxLength', 'minValue', 'maxValue'] as const)
        assert.equal(compiled[key], p.bounds[key], `${p.name}: ${key}`);
    }
  });

  it('has the same resources (types, apiVersions, which are conditional) and outputs', () => {
    const of = (r: { type: string; apiVersion: string; conditional: boolean }) =>
      `${r.type}@${r.apiVersion}${r.conditional ? ' (if)' : ''}`;
    assert.deepEqual(
      arm.resources.map((r) => of({ ...r, conditional: r.condition !== undefined })),
      bicep.resources.filter((r) => !r.existing).map(of),
    );
    assert.deepEqual(Object.keys(arm.outputs), bicep.outputs);
  });
});
