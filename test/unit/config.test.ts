// Production defaults (issue 11 #8): only an explicit NODE_ENV=development or test runs on derived
// keys; anything else (unset included) refuses to start without every secret.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { temporalCodecFor } from '../../temporal.js';
import { secretBoxFor } from '../../zalo-setup.js';

const key = () => randomBytes(32).toString('base64');
const production = {
  APP_SECRET: randomBytes(32).toString('hex'),
  SECRETS_KEY: key(),
  PUBLIC_URL: 'https://motcua.example.vn',
  TEMPORAL_CODEC_KEYS: `k1:${key()}`,
};

describe('loadConfig', () => {
  it('treats an unset NODE_ENV as production and names every missing secret', () => {
    expect(() => loadConfig({})).toThrow(/APP_SECRET[\s\S]*SECRETS_KEY[\s\S]*PUBLIC_URL[\s\S]*TEMPORAL_CODEC_KEYS/);
    for (const missing of Object.keys(production)) {
      const env: Record<string, string> = { ...production };
      delete env[missing];
      expect(() => loadConfig(env), missing).toThrow(new RegExp(`${missing}: ${missing} must be set`));
    }
    expect(() => loadConfig({ NODE_ENV: 'staging', ...production })).toThrow(/NODE_ENV/);
    expect(() => loadConfig({ ...production, APP_SECRET: 'dev-only-secret-change-me-0123456789abcdef' })).toThrow(/APP_SECRET/);
  });

  it('starts in production with every secret, and in development or test without any', () => {
    expect(loadConfig(production)).toMatchObject({ NODE_ENV: 'production', publicUrl: production.PUBLIC_URL });
    for (const NODE_ENV of ['development', 'test']) expect(loadConfig({ NODE_ENV }).APP_SECRET).toHaveLength(42);
  });

  it('never derives the encryption keys from the application secret outside development and tests', () => {
    const derived = { APP_SECRET: production.APP_SECRET, SECRETS_KEY: undefined, TEMPORAL_CODEC_KEYS: undefined };
    expect(() => secretBoxFor({ ...derived, NODE_ENV: 'production' })).toThrow(/SECRETS_KEY is required/);
    expect(() => temporalCodecFor({ ...derived, NODE_ENV: 'production' })).toThrow(/TEMPORAL_CODEC_KEYS is required/);
    expect(secretBoxFor({ ...derived, NODE_ENV: 'development' }).encrypt('x', 'test.x:1')).toMatch(/^v2:/);
    expect(temporalCodecFor({ ...derived, NODE_ENV: 'test' })).toBeDefined();
  });
});
