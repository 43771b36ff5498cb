// The API's request id travels with what the request asks of Temporal (start, signal, Update) as a
// header, and from the workflow on to the activities it schedules (workflows/interceptors.ts), so an
// activity's log lines carry the id of the request that caused them. Not personal data: a random id.
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { Next, WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../workflows/request-id.js';
import { currentRequestId, withRequestId } from './log.js';

function withHeader(headers: Headers): Headers {
  const requestId = currentRequestId();
  return requestId ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

export function requestIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER];
  return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
}

/** Client side: stamps the current request id on every message to a workflow. */
export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  start: (input, next: Next<WorkflowClientInterceptor, 'start'>) => next({ ...input, headers: withHeader(input.headers) }),
  startWithDetails: (input, next: Next<WorkflowClientInterceptor, 'startWithDetails'>) => next({ ...input, headers: withHeader(input.headers) }),
  signal: (input, next: Next<WorkflowClientInterceptor, 'signal'>) => next({ ...input, headers: withHeader(input.headers) }),
  signalWithStart: (input, next: Next<WorkflowClientInterceptor, 'signalWithStart'>) => next({ ...input, headers: withHeader(input.headers) }),
  startUpdate: (input, next: Next<WorkflowClientInterceptor, 'startUpdate'>) => next({ ...input, headers: withHeader(input.headers) }),
  startUpdateWithStart: (input, next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>) =>
    next({ ...input, workflowStartHeaders: withHeader(input.workflowStartHeaders), updateHeaders: withHeader(input.updateHeaders) }),
};

/** Worker side: an activity runs (and logs) under the request id its workflow passed on. */
export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        requestId = requestIdOf(input.headers);
        return requestId ? withRequestId(requestId, () => next(input)) : next(input);
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next(requestId ? { ...input, requestId } : input),
    },
  };
};
