// Where the command line writes: injected, so tests can run it in-process and capture everything.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (a progress bar) or a pipe/file (plain lines). */
  isTTY: boolean;
  /** Terminal width for the progress bar. */
  columns?: number;
}

export const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  columns: process.stderr.columns,
};
