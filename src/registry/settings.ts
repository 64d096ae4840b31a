// What names one registry repository, as the action inputs give it (read and checked by the action layer).
export interface RegistrySettings {
  kind: 'registry'
  registry: string
  repository: string
  targetRegistry: string
}
