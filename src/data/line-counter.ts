// 1-based line numbers of offsets in a text, counted incrementally as a parser moves forward.

/**
 * `\n`, `\r\n` and a lone `\r` each end a line, as editors count them, so line numbers stay right after quoted
 * fields that span lines, whatever the file's line ending. Increasing offsets cost one pass over the text in all.
 */
export class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  /** The line on which the character at `offset` lies. */
  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    const text = this.text;
    const end = Math.min(offset, text.length);
    for (let i = this.offset; i < end; i++) {
      const c = text.charCodeAt(i);
      // A \r followed by \n is counted at the \n.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.line++;
    }
    this.offset = Math.max(this.offset, end);
    return this.line;
  }
}
