// Entry point the runner executes (bundled to dist/index.js).
import { run } from './action/main.js'

await run()
