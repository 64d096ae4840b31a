// Certificate paths for tests (the same CA/server pair the emulator and the test OCI registry use).
// `caTrusted` says whether this process trusts the CA through NODE_EXTRA_CA_CERTS (set by
// emulator/testbed/vitest-global-setup.ts before workers fork); when false, pass `ca` to clients explicitly.
import { readFileSync } from 'node:fs'

import { ensureCertificates, type Certificates } from '../tls.js'

export const certificates: Certificates = await ensureCertificates()
export const { caCertPath, certPath, keyPath, ca, cert, key } = certificates

function trusted(): boolean {
  const extra = process.env.NODE_EXTRA_CA_CERTS
  if (!extra) return false
  try {
    return readFileSync(extra, 'utf8').includes(ca.trim())
  } catch {
    return false
  }
}

export const caTrusted: boolean = trusted()

/** Throw a clear error when a test needs Node's own trust store to include the emulator CA. */
export function requireTrustedCa(): void {
  if (!caTrusted) {
    throw new Error(
      `NODE_EXTRA_CA_CERTS does not include ${caCertPath}. Register the global setup in vitest.config.ts: ` +
        `globalSetup: ['./emulator/testbed/vitest-global-setup.ts']`,
    )
  }
}
