// What names one gallery image definition, as the action inputs give it (read and checked by the action layer).
export interface GallerySettings {
  kind: 'gallery'
  subscriptionId: string
  resourceGroup: string
  gallery: string
  imageDefinition: string
}
