import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { banking77Replies } from "./banking77-replies";
import { loadBanking77, loadBitext } from "./datasets";

// Small copies in the datasets' own layouts, so the tests need nothing outside the repository.
describe("dataset loaders", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "datasets-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function banking77(categories: string[], csv: string) {
    const folder = await mkdtemp(join(dir, "banking77-"));
    await writeFile(join(folder, "categories.json"), JSON.stringify(categories));
    await writeFile(join(folder, "train.csv"), csv);
    return folder;
  }

  it("reads BANKING77 questions with their category's reply", async () => {
    const folder = await banking77(
      ["card_arrival", "Refund_not_showing_up"],
      'text,category\nI am still waiting on my card?,card_arrival\n"Where is my refund, it\'s been a week",Refund_not_showing_up\n',
    );
    expect(await loadBanking77(folder)).toEqual([
      {
        text: "I am still waiting on my card?",
        intent: "card_arrival",
        reply: banking77Replies.card_arrival,
      },
      {
        text: "Where is my refund, it's been a week",
        intent: "Refund_not_showing_up",
        reply: banking77Replies.Refund_not_showing_up,
      },
    ]);
  });

  it("refuses BANKING77 categories it has no reply for", async () => {
    const unknownInList = await banking77(["card_arrival", "crypto_mining"], "text,category\n");
    await expect(loadBanking77(unknownInList)).rejects.toThrow(/no reply for crypto_mining/);
    const unknownInFile = await banking77(["card_arrival"], "text,category\nhello,crypto_mining\n");
    await expect(loadBanking77(unknownInFile)).rejects.toThrow(/unknown category crypto_mining/);
  });

  it("refuses a BANKING77 row without text", async () => {
    const folder = await banking77(["card_arrival"], "text,category\n ,card_arrival\n");
    await expect(loadBanking77(folder)).rejects.toThrow(/record 1/);
  });

  it("reads Bitext instructions as questions and responses as replies", async () => {
    const folder = await mkdtemp(join(dir, "bitext-"));
    await writeFile(
      join(folder, "Bitext_Sample_Customer_Support_Training_Dataset.csv"),
      "context,role,instruction,intent,entity_type,entity_value,start_offset,end_offset,category,tags,response\n" +
        'customer support,virtual assistant,how can I cancel purchase 113?,cancel_order,order_id,113,26,29,ORDER,BIL,"We\'re sorry, you can cancel it in your order details."\n',
    );
    expect(await loadBitext(folder)).toEqual([
      {
        text: "how can I cancel purchase 113?",
        intent: "cancel_order",
        reply: "We're sorry, you can cancel it in your order details.",
      },
    ]);
  });
});
