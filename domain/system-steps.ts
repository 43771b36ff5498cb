// Names of the system steps a definition may `run`. The worker's registry
// (activities/system-steps.ts) must implement exactly these; the type ties the two together.
export const SYSTEM_STEPS = ['issueResult', 'sendToCardProduction', 'recordCardProduced'] as const;
export type SystemStepName = (typeof SYSTEM_STEPS)[number];
