import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Makes the local CA and trusts it (NODE_EXTRA_CA_CERTS) before workers fork.
    globalSetup: ['./emulator/testbed/vitest-global-setup.ts'],
    // Action output (workflow commands, child runs) is printed only for a failing test.
    setupFiles: ['./emulator/testbed/action-output.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start servers and child processes; CI has two cores.
    maxWorkers: 2,
  },
})
