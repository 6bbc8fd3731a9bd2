/**
 * dvt-bls in a browser: a 3-of-5 distributed validator key, partial signatures of four operators
 * (one of them wrong), robust recombination and verification, all through the root import
 * `dvt-bls`, which a bundler resolves to the portable noble build (nothing native).
 *
 * The outcome is shown in a table and, as JSON, in `#result` (its `data-status` is set last), which
 * test/browser.test.ts reads in headless Chromium. Build with `npm run build:browser`, then serve
 * this folder and open index.html.
 */
import {
  backend,
  combineVerified,
  DvtBlsError,
  generateSecretKey,
  getPublicKeyShare,
  partialSign,
  sign,
  splitSecret,
  verify,
} from 'dvt-bls';

const toHex = (bytes: Uint8Array): string => `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;

/** What the page reports (public values only: never a secret key or a share). */
interface Outcome {
  status: 'ok';
  backend: string;
  threshold: number;
  ids: number[];
  answered: number[];
  signers: number[];
  invalid: number[];
  verified: boolean;
  sameAsDirectSignature: boolean;
  message: string;
  groupPublicKey: string;
  signature: string;
  milliseconds: number;
}

function run(): Outcome {
  const started = performance.now();
  const threshold = 3;
  const ids = [1, 2, 3, 4, 5];

  // The dealer: a validator key (from the browser's CSPRNG), split 3-of-5 with Feldman commitments.
  const secretKey = generateSecretKey();
  const { shares, commitments } = splitSecret(secretKey, { threshold, ids });
  const groupPublicKey = commitments[0]!;
  const publicKeyShares = ids.map((id) => ({ id, publicKey: getPublicKeyShare(commitments, id) }));

  // A duty: operators 1, 2, 4 and 5 answer; operator 2 signs another message.
  const message = new TextEncoder().encode('dvt-bls browser example: a signing root');
  const wrong = new TextEncoder().encode('dvt-bls browser example: another root');
  const answering = shares.filter((s) => s.id !== 3);
  const partials = answering.map((s) => partialSign(s, s.id === 2 ? wrong : message));

  // The combiner: the first three partials do not verify together, so each is checked.
  const result = combineVerified({ message, partials, threshold, groupPublicKey, publicKeyShares });

  return {
    status: 'ok',
    backend,
    threshold,
    ids,
    answered: answering.map((s) => s.id),
    signers: result.signers,
    invalid: result.invalid,
    verified: verify(groupPublicKey, message, result.signature),
    sameAsDirectSignature: toHex(result.signature) === toHex(sign(secretKey, message)),
    message: toHex(message),
    groupPublicKey: toHex(groupPublicKey),
    signature: toHex(result.signature),
    milliseconds: Math.round(performance.now() - started),
  };
}

function row(name: string, value: string, className?: string): string {
  const cell = className === undefined ? value : `<span class="${className}">${value}</span>`;
  return `<tr><th>${name}</th><td>${cell}</td></tr>`;
}

function show(outcome: Outcome | { status: 'error'; code?: string; message: string }): void {
  const summary = document.getElementById('summary') as HTMLTableElement;
  const result = document.getElementById('result') as HTMLPreElement;
  if (outcome.status === 'ok') {
    summary.innerHTML = [
      row('Status', outcome.verified ? 'signature verified' : 'NOT verified', outcome.verified ? 'ok' : 'bad'),
      row('Backend', outcome.backend),
      row('Threshold', `${outcome.threshold} of ${outcome.ids.length} (ids ${outcome.ids.join(', ')})`),
      row('Answered', outcome.answered.join(', ')),
      row('Culprits named', outcome.invalid.join(', ') || 'none', outcome.invalid.length > 0 ? 'bad' : undefined),
      row('Combined', outcome.signers.join(', ')),
      row('Equals sign(secret, message)', String(outcome.sameAsDirectSignature)),
      row('Validator public key', outcome.groupPublicKey),
      row('Signature', outcome.signature),
      row('Time', `${outcome.milliseconds} ms`),
    ].join('');
  } else {
    summary.innerHTML = row('Status', `failed: ${outcome.code ?? ''} ${outcome.message}`, 'bad');
  }
  result.textContent = JSON.stringify(outcome, null, 2);
  result.dataset.status = outcome.status;
}

try {
  show(run());
} catch (e) {
  show({
    status: 'error',
    ...(e instanceof DvtBlsError ? { code: e.code } : {}),
    message: e instanceof Error ? e.message : String(e),
  });
}
