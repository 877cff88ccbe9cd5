// What finding a reply's answer costs as the library grows: every learned reply (live, import, replay) and every
// judgment asks the answer registry which pattern's answer it says, and the smart-suggestions job asks it for each
// pattern. Answers are drawn from a long-tailed vocabulary, as real replies are.
//
//   npx tsx bench/answer-registry-speed.ts [--patterns 1000,10000,100000]
import { parseArgs } from "node:util";
import { z } from "zod";
import { AnswerRegistry } from "../packages/core/src/learning/answer-registry";

const { values } = parseArgs({ options: { patterns: { type: "string", default: "1000,10000" } } });
const sizes = z.array(z.coerce.number().int().positive()).parse(values.patterns.split(","));

let state = 1;
const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);
const word = () =>
  vocabulary[
    Math.min(
      vocabulary.length - 1,
      Math.floor(Math.exp(random() * Math.log(vocabulary.length))) - 1,
    )
  ]!;

for (const size of sizes) {
  const registry = new AnswerRegistry();
  const answers: [string, string][] = [];
  let started = performance.now();
  for (let i = 0; i < size; i++) {
    const answer = `${Array.from({ length: 8 + Math.floor(random() * 12) }, word).join(" ")} ref ${i}.`;
    answers.push([`p${i}`, answer]);
    registry.set(`p${i}`, answer);
  }
  // The first question after loading builds the index.
  registry.find("warm up");
  const loadSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  let found = 0;
  for (const [id, answer] of answers) if (registry.find(answer, (other) => other !== id)) found++;
  const perFind = ((performance.now() - started) * 1000) / answers.length;
  started = performance.now();
  for (const [id, answer] of answers.slice(0, 2000)) registry.says(answer, id);
  const perSays = ((performance.now() - started) * 1000) / Math.min(2000, answers.length);
  console.log(
    `${size} answers: load ${loadSeconds.toFixed(2)} s, find ${perFind.toFixed(0)} µs, says ${perSays.toFixed(0)} µs` +
      ` (${found} near twins)`,
  );
}
