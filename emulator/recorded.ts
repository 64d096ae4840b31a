// Seeds built from recorded real Azure responses (__tests__/fixtures/azure/recorded/, transcribed from Microsoft's
// public test cassettes), so the emulator serves what Azure actually answered and the action is run against
// real shapes: display-name target regions, absent per-region flags, `+00:00` dates, safety flags.
import { readFile } from 'node:fs/promises'

import { regionKey } from './regions.js'
import type { EmulatorSeed, ImageSeed, RegionSeed, ReplicationState, VersionSeed } from './seed.js'

export interface RecordedInteraction {
  note?: string
  method: string
  path: string
  query?: string
  status: number
  headers?: Record<string, string>
  requestBody?: unknown
  body?: unknown
}

export interface RecordedSession {
  source: Record<string, string>
  interactions: RecordedInteraction[]
}

export async function loadRecordedSession(file: string): Promise<RecordedSession> {
  const session = JSON.parse(await readFile(file, 'utf8')) as RecordedSession
  if (!Array.isArray(session.interactions)) {
    throw new Error(`${file} is not a recorded session: it has no 'interactions' list`)
  }
  return session
}

/** The ARM resource body of the last GET of `resourcePath` (case-insensitive), as the recording answered it. */
export function recordedGet(session: RecordedSession, resourcePath: string): Record<string, unknown> {
  const wanted = resourcePath.toLowerCase()
  const body = session.interactions
    .filter((entry) => entry.method === 'GET' && entry.path.toLowerCase() === wanted && isRecord(entry.body))
    .at(-1)?.body
  if (!isRecord(body)) throw new Error(`The recorded session has no GET body for ${resourcePath}`)
  return body
}

interface ArmVersion {
  name?: string
  location?: string
  tags?: Record<string, string>
  properties?: {
    publishingProfile?: {
      targetRegions?: {
        name: string
        regionalReplicaCount?: number
        storageAccountType?: string
        excludeFromLatest?: boolean
      }[]
      replicaCount?: number
      excludeFromLatest?: boolean
      publishedDate?: string
      endOfLifeDate?: string
      storageAccountType?: string
    }
    storageProfile?: Record<string, unknown>
    safetyProfile?: {
      allowDeletionOfReplicatedLocations?: boolean
      blockDeletionBeforeEndOfLife?: boolean
      policyViolations?: { category: string; details?: string }[]
    }
    provisioningState?: VersionSeed['provisioningState']
    replicationStatus?: {
      summary?: { region: string; state?: ReplicationState; progress?: number; details?: string }[]
    }
  }
}

/** A version seed that renders back as the recorded body; fields the recording left out stay out. */
export function versionSeedFromArm(resource: Record<string, unknown>): VersionSeed {
  const version = resource as ArmVersion
  if (!version.name) throw new Error('A recorded version body needs a name')
  const properties = version.properties ?? {}
  const profile = properties.publishingProfile ?? {}
  const replication = new Map(
    (properties.replicationStatus?.summary ?? []).map((entry) => [regionKey(entry.region), entry] as const),
  )
  const regions = (profile.targetRegions ?? []).map((region): RegionSeed => {
    const status = replication.get(regionKey(region.name))
    return {
      name: region.name,
      ...(region.regionalReplicaCount !== undefined ? { replicas: region.regionalReplicaCount } : {}),
      ...(region.storageAccountType ? { storageAccountType: region.storageAccountType } : {}),
      ...(region.excludeFromLatest !== undefined ? { excludeFromLatest: region.excludeFromLatest } : {}),
      ...(status?.state ? { state: status.state } : {}),
      ...(status?.progress !== undefined ? { progress: status.progress } : {}),
      ...(status?.details ? { details: status.details } : {}),
    }
  })
  const safety = properties.safetyProfile ?? {}
  return {
    name: version.name,
    ...(version.location ? { location: version.location } : {}),
    regions,
    ...(profile.excludeFromLatest !== undefined ? { excludeFromLatest: profile.excludeFromLatest } : {}),
    ...(properties.provisioningState ? { provisioningState: properties.provisioningState } : {}),
    ...(profile.publishedDate ? { publishedDate: profile.publishedDate } : {}),
    ...(profile.endOfLifeDate ? { endOfLifeDate: profile.endOfLifeDate } : {}),
    tags: { ...version.tags },
    ...(profile.storageAccountType ? { storageAccountType: profile.storageAccountType } : {}),
    ...(profile.replicaCount !== undefined ? { replicaCount: profile.replicaCount } : {}),
    ...(safety.policyViolations ? { policyViolations: safety.policyViolations } : {}),
    ...(safety.allowDeletionOfReplicatedLocations !== undefined
      ? { allowDeletionOfReplicatedLocations: safety.allowDeletionOfReplicatedLocations }
      : {}),
    ...(safety.blockDeletionBeforeEndOfLife !== undefined
      ? { blockDeletionBeforeEndOfLife: safety.blockDeletionBeforeEndOfLife }
      : {}),
    ...(properties.storageProfile ? { storageProfile: properties.storageProfile } : {}),
  }
}

interface ArmImage {
  name?: string
  location?: string
  tags?: Record<string, string>
  properties?: {
    osType?: ImageSeed['osType']
    osState?: ImageSeed['osState']
    hyperVGeneration?: ImageSeed['hyperVGeneration']
    architecture?: ImageSeed['architecture']
    identifier?: ImageSeed['identifier']
    description?: string
  }
}

/** An image definition seed from its recorded GET body, holding `versions`. */
export function imageSeedFromArm(resource: Record<string, unknown>, versions: VersionSeed[]): ImageSeed {
  const image = resource as ArmImage
  if (!image.name) throw new Error('A recorded image definition body needs a name')
  const properties = image.properties ?? {}
  return {
    name: image.name,
    ...(image.location ? { location: image.location } : {}),
    ...(properties.osType ? { osType: properties.osType } : {}),
    ...(properties.osState ? { osState: properties.osState } : {}),
    ...(properties.hyperVGeneration ? { hyperVGeneration: properties.hyperVGeneration } : {}),
    ...(properties.architecture ? { architecture: properties.architecture } : {}),
    ...(properties.identifier ? { identifier: properties.identifier } : {}),
    ...(properties.description ? { description: properties.description } : {}),
    tags: { ...image.tags },
    versions,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Where the recorded 2022 SDK session's image definition lives (sanitised ids, as recorded). */
export const RECORDED_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000'
export const IMAGE_PATH = `/subscriptions/${RECORDED_SUBSCRIPTION}/resourceGroups/rgname/providers/Microsoft.Compute/galleries/galleryname4a232cfa/images/imagex4a232cfa`
/** The 2026 CLI session's version (end-of-life date set at publish time, deletion blocked before it). */
export const EOL_VERSION_PATH = `/subscriptions/${RECORDED_SUBSCRIPTION}/resourceGroups/cli_test_image_version_end_of_life_date_000001/providers/Microsoft.Compute/galleries/gallery_000003/images/image000004/versions/1.1.1`

/**
 * The 2022 session's image definition holding its recorded version 1.0.0 and, beside it, the 2026 CLI session's
 * 1.1.1, every body as Azure answered it; the identity is the one the caller's tokens are for.
 */
export function recordedGallerySeed(
  sessions: { python: RecordedSession; cli: RecordedSession },
  identity: { tenantId: string; clientId: string },
): EmulatorSeed {
  const versions = [
    versionSeedFromArm(recordedGet(sessions.python, `${IMAGE_PATH}/versions/1.0.0`)),
    versionSeedFromArm(recordedGet(sessions.cli, EOL_VERSION_PATH)),
  ]
  return {
    identities: [identity],
    subscriptions: [
      {
        id: RECORDED_SUBSCRIPTION,
        tenantId: identity.tenantId,
        resourceGroups: [
          {
            name: 'rgname',
            location: 'eastus2',
            galleries: [
              {
                name: 'galleryname4a232cfa',
                images: [imageSeedFromArm(recordedGet(sessions.python, IMAGE_PATH), versions)],
              },
            ],
          },
        ],
      },
    ],
  }
}
