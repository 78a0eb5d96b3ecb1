// `npm run -s demo:code`: the current TOTP code of the demo accounts' second factor (DEMO_TOTP_SECRET), for
// trying the demo without an authenticator app. Demo only: real accounts each have their own secret.
import { TOTP_PERIOD_S, totpCode, totpStep } from '../workers/auth/totp'
import { DEMO_TOTP_SECRET } from './seed/constants'

const now = Date.now()
const left = TOTP_PERIOD_S - (Math.floor(now / 1000) % TOTP_PERIOD_S)
console.log(`${totpCode(DEMO_TOTP_SECRET, now)}   (valid ${left} s more; step ${totpStep(now)})`)
