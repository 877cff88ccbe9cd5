import { Badge } from "@mantine/core";
import type { Role } from "./trpc";

const roleColors: Record<Role, string> = {
  admin: "grape",
  operator: "blue",
  viewer: "gray",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={roleColors[role]} size="sm">
      {role}
    </Badge>
  );
}
