import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { channelPlan } from '../../src/channelPlan';
import { loadChannels } from '../../src/channels';
import { loadConfig, secretsOf } from '../../src/config';
import { ConfigError } from '../../src/errors';

const MAIN = resolve(__dirname, '..', '..', 'src', 'main.js');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('runs with no environment at all, on defaults', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3978);
    assert.equal(config.DEFAULT_LOCALE, 'en');
    assert.equal(config.META_GRAPH_URL, 'https://graph.facebook.com/v24.0');
    assert.equal(config.D360_BASE_URL, 'https://waba-v2.360dialog.io');
    assert.equal(config.AZURE_STORAGE_CONNECTION_STRING, undefined);
    assert.equal(config.DATA_DIR, '.data');
    assert.equal(config.MicrosoftAppId, '');
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', WHATSAPP_ACCESS_TOKEN: '  ', DEFAULT_LOCALE: '' });
    assert.equal(config.PORT, 3978);
    assert.equal(config.WHATSAPP_ACCESS_TOKEN, undefined);
  });

  it('reports every problem at once, each with its variable name', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DEFAULT_LOCALE: 'fr',
      META_GRAPH_URL: 'ftp://example.test',
      COMMUNITIES_FILE: '/no/such/file.geojson',
      MicrosoftAppId: 'app-id',
    });
    for (const variable of [
      'PORT',
      'DEFAULT_LOCALE',
      'META_GRAPH_URL',
      'COMMUNITIES_FILE',
      'MicrosoftAppPassword',
    ]) {
      assert.ok(
        problems.some((p) => p.startsWith(`${variable} `)),
        `${variable} missing from ${JSON.stringify(problems)}`,
      );
    }
  });

  it('in production refuses a Meta channel without its app secret', () => {
    const problems = problemsOf({ NODE_ENV: 'production', WHATSAPP_ACCESS_TOKEN: 'token-value' });
    assert.ok(problems.some((p) => p.startsWith('WHATSAPP_APP_SECRET ')));
    assert.ok(problems.every((p) => !p.includes('token-value')));
  });

  it('outside production leaves an incomplete channel unmounted and says why', () => {
    const config = loadConfig({ WHATSAPP_ACCESS_TOKEN: 'token-value', WHATSAPP_PHONE_NUMBER_ID: '123' });
    const whatsapp = channelPlan(config, loadChannels(config)).find((c) => c.channel === 'whatsapp');
    assert.equal(whatsapp?.mounted, false);
    assert.match(whatsapp?.reason ?? '', /WHATSAPP_APP_SECRET/);
    assert.doesNotMatch(whatsapp?.reason ?? '', /token-value/);
  });

  it('lists secret values for redaction', () => {
    const config = loadConfig({
      WHATSAPP_ACCESS_TOKEN: 'tok-123456',
      AZURE_STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0a2V5;',
    });
    assert.ok(secretsOf(config).includes('tok-123456'));
    assert.ok(secretsOf(config).includes('c2VjcmV0a2V5'));
  });

  it('npm start exits non-zero naming the variable, without printing the secret', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', WHATSAPP_ACCESS_TOKEN: 'EAAsecret-token-value' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /WHATSAPP_APP_SECRET/);
    assert.doesNotMatch(result.stderr + result.stdout, /EAAsecret-token-value/);
  });
});
