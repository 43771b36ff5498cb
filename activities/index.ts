// All side effects of workflows, built from their dependencies once by the worker.
import type { Db } from '../db/database.js';
import { createDossierActivities } from './dossier.activities.js';
import { createSystemStepActivities } from './system-steps.js';

export interface ActivityDeps {
  db: Db;
}

export function createActivities({ db }: ActivityDeps) {
  return { ...createDossierActivities(db), ...createSystemStepActivities(db) };
}

export type Activities = ReturnType<typeof createActivities>;
