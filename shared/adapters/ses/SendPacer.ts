/**
 * Spaces calls at least `1 / perSecond` seconds apart within this process: a steady pace under
 * the SES account's maximum send rate instead of bursts that come back as throttling.
 */
export class SendPacer {
  private nextSlotMs = 0;

  constructor(
    private readonly perSecond: number,
    private readonly nowMs: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(perSecond > 0)) throw new Error(`A send rate must be above 0, not ${perSecond}`);
  }

  /** Resolves at this caller's slot; callers that arrive together are served one interval apart. */
  async acquire(): Promise<void> {
    const now = this.nowMs();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + 1000 / this.perSecond;
    if (slot > now) await this.sleep(slot - now);
  }
}
