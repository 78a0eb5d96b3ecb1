// The wrangler config an operator's tool uses to reach the deployed D1 and R2 through wrangler's remote bindings:
// wrangler.toml with `remote = true` on those bindings (everything else as is).
export function remoteConfig(toml: string): string {
  return toml.replace(/^(binding\s*=\s*"(?:DB|FILES)"\s*)$/gm, '$1\nremote = true')
}
