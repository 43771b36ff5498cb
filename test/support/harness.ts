// One time-skipping Temporal server, a worker with the real activities and a ward team per test
// file, plus the helpers the workflow tests share. Call at the top level of a test file.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { getPublished } from '../../api/procedures/service.js';
import { actOnDossier } from '../../api/dossiers/updates.js';
import { submitDossier } from '../../api/dossiers/submit.js';
import { type DossierDeps } from '../../api/dossiers/deps.js';
import { calendarFrom, type CalendarData } from '../../domain/calendar.js';
import type { Db } from '../../db/database.js';
import { dossierRow, submitRequest, tamTruForm, TEST_BOX, TEST_SECRET, testDb, waitForState, wardTeam } from './fixtures.js';
import { startWorker, timeSkippingEnv, type RunningWorker } from './temporal.js';

export interface Harness {
  env: TestWorkflowEnvironment;
  db: Db;
  deps: DossierDeps;
  team: Awaited<ReturnType<typeof wardTeam>>;
  /** The national calendar as seeded, for computing expected due dates. */
  cal: CalendarData;
}

export function useTimeSkippingHarness() {
  const h = {} as Harness;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    h.env = await timeSkippingEnv();
    h.db = testDb();
    worker = await startWorker(h.env, h.db);
    h.deps = { db: h.db, temporal: h.env.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, box: TEST_BOX };
    h.team = await wardTeam(h.db);
    h.cal = calendarFrom(await h.db.selectFrom('holidays').select(['date', 'kind', 'status']).execute());
  });

  afterAll(async () => {
    await worker?.stop();
    await h.env?.teardown();
    await h.db?.destroy();
  });

  const row = (code: string) => dossierRow(h.db, code);

  /** Submits a TAM_TRU dossier at the server's current time and waits for its intake task. */
  async function submitted(deps = h.deps, stayDays = 365) {
    const now = await h.env.currentTimeMs();
    const { dossier } = await submitDossier(deps, submitRequest(tamTruForm(now, stayDays)), undefined, new Date(now));
    expect(dossier.workflowStarted).toBe(true);
    return { ...dossier, row: await waitForState(h.db, dossier.code, 'intake') };
  }

  /**
   * Submits a dossier of any published procedure at the server's current time (at the team's ward
   * unless `unitId` says otherwise) and waits for the definition's initial state.
   */
  async function submitProcedure(code: string, formData: Record<string, unknown>, opts: { deps?: DossierDeps; unitId?: string } = {}) {
    const definition = await getPublished(h.db, code);
    if (!definition) throw new Error(`procedure ${code} is not published in the test database`);
    const now = await h.env.currentTimeMs();
    const request = { ...submitRequest(formData, opts.unitId), procedureCode: code };
    const { dossier } = await submitDossier(opts.deps ?? h.deps, request, undefined, new Date(now));
    expect(dossier.workflowStarted).toBe(true);
    return { ...dossier, row: await waitForState(h.db, dossier.code, definition.initial) };
  }

  /** A clerk of the team acts with the version the read model shows. */
  async function act(code: string, who: keyof Harness['team'], action: string, extra: Record<string, unknown> = {}) {
    const current = await row(code);
    return actOnDossier(h.deps, current, { actor: h.team[who].actor, action, expectedVersion: current.state_version, ...extra });
  }

  return { h, row, submitted, submitProcedure, act };
}
