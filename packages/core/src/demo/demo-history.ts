// A small made-up history for trying Playbook without OpenPhone: a golf-simulator business whose operators answer
// six kinds of question, eight customers each, in the import's CSV layout. Pure: the same day gives the same file.
// The customers' numbers are in 555-01XX, the range kept for fiction, so they are never anyone's phone.

const INTENTS: { questions: string[]; answer: string }[] = [
  {
    questions: [
      "What time do you open on Sunday?",
      "are you open tomorrow morning?",
      "what are your hours this weekend",
      "When do you close tonight?",
      "Open on Saturdays?",
      "what time do you open",
      "hours today?",
      "How late are you open on Friday?",
    ],
    // In words: two times of day in one answer are learned as one value (a finding, left to the engine's owners).
    answer:
      "We're open every day from nine in the morning until eleven at night, weekends included.",
  },
  {
    questions: [
      "What's the door code?",
      "I'm at the door, how do I get in?",
      "door code please",
      "can't get in, what's the code",
      "Forgot the entry code",
      "how do I get into the building after 9",
      "what's the code for the front door",
      "locked out, need the code",
    ],
    answer:
      "The door code is in your booking confirmation email. Reply here if you can't find it and we'll resend it.",
  },
  {
    questions: [
      "Can I book a bay for tomorrow at 6?",
      "Do you have a bay free Saturday afternoon?",
      "I'd like to book a simulator for 4 people",
      "how do I reserve a bay",
      "any bays available tonight?",
      "can I book for Friday evening",
      "want to book a session next week",
      "Is there room for 2 on Sunday morning?",
    ],
    answer: "You can book any free bay on our website; bookings open 14 days ahead.",
  },
  {
    questions: [
      "Do you sell gift cards?",
      "can I buy a gift certificate",
      "gift card for my dad?",
      "Do you have vouchers",
      "how do I buy a gift card online",
      "gift cards available?",
      "I want to get a gift card for a friend",
      "Can I give a session as a present?",
    ],
    answer: "Yes! Gift cards are sold at the front desk or on our website, in any amount.",
  },
  {
    questions: [
      "The simulator in our bay froze",
      "screen is frozen",
      "the sim isn't tracking my shots",
      "the projector stopped working",
      "The software crashed mid round",
      "simulator stuck on loading",
      "ball tracking is off in our bay",
      "our screen went black",
    ],
    answer:
      "Sorry about that! Press the reset button on the side of the tablet and wait 30 seconds; your session time is paused while it restarts.",
  },
  {
    questions: [
      "How much is an hour?",
      "what are your rates",
      "price for a bay for 2 hours?",
      "How much does it cost",
      "what do you charge per hour",
      "is it cheaper on weekdays",
      "rates for 4 players?",
      "how much for a bay tonight",
    ],
    answer:
      "A bay is cheaper on weekdays before 4pm than in the evenings and at weekends, for up to 6 players; the prices are on our website.",
  },
];

// Questions that sound like one of the six but got another answer: Playbook proposes the usual answer and learns
// from the operator that it was wrong, so its track record holds wrong proposals too and its probabilities can be
// calibrated (which needs right and wrong ones).
const EXCEPTIONS: { question: string; answer: string }[] = [
  {
    question: "What time do you open on Christmas Day?",
    answer: "We're closed on Christmas Day and open again on Boxing Day.",
  },
  {
    question: "Do you sell gift cards for the bar?",
    answer: "Gift cards cover bay time only; the bar isn't included, sorry.",
  },
  {
    question: "Can I book a bay for a work party of 30 people?",
    answer:
      "For groups over 12 we put together an events package; tell us the date and we'll send options.",
  },
  {
    question: "How much for a birthday party?",
    answer:
      "Birthday packages include two bays and pizza; tell us the date and we'll send the options.",
  },
  {
    question: "The door code isn't working",
    answer: "Sorry! The code changes at midnight; we've just sent today's code to your email.",
  },
  {
    question: "The simulator froze and we lost 20 minutes",
    answer: "So sorry! We've added 30 minutes of credit to your account for next time.",
  },
];

const FIRST_NAMES = [
  "Avery",
  "Blake",
  "Casey",
  "Devon",
  "Emery",
  "Finley",
  "Harper",
  "Jordan",
  "Kendall",
  "Logan",
  "Morgan",
  "Parker",
];
const LAST_NAMES = ["Reid", "Quinn", "Hayes", "Lowe", "Marsh", "Price", "Shaw", "Wells"];
const OPERATORS = ["Dana", "Sam"];

export const DEMO_FILE_NAME = "playbook-demo-history.csv";
/** The made-up customer who writes the test messages. */
export const DEMO_TEST_CUSTOMER = { phone: "+15555550199", name: "Riley Demo" };
export const DEMO_TEST_MESSAGE = "hi, what time do you open on saturday?";

export interface DemoCustomer {
  phone: string;
  name: string;
}

const PER_INTENT = INTENTS[0]!.questions.length;

export function demoCustomers(): DemoCustomer[] {
  const count = INTENTS.length * PER_INTENT + EXCEPTIONS.length;
  return [
    ...Array.from({ length: count }, (_, i) => ({
      phone: `+1555555${String(100 + i).padStart(4, "0")}`,
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[i % LAST_NAMES.length]}`,
    })),
    DEMO_TEST_CUSTOMER,
  ];
}

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The exchanges in the order they happened: half the rounds of usual questions, the exceptions, the rest. */
function demoExchanges(): { question: string; answer: string; customer: number }[] {
  const round = (r: number) =>
    INTENTS.map((intent, k) => ({
      question: intent.questions[r]!,
      answer: intent.answer,
      customer: k * PER_INTENT + r,
    }));
  const rounds = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => round(from + i)).flat();
  return [
    ...rounds(0, PER_INTENT / 2),
    ...EXCEPTIONS.map((e, i) => ({ ...e, customer: INTENTS.length * PER_INTENT + i })),
    ...rounds(PER_INTENT / 2, PER_INTENT),
  ];
}

/**
 * The history as CSV: each customer asks once and an operator answers a few minutes later, in the business's
 * style (a greeting with the customer's first name, sometimes a sign-off), over the 45 days before `now`.
 */
export function buildDemoHistoryCsv(now: Date): string {
  const customers = demoCustomers();
  const lines = [
    "message_id,conversation_id,sent_at,direction,customer_phone,customer_name,operator,body",
  ];
  const start = now.getTime() - 45 * 86_400_000;
  demoExchanges().forEach((exchange, n) => {
    const customer = customers[exchange.customer]!;
    const operator = OPERATORS[n % OPERATORS.length]!;
    const askedAt = new Date(start + n * 19 * 3_600_000);
    const answeredAt = new Date(askedAt.getTime() + (2 + (n % 5)) * 60_000);
    const first = customer.name.split(" ")[0]!;
    const reply = `${n % 3 === 0 ? "" : `Hi ${first}, `}${exchange.answer}${n % 4 === 1 ? ` - ${operator}` : ""}`;
    for (const [suffix, at, direction, body] of [
      ["q", askedAt, "inbound", exchange.question],
      ["a", answeredAt, "outbound", reply],
    ] as const) {
      lines.push(
        [
          `demo-${n}-${suffix}`,
          `demo-c${n}`,
          at.toISOString(),
          direction,
          customer.phone,
          customer.name,
          direction === "outbound" ? operator : "",
          body,
        ]
          .map(quote)
          .join(","),
      );
    }
  });
  return `${lines.join("\n")}\n`;
}
