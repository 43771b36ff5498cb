// Entry point for bundleWorkflowCode: every workflow the worker runs.
export { dossierWorkflow } from './dossier.workflow.js';
