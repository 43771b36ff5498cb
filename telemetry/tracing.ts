// OpenTelemetry traces, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it
// nothing is recorded. One trace follows a submission: the HTTP server span (instrumentation-http,
// named by route pattern in api/request-context.ts), PostgreSQL queries (instrumentation-pg, no
// parameter values), the Temporal client, workflow and activity spans
// (@temporalio/interceptors-opentelemetry, context carried in Temporal headers), and the Zalo calls
// (zalo/client.ts). @temporalio/interceptors-opentelemetry 1.24 builds workflow spans with the
// 1.x SDK, so the SDK packages here stay on that line (1.30 / 0.57).
import { createRequire } from 'node:module';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { trimBase } from '../zalo/oauth.js';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryWorkflowClientInterceptor, makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';

export interface Tracing {
  /** Where workflow spans (made inside the workflow sandbox) are handed over. */
  processor: SpanProcessor;
  resource: Resource;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Call before the first query or request: instrumentation patches `pg` and `http` when they are required. */
export function startTracing(service: string, endpoint: string | undefined): Tracing {
  const resource = new Resource({ [ATTR_SERVICE_NAME]: service });
  if (!endpoint) {
    const processor = new NoopSpanProcessor();
    return { processor, resource, flush: async () => {}, shutdown: async () => {} };
  }
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${trimBase(endpoint)}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Prometheus scrapes are not traced.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url?.startsWith('/metrics') === true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  // ESM imports do not pass through the require hooks: require each instrumented module once so the
  // patches (prototypes of http.Server and pg.Client) apply to every importer.
  const require = createRequire(import.meta.url);
  for (const name of ['http', 'https', 'pg', 'pg-pool']) require(name);
  return { processor, resource, flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}

/** Client side: a span per start, signal and Update, its context sent in the workflow's headers. */
export const tracingClientInterceptor = () => new OpenTelemetryWorkflowClientInterceptor();

/** Worker side: a span per activity, the child of the workflow span that scheduled it. */
export const tracingActivityInterceptor: ActivityInterceptorsFactory = (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx) });

/** The sink the bundled workflow interceptors export their spans through (a no-op without an endpoint). */
export function workflowSpanSinks(tracing: Pick<Tracing, 'processor' | 'resource'>): InjectedSinks<never> {
  return { exporter: makeWorkflowExporter(tracing.processor, tracing.resource) } as unknown as InjectedSinks<never>;
}
