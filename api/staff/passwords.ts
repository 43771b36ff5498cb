// Passwords: Argon2id hashes (rehashed when today's parameters are stronger) and the policy.
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, type Options, parseOptions, verify } from '@node-rs/argon2';
import type { FieldIssue } from '../../domain/errors.js';

/** OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS: Options = { algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for anything that is not an argon2 hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash made with another algorithm or weaker parameters than today's is replaced at the next login. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const o = parseOptions(passwordHash);
    return o.algorithm !== ARGON2_OPTIONS.algorithm || o.memoryCost < ARGON2_OPTIONS.memoryCost! || o.timeCost < ARGON2_OPTIONS.timeCost! || o.parallelism !== ARGON2_OPTIONS.parallelism;
  } catch {
    return true;
  }
}

/** The password policy: 10 to 256 characters, not the username. */
export function passwordIssues(password: string, username?: string): FieldIssue[] {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return [{ path: 'password', code: 'too_small', message: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.` }];
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return [{ path: 'password', code: 'too_big', message: `Mật khẩu dài tối đa ${PASSWORD_MAX_LENGTH} ký tự.` }];
  }
  if (username && password.trim().toLowerCase() === username.toLowerCase()) {
    return [{ path: 'password', code: 'same_as_username', message: 'Mật khẩu không được trùng tên đăng nhập.' }];
  }
  return [];
}

/** Verified when the username does not exist, so both answers take about as long. */
let dummyHash: Promise<string> | undefined;
export const dummy = () => (dummyHash ??= hashPassword(randomBytes(18).toString('base64url')));

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
