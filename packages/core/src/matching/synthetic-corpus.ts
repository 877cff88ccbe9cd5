// Deterministic, realistic golf-simulator SMS questions for benchmarks and tests of the matcher (no real data).

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1); the same seed always gives the same sequence. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

// Slot values as "a|b|c" so the lists stay compact.
function list(values: string): readonly string[] {
  return values.split("|");
}

const slotValues = {
  loc: list(
    "bedford|dartmouth|halifax|truro|bayers lake|clayton park|sackville|windsor|kentville|" +
      "antigonish|sydney|moncton|fredericton|saint john|charlottetown|summerside|yarmouth|" +
      "lunenburg|wolfville|amherst|new glasgow|bridgewater|digby|stellarton",
  ),
  day: list(
    "today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|" +
      "this weekend|next week|friday night|saturday morning|sunday afternoon|christmas eve|" +
      "boxing day|new years eve|thanksgiving|the long weekend|march break",
  ),
  time: list("7pm|8pm|6:30|noon|9am|10am|11am|1pm|2pm|3pm|4pm|5pm|9pm|10pm|11:30|midnight"),
  bay: list(
    "bay 1|bay 2|bay 3|bay 4|bay 5|bay 6|bay 7|bay 8|bay 9|bay 10|bay 11|bay 12|" +
      "the lefty bay|the big bay|the corner bay|the vip suite",
  ),
  group: list(
    "2 people|3 of us|four guys|a group of 6|8 people|my dad and me|10 coworkers|" +
      "a few friends|my son and his buddies|our hockey team|a couple|12 adults|my wife and i",
  ),
  amount: list("$25|$50|$75|$100|$150|$200|$250|$300|$40|$60"),
  payment: list("visa|mastercard|amex|debit|apple pay|cash|e-transfer|google pay|paypal"),
  relation: list("dad|mom|husband|wife|boss|brother|sister|grandpa|girlfriend|coach"),
  occasion: list(
    "christmas|his birthday|fathers day|our anniversary|retirement|graduation|a raffle",
  ),
  issue: list(
    "frozen|not tracking the ball|showing a black screen|projector is off|" +
      "giving wrong ball speed|missing club data|glitchy on the greens|crashing every hole|" +
      "stuck loading the course|has no sound|way off on distances|asking for a login|" +
      "not reading putts|lagging badly",
  ),
  tier: list(
    "gold|silver|platinum|family|student|senior|corporate|weekday|unlimited|founders|junior|" +
      "off peak",
  ),
  perk: list(
    "free range balls|guest passes|food discounts|priority booking|club storage|lessons|" +
      "league fees|unlimited hours|locker access|pro shop discounts",
  ),
  league: list(
    "monday night league|couples league|ladies league|junior league|scramble league|" +
      "winter league|match play league|skins game|seniors league|corporate league",
  ),
  skill: list(
    "driver|irons|putting|short game|chipping|bunker shots|swing speed|slice|hook|wedges|" +
      "course management|posture",
  ),
  who: list("myself|my son|my daughter|my wife|a beginner|my team|two kids|my husband"),
  food: list(
    "wings|nachos|pizza|burgers|beer|poutine|fries|cocktails|wine|coffee|vegan options|" +
      "gluten free food|a kids menu|dessert|salads",
  ),
  vehicle: list("a truck|a trailer|a motorcycle|an rv|a big van|an electric car"),
  reason: list(
    "im sick|my flight got cancelled|the weather is bad|my buddy bailed|work came up|" +
      "kids are sick|car broke down|double booked by mistake|family emergency",
  ),
  event: list(
    "birthday party|bachelor party|stag and doe|corporate event|team outing|fundraiser|" +
      "christmas party|kids party|retirement party|charity tournament",
  ),
  course: list(
    "pebble beach|st andrews|augusta|tpc sawgrass|bandon dunes|pinehurst|whistling straits|" +
      "torrey pines|cabot links|royal troon|kiawah|carnoustie",
  ),
};

type Slot = keyof typeof slotValues;

// Each topic: the slots that tell its patterns apart, and several ways customers actually phrase it.
const topics: { slots: readonly Slot[]; templates: readonly string[] }[] = [
  {
    slots: ["bay", "loc", "day", "time", "group"],
    templates: [
      "can i book {bay} at {loc} {day} at {time} for {group}",
      "is {bay} free {day} around {time} at the {loc} location? its for {group}",
      "want to reserve a sim for {group} {day} {time} in {loc}, {bay} if possible",
      "any openings {day} at {time} in {loc}? {group}, would love {bay}",
    ],
  },
  {
    slots: ["loc", "day", "time", "bay"],
    templates: [
      "whats the door code for {loc}, im booked {day} at {time} in {bay}",
      "how do i get in at {loc} {day}? got {bay} at {time}",
      "door wont open at {loc}, code please, i have {bay} {day} {time}",
      "can you send me the entry code for {loc} for my {time} booking {day}",
    ],
  },
  {
    slots: ["loc", "day", "time"],
    templates: [
      "what time does {loc} open {day}, can i come at {time}",
      "are you open {day} at {time} at the {loc} location",
      "hours for {loc} on {day}? thinking of {time}",
      "how late is {loc} open {day}, still open at {time}?",
    ],
  },
  {
    slots: ["amount", "payment", "relation", "occasion"],
    templates: [
      "do you sell {amount} gift cards, want one for my {relation} for {occasion}",
      "can i buy a {amount} gift card with {payment}? its for my {relation}",
      "looking for a gift certificate around {amount} for my {relation} for {occasion}, paying {payment}",
      "gift card for {occasion}, {amount}, can i pay by {payment}",
    ],
  },
  {
    slots: ["bay", "loc", "issue"],
    templates: [
      "{bay} at {loc} is {issue}",
      "the sim in {bay} is {issue}, we are at {loc}",
      "hey {bay} {issue} at {loc} can someone reset it",
      "help, simulator {issue} in {bay} ({loc})",
    ],
  },
  {
    slots: ["group", "day", "loc", "time"],
    templates: [
      "how much for {group} for an hour {day} at {loc} around {time}",
      "what are your rates {day} at {time} in {loc} for {group}",
      "price for {group} {day} {time} at {loc}?",
      "cost of a bay for {group} at {loc} on {day} at {time}",
    ],
  },
  {
    slots: ["tier", "loc", "perk"],
    templates: [
      "how much is the {tier} membership at {loc} and does it include {perk}",
      "does the {tier} membership come with {perk}? im at {loc}",
      "thinking of joining {loc} on the {tier} plan, is {perk} included",
      "{tier} membership at {loc}, whats the price, any {perk}",
    ],
  },
  {
    slots: ["league", "loc", "group", "day"],
    templates: [
      "how do i sign up for the {league} at {loc}, we are {group}",
      "is there room in the {league} for {group} at {loc} starting {day}",
      "when does the {league} start at {loc}? {group} interested",
      "can {group} still join the {league} in {loc} {day}",
    ],
  },
  {
    slots: ["skill", "loc", "day", "who"],
    templates: [
      "do you do lessons on {skill} with a pro at {loc}, for {who} {day}",
      "can i book a lesson for {who} {day} at {loc} to work on {skill}",
      "looking for a coach for {who} to fix {skill}, {loc} {day}",
      "lesson {day} at {loc} for {who}? mostly {skill}",
    ],
  },
  {
    slots: ["food", "loc", "day"],
    templates: [
      "do you serve {food} at {loc} {day}",
      "can we order {food} to the bay at {loc} {day}",
      "is there {food} on the menu at {loc} {day}?",
      "any {food} at {loc}, coming {day}",
    ],
  },
  {
    slots: ["loc", "day", "vehicle"],
    templates: [
      "where do i park at {loc} {day}, coming with {vehicle}",
      "is there parking near {loc} for {vehicle} {day}",
      "parking at {loc} {day}? i drive {vehicle}",
      "can i leave {vehicle} in the lot at {loc} {day}",
    ],
  },
  {
    slots: ["day", "time", "loc", "reason"],
    templates: [
      "can i get a refund for my booking {day} at {time} at {loc}, {reason}",
      "need to cancel {day} {time} at {loc} and get my money back, {reason}",
      "{reason}, can you refund my {time} slot {day} in {loc}",
      "cancel and refund please, {loc} {day} {time}, {reason}",
    ],
  },
  {
    slots: ["event", "group", "loc", "day"],
    templates: [
      "do you host a {event} for {group} at {loc} {day}",
      "want to plan a {event} {day} at {loc} for {group}",
      "{event} for {group} at {loc} {day}, what packages do you have",
      "can we rent the place for a {event} {day}? {group}, {loc}",
    ],
  },
  {
    slots: ["course", "loc", "bay"],
    templates: [
      "can we play {course} on the sim at {loc} in {bay}",
      "is {course} available in {bay} at {loc}",
      "does {bay} at {loc} have {course} loaded",
      "want to play {course} at {loc}, is it on {bay}",
    ],
  },
  {
    slots: ["payment", "loc", "amount", "day"],
    templates: [
      "do you take {payment} at {loc}, my bill {day} was {amount}",
      "can i pay the {amount} with {payment} at {loc} {day}",
      "i was charged {amount} {day} at {loc}, paid with {payment}, why",
      "{payment} ok at {loc}? owe {amount} from {day}",
    ],
  },
];

const openers = [
  "",
  "",
  "",
  "hi ",
  "hey ",
  "hello, ",
  "good morning, ",
  "quick question, ",
  "hi there, ",
];
const closers = ["", "", "", "?", " thanks", " thx", "!", " cheers", " please", " ty"];

// Swapped in to make examples and paraphrases differ the way customers' wording does.
const synonyms: Record<string, readonly string[]> = {
  book: ["reserve", "grab"],
  reserve: ["book", "hold"],
  price: ["cost", "rate"],
  cost: ["price"],
  much: ["much money"],
  free: ["available", "open"],
  openings: ["spots", "availability"],
  sim: ["simulator", "bay"],
  simulator: ["sim"],
  people: ["ppl", "players"],
  want: ["would like", "wanna"],
  code: ["passcode", "pin"],
  door: ["front door", "entrance"],
  lesson: ["session", "class"],
  lessons: ["sessions", "classes"],
  refund: ["reimbursement", "money back"],
  cancel: ["cancel out", "drop"],
  parking: ["a parking spot"],
  park: ["leave the car"],
  menu: ["food menu"],
  join: ["sign up for", "get into"],
  gift: ["present"],
  hours: ["opening hours"],
  open: ["opened"],
  help: ["hello", "hey"],
  frozen: ["stuck"],
  tonight: ["this evening"],
  tomorrow: ["tmrw", "tomorow"],
  please: ["pls", "plz"],
};

function misspell(random: () => number, word: string): string {
  if (word.length < 5 || /\d/.test(word)) return word;
  const at = 1 + Math.floor(random() * (word.length - 3));
  return word.slice(0, at) + (word[at + 1] ?? "") + (word[at] ?? "") + word.slice(at + 2);
}

// Light word-level noise: synonyms, the occasional typo.
function varyWords(random: () => number, text: string, changeRate: number): string {
  return text
    .split(" ")
    .map((word) => {
      const options = synonyms[word];
      if (options !== undefined && random() < changeRate) return pick(random, options);
      if (random() < changeRate / 6) return misspell(random, word);
      return word;
    })
    .join(" ");
}

function fillTemplate(template: string, values: Partial<Record<Slot, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => values[name as Slot] ?? name);
}

export type SyntheticPattern = { patternId: string; examples: string[] };

/**
 * `patterns` distinct patterns (a topic plus its own combination of slot values) with `examplesPerPattern`
 * customer phrasings each. Same arguments, same corpus.
 */
export function buildSyntheticCorpus(
  patterns: number,
  examplesPerPattern: number,
  seed: number,
): SyntheticPattern[] {
  const random = createRandom(seed);
  const seen = new Set<string>();
  const corpus: SyntheticPattern[] = [];
  let attempts = 0;
  while (corpus.length < patterns) {
    if (++attempts > patterns * 50)
      throw new Error("synthetic corpus: too many patterns for the slot space");
    const topicIndex = Math.floor(random() * topics.length);
    const topic = topics[topicIndex];
    if (topic === undefined) continue;
    const values: Partial<Record<Slot, string>> = {};
    for (const slot of topic.slots) values[slot] = pick(random, slotValues[slot]);
    const key = `${topicIndex}|${topic.slots.map((slot) => values[slot]).join("|")}`;
    if (seen.has(key)) continue;
    seen.add(key);

    const offset = Math.floor(random() * topic.templates.length);
    const examples: string[] = [];
    for (let index = 0; index < examplesPerPattern; index++) {
      const template = topic.templates[(offset + index) % topic.templates.length] ?? "";
      const body = varyWords(random, fillTemplate(template, values), 0.3);
      examples.push(`${pick(random, openers)}${body}${pick(random, closers)}`);
    }
    corpus.push({ patternId: `p${String(corpus.length).padStart(5, "0")}`, examples });
  }
  return corpus;
}

/** A paraphrase of a customer text: one word dropped, a synonym swapped in, sometimes a typo. */
export function paraphraseText(text: string, seed: number): string {
  const random = createRandom(seed);
  const words = text.split(" ").filter((word) => word !== "");
  if (words.length > 3) words.splice(Math.floor(random() * words.length), 1);
  const swappable = words.flatMap((word, index) => (synonyms[word] === undefined ? [] : [index]));
  if (swappable.length > 0) {
    const index = pick(random, swappable);
    words[index] = pick(random, synonyms[words[index] ?? ""] ?? [words[index] ?? ""]);
  }
  if (random() < 0.3 && words.length > 0) {
    const index = Math.floor(random() * words.length);
    words[index] = misspell(random, words[index] ?? "");
  }
  return words.join(" ");
}
