// The registry of named system steps a definition may `run`. Every step is idempotent:
// it may run again after a retry or a worker crash.
import { ApplicationFailure } from '@temporalio/activity';
import type { SystemStepInput } from '../domain/contracts/dossier.js';
import type { SystemStepName } from '../domain/system-steps.js';
import type { Db } from '../db/database.js';

type Step = (input: SystemStepInput) => Promise<Record<string, unknown>>;

function createSystemSteps(db: Db): Record<SystemStepName, Step> {
  return {
    /** Records the result document (e.g. CT08 notice); a second run returns the first result. */
    async issueResult(input) {
      const result = { document: input.resultFormCode ?? 'KQ', number: `${input.resultFormCode ?? 'KQ'}-${input.code}`, issuedAt: new Date().toISOString() };
      await db
        .updateTable('dossiers')
        .set({ result: JSON.stringify(result) })
        .where('id', '=', input.dossierId)
        .where('result', 'is', null)
        .execute();
      const row = await db.selectFrom('dossiers').select('result').where('id', '=', input.dossierId).executeTakeFirstOrThrow();
      return row.result ?? result;
    },
    /**
     * Orders the card from the production system. Here the order is a row the (simulated) production
     * system works from; it reports back through POST /api/integrations/events (cardProduced).
     */
    async sendToCardProduction(input) {
      await db.insertInto('card_production_orders').values({ dossier_id: input.dossierId, status: 'ordered' }).onConflict((oc) => oc.doNothing()).execute();
      return { ordered: true };
    },
    /** Closes the card order once the card exists (reported by the production system, or confirmed by a clerk). */
    async recordCardProduced(input) {
      await db
        .updateTable('card_production_orders')
        .set({ status: 'produced', produced_at: new Date() })
        .where('dossier_id', '=', input.dossierId)
        .where('status', '=', 'ordered')
        .execute();
      return { produced: true };
    },
  };
}

export function createSystemStepActivities(db: Db) {
  const steps = createSystemSteps(db);
  return {
    async runSystemStep(input: SystemStepInput): Promise<Record<string, unknown>> {
      const step = steps[input.step as SystemStepName];
      if (!step) throw ApplicationFailure.nonRetryable(`Unknown system step ${input.step}`, 'UNKNOWN_SYSTEM_STEP');
      return step(input);
    },
  };
}
