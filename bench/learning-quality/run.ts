// Learning quality on public labelled datasets (../shared/data beside the repository), scored the way an outside
// scorer would. Each example becomes an exchange: the question, then the intent's canned answer dressed as operators
// write it (greeting, shared boilerplate, sign-off). Per intent, a seeded share is imported to learn from and the
// rest replayed; a seeded share of intents is kept out of the learning part altogether, so their test messages are
// out-of-scope traffic. Playbook's results.jsonl is judged by the strict scorer (strict-scorer.ts), never by its
// own `matched`, and printed beside a baseline trained on the same learning part (TF-IDF + logistic regression).
//
//   npx tsx bench/learning-quality/run.ts [--dataset banking77|bitext|all] [--learn-share 0.6] [--oos-share 0.1]
//                                         [--foreign-learn 100] [--foreign-test 300]
//                                         [--limit N] [--seed 1] [--out DIR] [--keep-database]
//
// --foreign-learn and --foreign-test mix the other dataset's questions into each part as another business's
// traffic, answered with a holding reply (out-of-domain questions, beside the held-out intents' in-domain ones).
//
// With TEST_DATABASE_URL or DATABASE_URL, each dataset gets a new database on that PostgreSQL server (dropped
// afterwards); without, a new embedded database. Files (learn.csv, test.csv, results.jsonl, report.json) go to
// DIR/<dataset>/, by default a new temporary directory that is kept.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { benchServerUrl, createFreshDatabase } from "../history/fresh-database";
import { writeHistoryCsv } from "../history/history-csv";
import {
  decisionLevels,
  importHistory,
  migrateDatabase,
  readReplayResults,
  replayHistory,
  type TReplayResult,
} from "../history/playbook-cli";
import {
  FOREIGN_INTENT,
  HOLDING_REPLY,
  questionMessageId,
  replyMessageId,
  splitHistory,
} from "./build-exchanges";
import { datasetNames, loadDataset, type DatasetName } from "./datasets";
import { defaultBaselineOptions, trainIntentBaseline } from "./intent-baseline";
import {
  cannedReplyCeiling,
  judgeBaselineAnswers,
  judgePlaybookResults,
  type TestMessage,
} from "./judge-answers";
import {
  formatHindsight,
  formatReliability,
  formatSideBySide,
  summariseAnswers,
} from "./quality-report";
import { createStrictScorer } from "./strict-scorer";

const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: "all" },
    "learn-share": { type: "string", default: "0.6" },
    "oos-share": { type: "string", default: "0.1" },
    "foreign-learn": { type: "string", default: "100" },
    "foreign-test": { type: "string", default: "300" },
    limit: { type: "string" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    // Keeps each dataset's database after the run (its label is printed) to study what import and replay stored.
    "keep-database": { type: "boolean", default: false },
  },
});
const options = z
  .object({
    dataset: z.enum([...datasetNames, "all"]),
    learnShare: z.coerce.number().gt(0).lt(1),
    oosShare: z.coerce.number().min(0).lt(1),
    foreignLearn: z.coerce.number().int().min(0),
    foreignTest: z.coerce.number().int().min(0),
    limit: z.coerce.number().int().positive().optional(),
    seed: z.coerce.number().int(),
    out: z.string().optional(),
  })
  .parse({
    dataset: values.dataset,
    learnShare: values["learn-share"],
    oosShare: values["oos-share"],
    foreignLearn: values["foreign-learn"],
    foreignTest: values["foreign-test"],
    limit: values.limit,
    seed: values.seed,
    out: values.out,
  });

const percent = (value: number | null) => (value === null ? "-" : `${(value * 100).toFixed(1)}%`);

async function evaluate(name: DatasetName, outDir: string) {
  const all = await loadDataset(name);
  const foreignName = datasetNames.find((other) => other !== name);
  const foreign =
    foreignName === undefined || options.foreignLearn + options.foreignTest === 0
      ? undefined
      : {
          examples: await loadDataset(foreignName),
          learn: options.foreignLearn,
          test: options.foreignTest,
        };
  // Every intent's canned reply, sampled or not: the scorer's "closer than any other intent" check needs them all.
  const cannedReplies = new Map(all.map((example) => [example.intent, example.reply]));
  if (foreign) cannedReplies.set(FOREIGN_INTENT, HOLDING_REPLY);
  const scorer = createStrictScorer(cannedReplies);
  const { learn, test, outOfScopeIntents, learnRows, testRows, testPrefix } = splitHistory(
    name,
    all,
    { ...options, foreign },
  );
  const bodies = new Map(testRows.map((row) => [row.messageId, row.body]));
  const outOfScope = new Set(outOfScopeIntents);
  const messages = test.map((example, index): TestMessage => {
    const operatorReply = bodies.get(replyMessageId(testPrefix, index));
    if (operatorReply === undefined) throw new Error(`test example ${index} has no reply row`);
    return {
      messageId: questionMessageId(testPrefix, index),
      question: example.text,
      intent: example.intent,
      operatorReply,
      outOfScope: outOfScope.has(example.intent),
      foreign: example.intent === FOREIGN_INTENT,
    };
  });
  const inScopeMessages = messages.filter((message) => !message.outOfScope && !message.foreign);
  const foreignMessages = messages.filter((message) => message.foreign).length;

  const dir = join(outDir, name);
  await mkdir(dir, { recursive: true });
  const files = {
    learn: join(dir, "learn.csv"),
    test: join(dir, "test.csv"),
    results: join(dir, "results.jsonl"),
    report: join(dir, "report.json"),
  };
  await writeHistoryCsv(files.learn, learnRows);
  await writeHistoryCsv(files.test, testRows);

  const database = await createFreshDatabase(benchServerUrl(), `playbook_quality_${name}`);
  console.log(
    `\n== ${name}: ${learn.length} examples to learn from (${new Set(learn.map((example) => example.intent)).size} intents), ` +
      `${test.length} to test (${inScopeMessages.length} in scope, ` +
      `${test.length - inScopeMessages.length - foreignMessages} out of scope from ${outOfScopeIntents.length} ` +
      `held-out intents, ${foreignMessages} of another business (${foreignName}) answered with a holding reply, ` +
      `as were ${options.foreignLearn} in the learning part); ${database.label}`,
  );
  let imported;
  let replayed;
  const results: TReplayResult[] = [];
  try {
    await migrateDatabase(database.env);
    imported = await importHistory(files.learn, database.env);
    console.log(
      `import: ${imported.exchangesLearned} exchanges learned, ${imported.patternsCreated} patterns, ` +
        `${imported.rowsRejected} rows rejected, ${imported.seconds.toFixed(1)} s`,
    );
    replayed = await replayHistory(files.test, files.results, database.env);
    console.log(`replay: ${replayed.answered} answered messages, ${replayed.seconds.toFixed(1)} s`);
    for await (const result of readReplayResults(files.results)) results.push(result);
  } finally {
    if (values["keep-database"]) console.log(`kept: ${database.label}`);
    else await database.drop();
  }

  const trainingStarted = Date.now();
  const baseline = trainIntentBaseline(learn, defaultBaselineOptions);
  const baselineSeconds = (Date.now() - trainingStarted) / 1000;
  const judgedBaseline = judgeBaselineAnswers(messages, baseline, cannedReplies, scorer);
  const judgedPlaybook = judgePlaybookResults(messages, results, scorer);
  const playbook = summariseAnswers("Playbook", judgedPlaybook.answers, {
    decisions: decisionLevels,
  });
  const baselineReport = summariseAnswers("baseline", judgedBaseline.answers, {
    decisions: ["auto", "suggest", "none"],
  });
  const ceiling = cannedReplyCeiling(inScopeMessages, cannedReplies, scorer);

  if (judgedPlaybook.unreported > 0) {
    console.log(
      `note: the replay reported ${results.length} of ${messages.length} test messages; the others count as nothing proposed`,
    );
  }
  const { tuning } = baseline;
  const threshold = (point: { threshold: number } | null) =>
    point === null ? "none reaches it" : point.threshold.toFixed(3);
  console.log(
    `baseline: trained in ${baselineSeconds.toFixed(1)} s; in-scope intent accuracy ${percent(judgedBaseline.intentAccuracy)}; ` +
      `thresholds tuned on the newest ${tuning.tunedOn} learning examples (classifier trained on the older ` +
      `${tuning.trainedOn}): auto ${threshold(tuning.auto)}, suggest ${threshold(tuning.suggest)}`,
  );
  console.log(
    `strict scorer: the true intent's bare canned reply passes for ${percent(ceiling)} of in-scope messages ` +
      "(the baseline's ceiling)",
  );
  console.log(`\n${formatSideBySide([playbook, baselineReport])}`);
  console.log(`\n${formatReliability(playbook)}\n${formatReliability(baselineReport)}`);
  const hindsight = [...formatHindsight(playbook), ...formatHindsight(baselineReport)];
  if (hindsight.length > 0) {
    console.log(
      `\nin hindsight, thresholds on the test part at precision ≥ ${percent(playbook.precisionTarget)}:`,
    );
    console.log(hindsight.join("\n"));
  }

  await writeFile(
    files.report,
    `${JSON.stringify(
      {
        dataset: name,
        learnShare: options.learnShare,
        oosShare: options.oosShare,
        seed: options.seed,
        limit: options.limit ?? null,
        examples: {
          learn: learn.length,
          test: test.length,
          testInScope: inScopeMessages.length,
          testOutOfScope: test.length - inScopeMessages.length - foreignMessages,
          testForeign: foreignMessages,
          learnForeign: foreign?.learn ?? 0,
        },
        outOfScopeIntents,
        database: database.label,
        import: imported,
        replay: replayed,
        unreported: judgedPlaybook.unreported,
        cannedReplyCeiling: ceiling,
        baseline: {
          options: defaultBaselineOptions,
          seconds: baselineSeconds,
          tuning,
          intentAccuracy: judgedBaseline.intentAccuracy,
        },
        systems: [playbook, baselineReport],
      },
      null,
      2,
    )}\n`,
  );
  console.log(`files: ${dir}`);
}

const outDir = options.out
  ? resolve(options.out)
  : await mkdtemp(join(tmpdir(), "playbook-learning-quality-"));
const datasets = options.dataset === "all" ? datasetNames : [options.dataset];
for (const name of datasets) await evaluate(name, outDir);
