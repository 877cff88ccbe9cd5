// Made-up customers for generated histories: stable details per index, numbers in the never-assigned 555 range.

const firstNames = [
  "Sam",
  "Alex",
  "Jordan",
  "Taylor",
  "Morgan",
  "Riley",
  "Casey",
  "Jamie",
  "Chris",
  "Pat",
  "Devon",
  "Avery",
  "Liam",
  "Noah",
  "Emma",
  "Olivia",
  "Ava",
  "Mia",
  "Lucas",
  "Ethan",
  "Sophie",
  "Chloe",
  "Owen",
  "Jack",
];
const lastNames = [
  "MacDonald",
  "Smith",
  "Campbell",
  "MacLeod",
  "Fraser",
  "Murphy",
  "Wilson",
  "LeBlanc",
  "Cormier",
  "Boudreau",
  "Gallant",
  "Hiltz",
  "Chisholm",
  "Brown",
  "Martin",
  "Young",
];

export interface SyntheticCustomer {
  phone: string;
  /** null for a number the business has no name for (one in seven). */
  firstName: string | null;
  fullName: string | null;
  /** Like OpenPhone's, one id per customer thread: the importer still has to split it into conversations. */
  threadId: string;
}

export function syntheticCustomer(index: number): SyntheticCustomer {
  const firstName = index % 7 === 6 ? null : (firstNames[index % firstNames.length] ?? null);
  return {
    phone: `+1555${String(100_000 + index).padStart(7, "0")}`,
    firstName,
    fullName:
      firstName === null ? null : `${firstName} ${lastNames[(index * 7) % lastNames.length]}`,
    threadId: `CN${String(index).padStart(7, "0")}`,
  };
}
