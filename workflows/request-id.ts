// Workflow interceptors (bundled with the workflows, deterministic): the request id a client put on
// the latest start, signal or Update goes on to the activities scheduled next and on workflow log
// lines. Concurrent handlers may interleave; the id is for correlation, not for decisions.
import { defaultPayloadConverter, type Headers, type WorkflowInterceptors } from '@temporalio/workflow';

export const REQUEST_ID_HEADER = 'motcua-request-id';

export const interceptors = (): WorkflowInterceptors => {
  let requestId: Headers[string] | undefined;
  const remember = (headers: Headers) => {
    if (headers[REQUEST_ID_HEADER]) requestId = headers[REQUEST_ID_HEADER];
  };
  return {
    inbound: [
      {
        execute: (input, next) => (remember(input.headers), next(input)),
        handleSignal: (input, next) => (remember(input.headers), next(input)),
        handleUpdate: (input, next) => (remember(input.headers), next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next(requestId ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: requestId } } : input),
        scheduleLocalActivity: (input, next) => next(requestId ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: requestId } } : input),
        getLogAttributes: (input, next) => next(requestId ? { ...input, requestId: defaultPayloadConverter.fromPayload(requestId) } : input),
      },
    ],
  };
};
