// Types of the Worker's bindings and per-request context variables.
import type { Db } from '../db/client'
import type { AuthContext } from './auth/sessions'

export interface Bindings {
  DB: D1Database
  FILES: R2Bucket
  APP_VERSION: string
  /** 'production' | 'development' | 'test' */
  APP_ENV: string
  /** Days a delivered outbox row is kept (wrangler.toml [vars]; default 90). */
  OUTBOX_RETENTION_DAYS?: string
  /** JSON object of key id → base64url 32-byte AES key (secret). */
  PII_KEYS?: string
  /** Key id used for new encryptions (rotation: add a key, switch this, keep old ones for reading). */
  PII_ACTIVE_KEY?: string
  /** Deployment secret (≥ 32 chars) for HMACs: query-code hashes and one-time form tokens. */
  APP_SECRET?: string
  /** Optional HTTP gateways for applicant notifications (JSON POST, dedup id as Idempotency-Key). */
  EMAIL_ENDPOINT?: string
  SMS_ENDPOINT?: string
  NOTIFY_TOKEN?: string
  /** Outcome codes whose reply states that reconsideration comes first (复议前置), comma-separated; empty: default. */
  RECONSIDERATION_FIRST?: string
  /**
   * Self-hosted only: the request header the trusted reverse proxy sets to the client address (e.g. `x-real-ip`,
   * or `x-forwarded-for`, of which the last entry is read). Unset on Cloudflare, where CF-Connecting-IP is used.
   */
  TRUSTED_PROXY_HEADER?: string
}

export interface Variables {
  requestId: string
  /** Request time in ms; the only clock the services see. */
  now: number
  db: Db
  /** CSP nonce for inline scripts/styles on this response. */
  nonce: string
  /** Origins allowed to frame this response; empty means `frame-ancestors 'none'`. */
  frameAncestors: string[]
  auth: AuthContext | null
}

export interface AppEnv {
  Bindings: Bindings
  Variables: Variables
}
