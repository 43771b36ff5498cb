// Production: bundle the workflow code once at build time; start workers with WORKFLOW_BUNDLE=<path>.
// Also the CI proof that workflow code bundles (no Node built-ins slipped in).
import { mkdir, writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { log, temporalLogger } from '../telemetry/log.js';
import { workflowInterceptorModules, workflowsPath } from '../worker.js';

const out = process.argv[2] ?? 'dist/workflow-bundle.js';
const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: temporalLogger(log) });
await mkdir(out.replace(/\/[^/]*$/, ''), { recursive: true });
await writeFile(out, code);
log.info({ file: out, kib: Math.round(code.length / 1024) }, 'workflow bundle written');
