// The command line's dispatcher: parse, run, and turn every failure into one or two lines and an exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args.js';
import { parseCommandLine, type Command } from './command.js';
import type { CliIO } from './io.js';
import { evaluateCommand, predictCommand } from './predict-command.js';
import { cvCommand } from './cv-command.js';
import { tuneCommand } from './tune-command.js';
import { exportCommand } from './export-command.js';
import { train, trainCommand } from './train-command.js';
import { usage } from './usage.js';

const commands: Record<string, Command> = { train: trainCommand, predict: predictCommand, evaluate: evaluateCommand, cv: cvCommand, tune: tuneCommand, export: exportCommand };

/** The bundled iris example: the fixed scikit-learn split of examples/data/iris_split.json as two files. */
export const irisTrainCsv = fileURLToPath(new URL('../../examples/data/iris-train.csv', import.meta.url));
export const irisTestCsv = fileURLToPath(new URL('../../examples/data/iris-test.csv', import.meta.url));

/** Runs `softgrad` with `argv` (without node and the script) and returns the exit code. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [name, ...rest] = argv;
    if (name === undefined) {
      if (!existsSync(irisTrainCsv)) throw new UsageError(`the bundled iris example is missing (${irisTrainCsv})`);
      io.stderr(`training on the bundled iris example (${irisTrainCsv}, tested on iris-test.csv)\n`);
      await train(irisTrainCsv, { label: 'species', test: irisTestCsv }, io);
      return 0;
    }
    if (name === '--help' || name === '-h' || name === 'help') return help(io);
    if (!Object.hasOwn(commands, name)) throw new UsageError(`unknown command '${name}' (${Object.keys(commands).join(', ')})`);
    const command = commands[name];
    const { flags, positionals } = parseCommandLine(rest, command.flags);
    if (flags.help) return help(io);
    if (positionals.length !== command.positionals.length) {
      const got = positionals.length ? positionals.map((p) => `'${p}'`).join(' ') : 'nothing';
      throw new UsageError(`'softgrad ${name}' takes ${command.positionals.join(' ')}; got ${got}`);
    }
    await command.run(positionals, flags, io);
    return 0;
  } catch (error) { return report(error, io, debug); }
}

function help(io: CliIO): number {
  io.stdout(usage(commands));
  return 0;
}

/** One or two lines on stderr; the stack only with --debug. */
function report(error: unknown, io: CliIO, debug: boolean): number {
  const e = error instanceof Error ? error : new Error(String(error));
  if (debug) io.stderr(`${e.stack ?? e.message}\n`);
  else if (e instanceof UsageError) io.stderr(`softgrad: ${e.message}\nRun 'softgrad --help' for usage.\n`);
  else io.stderr(`softgrad: ${e.message.split('\n').slice(0, 2).join('\n')}\n`);
  return e instanceof UsageError ? 2 : 1;
}
