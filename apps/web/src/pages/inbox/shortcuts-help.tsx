// The inbox's keyboard shortcuts, shown with "?".
import { Kbd, Modal, Table } from "@mantine/core";

const shortcuts: [string, string][] = [
  ["j / k", "Next / previous conversation"],
  ["a", "Accept the proposed reply"],
  ["e", "Edit the proposed reply in the composer"],
  ["r", "Reject the proposed reply (then 1–4 for the reason)"],
  ["Enter", "Write a reply; in the composer, send it"],
  ["Shift + Enter", "New line in the composer"],
  ["Esc", "Leave the composer, or cancel a rejection"],
  ["?", "Show this list"],
];

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      <Table aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {shortcuts.map(([keys, action]) => (
            <Table.Tr key={keys}>
              <Table.Td w={130}>
                <Kbd size="xs">{keys}</Kbd>
              </Table.Td>
              <Table.Td>{action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
