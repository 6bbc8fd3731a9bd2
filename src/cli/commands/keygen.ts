/**
 * `dvt-bls keygen`: a fresh validator key in an EIP-2335 keystore.
 * @module
 */
import { wipe } from '../../bytes';
import { encryptKeystoreAsync } from '../../eth/index';
import { hex0x, required, withProgress, type Command } from '../command';
import { SECRET_FILE_MODE } from '../output';
import { passwordOptions, readNewPassword } from '../password';
import { KDF_OPTIONS, kdfFromArgs } from '../shared';

export const keygen: Command = {
  name: 'keygen',
  summary: 'Generate a validator key into an EIP-2335 keystore',
  usage: '--out FILE [--new-password-file FILE | --new-password-env VAR] [--kdf scrypt|pbkdf2]',
  description:
    'Draws a secret key from the platform CSPRNG and writes it, encrypted, to an EIP-2335 keystore ' +
    'that validator clients and `dvt-bls split` read. The key exists nowhere else: keep the keystore ' +
    'and its password, or split it right away.',
  options: [
    { name: 'out', kind: 'string', value: 'FILE', help: 'Keystore file to write.', required: true },
    { name: 'force', kind: 'boolean', help: 'Replace the output file if it exists.' },
    ...KDF_OPTIONS,
    ...passwordOptions({ write: true }),
  ],
  async run(ctx, args) {
    const out = required(args, 'out');
    const kdf = kdfFromArgs(ctx, args);
    const password = await readNewPassword(args, out);
    const secretKey = ctx.bls.generateSecretKey();
    try {
      const publicKey = ctx.bls.getPublicKey(secretKey);
      const keystore = await withProgress(ctx, 'Encrypting', (onProgress) =>
        encryptKeystoreAsync(secretKey, password, { kdf, onProgress, bls: ctx.bls })
      );
      ctx.output.stage(out, `${JSON.stringify(keystore, null, 2)}\n`, SECRET_FILE_MODE);
      return {
        lines: [`Wrote ${out}`, `Validator public key: ${hex0x(publicKey)}`],
        json: { public_key: hex0x(publicKey), files: [out] },
      };
    } finally {
      wipe(secretKey);
    }
  },
};
