export { EmptyGuidance } from './EmptyGuidance';
export type { DeliverySection } from './EmptyGuidance';
