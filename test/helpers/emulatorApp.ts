/**
 * The real app (`startTestApp`) and a fake connector to catch the replies of `/api/messages`, both
 * started before a suite's tests and stopped after them. Call it inside `describe`; its `app` and
 * `connector` are there once the suite's `before` hooks ran.
 */
import { FakeConnector } from './fakeConnector';
import { suiteFixture } from './suiteFixture';
import { startTestApp, type TestApp } from './testApp';

export interface EmulatorApp {
  readonly app: TestApp;
  readonly connector: FakeConnector;
}

export function emulatorApp(
  env: Record<string, string> = {},
  deps: Parameters<typeof startTestApp>[1] = {},
): EmulatorApp {
  const started = suiteFixture(
    async () => {
      const connector = await FakeConnector.start();
      return { connector, app: await startTestApp(env, deps) };
    },
    async ({ app, connector }) => {
      await app.stop();
      await connector.stop();
    },
  );
  return {
    get app() {
      return started().app;
    },
    get connector() {
      return started().connector;
    },
  };
}
