// Local certificate authority for the emulator (and the test OCI registry): a CA and a server certificate
// for 127.0.0.1, ::1 and localhost, made once with the `openssl` CLI and reused while still valid.
// Generation happens in a scratch directory that is renamed into place, so parallel callers (vitest
// globalSetup, the CLI, other test processes) never see or mix half-written files.
import { execFile } from 'node:child_process'
import { randomBytes, X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, rename, writeFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

export interface Certificates {
  /** PEM file of the CA: point NODE_EXTRA_CA_CERTS here. */
  caCertPath: string
  caKeyPath: string
  /** Server certificate (PEM) for 127.0.0.1, ::1, localhost. */
  certPath: string
  keyPath: string
  ca: string
  cert: string
  key: string
}

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'server.pem', key: 'server-key.pem' } as const

/** Repository root (this file lives in `<root>/emulator/`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const defaultTlsDir = path.join(repoRoot, '.tmp', 'tls')

/** Create (once) or reuse the CA and server certificate in `dir` (default `<repo>/.tmp/tls`). */
export async function ensureCertificates(dir: string = defaultTlsDir): Promise<Certificates> {
  const target = path.resolve(dir)
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await readValid(target)
    if (existing) return existing
    await mkdir(path.dirname(target), { recursive: true })
    const scratch = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
    try {
      await generate(scratch)
      if (existsSync(target)) {
        // Incomplete or expired set: only remove what we own, then take its place.
        const again = await readValid(target)
        if (again) return again
        await removeKnownFiles(target)
      }
      try {
        await rename(scratch, target)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
        // Someone else won the race; loop and read theirs.
      }
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  }
  const result = await readValid(target)
  if (!result) throw new Error(`Could not create TLS certificates in ${target}`)
  return result
}

async function readValid(dir: string): Promise<Certificates | undefined> {
  const paths = {
    caCertPath: path.join(dir, FILES.ca),
    caKeyPath: path.join(dir, FILES.caKey),
    certPath: path.join(dir, FILES.cert),
    keyPath: path.join(dir, FILES.key),
  }
  try {
    const [ca, cert, key] = await Promise.all([
      readFile(paths.caCertPath, 'utf8'),
      readFile(paths.certPath, 'utf8'),
      readFile(paths.keyPath, 'utf8'),
    ])
    if (!existsSync(paths.caKeyPath)) return undefined
    const caX509 = new X509Certificate(ca)
    const serverX509 = new X509Certificate(cert)
    const soon = Date.now() + 24 * 3600 * 1000
    if (new Date(caX509.validTo).getTime() < soon || new Date(serverX509.validTo).getTime() < soon)
      return undefined
    if (!serverX509.checkIssued(caX509) || !serverX509.verify(caX509.publicKey)) return undefined
    if (!serverX509.checkIP('127.0.0.1') || !serverX509.checkHost('localhost')) return undefined
    return { ...paths, ca, cert, key }
  } catch {
    return undefined
  }
}

async function removeKnownFiles(dir: string): Promise<void> {
  for (const name of [...Object.values(FILES), 'server.csr', 'server.ext', 'ca.srl']) {
    await rm(path.join(dir, name), { force: true })
  }
  if ((await readdir(dir)).length === 0) await rm(dir, { recursive: true, force: true })
}

async function openssl(cwd: string, args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd })
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ''
    throw new Error(`openssl ${args[0]} failed: ${stderr || String(error)}`)
  }
}

async function generate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  await openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '3650',
    '-subj',
    '/CN=Azure Image Promote Emulator Local CA',
    '-keyout',
    FILES.caKey,
    '-out',
    FILES.ca,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
  ])
  await openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-subj',
    '/CN=localhost',
    '-keyout',
    FILES.key,
    '-out',
    'server.csr',
  ])
  await writeFile(
    path.join(dir, 'server.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid,issuer',
      '',
    ].join('\n'),
  )
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    FILES.ca,
    '-CAkey',
    FILES.caKey,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-sha256',
    '-days',
    '825',
    '-extfile',
    'server.ext',
    '-out',
    FILES.cert,
  ])
  await rm(path.join(dir, 'server.csr'), { force: true })
  await rm(path.join(dir, 'server.ext'), { force: true })
}
