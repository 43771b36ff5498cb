// Webhook work before the signature check (npx tsx bench/webhook.ts): isProbe + JSON parse of a hostile
// 256 KiB body of spaces plus one letter, against a plain Buffer.toString of the same bytes as baseline.
// The old probe regex (/^\s*(\{\s*\})?\s*$/) is timed once on 16 KiB only: it is quadratic (issue 11 #1).
import { performance } from 'node:perf_hooks';
import { isProbe, parseWebhookEvent, WebhookParseError } from '../zalo/webhook.js';
import { measureSync, printMachine, printTable } from './harness.js';

const hostile = Buffer.from(`${' '.repeat(256 * 1024 - 1)}a`);

function preSignatureWork(body: Buffer): boolean {
  if (isProbe(body)) return true;
  try {
    parseWebhookEvent(body);
  } catch (err) {
    if (!(err instanceof WebhookParseError)) throw err;
  }
  return false;
}

printMachine();
const [baseline, work] = measureSync([() => hostile.toString('utf8'), () => preSignatureWork(hostile)]);
printTable([
  { name: 'toString of 256 KiB', figures: baseline },
  { name: 'isProbe + parse, 256 KiB hostile', figures: work, baseline: 'toString of 256 KiB' },
]);
const small = `${' '.repeat(16 * 1024 - 1)}a`;
const start = performance.now();
/^\s*(\{\s*\})?\s*$/.test(small); // eslint-disable-line regexp/no-super-linear-backtracking -- the old code, measured
console.log(`old probe regex on 16 KiB hostile: ${(performance.now() - start).toFixed(0)} ms (quadratic: ×256 for 256 KiB)`);
