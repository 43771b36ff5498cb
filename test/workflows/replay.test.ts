// Replays recorded histories (test/histories/*.bin, captured from the workflow tests with
// RECORD_HISTORIES=1) against the current bundle: a non-deterministic change to the interpreter fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { startTracing, workflowSpanSinks } from '../../telemetry/tracing.js';
import { dataConverterFor } from '../../temporal-codec.js';
import { TEST_CODEC } from '../support/fixtures.js';
import { installRuntime } from '../support/temporal.js';

const dir = fileURLToPath(new URL('../histories/', import.meta.url));
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.bin')).sort();

beforeAll(() => installRuntime());

describe('replay of recorded dossier histories', () => {
  it('has fixtures for the main paths: before Zalo delivery (v1), before timers were kept until fired (v2), and today', () => {
    const paths = ['approve-renewal', 'reject', 'withdraw', 'double-approval', 'overdue-apology', 'supplement-restart', 'supplement-expired'];
    expect(fixtures).toEqual(expect.arrayContaining(paths.flatMap((p) => [`tam-tru-${p}.bin`, `tam-tru-${p}-v2.bin`, `tam-tru-${p}-v1.bin`])));
  });

  // Through the payload codec, as the worker runs: these histories predate encryption, so their
  // plain payloads must decode as they are.
  it.each(fixtures)('%s replays without non-determinism', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(`${dir}${file}`));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(
      // The bundle's tracing interceptors need their sink, as on a real worker.
      Worker.runReplayHistory(
        { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverterFor(TEST_CODEC), sinks: workflowSpanSinks(startTracing('replay', undefined)) },
        history,
        `replay-${file}`,
      ),
    ).resolves.toBeUndefined();
  });
});
