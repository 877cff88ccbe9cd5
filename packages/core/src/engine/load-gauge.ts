// How many webhook deliveries this process is in the middle of acknowledging. Background work (deciding stored
// events) waits while many are, so acknowledging stays fast in a burst and the backlog is worked off after it.
// Counting requests, not measuring the event loop: the background work's own load must not pause itself.
export class LoadGauge {
  private inFlight = 0;

  constructor(private readonly busyAbove = 4) {}

  /** Call when a delivery arrives; call the returned function once it has been answered. */
  enter(): () => void {
    this.inFlight += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight -= 1;
    };
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  busy(): boolean {
    return this.inFlight > this.busyAbove;
  }
}
