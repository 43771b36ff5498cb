// Entry point for bundleWorkflowCode: every workflow the worker runs.
export { dossierWorkflow } from './dossier.workflow.js';
export { conversationWorkflow } from './conversation.workflow.js';
