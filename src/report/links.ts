// Deep links for a reviewer: the Azure portal (per cloud), the workflow run and the policy file at its commit.
// Pure: URL building only; `link`/`htmlLink` in markdown.ts refuse anything that is not http(s).
import type { Plan } from '../core/model.js'
import type { CloudName, RunFacts } from './types.js'

const PORTALS: Record<CloudName, string> = {
  AzureCloud: 'https://portal.azure.com',
  AzureUSGovernment: 'https://portal.azure.us',
  AzureChinaCloud: 'https://portal.azure.cn',
}

/** The portal host of a cloud (public, US Gov, China). */
export function portalBase(cloud: CloudName = 'AzureCloud'): string {
  return PORTALS[cloud]
}

/** The portal page of an ARM resource id; undefined for anything that is not one. */
export function portalResourceUrl(resourceId: string, cloud?: CloudName): string | undefined {
  if (!/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i.test(resourceId)) return undefined
  return `${portalBase(cloud)}/#resource${resourceId}`
}

/** `…/galleries/g/images/i/versions/1.4.0` → the gallery's id. */
export function galleryIdOf(versionId: string): string | undefined {
  const m =
    /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/galleries\/[^/]+)/i.exec(
      versionId,
    )
  return m?.[1]
}

/** The id of another version of the same image definition. */
export function siblingVersionId(versionId: string, version: string): string | undefined {
  const m = /^(.*\/images\/[^/]+\/versions\/)[^/]+$/i.exec(versionId)
  return m?.[1] ? `${m[1]}${version}` : undefined
}

/** The policy file at the commit the run used: `<server>/<owner>/<repo>/blob/<sha>/<path>`. */
export function policyFileUrl(
  serverUrl: string,
  repository: string,
  commitSha: string,
  path: string,
): string {
  const clean = path
    .replace(/^\.?\//, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/')
  return `${serverUrl.replace(/\/$/, '')}/${repository}/blob/${commitSha}/${clean}`
}

export interface ReportLink {
  label: string
  url: string
}

/** The links of the key-facts table, in reading order; only those the run can build (the policy row links its file). */
export function reportLinks(plan: Plan | undefined, facts: RunFacts): ReportLink[] {
  const links: ReportLink[] = []
  const add = (label: string, url: string | undefined): void => {
    if (url) links.push({ label, url })
  }
  if (plan?.target.kind === 'gallery') {
    add(
      plan.operation === 'retire' ? 'Image definition' : 'Version',
      portalResourceUrl(plan.imageId, facts.cloud),
    )
    if (plan.previousVersion) {
      const previous = siblingVersionId(plan.imageId, plan.previousVersion)
      add('Previous', previous ? portalResourceUrl(previous, facts.cloud) : undefined)
    }
    const gallery = galleryIdOf(plan.imageId)
    add('Gallery', gallery ? portalResourceUrl(gallery, facts.cloud) : undefined)
  }
  if (plan?.target.kind === 'registry' && facts.registryResourceId) {
    add('Registry', portalResourceUrl(facts.registryResourceId, facts.cloud))
  }
  add('Workflow run', facts.runUrl)
  return links
}
