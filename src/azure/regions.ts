// ARM returns display names ("West Europe"); inputs and policy files say `westeurope`.
// Every comparison goes through normaliseRegion so both spellings meet.

export function normaliseRegion(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '')
}

export const REGION_PATTERN = /^[a-z][a-z0-9]{2,39}$/
