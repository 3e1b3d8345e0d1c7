/**
 * Fair admission of conversation drains to the process's turn slots. A drain asks for a slot on behalf
 * of a group, the source that made the conversation ready: one webhook (a batch record included), or the
 * recovery sweep. Free slots go round robin across the groups that wait, first come first served within
 * a group, so no webhook, batch or channel can hold everyone else back however much it brought.
 *
 * The bound: a drain that asks for a slot while G other groups have drains waiting is admitted after at
 * most G other admissions (at most one from each of those groups), whatever they hold. A person whose
 * webhook brought only their own message is admitted after at most one conversation of any batch queued
 * before them; the turns already running (at most the number of slots) come on top, since nothing
 * pre-empts them.
 */
export class FairAdmission {
  private active = 0;
  /** Waiting drains by group; the map's order is the rotation (the next group to serve is first). */
  private readonly waiting = new Map<string, (() => void)[]>();

  /** `slots()` is read at every admission (it may change, e.g. during an intake burst). */
  constructor(private readonly slots: () => number) {}

  /** Runs `work` in a slot once the group's turn in the rotation comes. */
  async run<T>(group: string, work: () => Promise<T>): Promise<T> {
    await new Promise<void>((admitted) => {
      const line = this.waiting.get(group);
      if (line) line.push(admitted);
      else this.waiting.set(group, [admitted]);
      this.admit();
    });
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.admit();
    }
  }

  /** Drains waiting for a slot (for diagnostics and tests). */
  get queued(): number {
    let sum = 0;
    for (const line of this.waiting.values()) sum += line.length;
    return sum;
  }

  /** Fills free slots: the first group in the rotation is served once, then goes to its end. */
  private admit(): void {
    while (this.active < this.slots()) {
      const first = this.waiting.entries().next();
      if (first.done === true) return;
      const [group, line] = first.value;
      const next = line.shift();
      this.waiting.delete(group);
      if (line.length > 0) this.waiting.set(group, line);
      if (next) {
        this.active += 1;
        next();
      }
    }
  }
}
