import type { Role } from "../../trpc";

export const roleOptions: { value: Role; label: string }[] = [
  { value: "admin", label: "Admin" },
  { value: "operator", label: "Operator" },
  { value: "viewer", label: "Viewer" },
];

export function isRole(value: string | null): value is Role {
  return roleOptions.some((option) => option.value === value);
}
