// Replays recorded histories (test/histories/*.bin, captured from the workflow tests with
// RECORD_HISTORIES=1) against the current bundle: a non-deterministic change to the interpreter fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { installRuntime } from '../support/temporal.js';

const dir = fileURLToPath(new URL('../histories/', import.meta.url));
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.bin')).sort();

beforeAll(() => installRuntime());

describe('replay of recorded dossier histories', () => {
  it('has fixtures for the main paths', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining([
        'tam-tru-approve-renewal.bin',
        'tam-tru-reject.bin',
        'tam-tru-withdraw.bin',
        'tam-tru-double-approval.bin',
        'tam-tru-overdue-apology.bin',
        'tam-tru-supplement-restart.bin',
        'tam-tru-supplement-expired.bin',
      ]),
    );
  });

  it.each(fixtures)('%s replays without non-determinism', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(`${dir}${file}`));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
  });
});
