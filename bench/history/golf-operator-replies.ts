// What a golf-simulator operator texts back to each synthetic intent: one canned answer per topic, written the way
// staff vary it (greeting, sign-off) with values (bay, time, price) that usually stay but sometimes change.
import { pick, type Random } from "./seeded-choice";

// The corpus does not say which topic an intent belongs to, so its customer phrasings are read for the words that
// tell topics apart. Earlier entries win: a gift card question mentions payment, a door-code one a bay and a time.
const topicAnswers: readonly { topic: string; words: RegExp; answer: string }[] = [
  {
    topic: "course",
    words:
      /pebble beach|st andrews|augusta|sawgrass|bandon dunes|pinehurst|whistling straits|torrey pines|cabot links|royal troon|kiawah|carnoustie/,
    answer:
      "yes, that course is loaded on every bay, bay {bay} included. Pick it from the course menu on the tablet.",
  },
  {
    topic: "gift card",
    words: /gift|present|certificate/,
    answer:
      "yes! Gift cards come in any amount from {price}; grab one at the front desk or on our website and we email it right away.",
  },
  {
    topic: "refund",
    words: /refund|money back|reimbursement/,
    answer:
      "no problem, I cancelled your {time} booking and refunded it in full. It takes 3-5 business days to show up.",
  },
  {
    topic: "league",
    words: /league|skins game/,
    answer:
      "our leagues run 8 weeks at {price} per player, first round at {time}. Send me your team's names and I'll add you.",
  },
  {
    topic: "membership",
    words: /membership|\bon the \w+ plan\b/,
    answer:
      "memberships are {price} a month with 10 hours of bay time, priority booking and 10% off food and drinks.",
  },
  {
    topic: "lesson",
    words: /lesson|session|class|coach|with a pro/,
    answer:
      "our pros give 1-hour lessons for {price}; the next opening is at {time}. Want me to book it for you?",
  },
  {
    topic: "event",
    words: /party|stag and doe|event|outing|fundraiser|tournament/,
    answer:
      "we'd love to host you! Party packages start at {price} for 3 hours with 2 bays and food platters. What date works?",
  },
  {
    topic: "door code",
    words: /code|\bpin\b|get in\b|entrance|entry/,
    answer:
      "your door code is in your booking confirmation email and works from 15 minutes before {time}. Bay {bay} is all set.",
  },
  {
    topic: "simulator issue",
    words:
      /reset it|frozen|stuck|tracking|black screen|projector|ball speed|club data|glitchy|crashing|loading|no sound|distances|login|putts|lagging/,
    answer:
      "sorry about that! I restarted bay {bay} remotely, give it 2 minutes. If it still acts up, call the front desk.",
  },
  {
    topic: "parking",
    words: /parking|where do i (?:park|leave the car)|in the lot/,
    answer: "there's free parking behind the building, and street parking is free after {time}.",
  },
  {
    topic: "payment",
    words: /pay|charged|\bowe\b|\btake\b/,
    answer:
      "we take all major cards, debit, Apple Pay and Google Pay. About the {price}, send me the card's last 4 digits and I'll check.",
  },
  {
    topic: "food",
    words:
      /wings|nachos|pizza|burgers|beer|poutine|fries|cocktails|wine|coffee|vegan|gluten|kids menu|dessert|salads/,
    answer: "yes, the kitchen is open until {time} and you can order right from your bay's tablet.",
  },
  {
    topic: "pricing",
    words: /how much|rates|price|cost/,
    answer: "a bay is {price} an hour for up to 6 players, taxes included.",
  },
  {
    topic: "booking",
    words: /\bbook\b|reserve|openings|spots|availability|would love|its for/,
    answer: "you're booked! Bay {bay} at {time} is yours, see you then.",
  },
  {
    topic: "hours",
    words: /hours|how late|what time|are you open|opened?\b/,
    answer: "we're open until {time} that day, come by whenever suits you.",
  },
];

const fallbackAnswer = {
  topic: "other",
  answer: "thanks for reaching out! Someone from our team will get back to you shortly.",
};

const times = ["4pm", "5pm", "6pm", "6:30pm", "7pm", "8pm", "9pm", "10pm", "11pm"];
const prices = ["$35", "$45", "$50", "$55", "$60", "$75", "$99", "$120", "$150", "$300"];
const signOffs = ["", "", " Thanks!", " Cheers!", " - {operator}"];

export interface IntentAnswer {
  topic: string;
  /** The operator's reply to one question of this intent. */
  render(random: Random, to: { firstName: string | null; operator: string }): string;
}

/** Reads which topic `examples` (one intent's customer phrasings) ask about and fixes the intent's usual values. */
export function answerForIntent(examples: readonly string[], random: Random): IntentAnswer {
  const text = examples.join(" ").toLowerCase();
  const { topic, answer } = topicAnswers.find((entry) => entry.words.test(text)) ?? fallbackAnswer;
  const usual = {
    bay: String(1 + Math.floor(random() * 12)),
    time: pick(random, times),
    price: pick(random, prices),
  };
  const choices = {
    bay: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
    time: times,
    price: prices,
  };

  return {
    topic,
    render(random, to) {
      // A quarter of the time a value differs from the usual one, so only a template with a variable fits all.
      const value = (name: keyof typeof usual) =>
        random() < 0.25 ? pick(random, choices[name]) : usual[name];
      const body = answer.replace(/\{(bay|time|price)\}/g, (_whole, name: keyof typeof usual) =>
        value(name),
      );
      const greeting =
        to.firstName === null
          ? pick(random, ["Hi there, ", "Hello, "])
          : pick(random, [`Hi ${to.firstName}, `, `Hey ${to.firstName}, `]);
      const signOff = pick(random, signOffs).replace("{operator}", to.operator);
      return `${greeting}${body}${signOff}`;
    },
  };
}
