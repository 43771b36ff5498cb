// One error taxonomy. The API maps DomainError to HTTP in one place (api/errors.ts);
// the workflow turns it into an ApplicationFailure whose type is the code.
const ERROR_STATUS = {
  VALIDATION_FAILED: 422,
  INVALID_DEFINITION: 422,
  MISSING_INPUT: 422,
  UNKNOWN_ACTION: 422,
  UNIT_NOT_COMPETENT: 422,
  INVALID_SLOT: 422,
  NO_CAPACITY: 422,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_STATE: 409,
  ASSIGNED_TO_OTHER: 409,
  ALREADY_PUBLISHED: 409,
  NOT_PUBLISHED: 409,
  ALREADY_RETIRED: 409,
  PROCEDURE_RETIRED: 409,
  WITHDRAWAL_NOT_ENDING: 409,
  SLOT_FULL: 409,
  USERNAME_TAKEN: 409,
  UNIT_CODE_TAKEN: 409,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  IDEMPOTENCY_MISMATCH: 422,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ERROR_STATUS;
}
