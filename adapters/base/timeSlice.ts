/**
 * Cooperative slicing of long synchronous loops: `pause()` returns a promise to await (the event loop runs
 * what waits, `/healthz` included) once `sliceMs` of work has passed since the last pause, and `undefined`
 * otherwise, so the loop over a 20,000-item webhook costs the server at most `sliceMs` at a stretch.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export const DEFAULT_SLICE_MS = 10;

export function timeSlicer(sliceMs = DEFAULT_SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}
