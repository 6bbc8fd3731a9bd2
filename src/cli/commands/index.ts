/**
 * The subcommands, in the order `dvt-bls --help` lists them. A new command is a file in this
 * folder exporting a `Command`, plus one line here.
 * @module
 */
import type { Command } from '../command';
import { combine } from './combine';
import { deposit } from './deposit';
import { dkg } from './dkg';
import { keygen } from './keygen';
import { recover } from './recover';
import { repair } from './repair';
import { reshare } from './reshare';
import { sign } from './sign';
import { split } from './split';
import { verify } from './verify';

export const COMMANDS: readonly Command[] = [keygen, split, dkg, sign, combine, verify, deposit, recover, reshare, repair];
