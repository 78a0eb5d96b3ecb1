// Demo seed constants shared by the seed, the test config and the README.
export const DEFAULT_DEMO_PASSWORD = 'demo-pass-2026'
