// `npm run build:client`: writes the generated module of browser scripts (see bundle.ts).
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { bundleClientScripts, GENERATED_MODULE, generatedModule, REPOSITORY_ROOT } from './bundle'

writeFileSync(path.join(REPOSITORY_ROOT, GENERATED_MODULE), generatedModule(await bundleClientScripts()))
console.log(`wrote ${GENERATED_MODULE}`)
