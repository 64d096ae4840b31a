// Who still uses a gallery image version: scale sets and virtual machines whose image reference names it,
// found with one Azure Resource Graph query for all candidate versions, paged with skipToken.
//
// The query runs at tenant scope (no subscription list), so it sees every subscription the identity can read;
// users in subscriptions it cannot read are not found. References to the image definition without a version
// (`latest`) are not matched: only the version id.
import type { ResourceGraphClient } from '@azure/arm-resourcegraph'
import { forEachPage, kqlEscape } from '../azure/resource-graph.js'

export interface VmUser {
  /** ARM id of the scale set or virtual machine. */
  id: string
  name: string
  kind: 'scale set' | 'virtual machine'
  /** The image reference id, lowercased. */
  imageId: string
}

export interface UsageLookup {
  /** Users per version id (key: the id lowercased; every id asked for is present, possibly with []). */
  usersOf(versionIds: string[]): Promise<Map<string, VmUser[]>>
}

/** Ids per query: keeps the query text well under Resource Graph's limits. */
export const IDS_PER_QUERY = 200

const STEP = 'Looking up scale sets and virtual machines that use the versions (Resource Graph)'
const SCALE_SET = 'microsoft.compute/virtualmachinescalesets'
const VIRTUAL_MACHINE = 'microsoft.compute/virtualmachines'

/** The one query for a set of version ids (exported for tests and the emulator). */
export function usageQuery(versionIds: string[]): string {
  const list = versionIds.map((id) => `'${kqlEscape(id.toLowerCase())}'`).join(', ')
  return [
    'resources',
    `| where type =~ '${SCALE_SET}' or type =~ '${VIRTUAL_MACHINE}'`,
    `| extend imageId = tolower(iff(type =~ '${SCALE_SET}', tostring(properties.virtualMachineProfile.storageProfile.imageReference.id), tostring(properties.storageProfile.imageReference.id)))`,
    `| where imageId in~ (${list})`,
    '| project id, name, type, imageId',
    '| order by id asc',
  ].join('\n')
}

export class ResourceGraphUsage implements UsageLookup {
  constructor(
    private readonly client: Pick<ResourceGraphClient, 'resources'>,
    /** The run's deadline signal: every page request is aborted when it passes. */
    private readonly abortSignal?: AbortSignal,
  ) {}

  async usersOf(versionIds: string[]): Promise<Map<string, VmUser[]>> {
    const result = new Map<string, VmUser[]>(versionIds.map((id) => [id.toLowerCase(), []]))
    for (let i = 0; i < versionIds.length; i += IDS_PER_QUERY) {
      const query = usageQuery(versionIds.slice(i, i + IDS_PER_QUERY))
      await forEachPage(this.client, { query, step: STEP, abortSignal: this.abortSignal }, (data) => {
        for (const row of rows(data)) {
          const users = result.get(row.imageId)
          if (users && !users.some((u) => u.id.toLowerCase() === row.id.toLowerCase())) users.push(row)
        }
      })
    }
    return result
  }
}

function rows(data: unknown): VmUser[] {
  if (!Array.isArray(data)) return []
  return data.flatMap((row: unknown) => {
    if (!row || typeof row !== 'object') return []
    const r = row as Record<string, unknown>
    const id = String(r.id ?? '')
    const imageId = String(r.imageId ?? '').toLowerCase()
    if (!id || !imageId) return []
    const type = String(r.type ?? '').toLowerCase()
    return [
      {
        id,
        name: String(r.name ?? id.split('/').pop()),
        kind: type === SCALE_SET ? ('scale set' as const) : ('virtual machine' as const),
        imageId,
      },
    ]
  })
}
