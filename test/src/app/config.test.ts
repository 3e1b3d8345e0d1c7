import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelPlan } from '../../../src/app/channelPlan';
import { loadChannels } from '../../../src/app/channels';
import { loadConfig, secretsOf } from '../../../src/app/config';
import { ConfigError } from '../../../src/core/errors';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  assert.fail('expected a ConfigError');
}

/** The problems of loading the configuration and then CHANNELS_FILE, as `main` does. */
function channelProblems(env: Record<string, string>, readFile?: (path: string) => string): string[] {
  try {
    loadChannels(loadConfig(env), readFile);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  assert.fail('expected a ConfigError');
}

const TEMP = mkdtempSync(join(tmpdir(), 'config-'));
let files = 0;

function tempFile(name: string, text: string): string {
  files += 1;
  const file = join(TEMP, `${files}-${name}`);
  writeFileSync(file, text);
  return file;
}

const CLOUD_ENTRY = {
  type: 'whatsapp',
  phoneNumberId: '111',
  accessToken: 'EAAfile-secret-token',
  appSecret: 'file-app-secret',
  verifyToken: 'file-verify',
};

describe('config', () => {
  after(() => rmSync(TEMP, { recursive: true, force: true }));

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
        problems.some((p) => p.startsWith(`${variable} `) || p.startsWith(`${variable}:`)),
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
        'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0a2V5;EndpointSuffix=core.windows.net',
    });
    assert.ok(secretsOf(config).includes('tok-123456'));
    assert.ok(secretsOf(config).includes('c2VjcmV0a2V5'));
  });

  describe('AZURE_STORAGE_CONNECTION_STRING', () => {
    const key = 'c2VjcmV0LWtleS12YWx1ZS1vZi1lbm91Z2gtbGVuZ3Ro';
    for (const [what, value] of [
      ['not key=value pairs', 'just some text'],
      ['no DefaultEndpointsProtocol beside an AccountKey', `AccountName=acct;AccountKey=${key}`],
      [
        'a protocol other than http(s)',
        `DefaultEndpointsProtocol=ftp;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`,
      ],
      ['no AccountName', `DefaultEndpointsProtocol=https;AccountKey=${key};EndpointSuffix=core.windows.net`],
      [
        'an AccountKey that is not base64',
        `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=not a key!;EndpointSuffix=core.windows.net`,
      ],
      [
        'a BlobEndpoint that is not a URL',
        `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};BlobEndpoint=not a url`,
      ],
      ['no endpoint at all', `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key}`],
      ['a SAS form without its signature', 'BlobEndpoint=https://acct.blob.core.windows.net'],
    ] as const) {
      it(`is refused when malformed: ${what}, naming the variable and never the key`, () => {
        const problems = problemsOf({ AZURE_STORAGE_CONNECTION_STRING: value });
        assert.ok(
          problems.some((p) => p.startsWith('AZURE_STORAGE_CONNECTION_STRING ')),
          JSON.stringify(problems),
        );
        assert.ok(problems.every((p) => !p.includes(key) && !p.includes('not a key!')));
      });
    }

    it('accepts the usual forms', () => {
      for (const value of [
        `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`,
        `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`,
        'BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2024-01-01&sig=abc%3D',
        'UseDevelopmentStorage=true',
      ]) {
        assert.equal(
          loadConfig({ AZURE_STORAGE_CONNECTION_STRING: value }).AZURE_STORAGE_CONNECTION_STRING,
          value,
        );
      }
    });

    it('is required in production (the embedded Azurite would split state between instances)', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      assert.ok(
        problems.some((p) => p.startsWith('AZURE_STORAGE_CONNECTION_STRING is required in production')),
      );
      assert.doesNotThrow(() => loadConfig({ NODE_ENV: 'development' }));
    });
  });

  describe('CHANNELS_FILE and COMMUNITIES_FILE', () => {
    it('a file that does not exist: "not found", naming the variable', () => {
      const problems = problemsOf({
        CHANNELS_FILE: '/no/such/channels.json',
        COMMUNITIES_FILE: '/no/such/communities.geojson',
      });
      assert.ok(
        problems.some((p) => /^CHANNELS_FILE: file not found \(\/no\/such\/channels\.json\)/.test(p)),
      );
      assert.ok(
        problems.some((p) => /^COMMUNITIES_FILE: file not found/.test(p)),
        JSON.stringify(problems),
      );
    });

    it('a file this process may not read: "not readable (permission denied)"', function () {
      const file = tempFile('channels.json', JSON.stringify({ channels: [CLOUD_ENTRY] }));
      chmodSync(file, 0o000);
      let readable = true;
      try {
        readFileSync(file);
      } catch {
        readable = false;
      }
      let problems: string[];
      if (readable) {
        // Running as root: mode 000 does not stop reading, so the EACCES branch is driven by the reader.
        console.log('      (root: chmod 000 does not prevent reading; EACCES comes from an injected reader)');
        problems = channelProblems({ CHANNELS_FILE: file }, () => {
          throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
        });
      } else {
        problems = problemsOf({ CHANNELS_FILE: file });
      }
      assert.ok(
        problems.some((p) => p.startsWith('CHANNELS_FILE: file not readable (permission denied)')),
        JSON.stringify(problems),
      );
      assert.ok(problems.every((p) => !/not found|JSON/.test(p)));
    });

    it("a JSON syntax error: its line and column, and nothing of the file's content", () => {
      const text = [
        '{ "channels": [',
        '  { "type": "whatsapp", "phoneNumberId": "111", "accessToken": "EAAfile-secret-token"',
        '    "appSecret": "file-app-secret", "verifyToken": "v" }',
        '] }',
      ].join('\n');
      const problems = channelProblems({ CHANNELS_FILE: tempFile('channels.json', text) });
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(
        problems[0] ?? '',
        /^CHANNELS_FILE: not valid JSON at line 3, column 5: expected ',' or '}'/,
      );
      assert.ok(!problems[0]?.includes('EAAfile-secret-token') && !problems[0]?.includes('file-app-secret'));
    });

    it('names the line and column of other syntax errors too', () => {
      for (const [text, where] of [
        ['{\n  "channels": [],\n}', 'line 3, column 1'],
        ['{ "channels": [ { "type": "whatsapp", } ] }', 'line 1, column 39'],
        ['{ "channels": [\n', 'line 2, column 1'],
        ['{ "channels": "unterminated }', 'line 1, column 15'],
        ["{ 'channels': [] }", 'line 1, column 3'],
      ] as const) {
        const problems = channelProblems({ CHANNELS_FILE: tempFile('channels.json', text) });
        assert.match(
          problems[0] ?? '',
          new RegExp(`not valid JSON at ${where}:`),
          `${text} → ${problems[0]}`,
        );
      }
    });

    it('refuses an unknown key in an entry, naming the entry and the key', () => {
      const text = JSON.stringify({
        channels: [CLOUD_ENTRY, { ...CLOUD_ENTRY, phoneNumberId: '222', messagesPerSecnd: 20 }],
      });
      const problems = channelProblems({ CHANNELS_FILE: tempFile('channels.json', text) });
      assert.ok(
        problems.some((p) => p.includes('channels[1]') && p.includes('"messagesPerSecnd"')),
        JSON.stringify(problems),
      );
      assert.ok(problems.every((p) => !p.includes('EAAfile-secret-token')));
    });
  });

  it('refuses a Key Vault reference App Service did not resolve, naming the variable, not the reference', () => {
    const reference = '@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/token/)';
    const problems = problemsOf({ WHATSAPP_ACCESS_TOKEN: reference, MESSENGER_APP_SECRET: ` ${reference}` });
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assert.ok(problems.every((p) => /Key Vault reference App Service did not resolve/.test(p)));
    assert.ok(
      problems[0]?.startsWith('WHATSAPP_ACCESS_TOKEN ') && problems[1]?.startsWith('MESSENGER_APP_SECRET '),
    );
    assert.ok(problems.every((p) => !p.includes('vault.azure.net')));
  });

  describe('CHANNELS_JSON: the same JSON as CHANNELS_FILE, held by the variable', () => {
    // A page with the number's app secret and verify token (one Meta app).
    const { phoneNumberId: _number, accessToken: _token, ...app } = CLOUD_ENTRY;
    const MESSENGER_ENTRY = { ...app, type: 'messenger', pageId: '333', pageAccessToken: 'EAApage-token' };

    it('gives the same numbers and pages as the file with the same text', () => {
      const text = JSON.stringify({ channels: [CLOUD_ENTRY, MESSENGER_ENTRY] });
      const fromFile = loadChannels(loadConfig({ CHANNELS_FILE: tempFile('channels.json', text) }));
      const fromVariable = loadChannels(loadConfig({ CHANNELS_JSON: text }));
      assert.deepEqual(fromVariable, fromFile);
      assert.deepEqual(
        fromVariable.whatsapp.map((n) => n.phoneNumberId),
        ['111'],
      );
      assert.deepEqual(
        fromVariable.messenger.map((p) => p.pageId),
        ['333'],
      );
    });

    it('reports the same problems as the file, naming CHANNELS_JSON and quoting no secret', () => {
      const cases = [
        '{ "channels": [ { "type": "whatsapp", } ] }',
        JSON.stringify({
          channels: [CLOUD_ENTRY, { ...CLOUD_ENTRY, phoneNumberId: '222', messagesPerSecnd: 20 }],
        }),
        JSON.stringify({ channels: [{ ...CLOUD_ENTRY, accessToken: '' }] }),
        JSON.stringify({ channels: [CLOUD_ENTRY, CLOUD_ENTRY] }),
      ];
      for (const text of cases) {
        const fromFile = channelProblems({ CHANNELS_FILE: tempFile('channels.json', text) });
        const fromVariable = channelProblems({ CHANNELS_JSON: text });
        assert.ok(fromVariable.length > 0);
        assert.deepEqual(
          fromVariable,
          fromFile.map((p) =>
            p.replace(/^CHANNELS_FILE/, 'CHANNELS_JSON').replace(/ \([^)]*channels\.json\)$/, ''),
          ),
          text,
        );
        assert.ok(
          fromVariable.every((p) => !p.includes('EAAfile-secret-token') && !p.includes('file-app-secret')),
        );
      }
    });

    it('refuses CHANNELS_FILE and CHANNELS_JSON at once, and keeps the variable out of logs', () => {
      const text = JSON.stringify({ channels: [CLOUD_ENTRY] });
      const problems = problemsOf({ CHANNELS_FILE: tempFile('channels.json', text), CHANNELS_JSON: text });
      assert.ok(
        problems.some((p) => /CHANNELS_FILE and CHANNELS_JSON are both set/.test(p)),
        JSON.stringify(problems),
      );
      assert.ok(secretsOf(loadConfig({ CHANNELS_JSON: text })).includes(text));
    });
  });
});
