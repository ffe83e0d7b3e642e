export { DeliveryTimeline, runKey } from './DeliveryTimeline';
export type { DeliveryTimelineProps } from './DeliveryTimeline';
