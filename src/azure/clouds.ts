import { inputError } from '../core/errors.js'
import { Input } from '../inputs/names.js'

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

/** The cloud's endpoints, with the optional overrides for Azure Stack Hub or the local emulator applied. */
export function resolveCloud(
  environment: string,
  authorityHost: string,
  armEndpoint: string,
): CloudEndpoints & {
  customAuthority: boolean
} {
  const cloud = CLOUDS[(environment || 'AzureCloud').toLowerCase()]
  if (!cloud) {
    throw inputError(
      Input.Environment,
      environment,
      'expected AzureCloud, AzureUSGovernment or AzureChinaCloud',
    )
  }
  return {
    name: cloud.name,
    armEndpoint: armEndpoint ? httpsUrl(Input.ArmEndpoint, armEndpoint) : cloud.armEndpoint,
    authorityHost: authorityHost ? httpsUrl(Input.AuthorityHost, authorityHost) : cloud.authorityHost,
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
