// Checks alerts at once when the database says something alert-worthy happened (an escalation, a failed send,
// a settings change such as the kill switch), instead of waiting for the worker's next minute. Every API process
// may do this: the alerts lock and the alert keys keep it to one message per alert.
import {
  mayRaiseAlert,
  runAlerts,
  type InboxEvent,
  type Logger,
  type ReplyEngine,
} from "@playbook/core";

const DEBOUNCE_MS = 100;
/** When another process holds the alerts lock it may have looked before this commit: look again after it. */
const BUSY_RETRY_MS = 1_500;

export function createAlertTrigger(engine: ReplyEngine, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = async () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const result = await runAlerts(engine.database, engine.alerts, engine.now(), logger);
        if (result === null) schedule(BUSY_RETRY_MS);
      } catch (error) {
        // The worker's alerts job runs every minute and picks up whatever this missed.
        logger.error({ err: error }, "checking alerts failed");
      }
    })();
    await running;
    running = null;
    if (again) {
      again = false;
      schedule(DEBOUNCE_MS);
    }
  };

  const schedule = (ms: number) => {
    if (stopped || timer) return;
    timer = setTimeout(() => void run(), ms);
    timer.unref();
  };

  return {
    observe(event: InboxEvent) {
      if (mayRaiseAlert(event)) schedule(DEBOUNCE_MS);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
