// Identifiers shaped like Zalo's: long decimal strings for users, 20 hex digits for messages,
// opaque base64url strings for tokens and upload IDs.
import { randomBytes, randomInt } from 'node:crypto';

/** 19 decimal digits, above 2^53 like real user IDs, so a client that parses them as numbers breaks here too. */
export function numericId(): string {
  let id = String(randomInt(1, 9));
  for (let i = 0; i < 18; i++) id += String(randomInt(0, 10));
  return id;
}

export const hexId = (): string => randomBytes(10).toString('hex');

export const opaqueToken = (bytes = 36): string => randomBytes(bytes).toString('base64url');
