// The command line's dispatcher: parse, run, and turn every failure into one or two lines and an exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError } from './args.js';
import type { CliIO } from './io.js';
import { evaluateCommand, evaluateOptions, predictCommand, predictOptions } from './predict-command.js';
import { trainCommand, trainOptions } from './train-command.js';
import { USAGE } from './usage.js';

const common = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;

/** The bundled iris example: the fixed scikit-learn split of examples/data/iris_split.json as two files. */
export const irisTrainCsv = fileURLToPath(new URL('../../examples/data/iris-train.csv', import.meta.url));
export const irisTestCsv = fileURLToPath(new URL('../../examples/data/iris-test.csv', import.meta.url));

/** Runs `softgrad` with `argv` (without node and the script) and returns the exit code. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      if (!existsSync(irisTrainCsv)) throw new UsageError(`the bundled iris example is missing (${irisTrainCsv})`);
      io.stderr(`training on the bundled iris example (${irisTrainCsv}, tested on iris-test.csv)\n`);
      await trainCommand(irisTrainCsv, { label: 'species', test: irisTestCsv }, io);
      return 0;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    switch (command) {
      case 'train': {
        const { values, positionals } = parse(rest, trainOptions);
        if (values.help) return help(io);
        const [file] = expectPositionals('train', positionals, ['<file.csv>']);
        await trainCommand(file, values, io);
        return 0;
      }
      case 'predict': {
        const { values, positionals } = parse(rest, predictOptions);
        if (values.help) return help(io);
        const [model, file] = expectPositionals('predict', positionals, ['<model.json>', '<file.csv>']);
        await predictCommand(model, file, values, io);
        return 0;
      }
      case 'evaluate': {
        const { values, positionals } = parse(rest, evaluateOptions);
        if (values.help) return help(io);
        const [model, file] = expectPositionals('evaluate', positionals, ['<model.json>', '<file.csv>']);
        await evaluateCommand(model, file, values, io);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${command}' (train, predict or evaluate)`);
    }
  } catch (error) {
    return report(error, io, debug);
  }
}

function parse<O extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: O) {
  // parseArgs reads `--epochs -1` as a missing value followed by an option; a number is meant.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : '';
    if (options[name]?.type === 'string' && i + 1 < args.length && /^-[\d.]/.test(args[i + 1])) joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  try {
    return parseArgs({ args: joined, options: { ...options, ...common }, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs's messages are long and mention its own API; say the essential part.
    const message = (error as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(message.replace(/^Unknown option/, 'unknown option').replace(/^Option '(.*?)' argument missing/, "option '$1' needs a value"));
  }
}

function expectPositionals(command: string, positionals: string[], names: string[]): string[] {
  if (positionals.length !== names.length) {
    throw new UsageError(`'softgrad ${command}' takes ${names.join(' ')}; got ${positionals.length ? positionals.map((p) => `'${p}'`).join(' ') : 'nothing'}`);
  }
  return positionals;
}

function help(io: CliIO): number {
  io.stdout(USAGE);
  return 0;
}

/** One or two lines on stderr; the stack only with --debug. */
function report(error: unknown, io: CliIO, debug: boolean): number {
  const e = error instanceof Error ? error : new Error(String(error));
  if (debug) io.stderr(`${e.stack ?? e.message}\n`);
  else if (e instanceof UsageError) io.stderr(`softgrad: ${e.message}\nRun 'softgrad --help' for usage.\n`);
  else io.stderr(`softgrad: ${firstLines(e.message)}\n`);
  return e instanceof UsageError ? 2 : 1;
}

function firstLines(message: string): string {
  return message.split('\n').slice(0, 2).join('\n');
}
