export { createRegistryTarget, isAcrHost, type RegistryTargetOptions } from './target.js'
export {
  parseReference,
  parseRepository,
  parseRegistry,
  isValidTag,
  isValidDigest,
  isValidRepository,
  isValidRegistry,
  type Reference,
} from './reference.js'
export { planRegistry, type RegistryState, type RegistryChange } from './plan.js'
export { RECORD_ARTIFACT_TYPE, type RingRecord } from './records.js'
