/**
 * A real headless Chromium for the console's tests: Debian's `chromium` (`.ci/run` installs it), or the
 * one `CHROMIUM_PATH` names, driven by playwright-core (no browser download). One browser per suite, a
 * fresh context (session storage, downloads) per test.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find(
    (path): path is string => path !== undefined && path !== '' && existsSync(path),
  );
  if (found === undefined)
    throw new Error(
      `No Chromium found (${CANDIDATES.join(', ')}): install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`,
    );
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Voice notes play without a click of a person; no sandbox inside CI containers run as root.
    args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox', '--disable-dev-shm-usage'],
  });
}
