// The runtime parts letters need (keyring for the applicant's name, file storage, the 复议前置 setting), from the
// Worker's bindings: one place for the routes and the cron.

import type { Bindings } from '../env'
import { type LetterDeps, reconsiderationFirstFrom } from '../services/letters/context'
import { loadKeyring } from './pii'

export function letterDepsFrom(env: Bindings): LetterDeps {
  return {
    keyring: () => loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY),
    files: env.FILES,
    reconsiderationFirst: reconsiderationFirstFrom(env.RECONSIDERATION_FIRST),
  }
}
