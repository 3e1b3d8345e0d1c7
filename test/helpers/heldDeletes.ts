/**
 * Documents whose deletes can be held back: a delete of a name the test picks waits until the test lets
 * it go, so a race that timing seldom shows (a slow writer's delete landing after a faster writer's
 * whole change) happens every run. Everything else goes straight to the real documents underneath.
 */
import type { EtagDocuments } from '../../src/durable/storage/documentStore';

export interface HeldDeletes {
  documents: EtagDocuments;
  /** Holds the next deletes of names `matches` picks; resolves `held` once one is waiting. */
  hold(matches: (name: string) => boolean): { held: Promise<void>; release: () => void };
}

export function heldDeletes(inner: EtagDocuments): HeldDeletes {
  let gate: { matches: (name: string) => boolean; opened: Promise<void>; arrived: () => void } | undefined;
  const documents: EtagDocuments = {
    getJson: (name, schema) => inner.getJson(name, schema),
    putJson: (name, value, condition) => inner.putJson(name, value, condition),
    createJson: (name, value) => inner.createJson(name, value),
    list: (prefix) => inner.list(prefix),
    listPage: (prefix, options) => inner.listPage(prefix, options),
    async delete(name, condition) {
      if (gate?.matches(name)) {
        gate.arrived();
        await gate.opened;
      }
      return inner.delete(name, condition);
    },
  };
  return {
    documents,
    hold(matches) {
      let release = () => {};
      let arrived = () => {};
      const opened = new Promise<void>((resolve) => (release = resolve));
      const held = new Promise<void>((resolve) => (arrived = resolve));
      gate = { matches, opened, arrived };
      return {
        held,
        release: () => {
          gate = undefined;
          release();
        },
      };
    },
  };
}
