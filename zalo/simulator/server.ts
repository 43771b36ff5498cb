// Process entry: `npx tsx zalo/simulator/server.ts` (env SIM_PORT, default 3100; SIM_HOST, default
// 127.0.0.1; SIM_PUBLIC_URL when reached through another address).
import { startSimulator } from './index.js';

const port = Number(process.env.SIM_PORT ?? 3100);
const host = process.env.SIM_HOST ?? '127.0.0.1';

const sim = await startSimulator({ port, host, publicUrl: process.env.SIM_PUBLIC_URL, log: (line) => console.log(`zalo-sim: ${line}`) });
console.log(`zalo-sim: listening on ${sim.url} (chat page ${sim.url}/, control API ${sim.url}/_sim)`);

const stop = () => void sim.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
