// Azure region names: ARM answers with display names ("East US 2"), callers send programmatic ones
// ("eastus2"). Both forms are accepted everywhere; lookups ignore case and whitespace.

const DISPLAY_NAMES: Record<string, string> = {
  eastus: 'East US',
  eastus2: 'East US 2',
  westus: 'West US',
  westus2: 'West US 2',
  westus3: 'West US 3',
  centralus: 'Central US',
  southcentralus: 'South Central US',
  northcentralus: 'North Central US',
  westcentralus: 'West Central US',
  northeurope: 'North Europe',
  westeurope: 'West Europe',
  uksouth: 'UK South',
  ukwest: 'UK West',
  francecentral: 'France Central',
  germanywestcentral: 'Germany West Central',
  swedencentral: 'Sweden Central',
  switzerlandnorth: 'Switzerland North',
  norwayeast: 'Norway East',
  polandcentral: 'Poland Central',
  italynorth: 'Italy North',
  spaincentral: 'Spain Central',
  japaneast: 'Japan East',
  japanwest: 'Japan West',
  australiaeast: 'Australia East',
  australiasoutheast: 'Australia Southeast',
  southeastasia: 'Southeast Asia',
  eastasia: 'East Asia',
  canadacentral: 'Canada Central',
  canadaeast: 'Canada East',
  brazilsouth: 'Brazil South',
  centralindia: 'Central India',
  southindia: 'South India',
  koreacentral: 'Korea Central',
  uaenorth: 'UAE North',
  southafricanorth: 'South Africa North',
  israelcentral: 'Israel Central',
  qatarcentral: 'Qatar Central',
  mexicocentral: 'Mexico Central',
}

/** `East US 2` / `eastus2` / ` EastUS2 ` → `eastus2`. */
export function regionKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '')
}

/** Display name for a known region in either form, else undefined. */
export function regionDisplayName(name: string): string | undefined {
  return DISPLAY_NAMES[regionKey(name)]
}

/** Programmatic name (`eastus2`) for a known region in either form, else undefined. */
export function regionProgrammaticName(name: string): string | undefined {
  const key = regionKey(name)
  return key in DISPLAY_NAMES ? key : undefined
}

export function isKnownRegion(name: string): boolean {
  return regionKey(name) in DISPLAY_NAMES
}

export const knownRegions: readonly string[] = Object.keys(DISPLAY_NAMES)
