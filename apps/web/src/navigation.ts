// The dashboard's sections, in navbar order; `adminOnly` items are hidden from other roles
// (the API enforces the same rule on every call).
import {
  IconChartArrowsVertical,
  IconClipboardList,
  IconFlask,
  IconHistory,
  IconInbox,
  IconLayoutDashboard,
  IconListCheck,
  IconRoute,
  IconSettings,
  type Icon,
} from "@tabler/icons-react";

export interface NavItem {
  path: string;
  label: string;
  icon: Icon;
  adminOnly: boolean;
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
      { path: "/", label: "Overview", icon: IconLayoutDashboard, adminOnly: false, planned: false },
    ],
  },
  {
    label: "Replies",
    items: [
      { path: "/inbox", label: "Inbox", icon: IconInbox, adminOnly: false, planned: true },
      { path: "/queue", label: "Queue", icon: IconListCheck, adminOnly: false, planned: true },
      { path: "/patterns", label: "Patterns", icon: IconRoute, adminOnly: false, planned: true },
      { path: "/playground", label: "Playground", icon: IconFlask, adminOnly: true, planned: true },
      { path: "/replay", label: "Replay", icon: IconHistory, adminOnly: true, planned: true },
    ],
  },
  {
    label: "Growth",
    items: [
      {
        path: "/growth",
        label: "Growth",
        icon: IconChartArrowsVertical,
        adminOnly: false,
        planned: true,
      },
    ],
  },
  {
    label: "Administration",
    items: [
      {
        path: "/settings",
        label: "Settings",
        icon: IconSettings,
        adminOnly: false,
        planned: false,
      },
      { path: "/audit", label: "Audit", icon: IconClipboardList, adminOnly: true, planned: false },
    ],
  },
];
