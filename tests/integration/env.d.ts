// Test-only bindings injected by vitest.config.ts.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
    TEST_DEMO_PASSWORD_HASH: string
    PII_KEYS: string
    PII_ACTIVE_KEY: string
    APP_SECRET: string
  }
}

// Text fixtures imported as strings (Vite `?raw`).
declare module '*.txt?raw' {
  const text: string
  export default text
}

// Text fixtures with other extensions, and binary ones as base64 data URLs (`?inline`; see vitest.config.ts).
declare module '*.csv?raw' {
  const text: string
  export default text
}
declare module '*.xlsx?inline' {
  const dataUrl: string
  export default dataUrl
}
