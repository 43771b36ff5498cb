// What the dossier services need: the database, the Temporal client and the secrets.
import type { Client } from '@temporalio/client';
import type { SecretBox } from '../../db/crypto.js';
import type { Db } from '../../db/database.js';

export interface DossierDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  secret: string;
  /** Seals crime reporters' identities. */
  box: SecretBox;
  /** Continue-as-new after this many events per run (default: when the server suggests it). */
  maxEventsPerRun?: number;
}
