// All side effects of workflows, built from their dependencies once by the worker.
import { createAppointmentActivities } from './appointments.activities.js';
import { createConversationActivities, type ConversationDeps } from './conversation.activities.js';
import { createDeliveryActivities, type DeliveryDeps } from './delivery.activities.js';
import { createDossierActivities } from './dossier.activities.js';
import { createSystemStepActivities } from './system-steps.js';

export type ActivityDeps = ConversationDeps & DeliveryDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDossierActivities(deps.db),
    ...createSystemStepActivities(deps.db),
    ...createAppointmentActivities(deps.db),
    ...createDeliveryActivities(deps),
    ...createConversationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
