// The worker's own Prometheus series (prom-client), beside the Temporal SDK's exporter (worker.ts):
// counters the activities move as things happen, and gauges read from PostgreSQL at each scrape.
// Every worker reports the same gauges: dashboards take max() over instances.
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Db } from '../db/database.js';
import { zaloRegistry } from './zalo-metrics.js';

const counters = new Registry();
collectDefaultMetrics({ register: counters, prefix: 'motcua_worker_' });

/** channel: zalo_cs, zns or none; outcome: sent, zns_fallback (the chat window closed; tried by phone), undeliverable, no_zalo_identity (a web applicant: nothing to try). */
export const messagesDelivered = new Counter({
  name: 'motcua_messages_total',
  help: 'Messages to residents by channel and outcome',
  labelNames: ['channel', 'outcome'] as const,
  registers: [counters],
});

/** Gauges computed from the read models when Prometheus scrapes. */
function storeGauges(db: Db): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[], read: () => Promise<Array<{ n: number | string } & Record<string, string | number>>>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const rows = await read();
        this.reset();
        for (const { n, ...labels } of rows) this.set(labels, Number(n));
      },
    });

  gauge('motcua_dossiers_open', 'Open dossiers by unit and state', ['unit', 'state'], () =>
    db
      .selectFrom('dossiers')
      .select(['unit_id as unit', sql<string>`coalesce(state, 'not_started')`.as('state'), (eb) => eb.fn.countAll<string>().as('n')])
      .where('closed_at', 'is', null)
      .groupBy(['unit_id', 'state'])
      .execute(),
  );
  gauge('motcua_dossiers_open_late', 'Open dossiers past their statutory due date, by unit', ['unit'], () =>
    db
      .selectFrom('dossiers')
      .select(['unit_id as unit', (eb) => eb.fn.countAll<string>().as('n')])
      .where('closed_at', 'is', null)
      .where('due_at', '<', sql<Date>`now()`)
      .groupBy('unit_id')
      .execute(),
  );
  gauge('motcua_dossiers_closed', 'Closed dossiers by unit, on time or late against their (possibly extended) due date', ['unit', 'timeliness'], () =>
    db
      .selectFrom('dossiers')
      .select(['unit_id as unit', sql<string>`case when due_at is not null and closed_at > due_at then 'late' else 'on_time' end`.as('timeliness'), (eb) => eb.fn.countAll<string>().as('n')])
      .where('closed_at', 'is not', null)
      .groupBy(['unit_id', 'timeliness'])
      .execute(),
  );
  gauge('motcua_tasks_overdue', 'Open clerk tasks past their due date, by unit', ['unit'], () =>
    db
      .selectFrom('tasks')
      .select(['unit_id as unit', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', '=', 'open')
      .where('due_at', '<', sql<Date>`now()`)
      .groupBy('unit_id')
      .execute(),
  );
  gauge('motcua_apology_letters', 'Dossiers that were sent an apology letter with a new date (ND 61/2018 Art 19.9), by unit', ['unit'], () =>
    db
      .selectFrom('dossiers')
      .select(['unit_id as unit', (eb) => eb.fn.countAll<string>().as('n')])
      .where('apology_sent_at', 'is not', null)
      .groupBy('unit_id')
      .execute(),
  );
  gauge('motcua_zalo_oa_needs_reauth', '1 when an OA grant died and an admin must re-authorise it', ['oa_id', 'unit'], () =>
    db
      .selectFrom('zalo_oas')
      .select(['oa_id', 'unit_id as unit', sql<number>`case when status = 'needs_reauth' then 1 else 0 end`.as('n')])
      .execute(),
  );
  return registry;
}

export function workerRegistry(db: Db): Registry {
  return Registry.merge([counters, zaloRegistry, storeGauges(db)]);
}
