// The file field of a history upload: a .csv file, cleared and locked like the form around it.
import { FileInput } from "@mantine/core";
import { IconFileTypeCsv } from "@tabler/icons-react";

export function CsvFileInput({
  label,
  value,
  onChange,
  disabled,
}: {
  label: string;
  value: File | null;
  onChange: (file: File | null) => void;
  disabled: boolean;
}) {
  return (
    <FileInput
      label={label}
      placeholder="Choose a .csv file"
      accept=".csv,text/csv"
      leftSection={<IconFileTypeCsv size={18} />}
      value={value}
      onChange={onChange}
      disabled={disabled}
      clearable
      style={{ flex: 1 }}
    />
  );
}
