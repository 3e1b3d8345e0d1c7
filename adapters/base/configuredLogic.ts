/**
 * The bot logic of a webhook adapter, given once, at construction: what every recorded event runs, those
 * the recovery sweep finds included (maybe in another process, after a restart). It is checked at run time
 * too: a JavaScript caller may leave it out, and an event found by the sweep would then run as a no-op and
 * be marked done. Logic given to `process` (botbuilder's shape) does not replace it: it is ignored, and
 * said so once.
 */
import type { Logger } from '../../src/core/log';
import type { TurnLogic } from './channelAdapter';

export class ConfiguredLogic {
  readonly run: TurnLogic;
  private warned = false;

  /** `adapter`: the adapter's class, named in the error when `logic` is missing. */
  constructor(adapter: string, logic: TurnLogic | undefined) {
    if (typeof logic !== 'function')
      throw new TypeError(
        `${adapter} needs options.logic: the bot logic every recorded event runs (those found by the recovery sweep too)`,
      );
    this.run = logic;
  }

  /** Logic a webhook call was given: ignored, with a warning the first time it is not the configured one. */
  ignore(given: TurnLogic | undefined, channel: string, log: Logger): void {
    if (typeof given !== 'function' || given === this.run || this.warned) return;
    this.warned = true;
    log.warn(
      `${channel}: process() was given bot logic other than options.logic; it is ignored, recorded events run options.logic`,
    );
  }
}
