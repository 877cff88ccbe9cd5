// Alerts in the browser's own notifications, for operators who opt in: an escalation, a reply waiting too long,
// a failed send, the kill switch. Each shows once per alert (the tag), and a click opens the conversation.
import { Button, Tooltip } from "@mantine/core";
import { IconBell, IconBellOff } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { onLiveAlert } from "./live-connection";

const OPT_IN_KEY = "playbook.browserAlerts";

const titles: Record<string, string> = {
  escalation: "A customer needs a person",
  waiting: "A reply is waiting for review",
  send_failed: "A reply could not be sent",
  kill_switch: "Kill switch pulled: automation is off",
};

const supported = () => typeof window !== "undefined" && "Notification" in window;

function optedIn(): boolean {
  return (
    supported() &&
    Notification.permission === "granted" &&
    localStorage.getItem(OPT_IN_KEY) === "on"
  );
}

/** Shows alerts as browser notifications while the user has opted in. */
export function useBrowserAlerts(): void {
  const navigate = useNavigate();
  useEffect(
    () =>
      onLiveAlert((event) => {
        if (!optedIn()) return;
        const notification = new Notification(titles[event.alertKind] ?? "Playbook alert", {
          body: event.conversationId
            ? "Click to open the conversation."
            : "Click to open Playbook.",
          tag: event.alertKey,
        });
        notification.onclick = () => {
          window.focus();
          void navigate(event.conversationId ? `/inbox/${event.conversationId}` : "/settings");
          notification.close();
        };
      }),
    [navigate],
  );
}

/** The opt-in: asks the browser's permission once, then turns alerts on and off. */
export function BrowserAlertsButton() {
  const [on, setOn] = useState(optedIn);
  if (!supported()) return null;
  const denied = Notification.permission === "denied";
  const toggle = async () => {
    if (on) {
      localStorage.setItem(OPT_IN_KEY, "off");
      setOn(false);
      return;
    }
    const permission =
      Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
    if (permission === "granted") localStorage.setItem(OPT_IN_KEY, "on");
    setOn(optedIn());
  };
  return (
    <Tooltip
      label={
        denied
          ? "This browser blocks Playbook's notifications; allow them in the site settings"
          : on
            ? "Stop alerts in this browser"
            : "Escalations, long waits, failed sends and the kill switch, as browser notifications"
      }
    >
      <Button
        variant="default"
        size="xs"
        disabled={denied}
        leftSection={on ? <IconBell size={16} /> : <IconBellOff size={16} />}
        onClick={() => void toggle()}
        data-testid="browser-alerts"
        visibleFrom="sm"
      >
        {on ? "Alerts on" : "Turn on alerts"}
      </Button>
    </Tooltip>
  );
}
