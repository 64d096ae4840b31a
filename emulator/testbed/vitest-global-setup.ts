// vitest globalSetup: make (or reuse) the local CA and server certificate, and point NODE_EXTRA_CA_CERTS
// at the CA so forked test workers and the child processes they start trust the emulator and the test
// registry. Node reads NODE_EXTRA_CA_CERTS only at process start, so this must run before workers fork.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { ensureCertificates } from '../tls.js'

export default async function setup(): Promise<void> {
  const certificates = await ensureCertificates()
  const previous = process.env.NODE_EXTRA_CA_CERTS
  if (previous && path.resolve(previous) !== certificates.caCertPath) {
    // Keep whatever CA the caller already trusted (corporate proxy, …) next to ours.
    const bundle = path.join(path.dirname(certificates.caCertPath), 'extra-ca-bundle.pem')
    const existing = await readFile(previous, 'utf8').catch(() => '')
    await writeFile(bundle, `${existing.trim()}\n${certificates.ca.trim()}\n`)
    process.env.NODE_EXTRA_CA_CERTS = bundle
  } else {
    process.env.NODE_EXTRA_CA_CERTS = certificates.caCertPath
  }
  process.env.EMULATOR_CA_CERT = certificates.caCertPath
}
