// Regenerates schemas/image-promotion.schema.json from the zod schema: `npx tsx src/policy/write-schema.ts`
// (then `npx prettier --write schemas`). __tests__/policy/schema.test.ts fails when the committed file drifts.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { policyJsonSchemaText } from './schema.js'

const POLICY_SCHEMA_PATH = fileURLToPath(
  new URL('../../schemas/image-promotion.schema.json', import.meta.url),
)

writeFileSync(POLICY_SCHEMA_PATH, policyJsonSchemaText())
console.error(`Wrote ${POLICY_SCHEMA_PATH}`)
