#!/usr/bin/env node
/**
 * `dvt-bls`: the command line. Parses the command and its options, runs it on the Node root API
 * (blst when it loads, noble otherwise), commits its output files all together, and exits:
 * 0 on success, 1 on a usage error, 2 when the command refused or failed, 130 on Ctrl-C (see
 * `errors.ts`). With `--json`, stdout carries exactly one JSON object, for failures too.
 * @module
 */
import * as api from '../node';
import { GLOBAL_OPTIONS, formatOptions, parseArgs, type ParsedArgs } from './args';
import type { Command, CommandContext, Progress } from './command';
import { COMMANDS } from './commands/index';
import { CliError, EXIT, UsageError, toFailure } from './errors';
import { OutputTransaction } from './output';

const PROGRAM = 'dvt-bls';

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `${PROGRAM}: threshold BLS tooling for Ethereum distributed validators`,
    '',
    `Usage: ${PROGRAM} <command> [options]`,
    `       ${PROGRAM} <command> --help`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options of every command:',
    formatOptions(GLOBAL_OPTIONS),
    '',
    'Passwords come from --password-file FILE, --password-env VAR, or a prompt on the terminal;',
    'never from the command line unless --insecure-password-arg.',
    '',
    'Exit codes: 0 success, 1 usage error, 2 refused or failed (bad input, wrong password, failed',
    'check, I/O error), 130 interrupted. A command that fails writes no files.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const wrap = (text: string): string => text.replace(/(.{1,96})(\s+|$)/g, '$1\n').trimEnd();
  return [
    `Usage: ${PROGRAM} ${command.name} ${command.usage}`,
    '',
    wrap(command.description),
    '',
    'Options:',
    formatOptions([...command.options, ...GLOBAL_OPTIONS]),
  ].join('\n');
}

/** A progress line on stderr, redrawn at most every 100 ms; nothing when stderr is not a terminal. */
function progressOn(enabled: boolean): (label: string) => Progress {
  return (label) => {
    if (!enabled) return { update: () => undefined, done: () => undefined };
    let last = 0;
    let drawn = false;
    const draw = (fraction: number): void => {
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`);
      drawn = true;
    };
    return {
      update(fraction) {
        const now = Date.now();
        if (now - last < 100 && fraction < 1) return;
        last = now;
        draw(fraction);
      },
      done() {
        if (drawn) process.stderr.write('\r\x1b[2K');
      },
    };
  };
}

interface Io {
  json: boolean;
  write(text: string): void;
  error(text: string): void;
}

function report(io: Io, command: string | undefined, e: unknown): number {
  const failure = toFailure(e);
  if (io.json) {
    io.write(`${JSON.stringify({ ok: false, command: command ?? null, error: { code: failure.code, message: failure.message, culprits: failure.culprits } })}\n`);
  } else {
    io.error(`${PROGRAM}: ${failure.code}: ${failure.message}\n`);
    if (failure.exitCode === EXIT.usage && command !== undefined) io.error(`See '${PROGRAM} ${command} --help'.\n`);
  }
  return failure.exitCode;
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const io: Io = {
    json,
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.write(`${target ? commandHelp(target) : topHelp()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    return report(io, undefined, new UsageError(`unknown command "${name.slice(0, 30)}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`));
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(rest, [...command.options, ...GLOBAL_OPTIONS]);
  } catch (e) {
    return report(io, command.name, e);
  }
  if (args.flags.has('help')) {
    io.write(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  const quiet = args.flags.has('quiet');
  const output = new OutputTransaction(args.flags.has('force'));
  const ctx: CommandContext = {
    bls: api,
    output,
    progress: progressOn(!quiet && process.stderr.isTTY === true),
    warn: (message) => {
      if (!quiet) io.error(`warning: ${message}\n`);
    },
  };
  // Ctrl-C: remove whatever an interrupted commit left, then exit 130.
  const onSignal = (): void => {
    void output.abort().finally(() => {
      report(io, command.name, new CliError('INTERRUPTED', 'interrupted; no files were written', EXIT.interrupted));
      process.exit(EXIT.interrupted);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Refuse existing outputs before the work where the command knows them; commit checks again.
    const result = await command.run(ctx, args);
    await output.commit();
    if (json) io.write(`${JSON.stringify({ ok: true, command: command.name, backend: api.backend, ...result.json })}\n`);
    else if (result.lines.length > 0) io.write(`${result.lines.join('\n')}\n`);
    return EXIT.ok;
  } catch (e) {
    await output.abort();
    return report(io, command.name, e);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

// The exit code is set, not forced: stdout may still be draining into a pipe.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
