// Production: bundle the workflow code once at build time; start workers with WORKFLOW_BUNDLE=<path>.
// Also the CI proof that workflow code bundles (no Node built-ins slipped in).
import { mkdir, writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '../worker.js';

const out = process.argv[2] ?? 'dist/workflow-bundle.js';
const { code } = await bundleWorkflowCode({ workflowsPath });
await mkdir(out.replace(/\/[^/]*$/, ''), { recursive: true });
await writeFile(out, code);
console.log(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
