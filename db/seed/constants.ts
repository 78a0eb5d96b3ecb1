// Demo seed constants shared by the seed, the test config and the README.
export const DEFAULT_DEMO_PASSWORD = 'demo-pass-2026'
/**
 * The demo's TOTP secret (base32): the seed enrols the accounts whose role requires a second factor (demo-admin,
 * demo-auditor, demo-operator) with it so the demo and the tests can log in. Public, so never for real accounts.
 */
export const DEMO_TOTP_SECRET = 'GOVDEMOTOTPSECRETGOVDEMOTOTPSECR'
/** The demo accounts enrolled with DEMO_TOTP_SECRET. */
export const DEMO_MFA_USERNAMES: readonly string[] = ['demo-admin', 'demo-auditor', 'demo-operator']
