// Temporal connection settings shared by the worker, the API and scripts.
import { Connection, Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { requestIdClientInterceptor } from './telemetry/request-id.js';
import { tracingClientInterceptor } from './telemetry/tracing.js';
import { mayDeriveKeys, type Config } from './config.js';
import { AesGcmCodec, dataConverterFor, derivedCodecKey, parseCodecKeys } from './temporal-codec.js';
import { SEARCH_ATTRIBUTES } from './workflows/dossier.messages.js';

/** The payload codec of every client and worker: TEMPORAL_CODEC_KEYS, or (development only) a key derived from APP_SECRET. */
export function temporalCodecFor(config: Pick<Config, 'TEMPORAL_CODEC_KEYS' | 'APP_SECRET' | 'NODE_ENV'>): AesGcmCodec {
  if (config.TEMPORAL_CODEC_KEYS) return new AesGcmCodec(parseCodecKeys(config.TEMPORAL_CODEC_KEYS));
  if (!mayDeriveKeys(config)) throw new Error('TEMPORAL_CODEC_KEYS is required unless NODE_ENV is development or test');
  return new AesGcmCodec([derivedCodecKey(config.APP_SECRET)]);
}

export async function connectClient(config: Config, codec = temporalCodecFor(config)): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(codec), interceptors: { workflow: clientInterceptors() } });
}

/** The API's and the activities' client: request id and trace context on every message to a workflow. */
export function clientInterceptors() {
  return [requestIdClientInterceptor, tracingClientInterceptor()];
}

export function connectWorker(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
}

/** Registers the dossier search attributes where missing (a fresh cluster; the dev server gets them as flags). */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<void> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const missing = SEARCH_ATTRIBUTES.filter((k) => !(k.name in (existing.customAttributes ?? {})));
  if (missing.length > 0) await addSearchAttributes(client, namespace, missing);
}

export async function addSearchAttributes(client: Client, namespace: string, keys = SEARCH_ATTRIBUTES): Promise<void> {
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(keys.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
  });
}
