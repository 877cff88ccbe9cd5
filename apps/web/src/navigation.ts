// The dashboard's sections, in navbar order; an item is hidden from roles below its `minRole`
// (the API enforces the same rule on every call).
import {
  IconActivity,
  IconChartArrowsVertical,
  IconClipboardList,
  IconFileImport,
  IconFlask,
  IconHistory,
  IconInbox,
  IconLayoutDashboard,
  IconListCheck,
  IconRoute,
  IconSettings,
  IconTestPipe,
  type Icon,
} from "@tabler/icons-react";
import type { Role } from "./trpc";

export interface NavItem {
  path: string;
  label: string;
  icon: Icon;
  minRole: Role;
  /** Set while the page is a placeholder for a module that is not built yet. */
  planned: boolean;
}

export interface NavGroup {
  label: string | null;
  items: NavItem[];
}

export const navGroups: NavGroup[] = [
  {
    label: null,
    items: [
      {
        path: "/",
        label: "Overview",
        icon: IconLayoutDashboard,
        minRole: "viewer",
        planned: false,
      },
    ],
  },
  {
    label: "Replies",
    items: [
      { path: "/inbox", label: "Inbox", icon: IconInbox, minRole: "viewer", planned: false },
      { path: "/queue", label: "Queue", icon: IconListCheck, minRole: "viewer", planned: false },
      { path: "/patterns", label: "Patterns", icon: IconRoute, minRole: "viewer", planned: false },
      {
        path: "/playground",
        label: "Playground",
        icon: IconFlask,
        minRole: "operator",
        planned: false,
      },
      { path: "/replay", label: "Replay", icon: IconHistory, minRole: "viewer", planned: false },
      {
        path: "/experiments",
        label: "Experiments",
        icon: IconTestPipe,
        minRole: "viewer",
        planned: false,
      },
    ],
  },
  {
    label: "Growth",
    items: [
      {
        path: "/growth",
        label: "Growth",
        icon: IconChartArrowsVertical,
        minRole: "viewer",
        planned: false,
      },
    ],
  },
  {
    label: "Administration",
    items: [
      { path: "/import", label: "Import", icon: IconFileImport, minRole: "viewer", planned: false },
      {
        path: "/settings",
        label: "Settings",
        icon: IconSettings,
        minRole: "viewer",
        planned: false,
      },
      { path: "/status", label: "Status", icon: IconActivity, minRole: "viewer", planned: false },
      { path: "/audit", label: "Audit", icon: IconClipboardList, minRole: "admin", planned: false },
    ],
  },
];
