import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import { PageHeader } from "../page-header";
import { RoleBadge } from "../role-badge";
import { isAdmin, useCurrentUser } from "../session";
import { AutomationSettingsCard } from "./settings/automation-settings-card";
import { ChangePasswordCard } from "./settings/change-password-card";
import { CustomerFlagsCard } from "./settings/customer-flags-card";
import { EscalationWordsCard } from "./settings/escalation-words-card";
import { OpenPhoneConnectionCard } from "./settings/openphone-connection-card";
import { SatisfactionTextCard } from "./settings/satisfaction-text-card";
import { UserManagement } from "./settings/user-management";

export function SettingsPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          isAdmin(user)
            ? "Your account, automation and the people who can use Playbook."
            : "Your account and how automation is set up."
        }
      />
      <Stack gap="lg">
        <Paper withBorder p="lg" radius="md">
          <Title order={2} size="h4" mb="xs">
            Your account
          </Title>
          <Group gap="sm">
            <Text fw={500}>{user.name}</Text>
            <Text c="dimmed">{user.email}</Text>
            <RoleBadge role={user.role} />
          </Group>
        </Paper>
        <ChangePasswordCard email={user.email} />
        <AutomationSettingsCard />
        <EscalationWordsCard />
        <SatisfactionTextCard />
        <OpenPhoneConnectionCard />
        <CustomerFlagsCard />
        {isAdmin(user) && <UserManagement />}
      </Stack>
    </>
  );
}
