import { inputError } from '../core/errors.js'

export interface CloudEndpoints {
  name: string
  armEndpoint: string
  authorityHost: string
}

const CLOUDS: Record<string, CloudEndpoints> = {
  azurecloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
  },
  azureusgovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
  },
  azurechinacloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
  },
}

/** The inputs that choose the cloud, named in errors (action/names.ts takes its names from here). */
export const CLOUD_INPUTS = {
  environment: 'azure-environment',
  authorityHost: 'authority-host',
  armEndpoint: 'arm-endpoint',
} as const

export type CloudInputNames = { [K in keyof typeof CLOUD_INPUTS]: string }

/**
 * The cloud's endpoints, with the optional overrides for Azure Stack Hub or the local emulator applied.
 * `names` are the inputs errors name: the caller passes a deprecated alias when the user set that one.
 */
export function resolveCloud(
  environment: string,
  authorityHost: string,
  armEndpoint: string,
  names: CloudInputNames = CLOUD_INPUTS,
): CloudEndpoints & {
  customAuthority: boolean
} {
  const cloud = CLOUDS[(environment || 'AzureCloud').toLowerCase()]
  if (!cloud) {
    throw inputError(
      names.environment,
      environment,
      'expected AzureCloud, AzureUSGovernment or AzureChinaCloud',
    )
  }
  return {
    name: cloud.name,
    armEndpoint: armEndpoint ? httpsUrl(names.armEndpoint, armEndpoint) : cloud.armEndpoint,
    authorityHost: authorityHost ? httpsUrl(names.authorityHost, authorityHost) : cloud.authorityHost,
    customAuthority: Boolean(authorityHost),
  }
}

function httpsUrl(input: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw inputError(input, value, 'expected an https:// URL')
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) {
    throw inputError(input, value, 'expected an https:// URL without credentials, query or fragment')
  }
  return url.href.replace(/\/+$/, '')
}
