/**
 * Where passwords come from. In order of preference: a file (`--password-file`), an environment
 * variable (`--password-env VAR`), or a prompt on the terminal with echo off. A password on the
 * command line (`--password`) is visible to every user of the machine (`ps`, `/proc`) and kept in
 * shell history, so it is refused unless `--insecure-password-arg` says the caller knows.
 *
 * The same three sources exist for the password of keystores a command writes, with a `new-`
 * prefix (`--new-password-file`, ...); a prompt for a new password asks twice.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { OptionSpec, ParsedArgs } from './args';
import { CliError, EXIT, UsageError } from './errors';

/** Options for the password of the keystores a command reads. */
export const PASSWORD_OPTIONS: OptionSpec[] = [
  {
    name: 'password-file',
    kind: 'list',
    value: 'FILE',
    help: 'Read the keystore password from FILE (one trailing newline is dropped). Give one file for all keystores, or one per keystore, in order.',
  },
  { name: 'password-env', kind: 'string', value: 'VAR', help: 'Read the keystore password from environment variable VAR.' },
  { name: 'password', kind: 'string', value: 'TEXT', help: 'The keystore password itself: refused unless --insecure-password-arg (argv is visible to other users).' },
];

/** Options for the password of the keystores a command writes. */
export const NEW_PASSWORD_OPTIONS: OptionSpec[] = [
  { name: 'new-password-file', kind: 'string', value: 'FILE', help: 'Read the password for the new keystore(s) from FILE.' },
  { name: 'new-password-env', kind: 'string', value: 'VAR', help: 'Read the password for the new keystore(s) from environment variable VAR.' },
  { name: 'new-password', kind: 'string', value: 'TEXT', help: 'The new password itself: refused unless --insecure-password-arg.' },
];

const INSECURE_OPTION: OptionSpec = {
  name: 'insecure-password-arg',
  kind: 'boolean',
  help: 'Accept --password and --new-password on the command line.',
};

/** The password options of a command that reads and/or writes keystores. */
export function passwordOptions(uses: { read?: boolean; write?: boolean }): OptionSpec[] {
  return [...(uses.read ? PASSWORD_OPTIONS : []), ...(uses.write ? NEW_PASSWORD_OPTIONS : []), INSECURE_OPTION];
}

/** Minimum length of a new keystore password, as the staking deposit CLI requires. */
const MIN_NEW_PASSWORD_LENGTH = 8;

/** Drops one trailing newline (files written with `echo`), nothing else: spaces may be meant. */
function trimNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const muted = new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    });
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
    process.stderr.write(prompt);
    let settled = false;
    rl.on('SIGINT', () => {
      settled = true;
      rl.close();
      process.stderr.write('\n');
      reject(new CliError('INTERRUPTED', 'interrupted', EXIT.interrupted));
    });
    rl.on('close', () => {
      if (!settled) {
        settled = true;
        process.stderr.write('\n');
        reject(new CliError('NO_PASSWORD', 'no password entered (end of input)', EXIT.usage));
      }
    });
    rl.question('', (answer) => {
      settled = true;
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

async function fromFile(file: string): Promise<string> {
  try {
    return trimNewline(await readFile(file, 'utf8'));
  } catch (e) {
    throw new CliError('IO_ERROR', `cannot read password file ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function fromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new UsageError(`environment variable ${name} is not set`, 'NO_PASSWORD');
  return value;
}

function refuseArgv(args: ParsedArgs, option: string): void {
  if (!args.flags.has('insecure-password-arg')) {
    throw new UsageError(
      `--${option} puts the password on the command line, where other users and shell history can read it; use --${option}-file or --${option}-env, or add --insecure-password-arg`
    );
  }
}

/**
 * The passwords of `count` keystores a command reads, one per keystore (the same one repeated when
 * a single source is given). `labels` name the keystores in prompts.
 */
export async function readPasswords(args: ParsedArgs, labels: readonly string[]): Promise<string[]> {
  const files = args.lists.get('password-file');
  const env = args.strings.get('password-env');
  const inline = args.strings.get('password');
  const sources = [files, env, inline].filter((s) => s !== undefined).length;
  if (sources > 1) throw new UsageError('give one of --password-file, --password-env, --password');
  if (files !== undefined) {
    if (files.length !== 1 && files.length !== labels.length) {
      throw new UsageError(`--password-file: give one file, or one per keystore (${labels.length}), got ${files.length}`);
    }
    const passwords = await Promise.all(files.map(fromFile));
    return labels.map((_, i) => (passwords.length === 1 ? passwords[0] : passwords[i]) as string);
  }
  if (env !== undefined) return labels.map(() => fromEnv(env));
  if (inline !== undefined) {
    refuseArgv(args, 'password');
    return labels.map(() => inline);
  }
  if (!process.stdin.isTTY) {
    throw new UsageError('no password: use --password-file or --password-env (stdin is not a terminal to prompt on)', 'NO_PASSWORD');
  }
  const out: string[] = [];
  for (const label of labels) out.push(await promptHidden(`Password for ${label}: `));
  return out;
}

/** The password for the keystores a command writes; a prompt asks twice. */
export async function readNewPassword(args: ParsedArgs, what: string): Promise<string> {
  const file = args.strings.get('new-password-file');
  const env = args.strings.get('new-password-env');
  const inline = args.strings.get('new-password');
  const sources = [file, env, inline].filter((s) => s !== undefined).length;
  if (sources > 1) throw new UsageError('give one of --new-password-file, --new-password-env, --new-password');
  let password: string;
  if (file !== undefined) password = await fromFile(file);
  else if (env !== undefined) password = fromEnv(env);
  else if (inline !== undefined) {
    refuseArgv(args, 'new-password');
    password = inline;
  } else {
    if (!process.stdin.isTTY) {
      throw new UsageError('no new password: use --new-password-file or --new-password-env (stdin is not a terminal to prompt on)', 'NO_PASSWORD');
    }
    password = await promptHidden(`New password for ${what}: `);
    const again = await promptHidden('Repeat it: ');
    if (again !== password) throw new UsageError('the two passwords differ', 'NO_PASSWORD');
  }
  if ([...password].length < MIN_NEW_PASSWORD_LENGTH) {
    throw new UsageError(`the new password must have at least ${MIN_NEW_PASSWORD_LENGTH} characters`, 'NO_PASSWORD');
  }
  return password;
}
