// Keeps one over-long record of a history CSV from ending the import. csv-parse can only stop at its size limit
// (past it, it drops the rest of the file), so this stream sits in front of it: it passes the file through
// unchanged, except that a record longer than the limit is cut short (its quote closed, its end kept) and the
// cut is noted, for the reader to reject that record with its real reason and read on. It follows csv-parse's
// quoting rules for the options the reader uses (`"` quotes and escapes, `,` between fields, the first line
// break style found ends records, relax_quotes); it does not parse anything itself.
import { Transform, type TransformCallback } from "node:stream";

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A record cut short: where in the output, which field, and what was left out. */
export interface RecordCut {
  /** Output offset (bytes) where the cut record's dropped part would have been. */
  at: number;
  /** Zero-based field of the record that was being read when the limit was reached. */
  field: number;
  /** Input bytes that did not reach the output, less the closing quote put in their place. */
  droppedBytes: number;
  /** Line breaks in the dropped part, counted as the reader counts them ("\r\n" once). */
  droppedLineBreaks: number;
}

type RowDelimiter = "\r\n" | "\n" | "\r";

export class OversizedRecordCutter extends Transform {
  /** Every cut so far, in file order. */
  readonly cuts: RecordCut[] = [];
  private carry: Buffer | null = null;
  private started = false;
  private quoting = false;
  // csv-parse opens a quote only at the start of a field (nothing appended to it yet).
  private fieldEmpty = true;
  private field = 0;
  private recordBytes = 0;
  private delimiter: RowDelimiter | null = null;
  private cutting: { cut: RecordCut; quoted: boolean; lastWasCR: boolean } | null = null;
  private outputBytes = 0;
  private pending: Buffer[] = [];

  constructor(private readonly limitBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.scan(this.carry ? Buffer.concat([this.carry, chunk]) : chunk, false);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.carry) this.scan(this.carry, true);
    // A last record cut short with no line break after it still needs its quote closed, unless the file itself
    // ends inside a quote: that one the parser must see, and report.
    if (this.cutting && !this.quoting) {
      const close = this.endCut(false);
      if (close.length > 0) this.push(close);
    }
    done();
  }

  private scan(buf: Buffer, end: boolean): void {
    this.carry = null;
    let i = 0;
    if (!this.started) {
      if (buf.length < BOM.length && !end) {
        this.carry = buf;
        return;
      }
      this.started = true;
      if (buf.subarray(0, BOM.length).equals(BOM)) {
        this.pass(buf.subarray(0, BOM.length));
        i = BOM.length;
      }
    }
    let from = i;
    // Passes bytes [from, to) through, or drops them while a record is being cut.
    const take = (to: number) => {
      if (to <= from) return;
      if (this.cutting) this.leaveOut(buf, from, to);
      else this.pass(buf.subarray(from, to));
      from = to;
    };
    while (i < buf.length) {
      // Up to two bytes of look-ahead decide what a quote or a CR is; at a chunk's end they wait for the next.
      if (!end && i + 2 >= buf.length && (buf[i] === QUOTE || buf[i] === CR)) break;
      const byte = buf[i]!;
      // Whether what went through so far stands inside a quote, should the record be cut here.
      const quoted = this.quoting;
      if (!this.quoting) {
        const rowEnd = this.rowDelimiterAt(buf, i);
        if (rowEnd > 0) {
          take(i);
          if (this.cutting) this.pass(this.endCut(buf[i] === LF));
          this.pass(buf.subarray(i, i + rowEnd));
          i += rowEnd;
          from = i;
          this.recordBytes = 0;
          this.field = 0;
          this.fieldEmpty = true;
          continue;
        }
        if (byte === COMMA) {
          this.field += 1;
          this.fieldEmpty = true;
        } else if (byte === QUOTE && this.fieldEmpty) {
          this.quoting = true;
        } else {
          this.fieldEmpty = false;
        }
        i = this.advance(i, 1, quoted, take);
        continue;
      }
      if (byte !== QUOTE) {
        this.fieldEmpty = false;
        i = this.advance(i, 1, quoted, take);
        continue;
      }
      const next = buf[i + 1];
      if (next === QUOTE) {
        // An escaped quote: both bytes go through, or neither, so a cut never splits the pair.
        this.fieldEmpty = false;
        i = this.advance(i, 2, quoted, take);
        continue;
      }
      this.quoting = false;
      if (!(next === undefined || next === COMMA || this.rowDelimiterAt(buf, i + 1) > 0)) {
        // relax_quotes: a quote followed by anything else is kept as text.
        this.fieldEmpty = false;
      }
      i = this.advance(i, 1, quoted, take);
    }
    take(i);
    if (i < buf.length) this.carry = buf.subarray(i);
    if (this.pending.length > 0) {
      this.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending));
      this.pending = [];
    }
  }

  /** Counts `n` bytes at `i` into the record and starts cutting once it is over the limit. */
  private advance(i: number, n: number, quoted: boolean, take: (to: number) => void): number {
    this.recordBytes += n;
    if (!this.cutting && this.recordBytes > this.limitBytes) {
      take(i);
      this.cutting = {
        cut: { at: this.outputBytes, field: this.field, droppedBytes: 0, droppedLineBreaks: 0 },
        quoted,
        lastWasCR: false,
      };
      this.cuts.push(this.cutting.cut);
    }
    return i + n;
  }

  private leaveOut(buf: Buffer, from: number, to: number): void {
    const cutting = this.cutting!;
    cutting.cut.droppedBytes += to - from;
    for (let j = from; j < to; j++) {
      const byte = buf[j];
      if (byte === CR) cutting.cut.droppedLineBreaks += 1;
      else if (byte === LF && !cutting.lastWasCR) cutting.cut.droppedLineBreaks += 1;
      cutting.lastWasCR = byte === CR;
    }
  }

  /** What closes a cut record before its line break: the quote it was cut inside, if any. */
  private endCut(lineBreakIsLF: boolean): Buffer {
    const cutting = this.cutting!;
    // A dropped CR right before this LF made one line break with it, not two.
    if (cutting.lastWasCR && lineBreakIsLF) cutting.cut.droppedLineBreaks -= 1;
    this.cutting = null;
    if (!cutting.quoted) return Buffer.alloc(0);
    cutting.cut.droppedBytes -= 1;
    return Buffer.from([QUOTE]);
  }

  /** Length of the record delimiter at `i` (0 if none), discovering it on first sight as csv-parse does. */
  private rowDelimiterAt(buf: Buffer, i: number): number {
    const byte = buf[i];
    if (this.delimiter === null) {
      if (byte === CR) this.delimiter = buf[i + 1] === LF ? "\r\n" : "\r";
      else if (byte === LF) this.delimiter = "\n";
      else return 0;
      return this.delimiter.length;
    }
    if (this.delimiter === "\r\n") return byte === CR && buf[i + 1] === LF ? 2 : 0;
    return byte === this.delimiter.charCodeAt(0) ? 1 : 0;
  }

  /** Queues bytes to go out when this chunk is done: one push per chunk. */
  private pass(part: Buffer): void {
    if (part.length === 0) return;
    this.outputBytes += part.length;
    this.pending.push(part);
  }
}
